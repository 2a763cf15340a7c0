//! Japanese statutes in the standard law XML that e-Gov publishes (法令API Version 2,
//! `law_file/xml/…`, or a file saved from e-Gov): `Law`/`LawNum`/`LawBody`/`LawTitle`,
//! `MainProvision` with 編/章/節/款/目 (`Part`, `Chapter`, `Section`, `Subsection`,
//! `Division`), `Article Num="272_2"` with `ArticleTitle` and `ArticleCaption`, `Paragraph`,
//! `Item`, `Subitem1` … `Subitem10`, and `SupplProvision AmendLawNum=…` (the elements of
//! 法令標準XMLスキーマ, https://laws.e-gov.go.jp/docs/law-data-basic/419a603-xml-schema-for-japanese-law);
//! the answer of 法令API Version 1 (`DataRoot` … `LawFullText`) is read too. Ruby readings
//! (`Rt`) are left out of the text; tables (`TableStruct`, with their header rows and
//! `Remarks`) are kept, one row a line, and so are lists (`List`); a paragraph's caption is
//! its heading. Articles or items deleted together (`Num="4:6"`, 第四条から第六条まで 削除)
//! are each at their own address. The enacting formula is `enact`, the preamble
//! `preamble`, an appended table (別表) `appdx-table-N`. An element the importer does not
//! read is a warning at its place in the file, never dropped silently.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use indexmap::IndexMap;
use roxmltree::{Document, Node};

use super::lawrefbook::sha256_hex;
use super::{KnownLaws, Official};
use crate::corpus::model::{
    EventKind, HistoryEvent, Instrument, InstrumentStatus, Jurisdiction, Provision, Source, Text,
    TextStatus, Version,
};
use crate::corpus::numerals::parse_number;
use crate::diagnostic::{Diagnostic, SourceFile};

/// How deep elements may nest in a law file. e-Gov law XML nests about thirty deep at
/// most (a tenth-level sub-item's sentence with a ruby reading, inside a `law_data`
/// answer); reading a file nested deeper would exhaust the stack, so it is refused.
pub const MAX_DEPTH: usize = 128;

/// The page of a law on e-Gov, where its official text can be read.
pub fn official_page(law_id: &str) -> String {
    format!("https://laws.e-gov.go.jp/law/{law_id}")
}

/// One e-Gov law XML file, read.
#[derive(Debug, Clone)]
pub struct EgovLaw {
    /// `LawTitle`.
    pub title: String,
    /// `LawNum` (平成七年法律第百五号).
    pub law_num: String,
    /// The promulgation date from the `Law` element's attributes, when they give one.
    pub promulgated: Option<NaiveDate>,
    /// The main provisions and then the supplementary ones.
    pub provisions: Vec<Provision>,
    /// Amending laws named by the supplementary provisions.
    pub amendments: Vec<String>,
    /// What was read but could not be placed as given, each located in the file.
    pub warnings: Vec<Diagnostic>,
}

