//! Citations for scholars: a provision cited in its own system's style, and as entries a
//! reference manager (Zotero, Jurism) or biblatex can import: CSL-JSON and BibTeX.
//!
//! - China: `《中华人民共和国保险法》（2015年修正）第一百八十一条`, with 第N款 and 第（N）项
//!   below an article. The marker names the amendment (修正) or revision (修订) that gave
//!   the cited text its wording, found in the instrument's `history`.
//! - Japan: `保険業法（平成7年法律第105号）第2条第1項第2号ロ`: the law number in Arabic
//!   numerals, sub-items in kana, branch articles as 第272条の2; a text no longer in force
//!   is cited as `平成17年法律第38号による改正前の保険業法…`.
//! - New York: `N.Y. Ins. Law § 4501(a) (McKinney 2015)`, with the year of the text cited, or
//!   `(McKinney [no date])` when the corpus holds none.
//!
//! Every entry notes the mutua address and the status of the text the corpus holds
//! (verbatim, unverified, translation or no text), whether the provision's number is only
//! inferred, and whether the address names an article at all, so that a cited text is
//! never taken for more than it is.

use chrono::{Datelike, NaiveDate};
use serde_json::json;

use crate::corpus::citation::sub_item_display;
use crate::corpus::jurisdictions::Style;
use crate::corpus::model::{EventKind, HistoryEvent};
use crate::corpus::numerals::{arabic_numerals, to_chinese};
use crate::corpus::{Corpus, Entry, Instrument, Jurisdiction, Provision, TextStatus, Version};
use crate::report::Words;

/// How far the number of a cited provision can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberDoubt {
    /// The number was inferred (from the structure, from reports), not read in a copy.
    Inferred,
    /// The number was not confirmed against a copy.
    NotConfirmed,
}

impl NumberDoubt {
    /// `inferred` or `not confirmed`.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberDoubt::Inferred => "inferred",
            NumberDoubt::NotConfirmed => "not confirmed",
        }
    }
}

/// The adoption, revision or amendment that gave a text its wording.
#[derive(Debug, Clone, PartialEq)]
pub struct Wording {
    /// Adopted, revised or amended.
    pub kind: EventKind,
    /// The day of the event.
    pub date: NaiveDate,
    /// The document that made it, where the history names one.
    pub document: Option<String>,
}

/// A provision ready to cite.
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    /// The mutua address.
    pub address: String,
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// The citation in the system's own style.
    pub native: String,
    /// The instrument's title in its own language, with China's revision marker
    /// (`中华人民共和国保险法（2015年修正）`).
    pub title: String,
    /// The statute or code the provision is part of, as its citations name it
    /// (`中华人民共和国保险法`, `保険業法`, `N.Y. Ins. Law`).
    pub code: String,
    /// The provision alone (`第一百八十一条`, `第2条第1項第2号ロ`, `§ 4501(a)`); `None`
    /// when the address names no article and the instrument is cited as a whole.
    pub section: Option<String>,
    /// China's revision marker (`2015年修正`, `2009年修订`, `1995年`), where the history
    /// tells which change gave the text its wording.
    pub revision: Option<String>,
    /// The change that gave the text its wording, where the history tells.
    pub wording: Option<Wording>,
    /// The issuing body, in the instrument's language.
    pub issuer: Option<String>,
    /// The document number as citations write it (`平成7年法律第105号`, `保监发〔2015〕11号`).
    pub number: Option<String>,
    /// The first day in force of the text cited (its version's `from`, else the
    /// instrument's `effective`, else the day the change that gave its wording took
    /// effect); `None` when the corpus holds no date.
    pub date: Option<NaiveDate>,
    /// The last day in force of the text cited, when it is no longer in force.
    pub until: Option<NaiveDate>,
    /// When the instrument was promulgated.
    pub promulgated: Option<NaiveDate>,
    /// Where the official text is.
    pub official: Option<String>,
    /// The language of the instrument (`zh`, `en`, `ja`).
    pub language: &'static str,
    /// What the corpus holds of its text: `verbatim`, `unverified`, `translation`,
    /// `modified` (changed since it was fetched) or `no text`.
    pub text_status: String,
    /// How many copies a verbatim text was checked against (the one it was taken from
    /// included); none for other texts.
    pub copies: Option<usize>,
    /// The provision whose text holds the one cited, when the corpus does not hold the
    /// cited paragraph or item on its own (`cn/insurance-law/art-10` for its `para-2`).
    pub held_within: Option<String>,
    /// Whether the number of the provision (or of one it is part of) is uncertain.
    pub number_doubt: Option<NumberDoubt>,
    /// When the address names a record that is not an article (the targets of a notice),
    /// the headings of that record: the instrument is cited as a whole.
    pub not_an_article: Option<String>,
}

