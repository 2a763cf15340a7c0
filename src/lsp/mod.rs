//! `mutua lsp`: a language server (the Language Server Protocol, over standard input and
//! output) for rule files and scheme files.
//!
//! - diagnostics as one types: for a rule file, everything `mutua check` reports over the
//!   rule set the file belongs to (see [`workspace::Workspace::rule_files`]); for a scheme
//!   file, the checks of `mutua classify` against the fact vocabulary;
//! - hover: over an address in `cites`, the provision's caption, text, text status and
//!   dates in force; over a fact, its type, values and question; over a definition,
//!   outcome, rule or warning, its declaration and citations;
//! - go to definition and find references for facts, definitions, outcomes, rules and
//!   warnings; go to definition on an address opens the instrument's file at the provision;
//! - completion of facts, enum values, outcomes, definitions, rules and addresses;
//! - quick fixes for the checker's "did you mean" suggestions; formatting (`mutua fmt`).
//!
//! Built on `lsp-server` and `lsp-types`: a synchronous loop over a channel of messages,
//! as rust-analyzer runs. A re-check of the shipped rules takes about a tenth of a second
//! in an optimised build (README, Performance) and the other answers less, so every message
//! is handled in turn, with no task runtime; changes that arrive together are checked once.

pub mod complete;
pub mod hover;
pub mod symbols;
pub mod workspace;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionItem,
    CompletionItemKind, CompletionList, CompletionParams, CompletionResponse, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentFormattingParams, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, InitializeParams, Location,
    MarkupContent, MarkupKind, Position, PublishDiagnosticsParams, Range, ReferenceParams,
    TextEdit, Url, WorkspaceEdit,
};

use crate::corpus::{self, CorpusFiles};
use crate::diagnostic::{Error, Result, Severity, SourceFile};

use symbols::{Occurrence, Role};
use workspace::{SetFile, Workspace};

/// Serves the protocol over standard input and output until the client says `exit`.
pub fn serve(files: CorpusFiles) -> Result<()> {
    let corpus = corpus::load::load(&files)?;
    let shipped = crate::rules::shipped_rule_files(&files);
    let mut ws = Workspace::new(corpus, shipped);
    ws.corpus_dir = Some(PathBuf::from(&files.origin));
    let (connection, io_threads) = Connection::stdio();
    let protocol = |e: &dyn std::fmt::Display| Error::msg(format!("language server: {e}"));
    let (id, params) = connection.initialize_start().map_err(|e| protocol(&e))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    configure(&mut ws, &params);
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "mutua", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| protocol(&e))?;
    run(&connection, &mut ws).map_err(|e| protocol(&e))?;
    drop(connection);
    io_threads.join().map_err(|e| protocol(&e))?;
    Ok(())
}

/// What the server offers.
fn capabilities() -> serde_json::Value {
    use lsp_types::*;
    let caps = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(
                [".", "/", ",", " ", "{", ">"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            ),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..Default::default()
    };
    serde_json::to_value(caps).unwrap_or_default()
}

/// The client's language (`initializationOptions.language`, else its locale when it is one
/// of mutua's) and the folder it opened.
fn configure(ws: &mut Workspace, params: &InitializeParams) {
    let asked = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("language"))
        .and_then(|l| l.as_str())
        .map(str::to_string)
        .or_else(|| {
            params
                .locale
                .as_deref()
                .map(|l| l.split(['-', '_']).next().unwrap_or(l).to_lowercase())
        });
    ws.language = asked.filter(|l| crate::lang::is_language(l));
    #[allow(deprecated)]
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or_else(|| params.root_uri.clone());
    ws.root = root.and_then(|u| u.to_file_path().ok());
}

/// The message loop. Notifications that arrive together (the changes of fast typing) are
/// applied together, and each document they change is checked once, after the last.
fn run(connection: &Connection, ws: &mut Workspace) -> std::result::Result<(), String> {
    let mut held: Option<Message> = None;
    loop {
        let message = match held.take() {
            Some(m) => m,
            None => match connection.receiver.recv() {
                Ok(m) => m,
                Err(_) => return Ok(()),
            },
        };
        match message {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                let response = answer(ws, req);
                send(connection, Message::Response(response))?;
            }
            Message::Notification(n) => {
                let mut changed = Vec::new();
                let mut out = notified(ws, n, &mut changed);
                loop {
                    match connection.receiver.try_recv() {
                        Ok(Message::Notification(n)) => out.extend(notified(ws, n, &mut changed)),
                        Ok(other) => {
                            held = Some(other);
                            break;
                        }
                        Err(_) => break,
                    }
                }
                for path in changed {
                    out.extend(diagnostics_after_change(ws, &path));
                }
                for n in out {
                    send(connection, Message::Notification(n))?;
                }
            }
            Message::Response(_) => {}
        }
    }
}

