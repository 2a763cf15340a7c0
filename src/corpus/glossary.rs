//! The glossary of the statutes' terms (`corpus/glossary.yaml`): for each legal concept,
//! each system's own term as its statute writes it, with the provision that uses it, and
//! the term in the other languages as mutua's translations write it. Reports call an
//! outcome kind by the system's term (Japan's mutual insurer is a 相互会社, New York's a
//! mutual insurance corporation), and a test reads every shipped translation against the
//! renderings the glossary says to avoid.

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Error, Result, SourceFile};

/// The file of the corpus that holds the glossary.
pub const FILE: &str = super::hash::GLOSSARY_FILE;

/// The glossary built into the binary.
static SHIPPED: &str = include_str!("../../corpus/glossary.yaml");

/// The glossary of the corpus in use, once installed.
static INSTALLED: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();

/// One concept and its terms.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Its name (`mutual_insurer`).
    pub concept: String,
    /// What it is, in a line.
    #[serde(default)]
    pub note: Option<String>,
    /// The outcome kind reports call by this concept's term (`mutual_insurance_society`).
    #[serde(default)]
    pub kind: Option<String>,
    /// Each system's term, by jurisdiction code.
    pub systems: IndexMap<String, Term>,
}

/// A system's term for a concept.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Term {
    /// The provision whose words these are.
    pub provision: String,
    /// Renderings a translation of this system's law must not use, by language.
    #[serde(default)]
    pub avoid: IndexMap<String, Vec<String>>,
    /// The term in each language (`en`, `zh`, `ja`): the statute's own in its language.
    #[serde(flatten)]
    pub words: IndexMap<String, String>,
}

/// The glossary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Glossary {
    /// The concepts, in file order.
    pub concepts: Vec<Concept>,
}

impl Glossary {
    /// Reads a glossary file; its problems are reported at the file.
    pub fn parse(source: &SourceFile) -> Result<Glossary> {
        let concepts: Vec<Concept> = serde_yaml::from_str(&source.text).map_err(|e| {
            Error::input(crate::corpus::load::yaml_error(
                source,
                &e,
                "glossary",
                "each entry has `concept`, optional `note` and `kind`, and `systems` mapping a jurisdiction code to `provision`, the term per language and optional `avoid`",
            ))
        })?;
        let mut seen = std::collections::HashSet::new();
        for c in &concepts {
            if !seen.insert(c.concept.as_str()) {
                return Err(Error::input(
                    Diagnostic::error(format!("concept `{}` is listed twice", c.concept))
                        .at(source.span(0..0))
                        .help("list each concept once, with every system's term under it"),
                ));
            }
            for (code, term) in &c.systems {
                for lang in term.words.keys().chain(term.avoid.keys()) {
                    if !crate::lang::is_language(lang) {
                        return Err(Error::input(
                            Diagnostic::error(format!(
                                "`{lang}` under `{}` of concept `{}` is not a language",
                                code, c.concept
                            ))
                            .at(source.span(0..0))
                            .help("give the term in `en`, `zh` and `ja`"),
                        ));
                    }
                }
            }
        }
        Ok(Glossary { concepts })
    }

    /// A corpus's own glossary (its `glossary.yaml`), if it has one.
    pub fn of(files: &super::CorpusFiles) -> Result<Option<Glossary>> {
        match files.files.iter().find(|(n, _)| n == FILE) {
            Some((_, text)) if !files.is_shipped() => Ok(Some(Glossary::parse(&SourceFile::new(
                files.display_name(FILE),
                &**text,
            ))?)),
            _ => Ok(None),
        }
    }

    /// Makes this glossary the one reports use for the rest of the process (a corpus
    /// given with `--corpus` brings its own terms, e.g. for a jurisdiction it adds). The
    /// first glossary installed stays: a process works on one corpus.
    pub fn install(self) {
        let _ = INSTALLED.set(self);
    }

    /// The glossary reports use: the one installed, else the shipped one.
    pub fn current() -> &'static Glossary {
        INSTALLED.get().unwrap_or_else(|| Glossary::shipped())
    }

    /// The glossary built into the binary, read once.
    pub fn shipped() -> &'static Glossary {
        static READ: std::sync::OnceLock<Glossary> = std::sync::OnceLock::new();
        READ.get_or_init(|| {
            Glossary::parse(&SourceFile::new("corpus/glossary.yaml", SHIPPED)).unwrap_or_default()
        })
    }

    /// A system's term for a concept (`licence`), in a language, if the glossary gives it.
    pub fn term(&self, concept: &str, jurisdiction: &str, language: &str) -> Option<&str> {
        self.concepts
            .iter()
            .find(|c| c.concept == concept)?
            .systems
            .get(jurisdiction)?
            .words
            .get(language)
            .map(String::as_str)
    }

    /// The term a system's statute uses for an outcome kind, in a language, if the
    /// glossary names one.
    pub fn kind_term(&self, kind: &str, jurisdiction: &str, language: &str) -> Option<&str> {
        self.concepts
            .iter()
            .filter(|c| c.kind.as_deref() == Some(kind))
            .find_map(|c| c.systems.get(jurisdiction)?.words.get(language))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_glossary_names_provisions_of_the_corpus_and_every_language() {
        let glossary = Glossary::parse(&SourceFile::new("corpus/glossary.yaml", SHIPPED)).unwrap();
        assert_eq!(&glossary, Glossary::shipped());
        let corpus = crate::corpus::load_embedded().unwrap();
        for c in &glossary.concepts {
            for (code, term) in &c.systems {
                assert!(
                    crate::corpus::Jurisdiction::from_code(code).is_some(),
                    "{}: {code}",
                    c.concept
                );
                assert!(
                    corpus.entry(&term.provision).is_some(),
                    "{}: {} is not a provision of the corpus",
                    c.concept,
                    term.provision
                );
                assert!(
                    term.provision.starts_with(&format!("{code}/")),
                    "{}: {} is not {code}'s",
                    c.concept,
                    term.provision
                );
                for lang in crate::lang::LANGUAGES {
                    assert!(
                        term.words.contains_key(lang),
                        "{}: {code} has no {lang} term",
                        c.concept
                    );
                }
            }
        }
        assert_eq!(
            glossary.kind_term("mutual_insurance_society", "jp", "ja"),
            Some("相互会社")
        );
    }

    /// The statute's own term is in the authentic text of the provision the glossary
    /// names, where the corpus holds that text.
    #[test]
    fn each_term_is_in_the_provision_it_cites() {
        let corpus = crate::corpus::load_embedded().unwrap();
        for c in &Glossary::shipped().concepts {
            for (code, term) in &c.systems {
                let j = crate::corpus::Jurisdiction::from_code(code).unwrap();
                let lang = j.info().language();
                let entry = corpus.entry(&term.provision).unwrap();
                let provision = corpus.provision(entry);
                let texts: Vec<&str> = provision
                    .versions
                    .iter()
                    .filter_map(|v| v.text.get(lang).map(|t| t.text.as_str()))
                    .chain(provision.heading.get(lang).map(String::as_str))
                    .collect();
                if texts.is_empty() {
                    continue;
                }
                let own = &term.words[lang];
                assert!(
                    texts
                        .iter()
                        .any(|t| t.to_lowercase().contains(&own.to_lowercase())),
                    "{}: `{own}` is not in {}: {texts:?}",
                    c.concept,
                    term.provision
                );
            }
        }
    }
}