/// The citation of the provision at `entry`, in the wording in force now.
pub fn cite(corpus: &Corpus, entry: &Entry) -> Cited {
    cite_part(corpus, entry, &entry.address)
}

/// The citation of `address`, a paragraph or item that the corpus holds within the text
/// of the provision at `entry` (or that provision itself): the citation names the part,
/// and says whose text the corpus holds.
pub fn cite_part(corpus: &Corpus, entry: &Entry, address: &str) -> Cited {
    cite_at(corpus, entry, address, None)
}

/// The citation of `address` (see [`cite_part`]) in the wording in force on `as_of`, or in
/// the latest wording when `as_of` is `None`. A provision without versions of its own is
/// dated by the version of the provision it is part of.
pub fn cite_at(corpus: &Corpus, entry: &Entry, address: &str, as_of: Option<NaiveDate>) -> Cited {
    let version = corpus.version_at(entry, as_of);
    let dated = version.or_else(|| enclosing_version(corpus, entry, as_of));
    cite_version(corpus, entry, address, version, dated)
}

/// The version, in force on `as_of` (or the latest), of the nearest provision above
/// `entry` that has versions: § 4501's for § 4501(a).
fn enclosing_version<'a>(
    corpus: &'a Corpus,
    entry: &Entry,
    as_of: Option<NaiveDate>,
) -> Option<&'a Version> {
    let mut at = entry.address.as_str();
    while let Some(cut) = at.rfind('/') {
        at = &at[..cut];
        let Some(e) = corpus.entry(at) else { break };
        if !corpus.provision(e).versions.is_empty() {
            return corpus.version_at(e, as_of);
        }
    }
    None
}

/// Whether the provision at `entry` was in force on `date`: a version of its own, or of
/// the provision it is part of, covers the date, or it has none and its instrument was.
pub fn in_force(corpus: &Corpus, entry: &Entry, date: NaiveDate) -> bool {
    if !corpus.provision(entry).versions.is_empty() {
        return corpus.in_force(entry, date);
    }
    let mut at = entry.address.as_str();
    while let Some(cut) = at.rfind('/') {
        at = &at[..cut];
        let Some(e) = corpus.entry(at) else { break };
        if !corpus.provision(e).versions.is_empty() {
            return corpus.in_force(e, date);
        }
    }
    corpus.in_force(entry, date)
}

