//! LawRefBook-style Markdown: a `# Title` line, optional `# subtitle`, dated history lines
//! (`2015年4月24日 …`), `<!-- INFO END -->`, then `##`/`###`/`####` headings for 编/章/节 and
//! paragraphs that begin `第N条` (Chinese numerals) for each article; paragraphs without the
//! prefix belong to the article before them.
//!
//! Every paragraph of the body is kept, in order, in exactly one provision:
//! - the paragraphs before the first article are the `preamble` (序言, an enacting
//!   paragraph);
//! - a document without articles whose paragraphs are numbered `一、` `二、` … (a decision,
//!   an amending act) has items `item-1`, `item-2` …, numbered in sequence, a heading line
//!   `## 一、…` numbering one too; the paragraphs before the first are its preamble;
//! - a document with neither is one provision, `text`;
//! - a paragraph after a heading but before the next article (an annex, a heading run over
//!   two lines) is kept with the article before it, with a warning naming it.
//!
//! What is not kept as text: headings (the title, 编/章/节, an article's number, which is
//! its heading), HTML comments (`<!-- … -->`, to the line's end when not closed on it) and
//! a table's delimiter row (`|---|---|`). Lines are trimmed of whitespace (the ideographic
//! and no-break spaces and the zero-width space included) and blank lines are dropped; a
//! table row is written as its cells, trimmed, between ` | `. Nothing else is changed.

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use crate::corpus::load::hex;
use crate::corpus::model::{
    HistoryEvent, Instrument, InstrumentStatus, Jurisdiction, Provision, Source, Text, TextStatus,
    Version,
};
use crate::corpus::numerals::parse_number;
use crate::diagnostic::{Diagnostic, SourceFile};

/// A provision read from a LawRefBook file: an article, an item of a document numbered
/// `一、` `二、` …, the preamble before the first of them, or the whole text of a document
/// with neither.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedProvision {
    /// Address segment (`art-181`, `art-120-1`, `item-3`, `preamble`, `text`).
    pub path: String,
    /// The number as written (`第一百八十一条`, `第一百二十条之一`, `三、`), or the heading
    /// line that numbers an item (`三、加强监督`); empty for a preamble or a whole text.
    pub heading: String,
    /// 编/章/节 headings it sits under.
    pub division: Vec<String>,
    /// Its paragraphs, the number removed from the first.
    pub paragraphs: Vec<String>,
    /// 1-based line where it starts.
    pub line: usize,
}

impl ImportedProvision {
    /// Whether this is an article or an item, rather than a preamble or a whole text.
    fn numbered(&self) -> bool {
        !matches!(self.path.as_str(), PREAMBLE | WHOLE_TEXT)
    }

    /// How a message names it: `第九条`, `item-3`, `the preamble`.
    fn name(&self) -> String {
        match self.path.as_str() {
            PREAMBLE => "the preamble".to_string(),
            WHOLE_TEXT => "the text".to_string(),
            p if p.starts_with("art-") => self.heading.clone(),
            p => p.to_string(),
        }
    }
}

/// The address segment of the paragraphs before the first article or item.
pub const PREAMBLE: &str = "preamble";

/// The address segment of the whole text of a document without articles or items.
pub const WHOLE_TEXT: &str = "text";

/// A LawRefBook file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct LawRefBookDoc {
    /// The first `# ` line.
    pub title: String,
    /// A second `# ` line, if any.
    pub subtitle: Option<String>,
    /// A document number line of a plain-text regulation (`保监发〔2015〕11号`).
    pub document_number: Option<String>,
    /// Dated history lines.
    pub history: Vec<HistoryEvent>,
    /// The provisions in order: the preamble, if any, then the articles or items.
    pub provisions: Vec<ImportedProvision>,
    /// Problems that did not stop the parse (duplicate numbers, unreadable numerals,
    /// paragraphs outside any article).
    pub warnings: Vec<Diagnostic>,
}

/// What to use for a plain-text regulation (a `.txt` file saved from a regulator's page:
/// a title line, dated lines, then `第N条` paragraphs) where the file does not say it.
#[derive(Debug, Clone, Default)]
pub struct PlainText {
    /// The instrument id (`cn/pilot-measures`).
    pub id: Option<String>,
    /// The title, instead of the file's first line.
    pub title: Option<String>,
    /// The date the text is in force from.
    pub date: Option<NaiveDate>,
}

