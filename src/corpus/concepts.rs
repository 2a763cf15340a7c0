//! The concept vocabulary (`corpus/concepts.yaml`): every tag a provision may carry, with
//! its definition, and the topics of `mutua compare`, each built from tags, with an
//! explicit record for a jurisdiction that has no provision on it.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::load::{yaml_error, CorpusFiles};
use super::locate::LazyPositions;
use super::{Corpus, Jurisdiction};
use crate::diagnostic::{did_you_mean, Diagnostic, Result, SourceFile};

/// The file of a corpus that holds the vocabulary.
pub const FILE: &str = "concepts.yaml";

/// The vocabulary shipped with the corpus built into the binary.
static SHIPPED: &str = include_str!("../../corpus/concepts.yaml");

/// One concept tag and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// The tag as provisions write it (`governance.assembly`).
    pub tag: String,
    /// What a provision tagged with it is about.
    pub definition: String,
}

/// A topic of `mutua compare`: the provisions carrying any of its tags, per jurisdiction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// The name a user gives `compare` (`governance.assembly`).
    pub id: String,
    /// A title for tables.
    pub title: String,
    /// The question the topic answers, in a sentence.
    pub question: String,
    /// The tags whose provisions the topic gathers.
    pub concepts: Vec<String>,
    /// Why a jurisdiction has no provision on the topic (its law has none, or the corpus
    /// does not hold it and why), instead of an empty cell.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub no_provision: IndexMap<Jurisdiction, String>,
    /// The title and question in other languages (`zh`, `ja`), mutua's own words.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub translations: IndexMap<String, TopicText>,
}

/// A topic's title and question in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicText {
    /// The title.
    pub title: String,
    /// The question.
    pub question: String,
}

impl Topic {
    /// The title and question in `language`, and whether they fell back to English.
    pub fn text_in(&self, language: &str) -> (&str, &str, bool) {
        match self.translations.get(language) {
            Some(t) => (&t.title, &t.question, false),
            None => (&self.title, &self.question, language != "en"),
        }
    }
}

/// The concept tags and the comparison topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Every tag, with its definition.
    pub concepts: Vec<Concept>,
    /// The topics of `compare`, in the order they are listed.
    #[serde(default)]
    pub topics: Vec<Topic>,
}

impl Vocabulary {
    /// The vocabulary of a corpus: its own `concepts.yaml`, or the shipped one when it has
    /// none. The flag says whether the corpus had its own file.
    pub fn of(files: &CorpusFiles) -> Result<(Vocabulary, bool)> {
        let (name, text, own) = match files.files.iter().find(|(n, _)| n == FILE) {
            Some((_, text)) => (files.display_name(FILE), &**text, true),
            None => ("corpus/concepts.yaml (shipped)".to_string(), SHIPPED, false),
        };
        let source = SourceFile::new(name, text);
        let vocabulary = parse(&source)?;
        Ok((vocabulary, own))
    }

    /// The concept with this tag.
    pub fn concept(&self, tag: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.tag == tag)
    }

    /// The topic with this id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    /// Every tag, for suggestions.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.concepts.iter().map(|c| c.tag.as_str())
    }
}

fn parse(source: &SourceFile) -> Result<Vocabulary> {
    serde_yaml::from_str(&source.text).map_err(|e| {
        crate::Error::Input(vec![yaml_error(
            source,
            &e,
            "concept vocabulary",
            "the file holds `concepts:` (tag, definition) and `topics:` (id, title, question, concepts, no_provision)",
        )])
    })
}