/// `version` is the provision's own, whose text the citation reports; `dated` the one
/// that dates it (its own, or that of the provision it is part of).
fn cite_version(
    corpus: &Corpus,
    entry: &Entry,
    address: &str,
    version: Option<&Version>,
    dated: Option<&Version>,
) -> Cited {
    let inst = corpus.instrument_of(entry);
    let info = inst.jurisdiction.info();
    let style = info.citation.style;
    let language = info.language();
    let title = inst
        .title
        .get(language)
        .or_else(|| inst.title.values().next())
        .cloned()
        .unwrap_or_else(|| inst.id.clone());
    let chain = provisions_on_path(inst, entry);
    let path: Vec<&str> = address.split('/').skip(2).collect();

    let known_date = dated.and_then(|v| v.from).or(inst.effective);
    let event = wording_event(inst, dated, known_date);
    let wording = event.map(|(e, kind)| Wording {
        kind,
        date: e.date,
        document: e.document.clone(),
    });
    let date = known_date.or_else(|| event.map(|(e, _)| e.in_force.unwrap_or(e.date)));
    let until = dated.and_then(|v| v.to);
    let number = inst.document_number.as_ref().map(|n| match style {
        Style::Japanese => arabic_numerals(n),
        _ => n.clone(),
    });
    let number_doubt = chain
        .iter()
        .filter_map(|p| number_doubt(p))
        .max_by_key(|d| {
            // an inferred number says more than an unconfirmed one
            matches!(d, NumberDoubt::Inferred)
        });
    let section = match style {
        Style::Chinese => chinese_path(&path),
        Style::Western => western_path(&path, &info.citation.marks),
        Style::Japanese => japanese_path(&path),
    };
    let not_an_article = section.is_none().then(|| {
        chain
            .iter()
            .map(|p| {
                p.heading
                    .get(language)
                    .or_else(|| p.heading.values().next())
                    .cloned()
                    .unwrap_or_else(|| p.path.clone())
            })
            .collect::<Vec<_>>()
            .join(" › ")
    });
    let doubt_mark = |d: NumberDoubt| match (style, d) {
        (Style::Chinese, NumberDoubt::Inferred) => "（条号系推定，未经核实）",
        (Style::Chinese, NumberDoubt::NotConfirmed) => "（条号未经核实）",
        (Style::Japanese, NumberDoubt::Inferred) => "（条番号は推定、未確認）",
        (Style::Japanese, NumberDoubt::NotConfirmed) => "（条番号未確認）",
        (Style::Western, NumberDoubt::Inferred) => " [number inferred, not confirmed]",
        (Style::Western, NumberDoubt::NotConfirmed) => " [number not confirmed]",
    };
    let doubt = number_doubt.map(doubt_mark).unwrap_or_default();
    let mut revision = None;
    let (native, cited_title, code) = match style {
        Style::Chinese => {
            revision = wording.as_ref().and_then(|w| {
                let later = later_change(inst, w.date).is_some();
                chinese_revision(w, until.is_some() && later)
            });
            let marker = revision
                .as_ref()
                .map(|r| format!("（{r}）"))
                .unwrap_or_default();
            let native = format!(
                "《{title}》{marker}{}{doubt}",
                section.clone().unwrap_or_default()
            );
            (native, format!("{title}{marker}"), title.clone())
        }
        Style::Japanese => {
            let law = match &number {
                Some(n) => format!("{title}（{n}）"),
                None => title.clone(),
            };
            // a text no longer in force: 平成17年法律第38号による改正前の保険業法
            let before = until
                .and_then(|_| {
                    let from = known_date?;
                    let (e, _) = later_change(inst, from)?;
                    law_number_of(e)
                })
                .map(|n| format!("{n}による改正前の"))
                .unwrap_or_default();
            let native = format!(
                "{before}{law}{}{doubt}",
                section.clone().unwrap_or_default()
            );
            (native, title.clone(), title.clone())
        }
        Style::Western => {
            // the abbreviation citations use (`N.Y. Ins. Law`), else the title
            let code = inst
                .short_titles
                .get(language)
                .and_then(|s| s.iter().find(|t| t.contains('.')))
                .cloned()
                .unwrap_or_else(|| title.clone());
            let edition = info.citation.publisher.as_ref().map(|p| {
                let year = date.map_or("[no date]".to_string(), |d| d.year().to_string());
                format!(" ({p} {year})")
            });
            let native = match &section {
                Some(s) => format!("{code} {s}{doubt}{}", edition.unwrap_or_default()),
                None => format!("{code}{}", edition.unwrap_or_default()),
            };
            (native, title.clone(), code)
        }
    };
    let held_text = version.and_then(|v| v.text.get(language).or_else(|| v.text.values().next()));
    let copies = held_text
        .filter(|t| t.status == TextStatus::Verbatim)
        .map(|_| {
            chain
                .last()
                .and_then(|p| p.source.as_ref())
                .unwrap_or(&inst.source)
                .copies()
        });
    let text_status = held_text.map_or("no text".to_string(), |t| match t.status {
        TextStatus::Verbatim => "verbatim".into(),
        TextStatus::Unverified => "unverified".into(),
        TextStatus::Translation => "translation".into(),
        TextStatus::Modified => "modified".into(),
    });
    Cited {
        address: address.to_string(),
        jurisdiction: inst.jurisdiction,
        held_within: (address != entry.address).then(|| entry.address.clone()),
        native,
        title: cited_title,
        code,
        section,
        revision,
        wording,
        issuer: inst.issuer.get(language).cloned(),
        number,
        date,
        until,
        promulgated: inst.promulgated,
        official: inst.source.official.clone(),
        language,
        text_status,
        copies,
        number_doubt,
        not_an_article,
    }
}

