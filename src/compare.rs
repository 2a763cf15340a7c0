//! `mutua compare`: how China, New York and Japan treat one topic, side by side, built from
//! the concept tags and summaries of the corpus. A jurisdiction without a provision gets the
//! vocabulary's explicit "no provision" record, never a guess.

use chrono::NaiveDate;
use serde::Serialize;

use crate::corpus::concepts::{provisions_on, Topic, Vocabulary};
use crate::corpus::{Corpus, Jurisdiction, TextStatus};
use crate::diagnostic::{did_you_mean, quoted, Diagnostic, Error, Result};
use crate::report::Words;

pub use crate::corpus::citation::native_citation;

/// What a cell quotes or summarises, and so how far it can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The project's own summary of the provision.
    Summary,
    /// The provision's text, copied from a verified source.
    Verbatim,
    /// The provision's text, transcribed without an official copy to check against.
    Unverified,
    /// A translation of the provision's text.
    Translation,
    /// The provision's text, changed since it was fetched or imported.
    Modified,
}

impl Basis {
    /// How the basis is named in tables.
    pub fn label(self) -> &'static str {
        match self {
            Basis::Summary => "summary by mutua",
            Basis::Verbatim => "verbatim",
            Basis::Unverified => "unverified",
            Basis::Translation => "translation",
            Basis::Modified => "modified",
        }
    }
}

impl From<TextStatus> for Basis {
    fn from(s: TextStatus) -> Basis {
        match s {
            TextStatus::Verbatim => Basis::Verbatim,
            TextStatus::Unverified => Basis::Unverified,
            TextStatus::Translation => Basis::Translation,
            TextStatus::Modified => Basis::Modified,
        }
    }
}

/// One provision cited in a cell.
#[derive(Debug, Clone, Serialize)]
pub struct CitedProvision {
    /// Its address (`cn/pilot-measures/art-7`).
    pub address: String,
    /// Its citation in the instrument's own style (`《相互保险组织监管试行办法》第7条`).
    pub citation: String,
    /// Its heading, joined across languages.
    pub heading: String,
    /// What the cell says of it: the project's summary, or its text when it has none.
    pub content: String,
    /// What `content` is.
    pub basis: Basis,
    /// The status of each text the corpus holds for it (language → status), so that a
    /// reader knows whether the provision itself has been checked.
    pub text_status: indexmap::IndexMap<String, TextStatus>,
}

/// One jurisdiction's cell.
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// The provisions on the topic (empty when there is none).
    pub provisions: Vec<CitedProvision>,
    /// Why there is no provision: the vocabulary's record, or the date asked about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_provision: Option<String>,
    /// Whether `no_provision` is the vocabulary's record, written in English.
    #[serde(skip)]
    pub no_provision_recorded: bool,
}

/// A topic compared across the jurisdictions.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The topic.
    pub topic: Topic,
    /// The date asked about, if any.
    pub as_of: Option<NaiveDate>,
    /// One cell per jurisdiction, China, New York, Japan.
    pub cells: Vec<Cell>,
}

/// The topic a user named: a topic of the vocabulary, or a concept tag compared on its own.
pub fn find_topic(vocabulary: &Vocabulary, name: &str) -> Result<Topic> {
    if let Some(t) = vocabulary.topic(name) {
        return Ok(t.clone());
    }
    if let Some(c) = vocabulary.concept(name) {
        return Ok(Topic {
            id: c.tag.clone(),
            title: c.tag.clone(),
            question: c.definition.clone(),
            concepts: vec![c.tag.clone()],
            no_provision: Default::default(),
            translations: Default::default(),
        });
    }
    let names = vocabulary
        .topics
        .iter()
        .map(|t| t.id.as_str())
        .chain(vocabulary.tags());
    Err(Error::input(
        Diagnostic::error(format!("no topic or concept `{}`", quoted(name))).help(
            did_you_mean(name, names).unwrap_or_else(|| {
                "`mutua compare --list` lists the topics; any concept tag works too".into()
            }),
        ),
    ))
}

/// Compares a topic across the jurisdictions, as of a date if one is given; the reasons
/// mutua gives for an empty cell are in the language of `words`.
pub fn compare(
    corpus: &Corpus,
    topic: &Topic,
    as_of: Option<NaiveDate>,
    words: Words,
) -> Comparison {
    let cells = corpus
        .jurisdictions()
        .into_iter()
        .map(|j| {
            let provisions: Vec<CitedProvision> = provisions_on(corpus, topic, j, as_of)
                .iter()
                .filter_map(|a| cite(corpus, a, as_of))
                .collect();
            let recorded = topic.no_provision.get(&j).filter(|_| provisions.is_empty());
            let no_provision = if !provisions.is_empty() {
                None
            } else if let Some(why) = recorded {
                Some(why.clone())
            } else {
                Some(words.none_tagged(&topic.concepts.join(" or "), as_of))
            };
            Cell {
                jurisdiction: j,
                provisions,
                no_provision,
                no_provision_recorded: recorded.is_some(),
            }
        })
        .collect();
    Comparison {
        topic: topic.clone(),
        as_of,
        cells,
    }
}

fn cite(corpus: &Corpus, address: &str, as_of: Option<NaiveDate>) -> Option<CitedProvision> {
    let entry = corpus.entry(address)?;
    let p = corpus.provision(entry);
    let version = corpus.version_at(entry, as_of);
    let text_status = version
        .map(|v| v.text.iter().map(|(l, t)| (l.clone(), t.status)).collect())
        .unwrap_or_default();
    let (content, basis) = match (&p.summary, version.and_then(|v| v.text.first())) {
        (Some(s), _) => (s.clone(), Basis::Summary),
        (None, Some((_, t))) => (t.text.clone(), Basis::from(t.status)),
        (None, None) => (
            "The corpus holds neither a summary nor a text of this provision.".into(),
            Basis::Summary,
        ),
    };
    Some(CitedProvision {
        address: address.to_string(),
        citation: native_citation(corpus, address),
        heading: p.heading.values().cloned().collect::<Vec<_>>().join(" / "),
        content,
        basis,
        text_status,
    })
}