fn send(connection: &Connection, message: Message) -> std::result::Result<(), String> {
    connection.sender.send(message).map_err(|e| e.to_string())
}

/// The answer to a request.
fn answer(ws: &Workspace, req: Request) -> Response {
    fn reply<P: serde::de::DeserializeOwned, R: serde::Serialize>(
        req: Request,
        f: impl FnOnce(P) -> R,
    ) -> Response {
        match serde_json::from_value::<P>(req.params) {
            Ok(params) => Response::new_ok(req.id, f(params)),
            Err(e) => invalid(req.id, &e.to_string()),
        }
    }
    match req.method.as_str() {
        lsp_types::request::HoverRequest::METHOD => reply(req, |p: HoverParams| hover(ws, &p)),
        lsp_types::request::GotoDefinition::METHOD => {
            reply(req, |p: GotoDefinitionParams| definition(ws, &p))
        }
        lsp_types::request::References::METHOD => {
            reply(req, |p: ReferenceParams| references(ws, &p))
        }
        lsp_types::request::Completion::METHOD => {
            reply(req, |p: CompletionParams| completion(ws, &p))
        }
        lsp_types::request::CodeActionRequest::METHOD => {
            reply(req, |p: CodeActionParams| code_actions(ws, &p))
        }
        lsp_types::request::Formatting::METHOD => {
            reply(req, |p: DocumentFormattingParams| formatting(ws, &p))
        }
        _ => Response::new_err(
            req.id,
            lsp_server::ErrorCode::MethodNotFound as i32,
            format!("mutua's language server does not answer `{}`", req.method),
        ),
    }
}

fn invalid(id: RequestId, message: &str) -> Response {
    Response::new_err(
        id,
        lsp_server::ErrorCode::InvalidParams as i32,
        message.to_string(),
    )
}

/// Applies a notification: the documents it changes are added to `changed` (to be checked
/// once the notifications at hand are applied); what it publishes at once is returned.
fn notified(ws: &mut Workspace, n: Notification, changed: &mut Vec<PathBuf>) -> Vec<Notification> {
    let path_of = |uri: &Url| uri.to_file_path().ok();
    let path = match n.method.as_str() {
        lsp_types::notification::DidOpenTextDocument::METHOD => {
            serde_json::from_value::<DidOpenTextDocumentParams>(n.params)
                .ok()
                .and_then(|p| {
                    let path = path_of(&p.text_document.uri)?;
                    ws.documents.insert(
                        path.clone(),
                        workspace::Document {
                            text: p.text_document.text,
                            version: p.text_document.version,
                        },
                    );
                    Some(path)
                })
        }
        lsp_types::notification::DidChangeTextDocument::METHOD => {
            serde_json::from_value::<DidChangeTextDocumentParams>(n.params)
                .ok()
                .and_then(|p| {
                    let path = path_of(&p.text_document.uri)?;
                    let text = p.content_changes.into_iter().last()?.text;
                    ws.documents.insert(
                        path.clone(),
                        workspace::Document {
                            text,
                            version: p.text_document.version,
                        },
                    );
                    Some(path)
                })
        }
        lsp_types::notification::DidSaveTextDocument::METHOD => {
            serde_json::from_value::<DidSaveTextDocumentParams>(n.params)
                .ok()
                .and_then(|p| path_of(&p.text_document.uri))
        }
        lsp_types::notification::DidCloseTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                if let Some(path) = path_of(&p.text_document.uri) {
                    ws.documents.remove(&path);
                    return vec![publish(&p.text_document.uri, Vec::new(), None)];
                }
            }
            None
        }
        _ => None,
    };
    if let Some(path) = path {
        if !changed.contains(&path) {
            changed.push(path);
        }
    }
    Vec::new()
}