/// Whether a file is read as plain text rather than LawRefBook Markdown.
pub fn is_plain_text(name: &str) -> bool {
    name.ends_with(".txt")
}

/// Parses one LawRefBook Markdown text, or a plain-text regulation when the file's name
/// ends in `.txt`. An error names file:line:col.
pub fn parse_lawrefbook(source: &SourceFile) -> crate::Result<LawRefBookDoc> {
    parse_with_title(source, None)
}

/// As [`parse_lawrefbook`], with the title given when the file has no title line.
pub fn parse_with_title(
    source: &SourceFile,
    given_title: Option<&str>,
) -> crate::Result<LawRefBookDoc> {
    let text: &str = &source.text;
    let plain = is_plain_text(&source.name);
    let mut subtitle = None;
    let mut document_number = None;
    let mut history = Vec::new();
    let mut body: Vec<BodyLine> = Vec::new();
    let mut in_body = !plain && !text.contains("<!-- INFO END -->");
    let mut title: Option<String> = given_title.map(str::to_string);
    let mut in_front_matter = false;
    let mut front_title: Option<String> = None;
    let mut offset = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        let span = offset..offset + raw.trim_end().len();
        offset += raw.len();
        let uncommented = without_comments(raw.trim_end_matches(['\n', '\r']));
        let line = trim_blank(&uncommented);
        if i == 0 && line == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter {
            if let Some(t) = line.strip_prefix("title:") {
                front_title = Some(t.trim().trim_matches('"').to_string());
            }
            in_front_matter = line != "---";
            continue;
        }
        if raw.contains("<!-- INFO END -->") {
            in_body = true;
            continue;
        }
        if line.is_empty() {
            continue;
        }
        if plain && !in_body {
            // a title line, dated lines and a document number; the body begins with the
            // first article, heading or other line
            if article_start(line).is_none() && bare_division_level(line).is_none() {
                if let Some(ev) = history_line(line) {
                    history.push(ev);
                    continue;
                } else if line.ends_with('号') && line.contains(['〔', '[']) {
                    document_number = Some(line.to_string());
                    continue;
                } else if title.is_none() {
                    title = Some(line.to_string());
                    continue;
                } else if subtitle.is_none() && given_title.is_none() {
                    subtitle = Some(line.to_string());
                    continue;
                }
            }
            in_body = true;
        }
        if !in_body || title.is_none() {
            if let Some(t) = line.strip_prefix("# ") {
                if title.is_none() {
                    title = Some(t.trim().to_string());
                } else if subtitle.is_none() {
                    subtitle = Some(t.trim().to_string());
                }
                continue;
            }
            if !in_body {
                if let Some(ev) = history_line(line) {
                    history.push(ev);
                }
                continue;
            }
        }
        let kind = if let Some(level) = heading_level(line).or_else(|| bare_division_level(line)) {
            let text = line
                .trim_start_matches('#')
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if text.is_empty() {
                // an empty heading heads nothing
                continue;
            }
            Line::Heading { level, text }
        } else {
            match article_start(line) {
                Some(Ok((path, heading, text))) => Line::Article {
                    path,
                    heading,
                    text,
                    whole: line.to_string(),
                },
                Some(Err(numeral)) => Line::BadNumber {
                    numeral,
                    text: line.to_string(),
                },
                None => match table_row(line) {
                    Some(None) => continue,
                    Some(Some(row)) => Line::Paragraph(row),
                    None => Line::Paragraph(line.to_string()),
                },
            }
        };
        body.push(BodyLine {
            kind,
            line: line_no,
            span,
        });
    }
    let Some(title) = title.or(front_title) else {
        return Err(crate::Error::input(
            Diagnostic::error("no `# Title` line: this is not a LawRefBook law file")
                .at(source.span(0..0))
                .help("a LawRefBook file starts with `# ` and the instrument's title"),
        ));
    };
    let (provisions, mut warnings) = Placer::place(source, body);
    if provisions.is_empty() {
        let end = source.text.trim_end().len();
        warnings.push(
            Diagnostic::warning("the file holds no text after its title and dates: the instrument is imported without provisions")
                .at(source.span(end..end))
                .help("check the file: a LawRefBook law has its text after `<!-- INFO END -->`"),
        );
    }
    Ok(LawRefBookDoc {
        title,
        subtitle,
        document_number,
        history,
        provisions,
        warnings,
    })
}

