//! The evaluator: Kleene three-valued logic over a scheme's facts, rule statuses
//! (fired, failed, possible, defeated), resolution by `unless` and priority, conflicts,
//! and, for an open answer, the smallest set of unknown facts that would decide it.
//!
//! Semantics, in short:
//! - A condition is true, false or unknown (a fact not given, or money in another
//!   currency than the amount it is compared with).
//! - Rule `a` *defeats* rule `b` when `b` says `unless a` or `a` has the higher priority.
//!   A rule whose condition holds is *defeated* if a rule that defeats it also holds; it is
//!   only *possible* while such a rule's condition is unknown.
//! - The answer is decided when the rules that fired give one outcome and every rule still
//!   possible gives that outcome too. Fired rules with different outcomes are a conflict.
//!   Otherwise the answer is `undetermined`.
//! - `undecided_by`: the smallest set of unknown facts (read by rules whose condition is
//!   unknown) such that every combination of values for them leads to a decided answer or
//!   a conflict. Values are tried at the thresholds the rules compare with (each threshold,
//!   one below and one above), every enum value and both truth values, so the search is
//!   exact for the conditions the rules can express. It looks at sets of up to
//!   [`MAX_SET`] facts and a bounded number of evaluations; past those bounds it answers
//!   with every such unknown fact, which is sufficient though perhaps not the smallest.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use indexmap::IndexMap;

use super::ast::Operator;
use super::check::{Cond, CondAt, JurisdictionRules, RuleDef, RuleSet};
use super::outcome::{
    AuthenticText, CitedProvision, ConditionTrace, ContestedOutcome, Evaluation, Kind, MissingFact,
    RuleStatus, RuleTrace, Truth,
};
use super::stop::{Stop, Unbounded};
use crate::corpus::{Corpus, Jurisdiction, TextStatus};
use crate::facts::FactMap;
use crate::facts::FactValue;
pub use crate::facts::Facts;
use crate::facts::{FactDef, FactType};
use crate::scheme::Scheme;

/// The largest set of facts the `undecided_by` search tries.
pub const MAX_SET: usize = 6;
/// The most evaluations the `undecided_by` search spends.
const SEARCH_BUDGET: usize = 200_000;

fn and(values: impl IntoIterator<Item = Truth>) -> Truth {
    let mut out = Truth::True;
    for v in values {
        match v {
            Truth::False => return Truth::False,
            Truth::Unknown => out = Truth::Unknown,
            Truth::True => {}
        }
    }
    out
}

fn or(values: impl IntoIterator<Item = Truth>) -> Truth {
    let mut out = Truth::False;
    for v in values {
        match v {
            Truth::True => return Truth::True,
            Truth::Unknown => out = Truth::Unknown,
            Truth::False => {}
        }
    }
    out
}

fn not(v: Truth) -> Truth {
    match v {
        Truth::True => Truth::False,
        Truth::False => Truth::True,
        Truth::Unknown => Truth::Unknown,
    }
}

fn truth_of(b: bool) -> Truth {
    if b {
        Truth::True
    } else {
        Truth::False
    }
}

/// Compares a fact's value with a rule's value; `None` when they cannot be compared
/// (money in different currencies).
fn compare(actual: &FactValue, op: Operator, wanted: &FactValue) -> Option<bool> {
    use std::cmp::Ordering;
    let ord: Ordering = match (actual, wanted) {
        (FactValue::Integer(a), FactValue::Integer(b)) => a.cmp(b),
        (FactValue::Date(a), FactValue::Date(b)) => a.cmp(b),
        (
            FactValue::Money {
                amount: a,
                currency: ca,
            },
            FactValue::Money {
                amount: b,
                currency: cb,
            },
        ) => {
            if ca != cb {
                return None;
            }
            a.cmp(b)
        }
        (a, b) => {
            let eq = a == b;
            return Some(match op {
                Operator::Eq => eq,
                Operator::Ne => !eq,
                _ => false,
            });
        }
    };
    Some(match op {
        Operator::Eq => ord.is_eq(),
        Operator::Ne => ord.is_ne(),
        Operator::Lt => ord.is_lt(),
        Operator::Le => ord.is_le(),
        Operator::Gt => ord.is_gt(),
        Operator::Ge => ord.is_ge(),
    })
}

/// Up to this many definitions, a memo works them all out at once (see [`prepare`]).
const EAGER_DEFINITIONS: usize = 256;

/// The values of a jurisdiction's definitions already worked out for one set of facts:
/// each definition is evaluated once however often it is used.
#[derive(Debug, Default)]
pub struct Memo {
    values: Vec<Option<Truth>>,
    /// Every definition is worked out (see [`prepare`]).
    complete: bool,
}

impl Memo {
    fn get(&self, i: usize) -> Option<Truth> {
        self.values.get(i).copied().flatten()
    }

    fn set(&mut self, i: usize, v: Truth) {
        if self.values.len() <= i {
            self.values.resize(i + 1, None);
        }
        self.values[i] = Some(v);
    }
}

/// The value of a condition for the facts.
pub fn truth(c: &CondAt, rules: &JurisdictionRules, facts: &Facts) -> Truth {
    truth_with(c, rules, facts, &mut Memo::default())
}

/// The value of a condition for the facts, with the definitions' values kept in `memo`
/// (which must be used with these rules and facts only).
pub fn truth_with(c: &CondAt, rules: &JurisdictionRules, facts: &Facts, memo: &mut Memo) -> Truth {
    prepare(c, rules, facts, memo);
    shallow(c, rules, facts, memo)
}