/// The diagnostics of every open document a change of `path` may change.
fn diagnostics_after_change(ws: &Workspace, path: &Path) -> Vec<Notification> {
    let Some(doc) = ws.documents.get(path) else {
        return Vec::new();
    };
    let is_rules = path.extension().is_some_and(|e| e == "rules");
    let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let mut out = Vec::new();
    if is_yaml {
        let diags = ws.check_scheme(path, &doc.text);
        if let Ok(uri) = Url::from_file_path(path) {
            out.push(publish(
                &uri,
                to_lsp(&diags, &path.display().to_string(), &doc.text),
                Some(doc.version),
            ));
        }
        return out;
    }
    if !is_rules {
        return out;
    }
    let files = ws.rule_files(path);
    let diags = ws.check(&files);
    // the open documents of the set: this one, and any other that the change may touch
    let mut open: Vec<(PathBuf, &workspace::Document)> = files
        .all()
        .iter()
        .filter_map(|f| {
            let p = PathBuf::from(&f.name);
            ws.documents.get(&p).map(|d| (p, d))
        })
        .collect();
    if !open.iter().any(|(p, _)| p == path) {
        open.push((path.to_path_buf(), doc));
    }
    for (p, d) in open {
        let name = p.display().to_string();
        let mut mine: Vec<_> = diags
            .iter()
            .filter(|x| x.location.as_ref().is_some_and(|l| l.file == name))
            .cloned()
            .collect();
        if p == path {
            // a diagnostic with no place (a set with no jurisdiction) shows on the file edited
            mine.extend(diags.iter().filter(|x| x.location.is_none()).cloned());
        }
        if let Ok(uri) = Url::from_file_path(&p) {
            out.push(publish(
                &uri,
                to_lsp(&mine, &name, &d.text),
                Some(d.version),
            ));
        }
    }
    out
}

fn publish(
    uri: &Url,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Notification {
    Notification::new(
        lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams::new(uri.clone(), diagnostics, version),
    )
}

/// The names a "did you mean `a` or `b`?" hint offers.
pub fn suggestions(help: &str) -> Vec<String> {
    let Some(rest) = help.split("did you mean ").nth(1) else {
        return Vec::new();
    };
    let rest = rest.split('?').next().unwrap_or("");
    rest.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// mutua's diagnostics of one file as the protocol's, with the names a hint suggests in
/// `data.replacements` (for the quick fixes).
fn to_lsp(
    diags: &[crate::diagnostic::Diagnostic],
    name: &str,
    text: &str,
) -> Vec<lsp_types::Diagnostic> {
    diags
        .iter()
        .map(|d| {
            let range = d
                .location
                .as_ref()
                .filter(|l| l.file == name)
                .map_or(Range::default(), |l| range(text, l.span.clone()));
            let mut message = d.message.clone();
            if let Some(label) = &d.label {
                message.push_str(&format!(" ({label})"));
            }
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            let replacements = d.help.as_deref().map(suggestions).unwrap_or_default();
            lsp_types::Diagnostic {
                range,
                severity: Some(match d.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Note => DiagnosticSeverity::INFORMATION,
                }),
                source: Some("mutua".into()),
                message,
                data: (!replacements.is_empty())
                    .then(|| serde_json::json!({ "replacements": replacements })),
                ..Default::default()
            }
        })
        .collect()
}

/// The protocol's position (line, UTF-16 column) of a byte offset.
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = before[line_start..].encode_utf16().count();
    Position::new(line as u32, character as u32)
}

/// The byte offset of a protocol position (clamped to its line).
pub fn offset(text: &str, at: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..at.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut units = 0u32;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= at.character {
            return line_start + i;
        }
        units += c.len_utf16() as u32;
    }
    line_end
}

/// The protocol's range of a byte span.
pub fn range(text: &str, span: std::ops::Range<usize>) -> Range {
    Range::new(position(text, span.start), position(text, span.end))
}

/// The document at a URI, with its path and the rule set it belongs to.
struct AtCursor {
    text: String,
    offset: usize,
    set: Vec<SetFile>,
    /// Index in `set` of the document itself.
    this: usize,
}

fn at_cursor(ws: &Workspace, uri: &Url, at: Position) -> Option<AtCursor> {
    let path = uri.to_file_path().ok()?;
    let text = ws.text_of(&path)?;
    let offset = offset(&text, at);
    let files = ws.rule_files(&path);
    let set = ws.parsed(&files);
    let name = path.display().to_string();
    let this = set.iter().position(|f| f.source.name == name)?;
    Some(AtCursor {
        text,
        offset,
        set,
        this,
    })
}

/// The occurrence under the cursor, with its role resolved.
fn occurrence_at(c: &AtCursor) -> Option<(Occurrence, Role)> {
    let o = symbols::at(&c.set[c.this].occurrences, c.offset)?.clone();
    let role = workspace::resolved(&o, &workspace::definitions(&c.set));
    Some((o, role))
}

