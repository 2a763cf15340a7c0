//! Citations for scholars: a provision cited in its own system's style, and as entries a
//! reference manager (Zotero, Jurism) can import: CSL-JSON and BibTeX.
//!
//! - China: `《中华人民共和国保险法》第二条`, with 第N款 and 第N项 below an article.
//! - New York: `N.Y. Ins. Law § 1101(a)(1) (McKinney)`.
//! - Japan: `保険業法第2条第1項第3号` (branch articles as 第272条の2).
//!
//! Every entry notes the mutua address and the status of the text the corpus holds
//! (verbatim, unverified, translation or no text), so a cited text is never taken for more
//! than it is.

use serde_json::json;

use crate::corpus::numerals::to_chinese;
use crate::corpus::{Corpus, Entry, Jurisdiction, TextStatus};

/// A provision ready to cite.
#[derive(Debug, Clone, PartialEq)]
pub struct Cited {
    /// The mutua address.
    pub address: String,
    /// The citation in the system's own style.
    pub native: String,
    /// The instrument's title in its own language.
    pub title: String,
    /// The issuing body, in the instrument's language.
    pub issuer: Option<String>,
    /// The document number, where it has one (`保监发〔2015〕11号`).
    pub number: Option<String>,
    /// When it was promulgated.
    pub promulgated: Option<chrono::NaiveDate>,
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
}

/// The citation of the provision at `entry`.
pub fn cite(corpus: &Corpus, entry: &Entry) -> Cited {
    cite_part(corpus, entry, &entry.address)
}

