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
use indexmap::{IndexMap, IndexSet};

use super::ast::Operator;
use super::check::{Cond, CondAt, JurisdictionRules, RuleDef, RuleSet};
use super::outcome::{
    AuthenticText, CitedProvision, ConditionTrace, ConflictingOutcome, ContestedOutcome,
    Evaluation, Kind, MissingFact, RuleStatus, RuleTrace, Truth,
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
/// The most conditions of rules and definitions the `undecided_by` search evaluates: a
/// rule set of thousands of rules is evaluated fewer times (see [`search_budget`]).
const SEARCH_WORK: usize = 10_000_000;

/// How many evaluations of a jurisdiction's rules the `undecided_by` search may spend:
/// [`SEARCH_BUDGET`], or fewer when each costs more than [`SEARCH_WORK`] shares out, so
/// that the search takes time in proportion to the rules, not to the rules times a fixed
/// number of evaluations.
fn search_budget(rules: &JurisdictionRules) -> usize {
    let cost = rules.rules.len() + rules.definitions.len();
    SEARCH_BUDGET.min(SEARCH_WORK / cost.max(1))
}

/// How many results of the search for deciding facts a jurisdiction's rules keep; the
/// memo starts again empty when it is full, so its memory stays bounded however many
/// schemes are classified.
const SEARCH_MEMO_ENTRIES: usize = 4096;

/// The results of the search for the facts that would decide an open answer (see
/// [`smallest_deciding_set`]), kept with a jurisdiction's rules so that schemes alike in
/// what the search reads (a batch of similar schemes) search once. A result is reused only
/// when everything the search depends on is the same: the value and status of each rule
/// that reads none of the facts searched over (they cannot change), the facts searched
/// over, and the given values of every fact the other rules read.
///
/// A copy of the rules starts with an empty memo, and every memo compares equal: it is a
/// cache, not part of what the rules say.
#[derive(Default)]
pub struct SearchMemo {
    /// The facts each rule reads (through its definitions), worked out on first use.
    reads: std::sync::OnceLock<Vec<IndexSet<String>>>,
    /// The facts each definition reads (through the definitions it uses), worked out on
    /// first use.
    definition_reads: std::sync::OnceLock<Vec<IndexSet<String>>>,
    /// The values compared with each fact ([`thresholds`]), worked out on first use.
    thresholds: std::sync::OnceLock<IndexMap<String, Vec<FactValue>>>,
    found: std::sync::Mutex<rustc_hash::FxHashMap<SearchKey, Vec<String>>>,
}

/// What the search for deciding facts depends on (see [`SearchMemo`]).
#[derive(Debug, PartialEq, Eq, Hash)]
struct SearchKey {
    /// Each rule's status: not in force, or its value (kept for the rules that read no
    /// fact searched over; the others are marked as read).
    rules: Vec<u8>,
    candidates: Vec<String>,
    /// The given values of the facts that the rules reading a candidate read.
    values: Vec<Option<FactValue>>,
}

impl Clone for SearchMemo {
    fn clone(&self) -> Self {
        SearchMemo::default()
    }
}

impl PartialEq for SearchMemo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for SearchMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.found.lock().map_or(0, |m| m.len());
        f.debug_struct("SearchMemo").field("kept", &kept).finish()
    }
}

impl SearchMemo {
    /// The values compared with each fact in `rules` (see [`thresholds`]).
    fn thresholds(&self, rules: &JurisdictionRules) -> &IndexMap<String, Vec<FactValue>> {
        self.thresholds.get_or_init(|| thresholds(rules))
    }

    /// The facts each definition of `rules` reads, in the definitions' order.
    fn definition_reads(&self, rules: &JurisdictionRules) -> &[IndexSet<String>] {
        self.definition_reads.get_or_init(|| {
            rules
                .definitions
                .values()
                .map(|d| {
                    let mut read = FactsRead::default();
                    read.add(&d.condition, rules);
                    read.facts.into_iter().map(str::to_string).collect()
                })
                .collect()
        })
    }

