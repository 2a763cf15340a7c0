//! Base rules against proposed rules: which answers a proposal changes. Data only;
//! rendering is in `report::diff`.

use chrono::NaiveDate;

use super::eval::evaluate_within;
use super::outcome::{Evaluation, RuleStatus, RuleTrace};
use super::stop::{Stop, Unbounded};
use super::RuleSet;
use crate::corpus::{Corpus, Jurisdiction};
use crate::scheme::Scheme;

/// One answer a proposal changes: a scheme in one jurisdiction, before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The scheme's name.
    pub scheme: String,
    /// The scheme's file.
    pub file: String,
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// The answer under the base rules.
    pub before: Evaluation,
    /// The answer under the proposed rules.
    pub after: Evaluation,
}

impl Change {
    /// Keeps, of each side's rule traces, only the rule that decided it: all that a text or
    /// Markdown diff shows. A change then holds a few traces, however many rules the
    /// proposal has, where it held one per rule (megabytes for a proposal of thousands).
    pub fn keep_deciding_rules(&mut self) {
        for e in [&mut self.before, &mut self.after] {
            let deciding = deciding_index(e).map(|i| e.rules.swap_remove(i));
            e.rules = deciding.into_iter().collect();
        }
    }
}

/// What `diff` found over a suite of schemes.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffReport {
    /// The proposals applied, in order.
    pub proposals: Vec<super::AppliedProposal>,
    /// How many schemes were run.
    pub schemes: usize,
    /// How many answers (scheme × jurisdiction) were compared.
    pub compared: usize,
    /// The answers that change, in scheme order then jurisdiction order.
    pub changes: Vec<Change>,
    /// The language of the report (`en`, `zh`, `ja`).
    pub language: String,
}

/// Whether two answers differ in outcome, kind or compliance, or in the contested
/// readings beside them (their outcomes, or whether they hold).
pub fn differs(before: &Evaluation, after: &Evaluation) -> bool {
    let readings = |e: &Evaluation| -> Vec<(String, super::outcome::Truth)> {
        e.contested
            .iter()
            .map(|c| (c.outcome.clone(), c.holds))
            .collect()
    };
    before.outcome != after.outcome
        || before.kind != after.kind
        || before.compliance != after.compliance
        || readings(before) != readings(after)
}

/// The rule that decided an answer: the first that fired (`None` when undetermined or in
/// conflict).
pub fn deciding_rule(e: &Evaluation) -> Option<&RuleTrace> {
    deciding_index(e).map(|i| &e.rules[i])
}

/// Where the deciding rule is among an answer's rule traces (see [`deciding_rule`]).
fn deciding_index(e: &Evaluation) -> Option<usize> {
    e.outcome.as_ref()?;
    e.rules.iter().position(|r| r.status == RuleStatus::Fired)
}

/// Evaluates `scheme` as of `as_of` under `base` and under `proposed` in each of
/// `jurisdictions` (those either rule set lacks are skipped) and returns the answers that
/// change, and how many answers were compared.
pub fn compare_scheme(
    base: &RuleSet,
    proposed: &RuleSet,
    scheme: &Scheme,
    as_of: NaiveDate,
    jurisdictions: &[Jurisdiction],
    corpus: &Corpus,
    language: &str,
) -> (Vec<Change>, usize) {
    let Ok(found) = compare_scheme_within(
        base,
        proposed,
        scheme,
        as_of,
        jurisdictions,
        corpus,
        language,
        &Unbounded,
    );
    found
}

/// [`compare_scheme`], giving up when `stop` says so (checked in each evaluation).
#[allow(clippy::too_many_arguments)]
pub fn compare_scheme_within<S: Stop>(
    base: &RuleSet,
    proposed: &RuleSet,
    scheme: &Scheme,
    as_of: NaiveDate,
    jurisdictions: &[Jurisdiction],
    corpus: &Corpus,
    language: &str,
    stop: &S,
) -> Result<(Vec<Change>, usize), S::Stopped> {
    let mut changes = Vec::new();
    let mut compared = 0;
    for &j in jurisdictions {
        if !base.jurisdictions().contains(&j) || !proposed.jurisdictions().contains(&j) {
            continue;
        }
        compared += 1;
        let before = evaluate_within(base, j, scheme, as_of, corpus, language, stop)?;
        let after = evaluate_within(proposed, j, scheme, as_of, corpus, language, stop)?;
        if differs(&before, &after) {
            changes.push(Change {
                scheme: scheme.name.clone(),
                file: scheme.source.name.clone(),
                jurisdiction: j,
                before,
                after,
            });
        }
    }
    Ok((changes, compared))
}
