//! `mutua coverage`: the completeness map of the law. For each instrument the map
//! (`corpus/coverage.yaml`) covers, every provision that defines, excludes, exempts,
//! licenses or sets a transition, and its status: `encoded` (with the rules, definitions,
//! warnings and contested readings that cite it, computed from their `cites`), `not
//! encoded` (no rule cites it yet), `inert`, `out of scope` or `not held`, with the reason
//! the map gives.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::corpus::coverage::{LoadedMap, Reason, Role};
use crate::corpus::{Corpus, Jurisdiction};
use crate::diagnostic::{Diagnostic, Error, Result};
use crate::rules::RuleSet;

/// Where a provision stands in the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// A rule, definition, warning or contested reading cites it (or a part of it).
    Encoded,
    /// Nothing cites it, and the map gives no reason: a gap.
    NotEncoded,
    /// No bearing on classification (the map says why).
    Inert,
    /// Left out of the rules on purpose (the map says why).
    OutOfScope,
    /// The corpus does not hold it (the map says what it is and why).
    NotHeld,
}

impl Status {
    /// Every status, in the order totals are shown.
    pub const ALL: [Status; 5] = [
        Status::Encoded,
        Status::NotEncoded,
        Status::Inert,
        Status::OutOfScope,
        Status::NotHeld,
    ];

    /// The words for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Encoded => "encoded",
            Status::NotEncoded => "not encoded",
            Status::Inert => "inert",
            Status::OutOfScope => "out of scope",
            Status::NotHeld => "not held",
        }
    }

    fn of(reason: Reason) -> Status {
        match reason {
            Reason::Inert => Status::Inert,
            Reason::OutOfScope => Status::OutOfScope,
            Reason::NotHeld => Status::NotHeld,
        }
    }
}

/// What in the rules cites a provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CiterKind {
    /// A rule.
    Rule,
    /// A definition.
    Definition,
    /// A warning.
    Warning,
    /// A contested reading (`arguably -> …`) of a rule.
    ContestedReading,
}

impl CiterKind {
    /// The word for one (`rule commercial_insurer`).
    pub fn singular(self) -> &'static str {
        match self {
            CiterKind::Rule => "rule",
            CiterKind::Definition => "definition",
            CiterKind::Warning => "warning",
            CiterKind::ContestedReading => "contested reading of rule",
        }
    }

    /// The plural for lists (`rules commercial_insurer, mutual_aid`).
    pub fn plural(self) -> &'static str {
        match self {
            CiterKind::Rule => "rules",
            CiterKind::Definition => "definitions",
            CiterKind::Warning => "warnings",
            CiterKind::ContestedReading => "contested readings of",
        }
    }
}

/// A rule, definition, warning or contested reading that cites a provision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citer {
    /// What it is.
    pub kind: CiterKind,
    /// Its name (for a contested reading, the rule's).
    pub name: String,
    /// Its jurisdiction's rules.
    pub jurisdiction: Jurisdiction,
    /// The addresses it cites within the provision (the provision or its parts).
    pub cites: Vec<String>,
}

/// One provision of the map and its status.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Its address (absent for a provision not held whose number is not known).
    pub address: Option<String>,
    /// Its caption: the heading the corpus holds (with the start of its summary where the
    /// heading is only a number), or the map's caption for one not held.
    pub caption: String,
    /// What it does.
    pub role: Role,
    /// Where it stands in the rules.
    pub status: Status,
    /// What cites it (for `encoded`; empty otherwise).
    pub encoded_by: Vec<Citer>,
    /// Why (for `inert`, `out of scope`, `not held`).
    pub reason: Option<String>,
    /// The map's remark.
    pub note: Option<String>,
}

/// The map of one instrument.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentCoverage {
    /// The instrument id.
    pub id: String,
    /// Its English title (or its own).
    pub title: String,
    /// Its jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// Its listed provisions.
    pub provisions: Vec<Row>,
}

impl InstrumentCoverage {
    /// How many provisions have each status.
    pub fn totals(&self) -> Totals {
        Totals::of(self.provisions.iter())
    }
}

/// Provisions per status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Totals(pub BTreeMap<Status, usize>);

