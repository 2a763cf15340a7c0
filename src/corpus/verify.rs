//! Compares an instrument's text in the corpus with a source file, article by article, so
//! that a transcription can be checked against an official text.

use serde::Serialize;

use super::import::lawrefbook::parse_lawrefbook;
use super::model::{Instrument, Provision};
use crate::diagnostic::SourceFile;

/// The outcome for one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ArticleCheck {
    /// The texts are the same.
    Same {
        /// Address segment.
        path: String,
    },
    /// The texts differ.
    Differs {
        /// Address segment.
        path: String,
        /// 1-based line of the article in the source file.
        source_line: usize,
        /// The corpus text around the first difference.
        corpus: String,
        /// The source text around the first difference.
        source: String,
        /// Character offset of the first difference.
        at_char: usize,
    },
    /// The corpus has no text in the source's language for this article.
    NoText {
        /// Address segment.
        path: String,
    },
    /// The source holds the article; the corpus leaves it out.
    NotInCorpus {
        /// Address segment.
        path: String,
    },
    /// The corpus holds the article; the source does not.
    NotInSource {
        /// Address segment.
        path: String,
    },
}

/// A whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    /// The instrument compared.
    pub instrument: String,
    /// The language compared (`zh`, `ja`, `en`).
    pub language: String,
    /// The source file.
    pub source: String,
    /// One entry per article of either side, in source order then corpus-only ones.
    pub articles: Vec<ArticleCheck>,
}

impl VerifyReport {
    /// Articles whose text differs.
    pub fn differences(&self) -> usize {
        self.articles
            .iter()
            .filter(|a| {
                matches!(
                    a,
                    ArticleCheck::Differs { .. } | ArticleCheck::NotInSource { .. }
                )
            })
            .count()
    }

    /// Count of articles with a given status name.
    pub fn count(&self, f: fn(&ArticleCheck) -> bool) -> usize {
        self.articles.iter().filter(|a| f(a)).count()
    }
}

/// Compares the Chinese text of `inst` with a LawRefBook Markdown source.
pub fn verify_lawrefbook(inst: &Instrument, source: &SourceFile) -> crate::Result<VerifyReport> {
    let doc = parse_lawrefbook(source)?;
    let mut articles = Vec::new();
    for a in &doc.provisions {
        let Some(p) = inst.provisions.iter().find(|p| p.path == a.path) else {
            articles.push(ArticleCheck::NotInCorpus {
                path: a.path.clone(),
            });
            continue;
        };
        // every version is compared with the source; the newest is what a consolidated
        // source holds
        let Some(text) = p.versions.last().and_then(|v| v.text.get("zh")) else {
            articles.push(ArticleCheck::NoText {
                path: a.path.clone(),
            });
            continue;
        };
        let want = normalise(&a.paragraphs.join("\n"));
        let have = normalise(&text.text);
        articles.push(compare(&a.path, a.line, &have, &want));
    }
    for p in &inst.provisions {
        if !doc.provisions.iter().any(|a| a.path == p.path) {
            articles.push(ArticleCheck::NotInSource {
                path: p.path.clone(),
            });
        }
    }
    Ok(VerifyReport {
        instrument: inst.id.clone(),
        language: "zh".to_string(),
        source: source.name.clone(),
        articles,
    })
}

/// Compares `inst` with a source file of the format its name says: e-Gov law XML (`.xml`,
/// Japanese), an Open Legislation law tree (`.json`, English), or LawRefBook Markdown or
/// plain text (Chinese).
pub fn verify_file(inst: &Instrument, source: &SourceFile) -> crate::Result<VerifyReport> {
    use super::import::{official_instrument, Official};
    let kind = if source.name.ends_with(".xml") {
        Official::Egov
    } else if source.name.ends_with(".json") {
        Official::OpenLeg
    } else {
        return verify_lawrefbook(inst, source);
    };
    let official = official_instrument(
        kind,
        &source.name,
        source.text.as_bytes(),
        Some(&inst.id),
        None,
        &super::import::KnownLaws::default(),
    )?;
    let lang = if kind == Official::Egov { "ja" } else { "en" };
    Ok(verify_instrument(inst, &official, lang))
}

/// Compares the `lang` text of every provision of `inst` with that of the same provision
/// of `source` (an imported official text), at every level (`art-2/para-1/item-3`).
pub fn verify_instrument(inst: &Instrument, source: &Instrument, lang: &str) -> VerifyReport {
    fn flatten<'a>(prefix: &str, ps: &'a [Provision], out: &mut Vec<(String, &'a Provision)>) {
        for p in ps {
            let path = if prefix.is_empty() {
                p.path.clone()
            } else {
                format!("{prefix}/{}", p.path)
            };
            out.push((path.clone(), p));
            flatten(&path, &p.children, out);
        }
    }
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    flatten("", &inst.provisions, &mut ours);
    flatten("", &source.provisions, &mut theirs);
    let text_of = |p: &Provision, date: Option<chrono::NaiveDate>| {
        let v = match date {
            Some(d) => p
                .versions
                .iter()
                .find(|v| super::version_covers(v, inst.effective, d))
                .or(p.versions.last()),
            None => p.versions.last(),
        };
        v.and_then(|v| v.text.get(lang))
            .filter(|t| t.status != super::model::TextStatus::Translation)
            .map(|t| t.text.clone())
    };
    let mut articles = Vec::new();
    for (path, sp) in &theirs {
        let Some(want) = sp.versions.last().and_then(|v| v.text.get(lang)) else {
            continue;
        };
        let date = sp.versions.last().and_then(|v| v.from);
        let Some((_, p)) = ours.iter().find(|(q, _)| q == path) else {
            articles.push(ArticleCheck::NotInCorpus { path: path.clone() });
            continue;
        };
        let Some(have) = text_of(p, date) else {
            articles.push(ArticleCheck::NoText { path: path.clone() });
            continue;
        };
        articles.push(compare(path, 0, &normalise(&have), &normalise(&want.text)));
    }
    for (path, p) in &ours {
        if text_of(p, None).is_some() && !theirs.iter().any(|(q, _)| q == path) {
            articles.push(ArticleCheck::NotInSource { path: path.clone() });
        }
    }
    VerifyReport {
        instrument: inst.id.clone(),
        language: lang.to_string(),
        source: source.source.address.clone(),
        articles,
    }
}

/// The check of one text against its source text (both normalised).
fn compare(path: &str, source_line: usize, have: &str, want: &str) -> ArticleCheck {
    if want == have {
        return ArticleCheck::Same {
            path: path.to_string(),
        };
    }
    let at = have
        .chars()
        .zip(want.chars())
        .take_while(|(x, y)| x == y)
        .count();
    ArticleCheck::Differs {
        path: path.to_string(),
        source_line,
        corpus: excerpt(have, at),
        source: excerpt(want, at),
        at_char: at,
    }
}

/// Line breaks and runs of spaces do not count as differences.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn excerpt(s: &str, at: usize) -> String {
    let start = at.saturating_sub(10);
    s.chars().skip(start).take(30).collect()
}