/// The files of the set a name of `role` may be declared or used in: for a fact or a
/// value, every file; else the files of the document's jurisdiction and the shared ones.
fn files_for(c: &AtCursor, role: Role) -> impl Iterator<Item = &SetFile> {
    let own = complete::jurisdiction_of(&c.set[c.this]);
    c.set.iter().filter(move |f| {
        matches!(role, Role::Fact | Role::Value) || {
            let theirs = complete::jurisdiction_of(f);
            theirs.is_none() || own.is_none() || theirs == own
        }
    })
}

/// Where each name with `role` is declared.
fn declarations<'a>(c: &'a AtCursor, name: &str, role: Role) -> Vec<(&'a SetFile, &'a Occurrence)> {
    files_for(c, role)
        .flat_map(|f| f.occurrences.iter().map(move |o| (f, o)))
        .filter(|(_, o)| o.declares && o.name == name && o.role == role)
        .collect()
}

fn hover(ws: &Workspace, p: &HoverParams) -> Option<Hover> {
    let c = at_cursor(
        ws,
        &p.text_document_position_params.text_document.uri,
        p.text_document_position_params.position,
    )?;
    let (o, role) = occurrence_at(&c)?;
    let language = ws.language.as_deref();
    let text_language = language.unwrap_or(crate::lang::BASE);
    let value = match role {
        Role::Address => hover::address(&ws.corpus, &o.name, language).unwrap_or_else(|| {
            format!("`{}`: no provision of the corpus has this address", o.name)
        }),
        Role::Fact => match ws.vocabulary.get(&o.name) {
            Some(def) => hover::fact(def, text_language),
            None => {
                let (f, d) = declarations(&c, &o.name, Role::Fact).into_iter().next()?;
                hover::declaration(&ws.corpus, f, d, &c.set, language)
            }
        },
        Role::Value => {
            let fact = o.fact.as_deref()?;
            let def = ws.vocabulary.get(fact)?;
            let (label, _) = def.label(&o.name, text_language);
            format!("`{}` of fact `{fact}`: {label}", o.name)
        }
        _ => {
            let (f, d) = declarations(&c, &o.name, role).into_iter().next()?;
            hover::declaration(&ws.corpus, f, d, &c.set, language)
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(range(&c.text, o.span)),
    })
}

/// The location of a span of a set's file.
fn location(f: &SetFile, span: std::ops::Range<usize>, ws: &Workspace) -> Option<Location> {
    let mut path = PathBuf::from(&f.source.name);
    if path.is_relative() {
        path = ws.root.as_ref().map_or(path.clone(), |r| r.join(&path));
    }
    let uri = Url::from_file_path(&path).ok()?;
    Some(Location::new(uri, range(&f.source.text, span)))
}

fn definition(ws: &Workspace, p: &GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let c = at_cursor(
        ws,
        &p.text_document_position_params.text_document.uri,
        p.text_document_position_params.position,
    )?;
    let (o, role) = occurrence_at(&c)?;
    if role == Role::Address {
        return address_location(ws, &o.name).map(GotoDefinitionResponse::Scalar);
    }
    let role = if role == Role::Value {
        Role::Value
    } else {
        role
    };
    let found: Vec<Location> = declarations(&c, &o.name, role)
        .into_iter()
        .filter(|(_, d)| role != Role::Value || d.fact == o.fact)
        .filter_map(|(f, d)| location(f, d.span.clone(), ws))
        .collect();
    match found.len() {
        0 => None,
        1 => found.into_iter().next().map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(found)),
    }
}

/// The instrument file of an address, at the provision: `corpus/<instrument>.yaml` in the
/// folder the editor opened, else in the corpus folder in use.
fn address_location(ws: &Workspace, address: &str) -> Option<Location> {
    let entry = ws.corpus.entry(address)?;
    let inst = ws.corpus.instrument_of(entry);
    let relative = format!("{}.yaml", inst.id);
    let candidates = [
        ws.root.as_ref().map(|r| r.join("corpus").join(&relative)),
        ws.root.as_ref().map(|r| r.join(&relative)),
        ws.corpus_dir.as_ref().map(|d| d.join(&relative)),
    ];
    let file = candidates.into_iter().flatten().find(|p| p.is_file())?;
    let text = std::fs::read_to_string(&file).ok()?;
    let mut path = String::new();
    for (depth, i) in entry.indices.iter().enumerate() {
        path.push_str(if depth == 0 {
            "provisions"
        } else {
            ".children"
        });
        path.push_str(&format!("[{i}]"));
    }
    path.push_str(".path");
    let at = corpus::locate::YamlPositions::of(&text).get(&path);
    let line = at.map_or(0, |p| p.line.saturating_sub(1)) as u32;
    let column = at.map_or(0, |p| p.column.saturating_sub(1)) as u32;
    let uri = Url::from_file_path(file.canonicalize().unwrap_or(file)).ok()?;
    Some(Location::new(
        uri,
        Range::new(Position::new(line, column), Position::new(line, column)),
    ))
}