/// Problems with the vocabulary itself and with the topics against the corpus: a tag
/// defined twice, a topic naming an unknown tag, a topic with neither a provision nor a
/// "no provision" record for a jurisdiction, or with both. `has_provision` says whether the
/// corpus holds a provision on a topic in one of its `jurisdictions`.
pub fn check_topics(
    vocabulary: &Vocabulary,
    own_file: &SourceFile,
    jurisdictions: &[Jurisdiction],
    has_provision: impl Fn(&Topic, &Jurisdiction) -> bool,
) -> Vec<Diagnostic> {
    let pos = LazyPositions::new(&own_file.text);
    let at = |path: &str| match pos.get(path) {
        Some(p) => own_file.line_col(p.line, p.column, p.len),
        None => own_file.span(0..0),
    };
    let mut diags = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, c) in vocabulary.concepts.iter().enumerate() {
        if !seen.insert(c.tag.as_str()) {
            diags.push(
                Diagnostic::error(format!("concept `{}` is defined twice", c.tag))
                    .at(at(&format!("concepts[{i}].tag")))
                    .help("keep one definition of each tag"),
            );
        }
    }
    for (i, t) in vocabulary.topics.iter().enumerate() {
        for (k, tag) in t.concepts.iter().enumerate() {
            if vocabulary.concept(tag).is_none() {
                diags.push(unknown_tag(
                    vocabulary,
                    tag,
                    at(&format!("topics[{i}].concepts[{k}]")),
                ));
            }
        }
        for j in jurisdictions {
            let found = has_provision(t, j);
            match (found, t.no_provision.get(j)) {
                (false, None) => diags.push(
                    Diagnostic::error(format!(
                        "topic `{}` has no provision for {} and no record saying why",
                        t.id,
                        j.name()
                    ))
                    .at(at(&format!("topics[{i}].id")))
                    .help(format!(
                        "tag the {} provisions on this topic with one of {}, or add `no_provision: {{{}: \"why\"}}` to the topic",
                        j.name(),
                        t.concepts.join(", "),
                        j.code()
                    )),
                ),
                (true, Some(_)) => diags.push(
                    Diagnostic::error(format!(
                        "topic `{}` says {} has no provision on it, but the corpus holds some",
                        t.id,
                        j.name()
                    ))
                    .at(at(&format!("topics[{i}].no_provision.{}", j.code())))
                    .help("remove the `no_provision` record, or the tags that contradict it"),
                ),
                _ => {}
            }
        }
    }
    diags
}

/// The diagnostic for a tag the vocabulary does not define.
pub fn unknown_tag(
    vocabulary: &Vocabulary,
    tag: &str,
    at: crate::diagnostic::Location,
) -> Diagnostic {
    Diagnostic::error(format!("unknown concept tag `{tag}`"))
        .at(at)
        .label("not in the concept vocabulary")
        .help(did_you_mean(tag, vocabulary.tags()).unwrap_or_else(|| {
            "use a tag defined in corpus/concepts.yaml, or define the new tag there".to_string()
        }))
}

/// The addresses of the provisions of one jurisdiction on a topic, in corpus order: each
/// provision carrying one of the topic's tags, unless a provision above it already does
/// (a section stands for its tagged subsections). With a date, only provisions in force
/// then.
pub fn provisions_on(
    corpus: &Corpus,
    topic: &Topic,
    jurisdiction: Jurisdiction,
    as_of: Option<chrono::NaiveDate>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for e in &corpus.entries {
        if corpus.instrument_of(e).jurisdiction != jurisdiction {
            continue;
        }
        let p = corpus.provision(e);
        if !p.concepts.iter().any(|c| topic.concepts.contains(c)) {
            continue;
        }
        if out.iter().any(|a| e.address.starts_with(&format!("{a}/"))) {
            continue;
        }
        if as_of.is_some_and(|d| !corpus.in_force(e, d)) {
            continue;
        }
        out.push(e.address.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_vocabulary_reads_and_defines_each_tag_once() {
        let v: Vocabulary = serde_yaml::from_str(SHIPPED).expect("shipped vocabulary parses");
        let mut tags: Vec<&str> = v.tags().collect();
        let n = tags.len();
        tags.sort();
        tags.dedup();
        assert_eq!(tags.len(), n);
        for t in &v.topics {
            for c in &t.concepts {
                assert!(
                    v.concept(c).is_some(),
                    "topic {} names unknown tag {c}",
                    t.id
                );
            }
        }
    }
}
