//! The checker: resolves the names of parsed rule files, checks types, citations, cycles,
//! duplicates and rules that can never fire, and builds the [`RuleSet`] the evaluator runs.
//! Every problem is collected; nothing is evaluated until the rule files are clean.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::analysis;
use super::ast::{self, Clause, Declaration, FactTypeAst, Literal, Name, Operator};
use super::eval;
use super::outcome::{Compliance, Kind, Truth};
use crate::corpus::{Corpus, Jurisdiction};
use crate::diagnostic::{did_you_mean, Diagnostic, Location, Severity, SourceFile, MAX_PER_FILE};
pub use crate::facts::{FactDef, FactType};
use crate::facts::{FactValue, Facts, Vocabulary};
use crate::lang::{Texts, LANGUAGES};

/// A resolved condition: every name is a declared fact or definition, every value typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cond {
    /// All hold.
    And(Vec<CondAt>),
    /// One holds.
    Or(Vec<CondAt>),
    /// Does not hold.
    Not(Box<CondAt>),
    /// A bool fact is true.
    Fact(String),
    /// A definition holds.
    Definition(String),
    /// A fact compared with a value.
    Compare {
        /// The fact.
        fact: String,
        /// The operator.
        op: Operator,
        /// The value.
        #[serde(with = "crate::facts::tagged")]
        value: FactValue,
    },
    /// A fact is one of the values.
    In {
        /// The fact.
        fact: String,
        /// The values.
        #[serde(with = "crate::facts::tagged::vec")]
        values: Vec<FactValue>,
    },
}

/// A resolved condition with its text as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CondAt {
    /// The condition.
    pub cond: Cond,
    /// Its text in the rule file, whitespace collapsed.
    pub source: String,
}

/// A declared outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeDef {
    /// Its name.
    pub name: String,
    /// Its canonical kind.
    pub kind: Kind,
    /// Its compliance.
    pub compliance: Compliance,
}

/// A definition: a named condition with citations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Definition {
    /// Its name.
    pub name: String,
    /// What it stands for.
    pub condition: CondAt,
    /// The provisions it rests on.
    pub cites: Vec<String>,
    /// `file:line`.
    pub defined_at: String,
}

/// A checked rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleDef {
    /// Its name.
    pub name: String,
    /// The outcome it gives.
    pub outcome: String,
    /// Its condition (`None`: always).
    pub when: Option<CondAt>,
    /// Rules it yields to.
    pub unless: Vec<String>,
    /// Its priority (default 0); a higher priority defeats a lower one.
    pub priority: i64,
    /// The provisions it applies.
    pub cites: Vec<String>,
    /// First day it applies.
    pub from: Option<NaiveDate>,
    /// Last day it applies.
    pub until: Option<NaiveDate>,
    /// Its `because` note, in English and any other language given.
    pub because: Option<Texts>,
    /// Other readings of the law (`arguably -> ...`), reported beside its outcome.
    pub contested: Vec<ContestedDef>,
    /// `file:line`.
    pub defined_at: String,
}

/// A checked contested reading: `arguably -> OUTCOME [when CONDITION] cites ... because "..."`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContestedDef {
    /// The outcome on this reading (an outcome of the rule's jurisdiction).
    pub outcome: String,
    /// When the reading arises, if narrower than the rule's own condition.
    pub when: Option<CondAt>,
    /// The provisions it rests on.
    pub cites: Vec<String>,
    /// Why it can be argued, in English and any other language given.
    pub because: Texts,
}

impl RuleDef {
    /// Whether the rule applies on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        in_period(self.from, self.until, date)
    }
}

/// A checked warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WarningDef {
    /// Its name.
    pub name: String,
    /// The text shown when it applies, in English and any other language given.
    pub text: Texts,
    /// Its condition (`None`: always).
    pub when: Option<CondAt>,
    /// The provisions it refers to.
    pub cites: Vec<String>,
    /// First day it applies.
    pub from: Option<NaiveDate>,
    /// Last day it applies.
    pub until: Option<NaiveDate>,
}

/// The checked rules of one jurisdiction.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JurisdictionRules {
    /// Outcomes by name.
    pub outcomes: IndexMap<String, OutcomeDef>,
    /// Definitions by name.
    pub definitions: IndexMap<String, Definition, rustc_hash::FxBuildHasher>,
    /// Rules in file order.
    pub rules: Vec<RuleDef>,
    /// Warnings in file order.
    pub warnings: Vec<WarningDef>,
    /// The searches for deciding facts done with these rules (a cache; see
    /// [`super::eval::SearchMemo`]); not stored, and empty when the rules are read back.
    #[serde(skip)]
    pub search_memo: super::eval::SearchMemo,
}

impl JurisdictionRules {
    /// The rule with this name.
    pub fn rule(&self, name: &str) -> Option<&RuleDef> {
        self.rules.iter().find(|r| r.name == name)
    }

    /// Whether rule `a` defeats rule `b`: `b` yields to `a` (`unless a`) or `a` has the
    /// higher priority.
    pub fn defeats(&self, a: &RuleDef, b: &RuleDef) -> bool {
        a.name != b.name && (b.unless.contains(&a.name) || a.priority > b.priority)
    }
}

/// Checked rule files: the facts all jurisdictions share and each jurisdiction's rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    /// Declared facts by name.
    pub facts: Vocabulary,
    /// Rules per jurisdiction.
    pub by_jurisdiction: BTreeMap<Jurisdiction, JurisdictionRules>,
    /// Warnings the checker found (the rule set is usable, but they are worth reading).
    /// Not stored with the rules: the checked rules built into the binary keep them apart
    /// (see [`super::prechecked`]), with the places they point into.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    /// The proposals applied over the base rules, in order (empty for the base rules).
    pub proposals: Vec<AppliedProposal>,
}

/// A proposal applied to a rule set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedProposal {
    /// Its title (`proposal "TITLE" extends cn`).
    pub title: String,
    /// The file it was read from.
    pub file: String,
    /// The jurisdiction whose rules it changes.
    pub jurisdiction: Jurisdiction,
}

impl RuleSet {
    /// The jurisdictions that have rules, in display order.
    pub fn jurisdictions(&self) -> Vec<Jurisdiction> {
        let mut with_rules: Vec<Jurisdiction> = self
            .by_jurisdiction
            .iter()
            .filter(|(_, r)| !r.rules.is_empty())
            .map(|(j, _)| *j)
            .collect();
        with_rules.sort();
        with_rules
    }

    /// The rules of a jurisdiction.
    pub fn of(&self, jurisdiction: Jurisdiction) -> Option<&JurisdictionRules> {
        self.by_jurisdiction.get(&jurisdiction)
    }

    /// Every address a definition, rule, contested reading or warning cites, sorted.
    pub fn cited_addresses(&self) -> std::collections::BTreeSet<&str> {
        let mut out = std::collections::BTreeSet::new();
        for r in self.by_jurisdiction.values() {
            let cites = r
                .definitions
                .values()
                .flat_map(|d| &d.cites)
                .chain(r.rules.iter().flat_map(|rule| {
                    rule.cites
                        .iter()
                        .chain(rule.contested.iter().flat_map(|c| &c.cites))
                }))
                .chain(r.warnings.iter().flat_map(|w| &w.cites));
            out.extend(cites.map(String::as_str));
        }
        out
    }
}

/// Whether `date` lies in the period `from..=until` (open ends unbounded).
pub fn in_period(from: Option<NaiveDate>, until: Option<NaiveDate>, date: NaiveDate) -> bool {
    from.is_none_or(|f| f <= date) && until.is_none_or(|u| date <= u)
}

const KINDS: [&str; 3] = [
    "insurance",
    "mutual_insurance_society",
    "unregulated_mutual_aid",
];
const COMPLIANCES: [&str; 4] = ["licensed", "exempt", "no_licence_needed", "unlicensed"];
const TYPES: [&str; 5] = ["bool", "integer", "money", "date", "currency"];