/// A line of a file's body, read.
enum Line {
    /// A 编/章/节 heading (`## …`, or a bare `第一章 总则`) and its level, as if it had
    /// `##` (编), `###` (章) or `####` (节).
    Heading { level: usize, text: String },
    /// A line that starts an article: its address segment, its number, the rest, and the
    /// whole line.
    Article {
        path: String,
        heading: String,
        text: String,
        whole: String,
    },
    /// A line that starts like an article but whose number cannot be read.
    BadNumber { numeral: String, text: String },
    /// Any other line.
    Paragraph(String),
}

/// A line of a file's body and where it stands.
struct BodyLine {
    kind: Line,
    /// 1-based line number.
    line: usize,
    /// Byte span of the line, without its line break.
    span: Range<usize>,
}

/// How a document's body is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbering {
    /// `第N条` articles.
    Articles,
    /// No articles; items `一、` `二、` … in sequence.
    Items,
    /// Neither: the body is one text.
    None,
}

/// Puts every paragraph of a body into a provision, in order, and says where it could not
/// tell which (a paragraph after a heading and before the next article).
struct Placer<'s> {
    source: &'s SourceFile,
    numbering: Numbering,
    provisions: Vec<ImportedProvision>,
    warnings: Vec<Diagnostic>,
    division: Vec<(usize, String)>,
    /// A heading read since the last article or item began: the paragraphs after it, up
    /// to the next article, are in none.
    heading_since: Option<String>,
    next_item: u64,
}

impl<'s> Placer<'s> {
    fn place(
        source: &'s SourceFile,
        body: Vec<BodyLine>,
    ) -> (Vec<ImportedProvision>, Vec<Diagnostic>) {
        // items number a document when its first item comes before any other heading
        // (a case report's `## 裁判要点` may list points 一、二、 among its sections)
        let first_item = body.iter().find_map(|l| match &l.kind {
            Line::Paragraph(t) if item_start(t).is_some_and(|(n, _)| n == 1) => Some(true),
            Line::Heading { text, .. } => Some(item_start(text).is_some_and(|(n, _)| n == 1)),
            _ => None,
        });
        let numbering = if body.iter().any(|l| matches!(l.kind, Line::Article { .. })) {
            Numbering::Articles
        } else if first_item == Some(true) {
            Numbering::Items
        } else {
            Numbering::None
        };
        let mut placer = Placer {
            source,
            numbering,
            provisions: Vec::new(),
            warnings: Vec::new(),
            division: Vec::new(),
            heading_since: None,
            next_item: 1,
        };
        for l in body {
            placer.read(l);
        }
        (placer.provisions, placer.warnings)
    }

    fn read(&mut self, l: BodyLine) {
        match l.kind {
            Line::Heading { level, text } => {
                if self.next_item_in(&text).is_some() {
                    self.start_item(text, String::new(), l.line);
                    return;
                }
                if self.provisions.last().is_some_and(|p| p.numbered()) {
                    self.heading_since = Some(text.clone());
                }
                self.division.retain(|(lvl, _)| *lvl < level);
                self.division.push((level, text));
            }
            Line::Article {
                path,
                heading,
                text,
                whole,
            } => {
                if let Some(a) = self.provisions.iter_mut().find(|a| a.path == path) {
                    self.warnings.push(
                        Diagnostic::warning(format!("{heading} appears twice; both are kept as separate paragraphs of the first"))
                            .at(self.source.span(l.span)),
                    );
                    a.paragraphs.push(whole);
                    return;
                }
                self.start(path, heading, text, l.line);
            }
            Line::BadNumber { numeral, text } => {
                let into = self
                    .provisions
                    .last()
                    .map_or_else(|| "the preamble".to_string(), ImportedProvision::name);
                self.warnings.push(
                    Diagnostic::warning(format!(
                        "cannot read the article number `{numeral}`; the line is kept as a paragraph of {into}"
                    ))
                    .at(self.source.span(l.span)),
                );
                self.paragraph(text, l.line, None);
            }
            Line::Paragraph(text) => {
                if let Some(rest) = self.next_item_in(&text) {
                    let numeral = text[..text.len() - rest.len()].to_string();
                    let first = trim_blank(rest).to_string();
                    self.start_item(numeral, first, l.line);
                    return;
                }
                let outside = self.heading_since.clone().map(|h| (h, l.span));
                self.paragraph(text, l.line, outside);
            }
        }
    }

