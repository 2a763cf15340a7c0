//! New York laws as the NY Senate Open Legislation API v3 serves them
//! (`GET /api/3/laws/ISC?full=true`, documented in the API's `docs/api/laws.rst` and built
//! by its `LawTreeView`/`LawNodeView`): `result.documents` is the chapter node, and nested
//! `documents.items` hold `lawId`, `lawName`, `locationId`, `docType` (CHAPTER, ARTICLE,
//! SECTION …), `docLevelId`, `title`, `activeDate`, `repealed`, `repealedDate` and `text`.
//! A single document (`GET /api/3/laws/ISC/1101/`) is read too. A section's `title` is its
//! caption without the period that ends it in the text (`§ 1101. Caption. (a) …`), and the
//! text's lines are joined by a literal `\n`, each subdivision starting on a line of its
//! own indented by two spaces. Sections become provisions at `ny/ins/s-1101`; their
//! subdivisions, read from the text ((a), (1), (A), (i), (24-a)), become
//! `ny/ins/s-1101/b/1/A`; articles become divisions; a repealed section's text ends the day
//! before its `repealedDate`.

use chrono::{Days, NaiveDate};
use indexmap::IndexMap;
use serde::Deserialize;

use super::lawrefbook::sha256_hex;
use super::{KnownLaws, Official};
use crate::corpus::model::{
    Instrument, InstrumentStatus, Jurisdiction, Provision, Source, Text, TextStatus, Version,
};
use crate::diagnostic::{Diagnostic, SourceFile};

/// The page of a law on the NY Senate site, where its official text can be read.
pub fn official_page(law_id: &str) -> String {
    format!("https://www.nysenate.gov/legislation/laws/{law_id}")
}

/// An Open Legislation answer: `{success, message, responseType, result}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    result: Option<ResultBody>,
}

/// The `result` of a law tree (`law-tree`: `lawVersion`, `info`, `publishedDates`,
/// `documents`) or of one law document (`law-doc-info-detail`: the document's own fields
/// with `parents`, `prevSibling`, `nextSibling`); the fields of both are optional here and
/// the presence of `documents` tells which it is.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResultBody {
    #[serde(default)]
    law_version: Option<LawVersion>,
    #[serde(default)]
    info: Option<LawInfo>,
    #[serde(default)]
    documents: Option<Node>,
    /// A single document (`GET /api/3/laws/LAW/LOCATION/`) is its own node.
    #[serde(flatten)]
    doc: Node,
    #[serde(default)]
    parents: Vec<Node>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LawVersion {
    #[serde(default)]
    active_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LawInfo {
    #[serde(default)]
    law_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    chapter: Option<String>,
}

/// A node of the tree (`LawNodeView`): `lawId`, `lawName`, `locationId`, `title`,
/// `docType`, `docLevelId`, `activeDate`, `sequenceNo`, `repealed`, `repealedDate`,
/// `fromSection`, `toSection`, `text` and `documents: {items, size}`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Node {
    #[serde(default)]
    law_id: Option<String>,
    #[serde(default)]
    law_name: Option<String>,
    #[serde(default)]
    location_id: Option<String>,
    #[serde(default)]
    doc_type: Option<String>,
    #[serde(default)]
    doc_level_id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    active_date: Option<String>,
    #[serde(default)]
    repealed: Option<bool>,
    #[serde(default)]
    repealed_date: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    documents: Option<Items>,
}

#[derive(Debug, Deserialize)]
struct Items {
    #[serde(default)]
    items: Vec<Node>,
}

/// One Open Legislation law tree, read.
#[derive(Debug, Clone)]
pub struct OpenLegLaw {
    /// The Open Legislation law id (`ISC`).
    pub law_id: String,
    /// The law's name (`Insurance`).
    pub name: String,
    /// The chapter of the Consolidated Laws (`28`), when the tree gives it.
    pub chapter: Option<String>,
    /// The date the tree is the law as of.
    pub active_date: Option<NaiveDate>,
    /// The sections, in order, with their subdivisions.
    pub provisions: Vec<Provision>,
    /// What was read but could not be placed as given, each located in the file.
    pub warnings: Vec<Diagnostic>,
}

