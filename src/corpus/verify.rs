//! Compares an instrument's text in the corpus with a source file, article by article, so
//! that a transcription can be checked against an official text.

use serde::Serialize;

use super::import::lawrefbook::parse_lawrefbook;
use super::model::Instrument;
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
    for a in &doc.articles {
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
        if want == have {
            articles.push(ArticleCheck::Same {
                path: a.path.clone(),
            });
        } else {
            let at = have
                .chars()
                .zip(want.chars())
                .take_while(|(x, y)| x == y)
                .count();
            articles.push(ArticleCheck::Differs {
                path: a.path.clone(),
                source_line: a.line,
                corpus: excerpt(&have, at),
                source: excerpt(&want, at),
                at_char: at,
            });
        }
    }
    for p in &inst.provisions {
        if !doc.articles.iter().any(|a| a.path == p.path) {
            articles.push(ArticleCheck::NotInSource {
                path: p.path.clone(),
            });
        }
    }
    Ok(VerifyReport {
        instrument: inst.id.clone(),
        source: source.name.clone(),
        articles,
    })
}

/// Line breaks and runs of spaces do not count as differences.
fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn excerpt(s: &str, at: usize) -> String {
    let start = at.saturating_sub(10);
    s.chars().skip(start).take(30).collect()
}
