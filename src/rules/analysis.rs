//! Whole-set analyses of one jurisdiction's rules, run by `mutua check`: rules of equal
//! priority that can fire together with different outcomes (the answer would be a
//! conflict), and facts under which no rule fires (the answer would be undetermined with no
//! question left to ask).
//!
//! Both search the values the evaluator's own searches try (see [`eval`]): for each fact,
//! each threshold the rules compare it with, one below and one above (within the fact's
//! declared bounds), every enum value and both truth values; for the date, one day of each
//! period over which the same rules are in force. The search is depth-first and sets one
//! fact at a time, always one on which an undecided condition still depends, evaluating the
//! rules in three-valued logic at each step; it stops going down as soon as the facts set
//! so far settle the question whatever the others are (a rule fires; both rules fire; one of
//! them fails or is beaten). So an example names only the facts that matter, and holds
//! whatever the other facts are. Each analysis spends at most [`BUDGET`] evaluations per
//! jurisdiction, and says so in a note when it stops there.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use indexmap::IndexMap;

use super::check::{dependency_order, Cond, CondAt, JurisdictionRules, RuleSet};
use super::eval::{self, Facts};
use super::outcome::{group_digits, RuleStatus, Truth};
use crate::corpus::Jurisdiction;
use crate::diagnostic::{Diagnostic, Location};
use crate::facts::{FactMap, FactValue};

/// The most evaluations each analysis spends on one jurisdiction. An evaluation is one
/// part of a condition (a test of a fact, a definition's name, `and`, `or`, `not`) worked
/// out for one set of facts: a step of a search costs the size of all the conditions of
/// the jurisdiction's rules and definitions, whose parts it evaluates.
pub const BUDGET: usize = 3_000_000;

/// One jurisdiction's rules, with the places the analyses' diagnostics point at.
pub(crate) struct Subject<'a> {
    /// The checked rules (facts and all jurisdictions).
    pub set: &'a RuleSet,
    /// The jurisdiction analysed.
    pub jurisdiction: Jurisdiction,
    /// Its rules.
    pub rules: &'a JurisdictionRules,
    /// Where each rule's name is written, in the order of `rules.rules`.
    pub rule_at: &'a [Location],
    /// Where the jurisdiction is named: its `jurisdiction` line, or else its first rule.
    pub at: Location,
}

/// Pairs of rules of equal priority, neither yielding to the other, with different outcomes,
/// that both fire for some facts on some date: one warning per pair, at the first rule,
/// with the facts and the period as the example.
pub(crate) fn collisions(s: &Subject<'_>, budget: usize) -> Vec<Diagnostic> {
    let rules = s.rules;
    let mut search = Search::new(s, budget);
    let mut by_priority: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, r) in rules.rules.iter().enumerate() {
        by_priority.entry(r.priority).or_default().push(i);
    }
    let mut found: Vec<((usize, usize), Diagnostic)> = Vec::new();
    for group in by_priority.values() {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                let (ra, rb) = (&rules.rules[a], &rules.rules[b]);
                let example = if !search.budget.spend(1) {
                    Err(OutOfBudget)
                } else if ra.outcome == rb.outcome
                    || ra.unless.contains(&rb.name)
                    || rb.unless.contains(&ra.name)
                {
                    Ok(None)
                } else {
                    // most pairs cannot both hold on any date: that is found cheaply, from
                    // their own conditions, before rules that might beat them are weighed
                    let applies = |day| ra.in_force(day) && rb.in_force(day);
                    let cost = search.parts_of[a] + search.parts_of[b] + search.definition_parts;
                    search
                        .holds(applies, cost, |facts| both_hold(rules, a, b, facts))
                        .and_then(|can| {
                            if can {
                                search.example(applies, |facts, day| {
                                    both_fire(rules, a, b, facts, day)
                                })
                            } else {
                                Ok(None)
                            }
                        })
                };
                match example {
                    Ok(Some((facts, period))) => {
                        let other = &s.rule_at[b];
                        let d = Diagnostic::warning(format!(
                            "rules `{}` and `{}` ({}:{}:{}) both fire, with different outcomes and neither above the other, {}, {}",
                            ra.name,
                            rb.name,
                            other.file,
                            other.line,
                            other.column,
                            example_text(&facts, "whatever the facts"),
                            period.describe()
                        ))
                        .at(s.rule_at[a].clone())
                        .label(format!(
                            "gives `{}`, and `{}` gives `{}`, both at priority {}",
                            ra.outcome, rb.name, rb.outcome, ra.priority
                        ))
                        .help(format!(
                            "the answer for such facts is a conflict: give the rule that should win a higher `priority`, or write `unless {}` in `{}` (or the other way round), or narrow the conditions so that they cannot both hold",
                            rb.name, ra.name
                        ));
                        found.push(((a, b), d));
                    }
                    Ok(None) => {}
                    Err(OutOfBudget) => {
                        found.sort_by_key(|(pair, _)| *pair);
                        let note = Diagnostic::note(format!(
                            "the search for rules of `{}` that fire together stopped at its limit of {} evaluations, at `{}` and `{}`: the pairs of rules after them were not tried",
                            s.jurisdiction,
                            group_digits(search.limit as i64),
                            ra.name,
                            rb.name
                        ))
                        .at(s.at.clone())
                        .label("not every pair of rules was tried")
                        .help("rules of equal priority may still fire together for facts the search did not reach; the search passes over rules that differ in `priority` or yield to one another with `unless`");
                        return found.into_iter().map(|(_, d)| d).chain([note]).collect();
                    }
                }
            }
        }
    }
    found.sort_by_key(|(pair, _)| *pair);
    found.into_iter().map(|(_, d)| d).collect()
}