/// Works out the definitions `c` uses, directly or not, that `memo` lacks: found without
/// recursion and evaluated in the checker's dependency order, so a long chain of
/// definitions neither recurses deeply nor is evaluated twice.
fn prepare(c: &CondAt, rules: &JurisdictionRules, facts: &Facts, memo: &mut Memo) {
    if memo.complete {
        return;
    }
    if memo.values.is_empty() && rules.definitions.len() <= EAGER_DEFINITIONS {
        // a memo starts with every definition worked out, in dependency order, when they
        // are few: every later condition then finds them all without walking its own
        for (i, (_, def)) in rules.definitions.iter().enumerate() {
            let v = shallow(&def.condition, rules, facts, memo);
            memo.set(i, v);
        }
        memo.complete = true;
        return;
    }
    let index = |d: &String| rules.definitions.get_index_of(d);
    let mut stack: Vec<usize> = super::check::definitions_used(c)
        .iter()
        .filter_map(index)
        .collect();
    let mut needed = Vec::new();
    let mut seen = HashSet::new();
    while let Some(i) = stack.pop() {
        if memo.get(i).is_some() || !seen.insert(i) {
            continue;
        }
        needed.push(i);
        if let Some((_, def)) = rules.definitions.get_index(i) {
            stack.extend(
                super::check::definitions_used(&def.condition)
                    .iter()
                    .filter_map(index),
            );
        }
    }
    needed.sort_unstable();
    for i in needed {
        if let Some((_, def)) = rules.definitions.get_index(i) {
            let v = shallow(&def.condition, rules, facts, memo);
            memo.set(i, v);
        }
    }
}

/// The value of a condition whose definitions are (normally) in `memo` already.
fn shallow(c: &CondAt, rules: &JurisdictionRules, facts: &Facts, memo: &mut Memo) -> Truth {
    match &c.cond {
        Cond::And(parts) => and(parts.iter().map(|p| shallow(p, rules, facts, memo))),
        Cond::Or(parts) => or(parts.iter().map(|p| shallow(p, rules, facts, memo))),
        Cond::Not(inner) => not(shallow(inner, rules, facts, memo)),
        Cond::Fact(f) => match facts.get(f) {
            Some(FactValue::Bool(b)) => truth_of(*b),
            _ => Truth::Unknown,
        },
        Cond::Definition(d) => match rules.definitions.get_full(d) {
            Some((i, _, def)) => match memo.get(i) {
                Some(v) => v,
                // definitions out of dependency order: work this one out now
                None => {
                    let v = truth_with(&def.condition, rules, facts, memo);
                    memo.set(i, v);
                    v
                }
            },
            None => Truth::Unknown,
        },
        Cond::Compare { fact, op, value } => match facts.get(fact) {
            Some(actual) => compare(actual, *op, value).map_or(Truth::Unknown, truth_of),
            None => Truth::Unknown,
        },
        Cond::In { fact, values } => match facts.get(fact) {
            Some(actual) => or(values
                .iter()
                .map(|v| compare(actual, Operator::Eq, v).map_or(Truth::Unknown, truth_of))),
            None => Truth::Unknown,
        },
    }
}

/// Adds the facts a condition reads (through definitions) to `out`, once each, in the
/// order they are written. The condition is walked with a work list, not recursion, so a
/// long chain of definitions cannot overflow the stack.
pub fn facts_read(c: &CondAt, rules: &JurisdictionRules, out: &mut Vec<String>) {
    let mut stack: Vec<&CondAt> = vec![c];
    let mut seen: HashSet<&str> = HashSet::new();
    while let Some(c) = stack.pop() {
        match &c.cond {
            Cond::And(parts) | Cond::Or(parts) => stack.extend(parts.iter().rev()),
            Cond::Not(inner) => stack.push(inner),
            Cond::Definition(d) => {
                if seen.insert(d) {
                    if let Some(def) = rules.definitions.get(d) {
                        stack.push(&def.condition);
                    }
                }
            }
            Cond::Fact(f) | Cond::Compare { fact: f, .. } | Cond::In { fact: f, .. } => {
                if !out.contains(f) {
                    out.push(f.clone());
                }
            }
        }
    }
}

/// The definitions a condition uses, directly or through other definitions, each once.
fn definitions_used(c: &CondAt, rules: &JurisdictionRules, out: &mut Vec<String>) {
    let mut seen: HashSet<String> = out.iter().cloned().collect();
    let mut stack = super::check::definitions_used(c);
    stack.reverse();
    while let Some(d) = stack.pop() {
        if !seen.insert(d.clone()) {
            continue;
        }
        if let Some(def) = rules.definitions.get(&d) {
            let mut inner = super::check::definitions_used(&def.condition);
            inner.reverse();
            stack.extend(inner);
        }
        out.push(d);
    }
}

/// Adds the values `c` compares each fact with to `out`.
fn compared_values(c: &CondAt, out: &mut IndexMap<String, Vec<FactValue>>) {
    match &c.cond {
        Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| compared_values(p, out)),
        Cond::Not(inner) => compared_values(inner, out),
        Cond::Compare { fact, value, .. } => {
            out.entry(fact.clone()).or_default().push(value.clone())
        }
        Cond::In { fact, values } => out
            .entry(fact.clone())
            .or_default()
            .extend(values.iter().cloned()),
        Cond::Fact(_) | Cond::Definition(_) => {}
    }
}