    /// The rest of `text` after its number, when it numbers the next item of a document
    /// numbered by items.
    fn next_item_in<'t>(&self, text: &'t str) -> Option<&'t str> {
        let (n, rest) = item_start(text).filter(|_| self.numbering == Numbering::Items)?;
        (n == self.next_item).then_some(rest)
    }

    fn start_item(&mut self, heading: String, first: String, line: usize) {
        let path = format!("item-{}", self.next_item);
        self.next_item += 1;
        self.start(path, heading, first, line);
    }

    fn start(&mut self, path: String, heading: String, first: String, line: usize) {
        self.provisions.push(ImportedProvision {
            path,
            heading,
            division: self.division.iter().map(|(_, h)| h.clone()).collect(),
            paragraphs: if first.is_empty() {
                vec![]
            } else {
                vec![first]
            },
            line,
        });
        self.heading_since = None;
    }

    /// Adds a paragraph to the provision read last, or begins the preamble (or the whole
    /// text) with it. `outside` is the heading it follows and its span, when it follows
    /// one in no article: it is kept, with a warning.
    fn paragraph(&mut self, text: String, line: usize, outside: Option<(String, Range<usize>)>) {
        let Some(last) = self.provisions.last_mut() else {
            let path = match self.numbering {
                Numbering::None => WHOLE_TEXT,
                _ => PREAMBLE,
            };
            self.start(path.to_string(), String::new(), text, line);
            return;
        };
        if let Some((heading, span)) = outside {
            let unit = match self.numbering {
                Numbering::Items => "item",
                _ => "article",
            };
            self.warnings.push(
                Diagnostic::warning(format!(
                    "`{}` follows the heading `{heading}` but no {unit} under it; it is kept as a paragraph of {}",
                    opening(&text),
                    last.name()
                ))
                .at(self.source.span(span))
                .help(format!("if the heading runs over two lines, join them; if the paragraph starts an {unit}, number it")),
            );
        }
        last.paragraphs.push(text);
    }
}

/// The first characters of a paragraph, for a message.
fn opening(text: &str) -> String {
    const SHOWN: usize = 20;
    match text.char_indices().nth(SHOWN) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// A line without surrounding whitespace: the ideographic (U+3000) and no-break spaces
/// with the others, and the zero-width space and byte order mark, which some copies put
/// on lines of their own.
fn trim_blank(line: &str) -> &str {
    line.trim_matches(is_blank)
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}')
}

/// A line without its HTML comments (`<!-- … -->`; one not closed on the line runs to
/// its end).
fn without_comments(line: &str) -> Cow<'_, str> {
    if !line.contains("<!--") {
        return Cow::Borrowed(line);
    }
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        match rest[open..].find("-->") {
            Some(close) => rest = &rest[open + close + "-->".len()..],
            None => return Cow::Owned(out),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A Markdown table row: `None` when the line is not one, `Some(None)` for the delimiter
/// row (`|---|:--|`), otherwise its cells, trimmed, between ` | `.
fn table_row(line: &str) -> Option<Option<String>> {
    let inner = line.strip_prefix('|')?;
    if inner
        .chars()
        .all(|c| matches!(c, '|' | '-' | ':') || is_blank(c))
    {
        return Some(None);
    }
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<&str> = inner.split('|').map(trim_blank).collect();
    Some(Some(cells.join(" | ")))
}

/// `三、…` → (3, `…`): a paragraph numbered as an item of a decision (Chinese numerals
/// only, up to 九十九).
fn item_start(line: &str) -> Option<(u64, &str)> {
    let (numeral, rest) = line.split_once('、')?;
    let chinese = |c: char| "一二三四五六七八九十".contains(c);
    if numeral.is_empty() || numeral.chars().count() > 3 || !numeral.chars().all(chinese) {
        return None;
    }
    Some((parse_number(numeral)?, rest))
}

/// The level of a Markdown heading (`## 第一章 总则`, or `##` alone, an empty one): its
/// number of `#`, followed by whitespace or nothing.
fn heading_level(line: &str) -> Option<usize> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let rest = &line[hashes..];
    (hashes >= 1 && (rest.is_empty() || rest.starts_with(is_blank))).then_some(hashes)
}