/// Whether the conditions of rules `a` and `b` both hold whatever facts other than `facts`
/// are, on any date.
fn both_hold<'r>(rules: &'r JurisdictionRules, a: usize, b: usize, facts: &Facts) -> Step<'r> {
    let mut memo = eval::Memo::default();
    let conds = [&rules.rules[a].when, &rules.rules[b].when];
    let truths = conds.map(|c| {
        c.as_ref().map_or(Truth::True, |w| {
            eval::truth_with(w, rules, facts, &mut memo)
        })
    });
    if truths.contains(&Truth::False) {
        return Step::Prune;
    }
    if truths == [Truth::True, Truth::True] {
        return Step::Found;
    }
    let undecided = conds.into_iter().flatten();
    eval::first_open_fact(undecided, rules, facts).map_or(Step::Prune, Step::Branch)
}

/// Whether rules `a` and `b` both fire whatever facts other than `facts` are.
fn both_fire<'r>(
    rules: &'r JurisdictionRules,
    a: usize,
    b: usize,
    facts: &Facts,
    day: NaiveDate,
) -> Step<'r> {
    let statuses = eval::rule_statuses(rules, facts, day);
    let settled = |k: usize| {
        matches!(
            statuses[k].1,
            RuleStatus::Failed | RuleStatus::Defeated | RuleStatus::NotInForce
        )
    };
    if settled(a) || settled(b) {
        return Step::Prune;
    }
    if statuses[a].1 == RuleStatus::Fired && statuses[b].1 == RuleStatus::Fired {
        return Step::Found;
    }
    // the two rules first, then the undecided rules that could beat either
    let (ra, rb) = (&rules.rules[a], &rules.rules[b]);
    let defeaters = (0..rules.rules.len()).filter(|&k| {
        let rk = &rules.rules[k];
        statuses[k].1 != RuleStatus::NotInForce && (rules.defeats(rk, ra) || rules.defeats(rk, rb))
    });
    let undecided = [a, b]
        .into_iter()
        .chain(defeaters)
        .filter(|&k| statuses[k].0 == Truth::Unknown)
        .filter_map(|k| rules.rules[k].when.as_ref());
    eval::first_open_fact(undecided, rules, facts).map_or(Step::Prune, Step::Branch)
}