/// The document types that only group sections: their `text` is their heading and table
/// of contents, not law text.
const GROUPS: [&str; 9] = [
    "CHAPTER",
    "ARTICLE",
    "SUBARTICLE",
    "TITLE",
    "SUBTITLE",
    "PART",
    "SUBPART",
    "INDEX",
    "CONTENTS",
];

/// A problem met while reading, located later by JSON path (finding positions costs a
/// second parse, done only when there is something to report).
struct Note {
    error: bool,
    /// The message; `{earlier}` in it stands for the place of `earlier`.
    message: String,
    json_path: String,
    help: &'static str,
    /// Another place the message names (the first of two sections with one number): its
    /// JSON path as shown, and the path of the value it is located at.
    earlier: Option<(String, String)>,
    label: Option<&'static str>,
}

/// Reads an Open Legislation law tree (JSON), or one document of it. Errors and warnings
/// are located at file:line:col.
pub fn parse_openleg(source: &SourceFile) -> crate::Result<OpenLegLaw> {
    let help = "give the JSON of GET /api/3/laws/LAW?full=true, unchanged";
    let resp: Response = serde_json::from_str(&source.text).map_err(|e| {
        crate::Error::input(
            Diagnostic::error(format!("this is not an Open Legislation law tree: {e}"))
                .at(source.line_col(e.line().max(1), e.column().max(1), 1))
                .help(help),
        )
    })?;
    let not_a_tree = |why: String| {
        crate::Error::input(
            Diagnostic::error(format!("this is not an Open Legislation law tree: {why}"))
                .at(source.span(0..0))
                .help(help),
        )
    };
    let Some(body) = resp.result else {
        let why = match (resp.success, resp.message) {
            (Some(false), Some(m)) => format!("the server answered that the request failed: {m}"),
            _ => "it has no `result` with the law's documents".to_string(),
        };
        return Err(not_a_tree(why));
    };
    // a law tree, or a single law document with its parents
    let (root, root_path, parents) = match &body.documents {
        Some(root) => (root, "result.documents", &[][..]),
        None if body.doc.doc_type.is_some() => (&body.doc, "result", &body.parents[..]),
        None => return Err(not_a_tree(
            "its `result` has neither `documents` (a law tree) nor a `docType` (a law document)"
                .to_string(),
        )),
    };
    let chapter_node = parents
        .iter()
        .find(|p| p.doc_type.as_deref() == Some("CHAPTER"));
    let law_id = body
        .info
        .as_ref()
        .and_then(|i| i.law_id.clone())
        .or_else(|| root.law_id.clone())
        .unwrap_or_default();
    let name = body
        .info
        .as_ref()
        .and_then(|i| i.name.clone())
        .or_else(|| root.law_name.clone())
        .or_else(|| chapter_node.and_then(|c| c.title.clone()))
        .or_else(|| {
            (root.doc_type.as_deref() == Some("CHAPTER"))
                .then(|| root.title.clone())
                .flatten()
        })
        .unwrap_or_default();
    let chapter = body
        .info
        .as_ref()
        .and_then(|i| i.chapter.clone())
        .or_else(|| chapter_node.and_then(|c| c.doc_level_id.clone()));
    let active_date = body
        .law_version
        .as_ref()
        .and_then(|v| v.active_date.as_deref())
        .and_then(parse_date)
        .or_else(|| root.active_date.as_deref().and_then(parse_date));
    let mut reader = Reader::default();
    let mut division: Vec<String> = parents
        .iter()
        .filter(|p| p.doc_type.as_deref() != Some("CHAPTER"))
        .map(division_name)
        .collect();
    reader.walk(root, root_path, &mut division);
    if reader.sections.is_empty() {
        let what = root.doc_type.as_deref().unwrap_or("document");
        return Err(crate::Error::input(
            Diagnostic::error(format!(
                "this Open Legislation {} holds no SECTION, so no provision could be imported",
                what.to_ascii_lowercase()
            ))
            .at(source.span(0..0))
            .help(help),
        ));
    }
    let texts = reader
        .sections
        .iter()
        .filter(|(p, _)| !p.versions.is_empty() || !p.children.is_empty())
        .count();
    if texts == 0 {
        reader.notes.push(Note {
            error: false,
            message: "no section has text: the tree was fetched without `full=true`, so only headings are imported".to_string(),
            json_path: root_path.to_string(),
            help: "fetch GET /api/3/laws/LAW?full=true to have the text",
            earlier: None,
            label: None,
        });
    }
    let sections = std::mem::take(&mut reader.sections);
    let (provisions, twice) = unique_sections(sections);
    reader.notes.extend(twice);
    let (errors, warnings) = locate(source, reader.notes);
    if !errors.is_empty() {
        return Err(crate::Error::Input(errors));
    }
    Ok(OpenLegLaw {
        law_id,
        name,
        chapter,
        active_date,
        provisions,
        warnings,
    })
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// `Article 11. Definitions; Doing an Insurance Business`: a division heading from a node.
fn division_name(node: &Node) -> String {
    let kind = node.doc_type.as_deref().unwrap_or("");
    let mut chars = kind.chars();
    let name: String = chars
        .next()
        .into_iter()
        .chain(chars.flat_map(char::to_lowercase))
        .collect();
    format!(
        "{name} {}. {}",
        node.doc_level_id.as_deref().unwrap_or(""),
        node.title.as_deref().unwrap_or("").trim()
    )
}

/// Places the problems found by JSON path at file:line:col: errors, then warnings.
fn locate(source: &SourceFile, notes: Vec<Note>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    if notes.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // JSON is YAML: the YAML reader finds where each value stands
    let positions = crate::corpus::locate::YamlPositions::of(&source.text);
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let place = |json_path: &str| {
        positions
            .get(json_path)
            .map(|p| source.line_col(p.line, p.column, p.len.max(1)))
    };
    for n in notes {
        let mut message = n.message;
        if let Some((earlier, value)) = &n.earlier {
            let at = match place(value) {
                Some(l) => format!("{}:{}:{} (`{earlier}`)", l.file, l.line, l.column),
                None => format!("`{earlier}`"),
            };
            message = message.replace("{earlier}", &at);
        }
        let d = if n.error {
            Diagnostic::error(message)
        } else {
            Diagnostic::warning(message)
        };
        let mut d = match place(&n.json_path) {
            Some(l) => d.at(l),
            None => d.at(source.span(0..0)),
        }
        .help(n.help);
        if let Some(label) = n.label {
            d = d.label(label);
        }
        if n.error {
            errors.push(d);
        } else {
            warnings.push(d);
        }
    }
    (errors, warnings)
}

/// Reads the nodes of a tree into sections, with the problems met.
#[derive(Default)]
struct Reader {
    sections: Vec<(Provision, String)>,
    notes: Vec<Note>,
}

impl Reader {
    /// Collects the sections below `node` (at `json_path` in the file), each with its own
    /// JSON path.
    fn walk(&mut self, node: &Node, json_path: &str, division: &mut Vec<String>) {
        let kind = node.doc_type.as_deref().unwrap_or("");
        if kind == "SECTION" {
            if let Some(p) = self.section(node, json_path, division) {
                self.sections.push((p, json_path.to_string()));
            }
            return;
        }
        if !GROUPS.contains(&kind) {
            let text = node.text.as_deref().unwrap_or("").replace("\\n", " ");
            if !text.trim().is_empty() {
                self.notes.push(Note {
                    error: false,
                    message: format!(
                        "a {} document (`{}`) has text, which is not imported: only SECTION documents hold provisions",
                        if kind.is_empty() { "untyped" } else { kind },
                        node.location_id.as_deref().unwrap_or("?")
                    ),
                    json_path: format!("{json_path}.text"),
                    help: "read this text on the official site; mutua imports the sections of a law",
                    earlier: None,
                    label: None,
                });
            }
        }
        let is_division = !matches!(kind, "CHAPTER" | "");
        if is_division {
            division.push(division_name(node));
        }
        for (i, c) in node.documents.iter().flat_map(|d| &d.items).enumerate() {
            self.walk(c, &format!("{json_path}.documents.items[{i}]"), division);
        }
        if is_division {
            division.pop();
        }
    }

    fn warn(&mut self, message: String, json_path: String, help: &'static str) {
        self.notes.push(Note {
            error: false,
            message,
            json_path,
            help,
            earlier: None,
            label: None,
        });
    }

    fn section(&mut self, node: &Node, json_path: &str, division: &[String]) -> Option<Provision> {
        let Some(number) = node
            .doc_level_id
            .as_deref()
            .or(node.location_id.as_deref())
            .map(str::trim)
            .filter(|n| !n.is_empty())
        else {
            self.notes.push(Note {
                error: true,
                message: "a SECTION has neither `docLevelId` nor `locationId`, so it has no address".to_string(),
                json_path: json_path.to_string(),
                help: "give the law tree as Open Legislation serves it (GET /api/3/laws/LAW?full=true), unchanged",
                earlier: None,
                label: None,
            });
            return None;
        };
        // `308-A*2`: the second section of that number; the text prints `§ 308-a`
        let (base, dup) = number.split_once('*').unwrap_or((number, ""));
        let shown = base.to_ascii_lowercase();
        let title = node.title.as_deref().unwrap_or("").trim();
        let title = title.strip_suffix('.').unwrap_or(title).trim();
        let title = if title.eq_ignore_ascii_case("No title") {
            ""
        } else {
            title
        };
        let from = node.active_date.as_deref().and_then(parse_date);
        let text = node.text.as_deref().unwrap_or("");
        let header = strip_header(text, base, title);
        if !text.trim().is_empty() && !header.title_matched && !title.is_empty() {
            let read = header
                .caption
                .as_deref()
                .map(|c| format!("its text reads `{c}`"))
                .unwrap_or_else(|| format!("its text does not start with `§ {shown}.`"));
            self.warn(
                format!(
                    "§ {shown}: the title `{title}` is not the caption the text starts with ({read}); the caption is taken to end at the first period, as Open Legislation reads it"
                ),
                format!("{json_path}.title"),
                "check the section against the official text; the subdivisions are read from the text after the caption",
            );
        }
        let cite = format!("§ {shown}");
        let parts = subdivisions(&header.body);
        for label in &parts.unread {
            self.warn(
                format!("{cite}: the label `({label})` is not a subdivision label mutua can place (a, 1, A, i, 24-a); its text stays with the subdivision before it"),
                format!("{json_path}.text"),
                "check the section against the official text",
            );
        }
        let mut segment_path = segment(&shown);
        if !dup.is_empty() {
            segment_path = format!("{segment_path}_{}", segment(dup));
        }
        let path = format!("s-{segment_path}");
        let mut root = provision(path, parts.lead.clone(), from);
        let heading_number = if dup.is_empty() {
            shown.clone()
        } else {
            format!("{shown}*{dup}")
        };
        root.heading.insert(
            "en".to_string(),
            if title.is_empty() {
                format!("§ {heading_number}")
            } else {
                format!("§ {heading_number}. {title}")
            },
        );
        root.division = division.to_vec();
        let mut twice = Vec::new();
        root.children = build(&parts.nodes, &cite, from, &mut twice);
        for trail in twice {
            self.warn(
                format!("{cite}{trail} appears twice in the text; the second's text is kept after the first's"),
                format!("{json_path}.text"),
                "check the section against the official text",
            );
        }
        // a repealed section: its text was in force until the day before the repeal
        match (
            node.repealed,
            node.repealed_date.as_deref().and_then(parse_date),
        ) {
            (_, Some(date)) => {
                let mut last = date.checked_sub_days(Days::new(1)).unwrap_or(date);
                if let Some(f) = from.filter(|f| *f > last) {
                    self.warn(
                        format!("{cite}: repealed on {date}, before its text's activeDate {f}; its text is kept for {f} alone"),
                        format!("{json_path}.repealedDate"),
                        "check the section against the official text",
                    );
                    last = f;
                }
                close_all(&mut root, last);
            }
            (Some(true), None) => self.warn(
                format!("{cite} is marked repealed without a `repealedDate`; its text is kept as in force"),
                format!("{json_path}.repealed"),
                "check when the section was repealed and give the tree of that date",
            ),
            _ => {}
        }
        Some(root)
    }
}

/// Ends every version of a provision and of its parts on `last`.
fn close_all(p: &mut Provision, last: NaiveDate) {
    for v in &mut p.versions {
        if v.to.is_none_or(|t| t > last) {
            v.to = Some(last);
        }
    }
    for c in &mut p.children {
        close_all(c, last);
    }
}

/// The sections, each address once: two sections at one address (the same number twice)
/// are an error naming both places in the file by JSON path (and by line and column,
/// once located).
fn unique_sections(sections: Vec<(Provision, String)>) -> (Vec<Provision>, Vec<Note>) {
    use std::collections::hash_map::{Entry, HashMap};
    let mut first: HashMap<String, String> = HashMap::new();
    let mut notes = Vec::new();
    for (p, json_path) in &sections {
        match first.entry(p.path.clone()) {
            Entry::Occupied(e) => notes.push(Note {
                error: true,
                message: format!(
                    "two sections have the address `{}`: this one (`{json_path}`) and the one at {{earlier}}",
                    p.path
                ),
                json_path: format!("{json_path}.docLevelId"),
                help: "an address names one section: give the law tree as Open Legislation serves it (GET /api/3/laws/LAW?full=true), unchanged",
                earlier: Some((e.get().clone(), format!("{}.docLevelId", e.get()))),
                label: Some("the second with this number"),
            }),
            Entry::Vacant(e) => {
                e.insert(json_path.clone());
            }
        }
    }
    (sections.into_iter().map(|(p, _)| p).collect(), notes)
}

/// A section's text with its `§ 1101. Caption.` taken off.
#[derive(Debug, PartialEq)]
struct Header {
    /// The text after the caption, one line a line (Open Legislation's `\n` read as line
    /// breaks).
    body: String,
    /// The caption read from the text, when the title given did not match it.
    caption: Option<String>,
    /// Whether the text starts with the section's number and the title given.
    title_matched: bool,
}

/// Removes `§ 1101. Title.` (or `S 1101.`, `Section 1101.`, with the `* ` that marks a
/// section with a note) from the start of a section's text. Open Legislation gives the
/// title without the period that ends it in the text (it takes the caption to run to the
/// first period), and the text's lines are joined with a literal `\n`; the title is
/// matched whatever the spacing and line breaks, and a text whose caption is not the
/// title loses its caption up to the first period, as Open Legislation reads it.
fn strip_header(text: &str, number: &str, title: &str) -> Header {
    let text = text.replace("\\n", "\n").replace("\r\n", "\n");
    let t = text.trim_start().trim_start_matches('*').trim_start();
    let unchanged = |t: &str| Header {
        body: t.to_string(),
        caption: None,
        title_matched: title.is_empty(),
    };
    let mut rest = None;
    for mark in ["§", "Section", "Sec.", "S"] {
        let Some(r) = t.strip_prefix(mark) else {
            continue;
        };
        let r = r.trim_start();
        let Some(head) = r.get(..number.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(number) {
            continue;
        }
        let r = r[number.len()..].trim_start_matches('*');
        if let Some(r) = r.strip_prefix('.') {
            rest = Some(r.trim_start_matches('*').trim_start());
            break;
        }
    }
    let Some(rest) = rest else {
        return unchanged(t);
    };
    if title.is_empty() {
        return Header {
            body: rest.to_string(),
            caption: None,
            title_matched: true,
        };
    }
    if let Some(after) = match_title(rest, title) {
        // the first subdivision may start on the caption's line or on the next
        let after = after.strip_prefix('.').unwrap_or(after);
        return Header {
            body: after.trim_start().to_string(),
            caption: None,
            title_matched: true,
        };
    }
    // `§ 5. (a) Caption. …`: the first subdivision starts before the caption, which
    // Open Legislation reads past the label; the caption is that subdivision's text
    let (labels, after_labels) = leading_labels(rest);
    if !labels.is_empty() && match_title(after_labels, title).is_some() {
        return Header {
            body: rest.to_string(),
            caption: None,
            title_matched: true,
        };
    }
    // the caption as Open Legislation reads it: up to the first period, unless the text
    // starts with a subdivision
    let starts_with_label = rest.starts_with("(a)")
        || rest.starts_with("1.")
        || rest.starts_with("a.")
        || !leading_labels(rest).0.is_empty();
    match rest.find('.').filter(|_| !starts_with_label) {
        Some(end) => Header {
            body: rest[end + 1..].trim_start().to_string(),
            caption: Some(rest[..end].split_whitespace().collect::<Vec<_>>().join(" ")),
            title_matched: false,
        },
        None => Header {
            body: rest.to_string(),
            caption: None,
            title_matched: false,
        },
    }
}

/// The text after `title` at the start of `text`, comparing them whatever the spacing and
/// line breaks (and a word broken at a line end with a hyphen); a title cut short with
/// `...` (Open Legislation abbreviates titles over 140 characters) runs to the next
/// period.
fn match_title<'t>(text: &'t str, title: &str) -> Option<&'t str> {
    let (title, cut) = match title.strip_suffix("...") {
        Some(t) => (t, true),
        None => (title, false),
    };
    let mut want = title.chars().filter(|c| !c.is_whitespace()).peekable();
    let mut it = text.char_indices().peekable();
    while want.peek().is_some() {
        let (i, c) = it.next()?;
        if c.is_whitespace() {
            continue;
        }
        // `self-\ninsurer` read as `selfinsurer` in a title
        if c == '-'
            && text[i + 1..]
                .trim_start_matches([' ', '\t'])
                .starts_with('\n')
        {
            if want.peek() == Some(&'-') {
                want.next();
            }
            continue;
        }
        if Some(c) != want.next() {
            return None;
        }
    }
    let end = it.peek().map_or(text.len(), |(i, _)| *i);
    let rest = &text[end..];
    // the caption ends at a period (a title cut short, or cut at a note's `*`, runs on
    // to it)
    let after = rest.trim_start();
    if cut || after.starts_with('*') {
        let stop = rest.find('.')?;
        return Some(&rest[stop..]);
    }
    after.starts_with('.').then_some(after)
}