/// A division heading written without `#` (`第一章  总则`, `第二节 销售管理`), as some
/// copies have them: its level as if it had `##` (编), `###` (章) or `####` (节).
fn bare_division_level(line: &str) -> Option<usize> {
    let rest = line.strip_prefix('第')?;
    let end = rest.find(['编', '章', '节'])?;
    parse_number(&rest[..end])?;
    let after = &rest[end + '章'.len_utf8()..];
    let short = line.chars().count() <= 40 && !line.contains(['。', '，', '；']);
    if !(short && (after.is_empty() || after.starts_with(char::is_whitespace))) {
        return None;
    }
    Some(match &rest[end..end + '章'.len_utf8()] {
        "编" => 2,
        "章" => 3,
        _ => 4,
    })
}

/// `2015年4月24日 第十二届…` → a history event; a date alone is an event named by itself.
fn history_line(line: &str) -> Option<HistoryEvent> {
    let (date_part, event) = line
        .split_once(|c: char| c.is_whitespace())
        .unwrap_or((line, line));
    let y = date_part.split_once('年')?;
    let m = y.1.split_once('月')?;
    let d = m.1.strip_suffix('日')?;
    let date = NaiveDate::from_ymd_opt(
        y.0.trim().parse().ok()?,
        m.0.trim().parse().ok()?,
        d.trim().parse().ok()?,
    )?;
    Some(HistoryEvent::new(date, event.trim()))
}

/// `第一百二十条之一 资助…` → (`art-120-1`, `第一百二十条之一`, `资助…`); `Err` when the
/// line looks like an article start but the numeral cannot be read (`第三十－条`). The
/// number is followed by a space or ends the line (`第二条规定…` is a sentence, not an
/// article), unless a space is written inside it (`第十五 条工商…`). A number of any
/// length is read.
fn article_start(line: &str) -> Option<Result<(String, String, String), String>> {
    let rest = line.strip_prefix('第')?;
    let end = rest.find('条')?;
    let written = &rest[..end];
    let numeral: String = written.chars().filter(|c| !is_blank(*c)).collect();
    if numeral.is_empty() {
        return None;
    }
    let spaced = numeral.len() != written.len();
    let Some(n) = parse_number(&numeral) else {
        // a numeral with one slip in it is reported; `第三人…本条` is a sentence
        let slips = numeral.chars().filter(|c| !is_numeral(*c)).count();
        return (slips <= 1 && numeral.chars().count() <= 8).then_some(Err(numeral));
    };
    let mut after = &rest[end + '条'.len_utf8()..];
    let mut path = format!("art-{n}");
    let mut heading = format!("第{numeral}条");
    if let Some(branch) = after.strip_prefix('之') {
        let stop = branch.find(is_blank).unwrap_or(branch.len());
        if let Some(m) = parse_number(&branch[..stop]) {
            path = format!("art-{n}-{m}");
            heading = format!("第{numeral}条之{}", &branch[..stop]);
            after = &branch[stop..];
        }
    }
    if !(spaced || after.is_empty() || after.starts_with(is_blank)) {
        return None;
    }
    Some(Ok((path, heading, trim_blank(after).to_string())))
}

/// The address segment of an article, item or whole text as another copy numbers it:
/// `第一百二十条之一` → `art-120-1`, `条目三` → `item-3`, `全文` → `text`; `None` when the
/// number cannot be read.
pub fn path_of_number(number: &str) -> Option<String> {
    let number = trim_blank(number);
    if number == "全文" {
        return Some(WHOLE_TEXT.to_string());
    }
    if let Some(n) = number.strip_prefix("条目") {
        return parse_number(n).map(|n| format!("item-{n}"));
    }
    match article_start(number)? {
        Ok((path, _, rest)) if rest.is_empty() => Some(path),
        _ => None,
    }
}

/// A character of a number as articles are numbered: Chinese numerals, Arabic digits.
fn is_numeral(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || "零〇一二三四五六七八九十百千万两".contains(c)
}