/// The values compared with each fact anywhere in a jurisdiction's rules.
pub fn thresholds(rules: &JurisdictionRules) -> IndexMap<String, Vec<FactValue>> {
    let mut out: IndexMap<String, Vec<FactValue>> = IndexMap::new();
    for d in rules.definitions.values() {
        compared_values(&d.condition, &mut out);
    }
    for r in &rules.rules {
        if let Some(w) = &r.when {
            compared_values(w, &mut out);
        }
    }
    for w in &rules.warnings {
        if let Some(c) = &w.when {
            compared_values(c, &mut out);
        }
    }
    out
}

/// The values compared with each fact in some conditions, through the definitions they
/// use (each once): enough to reach every case those conditions distinguish.
pub fn thresholds_in(
    conds: &[&CondAt],
    rules: &JurisdictionRules,
) -> IndexMap<String, Vec<FactValue>> {
    let mut out: IndexMap<String, Vec<FactValue>> = IndexMap::new();
    let mut used = Vec::new();
    for c in conds {
        compared_values(c, &mut out);
        definitions_used(c, rules, &mut used);
    }
    for d in used {
        if let Some(def) = rules.definitions.get(&d) {
            compared_values(&def.condition, &mut out);
        }
    }
    out
}

/// Values of a fact that reach every case the rules distinguish.
fn representatives(def: &FactDef, compared: &[FactValue]) -> Vec<FactValue> {
    let mut out: Vec<FactValue> = Vec::new();
    let mut seen: HashSet<FactValue> = HashSet::new();
    let mut push = |v: FactValue| {
        if seen.insert(v.clone()) {
            out.push(v);
        }
    };
    match &def.ty {
        FactType::Bool => {
            push(FactValue::Bool(true));
            push(FactValue::Bool(false));
        }
        FactType::Enum(values) => values.iter().for_each(|v| push(FactValue::Enum(v.clone()))),
        FactType::Currency => {
            compared.iter().for_each(|v| push(v.clone()));
            push(FactValue::Enum("XXX".into()));
        }
        FactType::Integer | FactType::Money | FactType::Date => {
            for v in compared {
                match v {
                    FactValue::Integer(n) => {
                        for k in [n.saturating_sub(1), *n, n.saturating_add(1)] {
                            push(FactValue::Integer(k));
                        }
                    }
                    FactValue::Money { amount, currency } => {
                        for k in [amount.saturating_sub(1), *amount, amount.saturating_add(1)] {
                            push(FactValue::Money {
                                amount: k,
                                currency: currency.clone(),
                            });
                        }
                    }
                    FactValue::Date(d) => {
                        for k in [d.pred_opt(), Some(*d), d.succ_opt()].into_iter().flatten() {
                            push(FactValue::Date(k));
                        }
                    }
                    FactValue::Bool(_) | FactValue::Enum(_) => {}
                }
            }
            if compared.is_empty() {
                push(match def.ty {
                    FactType::Date => FactValue::Date(NaiveDate::MIN),
                    FactType::Money => FactValue::Money {
                        amount: 0,
                        currency: "XXX".into(),
                    },
                    _ => FactValue::Integer(0),
                });
            }
        }
    }
    out
}

/// Every combination of representative values of `facts` (the values compared with them
/// in `compared`, one below and one above, every enum value, both truth values), or `None`
/// when there would be more than `cap`.
pub fn assignments(
    facts: &[String],
    decls: &IndexMap<String, FactDef>,
    compared: &IndexMap<String, Vec<FactValue>>,
    cap: usize,
) -> Option<Vec<FactMap>> {
    let domains: Vec<(String, Vec<FactValue>)> = facts
        .iter()
        .filter_map(|f| {
            let def = decls.get(f)?;
            let c = compared.get(f).map(Vec::as_slice).unwrap_or(&[]);
            Some((f.clone(), representatives(def, c)))
        })
        .collect();
    combinations(&FactMap::default(), &domains, cap)
}

/// `base` extended by every combination of the domains' values.
fn combinations(
    base: &FactMap,
    domains: &[(String, Vec<FactValue>)],
    cap: usize,
) -> Option<Vec<FactMap>> {
    let mut total: usize = 1;
    for (_, values) in domains {
        total = total.checked_mul(values.len().max(1))?;
        if total > cap {
            return None;
        }
    }
    let mut out = vec![base.clone()];
    for (name, values) in domains {
        let mut next = Vec::with_capacity(out.len() * values.len());
        for a in &out {
            for v in values {
                let mut b = a.clone();
                b.insert(name.clone(), v.clone());
                next.push(b);
            }
        }
        out = next;
    }
    Some(out)
}

/// What became of one rule, with the rules that defeat it.
#[derive(Debug, Clone)]
struct Resolved {
    index: usize,
    truth: Truth,
    status: RuleStatus,
    defeated_by: Vec<String>,
}