/// A subdivision read from the text: its labels from the section down, and its own text.
#[derive(Debug, Clone, PartialEq)]
struct Part {
    labels: Vec<String>,
    text: String,
}

#[derive(Debug, Default)]
struct Parts {
    lead: String,
    nodes: Vec<Part>,
    /// Labels that could not be placed (their text stays with the part before).
    unread: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Lower = 1,
    Digit = 2,
    Upper = 3,
    Roman = 4,
}

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
}

/// The level of a label, given the labels open above it: (i) after (h) is a letter, and
/// inside an (A) it is a roman numeral.
fn level(label: &str, open: &[(Level, String)]) -> Option<Level> {
    // an inserted subdivision (`24-a`, `b-1`) is at the level of the one it follows
    let label = label.split('-').next().unwrap_or(label);
    let first = label.chars().next()?;
    if label.chars().all(|c| c.is_ascii_digit()) {
        return Some(Level::Digit);
    }
    if label.chars().all(|c| c.is_ascii_uppercase()) {
        return Some(Level::Upper);
    }
    if !label.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    if is_roman(label) {
        let in_upper = open.iter().any(|(l, _)| *l >= Level::Upper);
        let follows_letter = open.iter().any(|(l, s)| {
            *l == Level::Lower && s.len() == 1 && (s.as_bytes()[0] + 1) as char == first
        });
        if in_upper || (label.len() > 1 && !follows_letter) {
            return Some(Level::Roman);
        }
    }
    Some(Level::Lower)
}

