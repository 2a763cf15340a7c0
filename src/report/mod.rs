//! Rendering: search hits, provisions, verification and import reports, classification
//! results and diagnostics, as text for a terminal, JSON for programs or Markdown.

pub mod cases;
pub mod classify;
pub mod compare;
pub mod coverage;
pub mod diff;
pub mod docx;
pub mod toc;
pub mod whatif;
pub mod words;

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::time::Duration;

use chrono::NaiveDate;
use serde_json::json;

use crate::corpus::citation::Resolved;
use crate::corpus::copies::CopyReport;
use crate::corpus::import::ImportReport;
use crate::corpus::model::Source;
use crate::corpus::verify::{ArticleCheck, VerifyReport};
use crate::corpus::{Corpus, TextStatus, Version};
use crate::diagnostic::{Error, Result, Severity};
use crate::index::{CacheStatus, Found};
pub use words::Words;

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For people at a terminal.
    #[default]
    Text,
    /// For programs (one object a line after [`set_compact_json`]).
    Json,
    /// For a memo.
    Markdown,
}

/// The names of jurisdictions as a sentence lists them: "China, New York and Japan".
pub fn names_joined(jurisdictions: &[crate::corpus::Jurisdiction]) -> String {
    let names: Vec<&str> = jurisdictions.iter().map(|j| j.name()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Whether to colour output: on a terminal and when NO_COLOR is unset.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Version of the JSON shapes this module writes.
pub const SCHEMA_VERSION: u32 = 1;

/// What produced the reports of this process: the tool's version and the hashes of the
/// corpus and of the rules in use, so that an answer can be traced to what gave it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Provenance {
    /// mutua's version.
    pub tool_version: &'static str,
    /// The corpus's content hash.
    pub corpus_hash: String,
    /// The hash of the rules in use (see [`crate::corpus::hash::rules_hash`]).
    pub rules_hash: String,
}

static PROVENANCE: std::sync::OnceLock<Provenance> = std::sync::OnceLock::new();

/// Records what the reports of this process come from: every JSON report written after
/// this names it under `provenance`. The first record stands.
pub fn record_provenance(corpus_hash: &str, rules_hash: &str) {
    let _ = PROVENANCE.set(Provenance {
        tool_version: env!("CARGO_PKG_VERSION"),
        corpus_hash: corpus_hash.to_string(),
        rules_hash: rules_hash.to_string(),
    });
}

/// What the reports of this process come from, once recorded.
pub fn provenance() -> Option<&'static Provenance> {
    PROVENANCE.get()
}

/// The line a text report ends with: the tool version and the short corpus and rules
/// hashes (`mutua --version` prints them in full).
pub fn provenance_line() -> String {
    provenance_line_in(words::Words::En)
}

/// [`provenance_line`] in a report's language.
pub fn provenance_line_in(w: words::Words) -> String {
    match PROVENANCE.get() {
        Some(p) => format!(
            "{}\n",
            w.produced_by(
                p.tool_version,
                short_hash(&p.corpus_hash),
                short_hash(&p.rules_hash)
            )
        ),
        None => match w {
            words::Words::En => format!("Produced by mutua {}.\n", env!("CARGO_PKG_VERSION")),
            _ => format!("{}\n", w.produced_by(env!("CARGO_PKG_VERSION"), "-", "-")),
        },
    }
}