thread_local! {
    static WHOLE_SET_ANALYSIS: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Runs `f` (which loads rules) without the whole-set analysis that proves rules can never
/// fire, finds rules that fire together and facts that fire no rule: it changes no answer,
/// only warns a drafter, and costs most of a `classify`. The commands that evaluate rules
/// (`classify`, `diff`) load them this way; `check` runs it.
pub fn without_whole_set_analysis<T>(f: impl FnOnce() -> T) -> T {
    let before = WHOLE_SET_ANALYSIS.with(|w| w.replace(false));
    let out = f();
    WHOLE_SET_ANALYSIS.with(|w| w.set(before));
    out
}

/// Whether rules loaded now get the whole-set analysis (see [`without_whole_set_analysis`]).
pub fn whole_set_analysis() -> bool {
    WHOLE_SET_ANALYSIS.with(|w| w.get())
}

/// Checks parsed rule files against the corpus and builds the rule set.
pub fn check(
    files: &[(SourceFile, ast::RuleFile)],
    corpus: &Corpus,
) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut c = Checker {
        corpus,
        diags: Vec::new(),
        set: RuleSet::default(),
        places: HashMap::new(),
        suggested: HashMap::new(),
    };
    c.run(files);
    let has_errors = c.diags.iter().any(|d| d.severity == Severity::Error);
    if has_errors {
        Err(c.diags)
    } else {
        c.set.diagnostics = c.diags;
        Ok(c.set)
    }
}

/// One declaration to check, with the file it is written in and its jurisdiction (`None`
/// for a fact, which all jurisdictions share).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    /// The file the declaration is written in.
    pub file: &'a SourceFile,
    /// Its jurisdiction; `None` for a fact.
    pub jurisdiction: Option<Jurisdiction>,
    /// The declaration.
    pub decl: &'a Declaration,
}

/// Checks declarations whose jurisdictions are already resolved (see
/// [`super::proposal`]): the same checks as [`check`], in the order given.
pub(crate) fn check_items(items: &[Item<'_>], corpus: &Corpus) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut c = Checker {
        corpus,
        diags: Vec::new(),
        set: RuleSet::default(),
        places: HashMap::new(),
        suggested: HashMap::new(),
    };
    c.run_items(items);
    let has_errors = c.diags.iter().any(|d| d.severity == Severity::Error);
    if has_errors {
        Err(c.diags)
    } else {
        c.set.diagnostics = c.diags;
        Ok(c.set)
    }
}

/// The names of one jurisdiction's definitions (or rules), for resolution in O(1).
type Names = indexmap::IndexSet<String>;

/// Declarations waiting for their names to be resolved, by kind.
#[derive(Default)]
struct PendingDecls<'a> {
    definitions: Vec<Pending<'a, ast::DefinitionDecl>>,
    rules: Vec<Pending<'a, ast::RuleDecl>>,
    warnings: Vec<Pending<'a, ast::WarningDecl>>,
}

/// A declaration waiting for its names to be resolved.
struct Pending<'a, T> {
    file: &'a SourceFile,
    jurisdiction: Jurisdiction,
    decl: &'a T,
}

struct Checker<'c> {
    corpus: &'c Corpus,
    diags: Vec<Diagnostic>,
    set: RuleSet,
    /// Where each named thing was declared, for "already declared" and for spans.
    places: HashMap<(Option<Jurisdiction>, &'static str, String), Location>,
    /// How many "did you mean" hints each file's errors were given (see `may_suggest`).
    suggested: HashMap<String, usize>,
}

impl<'c> Checker<'c> {
    fn run(&mut self, files: &'c [(SourceFile, ast::RuleFile)]) {
        let mut pending = PendingDecls::default();
        // pass 1: facts, jurisdictions, outcomes, and the names of everything else
        for (file, tree) in files {
            let mut jurisdiction: Option<Jurisdiction> = None;
            let mut needs_jurisdiction_reported = false;
            for decl in &tree.declarations {
                match decl {
                    Declaration::Jurisdiction(code) => {
                        jurisdiction = self.jurisdiction_decl(file, code, jurisdiction);
                    }
                    // a fact belongs to every jurisdiction; one declared in a jurisdiction's
                    // file takes its default there only
                    Declaration::Fact(f) => self.fact_decl(file, jurisdiction, f),
                    Declaration::Proposal(_) | Declaration::Replace(_) | Declaration::Repeal(_) => {
                        self.proposal_only(file, decl);
                    }
                    other => {
                        let Some(j) = jurisdiction else {
                            if !needs_jurisdiction_reported {
                                needs_jurisdiction_reported = true;
                                let span = other.span();
                                self.diags.push(
                                    Diagnostic::error("this declaration belongs to no jurisdiction")
                                        .at(file.span(span.start..span.start + other.keyword().len()))
                                        .label("before any `jurisdiction` line")
                                        .help(format!("start the file with `jurisdiction CODE` (a code of the corpus's jurisdictions.yaml: {}); a file without one may only declare facts", crate::corpus::jurisdictions::current().codes().join(", "))),
                                );
                            }
                            continue;
                        };
                        self.declare_item(
                            Item {
                                file,
                                jurisdiction: Some(j),
                                decl,
                            },
                            &mut pending,
                        );
                    }
                }
            }
        }
        self.finish(pending);
    }