impl Totals {
    fn of<'a>(rows: impl Iterator<Item = &'a Row>) -> Totals {
        let mut t = BTreeMap::new();
        for r in rows {
            *t.entry(r.status).or_insert(0) += 1;
        }
        Totals(t)
    }

    /// How many have `status`.
    pub fn get(&self, status: Status) -> usize {
        self.0.get(&status).copied().unwrap_or(0)
    }

    /// How many in all.
    pub fn all(&self) -> usize {
        self.0.values().sum()
    }
}

/// The whole map, for the jurisdictions asked for.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// The jurisdiction asked for, if one was.
    pub jurisdiction: Option<Jurisdiction>,
    /// The instruments, in the map's order.
    pub instruments: Vec<InstrumentCoverage>,
}

impl Coverage {
    /// How many provisions have each status, over every instrument shown.
    pub fn totals(&self) -> Totals {
        Totals::of(self.instruments.iter().flat_map(|i| i.provisions.iter()))
    }
}

/// Every citation in the rules, by the address cited.
fn citations(rules: &RuleSet) -> Vec<(String, CiterKind, &str, Jurisdiction)> {
    let mut out = Vec::new();
    for (&j, r) in &rules.by_jurisdiction {
        for d in r.definitions.values() {
            for c in &d.cites {
                out.push((c.clone(), CiterKind::Definition, d.name.as_str(), j));
            }
        }
        for rule in &r.rules {
            for c in &rule.cites {
                out.push((c.clone(), CiterKind::Rule, rule.name.as_str(), j));
            }
            for reading in &rule.contested {
                for c in &reading.cites {
                    out.push((
                        c.clone(),
                        CiterKind::ContestedReading,
                        rule.name.as_str(),
                        j,
                    ));
                }
            }
        }
        for w in &r.warnings {
            for c in &w.cites {
                out.push((c.clone(), CiterKind::Warning, w.name.as_str(), j));
            }
        }
    }
    out
}

/// What cites `address` or a part of it, grouped by kind and name, in that order.
fn citers_of(address: &str, all: &[(String, CiterKind, &str, Jurisdiction)]) -> Vec<Citer> {
    let within = format!("{address}/");
    let mut found: BTreeMap<(CiterKind, &str), Citer> = BTreeMap::new();
    for (cited, kind, name, j) in all {
        if cited != address && !cited.starts_with(&within) {
            continue;
        }
        let c = found.entry((*kind, name)).or_insert_with(|| Citer {
            kind: *kind,
            name: name.to_string(),
            jurisdiction: *j,
            cites: Vec::new(),
        });
        if !c.cites.contains(cited) {
            c.cites.push(cited.clone());
        }
    }
    found.into_values().collect()
}

/// The map with each provision's status. A provision the map calls inert or out of scope
/// that the rules cite is an error at its reason: the rules encode it. Every such
/// problem is reported at once.
pub fn coverage(
    loaded: &LoadedMap,
    corpus: &Corpus,
    rules: &RuleSet,
    jurisdiction: Option<Jurisdiction>,
) -> Result<Coverage> {
    let all = citations(rules);
    let mut problems = Vec::new();
    let mut instruments = Vec::new();
    for (i, listed) in loaded.map.instruments.iter().enumerate() {
        let Some(inst) = corpus.instrument(&listed.id) else {
            continue;
        };
        let mut rows = Vec::new();
        for (k, p) in listed.provisions.iter().enumerate() {
            let citers = p
                .address
                .as_deref()
                .map(|a| citers_of(a, &all))
                .unwrap_or_default();
            let reason = p.reason();
            if let (Some((r @ (Reason::Inert | Reason::OutOfScope), _)), Some(first)) =
                (reason, citers.first())
            {
                let address = p.address.as_deref().unwrap_or_default();
                let names: Vec<String> = citers
                    .iter()
                    .map(|c| format!("{} `{}`", c.kind.singular(), c.name))
                    .collect();
                problems.push(
                    Diagnostic::error(format!(
                        "`{address}` is marked {}, but the rules cite it: {}",
                        Status::of(r).label(),
                        names.join(", ")
                    ))
                    .at(loaded.at(&format!("instruments[{i}].provisions[{k}].{}", r.key())))
                    .label(format!("{} cites {}", first.name, first.cites.join(", ")))
                    .help(format!(
                        "remove `{}:`: a provision the rules cite is encoded, and `mutua coverage` says so",
                        r.key()
                    )),
                );
            }
            let status = match reason {
                Some((r, _)) => Status::of(r),
                None if citers.is_empty() => Status::NotEncoded,
                None => Status::Encoded,
            };
            rows.push(Row {
                caption: caption(corpus, p.address.as_deref(), p.caption.as_deref()),
                address: p.address.clone(),
                role: p.role,
                status,
                encoded_by: if status == Status::Encoded {
                    citers
                } else {
                    Vec::new()
                },
                reason: reason.map(|(_, t)| t.trim().to_string()),
                note: p.note.as_ref().map(|n| n.trim().to_string()),
            });
        }
        if jurisdiction.is_some_and(|j| j != inst.jurisdiction) {
            continue;
        }
        instruments.push(InstrumentCoverage {
            id: inst.id.clone(),
            title: inst
                .title
                .get("en")
                .or_else(|| inst.title.values().next())
                .cloned()
                .unwrap_or_else(|| inst.id.clone()),
            jurisdiction: inst.jurisdiction,
            provisions: rows,
        });
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems));
    }
    Ok(Coverage {
        jurisdiction,
        instruments,
    })
}