fn short_hash(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

static COMPACT_JSON: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes every JSON report of this process compact, on one line (`--format jsonl`, and the
/// answers of `mutua serve`: a third of the size of pretty JSON, and faster to write).
pub fn set_compact_json() {
    COMPACT_JSON.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Whether JSON reports are written compact, one a line.
pub fn compact_json() -> bool {
    COMPACT_JSON.load(std::sync::atomic::Ordering::Relaxed)
}

/// A JSON report as text (pretty, or one line with `--format jsonl`), with the recorded
/// [`Provenance`] added to it.
pub fn to_json(mut v: serde_json::Value) -> String {
    if let (Some(p), Some(obj)) = (PROVENANCE.get(), v.as_object_mut()) {
        obj.insert("provenance".into(), json!(p));
    }
    write_json(&v)
}

/// A report that carries its own provenance, written as JSON text (pretty, or one line
/// with `--format jsonl`).
pub fn write_json<T: serde::Serialize>(v: &T) -> String {
    let text = if compact_json() {
        serde_json::to_string(v)
    } else {
        serde_json::to_string_pretty(v)
    };
    text.unwrap_or_default() + "\n"
}

/// Search results: a page of hits, and how many match in all.
pub fn search(query: &str, found: &Found, format: Format, words: Words) -> String {
    let hits = &found.hits;
    match format {
        Format::Json => to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "query": query,
            "total": found.total,
            "offset": found.offset,
            "hits": hits,
        })),
        Format::Text | Format::Markdown => {
            let md = format == Format::Markdown;
            let mut out = String::new();
            if found.total == 0 {
                let _ = writeln!(out, "{}", words.no_match(query));
                return out;
            }
            if hits.is_empty() {
                let _ = writeln!(
                    out,
                    "{}",
                    words.past_the_end(query, found.total, found.offset + 1)
                );
                return out;
            }
            for (i, h) in hits.iter().enumerate() {
                let i = i + found.offset;
                // a snippet of text that is not the verified original says so
                let heading = match h
                    .text_status
                    .as_deref()
                    .and_then(|s| words.hit_status(s, h.copies.unwrap_or(1) as usize))
                {
                    Some(mark) => format!("{}  [{mark}]", h.label),
                    None => h.label.clone(),
                };
                // a provision the query cites has no score: it comes first by citation
                let why = match h.matched {
                    "citation" => words.cited().to_string(),
                    _ => format!("{:.2}", h.score),
                };
                if md {
                    let _ = writeln!(
                        out,
                        "{}. **{}** ({heading}), {}\n   > {}\n",
                        i + 1,
                        h.address,
                        if h.matched == "citation" {
                            why
                        } else {
                            words.score(&why)
                        },
                        h.snippet
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "{:>2}. {}  [{why}]  {heading}\n    {}\n",
                        i + 1,
                        h.address,
                        h.snippet
                    );
                }
            }
            let last = found.offset + hits.len();
            if last < found.total || found.offset > 0 {
                let next = (last < found.total).then_some(last);
                let _ = writeln!(
                    out,
                    "{}",
                    words.hits(found.offset + 1, last, found.total, next)
                );
            }
            out
        }
    }
}

/// One provision with its heading, text in each language, status, source and dates.
pub fn show(
    corpus: &Corpus,
    found: &Resolved,
    as_of: Option<NaiveDate>,
    format: Format,
    words: Words,
) -> Result<String> {
    Ok(match show_one(corpus, found, as_of, format, words)? {
        Shown::Json(v) => to_json(v),
        Shown::Text(t) => t,
    })
}

/// A provision and everything under it (`show --with-children`): each shown in turn, in
/// document order; parts not in force on `as_of` are left out. JSON gives
/// `{"schema_version", "provisions": [...]}`.
pub fn show_with_children(
    corpus: &Corpus,
    found: &Resolved,
    as_of: Option<NaiveDate>,
    format: Format,
    words: Words,
) -> Result<String> {
    let mut shown = vec![show_one(corpus, found, as_of, format, words)?];
    for address in crate::corpus::toc::with_children(corpus, &found.address)
        .into_iter()
        .skip(1)
    {
        let in_force = match (as_of, corpus.entry(&address)) {
            (Some(d), Some(e)) => corpus.in_force(e, d),
            _ => true,
        };
        if in_force {
            let part = Resolved {
                address,
                note: None,
                part: None,
            };
            shown.push(show_one(corpus, &part, as_of, format, words)?);
        }
    }
    if format == Format::Json {
        let values: Vec<serde_json::Value> = shown
            .into_iter()
            .filter_map(|s| match s {
                Shown::Json(v) => Some(v),
                Shown::Text(_) => None,
            })
            .collect();
        return Ok(to_json(
            json!({ "schema_version": SCHEMA_VERSION, "provisions": values }),
        ));
    }
    let texts: Vec<String> = shown
        .into_iter()
        .filter_map(|s| match s {
            Shown::Text(t) => Some(t),
            Shown::Json(_) => None,
        })
        .collect();
    let rule = if format == Format::Markdown {
        "\n---\n\n"
    } else {
        "\n────────────────────────────────────────────────────────────────\n\n"
    };
    Ok(texts.join(rule))
}