    /// The facts each rule of `rules` reads.
    fn reads(&self, rules: &JurisdictionRules) -> &[IndexSet<String>] {
        self.reads.get_or_init(|| {
            rules
                .rules
                .iter()
                .map(|r| {
                    let mut read = FactsRead::default();
                    if let Some(w) = &r.when {
                        read.add(w, rules);
                    }
                    read.facts.into_iter().map(str::to_string).collect()
                })
                .collect()
        })
    }

    /// The key of a search over `candidates` for these statuses and facts.
    fn key(
        &self,
        rules: &JurisdictionRules,
        resolved: &[Resolved],
        known: &FactMap,
        candidates: &[String],
    ) -> SearchKey {
        let reads = self.reads(rules);
        let mut facts: IndexSet<&str> = IndexSet::new();
        let statuses = resolved
            .iter()
            .zip(reads)
            .map(|(r, read)| {
                if r.status == RuleStatus::NotInForce {
                    0
                } else if candidates.iter().any(|c| read.contains(c)) {
                    facts.extend(read.iter().map(String::as_str));
                    1
                } else {
                    match r.truth {
                        Truth::True => 2,
                        Truth::False => 3,
                        Truth::Unknown => 4,
                    }
                }
            })
            .collect();
        SearchKey {
            rules: statuses,
            candidates: candidates.to_vec(),
            values: facts.into_iter().map(|f| known.get(f).cloned()).collect(),
        }
    }

    fn get(&self, key: &SearchKey) -> Option<Vec<String>> {
        self.found.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: SearchKey, deciding: &[String]) {
        if let Ok(mut found) = self.found.lock() {
            if found.len() >= SEARCH_MEMO_ENTRIES {
                found.clear();
            }
            found.insert(key, deciding.to_vec());
        }
    }
}

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
#[derive(Debug, Default, Clone)]
pub struct Memo {
    values: Vec<Option<Truth>>,
    /// Every definition is worked out (see [`prepare`]).
    complete: bool,
}

impl Memo {
    /// A memo that works out only the definitions a condition uses, when it uses them
    /// (cheaper than [`prepare`]'s working out of every definition when a few conditions
    /// are evaluated); for many definitions, [`prepare`] works them out without recursion.
    fn lazy(rules: &JurisdictionRules) -> Memo {
        Memo {
            values: Vec::new(),
            complete: rules.definitions.len() <= EAGER_DEFINITIONS,
        }
    }

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

/// The facts some conditions read (through definitions), once each, in the order they are
/// written. Each definition is walked once for all the conditions added, and the facts are
/// kept in a set, so that reading thousands of rules costs in proportion to their size.
/// Conditions are walked with a work list, not recursion, so a long chain of definitions
/// cannot overflow the stack.
#[derive(Debug, Default)]
pub struct FactsRead<'r> {
    facts: IndexSet<&'r str>,
    definitions: HashSet<&'r str>,
}

impl<'r> FactsRead<'r> {
    /// Adds the facts `c` reads.
    pub fn add(&mut self, c: &'r CondAt, rules: &'r JurisdictionRules) {
        let mut stack: Vec<&CondAt> = vec![c];
        while let Some(c) = stack.pop() {
            match &c.cond {
                Cond::And(parts) | Cond::Or(parts) => stack.extend(parts.iter().rev()),
                Cond::Not(inner) => stack.push(inner),
                Cond::Definition(d) => {
                    if self.definitions.insert(d) {
                        if let Some(def) = rules.definitions.get(d) {
                            stack.push(&def.condition);
                        }
                    }
                }
                Cond::Fact(f) | Cond::Compare { fact: f, .. } | Cond::In { fact: f, .. } => {
                    self.facts.insert(f);
                }
            }
        }
    }

    /// The facts, in the order they were first read.
    pub fn into_vec(self) -> Vec<String> {
        self.facts.into_iter().map(str::to_string).collect()
    }
}

