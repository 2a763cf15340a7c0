//! What-if: the smallest sets of fact changes that would give a scheme another answer.
//!
//! For one jurisdiction, the search changes one fact, then two, then three (at most
//! [`MAX_CHANGES`]), each to every value the rules distinguish (each threshold they compare
//! with, one below and one above; every enum value; both truth values), and keeps, for each
//! outcome reached, the sets of the smallest size that reach it. A fact not given counts as
//! changed whatever value it takes. The search is exact for what the rules can express, up
//! to its bounds ([`MAX_CHANGES`] facts, [`BUDGET`] evaluations); past them it says so.

use chrono::NaiveDate;
use indexmap::IndexMap;

use super::eval::{decided_outcome, evaluate_within, fact_domains, subsets};
use super::outcome::{Evaluation, Kind};
use super::stop::{Stop, Unbounded};
use super::RuleSet;
use crate::corpus::{Corpus, Jurisdiction};
use crate::diagnostic::{did_you_mean, quoted, Diagnostic, Error, Result};
use crate::facts::FactMap;
use crate::facts::{FactValue, Facts};
use crate::scheme::Scheme;

/// The most facts one suggested change sets.
pub const MAX_CHANGES: usize = 3;
/// The most evaluations one jurisdiction's search spends.
pub const BUDGET: usize = 200_000;
/// The most change sets kept per outcome (each over a different group of facts).
const KEPT_PER_OUTCOME: usize = 3;

/// One way to another answer: the facts to set, and the answer they give.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// The facts to set and their new values, in the rules' reading order.
    pub set: FactMap,
    /// The facts' values now (`None` when not given).
    pub now: IndexMap<String, Option<FactValue>>,
    /// The answer with those values, with its explanation.
    pub to: Evaluation,
}

/// The changes found for one jurisdiction.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatIf {
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// The answer now.
    pub now: Evaluation,
    /// The smallest change sets per outcome reached, in the order found.
    pub changes: Vec<Change>,
    /// Whether the search stopped at its bounds before trying every set.
    pub exhausted_budget: bool,
}

/// Which answers to look for: any other outcome, or those matching an outcome or kind name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// Every outcome other than the current one.
    Any,
    /// An outcome name (`mutual_aid_plan`) or a kind (`unregulated_mutual_aid`).
    Named(&'a str),
}

impl<'a> Target<'a> {
    /// The answers `name` asks for: an outcome of the rules of some jurisdiction, or a
    /// kind one of them gives. Any other name is an error saying how it was written
    /// (`said`, e.g. `--to insurence`), the closest names ("did you mean") and every name
    /// there is, so that a misspelt target is never a search that finds nothing.
    pub fn named(rules: &RuleSet, name: &'a str, said: &str) -> Result<Target<'a>> {
        let outcomes = rules
            .by_jurisdiction
            .values()
            .flat_map(|j| j.outcomes.values());
        let mut names: Vec<&str> = Vec::new();
        for o in outcomes.clone() {
            names.push(o.name.as_str());
        }
        for o in outcomes {
            names.push(kind_code(o.kind));
        }
        let mut seen = std::collections::HashSet::new();
        names.retain(|n| seen.insert(*n));
        if names.contains(&name) {
            return Ok(Target::Named(name));
        }
        let listed = names.join(", ");
        let help = match did_you_mean(name, names.iter().copied()) {
            Some(close) => format!("{close} The outcomes and kinds are {listed}"),
            None => format!("the outcomes and kinds are {listed}"),
        };
        Err(Error::input(
            Diagnostic::error(format!(
                "`{}` is neither an outcome nor a kind",
                quoted(said)
            ))
            .help(help),
        ))
    }
}

/// A kind as the rules and the JSON reports write it (`unregulated_mutual_aid`).
fn kind_code(kind: Kind) -> &'static str {
    match kind {
        Kind::Insurance => "insurance",
        Kind::MutualInsuranceSociety => "mutual_insurance_society",
        Kind::UnregulatedMutualAid => "unregulated_mutual_aid",
        Kind::Undetermined => "undetermined",
    }
}

/// Searches the smallest fact changes that give `scheme` each other answer in `jurisdiction`.
pub fn what_if(
    rules: &RuleSet,
    jurisdiction: Jurisdiction,
    scheme: &Scheme,
    as_of: NaiveDate,
    corpus: &Corpus,
    language: &str,
    target: Target<'_>,
) -> WhatIf {
    let Ok(found) = what_if_within(
        rules,
        jurisdiction,
        scheme,
        as_of,
        corpus,
        language,
        target,
        &Unbounded,
    );
    found
}