/// The statuses of the rules in force on `as_of`. Each condition and definition is
/// evaluated once; who defeats whom is found through `unless` names and priority levels,
/// not by comparing every pair of rules.
fn resolve(rules: &JurisdictionRules, facts: &Facts, as_of: NaiveDate) -> Vec<Resolved> {
    let mut memo = Memo::default();
    let truths: Vec<Option<Truth>> = rules
        .rules
        .iter()
        .map(|r| {
            r.in_force(as_of).then(|| {
                r.when
                    .as_ref()
                    .map_or(Truth::True, |w| truth_with(w, rules, facts, &mut memo))
            })
        })
        .collect();
    let by_name: HashMap<&str, usize> = rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    // for each priority, the rules of higher priority that hold (a prefix of `holding`),
    // and whether one of them may hold
    let mut by_priority: Vec<usize> = (0..rules.rules.len()).collect();
    by_priority.sort_by_key(|&k| std::cmp::Reverse(rules.rules[k].priority));
    let mut above: HashMap<i64, (usize, bool)> = HashMap::new();
    let mut holding: Vec<usize> = Vec::new();
    let mut unknown = false;
    for &k in &by_priority {
        above
            .entry(rules.rules[k].priority)
            .or_insert((holding.len(), unknown));
        match truths[k] {
            Some(Truth::True) => holding.push(k),
            Some(Truth::Unknown) => unknown = true,
            _ => {}
        }
    }
    rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let Some(t) = truths[i] else {
                return Resolved {
                    index: i,
                    truth: Truth::Unknown,
                    status: RuleStatus::NotInForce,
                    defeated_by: Vec::new(),
                };
            };
            if t == Truth::False {
                return Resolved {
                    index: i,
                    truth: t,
                    status: RuleStatus::Failed,
                    defeated_by: Vec::new(),
                };
            }
            let (higher, higher_unknown) = above.get(&r.priority).copied().unwrap_or((0, false));
            let mut beaten: Vec<usize> = holding[..higher].to_vec();
            let mut maybe_beaten = higher_unknown;
            for u in &r.unless {
                let Some(&k) = by_name.get(u.as_str()) else {
                    continue;
                };
                if k == i || rules.rules[k].priority > r.priority {
                    continue;
                }
                match truths[k] {
                    Some(Truth::True) => beaten.push(k),
                    Some(Truth::Unknown) => maybe_beaten = true,
                    _ => {}
                }
            }
            beaten.sort_unstable();
            beaten.dedup();
            let status = if !beaten.is_empty() {
                RuleStatus::Defeated
            } else if maybe_beaten || t == Truth::Unknown {
                RuleStatus::Possible
            } else {
                RuleStatus::Fired
            };
            Resolved {
                index: i,
                truth: t,
                status,
                defeated_by: beaten
                    .into_iter()
                    .map(|k| rules.rules[k].name.clone())
                    .collect(),
            }
        })
        .collect()
}

/// The answer the statuses give.
#[derive(Debug, Clone, PartialEq)]
enum Decision {
    /// One outcome, and the rule that decided it.
    Decided(usize),
    /// Fired rules with different outcomes and no priority between them.
    Conflict(Vec<(usize, usize)>),
    /// Depends on unknown facts (or no rule applies).
    Open,
}

fn decide(rules: &JurisdictionRules, resolved: &[Resolved]) -> Decision {
    let fired: Vec<usize> = resolved
        .iter()
        .filter(|r| r.status == RuleStatus::Fired)
        .map(|r| r.index)
        .collect();
    let mut conflicts = Vec::new();
    for (a, &i) in fired.iter().enumerate() {
        for &k in &fired[a + 1..] {
            if rules.rules[i].outcome != rules.rules[k].outcome {
                conflicts.push((i, k));
            }
        }
    }
    if !conflicts.is_empty() {
        return Decision::Conflict(conflicts);
    }
    let Some(&first) = fired
        .iter()
        .max_by_key(|&&i| (rules.rules[i].priority, std::cmp::Reverse(i)))
    else {
        return Decision::Open;
    };
    let outcome = &rules.rules[first].outcome;
    let possible_differs = resolved
        .iter()
        .any(|r| r.status == RuleStatus::Possible && &rules.rules[r.index].outcome != outcome);
    if possible_differs {
        Decision::Open
    } else {
        Decision::Decided(first)
    }
}

/// Facts whose value a rule with an unknown condition needs: facts not given, and money
/// given in a currency other than one it is compared with.
fn uncertain_facts(rules: &JurisdictionRules, resolved: &[Resolved], facts: &Facts) -> Vec<String> {
    let compared = thresholds(rules);
    let mut read = Vec::new();
    for r in resolved {
        if r.truth == Truth::Unknown && r.status != RuleStatus::NotInForce {
            if let Some(w) = &rules.rules[r.index].when {
                facts_read(w, rules, &mut read);
            }
        }
    }
    read.into_iter()
        .filter(|f| match facts.get(f) {
            None => true,
            Some(FactValue::Money { currency, .. }) => compared.get(f).is_some_and(|vs| {
                vs.iter()
                    .any(|v| matches!(v, FactValue::Money { currency: c, .. } if c != currency))
            }),
            Some(_) => false,
        })
        .collect()
}

/// The smallest set of uncertain facts that decides the answer (see the module doc).
/// `stop` is checked at each assignment tried.
fn smallest_deciding_set<S: Stop>(
    set: &RuleSet,
    rules: &JurisdictionRules,
    known: &FactMap,
    candidates: &[String],
    as_of: NaiveDate,
    stop: &S,
) -> Result<Vec<String>, S::Stopped> {
    let compared = thresholds(rules);
    let domains: Vec<Vec<FactValue>> = candidates
        .iter()
        .map(|f| match set.facts.get(f) {
            Some(def) => representatives(def, compared.get(f).map(Vec::as_slice).unwrap_or(&[])),
            None => Vec::new(),
        })
        .collect();
    let mut budget = SEARCH_BUDGET;
    for size in 1..=candidates.len().min(MAX_SET) {
        for subset in subsets(candidates.len(), size) {
            let domains: Vec<(String, Vec<FactValue>)> = subset
                .iter()
                .map(|&i| (candidates[i].clone(), domains[i].clone()))
                .collect();
            let Some(count) = combination_count(&domains, budget) else {
                continue;
            };
            budget = budget.saturating_sub(count);
            let mut stopped = None;
            let decides = every_combination(known, &domains, |a| {
                if let Err(e) = stop.check() {
                    stopped = Some(e);
                    return false;
                }
                let facts = Facts::new(a);
                decide(rules, &resolve(rules, &facts, as_of)) != Decision::Open
            });
            if let Some(e) = stopped {
                return Err(e);
            }
            if decides {
                return Ok(subset.iter().map(|&i| candidates[i].clone()).collect());
            }
            if budget == 0 {
                return Ok(candidates.to_vec());
            }
        }
    }
    Ok(candidates.to_vec())
}