/// Adds to `out` the definitions a condition uses, directly or through other definitions,
/// that are not in `seen` yet (and adds them to `seen`): conditions walked with one `seen`
/// visit each definition once between them.
fn definitions_used(
    c: &CondAt,
    rules: &JurisdictionRules,
    seen: &mut HashSet<String>,
    out: &mut Vec<String>,
) {
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
    let (mut seen, mut used) = (HashSet::new(), Vec::new());
    for c in conds {
        compared_values(c, &mut out);
        definitions_used(c, rules, &mut seen, &mut used);
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

/// Who may defeat whom among a jurisdiction's rules, worked out once for all the
/// evaluations of one answer: each rule's `unless` as rule indices, and the rules by
/// priority, highest first.
struct Precedence {
    unless: Vec<Vec<usize>>,
    by_priority: Vec<usize>,
}

impl Precedence {
    fn new(rules: &JurisdictionRules) -> Precedence {
        let by_name: HashMap<&str, usize> = rules
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.name.as_str(), i))
            .collect();
        let unless = rules
            .rules
            .iter()
            .map(|r| {
                r.unless
                    .iter()
                    .filter_map(|u| by_name.get(u.as_str()).copied())
                    .collect()
            })
            .collect();
        let mut by_priority: Vec<usize> = (0..rules.rules.len()).collect();
        by_priority.sort_by_key(|&k| std::cmp::Reverse(rules.rules[k].priority));
        Precedence {
            unless,
            by_priority,
        }
    }
}

/// The statuses of the rules in force on `as_of`. Each condition and definition is
/// evaluated once; who defeats whom is found through `unless` names and priority levels,
/// not by comparing every pair of rules.
fn resolve(
    rules: &JurisdictionRules,
    precedence: &Precedence,
    facts: &Facts,
    as_of: NaiveDate,
) -> Vec<Resolved> {
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
    resolve_truths(rules, precedence, &truths)
}

/// Whether the answer stays open for these rule values (`None` for a rule not in force):
/// `decide(resolve_truths(..)) == Decision::Open`, worked out without naming who defeats
/// whom, for the search for deciding facts, which asks it many times.
fn stays_open(
    rules: &JurisdictionRules,
    precedence: &Precedence,
    truths: &[Option<Truth>],
) -> bool {
    let n = rules.rules.len();
    // for each rule, whether a rule of higher priority holds, or may hold
    let mut above = vec![(false, false); n];
    let (mut holds, mut may) = (false, false);
    let mut j = 0;
    while j < n {
        let priority = rules.rules[precedence.by_priority[j]].priority;
        let mut end = j;
        while end < n && rules.rules[precedence.by_priority[end]].priority == priority {
            above[precedence.by_priority[end]] = (holds, may);
            end += 1;
        }
        for &k in &precedence.by_priority[j..end] {
            match truths[k] {
                Some(Truth::True) => holds = true,
                Some(Truth::Unknown) => may = true,
                _ => {}
            }
        }
        j = end;
    }
    let mut fired: Option<usize> = None;
    let mut fired_outcomes_differ = false;
    let mut possible: Vec<usize> = Vec::new();
    for (i, r) in rules.rules.iter().enumerate() {
        let t = match truths[i] {
            None | Some(Truth::False) => continue,
            Some(t) => t,
        };
        let (mut beaten, mut maybe_beaten) = above[i];
        for &k in &precedence.unless[i] {
            if k == i || rules.rules[k].priority > r.priority {
                continue;
            }
            match truths[k] {
                Some(Truth::True) => beaten = true,
                Some(Truth::Unknown) => maybe_beaten = true,
                _ => {}
            }
        }
        if beaten {
            continue;
        }
        if maybe_beaten || t == Truth::Unknown {
            possible.push(i);
            continue;
        }
        match fired {
            None => fired = Some(i),
            Some(f) => {
                if rules.rules[f].outcome != r.outcome {
                    fired_outcomes_differ = true;
                }
                if r.priority > rules.rules[f].priority {
                    fired = Some(i);
                }
            }
        }
    }
    match fired {
        // no rule fired: open; rules firing with different outcomes: a conflict
        None => true,
        Some(_) if fired_outcomes_differ => false,
        Some(f) => possible
            .iter()
            .any(|&k| rules.rules[k].outcome != rules.rules[f].outcome),
    }
}