/// One provision rendered: a JSON value (to be wrapped) or text.
enum Shown {
    Json(serde_json::Value),
    Text(String),
}

fn show_one(
    corpus: &Corpus,
    found: &Resolved,
    as_of: Option<NaiveDate>,
    format: Format,
    words: Words,
) -> Result<Shown> {
    let entry = corpus
        .entry(&found.address)
        .ok_or_else(|| Error::msg(format!("no provision `{}`", found.address)))?;
    let inst = corpus.instrument_of(entry);
    let p = corpus.provision(entry);
    let version = corpus.version_at(entry, as_of);
    if as_of.is_some() && version.is_none() && !p.versions.is_empty() {
        let periods: Vec<String> = p
            .versions
            .iter()
            .map(|v| {
                format!(
                    "{} to {}",
                    v.from
                        .or(inst.effective)
                        .map_or("?".into(), |d| d.to_string()),
                    v.to.map_or("today".into(), |d| d.to_string())
                )
            })
            .collect();
        return Err(Error::input(
            crate::Diagnostic::error(format!(
                "{} has no version in force on {}",
                found.address,
                as_of.map(|d| d.to_string()).unwrap_or_default()
            ))
            .help(format!("versions held: {}", periods.join("; "))),
        ));
    }
    let source = p.source.as_ref().unwrap_or(&inst.source);
    let from = version.and_then(|v| v.from).or(inst.effective);
    let to = version.and_then(|v| v.to);
    let wording = version.and_then(|v| crate::corpus::history::wording_from(inst, v));
    let children: Vec<String> = p
        .children
        .iter()
        .map(|c| format!("{}/{}", found.address, c.path))
        .collect();
    if format == Format::Json {
        let text: serde_json::Map<String, serde_json::Value> = version
            .map(|v| {
                v.text
                    .iter()
                    .map(|(l, t)| (l.clone(), json!(t.text)))
                    .collect()
            })
            .unwrap_or_default();
        let status: serde_json::Map<String, serde_json::Value> = version
            .map(|v| {
                v.text
                    .iter()
                    .map(|(l, t)| (l.clone(), json!(t.status.as_str())))
                    .collect()
            })
            .unwrap_or_default();
        // a verbatim text says how many copies it was checked against
        let labels: serde_json::Map<String, serde_json::Value> = version
            .map(|v| {
                v.text
                    .iter()
                    .map(|(l, t)| (l.clone(), json!(t.status_label(source))))
                    .collect()
            })
            .unwrap_or_default();
        let copies: serde_json::Map<String, serde_json::Value> = version
            .map(|v| {
                v.text
                    .iter()
                    .filter(|(_, t)| t.status == TextStatus::Verbatim)
                    .map(|(l, _)| (l.clone(), json!(source.copies())))
                    .collect()
            })
            .unwrap_or_default();
        let readings: serde_json::Map<String, serde_json::Value> = version
            .map(|v| {
                v.text
                    .iter()
                    .filter(|(_, t)| !t.readings.is_empty())
                    .map(|(l, t)| (l.clone(), json!(t.readings)))
                    .collect()
            })
            .unwrap_or_default();
        let from_unverified: Vec<&String> = version
            .map(|v| {
                v.text
                    .keys()
                    .filter(|l| v.translation_of_unverified(l))
                    .collect()
            })
            .unwrap_or_default();
        return Ok(Shown::Json(json!({
            "schema_version": SCHEMA_VERSION,
            "address": found.address,
            "translated_from_unverified": from_unverified,
            "instrument": inst.id,
            "instrument_title": inst.title,
            "heading": p.heading,
            "division": p.division,
            "text": text,
            "text_status": status,
            "text_label": labels,
            "copies": copies,
            "readings": readings,
            "summary": p.summary,
            "concepts": p.concepts,
            "refs": p.refs,
            "children": children,
            "in_force": {"from": from, "to": to, "wording_from": wording.map(|w| json!({
                "document": w.event().document, "date": w.event().date,
                "in_force": w.event().in_force, "kind": w.event().kind,
                "explicit": matches!(w, crate::corpus::history::Wording::Of(_)),
            }))},
            "versions": p.versions.len(),
            "source": source,
            "note": found.note,
        })));
    }
    let md = format == Format::Markdown;
    let mut out = String::new();
    let title = inst.title.values().cloned().collect::<Vec<_>>().join(" / ");
    let heading = if p.heading.is_empty() {
        crate::corpus::citation::display_citation(&found.address)
    } else {
        p.heading.values().cloned().collect::<Vec<_>>().join(" / ")
    };
    if md {
        let _ = writeln!(out, "### {title}, {heading}\n\n`{}`\n", found.address);
    } else {
        let _ = writeln!(out, "{title}\n{heading}    [{}]", found.address);
    }
    if !p.division.is_empty() {
        let _ = writeln!(out, "{}", p.division.join(" › "));
    }
    if let Some(n) = &found.note {
        let _ = writeln!(out, "{}", words.note(n));
    }
    let mut notes: Vec<String> = wording.map(|w| words.wording(w)).into_iter().collect();
    if p.versions.len() > 1 {
        notes.push(words.versions_held(p.versions.len()));
    }
    let _ = writeln!(out, "{}", words.text_in_force(from, to, &notes));
    let _ = writeln!(out);
    match version {
        Some(v) if !v.text.is_empty() => {
            for (lang, t) in &v.text {
                let note =
                    words.held_text(t.status, source.copies(), v.translation_of_unverified(lang));
                if md {
                    let _ = writeln!(out, "**{lang}** ({note}):\n");
                    for line in t.text.lines() {
                        let _ = writeln!(out, "> {line}");
                    }
                    let _ = writeln!(out);
                } else {
                    let _ = writeln!(out, "[{lang}, {note}]");
                    let _ = writeln!(out, "{}\n", t.text);
                }
            }
        }
        _ => {
            let see = source.official.as_deref().unwrap_or(&source.address);
            let _ = writeln!(out, "{}\n", words.no_text_held(!children.is_empty(), see));
        }
    }
    if let Some(s) = &p.summary {
        let _ = writeln!(out, "{}{s}\n", words.summary_label());
    }
    let [parts, concepts, see_also] = words.provision_labels();
    if !children.is_empty() {
        let _ = writeln!(out, "{parts}{}\n", children.join(", "));
    }
    if !p.concepts.is_empty() {
        let _ = writeln!(out, "{concepts}{}", p.concepts.join(", "));
    }
    if !p.refs.is_empty() {
        let _ = writeln!(out, "{see_also}{}", p.refs.join(", "));
    }
    source_lines(&mut out, source, version, words);
    Ok(Shown::Text(out))
}