/// Facts under which no rule of the jurisdiction fires, on some date on which one of its
/// rules is in force: one warning at the jurisdiction with the first found as the example,
/// or a note when the search stopped at its limit before it could tell.
pub(crate) fn gaps(s: &Subject<'_>, budget: usize) -> Vec<Diagnostic> {
    let rules = s.rules;
    let mut search = Search::new(s, budget);
    let periods = search.periods.clone();
    let example = if search
        .budget
        .spend(periods.len().saturating_mul(search.step_cost))
    {
        let acyclic: HashMap<NaiveDate, bool> = periods
            .iter()
            .map(|p| (p.day(), defeat_is_acyclic(rules, p.day())))
            .collect();
        // on a date no rule is in force on, the rules do not speak: nothing to cover
        search.example(
            |day| rules.rules.iter().any(|r| r.in_force(day)),
            |facts, day| none_fires(rules, acyclic[&day], facts, day),
        )
    } else {
        Err(OutOfBudget)
    };
    match example {
        Ok(Some((facts, period))) => vec![Diagnostic::warning(format!(
            "no rule of `{}` fires {}, {}: the answer would be undetermined with no question left to ask",
            s.jurisdiction,
            example_text(&facts, "whatever the facts"),
            period.describe()
        ))
        .at(s.at.clone())
        .label("no rule covers these facts")
        .help("write a rule for such facts, or widen the condition of one, so that every scheme gets an answer")],
        Ok(None) => Vec::new(),
        Err(OutOfBudget) => vec![Diagnostic::note(format!(
            "the search for facts under which no rule of `{}` fires stopped at its limit of {} evaluations, before it could tell",
            s.jurisdiction,
            group_digits(search.limit as i64),
        ))
        .at(s.at.clone())
        .label("not every combination of facts was tried")
        .help("some facts may still fire no rule; a rule without `when`, of the lowest priority, would answer for whatever the other rules leave")],
    }
}

/// Whether no rule fires whatever facts other than `facts` are. When no rule can beat a
/// rule that beats it (`acyclic`), some rule fires as soon as one holds, so the search
/// stops there without waiting to see which.
fn none_fires<'r>(
    rules: &'r JurisdictionRules,
    acyclic: bool,
    facts: &Facts,
    day: NaiveDate,
) -> Step<'r> {
    let statuses = eval::rule_statuses(rules, facts, day);
    let fires = |(truth, status): &(Truth, RuleStatus)| {
        *status == RuleStatus::Fired
            || (acyclic && *truth == Truth::True && *status != RuleStatus::NotInForce)
    };
    if statuses.iter().any(fires) {
        return Step::Prune;
    }
    if !statuses.iter().any(|(_, st)| *st == RuleStatus::Possible) {
        return Step::Found;
    }
    // the rules that may still fire first, then those that may beat them
    let unknown =
        |k: &usize| statuses[*k].0 == Truth::Unknown && statuses[*k].1 != RuleStatus::NotInForce;
    let possible = (0..statuses.len())
        .filter(|&k| statuses[k].1 == RuleStatus::Possible)
        .filter(unknown);
    let undecided = possible
        .chain((0..statuses.len()).filter(unknown))
        .filter_map(|k| rules.rules[k].when.as_ref());
    eval::first_open_fact(undecided, rules, facts).map_or(Step::Prune, Step::Branch)
}

/// Whether no rule in force on `day` can beat, through others, a rule that beats it. A
/// higher priority beats a lower one, so a cycle needs a rule that yields (`unless`) to
/// one of lower priority, or rules of one priority that yield to each other in a ring.
fn defeat_is_acyclic(rules: &JurisdictionRules, day: NaiveDate) -> bool {
    let by_name: HashMap<&str, usize> = rules
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.in_force(day))
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    // `unless` between rules of equal priority: who yields to whom
    let mut yields_to: Vec<Vec<usize>> = vec![Vec::new(); rules.rules.len()];
    for (i, r) in rules.rules.iter().enumerate() {
        if !r.in_force(day) {
            continue;
        }
        for u in &r.unless {
            let Some(&k) = by_name.get(u.as_str()) else {
                continue;
            };
            let pk = rules.rules[k].priority;
            if k != i && pk < r.priority {
                return false;
            }
            if k != i && pk == r.priority {
                yields_to[i].push(k);
            }
        }
    }
    dependency_order(&yields_to).1.is_empty()
}

/// A search over one jurisdiction's facts and periods, with its budget.
struct Search<'s> {
    subject: &'s Subject<'s>,
    periods: Vec<Period>,
    /// Each period's facts and the values to try, worked out when first needed.
    domains: Vec<Option<Domains>>,
    budget: Budget,
    /// What one step costs: every rule, and every part of the conditions.
    step_cost: usize,
    /// How many parts each rule's condition has.
    parts_of: Vec<usize>,
    /// How many parts the definitions have together.
    definition_parts: usize,
    /// The budget the search started with.
    limit: usize,
}