/// How many combinations of the domains' values there are, or `None` above `cap`.
fn combination_count(domains: &[(String, Vec<FactValue>)], cap: usize) -> Option<usize> {
    let mut total: usize = 1;
    for (_, values) in domains {
        total = total.checked_mul(values.len())?;
        if total > cap {
            return None;
        }
    }
    Some(total)
}

/// Whether `test` holds for `base` extended by every combination of the domains' values
/// (true when there is none). The combinations are made in turn in one map, which is
/// changed in place from one to the next, and the walk stops at the first that fails.
fn every_combination(
    base: &FactMap,
    domains: &[(String, Vec<FactValue>)],
    mut test: impl FnMut(&FactMap) -> bool,
) -> bool {
    if domains.iter().any(|(_, values)| values.is_empty()) {
        return true;
    }
    let mut current = base.clone();
    for (name, values) in domains {
        current.insert(name.clone(), values[0].clone());
    }
    let mut digits = vec![0usize; domains.len()];
    loop {
        if !test(&current) {
            return false;
        }
        // the next combination: the last fact's value turns fastest
        let mut i = domains.len();
        loop {
            if i == 0 {
                return true;
            }
            i -= 1;
            let (name, values) = &domains[i];
            digits[i] = (digits[i] + 1) % values.len();
            if let Some(slot) = current.get_mut(name) {
                *slot = values[digits[i]].clone();
            }
            if digits[i] != 0 {
                break;
            }
        }
    }
}

/// Index sets of `size` out of `n`, in lexicographic order.
pub(crate) fn subsets(n: usize, size: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut current: Vec<usize> = (0..size).collect();
    if size > n {
        return out;
    }
    loop {
        out.push(current.clone());
        let mut i = size;
        loop {
            if i == 0 {
                return out;
            }
            i -= 1;
            if current[i] < n - size + i {
                current[i] += 1;
                for k in i + 1..size {
                    current[k] = current[k - 1] + 1;
                }
                break;
            }
        }
    }
}

/// Evaluates one jurisdiction's rules for a scheme as of a date.
pub fn evaluate(
    set: &RuleSet,
    jurisdiction: Jurisdiction,
    scheme: &Scheme,
    as_of: NaiveDate,
    corpus: &Corpus,
    language: &str,
) -> Evaluation {
    let Ok(ev) = evaluate_within(
        set,
        jurisdiction,
        scheme,
        as_of,
        corpus,
        language,
        &Unbounded,
    );
    ev
}

/// Evaluates one jurisdiction's rules for a scheme as of a date, giving up when `stop`
/// says so (it is checked at each assignment the search for deciding facts tries and at
/// each rule traced).
pub fn evaluate_within<S: Stop>(
    set: &RuleSet,
    jurisdiction: Jurisdiction,
    scheme: &Scheme,
    as_of: NaiveDate,
    corpus: &Corpus,
    language: &str,
    stop: &S,
) -> Result<Evaluation, S::Stopped> {
    stop.check()?;
    let mut ev = Evaluation {
        jurisdiction: jurisdiction.code().to_string(),
        outcome: None,
        kind: Kind::Undetermined,
        compliance: None,
        citations: Vec::new(),
        undecided_by: Vec::new(),
        conflicts: Vec::new(),
        rules: Vec::new(),
        contested: Vec::new(),
        warnings: Vec::new(),
        as_of,
    };
    let Some(rules) = set.of(jurisdiction) else {
        ev.warnings
            .push(format!("there are no rules for {}", jurisdiction.name()));
        return Ok(ev);
    };
    let facts = Facts::new(&scheme.facts);
    let resolved = resolve(rules, &facts, as_of);
    let decision = decide(rules, &resolved);
    let mut quoter = Quoter {
        corpus,
        as_of,
        language,
        warnings: Vec::new(),
    };
    let mut order: Vec<usize> = Vec::new();
    let mut cited_rules: Vec<usize> = Vec::new();
    match &decision {
        Decision::Decided(i) => {
            let rule = &rules.rules[*i];
            if let Some(o) = rules.outcomes.get(&rule.outcome) {
                ev.outcome = Some(o.name.clone());
                ev.kind = o.kind;
                ev.compliance = Some(o.compliance);
            }
            order.push(*i);
            cited_rules.push(*i);
            ev.contested = contested_readings(rules, rule, &facts, &mut quoter);
        }
        Decision::Conflict(pairs) => {
            for &(a, b) in pairs {
                ev.conflicts
                    .push((rules.rules[a].name.clone(), rules.rules[b].name.clone()));
                for i in [a, b] {
                    if !cited_rules.contains(&i) {
                        cited_rules.push(i);
                    }
                }
            }
        }
        Decision::Open => {
            let candidates = uncertain_facts(rules, &resolved, &facts);
            let deciding =
                smallest_deciding_set(set, rules, &scheme.facts, &candidates, as_of, stop)?;
            ev.undecided_by = deciding.iter().map(|f| missing_fact(set, f)).collect();
            cited_rules.extend(
                resolved
                    .iter()
                    .filter(|r| r.status == RuleStatus::Possible)
                    .map(|r| r.index),
            );
            // every rule in force only from a later date: the corpus holds no law for then
            let earliest = rules.rules.iter().map(|r| r.from).min().flatten();
            if let Some(from) = earliest.filter(|&from| as_of < from) {
                ev.warnings.push(format!(
                    "the corpus holds no law of {} in force on {as_of}: its rules apply from {from}, and the law before then is not held",
                    jurisdiction.name()
                ));
            } else if resolved
                .iter()
                .all(|r| matches!(r.status, RuleStatus::Failed | RuleStatus::NotInForce))
            {
                ev.warnings.push(format!(
                    "no rule of {} applies to these facts on {as_of}; the rules do not cover this case",
                    jurisdiction.name()
                ));
            }
        }
    }
    for i in &cited_rules {
        let rule = &rules.rules[*i];
        let mut addresses = rule.cites.clone();
        if let Some(w) = &rule.when {
            let mut defs = Vec::new();
            definitions_used(w, rules, &mut defs);
            for d in defs {
                if let Some(def) = rules.definitions.get(&d) {
                    addresses.extend(def.cites.iter().cloned());
                }
            }
        }
        for a in addresses {
            if !ev.citations.contains(&a) {
                ev.citations.push(a);
            }
        }
    }
    // the deciding rule first, then the others that fired, were defeated or stay possible,
    // then those that failed (a reader wants to see why the other outcomes do not apply)
    for shown in [
        &[
            RuleStatus::Fired,
            RuleStatus::Defeated,
            RuleStatus::Possible,
        ][..],
        &[RuleStatus::Failed][..],
    ] {
        let mut placed: HashSet<usize> = order.iter().copied().collect();
        for r in &resolved {
            if shown.contains(&r.status) && placed.insert(r.index) {
                order.push(r.index);
            }
        }
    }
    for i in order {
        stop.check()?;
        let r = &resolved[i];
        ev.rules
            .push(rule_trace(rules, &rules.rules[i], r, &facts, &mut quoter));
    }
    for w in &rules.warnings {
        if !super::check::in_period(w.from, w.until, as_of) {
            continue;
        }
        let holds = w
            .when
            .as_ref()
            .map_or(Truth::True, |c| truth(c, rules, &facts));
        if holds == Truth::True {
            ev.warnings
                .push(format!("{} ({})", w.text, w.cites.join(", ")));
        }
    }
    ev.warnings.extend(quoter.warnings);
    Ok(ev)
}