/// Where the texts shown come from: the copy they were taken from (or that they were
/// transcribed, with the note saying from what), the official text to check them against,
/// the other copies they were checked against, and where copies differ.
fn source_lines(out: &mut String, source: &Source, version: Option<&Version>, words: Words) {
    let [from, note, check_against, official, sha256, checked] = words.source_labels();
    match &source.copy {
        Some(copy) => {
            let _ = writeln!(out, "{from}{copy}, {}", source.address);
        }
        None => {
            let _ = writeln!(out, "{from}{}", source.address);
        }
    }
    if source.is_transcription() {
        if let Some(n) = &source.note {
            let _ = writeln!(out, "{note}{}", n.trim());
        }
        if let Some(o) = &source.official {
            let _ = writeln!(out, "{check_against}{o}");
        }
    } else if let Some(o) = &source.official {
        let _ = writeln!(out, "{official}{o}");
    }
    if let Some(h) = &source.sha256 {
        let _ = writeln!(out, "{sha256}{h}");
    }
    for c in &source.checked_against {
        let agrees = c.result == crate::corpus::model::Agreement::Agrees;
        let _ = writeln!(
            out,
            "{checked}{}",
            words.checked(&c.copy, c.sha256.as_deref(), c.checked, agrees)
        );
    }
    for (lang, t) in version.into_iter().flat_map(|v| &v.text) {
        for r in &t.readings {
            let _ = writeln!(
                out,
                "{}",
                words.copies_differ(
                    lang,
                    r.at,
                    (&r.kept, &r.kept_in.join(", ")),
                    (&r.other, &r.other_in.join(", "))
                )
            );
        }
    }
}