    /// Checks declarations whose jurisdictions are already known (a base rule set with
    /// proposals applied), in order.
    fn run_items(&mut self, items: &[Item<'c>]) {
        let mut pending = PendingDecls::default();
        for item in items {
            if let Some(j) = item.jurisdiction {
                self.set.by_jurisdiction.entry(j).or_default();
            }
            self.declare_item(*item, &mut pending);
        }
        self.finish(pending);
    }

    /// `proposal`, `replace` and `repeal` in a file that is not a proposal.
    fn proposal_only(&mut self, file: &SourceFile, decl: &Declaration) {
        let span = decl.span();
        let word = decl.keyword();
        let (message, help) = if matches!(decl, Declaration::Proposal(_)) {
            (
                "a proposal line in a file checked as base rules".to_string(),
                "load proposals with `load_rules` or `load_rules_with_proposals` (on the command line: `--proposal FILE`), which apply them over the base rules".to_string(),
            )
        } else {
            (
                format!("`{word}` may only be used in a proposal"),
                "start the file with `proposal \"TITLE\" extends CODE` (instead of `jurisdiction CODE`) to change the rules of a jurisdiction; in the base rules, edit the declaration itself".to_string(),
            )
        };
        self.diags.push(
            Diagnostic::error(message)
                .at(file.span(span.start..span.start + word.len()))
                .label("not a proposal file")
                .help(help),
        );
    }

    /// Pass 1 for one declaration: facts and outcomes are checked now, the names of
    /// definitions, rules and warnings recorded for the later passes.
    fn declare_item(&mut self, item: Item<'c>, pending: &mut PendingDecls<'c>) {
        let file = item.file;
        let decl = item.decl;
        let Some(j) = item.jurisdiction else {
            if let Declaration::Fact(f) = decl {
                self.fact_decl(file, None, f);
            }
            return;
        };
        self.set.by_jurisdiction.entry(j).or_default();
        match decl {
            Declaration::Outcome(o) => self.outcome_decl(file, j, o),
            Declaration::Definition(d) => {
                if self.declare(file, Some(j), "definition", &d.name) {
                    pending.definitions.push(Pending {
                        file,
                        jurisdiction: j,
                        decl: d,
                    });
                }
            }
            Declaration::Rule(r) => {
                if self.declare(file, Some(j), "rule", &r.name) {
                    pending.rules.push(Pending {
                        file,
                        jurisdiction: j,
                        decl: r,
                    });
                }
            }
            Declaration::Warning(w) => {
                if self.declare(file, Some(j), "warning", &w.name) {
                    pending.warnings.push(Pending {
                        file,
                        jurisdiction: j,
                        decl: w,
                    });
                }
            }
            Declaration::Fact(f) => self.fact_decl(file, Some(j), f),
            Declaration::Jurisdiction(code) => self.jurisdiction_named(file, j, code),
            Declaration::Proposal(_) | Declaration::Replace(_) | Declaration::Repeal(_) => {}
        }
    }

    /// Passes 2 to 4: definitions, rules and warnings, then whole-set checks.
    fn finish(&mut self, pending: PendingDecls<'c>) {
        let PendingDecls {
            definitions,
            rules,
            warnings,
        } = pending;
        // names of definitions and rules per jurisdiction, for resolution
        let mut def_names: HashMap<Jurisdiction, Names> = HashMap::new();
        for p in &definitions {
            def_names
                .entry(p.jurisdiction)
                .or_default()
                .insert(p.decl.name.text.clone());
        }
        let mut rule_names: HashMap<Jurisdiction, Names> = HashMap::new();
        for p in &rules {
            rule_names
                .entry(p.jurisdiction)
                .or_default()
                .insert(p.decl.name.text.clone());
        }
        let none = Names::default();
        // pass 2: definitions
        for p in &definitions {
            let names = def_names.get(&p.jurisdiction).unwrap_or(&none);
            let condition = self.condition(p.file, &p.decl.condition, names);
            let cites = self.citations(p.file, &p.decl.cites, None, None);
            if let Some(condition) = condition {
                let def = Definition {
                    name: p.decl.name.text.clone(),
                    condition,
                    cites,
                    defined_at: defined_at(p.file, &p.decl.name.span),
                };
                self.jur(p.jurisdiction)
                    .definitions
                    .insert(def.name.clone(), def);
            }
        }
        self.order_definitions(&definitions);
        // pass 3: rules and warnings
        for p in &rules {
            let names = def_names.get(&p.jurisdiction).unwrap_or(&none);
            let all_rules = rule_names.get(&p.jurisdiction).unwrap_or(&none);
            if let Some(rule) = self.rule_decl(p, names, all_rules) {
                self.jur(p.jurisdiction).rules.push(rule);
            }
        }
        for p in &warnings {
            let names = def_names.get(&p.jurisdiction).unwrap_or(&none);
            if let Some(w) = self.warning_decl(p, names) {
                self.jur(p.jurisdiction).warnings.push(w);
            }
        }
        // pass 4: whole-set checks, only on names that resolved
        if !self.diags.iter().any(|d| d.severity == Severity::Error) {
            self.unproduced_outcomes();
            if whole_set_analysis() {
                self.rules_that_never_fire(&rules);
                self.collisions_and_gaps();
            }
        }
    }

    /// Whether an error in `file` may still be given a "did you mean" hint: the first
    /// [`MAX_PER_FILE`] of a file are (a report shows no more of a file). Each hint looks
    /// through every name, so hints for thousands of errors would make the check quadratic.
    fn may_suggest(&mut self, file: &SourceFile) -> bool {
        let n = self.suggested.entry(file.name.clone()).or_default();
        *n += 1;
        *n <= MAX_PER_FILE
    }

    fn jur(&mut self, j: Jurisdiction) -> &mut JurisdictionRules {
        self.set.by_jurisdiction.entry(j).or_default()
    }

    /// Records a name; reports a duplicate (and returns false) if it was declared before.
    fn declare(
        &mut self,
        file: &SourceFile,
        j: Option<Jurisdiction>,
        what: &'static str,
        name: &Name,
    ) -> bool {
        let key = (j, what, name.text.clone());
        if let Some(first) = self.places.get(&key) {
            let scope = j.map_or(String::new(), |j| format!(" in jurisdiction `{j}`"));
            self.diags.push(
                Diagnostic::error(format!("{what} `{}` is declared twice{scope}", name.text))
                    .at(file.span(name.span.clone()))
                    .label(format!(
                        "first declared at {}:{}:{}",
                        first.file, first.line, first.column
                    ))
                    .help(format!(
                        "give this {what} another name, or remove one of the two"
                    )),
            );
            return false;
        }
        self.places.insert(key, file.span(name.span.clone()));
        true
    }

    fn jurisdiction_decl(
        &mut self,
        file: &SourceFile,
        code: &Name,
        current: Option<Jurisdiction>,
    ) -> Option<Jurisdiction> {
        let Some(j) = Jurisdiction::from_code(&code.text) else {
            self.diags.push(
                Diagnostic::error(format!("unknown jurisdiction `{}`", code.text))
                    .at(file.span(code.span.clone()))
                    .label("not a jurisdiction of the corpus")
                    .help(crate::corpus::jurisdictions::current().help_for(&code.text)),
            );
            return current;
        };
        if let Some(prev) = current {
            if prev != j {
                self.diags.push(
                    Diagnostic::error(format!("a second jurisdiction `{j}` in a file of `{prev}`"))
                        .at(file.span(code.span.clone()))
                        .help("put each jurisdiction's rules in a file of its own"),
                );
            }
        }
        self.set.by_jurisdiction.entry(j).or_default();
        self.jurisdiction_named(file, j, code);
        Some(j)
    }

    /// Records where a jurisdiction is first named, where the whole-set checks point.
    fn jurisdiction_named(&mut self, file: &SourceFile, j: Jurisdiction, code: &Name) {
        self.places
            .entry((Some(j), "jurisdiction", j.code().to_string()))
            .or_insert_with(|| file.span(code.span.clone()));
    }

    fn fact_decl(&mut self, file: &SourceFile, scope: Option<Jurisdiction>, f: &ast::FactDecl) {
        if !self.declare(file, None, "fact", &f.name) {
            return;
        }
        let ty = match &f.ty.node {
            FactTypeAst::Named(n) => match n.text.as_str() {
                "bool" => Some(FactType::Bool),
                "integer" => Some(FactType::Integer),
                "money" => Some(FactType::Money),
                "date" => Some(FactType::Date),
                "currency" => Some(FactType::Currency),
                other => {
                    self.diags.push(
                        Diagnostic::error(format!("unknown fact type `{other}`"))
                            .at(file.span(n.span.clone()))
                            .help(did_you_mean(other, TYPES).unwrap_or_else(|| {
                                "the types are `bool`, `integer`, `money`, `date`, `currency` and `enum {a, b}`".into()
                            })),
                    );
                    None
                }
            },
            FactTypeAst::Enum(values) => {
                let mut seen = HashSet::new();
                for v in values {
                    if !seen.insert(v.text.as_str()) {
                        self.diags.push(
                            Diagnostic::error(format!("enum value `{}` is listed twice", v.text))
                                .at(file.span(v.span.clone()))
                                .help("list each value once"),
                        );
                    }
                }
                Some(FactType::Enum(
                    values.iter().map(|v| v.text.clone()).collect(),
                ))
            }
        };
        let mut questions = IndexMap::new();
        for q in &f.questions {
            if !LANGUAGES.contains(&q.language.text.as_str()) {
                self.diags.push(
                    Diagnostic::error(format!("unknown language `{}`", q.language.text))
                        .at(file.span(q.language.span.clone()))
                        .help(
                            did_you_mean(&q.language.text, LANGUAGES)
                                .unwrap_or_else(|| "write `en`, `zh` or `ja`".into()),
                        ),
                );
            } else if questions
                .insert(q.language.text.clone(), q.text.node.clone())
                .is_some()
            {
                self.diags.push(
                    Diagnostic::error(format!("two `{}` questions for one fact", q.language.text))
                        .at(file.span(q.language.span.clone()))
                        .help("keep one question per language"),
                );
            }
        }
        let labels = match &ty {
            Some(FactType::Enum(values)) => self.value_labels(file, f, values),
            _ => {
                if let Some(l) = f.labels.first() {
                    self.diags.push(
                        Diagnostic::error(format!(
                            "`label` on fact `{}`, which is not an enum",
                            f.name.text
                        ))
                        .at(file.span(l.value.span.clone()))
                        .help("labels name the values of an `enum` fact; remove this line"),
                    );
                }
                IndexMap::new()
            }
        };
        if !questions.contains_key("en") {
            self.diags.push(
                Diagnostic::warning(format!("fact `{}` has no English question", f.name.text))
                    .at(file.span(f.name.span.clone()))
                    .help("add `question en \"...\"`: it is asked when the fact would decide an answer"),
            );
        }
        if let Some(ty) = ty {
            let (min, max) = self.fact_bounds(file, f, &ty);
            let default = f
                .default
                .as_ref()
                .and_then(|d| self.fact_default(file, f, &ty, d));
            self.set.facts.insert(
                f.name.text.clone(),
                FactDef {
                    name: f.name.text.clone(),
                    ty,
                    questions,
                    labels,
                    defined_at: defined_at(file, &f.name.span),
                    min,
                    max,
                    default,
                    scope,
                },
            );
        }
    }

    /// The labels of an enum fact's values (`label VALUE LANG "TEXT"`), by value and
    /// language: each value one of the fact's, each language known and given once.
    fn value_labels(
        &mut self,
        file: &SourceFile,
        f: &ast::FactDecl,
        values: &[String],
    ) -> IndexMap<String, IndexMap<String, String>> {
        let mut labels: IndexMap<String, IndexMap<String, String>> = IndexMap::new();
        for l in &f.labels {
            if !values.contains(&l.value.text) {
                self.diags.push(
                    Diagnostic::error(format!(
                        "`{}` is not a value of `{}`",
                        l.value.text, f.name.text
                    ))
                    .at(file.span(l.value.span.clone()))
                    .help(
                        did_you_mean(&l.value.text, values.iter().map(String::as_str))
                            .unwrap_or_else(|| format!("its values are {}", values.join(", "))),
                    ),
                );
                continue;
            }
            let lang = l.language.text.as_str();
            if !LANGUAGES.contains(&lang) {
                self.diags.push(
                    Diagnostic::error(format!("unknown language `{lang}`"))
                        .at(file.span(l.language.span.clone()))
                        .help(
                            did_you_mean(lang, LANGUAGES)
                                .unwrap_or_else(|| "write `en`, `zh` or `ja`".into()),
                        ),
                );
                continue;
            }
            let by_lang = labels.entry(l.value.text.clone()).or_default();
            if by_lang
                .insert(lang.to_string(), l.text.node.clone())
                .is_some()
            {
                self.diags.push(
                    Diagnostic::error(format!("two `{lang}` labels for `{}`", l.value.text))
                        .at(file.span(l.language.span.clone()))
                        .help("keep one label per value and language"),
                );
            }
        }
        labels
    }

    /// A fact's declared default: one of an enum's values, or `true`/`false`.
    fn fact_default(
        &mut self,
        file: &SourceFile,
        f: &ast::FactDecl,
        ty: &FactType,
        default: &Name,
    ) -> Option<FactValue> {
        let value = default.text.as_str();
        let (found, help) = match ty {
            FactType::Enum(values) if values.iter().any(|v| v == value) => {
                return Some(FactValue::Enum(value.to_string()));
            }
            FactType::Bool if value == "true" || value == "false" => {
                return Some(FactValue::Bool(value == "true"));
            }
            FactType::Enum(values) => (
                format!("`{value}` is not a value of `{}`", f.name.text),
                did_you_mean(value, values.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("the values are {}", values.join(", "))),
            ),
            FactType::Bool => (
                format!("`{value}` is not true or false"),
                "a bool fact's default is `true` or `false`".to_string(),
            ),
            other => (
                format!(
                    "fact `{}` is {}: it cannot have a default",
                    f.name.text,
                    other.describe()
                ),
                "only enum and bool facts take `default VALUE`".to_string(),
            ),
        };
        self.diags.push(
            Diagnostic::error(found)
                .at(file.span(default.span.clone()))
                .help(help),
        );
        None
    }

    /// The bounds of a fact's values: those declared (`>= N`, `<= N`, on integer and money
    /// facts only), and at least 0 for a count or amount declared without a lower bound.
    fn fact_bounds(
        &mut self,
        file: &SourceFile,
        f: &ast::FactDecl,
        ty: &FactType,
    ) -> (Option<i64>, Option<i64>) {
        let numeric = matches!(ty, FactType::Integer | FactType::Money);
        let (mut min, mut max) = (None, None);
        for b in &f.bounds {
            let (at_least, text) = &b.node;
            if !numeric {
                self.diags.push(
                    Diagnostic::error(format!(
                        "fact `{}` is {}: it cannot have bounds",
                        f.name.text,
                        ty.describe()
                    ))
                    .at(file.span(b.span.clone()))
                    .help("only `integer` and `money` facts take `>= N` or `<= N`"),
                );
                continue;
            }
            let Ok(n) = text.replace('_', "").parse::<i64>() else {
                self.diags.push(
                    Diagnostic::error(format!("`{text}` is too large a bound"))
                        .at(file.span(b.span.clone()))
                        .help("bounds are whole numbers between -9223372036854775808 and 9223372036854775807"),
                );
                continue;
            };
            let slot = if *at_least { &mut min } else { &mut max };
            if slot.replace(n).is_some() {
                self.diags.push(
                    Diagnostic::error(format!(
                        "fact `{}` has two {} bounds",
                        f.name.text,
                        if *at_least { "lower" } else { "upper" }
                    ))
                    .at(file.span(b.span.clone()))
                    .help("give at most one `>=` and one `<=`"),
                );
            }
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                self.diags.push(
                    Diagnostic::error(format!(
                        "fact `{}` allows no value: at least {lo} and at most {hi}",
                        f.name.text
                    ))
                    .at(file.span(f.ty.span.start..f.span.end.min(f.ty.span.end + 40)))
                    .help("the lower bound must not exceed the upper one"),
                );
            }
        }
        if numeric && min.is_none() {
            min = Some(0);
        }
        (min, max)
    }