/// The statuses of the rules given the value of each (`None` for a rule not in force).
fn resolve_truths(
    rules: &JurisdictionRules,
    precedence: &Precedence,
    truths: &[Option<Truth>],
) -> Vec<Resolved> {
    // for each priority, the rules of higher priority that hold (a prefix of `holding`),
    // and whether one of them may hold
    let mut above: HashMap<i64, (usize, bool)> = HashMap::new();
    let mut holding: Vec<usize> = Vec::new();
    let mut unknown = false;
    for &k in &precedence.by_priority {
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
            for &k in &precedence.unless[i] {
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
    /// Fired rules with different outcomes and no priority between them: the rules,
    /// grouped by outcome (in the order the outcomes first fire).
    Conflict(Vec<Vec<usize>>),
    /// Depends on unknown facts (or no rule applies).
    Open,
}

fn decide(rules: &JurisdictionRules, resolved: &[Resolved]) -> Decision {
    let fired: Vec<usize> = resolved
        .iter()
        .filter(|r| r.status == RuleStatus::Fired)
        .map(|r| r.index)
        .collect();
    let outcome_of = |i: usize| rules.rules[i].outcome.as_str();
    if let Some(&one) = fired.first() {
        if fired.iter().any(|&i| outcome_of(i) != outcome_of(one)) {
            let mut groups: IndexMap<&str, Vec<usize>> = IndexMap::new();
            for &i in &fired {
                groups.entry(outcome_of(i)).or_default().push(i);
            }
            return Decision::Conflict(groups.into_values().collect());
        }
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
    let compared = rules.search_memo.thresholds(rules);
    let mut read = FactsRead::default();
    for r in resolved {
        if r.truth == Truth::Unknown && r.status != RuleStatus::NotInForce {
            if let Some(w) = &rules.rules[r.index].when {
                read.add(w, rules);
            }
        }
    }
    read.into_vec()
        .into_iter()
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

/// The value of each rule in `resolved`, `None` for a rule not in force.
fn truths_of(resolved: &[Resolved]) -> Vec<Option<Truth>> {
    resolved
        .iter()
        .map(|r| (r.status != RuleStatus::NotInForce).then_some(r.truth))
        .collect()
}

/// The smallest set of uncertain facts that decides the answer (see the module doc).
/// `base` is each rule's value for the facts given (`None` for a rule not in force).
/// `stop` is checked at each assignment tried.
fn smallest_deciding_set<S: Stop>(
    set: &RuleSet,
    rules: &JurisdictionRules,
    precedence: &Precedence,
    known: &FactMap,
    candidates: &[String],
    base: &[Option<Truth>],
    stop: &S,
) -> Result<Vec<String>, S::Stopped> {
    let compared = rules.search_memo.thresholds(rules);
    let domains: Vec<Vec<FactValue>> = candidates
        .iter()
        .map(|f| match set.facts.get(f) {
            Some(def) => representatives(def, compared.get(f).map(Vec::as_slice).unwrap_or(&[])),
            None => Vec::new(),
        })
        .collect();
    let mut budget = search_budget(rules);
    // the rules that read none of the facts tried keep the value they have for the facts
    // given: only the others are evaluated again for each combination
    let reads = rules.search_memo.reads(rules);
    // likewise the definitions: each one's value for the facts given, kept for those that
    // read none of the facts tried
    let definition_reads = rules.search_memo.definition_reads(rules);
    let mut given = Memo::lazy(rules);
    {
        let facts = Facts::new(known);
        for (i, def) in rules.definitions.values().enumerate() {
            if given.get(i).is_none() {
                let v = truth_with(&def.condition, rules, &facts, &mut given);
                given.set(i, v);
            }
        }
    }
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
            let affected: Vec<usize> = (0..rules.rules.len())
                .filter(|&k| base[k].is_some() && domains.iter().any(|(f, _)| reads[k].contains(f)))
                .collect();
            let mut kept = given.clone();
            for (i, read) in definition_reads.iter().enumerate() {
                if domains.iter().any(|(f, _)| read.contains(f)) {
                    if let Some(slot) = kept.values.get_mut(i) {
                        *slot = None;
                    }
                }
            }
            let mut truths = base.to_vec();
            let mut stopped = None;
            let decides = every_combination(known, &domains, |a| {
                if let Err(e) = stop.check() {
                    stopped = Some(e);
                    return false;
                }
                let facts = Facts::new(a);
                let mut memo = kept.clone();
                for &k in &affected {
                    truths[k] = Some(
                        rules.rules[k]
                            .when
                            .as_ref()
                            .map_or(Truth::True, |w| truth_with(w, rules, &facts, &mut memo)),
                    );
                }
                !stays_open(rules, precedence, &truths)
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

/// Index sets of `size` out of `n`, in lexicographic order, made one at a time: a search
/// that stops early never pays for the sets it does not try.
pub(crate) fn subsets(n: usize, size: usize) -> Subsets {
    Subsets {
        n,
        current: (size <= n).then(|| (0..size).collect()),
    }
}

/// The index sets of [`subsets`], in turn.
pub(crate) struct Subsets {
    n: usize,
    /// The next set to give, or `None` when every one was given.
    current: Option<Vec<usize>>,
}

impl Iterator for Subsets {
    type Item = Vec<usize>;

    fn next(&mut self) -> Option<Vec<usize>> {
        let out = self.current.take()?;
        let size = out.len();
        let mut next = out.clone();
        // the last index that can still move right moves, and those after it follow it
        let moved = (0..size).rev().find(|&i| next[i] < self.n - size + i);
        if let Some(i) = moved {
            next[i] += 1;
            for k in i + 1..size {
                next[k] = next[k - 1] + 1;
            }
            self.current = Some(next);
        }
        Some(out)
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

/// The scheme's facts with the defaults declared for `jurisdiction` (by its own rule
/// file, or by the shared declarations) filled in where the scheme says nothing, and a
/// line for each saying it was assumed; `None` when no default applies.
fn with_defaults(
    set: &RuleSet,
    jurisdiction: Jurisdiction,
    given: &crate::facts::FactMap,
) -> Option<(crate::facts::FactMap, Vec<String>)> {
    let mut filled: Option<crate::facts::FactMap> = None;
    let mut assumed = Vec::new();
    for def in set.facts.values() {
        let Some(value) = &def.default else { continue };
        if def.scope.is_some_and(|s| s != jurisdiction) || given.contains_key(&def.name) {
            continue;
        }
        filled
            .get_or_insert_with(|| given.clone())
            .insert(def.name.clone(), value.clone());
        let shown = match value {
            FactValue::Enum(v) => v.clone(),
            FactValue::Bool(b) => b.to_string(),
            other => format!("{other:?}"),
        };
        assumed.push(format!(
            "assumed {} = {shown}: the scheme does not say, and {} declares it the default",
            def.name, def.defined_at
        ));
    }
    filled.map(|f| (f, assumed))
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
    evaluate_traced(
        set,
        jurisdiction,
        scheme,
        as_of,
        corpus,
        language,
        Trace::All,
        stop,
    )
}

/// Which rules an evaluation traces into [`Evaluation::rules`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Trace {
    /// Every rule in force, with its conditions (what `--explain full` shows).
    #[default]
    All,
    /// Only the rule that decided the answer (what `--explain brief` shows): nothing when
    /// the answer is open or in conflict. Everything else, warnings included, is as with
    /// [`Trace::All`].
    Deciding,
}

/// How the values of a scheme's enum facts read in `language`, where the rules label them
/// in it.
fn value_labels(
    set: &RuleSet,
    given: &crate::facts::FactMap,
    language: &str,
) -> Vec<(String, String)> {
    given
        .iter()
        .filter_map(|(name, value)| {
            let FactValue::Enum(v) = value else {
                return None;
            };
            let (label, lang) = set.facts.get(name)?.label(v, language);
            (lang == Some(language)).then(|| (name.clone(), label.to_string()))
        })
        .collect()
}

/// [`evaluate_within`] tracing only the rules `trace` says.
#[allow(clippy::too_many_arguments)]
pub fn evaluate_traced<S: Stop>(
    set: &RuleSet,
    jurisdiction: Jurisdiction,
    scheme: &Scheme,
    as_of: NaiveDate,
    corpus: &Corpus,
    language: &str,
    trace: Trace,
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
        language: language.to_string(),
        value_labels: Vec::new(),
    };
    let Some(rules) = set.of(jurisdiction) else {
        ev.warnings
            .push(format!("there are no rules for {}", jurisdiction.name()));
        return Ok(ev);
    };
    // facts the scheme does not give, taken at the default the rules declare
    let defaulted = with_defaults(set, jurisdiction, &scheme.facts);
    let given = match &defaulted {
        Some((filled, assumed)) => {
            ev.warnings.extend(assumed.iter().cloned());
            filled
        }
        None => &scheme.facts,
    };
    if language != crate::lang::BASE {
        ev.value_labels = value_labels(set, given, language);
    }
    let facts = Facts::new(given);
    let precedence = Precedence::new(rules);
    let resolved = resolve(rules, &precedence, &facts, as_of);
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
        Decision::Conflict(groups) => {
            for group in groups {
                ev.conflicts.push(ConflictingOutcome {
                    outcome: rules.rules[group[0]].outcome.clone(),
                    rules: group.iter().map(|&i| rules.rules[i].name.clone()).collect(),
                });
                cited_rules.extend(group);
            }
        }
        Decision::Open => {
            let candidates = uncertain_facts(rules, &resolved, &facts);
            let key = rules.search_memo.key(rules, &resolved, given, &candidates);
            let deciding = match rules.search_memo.get(&key) {
                Some(found) => found,
                None => {
                    let found = smallest_deciding_set(
                        set,
                        rules,
                        &precedence,
                        given,
                        &candidates,
                        &truths_of(&resolved),
                        stop,
                    )?;
                    rules.search_memo.put(key, &found);
                    found
                }
            };
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
    // each rule's citations, then those of the definitions it uses; a definition another
    // cited rule used already adds nothing new, so each is visited once
    let mut cited: HashSet<&str> = HashSet::new();
    let mut defs_seen = HashSet::new();
    for &i in &cited_rules {
        let rule = &rules.rules[i];
        let mut defs = Vec::new();
        if let Some(w) = &rule.when {
            definitions_used(w, rules, &mut defs_seen, &mut defs);
        }
        let from_defs = defs
            .iter()
            .filter_map(|d| rules.definitions.get(d))
            .flat_map(|def| def.cites.iter());
        for a in rule.cites.iter().chain(from_defs) {
            if cited.insert(a) {
                ev.citations.push(a.clone());
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
    // one tracer for every rule: the definitions' values are worked out once
    let mut tracer = Tracer::new(rules, &facts);
    let traced = match (trace, &decision) {
        (Trace::All, _) => order.len(),
        (Trace::Deciding, Decision::Decided(_)) => 1,
        (Trace::Deciding, _) => 0,
    };
    for (n, i) in order.into_iter().enumerate() {
        stop.check()?;
        let r = &resolved[i];
        if n < traced {
            ev.rules
                .push(rule_trace(&rules.rules[i], r, &mut tracer, &mut quoter));
        } else if r.status != RuleStatus::Failed {
            // not shown, but what its provisions say of the date is warned of all the same
            for a in &rules.rules[i].cites {
                quoter.note(a);
            }
        }
    }
    for w in &rules.warnings {
        if !super::check::in_period(w.from, w.until, as_of) {
            continue;
        }
        let holds = w.when.as_ref().map_or(Truth::True, |c| {
            truth_with(c, rules, &facts, &mut tracer.memo)
        });
        if holds == Truth::True {
            let text = w.text.pick(quoter.language);
            ev.warnings.push(format!(
                "{}{} ({})",
                fallback_mark(text, quoter.language),
                text.text,
                w.cites.join(", ")
            ));
        }
    }
    ev.warnings.extend(quoter.warnings);
    Ok(ev)
}

/// The language of a text shown instead of one in `asked` (`Some("en")`), if it is.
fn fell_back(picked: crate::lang::Picked<'_>, asked: &str) -> Option<String> {
    picked.fell_back(asked).then(|| picked.language.to_string())
}

/// What a text shown in English for want of one in `asked` starts with: `[en] `.
fn fallback_mark(picked: crate::lang::Picked<'_>, asked: &str) -> String {
    if picked.fell_back(asked) {
        format!("[{}] ", picked.language)
    } else {
        String::new()
    }
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
                because: c.because.pick(quoter.language).text.to_string(),
                because_language: fell_back(c.because.pick(quoter.language), quoter.language),
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
    rule: &RuleDef,
    resolved: &Resolved,
    tracer: &mut Tracer,
    quoter: &mut Quoter,
) -> RuleTrace {
    // each rule's trace shows the definitions it uses in full
    tracer.shown.clear();
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
        because: rule
            .because
            .as_ref()
            .map(|t| t.pick(quoter.language).text.to_string()),
        because_language: rule
            .because
            .as_ref()
            .and_then(|t| fell_back(t.pick(quoter.language), quoter.language)),
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

impl<'a> Quoter<'a> {
    /// Adds the warning that quoting `address` would add, without quoting it.
    fn note(&mut self, address: &str) {
        if let Some(entry) = self.corpus.entry(address) {
            self.version(entry, address);
        }
    }

    /// The version of a provision to quote: the one in force on the date, else the newest
    /// (with a note saying so, and a warning).
    fn version(
        &mut self,
        entry: &crate::corpus::Entry,
        address: &str,
    ) -> (Option<&'a crate::corpus::model::Version>, Option<String>) {
        match self.corpus.version_at(entry, Some(self.as_of)) {
            Some(v) => (Some(v), None),
            None if !self.corpus.in_force(entry, self.as_of) => {
                let newest = self.corpus.version_at(entry, None);
                let from = newest
                    .and_then(|v| v.from)
                    .map(|d| format!(", in force from {d}"))
                    .unwrap_or_default();
                let not_in_force = Some(format!(
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
                (newest, not_in_force)
            }
            None => (None, None),
        }
    }

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
        // a provision with no heading is named by its citation: in a report in Chinese or
        // Japanese, as its own system cites it (保険業法第2条第1項)
        let heading = provision
            .heading
            .get(self.language)
            .or_else(|| provision.heading.values().next())
            .cloned()
            .unwrap_or_else(|| match self.language {
                crate::lang::BASE => address.to_string(),
                _ => crate::corpus::citation::native_citation(self.corpus, address),
            });
        let (version, not_in_force) = self.version(entry, address);
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
    match decide(
        rules,
        &resolve(rules, &Precedence::new(rules), facts, as_of),
    ) {
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
    resolve(rules, &Precedence::new(rules), facts, as_of)
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
    let mut read = FactsRead::default();
    for r in rules.rules.iter().filter(|r| r.in_force(as_of)) {
        if let Some(w) = &r.when {
            read.add(w, rules);
        }
    }
    let compared = thresholds(rules);
    read.into_vec()
        .into_iter()
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
        let all: Vec<Vec<usize>> = subsets(4, 2).collect();
        assert_eq!(
            all,
            [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]].map(Vec::from)
        );
        assert_eq!(subsets(3, 3).collect::<Vec<_>>(), vec![vec![0, 1, 2]]);
        assert_eq!(subsets(3, 0).collect::<Vec<_>>(), vec![Vec::<usize>::new()]);
        assert_eq!(subsets(2, 3).count(), 0);
    }
}