/// The instrument a LawRefBook file becomes without annotations: id `cn/<file stem>`,
/// verbatim Chinese text, the file's checksum (`sha256`, hex) as source.
pub fn to_instrument(
    jurisdiction: Jurisdiction,
    doc: &LawRefBookDoc,
    id: &str,
    source_address: &str,
    sha256: &str,
    file_stem: &str,
) -> Instrument {
    let date_in_name = file_stem
        .rsplit_once('(')
        .and_then(|(_, d)| d.strip_suffix(')'))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let effective = date_in_name.or_else(|| doc.history.iter().map(|h| h.date).max());
    let mut title = IndexMap::new();
    title.insert(
        "zh".to_string(),
        match &doc.subtitle {
            Some(s) => format!("{} {s}", doc.title),
            None => doc.title.clone(),
        },
    );
    let provisions = doc
        .provisions
        .iter()
        .map(|a| {
            let mut text = IndexMap::new();
            text.insert(
                "zh".to_string(),
                Text {
                    status: TextStatus::Verbatim,
                    text: a.paragraphs.join("\n"),
                    by: None,
                    sha256: None,
                    readings: Vec::new(),
                },
            );
            let mut heading = IndexMap::new();
            if !a.heading.is_empty() {
                heading.insert("zh".to_string(), a.heading.clone());
            }
            heading.insert("en".to_string(), english_heading(&a.path));
            Provision {
                path: a.path.clone(),
                heading,
                division: a.division.clone(),
                summary: None,
                concepts: vec![],
                refs: vec![],
                versions: vec![Version {
                    from: None,
                    to: None,
                    amendment: None,
                    text,
                }],
                source: None,
                children: vec![],
            }
        })
        .collect();
    Instrument {
        id: id.to_string(),
        jurisdiction,
        title,
        short_titles: IndexMap::new(),
        issuer: IndexMap::new(),
        document_number: doc.document_number.clone(),
        promulgated: doc.history.iter().map(|h| h.date).min(),
        effective,
        first_in_force: None,
        in_force_until: None,
        status: InstrumentStatus::InForce,
        history: doc.history.clone(),
        source: Source {
            address: source_address.to_string(),
            official: None,
            retrieved: None,
            sha256: Some(sha256.to_string()),
            text_sha256: None,
            note: None,
            copy: None,
            checked_against: Vec::new(),
            fetch: None,
        },
        provisions,
    }
}

/// `Article 120-1`, `Item 3`, `Preamble`, `Text`.
fn english_heading(path: &str) -> String {
    if let Some(n) = path.strip_prefix("art-") {
        format!("Article {n}")
    } else if let Some(n) = path.strip_prefix("item-") {
        format!("Item {n}")
    } else if path == PREAMBLE {
        "Preamble".to_string()
    } else {
        "Text".to_string()
    }
}

/// SHA-256 of bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// What an import run did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// Files that could not be imported, and warnings, each located.
    pub problems: Vec<Diagnostic>,
    /// Articles imported in all.
    pub articles: usize,
    /// Bytes of source read.
    pub bytes: u64,
    /// Source files read without error, when several make one instrument (revisions);
    /// otherwise the files written are counted.
    pub files_read: Option<usize>,
    /// Source files and folders that could not be read or imported (each also has an
    /// error among `problems`).
    pub not_read: Vec<PathBuf>,
    /// Output files that could not be written (each also has an error among `problems`).
    pub not_written: Vec<PathBuf>,
}

impl ImportReport {
    /// How many source files were imported.
    pub fn imported_files(&self) -> usize {
        self.files_read.unwrap_or(self.written.len())
    }

    /// Whether anything failed: a source not read or imported, an output not written.
    pub fn failed(&self) -> bool {
        !(self.not_read.is_empty() && self.not_written.is_empty())
    }
}

/// The Markdown files to import under `path` (the file itself, or every `.md` below a
/// folder except `_index.md` pages and the data set's own README/PROVENANCE/template),
/// and the folders or files below it that could not be read, each with its error.
pub fn source_files(path: &Path) -> (Vec<PathBuf>, Vec<(PathBuf, Diagnostic)>) {
    if path.is_file() {
        return (vec![path.to_path_buf()], Vec::new());
    }
    let skip = ["_index.md", "README.md", "PROVENANCE.md", "法律法规模版.md"];
    let mut unreadable = Vec::new();
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| match e {
            Ok(e) => Some(e),
            Err(e) => {
                let at = e.path().unwrap_or(path).to_path_buf();
                let d = Diagnostic::error(format!("{}: cannot read: {e}", at.display()))
                    .help("check that the folder and everything in it is readable; its files were not imported");
                unreadable.push((at, d));
                None
            }
        })
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| skip.contains(&n))
        })
        .collect();
    out.sort();
    (out, unreadable)
}

/// The format's name in the jurisdiction registry's `import` lists.
pub const FORMAT: &str = "lawrefbook";