impl Cited {
    /// The status of the text held as outputs give it: `verbatim (checked against 2
    /// copies)`, `verbatim (one copy)`, `unverified`, …
    pub fn text_label(&self) -> String {
        match self.copies {
            Some(n) => crate::corpus::model::copies_label(n),
            None => self.text_status.clone(),
        }
    }
}

/// The provisions from the instrument's top level down to the one at `entry`.
fn provisions_on_path<'a>(inst: &'a Instrument, entry: &Entry) -> Vec<&'a Provision> {
    let mut out: Vec<&Provision> = Vec::new();
    for &i in &entry.indices {
        let next = match out.last() {
            None => inst.provisions.get(i),
            Some(p) => p.children.get(i),
        };
        match next {
            Some(p) => out.push(p),
            None => break,
        }
    }
    out
}

/// Whether a provision's heading or summary says its number is inferred or unconfirmed
/// (`Article 8 [… (number inferred)]`, `ARTICLE NUMBER INFERRED`, `Number and caption not
/// confirmed`, `paragraph number from memory`).
pub fn number_doubt(p: &Provision) -> Option<NumberDoubt> {
    let texts = p.heading.values().chain(p.summary.iter());
    let mut found = None;
    for t in texts {
        let t = t.to_lowercase();
        let inferred = t.contains("number inferred")
            || t.contains("number is inferred")
            || t.contains("number remains inferred")
            || (t.contains("is inferred") && t.contains("number"));
        if inferred {
            return Some(NumberDoubt::Inferred);
        }
        let unconfirmed = [
            "number not confirmed",
            "number and caption not confirmed",
            "number from memory",
            "number is to verify",
            "number unconfirmed",
        ]
        .iter()
        .any(|w| t.contains(w));
        if unconfirmed {
            found = Some(NumberDoubt::NotConfirmed);
        }
    }
    found
}

/// What kind of change to the text an event was: its `kind`, or, where the history does
/// not say, what its description says (修订 or 全部改正 a revision; 修正, 修改 or 改正 an
/// amendment; 通过, 公布, 制定 or "promulgated" for the instrument's first event, its
/// adoption). Events that changed no text give `None`.
fn text_change(e: &HistoryEvent, first: bool) -> Option<EventKind> {
    match e.kind {
        Some(k @ (EventKind::Adopted | EventKind::Revised | EventKind::Amended)) => Some(k),
        Some(_) => None,
        None => {
            let t = &e.event;
            let lower = t.to_lowercase();
            if t.contains("修订") || t.contains("全部改正") || lower.contains("wholly revis")
            {
                Some(EventKind::Revised)
            } else if t.contains("修正")
                || t.contains("修改")
                || t.contains("改正")
                || lower.contains("amend")
            {
                Some(EventKind::Amended)
            } else if first
                && (["通过", "公布", "制定", "制订"]
                    .iter()
                    .any(|w| t.contains(w))
                    || ["promulgated", "adopted", "enacted"]
                        .iter()
                        .any(|w| lower.contains(w)))
            {
                Some(EventKind::Adopted)
            } else {
                None
            }
        }
    }
}

/// The instrument's events that changed its text, oldest first, with their kind.
fn text_changes(inst: &Instrument) -> Vec<(&HistoryEvent, EventKind)> {
    let mut events: Vec<&HistoryEvent> = inst.history.iter().collect();
    events.sort_by_key(|e| e.date);
    let first = events.first().map(|e| e.date);
    events
        .into_iter()
        .filter_map(|e| text_change(e, Some(e.date) == first).map(|k| (e, k)))
        .collect()
}

/// The event that gave a version its wording: the one its `amendment` names, else the
/// latest change to the text on or before `date` (the version's first day in force), else,
/// for a text the corpus holds without a date, the latest change of all.
fn wording_event<'a>(
    inst: &'a Instrument,
    version: Option<&Version>,
    date: Option<NaiveDate>,
) -> Option<(&'a HistoryEvent, EventKind)> {
    let changes = text_changes(inst);
    if let Some(doc) = version.and_then(|v| v.amendment.as_deref()) {
        let named = changes
            .iter()
            .find(|(e, _)| e.document.as_deref() == Some(doc) || e.event.contains(doc));
        if let Some(found) = named {
            return Some(*found);
        }
    }
    match date {
        Some(d) => changes.into_iter().rev().find(|(e, _)| e.date <= d),
        None => changes.last().copied(),
    }
}