/// Reads the leading `(x)` labels of a block, each with where it starts in the block:
/// letters and digits, with a hyphen for an inserted one (`(24-a)`).
fn leading_labels(block: &str) -> (Vec<(String, usize)>, &str) {
    let mut labels = Vec::new();
    let mut rest = block.trim_start();
    while let Some(r) = rest.strip_prefix('(') {
        let Some(end) = r.find(')') else { break };
        let label = &r[..end];
        let well_formed = !label.is_empty()
            && label.len() <= 8
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
            && !label.contains("--");
        if !well_formed {
            break;
        }
        labels.push((label.to_string(), block.len() - rest.len()));
        rest = r[end + 1..].trim_start();
    }
    (labels, rest)
}

/// Appends `more` to `text`, with a space unless `text` ends with a word broken at the
/// line's end by a hyphen (`self-` `insurer`).
fn join(text: &mut String, more: &str) {
    if text.is_empty() {
        text.push_str(more);
        return;
    }
    let broken = text
        .strip_suffix('-')
        .is_some_and(|t| t.ends_with(|c: char| c.is_alphabetic()));
    if !broken {
        text.push(' ');
    }
    text.push_str(more);
}

/// Splits a section's text into its subdivisions. A subdivision starts on an indented line
/// that begins with a label, at the start of the text, or right after another label.
fn subdivisions(body: &str) -> Parts {
    let mut blocks: Vec<String> = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let starts = (i == 0 || line.starts_with(char::is_whitespace))
            && line.trim_start().starts_with('(')
            && !leading_labels(line).0.is_empty();
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        match blocks.last_mut() {
            Some(b) if !starts => join(b, &line),
            _ => blocks.push(line),
        }
    }
    let mut parts = Parts::default();
    let mut open: Vec<(Level, String)> = Vec::new();
    for block in blocks {
        let (labels, text) = leading_labels(&block);
        // the text from a label that cannot be placed on stays with the part before
        let mut stray = if labels.is_empty() { Some(text) } else { None };
        let n = labels.len();
        for (k, (label, at)) in labels.into_iter().enumerate() {
            let Some(lvl) = level(&label, &open) else {
                parts.unread.push(label);
                stray = Some(&block[at..]);
                break;
            };
            while open.last().is_some_and(|(l, _)| *l >= lvl) {
                open.pop();
            }
            open.push((lvl, label));
            parts.nodes.push(Part {
                labels: open.iter().map(|(_, s)| s.clone()).collect(),
                text: if k + 1 == n {
                    text.to_string()
                } else {
                    String::new()
                },
            });
        }
        if let Some(text) = stray {
            match parts.nodes.last_mut() {
                Some(n) => join(&mut n.text, text),
                None => join(&mut parts.lead, text),
            }
        }
    }
    parts
}