/// The instrument id for a file imported without annotations: the jurisdiction's code
/// (`cn/`) and the file's path below the import root, with separators and brackets turned
/// into `-`.
pub fn id_for(jurisdiction: Jurisdiction, root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let rel = rel.with_extension("");
    let raw = rel.to_string_lossy();
    let mut slug = String::new();
    for c in raw.chars() {
        let c = match c {
            '/' | '\\' | '(' | ')' | '（' | '）' | ' ' | '\u{3000}' | '、' | '《' | '》' | '“'
            | '”' => '-',
            c => c,
        };
        if !(c == '-' && (slug.is_empty() || slug.ends_with('-'))) {
            slug.push(c);
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "imported" } else { slug };
    format!("{}/{slug}", jurisdiction.code())
}

/// One source file, imported: the instrument written for it and the warnings met.
#[derive(Debug)]
pub struct ImportedFile {
    /// The instrument.
    pub instrument: Instrument,
    /// Problems that did not stop the import (see [`LawRefBookDoc::warnings`]).
    pub warnings: Vec<Diagnostic>,
}

/// Imports the bytes of one LawRefBook (or plain-text) `file` into the instrument that
/// [`import_path`] writes for it; `root` is the folder the import started from, which the
/// id is made from. The problems that stop it are returned with the warnings met before.
pub fn import_file(
    file: &Path,
    root: &Path,
    bytes: Vec<u8>,
    meta: Option<&super::meta::Meta>,
    plain: &PlainText,
) -> Result<ImportedFile, Vec<Diagnostic>> {
    let name = file.display().to_string();
    // the checksum is of the file's bytes, as they are (byte order mark and all)
    let checksum = sha256_hex(&bytes);
    let text =
        crate::diagnostic::decode_text(&name, bytes).map_err(|e| e.diagnostics().to_vec())?;
    let source = SourceFile::new(name.clone(), text);
    let doc =
        parse_with_title(&source, plain.title.as_deref()).map_err(|e| e.diagnostics().to_vec())?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let jurisdiction = crate::corpus::jurisdictions::current()
        .importing(FORMAT)
        .map_err(|e| e.diagnostics().to_vec())?;
    let id = meta
        .map(|m| m.id.clone())
        .or_else(|| plain.id.clone())
        .unwrap_or_else(|| id_for(jurisdiction, root, file));
    let address = meta
        .and_then(|m| m.source.as_ref().map(|s| s.address.clone()))
        .unwrap_or(name);
    let mut instrument = to_instrument(jurisdiction, &doc, &id, &address, &checksum, &stem);
    if plain.date.is_some() {
        instrument.effective = plain.date;
    }
    if let Some(m) = meta {
        if let Err(d) = m.apply(&mut instrument) {
            return Err(doc.warnings.into_iter().chain(d).collect());
        }
    }
    Ok(ImportedFile {
        instrument,
        warnings: doc.warnings,
    })
}

/// Imports one file or a folder of files; a file that cannot be read is reported with its
/// location and the run goes on. `progress` is called after each file.
pub fn import_path(
    path: &Path,
    out_dir: &Path,
    meta: Option<&super::meta::Meta>,
    plain: &PlainText,
    progress: &mut dyn FnMut(&Path),
) -> ImportReport {
    let mut report = ImportReport::default();
    let root = if path.is_file() {
        path.parent().unwrap_or(Path::new("")).to_path_buf()
    } else {
        path.to_path_buf()
    };
    let (files, unreadable) = source_files(path);
    for (folder, d) in unreadable {
        report.not_read.push(folder);
        report.problems.push(d);
    }
    for file in files {
        progress(&file);
        let name = file.display().to_string();
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                report
                    .problems
                    .push(Diagnostic::error(format!("{name}: cannot read: {e}")));
                report.not_read.push(file);
                continue;
            }
        };
        report.bytes += bytes.len() as u64;
        let inst = match import_file(&file, &root, bytes, meta, plain) {
            Ok(imported) => {
                report.problems.extend(imported.warnings);
                imported.instrument
            }
            Err(problems) => {
                report.problems.extend(problems);
                report.not_read.push(file);
                continue;
            }
        };
        report.articles += inst.provisions.len();
        let out = if out_dir.extension().is_some_and(|x| x == "yaml") {
            out_dir.to_path_buf()
        } else {
            let stem = inst.id.split_once('/').map_or(inst.id.as_str(), |(_, s)| s);
            out_dir.join(format!("{stem}.yaml"))
        };
        // two source names can make the same id ("a b" and "a-b"): keep both, numbered
        let (out, inst) = if report.written.contains(&out) && meta.is_none() {
            let mut n = 2;
            while report.written.contains(&out.with_file_name(format!(
                "{}-{n}.yaml",
                out.file_stem().unwrap_or_default().to_string_lossy()
            ))) {
                n += 1;
            }
            let mut inst = inst;
            inst.id = format!("{}-{n}", inst.id);
            report.problems.push(Diagnostic::warning(format!(
                "{name}: its id is taken by another file of this import; imported as `{}`",
                inst.id
            )));
            (
                out.with_file_name(format!(
                    "{}-{n}.yaml",
                    out.file_stem().unwrap_or_default().to_string_lossy()
                )),
                inst,
            )
        } else {
            (out, inst)
        };
        match write_instrument(&inst, &out) {
            Ok(()) => report.written.push(out),
            Err(e) => {
                report.problems.push(
                    Diagnostic::error(format!("{}: cannot write: {e}", out.display())).help(
                        "check that the output folder exists or can be made, and is writable",
                    ),
                );
                report.not_written.push(out);
            }
        }
    }
    report
}