fn references(ws: &Workspace, p: &ReferenceParams) -> Option<Vec<Location>> {
    let c = at_cursor(
        ws,
        &p.text_document_position.text_document.uri,
        p.text_document_position.position,
    )?;
    let (o, role) = occurrence_at(&c)?;
    let defs = workspace::definitions(&c.set);
    let include_declaration = p.context.include_declaration;
    let found = files_for(&c, role)
        .flat_map(|f| f.occurrences.iter().map(move |x| (f, x)))
        .filter(|(_, x)| x.name == o.name && workspace::resolved(x, &defs) == role)
        .filter(|(_, x)| role != Role::Value || x.fact == o.fact)
        .filter(|(_, x)| include_declaration || !x.declares)
        .filter_map(|(f, x)| location(f, x.span.clone(), ws))
        .collect();
    Some(found)
}

fn completion(ws: &Workspace, p: &CompletionParams) -> Option<CompletionResponse> {
    let uri = &p.text_document_position.text_document.uri;
    let path = uri.to_file_path().ok()?;
    let text = ws.text_of(&path)?;
    let at = offset(&text, p.text_document_position.position);
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let word = complete::typed(before);
    let wanted = complete::wanted(&before[..before.len() - word.len()], word);
    let set = ws.parsed(&ws.rule_files(&path));
    let jurisdiction = complete::jurisdiction_in_text(&text);
    let language = ws.language.as_deref().unwrap_or(crate::lang::BASE);
    let (found, more) = complete::candidates(
        &wanted,
        word,
        jurisdiction.as_deref(),
        &set,
        &ws.vocabulary,
        &ws.corpus,
        language,
    );
    let replace = range(&text, at - word.len()..at);
    let items = found
        .into_iter()
        .map(|c| CompletionItem {
            label: c.text.clone(),
            kind: Some(match c.role {
                Role::Fact => CompletionItemKind::FIELD,
                Role::Value => CompletionItemKind::ENUM_MEMBER,
                Role::Definition | Role::FactOrDefinition => CompletionItemKind::FUNCTION,
                Role::Outcome => CompletionItemKind::CONSTANT,
                Role::Rule | Role::Warning => CompletionItemKind::METHOD,
                Role::Address => CompletionItemKind::REFERENCE,
            }),
            detail: c.detail,
            documentation: c.documentation.map(lsp_types::Documentation::String),
            filter_text: Some(c.text.clone()),
            text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit::new(
                replace, c.text,
            ))),
            ..Default::default()
        })
        .collect();
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: more,
        items,
    }))
}

/// A quick fix: edits of the document.
fn quick_fix(
    uri: &Url,
    title: String,
    d: &lsp_types::Diagnostic,
    edits: Vec<TextEdit>,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        }),
        is_preferred: Some(preferred),
        ..Default::default()
    })
}