/// Reads a law XML text. A file that is not XML, or not law XML, is an error located at
/// file:line:col.
pub fn parse_egov(source: &SourceFile) -> crate::Result<EgovLaw> {
    let doc = Document::parse(&source.text).map_err(|e| {
        let pos = e.pos();
        crate::Error::input(
            Diagnostic::error(format!("this is not well-formed XML: {e}"))
                .at(source.line_col(pos.row as usize, pos.col as usize, 1))
                .help("give the law XML as e-Gov serves it (law_file/xml/LAW_ID), unchanged"),
        )
    })?;
    check_depth(source, &doc)?;
    let root = doc.root_element();
    let law = if root.has_tag_name("Law") {
        Some(root)
    } else {
        // law_data answers wrap the law in a response element
        root.descendants().find(|n| n.has_tag_name("Law"))
    };
    let Some(law) = law else {
        return Err(crate::Error::input(
            Diagnostic::error(format!(
                "this is not e-Gov law XML: the root element is `{}`, and no `Law` element is in it",
                root.tag_name().name()
            ))
            .at(at(source, &doc, root))
            .help("give the law XML as e-Gov serves it (law_file/xml/LAW_ID), unchanged"),
        ));
    };
    let body = child(law, "LawBody");
    let title = body
        .and_then(|b| child(b, "LawTitle"))
        .map(text_of)
        .unwrap_or_default();
    let law_num = child(law, "LawNum").map(text_of).unwrap_or_default();
    let Some(body) = body.filter(|_| !title.is_empty()) else {
        return Err(crate::Error::input(
            Diagnostic::error("the `Law` element has no `LawBody` with a `LawTitle`")
                .at(at(source, &doc, law))
                .help("give the whole law file, not an extract"),
        ));
    };
    let promulgated = promulgation_date(law);
    let mut reader = Reader {
        source,
        doc: &doc,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let mut main = Siblings::default();
    // what the law says before its provisions: the enacting formula and the preamble
    if let Some(node) = child(body, "EnactStatement") {
        let mut heading = IndexMap::new();
        heading.insert("ja".to_string(), "制定文".to_string());
        heading.insert("en".to_string(), "Enacting formula".to_string());
        let mut p = provision("enact".to_string(), text_of(node), Vec::new());
        p.heading = heading;
        reader.add(&mut main, p, node);
    }
    if let Some(node) = child(body, "Preamble") {
        let mut paragraphs = Siblings::default();
        for c in node.children().filter(Node::is_element) {
            if c.has_tag_name("Paragraph") {
                let p = reader.paragraph(c);
                reader.add(&mut paragraphs, p, c);
            } else {
                reader.not_imported(c, node);
            }
        }
        let (versions, children) = lift_single_paragraph(Vec::new(), paragraphs.provisions);
        let mut heading = IndexMap::new();
        heading.insert("ja".to_string(), "前文".to_string());
        heading.insert("en".to_string(), "Preamble".to_string());
        let p = Provision {
            path: "preamble".to_string(),
            heading,
            versions,
            children,
            ..Default::default()
        };
        reader.add(&mut main, p, node);
    }
    if let Some(node) = child(body, "MainProvision") {
        reader.walk_divisions(node, &mut Vec::new(), &mut main);
    }
    for c in body.children().filter(Node::is_element) {
        let name = c.tag_name().name();
        if name == "AppdxTable" {
            let p = reader.appendix_table(c);
            reader.add(&mut main, p, c);
        } else if !matches!(
            name,
            "LawTitle" | "EnactStatement" | "TOC" | "Preamble" | "MainProvision" | "SupplProvision"
        ) {
            reader.not_imported(c, body);
        }
    }
    let mut provisions = main.provisions;
    let mut amendments = Vec::new();
    for suppl in body.children().filter(|n| n.has_tag_name("SupplProvision")) {
        let amend = suppl.attribute("AmendLawNum").map(str::to_string);
        let mut path = match &amend {
            Some(num) => format!("suppl-{}", law_number_slug(num)),
            None => "suppl".to_string(),
        };
        let mut n = 2;
        while provisions.iter().any(|p: &Provision| p.path == path) {
            path = format!("{}-{n}", path.trim_end_matches(&format!("-{}", n - 1)));
            n += 1;
        }
        let label = child(suppl, "SupplProvisionLabel")
            .map(text_of)
            .unwrap_or_else(|| "附則".to_string());
        let mut heading = IndexMap::new();
        heading.insert(
            "ja".to_string(),
            match &amend {
                Some(num) => format!("{}（{num}）", label.replace('\u{3000}', "")),
                None => label.replace('\u{3000}', ""),
            },
        );
        heading.insert(
            "en".to_string(),
            match &amend {
                Some(num) => format!("Supplementary provisions ({num})"),
                None => "Supplementary provisions".to_string(),
            },
        );
        let mut children = Siblings::default();
        reader.walk_divisions(suppl, &mut Vec::new(), &mut children);
        let (versions, children) = lift_single_paragraph(Vec::new(), children.provisions);
        if let Some(num) = amend {
            amendments.push(num);
        }
        provisions.push(Provision {
            path,
            heading,
            division: vec![],
            summary: None,
            concepts: vec![],
            refs: vec![],
            versions,
            source: None,
            children,
        });
    }
    if !reader.problems.is_empty() {
        return Err(crate::Error::Input(reader.problems));
    }
    Ok(EgovLaw {
        title,
        law_num,
        promulgated,
        provisions,
        amendments,
        warnings: reader.warnings,
    })
}

/// The instrument an e-Gov file becomes: verbatim Japanese text, the file's sha256, every
/// version starting on `date` (the revision's date, when known).
pub fn to_instrument(
    jurisdiction: Jurisdiction,
    law: &EgovLaw,
    id: &str,
    source_address: &str,
    bytes: &[u8],
    date: Option<NaiveDate>,
    known: &KnownLaws,
) -> Instrument {
    let mut provisions = law.provisions.clone();
    set_from(&mut provisions, date);
    let mut title = IndexMap::new();
    title.insert("ja".to_string(), law.title.clone());
    let mut short_titles = IndexMap::new();
    short_titles.insert("ja".to_string(), vec![law.title.clone()]);
    let fetch = known
        .by_id(id)
        .filter(|f| f.format == Official::Egov)
        .or_else(|| {
            known
                .by_number(Official::Egov, &law.law_num)
                .map(|(_, f)| f)
        });
    let mut history = Vec::new();
    if let Some(d) = law.promulgated {
        history.push(HistoryEvent {
            kind: Some(EventKind::Adopted),
            document: (!law.law_num.is_empty()).then(|| law.law_num.clone()),
            ..HistoryEvent::new(d, format!("{} promulgated.", law.law_num))
        });
    }
    Instrument {
        id: id.to_string(),
        jurisdiction,
        title,
        short_titles,
        issuer: IndexMap::new(),
        document_number: (!law.law_num.is_empty()).then(|| law.law_num.clone()),
        promulgated: law.promulgated,
        effective: date,
        first_in_force: None,
        in_force_until: None,
        status: InstrumentStatus::InForce,
        history,
        source: Source {
            address: source_address.to_string(),
            official: fetch.map(|f| official_page(&f.law_id)),
            retrieved: None,
            sha256: Some(sha256_hex(bytes)),
            text_sha256: None,
            note: None,
            copy: None,
            checked_against: Vec::new(),
            fetch: fetch.cloned(),
        },
        provisions,
    }
}

/// The corpus id for a law: the id of the instrument that names it as its official source
/// (by its law number), otherwise the jurisdiction's code and the file's name.
pub fn id_for(jurisdiction: Jurisdiction, law: &EgovLaw, file: &Path, known: &KnownLaws) -> String {
    if let Some((id, _)) = known.by_number(Official::Egov, &law.law_num) {
        return id.to_string();
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = stem.split('_').next().unwrap_or("");
    let slug: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    format!(
        "{}/{}",
        jurisdiction.code(),
        if slug.is_empty() { "imported" } else { &slug }
    )
}

/// The date a revision took effect, from an e-Gov revision id in the file name
/// (`407AC0000000105_20250601_504AC0000000068.xml`).
pub fn date_in_name(file: &Path) -> Option<NaiveDate> {
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    stem.split('_')
        .filter(|p| p.len() == 8 && p.bytes().all(|b| b.is_ascii_digit()))
        .find_map(|p| NaiveDate::parse_from_str(p, "%Y%m%d").ok())
}

fn set_from(provisions: &mut [Provision], date: Option<NaiveDate>) {
    for p in provisions {
        for v in &mut p.versions {
            v.from = date;
        }
        set_from(&mut p.children, date);
    }
}

fn at(source: &SourceFile, doc: &Document, node: Node) -> crate::diagnostic::Location {
    let pos = doc.text_pos_at(node.range().start);
    source.line_col(pos.row as usize, pos.col as usize, 1)
}

/// Refuses a document whose elements nest deeper than [`MAX_DEPTH`], at the first element
/// too deep. The document is walked in a loop, so that the provisions can then be read by
/// recursion without exhausting the stack.
fn check_depth(source: &SourceFile, doc: &Document) -> crate::Result<()> {
    // the open elements from the root down to the one read last, in document order
    let mut open: Vec<roxmltree::NodeId> = Vec::new();
    for n in doc.descendants().filter(Node::is_element) {
        let parent = n.parent_element().map(|p| p.id());
        while open.last().is_some_and(|last| Some(*last) != parent) {
            open.pop();
        }
        open.push(n.id());
        if open.len() > MAX_DEPTH {
            return Err(crate::Error::input(
                Diagnostic::error(format!(
                    "elements are nested more than {MAX_DEPTH} deep here; e-Gov law XML nests about thirty deep at most"
                ))
                .at(at(source, doc, n))
                .help("this is not law XML as e-Gov serves it: give the law XML (law_file/xml/LAW_ID), unchanged"),
            ));
        }
    }
    Ok(())
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// The text of an element: its text nodes in order, without ruby readings (`Rt`).
pub fn text_of(node: Node) -> String {
    let mut out = String::new();
    fn go(n: Node, out: &mut String) {
        for c in n.children() {
            if c.is_text() {
                out.push_str(c.text().unwrap_or(""));
            } else if c.is_element() && !c.has_tag_name("Rt") {
                go(c, out);
            }
        }
    }
    go(node, &mut out);
    out.trim().to_string()
}

/// The text of a `…Sentence` element: its `Sentence`s run together, or its `Column`s
/// separated by an ideographic space (a defined term and its definition).
fn sentence_text(node: Node) -> String {
    let columns: Vec<String> = node
        .children()
        .filter(|c| c.has_tag_name("Column"))
        .map(text_of)
        .collect();
    if columns.is_empty() {
        text_of(node)
    } else {
        columns.join("\u{3000}")
    }
}

/// A table inside a provision: one row a line, cells separated by ` | `.
fn table_text(node: Node) -> String {
    let mut lines = Vec::new();
    if let Some(t) = node.children().find(|c| c.has_tag_name("TableStructTitle")) {
        lines.push(text_of(t));
    }
    for row in node
        .descendants()
        .filter(|n| n.has_tag_name("TableRow") || n.has_tag_name("TableHeaderRow"))
    {
        let cells: Vec<String> = row
            .children()
            .filter(|c| c.has_tag_name("TableColumn") || c.has_tag_name("TableHeaderColumn"))
            .map(text_of)
            .collect();
        lines.push(cells.join(" | "));
    }
    for r in node.children().filter(|c| c.has_tag_name("Remarks")) {
        lines.extend(remarks_lines(r));
    }
    lines.join("\n")
}

/// The notes under a table (`Remarks`: 備考 and its sentences or items), one a line.
fn remarks_lines(node: Node) -> Vec<String> {
    let mut lines = Vec::new();
    for c in node.children().filter(Node::is_element) {
        let t = if c.has_tag_name("Item") || c.has_tag_name("Subitem1") {
            let title = child(
                c,
                if c.has_tag_name("Item") {
                    "ItemTitle"
                } else {
                    "Subitem1Title"
                },
            )
            .map(text_of)
            .unwrap_or_default();
            let body = text_of(c);
            let body = body.strip_prefix(title.as_str()).unwrap_or(&body).trim();
            format!("{title}\u{3000}{body}").trim().to_string()
        } else {
            text_of(c)
        };
        if !t.is_empty() {
            lines.push(t);
        }
    }
    lines
}

/// A list (`List`: 列記) under a provision: its sentences and those of its sub-lists, one a
/// line.
fn list_lines(node: Node) -> Vec<String> {
    node.descendants()
        .filter(|n| {
            let name = n.tag_name().name();
            name == "ListSentence" || (name.starts_with("Sublist") && name.ends_with("Sentence"))
        })
        .map(sentence_text)
        .filter(|t| !t.is_empty())
        .collect()
}

const DIVISIONS: [(&str, &str); 5] = [
    ("Part", "PartTitle"),
    ("Chapter", "ChapterTitle"),
    ("Section", "SectionTitle"),
    ("Subsection", "SubsectionTitle"),
    ("Division", "DivisionTitle"),
];

/// Reads the provisions of a law file, collecting the problems that stop the import (two
/// provisions at one address) so that all of them are reported at once.
struct Reader<'s, 'a, 'i> {
    source: &'s SourceFile,
    doc: &'a Document<'i>,
    problems: Vec<Diagnostic>,
    /// What was read but is not imported as given.
    warnings: Vec<Diagnostic>,
}

/// The provisions of one level (the articles of a law, the paragraphs of an article, the
/// items of a paragraph), with the element each was read from, so that two at one address
/// are reported at both places.
#[derive(Default)]
struct Siblings<'a, 'i> {
    provisions: Vec<Provision>,
    read_from: HashMap<String, Node<'a, 'i>>,
}

impl<'a, 'i> Reader<'_, 'a, 'i> {
    /// Adds a provision read from `node` to its level; one whose address another already
    /// has is an error naming both elements' places.
    fn add(&mut self, level: &mut Siblings<'a, 'i>, p: Provision, node: Node<'a, 'i>) {
        if let Some(first) = level.read_from.get(&p.path) {
            let first_at = at(self.source, self.doc, *first);
            let what = node.tag_name().name();
            let num = node
                .attribute("Num")
                .map(|n| format!(" (Num=\"{n}\")"))
                .unwrap_or_default();
            self.problems.push(
                Diagnostic::error(format!(
                    "two `{what}` elements have the address `{}`{num}: this one and the one at {}:{}:{}",
                    p.path, first_at.file, first_at.line, first_at.column
                ))
                .at(at(self.source, self.doc, node))
                .label("the second with this number")
                .help("an address names one provision: correct the `Num` of one of them, or give the file as e-Gov serves it, unchanged"),
            );
            return;
        }
        level.read_from.insert(p.path.clone(), node);
        level.provisions.push(p);
    }

    /// A warning that an element inside `parent` is not imported.
    fn not_imported(&mut self, node: Node<'a, 'i>, parent: Node<'a, 'i>) {
        let name = node.tag_name().name();
        let text = text_of(node);
        let what = if text.is_empty() {
            String::new()
        } else {
            let start: String = text.chars().take(20).collect();
            format!(
                " (`{start}{}`)",
                if text.chars().count() > 20 { "…" } else { "" }
            )
        };
        self.warnings.push(
            Diagnostic::warning(format!(
                "`{name}` in `{}`{what} is not imported: mutua does not read this element",
                parent.tag_name().name()
            ))
            .at(at(self.source, self.doc, node))
            .help("read it on e-Gov; the provisions around it are imported"),
        );
    }

    fn walk_divisions(
        &mut self,
        node: Node<'a, 'i>,
        division: &mut Vec<String>,
        out: &mut Siblings<'a, 'i>,
    ) {
        for c in node.children().filter(Node::is_element) {
            let name = c.tag_name().name();
            if let Some((_, title_tag)) = DIVISIONS.iter().find(|(d, _)| *d == name) {
                let title = child(c, title_tag)
                    .map(text_of)
                    .unwrap_or_default()
                    .replace('\u{3000}', " ");
                division.push(title);
                self.walk_divisions(c, division, out);
                division.pop();
            } else if name == "Article" {
                for a in self.article(c, division) {
                    self.add(out, a, c);
                }
            } else if name == "Paragraph" {
                // a law (or supplementary provision) without articles
                let p = self.paragraph(c);
                self.add(out, p, c);
            } else if !(DIVISIONS.iter().any(|(_, t)| *t == name) || name == "SupplProvisionLabel")
            {
                self.not_imported(c, node);
            }
        }
    }

    /// An article, or the articles of a range deleted together (`Num="3:5"`, 第三条から
    /// 第五条まで 削除): each is at its own address (`art-3`, `art-4`, `art-5`).
    fn article(&mut self, node: Node<'a, 'i>, division: &[String]) -> Vec<Provision> {
        let num = node.attribute("Num").unwrap_or("");
        let title = child(node, "ArticleTitle").map(text_of).unwrap_or_default();
        let caption = child(node, "ArticleCaption").map(text_of);
        let mut heading = IndexMap::new();
        heading.insert(
            "ja".to_string(),
            format!("{title}{}", caption.clone().unwrap_or_default()),
        );
        let mut paragraphs = Siblings::default();
        for c in node.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "Paragraph" => {
                    let p = self.paragraph(c);
                    self.add(&mut paragraphs, p, c);
                }
                "ArticleTitle" | "ArticleCaption" => {}
                _ => self.not_imported(c, node),
            }
        }
        let (versions, children) = lift_single_paragraph(Vec::new(), paragraphs.provisions);
        let one = Provision {
            path: String::new(),
            heading,
            division: division.to_vec(),
            summary: None,
            concepts: vec![],
            refs: vec![],
            versions,
            source: None,
            children,
        };
        numbers(num)
            .into_iter()
            .map(|n| {
                let mut a = one.clone();
                a.path = format!("art-{}", segment(&n));
                a.heading
                    .insert("en".to_string(), format!("Article {}", n.replace('_', "-")));
                a
            })
            .collect()
    }

    fn paragraph(&mut self, node: Node<'a, 'i>) -> Provision {
        let num = node.attribute("Num").unwrap_or("1");
        let mut text = child(node, "ParagraphSentence")
            .map(sentence_text)
            .unwrap_or_default();
        let mut items = Siblings::default();
        for c in node.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "Item" => {
                    for item in self.item(c, "Item", 0) {
                        self.add(&mut items, item, c);
                    }
                }
                "TableStruct" => push_line(&mut text, &table_text(c)),
                "List" => {
                    for l in list_lines(c) {
                        push_line(&mut text, &l);
                    }
                }
                "ParagraphNum" | "ParagraphSentence" | "ParagraphCaption" => {}
                _ => self.not_imported(c, node),
            }
        }
        let mut p = provision(format!("para-{}", segment(num)), text, items.provisions);
        // a paragraph's own caption (項見出し)
        if let Some(caption) = child(node, "ParagraphCaption").map(text_of) {
            if !caption.is_empty() {
                p.heading.insert("ja".to_string(), caption);
            }
        }
        p
    }

    /// An `Item` (depth 0) or `SubitemN` (depth N); items deleted together (`Num="3:4"`,
    /// 三及び四 削除) are each at their own address.
    fn item(&mut self, node: Node<'a, 'i>, tag: &str, depth: usize) -> Vec<Provision> {
        let num = node.attribute("Num").unwrap_or("");
        let mut text = child(node, &format!("{tag}Sentence"))
            .map(sentence_text)
            .unwrap_or_default();
        let sub = format!("Subitem{}", depth + 1);
        let mut children: Vec<Provision> = Vec::new();
        let mut read_from: Vec<Node<'a, 'i>> = Vec::new();
        for c in node.children().filter(Node::is_element) {
            let name = c.tag_name().name();
            if name == sub {
                for p in self.item(c, &sub, depth + 1) {
                    children.push(p);
                    read_from.push(c);
                }
            } else if name == "TableStruct" {
                push_line(&mut text, &table_text(c));
            } else if name == "List" {
                for l in list_lines(c) {
                    push_line(&mut text, &l);
                }
            } else if name != format!("{tag}Title") && name != format!("{tag}Sentence") {
                self.not_imported(c, node);
            }
        }
        // siblings whose labels read the same (two イ) are told apart by their place
        let mut seen = std::collections::HashSet::new();
        for (i, c) in children.iter_mut().enumerate() {
            if !seen.insert(c.path.clone()) {
                let new = format!("{}-{}", c.path, i + 1);
                self.warnings.push(
                    Diagnostic::warning(format!(
                        "two sub-items read `{}` here; this one is imported at `{new}`",
                        c.path
                    ))
                    .at(at(self.source, self.doc, read_from[i]))
                    .help("check the sub-item titles against the official text"),
                );
                c.path = new;
            }
        }
        let title = child(node, &format!("{tag}Title"))
            .map(text_of)
            .unwrap_or_default();
        numbers(num)
            .into_iter()
            .map(|n| {
                let path = if depth == 0 {
                    format!("item-{}", segment(&n))
                } else {
                    format!(
                        "sub-{}",
                        subitem_label(&title).unwrap_or_else(|| segment(&n))
                    )
                };
                provision(path, text.clone(), children.clone())
            })
            .collect()
    }

    /// An appended table (別表): `appdx-table-1`, its table and notes as its text, its
    /// items as its parts.
    fn appendix_table(&mut self, node: Node<'a, 'i>) -> Provision {
        let num = node.attribute("Num").unwrap_or("1");
        let title = child(node, "AppdxTableTitle")
            .map(text_of)
            .unwrap_or_default();
        let related = child(node, "RelatedArticleNum")
            .map(text_of)
            .unwrap_or_default();
        let mut text = String::new();
        let mut items = Siblings::default();
        for c in node.children().filter(Node::is_element) {
            match c.tag_name().name() {
                "TableStruct" => push_line(&mut text, &table_text(c)),
                "Remarks" => {
                    for l in remarks_lines(c) {
                        push_line(&mut text, &l);
                    }
                }
                "Item" => {
                    for item in self.item(c, "Item", 0) {
                        self.add(&mut items, item, c);
                    }
                }
                "AppdxTableTitle" | "RelatedArticleNum" => {}
                _ => self.not_imported(c, node),
            }
        }
        let mut p = provision(
            format!("appdx-table-{}", segment(num)),
            text,
            items.provisions,
        );
        p.heading
            .insert("ja".to_string(), format!("{title}{related}"));
        p.heading.insert(
            "en".to_string(),
            format!("Appended Table {}", num.replace('_', "-")),
        );
        p
    }
}