/// Writes an instrument as YAML, with a header saying it is generated. The file is written
/// aside and renamed into place, so that a failed run leaves no half-written file.
pub fn write_instrument(inst: &Instrument, out: &Path) -> std::io::Result<()> {
    write_generated(inst, out, "mutua import lawrefbook")
}

/// Writes an instrument made by `command` (`mutua import egov`, `mutua fetch`) as YAML,
/// atomically, with a header naming its source and checksum, and the checksums of its
/// verbatim texts (see [`crate::corpus::integrity`]).
pub fn write_generated(inst: &Instrument, out: &Path, command: &str) -> std::io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)?;
    let mut inst = inst.clone();
    crate::corpus::integrity::seal(&mut inst);
    let yaml = serde_yaml::to_string(&inst).map_err(std::io::Error::other)?;
    let header = format!(
        "# Generated by `{command}` from {}\n# (sha256 {}). Edit the annotation file, not this one.\n",
        inst.source.address,
        inst.source.sha256.as_deref().unwrap_or("-")
    );
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    std::io::Write::write_all(&mut tmp, (header + &yaml).as_bytes())?;
    tmp.persist(out).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# 某法\n\n2015年4月24日 修正\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 为了规范。\n\n第二条 本法所称保险。\n\n第二款内容。\n\n### 第一节 一般规定\n\n第一百二十条之一 资助。\n";

    #[test]
    fn parses_articles_divisions_history() {
        let doc = parse_lawrefbook(&SourceFile::new("t.md", SAMPLE)).unwrap();
        assert_eq!(doc.title, "某法");
        assert_eq!(doc.history.len(), 1);
        assert_eq!(
            doc.history[0].date,
            NaiveDate::from_ymd_opt(2015, 4, 24).unwrap()
        );
        let paths: Vec<_> = doc.provisions.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["art-1", "art-2", "art-120-1"]);
        assert_eq!(
            doc.provisions[1].paragraphs,
            ["本法所称保险。", "第二款内容。"]
        );
        assert_eq!(
            doc.provisions[2].division,
            ["第一章 总则", "第一节 一般规定"]
        );
        assert_eq!(doc.provisions[2].heading, "第一百二十条之一");
    }

    #[test]
    fn front_matter_title_and_bare_chapters() {
        let text = "---\ntitle: 某办法\n---\n\n第一章  总则\n第一条 甲。\n乙。\n第二章  规则\n第一节 条件\n第二条 丙。\n";
        let doc = parse_lawrefbook(&SourceFile::new("t.md", text)).unwrap();
        assert_eq!(doc.title, "某办法");
        assert_eq!(doc.provisions[0].paragraphs, ["甲。", "乙。"]);
        assert_eq!(doc.provisions[0].division, ["第一章 总则"]);
        assert_eq!(doc.provisions[1].division, ["第二章 规则", "第一节 条件"]);
    }

    #[test]
    fn no_title_is_located_error() {
        let err = parse_lawrefbook(&SourceFile::new("bad.md", "no title here\n")).unwrap_err();
        let text = err.diagnostics()[0].render_plain();
        assert!(text.starts_with("bad.md:1:1: error:"), "{text}");
    }

    #[test]
    fn ids_from_paths() {
        let cn = crate::corpus::Jurisdiction::from_code("cn").unwrap();
        let id = id_for(
            cn,
            Path::new("/d"),
            Path::new("/d/民法商法/保险法(2015-04-24).md"),
        );
        assert_eq!(id, "cn/民法商法-保险法-2015-04-24");
    }
}