    fn outcome_decl(&mut self, file: &SourceFile, j: Jurisdiction, o: &ast::OutcomeDecl) {
        if !self.declare(file, Some(j), "outcome", &o.name) {
            return;
        }
        let kind = match o.kind.text.as_str() {
            "insurance" => Some(Kind::Insurance),
            "mutual_insurance_society" => Some(Kind::MutualInsuranceSociety),
            "unregulated_mutual_aid" => Some(Kind::UnregulatedMutualAid),
            other => {
                let help = if other == "undetermined" {
                    "`undetermined` is what the evaluator answers when facts are missing; an outcome names a decided kind".to_string()
                } else {
                    did_you_mean(other, KINDS)
                        .unwrap_or_else(|| format!("the kinds are {}", KINDS.join(", ")))
                };
                self.diags.push(
                    Diagnostic::error(format!("unknown kind `{other}`"))
                        .at(file.span(o.kind.span.clone()))
                        .help(help),
                );
                None
            }
        };
        let compliance = match o.compliance.text.as_str() {
            "licensed" => Some(Compliance::Licensed),
            "exempt" => Some(Compliance::Exempt),
            "no_licence_needed" => Some(Compliance::NoLicenceNeeded),
            "unlicensed" => Some(Compliance::Unlicensed),
            other => {
                self.diags.push(
                    Diagnostic::error(format!("unknown compliance `{other}`"))
                        .at(file.span(o.compliance.span.clone()))
                        .help(did_you_mean(other, COMPLIANCES).unwrap_or_else(|| {
                            format!("the values are {}", COMPLIANCES.join(", "))
                        })),
                );
                None
            }
        };
        if let (Some(kind), Some(compliance)) = (kind, compliance) {
            self.jur(j).outcomes.insert(
                o.name.text.clone(),
                OutcomeDef {
                    name: o.name.text.clone(),
                    kind,
                    compliance,
                },
            );
        }
    }