impl<'s> Search<'s> {
    fn new(subject: &'s Subject<'s>, budget: usize) -> Search<'s> {
        let periods = periods(subject.rules);
        let rules = subject.rules;
        let parts_of: Vec<usize> = rules
            .rules
            .iter()
            .map(|r| r.when.as_ref().map_or(1, condition_size))
            .collect();
        let definition_parts: usize = rules
            .definitions
            .values()
            .map(|d| condition_size(&d.condition))
            .sum();
        Search {
            subject,
            domains: vec![None; periods.len()],
            periods,
            budget: Budget(budget),
            step_cost: parts_of.iter().sum::<usize>() + definition_parts,
            parts_of,
            definition_parts,
            limit: budget,
        }
    }

    /// Whether some facts make `step` say `Found`, on the first day `applies` to (`step`
    /// does not depend on the date); each step costs `cost`.
    fn holds<'r>(
        &mut self,
        applies: impl Fn(NaiveDate) -> bool,
        cost: usize,
        step: impl Fn(&Facts) -> Step<'r>,
    ) -> Result<bool, OutOfBudget> {
        let Some(p) = self.periods.iter().position(|p| applies(p.day())) else {
            return Ok(false);
        };
        let step_cost = self.step_cost;
        let Some(domains) = domains_on(
            self.subject,
            self.periods[p].day(),
            &mut self.domains[p],
            step_cost,
            &mut self.budget,
        ) else {
            return Err(OutOfBudget);
        };
        Ok(search(domains, cost, &mut self.budget, step)?.is_some())
    }

    /// The first facts, in the first period that `applies` to, for which `step` says
    /// `Found`: without the facts that can be left out, and with the run of periods from
    /// that one over which they still do.
    fn example<'r>(
        &mut self,
        applies: impl Fn(NaiveDate) -> bool,
        step: impl Fn(&Facts, NaiveDate) -> Step<'r>,
    ) -> Result<Option<(FactMap, Period)>, OutOfBudget> {
        let cost = self.step_cost;
        for p in 0..self.periods.len() {
            let day = self.periods[p].day();
            if !applies(day) {
                continue;
            }
            let Some(domains) = domains_on(
                self.subject,
                day,
                &mut self.domains[p],
                cost,
                &mut self.budget,
            ) else {
                return Err(OutOfBudget);
            };
            let Some(mut facts) = search(domains, cost, &mut self.budget, |f| step(f, day))? else {
                continue;
            };
            // leave out each fact the answer does not need
            for name in facts.keys().cloned().collect::<Vec<_>>() {
                let mut fewer = facts.clone();
                fewer.shift_remove(&name);
                if !self.budget.spend(cost) {
                    return Err(OutOfBudget);
                }
                if matches!(step(&Facts::new(&fewer), day), Step::Found) {
                    facts = fewer;
                }
            }
            let mut period = self.periods[p];
            for later in &self.periods[p + 1..] {
                if !self.budget.spend(cost) {
                    return Err(OutOfBudget);
                }
                if !(applies(later.day())
                    && matches!(step(&Facts::new(&facts), later.day()), Step::Found))
                {
                    break;
                }
                period.until = later.until;
            }
            return Ok(Some((facts, period)));
        }
        Ok(None)
    }
}

/// The candidate values of each fact the rules in force read, in reading order.
type Domains = IndexMap<String, Vec<FactValue>>;

/// The facts the rules in force on `day` read, each with the values to try, within its
/// declared bounds; worked out once into `slot` (`None` when the budget is spent).
fn domains_on<'d>(
    s: &Subject<'_>,
    day: NaiveDate,
    slot: &'d mut Option<Domains>,
    cost: usize,
    budget: &mut Budget,
) -> Option<&'d Domains> {
    if slot.is_none() {
        if !budget.spend(cost) {
            return None;
        }
        let mut domains = eval::fact_domains(s.set, s.rules, day);
        for (name, values) in domains.iter_mut() {
            let Some(def) = s.set.facts.get(name) else {
                continue;
            };
            let first = values.first().cloned();
            values.retain(|v| match v {
                FactValue::Integer(n) | FactValue::Money { amount: n, .. } => {
                    def.check_range(*n).is_ok()
                }
                _ => true,
            });
            // every value the rules compare with lies out of bounds: the least allowed
            if values.is_empty() {
                let n = def.min.or(def.max).unwrap_or(0);
                values.extend(first.map(|v| match v {
                    FactValue::Money { currency, .. } => FactValue::Money {
                        amount: n,
                        currency,
                    },
                    _ => FactValue::Integer(n),
                }));
            }
        }
        *slot = Some(domains);
    }
    slot.as_ref()
}

