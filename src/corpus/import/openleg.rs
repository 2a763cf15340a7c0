//! New York laws as the NY Senate Open Legislation API v3 serves them
//! (`GET /api/3/laws/ISC?full=true`): `result.documents` is the chapter node, and nested
//! `documents.items` hold `lawId`, `locationId`, `docType` (CHAPTER, ARTICLE, SECTION …),
//! `docLevelId`, `title`, `activeDate` and `text`. Sections become provisions at
//! `ny/ins/s-1101`; their subdivisions, read from the text ((a), (1), (A), (i)), become
//! `ny/ins/s-1101/b/1/A`; articles become divisions.

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Deserialize;

use super::lawrefbook::sha256_hex;
use crate::corpus::model::{
    Instrument, InstrumentStatus, Jurisdiction, Provision, Source, Text, TextStatus, Version,
};
use crate::diagnostic::{Diagnostic, SourceFile};

/// Laws the project knows: corpus id and Open Legislation law id.
pub const KNOWN_LAWS: [(&str, &str); 1] = [("ny/ins", "ISC")];

/// The page of a law on the NY Senate site, where its official text can be read.
pub fn official_page(law_id: &str) -> String {
    format!("https://www.nysenate.gov/legislation/laws/{law_id}")
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    #[serde(default)]
    success: Option<bool>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    result: Option<LawTree>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LawTree {
    #[serde(default)]
    law_version: Option<LawVersion>,
    #[serde(default)]
    info: Option<LawInfo>,
    documents: Node,
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

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Node {
    #[serde(default)]
    law_id: Option<String>,
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
}

/// Reads an Open Legislation law tree (JSON). Errors are located at file:line:col.
pub fn parse_openleg(source: &SourceFile) -> crate::Result<OpenLegLaw> {
    let help = "give the JSON of GET /api/3/laws/LAW?full=true, unchanged";
    let resp: Response = serde_json::from_str(&source.text).map_err(|e| {
        crate::Error::input(
            Diagnostic::error(format!("this is not an Open Legislation law tree: {e}"))
                .at(source.line_col(e.line().max(1), e.column().max(1), 1))
                .help(help),
        )
    })?;
    let Some(tree) = resp.result else {
        let why = match (resp.success, resp.message) {
            (Some(false), Some(m)) => format!("the server answered that the request failed: {m}"),
            _ => "it has no `result` with the law's documents".to_string(),
        };
        return Err(crate::Error::input(
            Diagnostic::error(format!("this is not an Open Legislation law tree: {why}"))
                .at(source.span(0..0))
                .help(help),
        ));
    };
    let law_id = tree
        .info
        .as_ref()
        .and_then(|i| i.law_id.clone())
        .or_else(|| tree.documents.law_id.clone())
        .unwrap_or_default();
    let name = tree
        .info
        .as_ref()
        .and_then(|i| i.name.clone())
        .or_else(|| tree.documents.title.clone())
        .unwrap_or_default();
    let chapter = tree.info.as_ref().and_then(|i| i.chapter.clone());
    let active_date = tree
        .law_version
        .as_ref()
        .and_then(|v| v.active_date.as_deref())
        .and_then(parse_date)
        .or_else(|| tree.documents.active_date.as_deref().and_then(parse_date));
    let mut sections = Vec::new();
    walk(
        &tree.documents,
        "result.documents",
        &mut Vec::new(),
        &mut sections,
    );
    let provisions = unique_sections(source, sections)?;
    Ok(OpenLegLaw {
        law_id,
        name,
        chapter,
        active_date,
        provisions,
    })
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// Collects the sections below `node` (at `json_path` in the file), each with its own
/// JSON path.
fn walk(
    node: &Node,
    json_path: &str,
    division: &mut Vec<String>,
    out: &mut Vec<(Provision, String)>,
) {
    let kind = node.doc_type.as_deref().unwrap_or("");
    if kind == "SECTION" {
        out.push((section(node, division), json_path.to_string()));
        return;
    }
    let is_division = !matches!(kind, "CHAPTER" | "");
    if is_division {
        let mut chars = kind.chars();
        let name: String = chars
            .next()
            .into_iter()
            .chain(chars.flat_map(char::to_lowercase))
            .collect();
        division.push(format!(
            "{name} {}. {}",
            node.doc_level_id.as_deref().unwrap_or(""),
            node.title.as_deref().unwrap_or("").trim()
        ));
    }
    for (i, c) in node.documents.iter().flat_map(|d| &d.items).enumerate() {
        walk(
            c,
            &format!("{json_path}.documents.items[{i}]"),
            division,
            out,
        );
    }
    if is_division {
        division.pop();
    }
}

/// The sections, each address once: two sections at one address (the same number twice)
/// are an error naming both places in the file, by line and column where they can be
/// found and always by JSON path.
fn unique_sections(
    source: &SourceFile,
    sections: Vec<(Provision, String)>,
) -> crate::Result<Vec<Provision>> {
    use std::collections::hash_map::{Entry, HashMap};
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut twice = Vec::new();
    for (p, json_path) in &sections {
        match first.entry(&p.path) {
            Entry::Occupied(e) => twice.push((p.path.as_str(), *e.get(), json_path.as_str())),
            Entry::Vacant(e) => {
                e.insert(json_path);
            }
        }
    }
    if twice.is_empty() {
        return Ok(sections.into_iter().map(|(p, _)| p).collect());
    }
    // JSON is YAML: the YAML reader finds where each value stands
    let positions = crate::corpus::locate::YamlPositions::of(&source.text);
    let place = |json_path: &str| {
        positions
            .get(&format!("{json_path}.docLevelId"))
            .map(|p| source.line_col(p.line, p.column, p.len))
    };
    let problems = twice
        .into_iter()
        .map(|(path, earlier, json_path)| {
            let earlier_at = match place(earlier) {
                Some(l) => format!("{}:{}:{} (`{earlier}`)", l.file, l.line, l.column),
                None => format!("`{earlier}`"),
            };
            let d = Diagnostic::error(format!(
                "two sections have the address `{path}`: this one (`{json_path}`) and the one at {earlier_at}"
            ))
            .help("an address names one section: give the law tree as Open Legislation serves it (GET /api/3/laws/LAW?full=true), unchanged");
            match place(json_path) {
                Some(l) => d.at(l).label("the second with this number"),
                None => d,
            }
        })
        .collect();
    Err(crate::Error::Input(problems))
}

fn section(node: &Node, division: &[String]) -> Provision {
    let number = node
        .doc_level_id
        .as_deref()
        .or(node.location_id.as_deref())
        .unwrap_or("");
    let title = node.title.as_deref().unwrap_or("").trim();
    let from = node.active_date.as_deref().and_then(parse_date);
    let body = strip_header(node.text.as_deref().unwrap_or(""), number, title);
    let parts = subdivisions(&body);
    let path = format!("s-{}", segment(number));
    let cite = format!("§ {number}");
    let mut root = provision(path, parts.lead.clone(), from);
    root.heading
        .insert("en".to_string(), format!("§ {number}. {title}"));
    root.division = division.to_vec();
    root.children = build(&parts.nodes, &cite, from);
    root
}

/// Removes `§ 1101. Title.` (or `S 1101.`) from the start of a section's text.
fn strip_header(text: &str, number: &str, title: &str) -> String {
    let t = text.trim_start();
    for mark in ["§", "S", "Sec.", "Section"] {
        if let Some(rest) = t
            .strip_prefix(mark)
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix(number))
            .and_then(|r| r.strip_prefix('.'))
        {
            let rest = rest.trim_start();
            let rest = rest.strip_prefix(title).map_or(rest, str::trim_start);
            return rest.to_string();
        }
    }
    t.to_string()
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

/// Reads the leading `(x)` labels of a block.
fn leading_labels(block: &str) -> (Vec<String>, &str) {
    let mut labels = Vec::new();
    let mut rest = block.trim_start();
    while let Some(r) = rest.strip_prefix('(') {
        let Some(end) = r.find(')') else { break };
        let label = &r[..end];
        if label.is_empty() || label.len() > 5 || !label.chars().all(|c| c.is_ascii_alphanumeric())
        {
            break;
        }
        labels.push(label.to_string());
        rest = r[end + 1..].trim_start();
    }
    (labels, rest)
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
            Some(b) if !starts => {
                b.push(' ');
                b.push_str(&line);
            }
            _ => blocks.push(line),
        }
    }
    let mut parts = Parts::default();
    let mut open: Vec<(Level, String)> = Vec::new();
    for block in blocks {
        let (labels, text) = leading_labels(&block);
        if labels.is_empty() {
            match parts.nodes.last_mut() {
                Some(n) => {
                    n.text.push(' ');
                    n.text.push_str(text);
                }
                None if parts.lead.is_empty() => parts.lead = text.to_string(),
                None => {
                    parts.lead.push(' ');
                    parts.lead.push_str(text);
                }
            }
            continue;
        }
        let n = labels.len();
        for (k, label) in labels.into_iter().enumerate() {
            let Some(lvl) = level(&label, &open) else {
                continue;
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
    }
    parts
}

/// The provision tree of a section's subdivisions.
fn build(parts: &[Part], cite: &str, from: Option<NaiveDate>) -> Vec<Provision> {
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
            // the same label twice: its text is kept with the first
            Some(q) => {
                if let Some(v) = q.versions.last_mut() {
                    if let Some(t) = v.text.get_mut("en") {
                        t.text.push(' ');
                        t.text.push_str(&part.text);
                    }
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

/// The corpus id of an Open Legislation law: the project's id for a law it knows, otherwise
/// `ny/` and the law id in lower case.
pub fn id_for(law: &OpenLegLaw) -> String {
    KNOWN_LAWS
        .iter()
        .find(|(_, lid)| *lid == law.law_id)
        .map(|(id, _)| id.to_string())
        .unwrap_or_else(|| format!("ny/{}", segment(&law.law_id.to_ascii_lowercase())))
}

/// The instrument a law tree becomes: verbatim English text, the file's sha256, each
/// section's text in force from its `activeDate`.
pub fn to_instrument(law: &OpenLegLaw, id: &str, source_address: &str, bytes: &[u8]) -> Instrument {
    let mut title = IndexMap::new();
    title.insert(
        "en".to_string(),
        if law.name.is_empty() {
            law.law_id.clone()
        } else {
            format!("New York {} Law", law.name)
        },
    );
    Instrument {
        id: id.to_string(),
        jurisdiction: Jurisdiction::Ny,
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
    fn header_is_removed() {
        assert_eq!(
            strip_header("§ 1101. Definitions. (a) x", "1101", "Definitions."),
            "(a) x"
        );
        assert_eq!(strip_header("  S 12. Short. Body", "12", "Short."), "Body");
    }
}