/// [`what_if`], giving up when `stop` says so (checked at each set of values tried and in
/// each evaluation).
#[allow(clippy::too_many_arguments)]
pub fn what_if_within<S: Stop>(
    rules: &RuleSet,
    jurisdiction: Jurisdiction,
    scheme: &Scheme,
    as_of: NaiveDate,
    corpus: &Corpus,
    language: &str,
    target: Target<'_>,
    stop: &S,
) -> Result<WhatIf, S::Stopped> {
    let now = evaluate_within(rules, jurisdiction, scheme, as_of, corpus, language, stop)?;
    let mut result = WhatIf {
        jurisdiction,
        now,
        changes: Vec::new(),
        exhausted_budget: false,
    };
    let Some(j) = rules.of(jurisdiction) else {
        return Ok(result);
    };
    let wanted = |outcome: &str| -> bool {
        if Some(outcome) == result.now.outcome.as_deref() {
            return false;
        }
        match target {
            Target::Any => true,
            Target::Named(name) => {
                outcome == name
                    || j.outcomes
                        .get(outcome)
                        .is_some_and(|o| kind_code(o.kind) == name)
            }
        }
    };
    let reachable: Vec<&str> = j
        .outcomes
        .keys()
        .map(String::as_str)
        .filter(|o| wanted(o))
        .collect();
    // each fact with the values that differ from what the scheme says
    let domains: Vec<(String, Vec<FactValue>)> = fact_domains(rules, j, as_of)
        .into_iter()
        .map(|(f, values)| {
            let current = scheme.facts.get(&f);
            let other: Vec<FactValue> = values.into_iter().filter(|v| Some(v) != current).collect();
            (f, other)
        })
        .filter(|(_, values)| !values.is_empty())
        .collect();
    let mut found: IndexMap<String, Vec<FactMap>> = IndexMap::new();
    let mut budget = BUDGET;
    'sizes: for size in 1..=MAX_CHANGES.min(domains.len()) {
        // outcomes found at a smaller size need no larger sets
        let done: Vec<String> = found.keys().cloned().collect();
        for subset in subsets(domains.len(), size) {
            let chosen: Vec<&(String, Vec<FactValue>)> =
                subset.iter().map(|&i| &domains[i]).collect();
            let mut odometer = vec![0usize; size];
            loop {
                if budget == 0 {
                    result.exhausted_budget = true;
                    break 'sizes;
                }
                budget -= 1;
                stop.check()?;
                let mut facts = scheme.facts.clone();
                for (k, (name, values)) in chosen.iter().enumerate() {
                    facts.insert(name.clone(), values[odometer[k]].clone());
                }
                if let Some(outcome) = decided_outcome(j, &Facts::new(&facts), as_of) {
                    if wanted(outcome) && !done.iter().any(|d| d == outcome) {
                        let sets = found.entry(outcome.to_string()).or_default();
                        // one set per group of facts: other values of the same facts add nothing
                        let same_facts = sets.iter().any(|s| {
                            s.len() == chosen.len()
                                && chosen.iter().all(|(name, _)| s.contains_key(name))
                        });
                        if sets.len() < KEPT_PER_OUTCOME && !same_facts {
                            sets.push(
                                chosen
                                    .iter()
                                    .enumerate()
                                    .map(|(k, (name, values))| {
                                        (name.clone(), values[odometer[k]].clone())
                                    })
                                    .collect(),
                            );
                        }
                    }
                }
                // next combination of values
                let mut k = 0;
                loop {
                    if k == size {
                        break;
                    }
                    odometer[k] += 1;
                    if odometer[k] < chosen[k].1.len() {
                        break;
                    }
                    odometer[k] = 0;
                    k += 1;
                }
                if k == size {
                    break;
                }
            }
        }
        if reachable.iter().all(|o| found.contains_key(*o)) {
            break;
        }
    }
    for sets in found.into_values() {
        for set in sets {
            let mut changed = scheme.clone();
            let mut now = IndexMap::new();
            for (name, value) in &set {
                now.insert(name.clone(), scheme.facts.get(name).cloned());
                changed.facts.insert(name.clone(), value.clone());
            }
            let to = evaluate_within(rules, jurisdiction, &changed, as_of, corpus, language, stop)?;
            result.changes.push(Change {
                jurisdiction,
                set,
                now,
                to,
            });
        }
    }
    Ok(result)
}