/// Adds a line to a provision's text.
fn push_line(text: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

/// The numbers an element's `Num` stands for: itself, or each number of a range deleted
/// together (`3:5` → 3, 4, 5; `2_3:2_5` → 2_3, 2_4, 2_5). A range that cannot be listed
/// (`5_2:7`) keeps one address, `5-2-to-7`.
fn numbers(num: &str) -> Vec<String> {
    let Some((a, b)) = num.split_once(':') else {
        return vec![num.to_string()];
    };
    let split = |n: &str| -> (String, Option<u32>) {
        match n.rsplit_once('_') {
            Some((p, l)) => (format!("{p}_"), l.parse().ok()),
            None => (String::new(), n.parse().ok()),
        }
    };
    match (split(a), split(b)) {
        ((pa, Some(x)), (pb, Some(y))) if pa == pb && x <= y && y - x <= 1000 => {
            (x..=y).map(|n| format!("{pa}{n}")).collect()
        }
        _ => vec![num.replace(':', "-to-")],
    }
}

/// An article of one paragraph holds that paragraph's text and items itself, as it is
/// cited (第十八条, 第三条第一号), not as `para-1`.
fn lift_single_paragraph(
    versions: Vec<Version>,
    children: Vec<Provision>,
) -> (Vec<Version>, Vec<Provision>) {
    if children.len() == 1 && children[0].path == "para-1" && versions.is_empty() {
        let p = children
            .into_iter()
            .next()
            .unwrap_or_else(|| unreachable!());
        return (p.versions, p.children);
    }
    (versions, children)
}

fn provision(path: String, text: String, children: Vec<Provision>) -> Provision {
    let versions = if text.is_empty() {
        vec![]
    } else {
        let mut t = IndexMap::new();
        t.insert(
            "ja".to_string(),
            Text {
                status: TextStatus::Verbatim,
                text,
                by: None,
                sha256: None,
                readings: Vec::new(),
            },
        );
        vec![Version {
            from: None,
            to: None,
            amendment: None,
            text: t,
        }]
    };
    Provision {
        path,
        versions,
        children,
        ..Default::default()
    }
}

/// `272_2` → `272-2`; anything but ASCII letters and digits becomes `-`.
fn segment(num: &str) -> String {
    let s: String = num
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s = s.trim_matches('-').to_string();
    if s.is_empty() {
        "0".to_string()
    } else {
        s
    }
}

/// The address label of a sub-item title: イ → `i`, ロ → `ro` (as the corpus spells them),
/// （１） → `1`, （ｉ） or (ii) → `i`, `ii`.
pub fn subitem_label(title: &str) -> Option<String> {
    let inner = title
        .trim()
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）'])
        .trim();
    let mut chars = inner.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if let Some(r) = crate::corpus::numerals::iroha_label(c) {
            return Some(r.to_string());
        }
    }
    if let Some(n) = parse_number(inner) {
        return Some(n.to_string());
    }
    let ascii: String = inner
        .chars()
        .map(|c| match c {
            'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'a' as u32).unwrap_or(c),
            'Ａ'..='Ｚ' => char::from_u32(c as u32 - 'Ａ' as u32 + 'A' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    (!ascii.is_empty() && ascii.chars().all(|c| c.is_ascii_alphanumeric())).then_some(ascii)
}

/// `平成一七年五月二日法律第三八号` → `h17-38`: era, year and number, as an address label.
pub fn law_number_slug(num: &str) -> String {
    let era = [
        ("明治", "m"),
        ("大正", "t"),
        ("昭和", "s"),
        ("平成", "h"),
        ("令和", "r"),
    ]
    .iter()
    .find(|(e, _)| num.starts_with(e));
    let year = era
        .and_then(|(e, _)| num.strip_prefix(e))
        .and_then(|rest| rest.split_once('年'))
        .and_then(|(y, _)| if y == "元" { Some(1) } else { parse_number(y) });
    let number = num
        .rsplit_once('第')
        .and_then(|(_, n)| n.strip_suffix('号'))
        .and_then(parse_number);
    match (era, year, number) {
        (Some((_, e)), Some(y), Some(n)) => format!("{e}{y}-{n}"),
        _ => {
            let slug = segment(
                &num.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>(),
            );
            if slug == "0" {
                format!("{:x}", num.len())
            } else {
                slug
            }
        }
    }
}

/// The promulgation date from the `Law` element's `Era`, `Year`, `PromulgateMonth` and
/// `PromulgateDay` attributes.
fn promulgation_date(law: Node) -> Option<NaiveDate> {
    let base = match law.attribute("Era")? {
        "Meiji" => 1867,
        "Taisho" => 1911,
        "Showa" => 1925,
        "Heisei" => 1988,
        "Reiwa" => 2018,
        _ => return None,
    };
    let year: i32 = law.attribute("Year")?.parse().ok()?;
    let month: u32 = law.attribute("PromulgateMonth")?.parse().ok()?;
    let day: u32 = law.attribute("PromulgateDay")?.parse().ok()?;
    NaiveDate::from_ymd_opt(base + year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Law Era="Heisei" Year="7" Num="105" LawType="Act" Lang="ja" PromulgateMonth="6" PromulgateDay="7">
<LawNum>平成七年法律第百五号</LawNum>
<LawBody>
<LawTitle>試験法</LawTitle>
<MainProvision>
<Part Num="1"><PartTitle>第一編　総則</PartTitle>
<Article Num="1"><ArticleCaption>（目的）</ArticleCaption><ArticleTitle>第一条</ArticleTitle>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>この法律は、<Ruby>試<Rt>ため</Rt></Ruby>す。</Sentence></ParagraphSentence></Paragraph>
</Article>
<Article Num="2_2"><ArticleTitle>第二条の二</ArticleTitle>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence Num="1" Function="main">甲とする。</Sentence><Sentence Num="2" Function="proviso">ただし、乙とする。</Sentence></ParagraphSentence></Paragraph>
<Paragraph Num="2"><ParagraphNum>２</ParagraphNum><ParagraphSentence><Sentence>次に掲げる。</Sentence></ParagraphSentence>
<Item Num="1"><ItemTitle>一</ItemTitle><ItemSentence><Column Num="1"><Sentence>用語</Sentence></Column><Column Num="2"><Sentence>意味</Sentence></Column></ItemSentence>
<Subitem1 Num="1"><Subitem1Title>イ</Subitem1Title><Subitem1Sentence><Sentence>丙</Sentence></Subitem1Sentence>
<Subitem2 Num="1"><Subitem2Title>（１）</Subitem2Title><Subitem2Sentence><Sentence>丁</Sentence></Subitem2Sentence></Subitem2>
</Subitem1>
</Item>
</Paragraph>
</Article>
</Part>
</MainProvision>
<SupplProvision><SupplProvisionLabel>附　則</SupplProvisionLabel>
<Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence>施行する。</Sentence></ParagraphSentence></Paragraph>
</SupplProvision>
<SupplProvision AmendLawNum="平成一七年五月二日法律第三八号" Extract="true"><SupplProvisionLabel>附　則</SupplProvisionLabel>
<Article Num="1"><ArticleTitle>第一条</ArticleTitle><Paragraph Num="1"><ParagraphSentence><Sentence>戊</Sentence></ParagraphSentence></Paragraph></Article>
</SupplProvision>
</LawBody>
</Law>"#;

    #[test]
    fn reads_articles_paragraphs_items_subitems_and_suppl() {
        let law = parse_egov(&SourceFile::new("t.xml", XML)).unwrap();
        assert_eq!(law.title, "試験法");
        assert_eq!(law.promulgated, NaiveDate::from_ymd_opt(1995, 6, 7));
        let paths: Vec<_> = law.provisions.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["art-1", "art-2-2", "suppl", "suppl-h17-38"]);
        let a1 = &law.provisions[0];
        assert_eq!(a1.heading["ja"], "第一条（目的）");
        assert_eq!(a1.division, ["第一編 総則"]);
        assert_eq!(a1.versions[0].text["ja"].text, "この法律は、試す。");
        let a2 = &law.provisions[1];
        assert_eq!(
            a2.children[0].versions[0].text["ja"].text,
            "甲とする。ただし、乙とする。"
        );
        let item = &a2.children[1].children[0];
        assert_eq!(item.path, "item-1");
        assert_eq!(item.versions[0].text["ja"].text, "用語\u{3000}意味");
        assert_eq!(item.children[0].path, "sub-i");
        assert_eq!(item.children[0].children[0].path, "sub-1");
        assert_eq!(law.provisions[3].children[0].path, "art-1");
        assert_eq!(law.amendments, ["平成一七年五月二日法律第三八号"]);
    }

    #[test]
    fn law_numbers_and_labels() {
        assert_eq!(law_number_slug("平成一七年五月二日法律第三八号"), "h17-38");
        assert_eq!(law_number_slug("令和四年六月十七日法律第六十八号"), "r4-68");
        assert_eq!(subitem_label("ロ").as_deref(), Some("ro"));
        assert_eq!(subitem_label("（ｉｉ）").as_deref(), Some("ii"));
        assert_eq!(
            date_in_name(Path::new("407AC0000000105_20250601_504AC0000000068.xml")),
            NaiveDate::from_ymd_opt(2025, 6, 1)
        );
    }

    #[test]
    fn not_xml_is_located() {
        let err = parse_egov(&SourceFile::new("bad.xml", "<Law>\n<LawBody>\n</Law>")).unwrap_err();
        let text = err.diagnostics()[0].render_plain();
        assert!(text.starts_with("bad.xml:3:"), "{text}");
    }
}
