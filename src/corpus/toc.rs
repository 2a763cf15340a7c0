//! Tables of contents: an instrument's provisions grouped by its divisions (编/編, 章, 节/節,
//! 款, 目; New York's Articles), and the addresses of those divisions, which a scholar can
//! guess from the heading: `cn/pilot-measures/chapter-2`, `ny/ins/article-45`,
//! `jp/iba/part-2/chapter-12`.

use serde::Serialize;

use super::citation::{self, Resolved};
use super::numerals::parse_number;
use super::{Corpus, Instrument};
use crate::diagnostic::{Diagnostic, Error, Result};

/// A division of an instrument (or the instrument itself, at the root) with what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct Division {
    /// `<instrument>/<slug>/<slug>…`; the instrument id at the root.
    pub address: String,
    /// The heading as the instrument writes it (`第二章 设立`); the title at the root.
    pub heading: String,
    /// The top-level provisions directly in this division, in order.
    pub provisions: Vec<TocEntry>,
    /// The divisions under this one, in order of first appearance.
    pub divisions: Vec<Division>,
}

/// One provision in a table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// Its address.
    pub address: String,
    /// Its heading, joined across languages.
    pub heading: String,
}

impl Division {
    /// Every provision in this division and those under it.
    pub fn count(&self) -> usize {
        self.provisions.len() + self.divisions.iter().map(Division::count).sum::<usize>()
    }

    /// The division with this address, here or below.
    pub fn find(&self, address: &str) -> Option<&Division> {
        if self.address == address {
            return Some(self);
        }
        self.divisions.iter().find_map(|d| d.find(address))
    }

    fn addresses<'a>(&'a self, out: &mut Vec<&'a str>) {
        out.push(&self.address);
        for d in &self.divisions {
            d.addresses(out);
        }
    }
}

/// The address segment of a division heading: `第二章 设立` → `chapter-2`, `第二編 …` →
/// `part-2`, `第一目 社員総会` → `division-1`, `Article 45. Fraternal …` → `article-45`;
/// `div-K` (its place among its siblings) when the heading has no number.
pub fn division_slug(heading: &str, place: usize) -> String {
    let h = heading.trim();
    if let Some(body) = h.strip_prefix('第') {
        let kinds = [
            ('编', "part"),
            ('編', "part"),
            ('章', "chapter"),
            ('节', "section"),
            ('節', "section"),
            ('款', "subsection"),
            ('目', "division"),
        ];
        for (marker, kind) in kinds {
            if let Some(n) = body.find(marker).and_then(|end| parse_number(&body[..end])) {
                return format!("{kind}-{n}");
            }
        }
    }
    let mut words = h.split_whitespace();
    if let (Some(kind), Some(num)) = (words.next(), words.next()) {
        let num = num.trim_end_matches(['.', ':']);
        let kind = kind.to_lowercase();
        if ["article", "part", "title", "chapter", "subpart"].contains(&kind.as_str())
            && !num.is_empty()
            && num.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return format!("{kind}-{}", num.to_lowercase());
        }
    }
    format!("div-{place}")
}

/// An instrument's table of contents: its top-level provisions grouped by division.
pub fn table_of_contents(inst: &Instrument) -> Division {
    let mut root = Division {
        address: inst.id.clone(),
        heading: inst.title.values().cloned().collect::<Vec<_>>().join(" / "),
        provisions: Vec::new(),
        divisions: Vec::new(),
    };
    for p in &inst.provisions {
        let mut node = &mut root;
        for heading in &p.division {
            let k = match node.divisions.iter().position(|d| &d.heading == heading) {
                Some(k) => k,
                None => {
                    let slug = division_slug(heading, node.divisions.len() + 1);
                    node.divisions.push(Division {
                        address: format!("{}/{slug}", node.address),
                        heading: heading.clone(),
                        provisions: Vec::new(),
                        divisions: Vec::new(),
                    });
                    node.divisions.len() - 1
                }
            };
            node = &mut node.divisions[k];
        }
        node.provisions.push(TocEntry {
            address: format!("{}/{}", inst.id, p.path),
            heading: p.heading.values().cloned().collect::<Vec<_>>().join(" / "),
        });
    }
    root
}

/// What `show` was asked for: one provision, or a whole instrument or division.
#[derive(Debug, Clone)]
pub enum Target {
    /// A provision, found by address or citation.
    Provision(Resolved),
    /// An instrument (its table of contents) or one of its divisions.
    Division {
        /// The instrument's index in [`Corpus::instruments`].
        instrument: usize,
        /// The division's address (the instrument id for the whole instrument).
        address: String,
    },
}

fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"《》「」.".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Resolves what `show` was given: an instrument (id, title or short title), a division
/// address, or else a provision (see [`citation::resolve`]).
pub fn resolve(corpus: &Corpus, wanted: &str) -> Result<Target> {
    let w = wanted.trim().trim_end_matches('/');
    let key = normalise(w);
    for (i, inst) in corpus.instruments.iter().enumerate() {
        let names = std::iter::once(&inst.id)
            .chain(inst.title.values())
            .chain(inst.short_titles.values().flatten());
        if names.into_iter().any(|n| normalise(n) == key) {
            return Ok(Target::Division {
                instrument: i,
                address: inst.id.clone(),
            });
        }
    }
    if let Some((i, inst)) = corpus
        .instruments
        .iter()
        .enumerate()
        .find(|(_, inst)| w.starts_with(&format!("{}/", inst.id)))
    {
        if corpus.entry(w).is_none() {
            let toc = table_of_contents(inst);
            if toc.find(w).is_some() {
                return Ok(Target::Division {
                    instrument: i,
                    address: w.to_string(),
                });
            }
            let first = &w[inst.id.len() + 1..];
            if !first.starts_with("art-") && !first.starts_with("s-") {
                let mut known = Vec::new();
                toc.addresses(&mut known);
                return Err(Error::input(
                    Diagnostic::error(format!("no division or provision `{w}` in the corpus"))
                        .help(
                            crate::diagnostic::did_you_mean(w, known.iter().copied())
                                .unwrap_or_else(|| {
                                    format!("divisions of {}: {}", inst.id, known[1..].join(", "))
                                }),
                        ),
                ));
            }
        }
    }
    citation::resolve(corpus, wanted).map(Target::Provision)
}

/// The addresses of a provision and of everything under it, in document order.
pub fn with_children(corpus: &Corpus, address: &str) -> Vec<String> {
    let prefix = format!("{address}/");
    corpus
        .entries
        .iter()
        .filter(|e| e.address == address || e.address.starts_with(&prefix))
        .map(|e| e.address.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn division_headings_give_guessable_slugs() {
        assert_eq!(division_slug("第二章 设立", 1), "chapter-2");
        assert_eq!(
            division_slug("第十二章 少額短期保険業者の特例", 1),
            "chapter-12"
        );
        assert_eq!(division_slug("第二編 保険会社等", 1), "part-2");
        assert_eq!(division_slug("第二節 相互会社", 1), "section-2");
        assert_eq!(division_slug("第四款 機関", 1), "subsection-4");
        assert_eq!(division_slug("第一目 社員総会", 1), "division-1");
        assert_eq!(
            division_slug("Article 45. Fraternal benefit societies", 1),
            "article-45"
        );
        assert_eq!(division_slug("Supplementary provisions", 3), "div-3");
    }
}