/// What one step of a search makes of the facts set so far.
enum Step<'r> {
    /// They are an example: whatever the other facts, the question is settled yes.
    Found,
    /// Whatever the other facts, no example lies below.
    Prune,
    /// Undecided: set this fact next.
    Branch(&'r str),
}

/// The budget ran out before the search could tell.
struct OutOfBudget;

/// Evaluations left to spend (see [`BUDGET`]).
struct Budget(usize);

impl Budget {
    /// Spends `n`; `false` (and nothing left) when fewer than `n` remain.
    fn spend(&mut self, n: usize) -> bool {
        match self.0.checked_sub(n) {
            Some(left) => {
                self.0 = left;
                true
            }
            None => {
                self.0 = 0;
                false
            }
        }
    }
}

/// Depth-first search over the facts of `domains`, one set at a time as `step` asks, each
/// to its values in turn; every step costs `cost` evaluations. The facts of the first
/// example found, in the order they were set.
fn search<'r>(
    domains: &Domains,
    cost: usize,
    budget: &mut Budget,
    mut step: impl FnMut(&Facts) -> Step<'r>,
) -> Result<Option<FactMap>, OutOfBudget> {
    let mut assigned = FactMap::default();
    // the facts set, in order: each its index in `domains` and its next value to try
    let mut path: Vec<(usize, usize)> = Vec::new();
    loop {
        if !budget.spend(cost.max(1)) {
            return Err(OutOfBudget);
        }
        let next = match step(&Facts::new(&assigned)) {
            Step::Found => return Ok(Some(assigned)),
            Step::Prune => None,
            Step::Branch(fact) => domains
                .get_full(fact)
                .filter(|(_, _, values)| !values.is_empty()),
        };
        if let Some((index, name, values)) = next {
            assigned.insert(name.clone(), values[0].clone());
            path.push((index, 1));
            continue;
        }
        // back to the deepest fact with a value left to try
        loop {
            let Some((index, tried)) = path.last_mut() else {
                return Ok(None);
            };
            let values = &domains[*index];
            if let Some(v) = values.get(*tried) {
                *tried += 1;
                if let Some((_, slot)) = assigned.last_mut() {
                    *slot = v.clone();
                }
                break;
            }
            assigned.pop();
            path.pop();
        }
    }
}

/// How many parts a condition has (tests of facts, names of definitions, `and`, `or`,
/// `not`), not counting those of the definitions it names.
fn condition_size(c: &CondAt) -> usize {
    let mut size = 0;
    let mut stack = vec![c];
    while let Some(c) = stack.pop() {
        size += 1;
        match &c.cond {
            Cond::And(parts) | Cond::Or(parts) => stack.extend(parts),
            Cond::Not(inner) => stack.push(inner),
            Cond::Fact(_) | Cond::Definition(_) | Cond::Compare { .. } | Cond::In { .. } => {}
        }
    }
    size
}

/// A period over which the same rules are in force (open ends unbounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

impl Period {
    /// A day of the period, on which to evaluate the rules.
    fn day(self) -> NaiveDate {
        self.from.or(self.until).unwrap_or(NaiveDate::MIN)
    }

    /// `on any date from 2006-04-01 to 2008-03-31`.
    fn describe(self) -> String {
        match (self.from, self.until) {
            (None, None) => "on any date".to_string(),
            (None, Some(u)) => format!("on any date to {u}"),
            (Some(f), None) => format!("on any date from {f}"),
            (Some(f), Some(u)) => format!("on any date from {f} to {u}"),
        }
    }
}

/// The periods over which the same rules are in force, in order: a new one starts on each
/// rule's `from` and on the day after each rule's `until`.
fn periods(rules: &JurisdictionRules) -> Vec<Period> {
    let mut starts: Vec<NaiveDate> = rules
        .rules
        .iter()
        .flat_map(|r| [r.from, r.until.and_then(|u| u.succ_opt())])
        .flatten()
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let Some(first) = starts.first() else {
        return vec![Period {
            from: None,
            until: None,
        }];
    };
    let mut out: Vec<Period> = first
        .pred_opt()
        .map(|before| Period {
            from: None,
            until: Some(before),
        })
        .into_iter()
        .collect();
    for (i, start) in starts.iter().enumerate() {
        out.push(Period {
            from: Some(*start),
            until: starts.get(i + 1).and_then(|next| next.pred_opt()),
        });
    }
    out
}