/// The provision tree of a section's subdivisions.
/// A label met twice under one parent is one subdivision, its texts joined; `twice` gets
/// its trail (`(a)(1)`).
fn build(
    parts: &[Part],
    cite: &str,
    from: Option<NaiveDate>,
    twice: &mut Vec<String>,
) -> Vec<Provision> {
    let mut out: Vec<Provision> = Vec::new();
    for part in parts {
        let mut list = &mut out;
        for label in &part.labels[..part.labels.len() - 1] {
            let idx = match list.iter().position(|p| &p.path == label) {
                Some(i) => i,
                None => {
                    list.push(provision(label.clone(), String::new(), from));
                    list.len() - 1
                }
            };
            list = &mut list[idx].children;
        }
        let label = &part.labels[part.labels.len() - 1];
        let mut p = provision(label.clone(), part.text.clone(), from);
        let trail: String = part.labels.iter().map(|l| format!("({l})")).collect();
        p.heading.insert("en".to_string(), format!("{cite}{trail}"));
        match list.iter_mut().find(|q| &q.path == label) {
            // the same label twice: its text is kept after the first's
            Some(q) => {
                twice.push(trail);
                match q.versions.last_mut().and_then(|v| v.text.get_mut("en")) {
                    Some(t) => join(&mut t.text, part.text.trim()),
                    None => q.versions = p.versions,
                }
                if q.heading.is_empty() {
                    q.heading = p.heading;
                }
            }
            None => list.push(p),
        }
    }
    out
}