/// The contested readings of the deciding rule whose condition holds or may hold.
fn contested_readings(
    rules: &JurisdictionRules,
    rule: &RuleDef,
    facts: &Facts,
    quoter: &mut Quoter,
) -> Vec<ContestedOutcome> {
    rule.contested
        .iter()
        .filter_map(|c| {
            let holds = c
                .when
                .as_ref()
                .map_or(Truth::True, |w| truth(w, rules, facts));
            let outcome = rules.outcomes.get(&c.outcome)?;
            (holds != Truth::False).then(|| ContestedOutcome {
                rule: rule.name.clone(),
                outcome: c.outcome.clone(),
                kind: outcome.kind,
                compliance: outcome.compliance,
                citations: c.cites.clone(),
                because: c.because.clone(),
                holds,
                quotes: c.cites.iter().map(|a| quoter.quote(a)).collect(),
            })
        })
        .collect()
}

fn missing_fact(set: &RuleSet, fact: &str) -> MissingFact {
    let def = set.facts.get(fact);
    MissingFact {
        fact: fact.to_string(),
        question_en: def
            .and_then(|d| d.question("en"))
            .map_or_else(|| format!("What is `{fact}`?"), str::to_string),
        question_zh: def.and_then(|d| d.question("zh")).map(str::to_string),
        question_ja: def.and_then(|d| d.question("ja")).map(str::to_string),
    }
}

fn rule_trace(
    rules: &JurisdictionRules,
    rule: &RuleDef,
    resolved: &Resolved,
    facts: &Facts,
    quoter: &mut Quoter,
) -> RuleTrace {
    let mut tracer = Tracer::new(rules, facts);
    let conditions = match &rule.when {
        Some(CondAt {
            cond: Cond::And(parts),
            ..
        }) => parts.iter().map(|p| tracer.trace(p, 0)).collect(),
        Some(w) => vec![tracer.trace(w, 0)],
        None => Vec::new(),
    };
    RuleTrace {
        rule: rule.name.clone(),
        outcome: rule.outcome.clone(),
        status: resolved.status,
        conditions,
        // a rule that failed relies on nothing: its provisions are not quoted
        cites: if resolved.status == RuleStatus::Failed {
            Vec::new()
        } else {
            rule.cites.iter().map(|a| quoter.quote(a)).collect()
        },
        because: rule.because.clone(),
        defeated_by: resolved.defeated_by.clone(),
        defined_at: rule.defined_at.clone(),
    }
}

/// The trace of a condition: its value, the facts it read and its parts.
pub fn trace(c: &CondAt, rules: &JurisdictionRules, facts: &Facts) -> ConditionTrace {
    Tracer::new(rules, facts).trace(c, 0)
}

/// How many definitions deep a trace shows conditions; deeper ones are named only.
const TRACE_DEPTH: usize = 16;

/// Traces the conditions of one rule: each definition's conditions are shown the first
/// time it is used and referred back to after, and values are worked out once, so a
/// trace grows with the rule's definitions, not with the ways they are combined.
struct Tracer<'a> {
    rules: &'a JurisdictionRules,
    facts: &'a Facts<'a>,
    memo: Memo,
    shown: HashSet<String>,
}