/// The first change to the text after `date`.
fn later_change(inst: &Instrument, date: NaiveDate) -> Option<(&HistoryEvent, EventKind)> {
    text_changes(inst)
        .into_iter()
        .find(|(e, _)| e.date > date && e.kind != Some(EventKind::Adopted))
}

/// China's marker of the wording: `2015年修正`, `2009年修订`; the original text is marked
/// by its year (`1995年`) only when it is no longer in force, since the title alone names
/// an instrument never changed.
fn chinese_revision(w: &Wording, superseded: bool) -> Option<String> {
    let year = w.date.year();
    match w.kind {
        EventKind::Amended => Some(format!("{year}年修正")),
        EventKind::Revised => Some(format!("{year}年修订")),
        EventKind::Adopted if superseded => Some(format!("{year}年")),
        _ => None,
    }
}

/// The law number of a Japanese amending act, in Arabic numerals: the event's `document`,
/// or the number its description opens with (`平成17年法律第38号 (…) promulgated`).
fn law_number_of(e: &HistoryEvent) -> Option<String> {
    if let Some(d) = &e.document {
        return Some(arabic_numerals(d));
    }
    let t = &e.event;
    let start = ["明治", "大正", "昭和", "平成", "令和"]
        .iter()
        .filter_map(|era| t.find(era))
        .min()?;
    let end = start + t[start..].find('号')? + '号'.len_utf8();
    let number = &t[start..end];
    (number.contains("法律第") || number.contains("政令第")).then(|| arabic_numerals(number))
}

/// The provision an address names, numbered as its jurisdiction's statutes number it
/// (`第一百八十一条第一款` in China, `第2条第1項` in Japan, `§ 1101(a)(1)` in New York);
/// `None` when the address names no article or section (a notice's `targets`).
pub fn native_section(address: &str) -> Option<String> {
    let info = Jurisdiction::of_address(address)?.info();
    let path: Vec<&str> = address.split('/').skip(2).collect();
    match info.citation.style {
        Style::Chinese => chinese_path(&path),
        Style::Western => western_path(&path, &info.citation.marks),
        Style::Japanese => japanese_path(&path),
    }
}