fn provision(path: String, text: String, from: Option<NaiveDate>) -> Provision {
    let text = text.trim().to_string();
    let versions = if text.is_empty() {
        vec![]
    } else {
        let mut t = IndexMap::new();
        t.insert(
            "en".to_string(),
            Text {
                status: TextStatus::Verbatim,
                text,
                by: None,
                sha256: None,
                readings: Vec::new(),
            },
        );
        vec![Version {
            from,
            to: None,
            amendment: None,
            text: t,
        }]
    };
    Provision {
        path,
        versions,
        ..Default::default()
    }
}

fn segment(s: &str) -> String {
    let out: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .to_string();
    if out.is_empty() {
        "0".to_string()
    } else {
        out
    }
}

/// The corpus id of an Open Legislation law: the id of the instrument that names it as its
/// official source, otherwise the jurisdiction's code and the law id in lower case.
pub fn id_for(jurisdiction: Jurisdiction, law: &OpenLegLaw, known: &KnownLaws) -> String {
    known
        .by_number(Official::OpenLeg, &law.law_id)
        .map(|(id, _)| id.to_string())
        .unwrap_or_else(|| {
            format!(
                "{}/{}",
                jurisdiction.code(),
                segment(&law.law_id.to_ascii_lowercase())
            )
        })
}