impl<'a> Tracer<'a> {
    fn new(rules: &'a JurisdictionRules, facts: &'a Facts<'a>) -> Tracer<'a> {
        Tracer {
            rules,
            facts,
            memo: Memo::default(),
            shown: HashSet::new(),
        }
    }

    /// The trace of `c`, `depth` definitions down.
    fn trace(&mut self, c: &CondAt, depth: usize) -> ConditionTrace {
        let (rules, facts) = (self.rules, self.facts);
        let value = truth_with(c, rules, facts, &mut self.memo);
        let mut t = ConditionTrace {
            source: c.source.clone(),
            value,
            facts: Vec::new(),
            details: Vec::new(),
            note: None,
        };
        match &c.cond {
            Cond::And(parts) | Cond::Or(parts) => {
                t.details = parts.iter().map(|p| self.trace(p, depth)).collect();
            }
            Cond::Not(inner) => t.details = vec![self.trace(inner, depth)],
            Cond::Definition(d) => {
                if let Some(def) = rules.definitions.get(d) {
                    if depth >= TRACE_DEPTH {
                        t.note = Some(format!(
                            "`{d}` is defined at {}; definitions this deep are not shown",
                            def.defined_at
                        ));
                    } else if !self.shown.insert(d.clone()) {
                        t.note = Some(format!("`{d}` is shown above"));
                    } else {
                        let inner = self.trace(&def.condition, depth + 1);
                        // a definition that is a plain `and`/`or` shows its parts directly
                        if matches!(def.condition.cond, Cond::And(_) | Cond::Or(_)) {
                            t.details = inner.details;
                        } else {
                            t.details = vec![inner];
                        }
                    }
                }
            }
            Cond::Fact(f) => t.facts.push((f.clone(), facts.get(f).cloned())),
            Cond::Compare {
                fact,
                value: wanted,
                ..
            } => {
                let actual = facts.get(fact).cloned();
                if let (
                    Some(FactValue::Money { currency: have, .. }),
                    FactValue::Money {
                        amount,
                        currency: want,
                    },
                ) = (&actual, wanted)
                {
                    if have != want {
                        t.note = Some(format!(
                        "`{fact}` is given in {have}; the rule compares it with {want} {}: supply `{fact}` in {want}",
                        crate::rules::outcome::group_digits(*amount)
                    ));
                    }
                }
                t.facts.push((fact.clone(), actual));
            }
            Cond::In { fact, .. } => t.facts.push((fact.clone(), facts.get(fact).cloned())),
        }
        t
    }
}

/// Quotes cited provisions as of a date in a language.
struct Quoter<'a> {
    corpus: &'a Corpus,
    as_of: NaiveDate,
    language: &'a str,
    warnings: Vec<String>,
}

impl Quoter<'_> {
    fn quote(&mut self, address: &str) -> CitedProvision {
        let Some(entry) = self.corpus.entry(address) else {
            return CitedProvision {
                address: address.to_string(),
                heading: address.to_string(),
                text: None,
                language: self.language.to_string(),
                text_status: "not_transcribed".into(),
                authentic: None,
                not_in_force: None,
            };
        };
        let provision = self.corpus.provision(entry);
        let heading = provision
            .heading
            .get(self.language)
            .or_else(|| provision.heading.values().next())
            .cloned()
            .unwrap_or_else(|| address.to_string());
        let mut not_in_force = None;
        let version = match self.corpus.version_at(entry, Some(self.as_of)) {
            Some(v) => Some(v),
            None if !self.corpus.in_force(entry, self.as_of) => {
                let newest = self.corpus.version_at(entry, None);
                let from = newest
                    .and_then(|v| v.from)
                    .map(|d| format!(", in force from {d}"))
                    .unwrap_or_default();
                not_in_force = Some(format!(
                    "not recorded as in force on {}: the newest text the corpus holds{from} is quoted",
                    self.as_of
                ));
                let note = format!(
                    "{address} is not recorded as in force on {}; the newest text the corpus holds is quoted",
                    self.as_of
                );
                if !self.warnings.contains(&note) {
                    self.warnings.push(note);
                }
                newest
            }
            None => None,
        };
        let text = version.and_then(|v| {
            v.text
                .get(self.language)
                .map(|t| (self.language.to_string(), t))
                .or_else(|| v.text.iter().next().map(|(l, t)| (l.clone(), t)))
        });
        // beside a translation, the authentic text it translates
        let authentic = match (&text, version) {
            (Some((_, t)), Some(v)) if t.status == TextStatus::Translation => v
                .text
                .iter()
                .find(|(_, o)| o.status != TextStatus::Translation)
                .map(|(l, o)| AuthenticText {
                    language: l.clone(),
                    text: o.text.clone(),
                    text_status: o.status.as_str().to_string(),
                }),
            _ => None,
        };
        match text {
            Some((language, t)) => CitedProvision {
                address: address.to_string(),
                heading,
                text: Some(t.text.clone()),
                language,
                text_status: t.status.as_str().to_string(),
                authentic,
                not_in_force,
            },
            None => CitedProvision {
                address: address.to_string(),
                heading,
                text: None,
                language: self.language.to_string(),
                text_status: "not_transcribed".into(),
                authentic: None,
                not_in_force,
            },
        }
    }
}

/// The outcome the rules decide for `facts` on `as_of`, if they decide one: the cheap core
/// of [`evaluate`] (no quoting, no search), for searches over many fact values.
pub fn decided_outcome<'r>(
    rules: &'r JurisdictionRules,
    facts: &Facts,
    as_of: NaiveDate,
) -> Option<&'r str> {
    match decide(rules, &resolve(rules, facts, as_of)) {
        Decision::Decided(i) => Some(rules.rules[i].outcome.as_str()),
        _ => None,
    }
}