/// What an index covers.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// How many provisions (at every level).
    pub provisions: usize,
    /// How many instruments.
    pub instruments: usize,
    /// The corpus's content hash.
    pub content_hash: String,
}

/// The result of `mutua index`.
pub fn index(corpus: &Indexed, status: CacheStatus, took: Duration, format: Format) -> String {
    let dir = crate::index::cache_root();
    let built = status == CacheStatus::Built;
    match format {
        Format::Json => to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "built": built,
            "provisions": corpus.provisions,
            "instruments": corpus.instruments,
            "content_hash": corpus.content_hash,
            "cache": dir,
        })),
        _ => format!(
            "{} the index of {} provisions in {} instruments ({}) in {:.1?}\ncache: {}\n",
            if built { "Built" } else { "Reused" },
            corpus.provisions,
            corpus.instruments,
            &corpus.content_hash[..12],
            took,
            dir.display()
        ),
    }
}

/// The result of `mutua verify`.
pub fn verify(r: &VerifyReport, format: Format) -> String {
    if format == Format::Json {
        return to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "instrument": r.instrument,
            "language": r.language,
            "source": r.source,
            "differences": r.differences(),
            "articles": r.articles,
        }));
    }
    let same = r.count(|a| matches!(a, ArticleCheck::Same { .. }));
    let left_out = r.count(|a| matches!(a, ArticleCheck::NotInCorpus { .. }));
    let no_text = r.count(|a| matches!(a, ArticleCheck::NoText { .. }));
    let differ = r.count(|a| matches!(a, ArticleCheck::Differs { .. }));
    let not_in_source = r.count(|a| matches!(a, ArticleCheck::NotInSource { .. }));
    let (language, unit) = match r.language.as_str() {
        "ja" => ("Japanese", "provisions"),
        "en" => ("English", "provisions"),
        _ => ("Chinese", "articles"),
    };
    let mut out = format!("{} against {}\n", r.instrument, r.source);
    for a in &r.articles {
        match a {
            ArticleCheck::Differs {
                path,
                source_line,
                corpus,
                source,
                at_char,
            } => {
                let line = if *source_line > 0 {
                    format!("source line {source_line}, ")
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "DIFFERS  {path} ({line}from character {at_char})\n  corpus: …{corpus}…\n  source: …{source}…"
                );
            }
            ArticleCheck::NotInSource { path } => {
                let _ = writeln!(out, "MISSING  {path}: in the corpus, not in the source");
            }
            _ => {}
        }
    }
    let left: Vec<&str> = r
        .articles
        .iter()
        .filter_map(|a| match a {
            ArticleCheck::NotInCorpus { path } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    let _ = writeln!(
        out,
        "{same} {unit} identical, {differ} different, {not_in_source} in the corpus but not in the source, {no_text} without {language} text in the corpus, {left_out} in the source but left out of the corpus{}",
        if left.is_empty() { String::new() } else if left.len() <= 12 { format!(" ({})", left.join(", ")) } else { format!(" ({} … {})", left[..3].join(", "), left[left.len() - 3..].join(", ")) }
    );
    out
}

/// The result of `mutua verify --against COPY`: each difference by instrument, article,
/// character position and the two readings, then each instrument's counts.
pub fn verify_against(r: &CopyReport, format: Format) -> String {
    if format == Format::Json {
        return to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "copy": r.copy,
            "language": r.language,
            "differences": r.differences(),
            "instruments": r.instruments,
            "not_in_copy": r.not_in_copy,
        }));
    }
    let quote = |s: &str| format!("「{s}」");
    let mut out = String::new();
    let c = &r.copy;
    let mut about = vec![c.file.clone()];
    if let Some(h) = &c.sha256 {
        about.push(format!("sha256 {}", &h[..h.len().min(12)]));
    }
    if c.name == c.file {
        let _ = writeln!(out, "Against {}", about.join(", "));
    } else {
        let _ = writeln!(out, "Against {} ({})", c.name, about.join(", "));
    }
    for i in &r.instruments {
        for d in &i.differences {
            let recorded = if d.recorded {
                "  [a reading the text records]"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "DIFFERS  {} {}, character {}: held {}, copy {}  ({}){recorded}",
                i.instrument,
                d.path,
                d.at,
                quote(&d.held),
                quote(&d.copy),
                d.context
            );
        }
    }
    for i in &r.instruments {
        let version = i
            .version
            .as_deref()
            .map_or(String::new(), |v| format!(" ({v})"));
        let mut line = format!(
            "{} against {}{version}: {} compared, {} the same, {} different",
            i.instrument, i.law, i.compared, i.same, i.different
        );
        if i.differences.len() != i.different {
            let _ = write!(line, " ({} differences)", i.differences.len());
        }
        if !i.not_in_copy.is_empty() {
            let _ = write!(line, "; not in the copy: {}", i.not_in_copy.join(", "));
        }
        if let Some(a) = i.recorded {
            let _ = write!(line, "; its record says this copy {}", a.as_str());
        }
        let _ = writeln!(out, "{line}");
    }
    if !r.not_in_copy.is_empty() {
        let _ = writeln!(out, "Not in the copy: {}", r.not_in_copy.join(", "));
    }
    let n = r.differences();
    if n == 0 {
        let _ = writeln!(
            out,
            "No differences: every text compared reads the same in the copy, whitespace aside."
        );
    } else {
        let articles: usize = r.instruments.iter().map(|i| i.different).sum();
        let _ = writeln!(
            out,
            "{n} difference{} in {articles} article{}.",
            if n == 1 { "" } else { "s" },
            if articles == 1 { "" } else { "s" }
        );
    }
    out
}