/// The instrument a law tree becomes: verbatim English text, the file's sha256, each
/// section's text in force from its `activeDate`.
pub fn to_instrument(
    jurisdiction: Jurisdiction,
    law: &OpenLegLaw,
    id: &str,
    source_address: &str,
    bytes: &[u8],
    known: &KnownLaws,
) -> Instrument {
    let mut title = IndexMap::new();
    title.insert(
        "en".to_string(),
        if law.name.is_empty() {
            law.law_id.clone()
        } else {
            format!("{} {} Law", jurisdiction.name(), law.name)
        },
    );
    Instrument {
        id: id.to_string(),
        jurisdiction,
        title,
        short_titles: IndexMap::new(),
        issuer: IndexMap::new(),
        document_number: None,
        promulgated: None,
        effective: law.active_date,
        first_in_force: None,
        in_force_until: None,
        status: InstrumentStatus::InForce,
        history: vec![],
        source: Source {
            address: source_address.to_string(),
            official: Some(official_page(&law.law_id)),
            retrieved: None,
            sha256: Some(sha256_hex(bytes)),
            text_sha256: None,
            note: None,
            copy: None,
            checked_against: Vec::new(),
            fetch: known
                .by_id(id)
                .or_else(|| {
                    known
                        .by_number(Official::OpenLeg, &law.law_id)
                        .map(|(_, f)| f)
                })
                .filter(|f| f.format == Official::OpenLeg)
                .cloned(),
        },
        provisions: law.provisions.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdivisions_nest_by_label_kind() {
        let body = "(a) Lead in:\n  (1) one\n  (2) two (A) big\n  (B) bigger\n  (i) small\n  (ii) smaller\ncontinued\n  (b) (1) deep\n  (h) aitch\n  (i) letter i";
        let parts = subdivisions(body);
        let got: Vec<String> = parts
            .nodes
            .iter()
            .map(|p| format!("{}={}", p.labels.join("/"), p.text))
            .collect();
        assert_eq!(
            got,
            [
                "a=Lead in:",
                "a/1=one",
                "a/2=two (A) big",
                "a/2/B=bigger",
                "a/2/B/i=small",
                "a/2/B/ii=smaller continued",
                "b=",
                "b/1=deep",
                "h=aitch",
                "i=letter i",
            ]
        );
    }

    #[test]
    fn header_is_removed_with_or_without_the_titles_period() {
        let body = |text: &str, number: &str, title: &str| strip_header(text, number, title).body;
        assert_eq!(
            body("§ 1101. Definitions. (a) x", "1101", "Definitions."),
            "(a) x"
        );
        assert_eq!(body("  S 12. Short. Body", "12", "Short."), "Body");
        // Open Legislation's titles have no period; its lines are joined by a literal `\n`
        let h = strip_header(
            "  § 1101. Definitions;  doing a test\\nbusiness. (a) In this article:\\n  (1) one\\n",
            "1101",
            "Definitions; doing a test business",
        );
        assert!(h.title_matched);
        assert_eq!(h.body, "(a) In this article:\n  (1) one\n");
        // a section with a note, its number in capitals in the tree
        assert_eq!(
            body(
                "  * § 308-a. Test surcharge. 1. x",
                "308-A",
                "Test surcharge"
            ),
            "1. x"
        );
        // a caption that is not the title: up to the first period, as Open Legislation reads it
        let h = strip_header("§ 5. Other words. (a) x", "5", "Title");
        assert!(!h.title_matched);
        assert_eq!(h.caption.as_deref(), Some("Other words"));
        assert_eq!(h.body, "(a) x");
        // a title cut short
        assert_eq!(
            body(
                "§ 7. A very long caption indeed. Body",
                "7",
                "A very long..."
            ),
            "Body"
        );
        // no title: the text starts with its first subdivision
        assert_eq!(body("§ 9. (a) x", "9", ""), "(a) x");
        // the caption after the first label is that subdivision's text
        let h = strip_header("§ 9. (a) Scope. x", "9", "Scope");
        assert!(h.title_matched);
        assert_eq!(h.body, "(a) Scope. x");
        // a title that is only the start of the caption does not match
        assert!(!strip_header("§ 3. Reports and returns. x", "3", "Reports").title_matched);
    }

    #[test]
    fn inserted_and_unreadable_labels() {
        let parts = subdivisions(
            "(a) one\n  (24) x\n  (24-a) inserted self-\ninsurer\n  (b) two\n  (9z) odd",
        );
        let got: Vec<String> = parts
            .nodes
            .iter()
            .map(|p| format!("{}={}", p.labels.join("/"), p.text))
            .collect();
        assert_eq!(
            got,
            [
                "a=one",
                "a/24=x",
                "a/24-a=inserted self-insurer",
                "b=two (9z) odd"
            ]
        );
        assert_eq!(parts.unread, ["9z"]);
    }
}