/// Each rule's value and status, in file order, for facts that may be incomplete, on
/// `as_of`: what [`evaluate`] works out before it decides, for searches over fact values.
/// A rule not in force has the status `NotInForce` (and an unknown value).
pub(crate) fn rule_statuses(
    rules: &JurisdictionRules,
    facts: &Facts,
    as_of: NaiveDate,
) -> Vec<(Truth, RuleStatus)> {
    resolve(rules, facts, as_of)
        .into_iter()
        .map(|r| (r.truth, r.status))
        .collect()
}

/// The first fact not known on which one of `conds` (taken in turn, each in reading order)
/// still depends: a fact read by an unknown part of an unknown condition, through
/// definitions. Every unknown part can still decide its condition (an unknown `and` has no
/// false part, an unknown `or` no true one), so a search that sets this fact next never sets
/// one that changes nothing. `None` when the conditions are known, or unknown only through
/// money in another currency than the amount it is compared with. The conditions are walked
/// with a work list, not recursion, so a long chain of definitions cannot overflow the stack.
pub(crate) fn first_open_fact<'r>(
    conds: impl IntoIterator<Item = &'r CondAt>,
    rules: &'r JurisdictionRules,
    facts: &Facts,
) -> Option<&'r str> {
    let mut memo = Memo::default();
    let mut seen: HashSet<&str> = HashSet::new();
    for c in conds {
        if truth_with(c, rules, facts, &mut memo) != Truth::Unknown {
            continue;
        }
        let mut stack: Vec<&CondAt> = vec![c];
        while let Some(c) = stack.pop() {
            match &c.cond {
                Cond::And(parts) | Cond::Or(parts) => {
                    for p in parts.iter().rev() {
                        if shallow(p, rules, facts, &mut memo) == Truth::Unknown {
                            stack.push(p);
                        }
                    }
                }
                Cond::Not(inner) => stack.push(inner),
                Cond::Definition(d) => {
                    if seen.insert(d) {
                        if let Some(def) = rules.definitions.get(d) {
                            stack.push(&def.condition);
                        }
                    }
                }
                Cond::Fact(f) | Cond::Compare { fact: f, .. } | Cond::In { fact: f, .. } => {
                    if facts.get(f).is_none() {
                        return Some(f);
                    }
                }
            }
        }
    }
    None
}

/// Every fact the rules in force on `as_of` read, with the values that reach every case the
/// rules distinguish (each threshold, one below and one above; every enum value; both truth
/// values), in the order the rules read them.
pub fn fact_domains(
    set: &RuleSet,
    rules: &JurisdictionRules,
    as_of: NaiveDate,
) -> IndexMap<String, Vec<FactValue>> {
    let mut read = Vec::new();
    for r in rules.rules.iter().filter(|r| r.in_force(as_of)) {
        if let Some(w) = &r.when {
            facts_read(w, rules, &mut read);
        }
    }
    let compared = thresholds(rules);
    read.into_iter()
        .filter_map(|f| {
            let def = set.facts.get(&f)?;
            let values = representatives(def, compared.get(&f).map(Vec::as_slice).unwrap_or(&[]));
            Some((f, values))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_are_walked_in_place_as_they_were_listed() {
        let mut base = FactMap::default();
        base.insert("known".to_string(), FactValue::Bool(true));
        base.insert("b".to_string(), FactValue::Integer(9));
        let domains = vec![
            (
                "a".to_string(),
                vec![FactValue::Bool(false), FactValue::Bool(true)],
            ),
            (
                "b".to_string(),
                vec![
                    FactValue::Integer(1),
                    FactValue::Integer(2),
                    FactValue::Integer(3),
                ],
            ),
        ];
        let listed = combinations(&base, &domains, 100).unwrap();
        let mut walked = Vec::new();
        assert!(every_combination(&base, &domains, |a| {
            walked.push(a.clone());
            true
        }));
        assert_eq!(walked, listed);
        assert_eq!(combination_count(&domains, 100), Some(listed.len()));
        assert_eq!(combination_count(&domains, 5), None);
        // the walk stops at the first combination that fails
        let mut seen = 0;
        assert!(!every_combination(&base, &domains, |_| {
            seen += 1;
            seen < 4
        }));
        assert_eq!(seen, 4);
        // no value for a fact: nothing to try
        let empty = vec![("a".to_string(), Vec::new())];
        assert!(every_combination(&base, &empty, |_| false));
    }

    #[test]
    fn kleene_tables() {
        use Truth::*;
        assert_eq!(and([True, Unknown]), Unknown);
        assert_eq!(and([False, Unknown]), False);
        assert_eq!(or([True, Unknown]), True);
        assert_eq!(or([False, Unknown]), Unknown);
        assert_eq!(not(Unknown), Unknown);
    }

    #[test]
    fn money_compares_in_one_currency() {
        let cny = |a| FactValue::Money {
            amount: a,
            currency: "CNY".into(),
        };
        let jpy = FactValue::Money {
            amount: 5,
            currency: "JPY".into(),
        };
        assert_eq!(compare(&cny(5), Operator::Ge, &cny(4)), Some(true));
        assert_eq!(compare(&jpy, Operator::Ge, &cny(4)), None);
    }

    #[test]
    fn subsets_are_complete() {
        assert_eq!(subsets(4, 2).len(), 6);
        assert_eq!(subsets(3, 3), vec![vec![0, 1, 2]]);
        assert!(subsets(2, 3).is_empty());
    }
}