    /// Resolves citations: each must be an address of the corpus, in force on some day of
    /// the period `from..=until`.
    fn citations(
        &mut self,
        file: &SourceFile,
        cites: &[Name],
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for c in cites {
            let Some(entry) = self.corpus.entry(&c.text) else {
                let near = self.corpus.nearest_addresses(&c.text, 3);
                let help = if near.is_empty() {
                    match crate::corpus::citation::examples(self.corpus).first() {
                        Some((address, _)) => format!(
                            "cite a provision of the corpus by its address, e.g. `{address}`"
                        ),
                        None => "cite a provision of the corpus by its address".to_string(),
                    }
                } else {
                    format!(
                        "did you mean {}?",
                        near.iter()
                            .map(|a| format!("`{a}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                };
                self.diags.push(
                    Diagnostic::error(format!("citation `{}` does not resolve", c.text))
                        .at(file.span(c.span.clone()))
                        .label("no provision of the corpus has this address")
                        .help(help),
                );
                continue;
            };
            if !in_force_during(self.corpus, entry, from, until) {
                let period = match (from, until) {
                    (Some(f), Some(u)) => format!("from {f} until {u}"),
                    (Some(f), None) => format!("from {f}"),
                    (None, Some(u)) => format!("until {u}"),
                    (None, None) => "at any time".into(),
                };
                self.diags.push(
                    Diagnostic::error(format!(
                        "`{}` is not in force during the rule's period ({period})",
                        c.text
                    ))
                    .at(file.span(c.span.clone()))
                    .label("no version of this provision covers the period")
                    .help(format!(
                        "{}; cite the provision in force then, or change `from`/`until`",
                        versions_note(self.corpus, entry)
                    )),
                );
            }
            if !out.contains(&c.text) {
                out.push(c.text.clone());
            }
        }
        out
    }

    fn rule_decl(
        &mut self,
        p: &Pending<ast::RuleDecl>,
        defs: &Names,
        all_rules: &Names,
    ) -> Option<RuleDef> {
        let file = p.file;
        let r = p.decl;
        let clauses = self.clauses(file, &r.clauses, "rule", &r.name);
        let mut ok = true;
        if !self.known_outcome(file, p.jurisdiction, &r.outcome) {
            ok = false;
        }
        for u in &clauses.unless {
            if u.text == r.name.text {
                self.diags.push(
                    Diagnostic::error(format!("rule `{}` yields to itself", u.text))
                        .at(file.span(u.span.clone()))
                        .help("`unless` names other rules that win over this one"),
                );
                ok = false;
            } else if !all_rules.contains(&u.text) {
                let hint = self
                    .may_suggest(file)
                    .then(|| did_you_mean(&u.text, all_rules.iter().map(String::as_str)))
                    .flatten();
                self.diags.push(
                    Diagnostic::error(format!("unknown rule `{}`", u.text))
                        .at(file.span(u.span.clone()))
                        .label(format!(
                            "no rule of jurisdiction `{}` has this name",
                            p.jurisdiction
                        ))
                        .help(hint.unwrap_or_else(|| {
                            "`unless` names rules of the same jurisdiction".into()
                        })),
                );
                ok = false;
            }
        }
        let when = match &clauses.when {
            Some(c) => match self.condition(file, c, defs) {
                Some(c) => Some(c),
                None => {
                    ok = false;
                    None
                }
            },
            None => None,
        };
        if clauses.cites.is_empty() {
            self.diags.push(
                Diagnostic::error(format!("rule `{}` cites no provision", r.name.text))
                    .at(file.span(r.name.span.clone()))
                    .help("every rule must say what it applies: add `cites ADDRESS` (the address of a provision it applies, as `mutua search` gives it)"),
            );
            ok = false;
        }
        let cites = self.citations(file, &clauses.cites, clauses.from, clauses.until);
        let mut contested = Vec::new();
        for reading in &clauses.contested {
            match self.contested_reading(p.jurisdiction, file, reading, defs, &clauses) {
                Some(c) => contested.push(c),
                None => ok = false,
            }
        }
        let because = if clauses.because.is_empty() {
            None
        } else {
            let texts = self.texts(file, None, &clauses.because);
            ok &= texts.is_some();
            texts
        };
        if !ok {
            return None;
        }
        Some(RuleDef {
            name: r.name.text.clone(),
            outcome: r.outcome.text.clone(),
            when,
            unless: clauses.unless.iter().map(|n| n.text.clone()).collect(),
            priority: clauses.priority.unwrap_or(0),
            cites,
            from: clauses.from,
            until: clauses.until,
            because,
            contested,
            defined_at: defined_at(file, &r.name.span),
        })
    }

    /// Whether `name` is an outcome of jurisdiction `j`; reports it if not (once, where it
    /// is not declared at all).
    fn known_outcome(&mut self, file: &SourceFile, j: Jurisdiction, name: &Name) -> bool {
        let known = self
            .set
            .by_jurisdiction
            .get(&j)
            .is_some_and(|rules| rules.outcomes.contains_key(&name.text));
        let declared = self
            .places
            .contains_key(&(Some(j), "outcome", name.text.clone()));
        if !known && !declared {
            let hint = self.may_suggest(file).then(|| {
                let names = self
                    .places
                    .keys()
                    .filter(|(k, what, _)| *k == Some(j) && *what == "outcome")
                    .map(|(_, _, n)| n.as_str());
                did_you_mean(&name.text, names)
            });
            self.diags.push(
                Diagnostic::error(format!("unknown outcome `{}`", name.text))
                    .at(file.span(name.span.clone()))
                    .label(format!("no outcome of jurisdiction `{j}` has this name"))
                    .help(hint.flatten().unwrap_or_else(|| {
                        "declare it: `outcome NAME kind KIND compliance COMPLIANCE`".into()
                    })),
            );
        }
        known
    }

    /// Checks a contested reading like a rule: its outcome, condition and citations (in
    /// force during the rule's period).
    fn contested_reading(
        &mut self,
        j: Jurisdiction,
        file: &SourceFile,
        reading: &ast::ContestedReading,
        defs: &Names,
        rule: &Clauses,
    ) -> Option<ContestedDef> {
        let mut ok = self.known_outcome(file, j, &reading.outcome);
        let when = match &reading.when {
            Some(c) => {
                let checked = self.condition(file, c, defs);
                ok &= checked.is_some();
                checked
            }
            None => None,
        };
        let cites = self.citations(file, &reading.cites, rule.from, rule.until);
        let because = self.texts(file, None, &reading.because.iter().collect::<Vec<_>>());
        ok &= because.is_some();
        ok.then(|| ContestedDef {
            outcome: reading.outcome.text.clone(),
            when,
            cites,
            because: because.unwrap_or_default(),
        })
    }

    /// A text given in several languages: `base`, the text written without a language
    /// (a warning's), and `said`, each in its language (`because zh "…"`). Each language
    /// is one of [`LANGUAGES`] and given once, and the English text is there; `None` after
    /// reporting what is wrong.
    fn texts(
        &mut self,
        file: &SourceFile,
        base: Option<&ast::Spanned<String>>,
        said: &[&ast::Said],
    ) -> Option<Texts> {
        let mut texts = Texts::default();
        let mut ok = true;
        if let Some(t) = base {
            texts
                .0
                .insert(crate::lang::BASE.to_string(), t.node.clone());
        }
        for s in said {
            let code = s.code();
            let at = match &s.language {
                Some(l) => l.span.clone(),
                None => s.text.span.clone(),
            };
            if !LANGUAGES.contains(&code) {
                self.diags.push(
                    Diagnostic::error(format!("unknown language `{code}`"))
                        .at(file.span(at))
                        .help(did_you_mean(code, LANGUAGES).unwrap_or_else(|| {
                            "write `zh` or `ja` (a text without a language is the English one)"
                                .into()
                        })),
                );
                ok = false;
            } else if texts
                .0
                .insert(code.to_string(), s.text.node.clone())
                .is_some()
            {
                self.diags.push(
                    Diagnostic::error(format!("two `{code}` texts for one reason"))
                        .at(file.span(at))
                        .help(
                            "give each language once; a text without a language is the English one",
                        ),
                );
                ok = false;
            }
        }
        if ok && !texts.0.is_empty() && !texts.has(crate::lang::BASE) {
            let at = said.first().map_or(0..0, |s| s.text.span.clone());
            self.diags.push(
                Diagnostic::error("a text in another language without the English one")
                    .at(file.span(at))
                    .help("give the English text first, without a language: `because \"…\"`; the others translate it"),
            );
            ok = false;
        }
        // the English text comes first, then the languages in their usual order
        texts
            .0
            .sort_by_cached_key(|l, _| LANGUAGES.iter().position(|x| x == l));
        ok.then_some(texts)
    }

    fn warning_decl(&mut self, p: &Pending<ast::WarningDecl>, defs: &Names) -> Option<WarningDef> {
        let file = p.file;
        let w = p.decl;
        let clauses = self.clauses(file, &w.clauses, "warning", &w.name);
        let when = match &clauses.when {
            Some(c) => Some(self.condition(file, c, defs)?),
            None => None,
        };
        if clauses.cites.is_empty() {
            self.diags.push(
                Diagnostic::error(format!("warning `{}` cites no provision", w.name.text))
                    .at(file.span(w.name.span.clone()))
                    .help("add `cites ADDRESS`: a warning must say which provision it is about"),
            );
            return None;
        }
        let cites = self.citations(file, &clauses.cites, clauses.from, clauses.until);
        let text = self.texts(file, Some(&w.text), &clauses.says)?;
        Some(WarningDef {
            name: w.name.text.clone(),
            text,
            when,
            cites,
            from: clauses.from,
            until: clauses.until,
        })
    }

    /// Sorts a rule's clauses, reporting clauses given twice and periods that end before
    /// they start.
    fn clauses<'a>(
        &mut self,
        file: &SourceFile,
        clauses: &'a [ast::ClauseAt],
        what: &str,
        name: &Name,
    ) -> Clauses<'a> {
        let mut out = Clauses::default();
        let mut seen: HashMap<&'static str, Range<usize>> = HashMap::new();
        for c in clauses {
            let word = match &c.clause {
                Clause::Contested(reading) => {
                    // a rule may carry several readings
                    out.contested.push(reading);
                    continue;
                }
                // one text per language: `texts` reports a language given twice
                Clause::Because(said) => {
                    out.because.push(said);
                    continue;
                }
                Clause::Says(said) => {
                    out.says.push(said);
                    continue;
                }
                Clause::When(_) => "when",
                Clause::Unless(_) => "unless",
                Clause::Priority(_) => "priority",
                Clause::Cites(_) => "cites",
                Clause::From(_) => "from",
                Clause::Until(_) => "until",
            };
            if let Some(first) = seen.get(word) {
                let first = file.span(first.clone());
                let help = match word {
                    "when" => "join the conditions with `and` (or `or`) in one `when`",
                    "cites" | "unless" => "list them in one clause, separated by commas",
                    _ => "keep one",
                };
                self.diags.push(
                    Diagnostic::error(format!("`{word}` is given twice in {what} `{}`", name.text))
                        .at(file.span(c.span.start..c.span.start + word.len()))
                        .label(format!("first at line {}", first.line))
                        .help(help),
                );
                continue;
            }
            seen.insert(word, c.span.clone());
            match &c.clause {
                Clause::When(cond) => out.when = Some(cond),
                Clause::Unless(names) => out.unless = names.clone(),
                Clause::Priority(p) => out.priority = Some(p.node),
                Clause::Cites(names) => out.cites = names.clone(),
                Clause::From(d) => out.from = Some(d.node),
                Clause::Until(d) => out.until = Some(d.node),
                Clause::Because(_) | Clause::Says(_) | Clause::Contested(_) => {}
            }
        }
        if let (Some(f), Some(u)) = (out.from, out.until) {
            if u < f {
                let span = seen.get("until").cloned().unwrap_or(name.span.clone());
                self.diags.push(
                    Diagnostic::error(format!(
                        "{what} `{}` ends ({u}) before it starts ({f})",
                        name.text
                    ))
                    .at(file.span(span))
                    .help("`until` is the last day the rule applies and must not be before `from`"),
                );
            }
        }
        out
    }

    /// Resolves a condition's names and checks its types.
    fn condition(&mut self, file: &SourceFile, c: &ast::Condition, defs: &Names) -> Option<CondAt> {
        let source = collapse(&file.text[c.span()]);
        let cond = match c {
            ast::Condition::Or(parts, _) | ast::Condition::And(parts, _) => {
                let resolved: Vec<Option<CondAt>> = parts
                    .iter()
                    .map(|p| self.condition(file, p, defs))
                    .collect();
                let resolved: Option<Vec<CondAt>> = resolved.into_iter().collect();
                let resolved = resolved?;
                if matches!(c, ast::Condition::Or(..)) {
                    Cond::Or(resolved)
                } else {
                    Cond::And(resolved)
                }
            }
            ast::Condition::Not(inner, _) => {
                Cond::Not(Box::new(self.condition(file, inner, defs)?))
            }
            ast::Condition::Name(n) => {
                if defs.contains(&n.text) {
                    Cond::Definition(n.text.clone())
                } else if let Some(f) = self.set.facts.get(&n.text) {
                    if f.ty != FactType::Bool {
                        let example = match &f.ty {
                            FactType::Enum(v) => format!(
                                "`{} = {}`",
                                n.text,
                                v.first().map_or("value", String::as_str)
                            ),
                            FactType::Integer => format!("`{} > 0`", n.text),
                            FactType::Money => format!("`{} >= CNY 1`", n.text),
                            FactType::Date => format!("`{} >= 2006-04-01`", n.text),
                            FactType::Currency => format!("`{} = CNY`", n.text),
                            FactType::Bool => unreachable!("condition: bool handled above"),
                        };
                        self.diags.push(
                            Diagnostic::error(format!(
                                "fact `{}` is not true or false: it is {}",
                                n.text,
                                f.ty.describe()
                            ))
                            .at(file.span(n.span.clone()))
                            .help(format!("compare it with a value, e.g. {example}")),
                        );
                        return None;
                    }
                    Cond::Fact(n.text.clone())
                } else {
                    self.unknown_name(file, n, defs, true);
                    return None;
                }
            }
            ast::Condition::Compare {
                fact, op, value, ..
            } => {
                let ty = self.fact_for_test(file, fact, defs)?;
                let v = self.typed_value(file, fact, &ty, value)?;
                if op.node.is_ordering()
                    && matches!(ty, FactType::Bool | FactType::Enum(_) | FactType::Currency)
                {
                    self.diags.push(
                        Diagnostic::error(format!(
                            "`{}` cannot be ordered: `{}` is {}",
                            op.node.as_str(),
                            fact.text,
                            ty.describe()
                        ))
                        .at(file.span(op.span.clone()))
                        .help("use `=`, `!=` or `in {a, b}`"),
                    );
                    return None;
                }
                Cond::Compare {
                    fact: fact.text.clone(),
                    op: op.node,
                    value: v,
                }
            }
            ast::Condition::In { fact, values, .. } => {
                let ty = self.fact_for_test(file, fact, defs)?;
                let mut typed = Vec::new();
                for v in values {
                    typed.push(self.typed_value(file, fact, &ty, v));
                }
                Cond::In {
                    fact: fact.text.clone(),
                    values: typed.into_iter().collect::<Option<Vec<_>>>()?,
                }
            }
        };
        Some(CondAt { cond, source })
    }

    /// The type of the fact a comparison tests; a definition or unknown name is an error.
    fn fact_for_test(&mut self, file: &SourceFile, fact: &Name, defs: &Names) -> Option<FactType> {
        if let Some(f) = self.set.facts.get(&fact.text) {
            return Some(f.ty.clone());
        }
        if defs.contains(&fact.text) {
            self.diags.push(
                Diagnostic::error(format!(
                    "`{}` is a definition, not a fact: it cannot be compared",
                    fact.text
                ))
                .at(file.span(fact.span.clone()))
                .help(format!(
                    "use it by name (`{}` or `not {}`)",
                    fact.text, fact.text
                )),
            );
            return None;
        }
        self.unknown_name(file, fact, defs, false);
        None
    }

    fn unknown_name(&mut self, file: &SourceFile, n: &Name, defs: &Names, definitions_too: bool) {
        let hint = self.may_suggest(file).then(|| {
            let mut candidates: Vec<&str> = self.set.facts.keys().map(String::as_str).collect();
            if definitions_too {
                candidates.extend(defs.iter().map(String::as_str));
            }
            did_you_mean(&n.text, candidates)
        });
        let what = if definitions_too {
            "fact or definition"
        } else {
            "fact"
        };
        self.diags.push(
            Diagnostic::error(format!("unknown {what} `{}`", n.text))
                .at(file.span(n.span.clone()))
                .label("not declared")
                .help(hint.flatten().unwrap_or_else(|| {
                    "declare facts with `fact NAME TYPE` (see corpus/rules/facts.rules) and definitions with `define NAME = ...`".into()
                })),
        );
    }

    /// Checks a literal against the fact's type and turns it into a fact value.
    fn typed_value(
        &mut self,
        file: &SourceFile,
        fact: &Name,
        ty: &FactType,
        value: &ast::Spanned<Literal>,
    ) -> Option<FactValue> {
        let mismatch = |expected: &str, help: String| {
            Diagnostic::error(format!(
                "`{}` is {}, but is compared with {expected}",
                fact.text,
                ty.describe()
            ))
            .at(file.span(value.span.clone()))
            .label("wrong type")
            .help(help)
        };
        let lit_desc = match &value.node {
            Literal::Integer(_) => "a number",
            Literal::Money { .. } => "an amount of money",
            Literal::Date(_) => "a date",
            Literal::Bool(_) => "true or false",
            Literal::Enum(_) => "a name",
        };
        let v = match (ty, &value.node) {
            (FactType::Bool, Literal::Bool(b)) => FactValue::Bool(*b),
            (FactType::Integer, Literal::Integer(n)) => FactValue::Integer(*n),
            (FactType::Money, Literal::Money { amount, currency }) => FactValue::Money {
                amount: *amount,
                currency: currency.clone(),
            },
            (FactType::Date, Literal::Date(d)) => FactValue::Date(*d),
            (FactType::Currency, Literal::Enum(code)) if is_currency(code) => {
                FactValue::Enum(code.clone())
            }
            (FactType::Enum(values), Literal::Enum(v)) => {
                if !values.contains(v) {
                    let hint = self
                        .may_suggest(file)
                        .then(|| did_you_mean(v, values.iter().map(String::as_str)))
                        .flatten();
                    self.diags.push(
                        Diagnostic::error(format!("`{v}` is not a value of `{}`", fact.text))
                            .at(file.span(value.span.clone()))
                            .label("unknown enum value")
                            .help(hint.unwrap_or_else(|| {
                                format!("the values are {}", values.join(", "))
                            })),
                    );
                    return None;
                }
                FactValue::Enum(v.clone())
            }
            (FactType::Integer, Literal::Money { amount, .. }) => {
                self.diags.push(mismatch(
                    lit_desc,
                    format!("`{}` counts, it is not money: write `{amount}`", fact.text),
                ));
                return None;
            }
            (FactType::Money, Literal::Integer(n)) => {
                self.diags.push(mismatch(
                    lit_desc,
                    format!("money compares only with money in a currency: write `CNY {n}`"),
                ));
                return None;
            }
            (FactType::Enum(values), _) => {
                self.diags.push(mismatch(
                    lit_desc,
                    format!("compare it with one of its values: {}", values.join(", ")),
                ));
                return None;
            }
            (other, _) => {
                let example = match other {
                    FactType::Bool => "`true` or `false` (or test the fact by name)",
                    FactType::Integer => "a number such as `1_000`",
                    FactType::Money => "an amount such as `CNY 100_000_000`",
                    FactType::Date => "a date such as `2006-04-01`",
                    FactType::Currency => "a currency code such as `CNY`",
                    FactType::Enum(_) => "one of its values",
                };
                self.diags
                    .push(mismatch(lit_desc, format!("compare it with {example}")));
                return None;
            }
        };
        Some(v)
    }

    /// Puts each jurisdiction's definitions in dependency order (a definition after those
    /// it uses), so that evaluation never needs to recurse through them, and reports each
    /// cycle once. One depth-first pass over the definitions: linear in their size.
    fn order_definitions(&mut self, pending: &[Pending<ast::DefinitionDecl>]) {
        let mut found = Vec::new();
        for (j, rules) in self.set.by_jurisdiction.iter_mut() {
            let defs = &rules.definitions;
            let uses: Vec<Vec<usize>> = defs
                .values()
                .map(|d| {
                    definitions_used(&d.condition)
                        .iter()
                        .filter_map(|u| defs.get_index_of(u))
                        .collect()
                })
                .collect();
            let (order, cycles) = dependency_order(&uses);
            for cycle in &cycles {
                let names: Vec<&str> = cycle
                    .iter()
                    .chain(cycle.first())
                    .map(|&i| defs.get_index(i).map_or("", |(n, _)| n.as_str()))
                    .collect();
                found.push((*j, names[0].to_string(), cycle_text(&names)));
            }
            if cycles.is_empty() {
                let mut sorted = IndexMap::with_capacity_and_hasher(defs.len(), Default::default());
                for i in order {
                    if let Some((name, def)) = rules.definitions.get_index(i) {
                        sorted.insert(name.clone(), def.clone());
                    }
                }
                rules.definitions = sorted;
            }
        }
        if found.is_empty() {
            return;
        }
        for (j, start, text) in found {
            let Some(p) = pending
                .iter()
                .find(|p| p.jurisdiction == j && p.decl.name.text == start)
            else {
                continue;
            };
            self.diags.push(
                Diagnostic::error(format!("definition `{start}` depends on itself: {text}"))
                    .at(p.file.span(p.decl.name.span.clone()))
                    .label("cycle")
                    .help("a definition must be built from facts and other definitions that do not lead back to it"),
            );
        }
        // keep cyclic definitions out of the set so later checks cannot loop
        for j in self.set.by_jurisdiction.values_mut() {
            j.definitions.clear();
        }
    }

    fn unproduced_outcomes(&mut self) {
        let mut found = Vec::new();
        for (j, rules) in &self.set.by_jurisdiction {
            let produced: HashSet<&str> = rules.rules.iter().map(|r| r.outcome.as_str()).collect();
            for name in rules.outcomes.keys() {
                if !produced.contains(name.as_str()) {
                    if let Some(loc) = self.places.get(&(Some(*j), "outcome", name.clone())) {
                        found.push(
                            Diagnostic::warning(format!("no rule gives outcome `{name}`"))
                                .at(loc.clone())
                                .label("never produced")
                                .help(
                                    "write a rule `rule NAME -> OUTCOME ...` or remove the outcome",
                                ),
                        );
                    }
                }
            }
        }
        self.diags.extend(found);
    }

    /// Rules whose condition contradicts itself, or that a rule which defeats them always
    /// overrides. Each rule is tried on the combinations of values of the facts it and its
    /// defeaters read (at most [`MAX_ASSIGNMENTS`]); a rule beaten by more than
    /// [`MAX_DEFEATERS`] rules of higher priority is only checked for contradiction. So the
    /// check is linear in the number of rules, each costing at most a fixed amount.
    fn rules_that_never_fire(&mut self, pending: &[Pending<ast::RuleDecl>]) {
        let mut found = Vec::new();
        let mut context: HashMap<Jurisdiction, RuleIndex> = HashMap::new();
        let mut outranked: BTreeMap<Jurisdiction, Outranked> = BTreeMap::new();
        for p in pending {
            let Some(j) = self.set.by_jurisdiction.get(&p.jurisdiction) else {
                continue;
            };
            let index = context
                .entry(p.jurisdiction)
                .or_insert_with(|| RuleIndex::new(j));
            let Some(&ri) = index.by_name.get(p.decl.name.text.as_str()) else {
                continue;
            };
            let rule = &j.rules[ri];
            let at = p.file.span(p.decl.name.span.clone());
            let Some(when) = &rule.when else {
                continue;
            };
            let mut defeaters: Vec<&RuleDef> = rule
                .unless
                .iter()
                .filter_map(|u| index.by_name.get(u.as_str()).map(|&k| &j.rules[k]))
                .filter(|d| d.priority <= rule.priority)
                .collect();
            let higher = index.higher_than(rule.priority);
            let judge_shadowing = higher.len() <= MAX_DEFEATERS;
            if judge_shadowing {
                defeaters.extend(higher.iter().map(|&k| &j.rules[k]));
            } else {
                defeaters.clear();
                outranked
                    .entry(p.jurisdiction)
                    .or_insert_with(|| Outranked {
                        first: at.clone(),
                        rules: 0,
                    })
                    .rules += 1;
            }
            defeaters.retain(|d| covers(d, rule));
            let mut read = eval::FactsRead::default();
            read.add(when, j);
            for d in &defeaters {
                if let Some(w) = &d.when {
                    read.add(w, j);
                }
            }
            let facts = read.into_vec();
            let mut conds: Vec<&CondAt> = vec![when];
            conds.extend(defeaters.iter().filter_map(|d| d.when.as_ref()));
            let compared = eval::thresholds_in(&conds, j);
            let Some(assignments) =
                eval::assignments(&facts, &self.set.facts, &compared, MAX_ASSIGNMENTS)
            else {
                continue;
            };
            let mut can_hold = false;
            let mut can_fire = false;
            for a in assignments {
                let facts = Facts::new(&a);
                let mut memo = eval::Memo::default();
                if eval::truth_with(when, j, &facts, &mut memo) == Truth::False {
                    continue;
                }
                can_hold = true;
                let beaten = defeaters.iter().any(|d| {
                    d.when
                        .as_ref()
                        .is_none_or(|w| eval::truth_with(w, j, &facts, &mut memo) == Truth::True)
                });
                if !beaten {
                    can_fire = true;
                    break;
                }
            }
            if !can_hold {
                found.push(
                    Diagnostic::warning(format!(
                        "rule `{}` can never fire: its condition contradicts itself",
                        rule.name
                    ))
                    .at(at)
                    .label("no facts make this condition true")
                    .help(format!(
                        "check `when {}`: a fact cannot have two values at once",
                        when.source
                    )),
                );
            } else if !can_fire && judge_shadowing {
                let names: Vec<String> =
                    defeaters.iter().map(|d| format!("`{}`", d.name)).collect();
                found.push(
                    Diagnostic::warning(format!("rule `{}` can never fire: {} always wins over it", rule.name, names.join(" or ")))
                        .at(at)
                        .label("shadowed")
                        .help("whenever this rule's condition holds, a rule it yields to (by `unless` or priority) holds too; narrow that rule or remove this one"),
                );
            }
        }
        // weighing each rule against every rule of higher priority would make the check
        // quadratic: past the bound, it says which rules it did not weigh so
        for (j, cut) in outranked {
            found.push(
                Diagnostic::warning(format!(
                    "whether {} rules of `{j}` can never fire was only partly checked: they yield to more than {MAX_DEFEATERS} rules of higher priority each, so they were checked for a condition that contradicts itself, not for being always overridden",
                    super::outcome::group_digits(cut.rules as i64)
                ))
                .at(cut.first)
                .label("the first of them")
                .help(format!("the check weighs a rule against at most {MAX_DEFEATERS} rules of higher priority, so that it stays fast on thousands of rules; fewer priority levels let it weigh each rule in full")),
            );
        }
        self.diags.extend(found);
    }

    /// Rules of equal priority that fire together with different outcomes, and facts under
    /// which no rule fires, in each jurisdiction with rules (see [`analysis`]).
    fn collisions_and_gaps(&mut self) {
        let mut found = Vec::new();
        for (j, rules) in &self.set.by_jurisdiction {
            let rule_at: Vec<Location> = rules
                .rules
                .iter()
                .filter_map(|r| {
                    self.places
                        .get(&(Some(*j), "rule", r.name.clone()))
                        .cloned()
                })
                .collect();
            if rule_at.is_empty() || rule_at.len() != rules.rules.len() {
                continue;
            }
            let at = self
                .places
                .get(&(Some(*j), "jurisdiction", j.code().to_string()))
                .unwrap_or(&rule_at[0])
                .clone();
            let subject = analysis::Subject {
                set: &self.set,
                jurisdiction: *j,
                rules,
                rule_at: &rule_at,
                at,
            };
            found.extend(analysis::collisions(&subject, analysis::BUDGET));
            found.extend(analysis::gaps(&subject, analysis::BUDGET));
        }
        self.diags.extend(found);
    }
}

/// The rules of a jurisdiction with more than [`MAX_DEFEATERS`] rules of higher priority,
/// which the check for rules that can never fire does not weigh against them, and where
/// the first of them is.
struct Outranked {
    first: Location,
    rules: usize,
}

/// The most combinations of fact values tried to see whether a rule can fire.
const MAX_ASSIGNMENTS: usize = 20_000;
/// The most rules of higher priority weighed against a rule to see whether it can fire.
const MAX_DEFEATERS: usize = 64;

/// A jurisdiction's rules indexed for the whole-set checks: by name and by priority.
struct RuleIndex<'a> {
    by_name: HashMap<&'a str, usize>,
    /// Rule indices, highest priority first.
    by_priority: Vec<usize>,
    priorities: Vec<i64>,
}

impl<'a> RuleIndex<'a> {
    fn new(j: &'a JurisdictionRules) -> RuleIndex<'a> {
        let mut by_priority: Vec<usize> = (0..j.rules.len()).collect();
        by_priority.sort_by_key(|&k| std::cmp::Reverse(j.rules[k].priority));
        RuleIndex {
            by_name: j
                .rules
                .iter()
                .enumerate()
                .map(|(i, r)| (r.name.as_str(), i))
                .collect(),
            priorities: by_priority.iter().map(|&k| j.rules[k].priority).collect(),
            by_priority,
        }
    }

    /// The rules of a priority higher than `priority`.
    fn higher_than(&self, priority: i64) -> &[usize] {
        let n = self.priorities.partition_point(|&p| p > priority);
        &self.by_priority[..n]
    }
}

/// Nodes `0..uses.len()` in dependency order (each after the nodes it uses), and each
/// cycle found on the way. One depth-first pass with a work list, not recursion: linear in
/// the size of the graph, and a long chain cannot overflow the stack.
pub(crate) fn dependency_order(uses: &[Vec<usize>]) -> (Vec<usize>, Vec<Vec<usize>>) {
    // 0 not seen, 1 on the current path, 2 done
    let mut state = vec![0u8; uses.len()];
    let mut order = Vec::with_capacity(uses.len());
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    for root in 0..uses.len() {
        if state[root] != 0 {
            continue;
        }
        // the path, each with the next of its uses to look at
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&used) = uses[node].get(*next) {
                *next += 1;
                match state[used] {
                    0 => {
                        state[used] = 1;
                        path.push((used, 0));
                    }
                    1 => {
                        let from = path.iter().position(|&(n, _)| n == used).unwrap_or(0);
                        cycles.push(path[from..].iter().map(|&(n, _)| n).collect());
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                order.push(node);
                path.pop();
            }
        }
    }
    (order, cycles)
}

/// A cycle of names as `a -> b -> a`; a long one shows its length and its first and last
/// few members, so that a cycle of thousands is one line.
fn cycle_text(names: &[&str]) -> String {
    const SHOWN: usize = 4;
    let members = names.len().saturating_sub(1);
    if names.len() <= 2 * SHOWN + 1 {
        return names.join(" -> ");
    }
    format!(
        "a cycle of {members} definitions: {} -> … -> {}",
        names[..SHOWN].join(" -> "),
        names[names.len() - SHOWN..].join(" -> ")
    )
}

/// Whether rule `d` applies on every day rule `r` does.
fn covers(d: &RuleDef, r: &RuleDef) -> bool {
    let starts = match (d.from, r.from) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => a <= b,
    };
    let ends = match (d.until, r.until) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => a >= b,
    };
    starts && ends
}