/// The result of `mutua import`.
pub fn import(r: &ImportReport, files: usize, took: Duration, format: Format) -> String {
    let warnings = r
        .problems
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    // every error that is not a failure to write is something that could not be read
    let errors = r.problems.len() - warnings;
    let not_written = r.not_written.len();
    let not_read = errors.saturating_sub(not_written);
    if format == Format::Json {
        return to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "files": files,
            "written": r.written.len(),
            "articles": r.articles,
            "bytes": r.bytes,
            "not_read": r.not_read,
            "not_written": r.not_written,
            "seconds": took.as_secs_f64(),
            "problems": r.problems,
        }));
    }
    let mut out = String::new();
    for d in &r.problems {
        out.push_str(&d.render_plain());
    }
    let _ = writeln!(
        out,
        "Imported {} of {files} files ({} articles, {:.1} MB) in {:.1?}: {not_read} could not be read, {not_written} could not be written, {warnings} warnings.",
        r.imported_files(),
        r.articles,
        r.bytes as f64 / 1e6,
        took
    );
    out
}

/// The result of `mutua check`: every diagnostic, then a count.
pub fn check(
    files: &[crate::diagnostic::SourceFile],
    diags: &[crate::Diagnostic],
    format: Format,
) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let notes = diags
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .count();
    let warnings = diags.len() - errors - notes;
    if format == Format::Json {
        return to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "files": files.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
            "errors": errors,
            "warnings": warnings,
            "notes": notes,
            "diagnostics": diags,
        }));
    }
    let color = crate::report::use_color();
    let mut out = String::new();
    for d in crate::diagnostic::cap_per_file(diags, crate::diagnostic::MAX_PER_FILE) {
        out.push_str(&d.render(color));
    }
    let _ = writeln!(
        out,
        "{}: {} rule files checked, {errors} errors, {warnings} warnings{}",
        if errors + warnings == 0 {
            "clean"
        } else {
            "problems found"
        },
        files.len(),
        match notes {
            0 => String::new(),
            1 => ", 1 note".to_string(),
            n => format!(", {n} notes"),
        }
    );
    out
}

/// Writes an error's diagnostics to stderr (JSON when asked for JSON).
pub fn errors(e: &Error, format: Format) {
    let color = std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none();
    let mut out = String::new();
    if format == Format::Json {
        out = to_json(json!({ "schema_version": SCHEMA_VERSION, "errors": e.diagnostics() }));
    } else {
        let diags = e.diagnostics();
        for d in crate::diagnostic::cap_per_file(diags, crate::diagnostic::MAX_PER_FILE) {
            out.push_str(&d.render(color));
        }
    }
    eprint!("{out}");
}