/// The citation of `address`, a paragraph or item that the corpus holds within the text
/// of the provision at `entry` (or that provision itself): the citation names the part,
/// and says whose text the corpus holds.
pub fn cite_part(corpus: &Corpus, entry: &Entry, address: &str) -> Cited {
    let inst = corpus.instrument_of(entry);
    let language = match inst.jurisdiction {
        Jurisdiction::Cn => "zh",
        Jurisdiction::Ny => "en",
        Jurisdiction::Jp => "ja",
    };
    let title = inst
        .title
        .get(language)
        .or_else(|| inst.title.values().next())
        .cloned()
        .unwrap_or_else(|| inst.id.clone());
    let path: Vec<&str> = address.split('/').skip(2).collect();
    let native = match inst.jurisdiction {
        Jurisdiction::Cn => format!("《{title}》{}", chinese_path(&path)),
        Jurisdiction::Ny => format!("N.Y. Ins. Law {} (McKinney)", new_york_path(&path)),
        Jurisdiction::Jp => format!("{title}{}", japanese_path(&path)),
    };
    let provision = corpus.provision(entry);
    let held = provision
        .versions
        .last()
        .and_then(|v| v.text.get(language).or_else(|| v.text.values().next()));
    let copies = held
        .filter(|t| t.status == TextStatus::Verbatim)
        .map(|_| provision.source.as_ref().unwrap_or(&inst.source).copies());
    let text_status = held.map_or("no text".to_string(), |t| match t.status {
        TextStatus::Verbatim => "verbatim".into(),
        TextStatus::Unverified => "unverified".into(),
        TextStatus::Translation => "translation".into(),
        TextStatus::Modified => "modified".into(),
    });
    Cited {
        address: address.to_string(),
        held_within: (address != entry.address).then(|| entry.address.clone()),
        native,
        title,
        issuer: inst.issuer.get(language).cloned(),
        number: inst.document_number.clone(),
        promulgated: inst.promulgated,
        official: inst.source.official.clone(),
        language,
        text_status,
        copies,
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

/// `第二条第一款第（三）项` from `art-2/para-1/item-3`.
fn chinese_path(path: &[&str]) -> String {
    let mut out = String::new();
    for seg in path {
        let (prefix, n) = seg.split_once('-').unwrap_or(("", seg));
        let number = |s: &str| {
            s.split('-')
                .map(|p| p.parse::<u64>().map_or_else(|_| p.to_string(), to_chinese))
                .collect::<Vec<_>>()
                .join("之")
        };
        match prefix {
            "art" => out.push_str(&format!("第{}条", number(n))),
            "para" => out.push_str(&format!("第{}款", number(n))),
            "item" => out.push_str(&format!("第（{}）项", number(n))),
            _ => out.push_str(seg),
        }
    }
    out
}

/// `§ 1101(a)(1)` from `s-1101/a/1`.
fn new_york_path(path: &[&str]) -> String {
    let mut parts = path.iter();
    let section = parts
        .next()
        .map(|s| s.trim_start_matches("s-").to_string())
        .unwrap_or_default();
    let subs: String = parts.map(|p| format!("({p})")).collect();
    format!("§ {section}{subs}")
}

/// `第2条第1項第3号` from `art-2/para-1/item-3`; `第272条の2` from `art-272-2`.
fn japanese_path(path: &[&str]) -> String {
    let mut out = String::new();
    for seg in path {
        let (prefix, n) = seg.split_once('-').unwrap_or(("", seg));
        // a branch number follows the unit: 第272条の2
        let (main, branch) = match n.split_once('-') {
            Some((m, b)) => (m, format!("の{}", b.replace('-', "の"))),
            None => (n, String::new()),
        };
        match prefix {
            "art" => out.push_str(&format!("第{main}条{branch}")),
            "para" => out.push_str(&format!("第{main}項{branch}")),
            "item" => out.push_str(&format!("第{main}号{branch}")),
            "sub" => out.push_str(n),
            _ => out.push_str(seg),
        }
    }
    out
}

/// One line a reader pastes into a paper: the native citation, then the address and the
/// status of the text.
pub fn text(c: &Cited) -> String {
    let held = match c.text_status.as_str() {
        "no text" => "no text held".to_string(),
        "translation" => "text held in translation only".to_string(),
        "modified" => "MODIFIED text held, changed since it was fetched or imported".to_string(),
        "verbatim" => format!("text held: {}", c.text_label()),
        status => format!("{status} text held"),
    };
    match &c.held_within {
        Some(whole) => format!(
            "{}  [{}; {held} of {whole} as a whole]",
            c.native, c.address
        ),
        None => format!("{}  [{}; {held}]", c.native, c.address),
    }
}

/// The note of a reference manager's entry: the mutua address and what text it holds.
fn note(c: &Cited) -> String {
    let whole = match &c.held_within {
        Some(whole) => format!(" (of {whole} as a whole)"),
        None => String::new(),
    };
    format!(
        "mutua address {}; text held: {}{whole}",
        c.address,
        c.text_label()
    )
}

/// A CSL-JSON item of type `legislation`.
pub fn csl_json(c: &Cited) -> serde_json::Value {
    let mut item = json!({
        "id": c.address,
        "type": "legislation",
        "title": c.title,
        "section": c.native,
        "language": c.language,
        "note": note(c),
    });
    if let Some(i) = &c.issuer {
        item["authority"] = json!(i);
    }
    if let Some(n) = &c.number {
        item["number"] = json!(n);
    }
    if let Some(d) = c.promulgated {
        use chrono::Datelike;
        item["issued"] = json!({ "date-parts": [[d.year(), d.month(), d.day()]] });
    }
    if let Some(u) = c.official.as_deref().filter(|u| u.starts_with("http")) {
        item["URL"] = json!(u);
    }
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

/// A BibTeX `@misc` entry (the type Zotero and Jurism import for legislation).
pub fn bibtex(c: &Cited) -> String {
    let key = key(c);
    let escape = |s: &str| s.replace(['{', '}'], "");
    let mut fields = vec![
        ("title", format!("{{{}}}", escape(&c.native))),
        ("howpublished", escape(&c.title)),
        ("note", note(c)),
        ("language", c.language.to_string()),
    ];
    if let Some(i) = &c.issuer {
        fields.push(("author", format!("{{{}}}", escape(i))));
    }
    if let Some(d) = c.promulgated {
        use chrono::Datelike;
        fields.push(("year", d.year().to_string()));
    }
    if let Some(u) = c.official.as_deref().filter(|u| u.starts_with("http")) {
        fields.push(("url", u.to_string()));
    }
    let body: Vec<String> = fields
        .into_iter()
        .map(|(k, v)| format!("  {k} = {{{v}}}"))
        .collect();
    format!("@misc{{{key},\n{}\n}}\n", body.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_styles() {
        assert_eq!(chinese_path(&["art-2"]), "第二条");
        assert_eq!(chinese_path(&["art-181", "para-1"]), "第一百八十一条第一款");
        assert_eq!(new_york_path(&["s-1101", "a", "1"]), "§ 1101(a)(1)");
        assert_eq!(
            japanese_path(&["art-2", "para-1", "item-3"]),
            "第2条第1項第3号"
        );
        assert_eq!(japanese_path(&["art-272-2"]), "第272条の2");
    }
}