/// `第二条第一款第（三）项` from `art-2/para-1/item-3`; `None` when a segment is not an
/// article, paragraph or item (a record such as a notice's `targets`).
fn chinese_path(path: &[&str]) -> Option<String> {
    let mut out = String::new();
    let number = |s: &str| -> Option<String> {
        let parts: Option<Vec<String>> = s
            .split('-')
            .map(|p| p.parse::<u64>().ok().map(to_chinese))
            .collect();
        Some(parts?.join("之"))
    };
    for (i, seg) in path.iter().enumerate() {
        let (prefix, n) = seg.split_once('-')?;
        match prefix {
            "art" if i == 0 => out.push_str(&format!("第{}条", number(n)?)),
            "para" if i > 0 => out.push_str(&format!("第{}款", number(n)?)),
            "item" if i > 0 => out.push_str(&format!("第（{}）项", number(n)?)),
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// `§ 1101(a)(1)` from `s-1101/a/1` with the mark `s: "§ "`; `None` when the first
/// segment's kind has no mark (the address names no section or article).
fn western_path(path: &[&str], marks: &indexmap::IndexMap<String, String>) -> Option<String> {
    let mut parts = path.iter();
    let (kind, number) = parts.next()?.split_once('-')?;
    let mark = marks.get(kind)?;
    let subs: String = parts.map(|p| format!("({p})")).collect();
    Some(format!("{mark}{number}{subs}"))
}

/// `第2条第1項第2号ロ` from `art-2/para-1/item-2/sub-ro`; `第272条の2` from `art-272-2`;
/// 附則 from `suppl`. `None` when a segment is none of these.
fn japanese_path(path: &[&str]) -> Option<String> {
    let mut out = String::new();
    let mut sub_depth = 0;
    for seg in path {
        if *seg == "suppl" {
            out.push_str("附則");
            continue;
        }
        let (prefix, n) = seg.split_once('-')?;
        // a branch number follows the unit: 第272条の2
        let numbered = |unit: &str| -> Option<String> {
            let mut parts = n.split('-');
            let main: u64 = parts.next()?.parse().ok()?;
            let mut s = format!("第{main}{unit}");
            for b in parts {
                s.push_str(&format!("の{}", b.parse::<u64>().ok()?));
            }
            Some(s)
        };
        match prefix {
            "art" => out.push_str(&numbered("条")?),
            "para" => out.push_str(&numbered("項")?),
            "item" => out.push_str(&numbered("号")?),
            "sub" => {
                sub_depth += 1;
                let shown = sub_item_display(seg, sub_depth == 1);
                if sub_depth == 1 && shown.chars().count() == 1 && !shown.is_ascii() {
                    out.push_str(&shown);
                } else {
                    out.push_str(&format!("({shown})"));
                }
            }
            _ => return None,
        }
    }
    (!out.is_empty()).then_some(out)
}

/// What a reader should know before relying on the citation: an uncertain number, a
/// record that is not an article, a missing date, a text no longer in force.
pub fn warnings(c: &Cited) -> Vec<String> {
    warnings_in(c, Words::En)
}

/// [`warnings`] in a language.
pub fn warnings_in(c: &Cited, words: Words) -> Vec<String> {
    let mut out = Vec::new();
    match c.number_doubt {
        Some(NumberDoubt::Inferred) => out.push(words.number_doubt(true).to_string()),
        Some(NumberDoubt::NotConfirmed) => out.push(words.number_doubt(false).to_string()),
        None => {}
    }
    if let Some(part) = &c.not_an_article {
        out.push(words.not_an_article(part));
    }
    if c.date.is_none() {
        out.push(words.no_date_held(c.jurisdiction.info().citation.publisher.as_deref()));
    }
    if let (Some(from), Some(to)) = (c.date, c.until) {
        out.push(words.in_force_between(from, to));
    }
    out
}

/// One line a reader pastes into a paper: the native citation, then the address, the
/// status of the text and any warning, in the language of `words` (the citation itself is
/// in its system's own form whatever the language).
pub fn text(c: &Cited, words: Words) -> String {
    let label = match c.copies {
        Some(n) => words.copies(n),
        None => c.text_status.clone(),
    };
    let mut notes = vec![
        c.address.clone(),
        words.cite_held(&c.text_status, &label, c.held_within.as_deref()),
    ];
    notes.extend(
        warnings_in(c, words)
            .into_iter()
            .map(|w| format!("{}{w}", words.warning_mark())),
    );
    let sep = if words == Words::En { "; " } else { "；" };
    format!("{}  [{}]", c.native, notes.join(sep))
}

/// The note of a reference manager's entry: the mutua address, what text it holds and
/// any warning.
fn note(c: &Cited) -> String {
    let whole = match &c.held_within {
        Some(whole) => format!(" (of {whole} as a whole)"),
        None => String::new(),
    };
    let mut parts = vec![format!(
        "mutua address {}; text held: {}{whole}",
        c.address,
        c.text_label()
    )];
    parts.extend(warnings(c).into_iter().map(|w| format!("WARNING: {w}")));
    parts.join("; ")
}

/// CSL's and Jurism's code of the jurisdiction.
fn jurisdiction_code(j: Jurisdiction) -> &'static str {
    j.info().citation.csl.as_deref().unwrap_or(j.code())
}

fn date_parts(d: NaiveDate) -> serde_json::Value {
    json!({ "date-parts": [[d.year(), d.month(), d.day()]] })
}

/// A CSL-JSON item of type `legislation`: the statute or code in `container-title`, the
/// provision alone in `section`, the date of the text cited in `issued`, the document
/// number in `number`; the mutua address, the status of the text and the warnings in
/// `note` and in `custom`.
pub fn csl_json(c: &Cited) -> serde_json::Value {
    let mut item = json!({
        "id": c.address,
        "type": "legislation",
        "title": c.title,
        "container-title": c.code,
        "jurisdiction": jurisdiction_code(c.jurisdiction),
        "language": c.language,
    });
    if let Some(s) = &c.section {
        item["section"] = json!(s);
    }
    if let Some(n) = &c.number {
        item["number"] = json!(n);
    }
    if let Some(r) = &c.revision {
        item["version"] = json!(r);
    }
    if let Some(i) = &c.issuer {
        item["authority"] = json!(i);
    }
    if let Some(p) = &c.jurisdiction.info().citation.publisher {
        item["publisher"] = json!(p);
    }
    if let Some(d) = c.date {
        item["issued"] = json!(date_parts(d));
    }
    if let Some(p) = c.promulgated.filter(|p| Some(*p) != c.date) {
        item["original-date"] = json!(date_parts(p));
    }
    if let Some(u) = c.official.as_deref().filter(|u| u.starts_with("http")) {
        item["URL"] = json!(u);
    }
    item["note"] = json!(note(c));
    let mut custom = json!({
        "mutua-address": c.address,
        "text-status": c.text_status,
        "text-label": c.text_label(),
        "citation": c.native,
        "date-held": c.date.is_some(),
    });
    if let Some(w) = &c.held_within {
        custom["held-within"] = json!(w);
    }
    if let Some(d) = c.number_doubt {
        custom["number-status"] = json!(d.as_str());
    }
    if let Some(p) = &c.not_an_article {
        custom["not-an-article"] = json!(p);
    }
    let warnings = warnings(c);
    if !warnings.is_empty() {
        custom["warnings"] = json!(warnings);
    }
    item["custom"] = custom;
    item
}

/// The entry's key: its address in ASCII letters, digits and `_`
/// (`cn_insurance_law_art_2`), fit for a BibTeX key and a file name.
pub fn key(c: &Cited) -> String {
    c.address
        .chars()
        .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' })
        .collect()
}

/// A biblatex `@legislation` entry with the fields of the CSL-JSON item: `title`,
/// `titleaddon` (the provision), `journaltitle` (the statute or code), `number`, `version`
/// (China's revision marker), `date` (of the text cited), `origdate` (promulgation),
/// `author` (the issuing body), `location` (the jurisdiction), `langid`, `url`, `note`.
pub fn bibtex(c: &Cited) -> String {
    let key = key(c);
    let escape = |s: &str| {
        s.replace(['{', '}'], "")
            .replace('%', "\\%")
            .replace('&', "\\&")
            .replace('#', "\\#")
    };
    let mut fields = vec![("title", format!("{{{}}}", escape(&c.title)))];
    if let Some(s) = &c.section {
        fields.push(("titleaddon", escape(s)));
    }
    fields.push(("journaltitle", format!("{{{}}}", escape(&c.code))));
    if let Some(n) = &c.number {
        fields.push(("number", escape(n)));
    }
    if let Some(r) = &c.revision {
        fields.push(("version", escape(r)));
    }
    if let Some(d) = c.date {
        fields.push(("date", d.to_string()));
    }
    if let Some(p) = c.promulgated.filter(|p| Some(*p) != c.date) {
        fields.push(("origdate", p.to_string()));
    }
    if let Some(i) = &c.issuer {
        fields.push(("author", format!("{{{}}}", escape(i))));
    }
    if let Some(p) = &c.jurisdiction.info().citation.publisher {
        fields.push(("publisher", p.clone()));
    }
    fields.push(("location", c.jurisdiction.name().to_string()));
    let langid = match (&c.jurisdiction.info().citation.langid, c.language) {
        (Some(l), _) => l.as_str(),
        (None, "zh") => "chinese",
        (None, "ja") => "japanese",
        (None, _) => "english",
    };
    fields.push(("langid", langid.to_string()));
    if let Some(u) = c.official.as_deref().filter(|u| u.starts_with("http")) {
        fields.push(("url", u.to_string()));
    }
    fields.push(("note", escape(&note(c))));
    let body: Vec<String> = fields
        .into_iter()
        .map(|(k, v)| format!("  {k} = {{{v}}}"))
        .collect();
    format!("@legislation{{{key},\n{}\n}}\n", body.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_styles() {
        assert_eq!(chinese_path(&["art-2"]).unwrap(), "第二条");
        assert_eq!(
            chinese_path(&["art-181", "para-1"]).unwrap(),
            "第一百八十一条第一款"
        );
        assert_eq!(chinese_path(&["targets", "class-3"]), None);
        assert_eq!(chinese_path(&["art-8", "targets"]), None);
        let marks: indexmap::IndexMap<String, String> =
            [("s".to_string(), "§ ".to_string())].into_iter().collect();
        assert_eq!(
            western_path(&["s-1101", "a", "1"], &marks).unwrap(),
            "§ 1101(a)(1)"
        );
        assert_eq!(western_path(&["art-10", "1"], &marks), None);
        assert_eq!(
            japanese_path(&["art-2", "para-1", "item-3"]).unwrap(),
            "第2条第1項第3号"
        );
        assert_eq!(
            japanese_path(&["art-2", "para-1", "item-2", "sub-ro"]).unwrap(),
            "第2条第1項第2号ロ"
        );
        assert_eq!(
            japanese_path(&["art-2", "item-2", "sub-i", "sub-1", "sub-i"]).unwrap(),
            "第2条第2号イ(1)(i)"
        );
        assert_eq!(japanese_path(&["art-272-2"]).unwrap(), "第272条の2");
        assert_eq!(japanese_path(&["suppl", "art-1"]).unwrap(), "附則第1条");
        assert_eq!(native_section("cn/insurance-law/art-1").unwrap(), "第一条");
        assert_eq!(native_section("jp/iba/art-1").unwrap(), "第1条");
        assert_eq!(native_section("ny/ins/s-1").unwrap(), "§ 1");
    }

    fn event(date: &str, text: &str) -> HistoryEvent {
        HistoryEvent::new(date.parse().unwrap(), text)
    }

    #[test]
    fn the_wording_comes_from_the_latest_change_on_or_before_the_text() {
        let mut inst: Instrument = serde_yaml::from_str(
            "id: cn/x\njurisdiction: cn\ntitle: {zh: 法}\nstatus: in_force\nsource: {address: x}\nprovisions: []\n",
        )
        .unwrap();
        inst.history = vec![
            event(
                "1995-06-30",
                "第八届全国人民代表大会常务委员会第十四次会议通过",
            ),
            event(
                "2002-10-28",
                "《关于修改<中华人民共和国保险法>的决定》第一次修正",
            ),
            event(
                "2009-02-28",
                "第十一届全国人民代表大会常务委员会第七次会议修订",
            ),
            event(
                "2015-04-24",
                "《关于修改<中华人民共和国计量法>等五部法律的决定》第三次修正",
            ),
        ];
        fn kind_at(inst: &Instrument, d: &str) -> Option<(i32, EventKind)> {
            wording_event(inst, None, Some(d.parse().unwrap())).map(|(e, k)| (e.date.year(), k))
        }
        assert_eq!(
            kind_at(&inst, "2015-04-24"),
            Some((2015, EventKind::Amended))
        );
        assert_eq!(
            kind_at(&inst, "2012-01-01"),
            Some((2009, EventKind::Revised))
        );
        assert_eq!(
            kind_at(&inst, "1996-01-01"),
            Some((1995, EventKind::Adopted))
        );
        assert_eq!(kind_at(&inst, "1990-01-01"), None);
        // a kind recorded wins over the description
        inst.history[3].kind = Some(EventKind::Published);
        assert_eq!(
            kind_at(&inst, "2015-04-24"),
            Some((2009, EventKind::Revised))
        );
        // a version naming its amendment
        inst.history[1].document = Some("2002年修正决定".into());
        let v = Version {
            from: Some("2015-04-24".parse().unwrap()),
            to: None,
            amendment: Some("2002年修正决定".into()),
            text: Default::default(),
        };
        let named = wording_event(&inst, Some(&v), v.from).map(|(e, _)| e.date.year());
        assert_eq!(named, Some(2002));
    }

    #[test]
    fn law_numbers_of_amending_acts() {
        let e = event(
            "2005-05-02",
            "平成17年法律第38号 (保険業法等の一部を改正する法律) promulgated",
        );
        assert_eq!(law_number_of(&e).as_deref(), Some("平成17年法律第38号"));
        assert_eq!(law_number_of(&event("2005-05-02", "promulgated")), None);
    }
}