/// How long a caption taken from a summary may be.
const CAPTION_CHARS: usize = 90;

/// A provision's caption: its English heading (or its citation), with the first sentence
/// of its summary where the heading is only a number (`Article 10`, `§ 1102(a)`).
fn caption(corpus: &Corpus, address: Option<&str>, given: Option<&str>) -> String {
    let entry = address.and_then(|a| corpus.entry(a));
    let (Some(entry), Some(address)) = (entry, address) else {
        return given.or(address).unwrap_or_default().trim().to_string();
    };
    let p = corpus.provision(entry);
    let heading = p
        .heading
        .get("en")
        .cloned()
        .unwrap_or_else(|| crate::corpus::citation::display_citation(address));
    let number = ["Article ", "Art. ", "§ "]
        .iter()
        .find_map(|p| heading.strip_prefix(p))
        .unwrap_or(&heading);
    // `1101(b)(1)(A)` is a number; `2 (Definitions)` has a caption
    let mut rest = number.to_string();
    while let (Some(open), Some(close)) = (rest.find('('), rest.find(')')) {
        let label = rest.get(open + 1..close).unwrap_or("x");
        if close < open
            || label.len() > 4
            || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            break;
        }
        rest.replace_range(open..=close, "");
    }
    let numbered_only = rest
        .chars()
        .all(|c| c.is_ascii_digit() || "-. ".contains(c));
    match p.summary.as_deref() {
        Some(summary) if numbered_only => {
            format!("{heading}: {}", first_sentence(summary, CAPTION_CHARS))
        }
        _ => heading,
    }
}

/// The first sentence of `text`, cut at a word to at most `max` characters (with `…`).
fn first_sentence(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sentence = match sentence_end(&text) {
        Some(i) => &text[..=i],
        None => text.as_str(),
    };
    if sentence.chars().count() <= max {
        return sentence.trim_end_matches('.').to_string();
    }
    let mut out = String::new();
    for word in sentence.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{}…", out.trim_end_matches([',', ';', ':']))
}

/// Where the first sentence of `text` ends: at a full stop followed by a capital letter,
/// not after an abbreviation (`art. 2`, `e.g. a`, `No. 13`, `Art. 2`).
fn sentence_end(text: &str) -> Option<usize> {
    const ABBREVIATIONS: [&str; 6] = ["art", "arts", "para", "paras", "no", "nos"];
    text.match_indices(". ").map(|(i, _)| i).find(|&i| {
        let next_is_capital = text[i + 2..].chars().next().is_some_and(char::is_uppercase);
        let word = text[..i].rsplit([' ', '(']).next().unwrap_or("");
        next_is_capital && !ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_first_sentence_is_cut_at_a_word() {
        assert_eq!(first_sentence("Short one. And more.", 40), "Short one");
        assert_eq!(
            first_sentence("Threshold for Act art. 2(1)(iii). Para. 2 names more.", 60),
            "Threshold for Act art. 2(1)(iii)"
        );
        assert_eq!(
            first_sentence("one two three four five six", 14),
            "one two three…"
        );
    }
}