#[derive(Default)]
struct Clauses<'a> {
    when: Option<&'a ast::Condition>,
    unless: Vec<Name>,
    priority: Option<i64>,
    cites: Vec<Name>,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    because: Vec<&'a ast::Said>,
    says: Vec<&'a ast::Said>,
    contested: Vec<&'a ast::ContestedReading>,
}

/// The definitions a condition names directly.
pub fn definitions_used(c: &CondAt) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(c: &CondAt, out: &mut Vec<String>) {
        match &c.cond {
            Cond::And(parts) | Cond::Or(parts) => parts.iter().for_each(|p| walk(p, out)),
            Cond::Not(inner) => walk(inner, out),
            Cond::Definition(d) => {
                if !out.contains(d) {
                    out.push(d.clone());
                }
            }
            Cond::Fact(_) | Cond::Compare { .. } | Cond::In { .. } => {}
        }
    }
    walk(c, &mut out);
    out
}

/// Whether a provision is in force on some day of `from..=until`.
fn in_force_during(
    corpus: &Corpus,
    entry: &crate::corpus::Entry,
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> bool {
    let inst = corpus.instrument_of(entry);
    let p = corpus.provision(entry);
    // the days on which being in force can start: the period's start and each version's
    let mut candidates = vec![from.unwrap_or(NaiveDate::MIN)];
    candidates.extend(inst.effective);
    candidates.extend(p.versions.iter().filter_map(|v| v.from));
    candidates
        .into_iter()
        .map(|d| from.map_or(d, |f| d.max(f)))
        .filter(|d| until.is_none_or(|u| *d <= u))
        .any(|d| corpus.in_force(entry, d))
}

/// "in force from X to Y; from Z" for a hint.
fn versions_note(corpus: &Corpus, entry: &crate::corpus::Entry) -> String {
    let inst = corpus.instrument_of(entry);
    let p = corpus.provision(entry);
    if p.versions.is_empty() {
        return match inst.effective {
            Some(e) => format!("the corpus has it in force from {e}"),
            None => "the corpus gives it no dates".into(),
        };
    }
    let periods: Vec<String> = p
        .versions
        .iter()
        .map(|v| {
            let from = v
                .from
                .or(inst.effective)
                .map_or("the start".into(), |d| d.to_string());
            match v.to {
                Some(to) => format!("{from} to {to}"),
                None => format!("from {from}"),
            }
        })
        .collect();
    format!("the corpus has it in force {}", periods.join("; "))
}

fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// `file:line` of a span.
pub fn defined_at(file: &SourceFile, span: &Range<usize>) -> String {
    let loc = file.span(span.clone());
    format!("{}:{}", loc.file, loc.line)
}

/// Text with runs of whitespace (and comments) collapsed to one space.
fn collapse(text: &str) -> String {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}