/// The fix of a citation in force on no day of its rule's period: the period laid over
/// the provision's, its `from` moved to the day the provision comes into force and its
/// `until` to the day it leaves force (or dropped, for a provision still in force).
fn period_fix(ws: &Workspace, uri: &Url, d: &lsp_types::Diagnostic) -> Option<CodeActionOrCommand> {
    use crate::rules::ast::{Clause, Declaration};
    let address = d
        .message
        .strip_prefix('`')?
        .split_once("` is not in force during the rule's period")?
        .0;
    let path = uri.to_file_path().ok()?;
    let text = ws.text_of(&path)?;
    let entry = ws.corpus.entry(address)?;
    let inst = ws.corpus.instrument_of(entry);
    let versions = &ws.corpus.provision(entry).versions;
    let first = versions
        .iter()
        .filter_map(|v| v.from.or(inst.effective))
        .min()?;
    let last = if versions.iter().any(|v| v.to.is_none()) {
        None
    } else {
        versions.iter().filter_map(|v| v.to).max()
    };
    let file = SourceFile::new(path.display().to_string(), text.as_str());
    let tree = crate::rules::syntax::parse_file(&file).ok()?;
    let at = offset(&text, d.range.start);
    let decl = tree.declarations.iter().find(|x| x.span().contains(&at))?;
    let decl = match decl {
        Declaration::Replace(r) => &*r.declaration,
        other => other,
    };
    let (head, clauses) = match decl {
        Declaration::Rule(r) => (r.outcome.span.end, &r.clauses),
        Declaration::Warning(w) => (w.name.span.end, &w.clauses),
        _ => return None,
    };
    let from = clauses.iter().find_map(|c| match &c.clause {
        Clause::From(s) => Some(s.clone()),
        _ => None,
    });
    let until = clauses.iter().find_map(|c| match &c.clause {
        Clause::Until(s) => Some((s.clone(), c.span.clone())),
        _ => None,
    });
    let mut edits = Vec::new();
    let mut added = String::new();
    let new_from = match &from {
        Some(f) if f.node >= first => f.node,
        Some(f) => {
            edits.push(TextEdit::new(
                range(&text, f.span.clone()),
                first.to_string(),
            ));
            first
        }
        None => {
            added.push_str(&format!("\n  from {first}"));
            first
        }
    };
    match (&until, last) {
        (Some((u, _)), Some(last)) if u.node > last || u.node < new_from => {
            edits.push(TextEdit::new(
                range(&text, u.span.clone()),
                last.to_string(),
            ));
        }
        (Some((u, clause)), None) if u.node < new_from => {
            // the clause and the line break before it, when it stands on a line of its own
            let line_start = text[..clause.start].rfind('\n').unwrap_or(0);
            let alone = text[line_start..clause.start].trim().is_empty();
            let start = if alone { line_start } else { clause.start };
            edits.push(TextEdit::new(
                range(&text, start..clause.end),
                String::new(),
            ));
        }
        (None, Some(last)) => added.push_str(&format!("\n  until {last}")),
        _ => {}
    }
    if !added.is_empty() {
        edits.push(TextEdit::new(range(&text, head..head), added));
    }
    if edits.is_empty() {
        return None;
    }
    let period = match last {
        Some(last) => format!("from {first} until {last}"),
        None => format!("from {first}"),
    };
    let title = format!("Apply the rule while `{address}` is in force ({period})");
    Some(quick_fix(uri, title, d, edits, true))
}

/// Quick fixes: each name a diagnostic's "did you mean" offers, in place of the name; the
/// period of a rule whose citation is not in force during it.
fn code_actions(ws: &Workspace, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    for d in &p.context.diagnostics {
        out.extend(period_fix(ws, &p.text_document.uri, d));
        let names: Vec<String> = d
            .data
            .as_ref()
            .and_then(|x| x.get("replacements"))
            .and_then(|r| serde_json::from_value(r.clone()).ok())
            .unwrap_or_default();
        for (k, name) in names.into_iter().enumerate() {
            let edit = TextEdit::new(d.range, name.clone());
            let title = format!("Replace with `{name}`");
            out.push(quick_fix(
                &p.text_document.uri,
                title,
                d,
                vec![edit],
                k == 0,
            ));
        }
    }
    out
}

/// The document in `mutua fmt`'s layout, as one edit (none when it is laid out already or
/// does not parse).
fn formatting(ws: &Workspace, p: &DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let path = p.text_document.uri.to_file_path().ok()?;
    if path.extension().is_none_or(|e| e != "rules") {
        return None;
    }
    let text = ws.text_of(&path)?;
    let laid_out =
        crate::rules::fmt::format(&SourceFile::new(path.display().to_string(), text.as_str()))
            .ok()?;
    if laid_out == text {
        return Some(Vec::new());
    }
    Some(vec![TextEdit::new(range(&text, 0..text.len()), laid_out)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units() {
        let text = "ab\n保险x\n";
        assert_eq!(position(text, 0), Position::new(0, 0));
        let x = text.find('x').unwrap();
        assert_eq!(position(text, x), Position::new(1, 2));
        assert_eq!(offset(text, Position::new(1, 2)), x);
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
    }

    #[test]
    fn hints_give_their_names() {
        assert_eq!(
            suggestions("did you mean `benefits.enforceable` or `benefits.form`?"),
            vec!["benefits.enforceable", "benefits.form"]
        );
        assert!(suggestions("declare it").is_empty());
    }
}