/// `when a = true, b = none (whatever the other facts)`, or `none` when no fact is set.
fn example_text(facts: &FactMap, none: &str) -> String {
    if facts.is_empty() {
        return none.to_string();
    }
    let set: Vec<String> = facts
        .iter()
        .map(|(name, value)| format!("{name} = {}", literal(value)))
        .collect();
    format!("when {} (whatever the other facts)", set.join(", "))
}

/// A value as the rule language writes it: `true`, `1_000`, `JPY 3_000_001`, `2006-04-01`.
fn literal(value: &FactValue) -> String {
    match value {
        FactValue::Bool(b) => b.to_string(),
        FactValue::Integer(n) => group_digits(*n).replace(',', "_"),
        FactValue::Money { amount, currency } => {
            format!("{currency} {}", group_digits(*amount).replace(',', "_"))
        }
        FactValue::Date(d) => d.to_string(),
        FactValue::Enum(e) => e.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Severity, SourceFile};

    /// The rules of a fixture of `tests/fixtures/rules-analysis/`, checked without the
    /// analyses, and the analyses run on them with `budget`.
    fn analysed(name: &str, text: &str, budget: usize) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let corpus = crate::corpus::load_embedded().expect("the shipped corpus loads");
        let facts = SourceFile::new(
            "facts.rules",
            include_str!("../../tests/fixtures/rules-analysis/facts.rules"),
        );
        let file = SourceFile::new(name, text);
        let set = super::super::check::without_whole_set_analysis(|| {
            super::super::load_rules(&[facts, file.clone()], &corpus)
        })
        .expect("the fixture checks");
        let rules = set
            .of(Jurisdiction::from_code("cn").unwrap())
            .expect("rules of cn");
        let at = file.span(0..1);
        let rule_at = vec![at.clone(); rules.rules.len()];
        let s = Subject {
            set: &set,
            jurisdiction: Jurisdiction::from_code("cn").unwrap(),
            rules,
            rule_at: &rule_at,
            at,
        };
        (collisions(&s, budget), gaps(&s, budget))
    }

    #[test]
    fn a_search_stopped_at_its_limit_says_so_in_a_note() {
        let text = include_str!("../../tests/fixtures/rules-analysis/collision.rules");
        let (collided, gapped) = analysed("collision.rules", text, BUDGET);
        assert_eq!(collided.len(), 1);
        assert_eq!(collided[0].severity, Severity::Warning);
        assert!(gapped.is_empty());
        let (collided, gapped) = analysed("collision.rules", text, 20);
        assert_eq!(collided.len(), 1);
        assert_eq!(collided[0].severity, Severity::Note);
        assert_eq!(
            collided[0].message,
            "the search for rules of `cn` that fire together stopped at its limit of 20 evaluations, at `members_only` and `small`: the pairs of rules after them were not tried"
        );
        assert_eq!(gapped.len(), 1);
        assert_eq!(gapped[0].severity, Severity::Note);
        assert_eq!(
            gapped[0].message,
            "the search for facts under which no rule of `cn` fires stopped at its limit of 20 evaluations, before it could tell"
        );
    }

    #[test]
    fn periods_start_on_each_from_and_after_each_until() {
        let text = include_str!("../../tests/fixtures/rules-analysis/disjoint-dates.rules");
        let corpus = crate::corpus::load_embedded().expect("the shipped corpus loads");
        let facts = SourceFile::new(
            "facts.rules",
            include_str!("../../tests/fixtures/rules-analysis/facts.rules"),
        );
        let set = super::super::load_rules(&[facts, SourceFile::new("d.rules", text)], &corpus)
            .expect("the fixture checks");
        let shown: Vec<String> = periods(
            set.of(Jurisdiction::from_code("cn").unwrap())
                .expect("rules of cn"),
        )
        .into_iter()
        .map(Period::describe)
        .collect();
        assert_eq!(
            shown,
            ["on any date to 2019-12-31", "on any date from 2020-01-01"]
        );
    }

    #[test]
    fn values_are_written_as_rule_files_write_them() {
        assert_eq!(literal(&FactValue::Integer(999)), "999");
        assert_eq!(literal(&FactValue::Integer(1_000)), "1_000");
        let money = FactValue::Money {
            amount: 3_000_001,
            currency: "JPY".into(),
        };
        assert_eq!(literal(&money), "JPY 3_000_001");
    }
}
