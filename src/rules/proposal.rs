//! Proposals: rule files that change a jurisdiction's rules by name instead of stating
//! them.
//!
//! A proposal file starts with `proposal "TITLE" extends cn` (in place of
//! `jurisdiction cn`). Its declarations are applied, in file order, to the rules of that
//! jurisdiction:
//!
//! - a plain declaration (`outcome`, `define`, `rule`, `warn`, `fact`) is **added**; a name
//!   the rules already hold is an error whose hint suggests `replace`;
//! - `replace rule NAME -> ...` (or `define`, `outcome`, `warn`) **replaces** the declaration
//!   of that name, in its place (so rule order, which breaks ties, is kept); an unknown name
//!   is an error with a "did you mean";
//! - `repeal rule NAME` (or `define`, `outcome`, `warn`) **removes** it; an unknown name is
//!   an error, and so is a repeal that leaves a declaration still referring to the name (a
//!   rule's `unless`, a rule's outcome, a condition naming the definition).
//!
//! The base files are checked first, on their own; then the proposals are applied in the
//! order given, each over the result of the ones before; then the merged rules are checked
//! again with every check of [`super::check`] (citations, types, cycles, rules that can
//! never fire, outcomes no rule gives).

use std::collections::{HashMap, HashSet};

use super::ast::{self, Clause, Condition, DeclKind, Declaration, Name, RuleFile};
use super::check::{self, defined_at, AppliedProposal, Item, RuleSet};
use crate::corpus::{Corpus, Jurisdiction};
use crate::diagnostic::{did_you_mean, Diagnostic, Severity, SourceFile, MAX_PER_FILE};

/// Whether a parsed rule file is a proposal: it has a `proposal "TITLE" extends ..` line.
pub fn is_proposal(tree: &RuleFile) -> bool {
    tree.declarations
        .iter()
        .any(|d| matches!(d, Declaration::Proposal(_)))
}

/// Checks the base files, applies the proposals to them in order and checks the result.
/// Errors of the base files are returned before any proposal is looked at.
pub fn apply(
    base: &[(SourceFile, RuleFile)],
    proposals: &[(SourceFile, RuleFile)],
    corpus: &Corpus,
) -> Result<RuleSet, Vec<Diagnostic>> {
    // the whole-set analysis runs once, on the rules with the proposals applied
    let base_set = check::without_whole_set_analysis(|| check::check(base, corpus))?;
    let mut items = Declarations::new(base_items(base));
    let mut diags = Vec::new();
    let mut applied = Vec::new();
    for (file, tree) in proposals {
        if let Some(p) = apply_one(file, tree, &mut items, &base_set, &mut diags) {
            applied.push(p);
        }
    }
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(diags);
    }
    let mut set = check::check_items(&items.into_items(), corpus)?;
    set.proposals = applied;
    Ok(set)
}

/// The declarations of clean base files, each with its jurisdiction.
fn base_items(files: &[(SourceFile, RuleFile)]) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    for (file, tree) in files {
        let mut jurisdiction = None;
        for decl in &tree.declarations {
            match decl {
                Declaration::Jurisdiction(code) => {
                    jurisdiction = Jurisdiction::from_code(&code.text).or(jurisdiction);
                    // kept for the place of the whole-set checks' findings
                    items.push(Item {
                        file,
                        jurisdiction,
                        decl,
                    });
                }
                Declaration::Fact(_) => items.push(Item {
                    file,
                    jurisdiction: None,
                    decl,
                }),
                Declaration::Proposal(_) | Declaration::Replace(_) | Declaration::Repeal(_) => {}
                _ => {
                    if jurisdiction.is_some() {
                        items.push(Item {
                            file,
                            jurisdiction,
                            decl,
                        });
                    }
                }
            }
        }
    }
    items
}

/// The declarations being changed, in order, each named one found by name at once: a
/// proposal of thousands of declarations is applied in time proportional to its size.
struct Declarations<'a> {
    /// In order; a repealed declaration leaves an empty slot, so the others keep their
    /// places.
    slots: Vec<Option<Item<'a>>>,
    /// Where the (first) declaration of each kind and name of a jurisdiction is.
    by_name: HashMap<(Jurisdiction, DeclKind, String), usize>,
    /// How many "did you mean" hints each proposal file's errors were given.
    hinted: HashMap<String, usize>,
}

impl<'a> Declarations<'a> {
    fn new(items: Vec<Item<'a>>) -> Declarations<'a> {
        let mut d = Declarations {
            slots: Vec::with_capacity(items.len()),
            by_name: HashMap::new(),
            hinted: HashMap::new(),
        };
        for item in items {
            d.push(item);
        }
        d
    }

    /// The key an item is found by, if it is a named declaration of a jurisdiction.
    fn key(item: &Item<'_>) -> Option<(Jurisdiction, DeclKind, String)> {
        let (kind, name) = item.decl.named()?;
        Some((item.jurisdiction?, kind, name.text.clone()))
    }

    fn push(&mut self, item: Item<'a>) {
        if let Some(key) = Self::key(&item) {
            self.by_name.entry(key).or_insert(self.slots.len());
        }
        self.slots.push(Some(item));
    }

    /// Puts `item`, of the same kind and name, in the place of the one at `idx`.
    fn replace(&mut self, idx: usize, item: Item<'a>) {
        self.slots[idx] = Some(item);
    }

    /// Removes the declaration at `idx`.
    fn remove(&mut self, idx: usize) {
        if let Some(key) = self.slots[idx].take().as_ref().and_then(Self::key) {
            if self.by_name.get(&key) == Some(&idx) {
                self.by_name.remove(&key);
            }
        }
    }

    fn get(&self, idx: usize) -> Option<&Item<'a>> {
        self.slots.get(idx).and_then(Option::as_ref)
    }

    /// Where the declaration of `kind` named `name` of jurisdiction `j` is.
    fn find(&self, j: Jurisdiction, kind: DeclKind, name: &str) -> Option<usize> {
        self.by_name.get(&(j, kind, name.to_string())).copied()
    }

    /// The declarations in order, with their places.
    fn iter(&self) -> impl Iterator<Item = (usize, &Item<'a>)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|item| (i, item)))
    }

    /// The names of all declarations of `kind` in jurisdiction `j`.
    fn names_of(&self, j: Jurisdiction, kind: DeclKind) -> Vec<&str> {
        self.iter()
            .map(|(_, i)| i)
            .filter(|i| i.jurisdiction == Some(j))
            .filter_map(|i| i.decl.named())
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| n.text.as_str())
            .collect()
    }

    /// Whether an error of `file` may still be given a "did you mean" hint: the first
    /// [`MAX_PER_FILE`] of a file are (a report shows no more of a file). Each hint looks
    /// through every name, so hints for thousands of errors would cost their square.
    fn may_suggest(&mut self, file: &SourceFile) -> bool {
        let n = self.hinted.entry(file.name.clone()).or_default();
        *n += 1;
        *n <= MAX_PER_FILE
    }

    fn into_items(self) -> Vec<Item<'a>> {
        self.slots.into_iter().flatten().collect()
    }
}

/// `file:line` of an item's name.
fn item_at(item: &Item<'_>) -> String {
    let span = item
        .decl
        .named()
        .map_or_else(|| item.decl.span(), |(_, n)| n.span.clone());
    defined_at(item.file, &span)
}

/// Applies one proposal file to `items`; returns what was applied, or `None` when the file
/// could not be applied (errors pushed to `diags`).
fn apply_one<'a>(
    file: &'a SourceFile,
    tree: &'a RuleFile,
    items: &mut Declarations<'a>,
    base: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) -> Option<AppliedProposal> {
    if !is_proposal(tree) {
        let (at, label) = match tree.declarations.first() {
            Some(Declaration::Jurisdiction(code)) => (
                code.span.clone(),
                "a file of base rules: `jurisdiction`, not `proposal`",
            ),
            Some(d) => {
                let s = d.span();
                (s.start..s.start + d.keyword().len(), "no `proposal` line")
            }
            None => (0..0, "no `proposal` line"),
        };
        diags.push(
            Diagnostic::error(format!("{} is not a proposal", file.name))
                .at(file.span(at))
                .label(label)
                .help("a proposal starts with `proposal \"TITLE\" extends CODE` (the code of the jurisdiction whose rules it changes) and may add, `replace` and `repeal` declarations"),
        );
        return None;
    }
    let errors_before = diags.len();
    let mut header: Option<&ast::ProposalDecl> = None;
    let mut target: Option<Jurisdiction> = None;
    let mut early_reported = false;
    // what this proposal has changed already, so that it changes each name once
    let mut touched: HashSet<(DeclKind, String)> = HashSet::new();
    let mut repealed: Vec<&'a ast::RepealDecl> = Vec::new();
    for decl in &tree.declarations {
        match decl {
            Declaration::Proposal(p) => {
                if let Some(first) = header {
                    let first = file.span(first.span.clone());
                    diags.push(
                        Diagnostic::error("a second `proposal` line in one file")
                            .at(file.span(p.span.start..p.span.start + "proposal".len()))
                            .label(format!("the first is at line {}", first.line))
                            .help("a file holds one proposal: put the other in a file of its own"),
                    );
                    continue;
                }
                header = Some(p);
                target = proposal_target(file, p, base, diags);
            }
            Declaration::Jurisdiction(code) => {
                diags.push(
                    Diagnostic::error("a `jurisdiction` line in a proposal")
                        .at(file.span(code.span.clone()))
                        .label("a proposal names its jurisdiction in its `proposal` line")
                        .help("remove this line: `extends CODE` in the `proposal` line says whose rules the proposal changes"),
                );
            }
            Declaration::Fact(_) => items.push(Item {
                file,
                jurisdiction: None,
                decl,
            }),
            other => {
                if header.is_none() {
                    if !early_reported {
                        early_reported = true;
                        let span = other.span();
                        diags.push(
                            Diagnostic::error("this declaration comes before the `proposal` line")
                                .at(file.span(span.start..span.start + other.keyword().len()))
                                .label("before `proposal \"TITLE\" extends ...`")
                                .help("start the file with its `proposal` line; only facts may come before it"),
                        );
                    }
                    continue;
                }
                let Some(j) = target else {
                    // the `proposal` line is wrong and already reported
                    continue;
                };
                match other {
                    Declaration::Replace(r) => {
                        replace(file, j, r, items, &mut touched, diags);
                    }
                    Declaration::Repeal(r) => {
                        if let Some(idx) = changed_once(file, j, r.kind, &r.name, &touched, diags)
                            .then(|| lookup(file, j, r.kind, &r.name, "repeal", items, diags))
                            .flatten()
                        {
                            items.remove(idx);
                            touched.insert((r.kind, r.name.text.clone()));
                            repealed.push(r);
                        }
                    }
                    added => add(file, j, added, items, &mut touched, diags),
                }
            }
        }
    }
    let header = header?;
    let j = target?;
    still_referred(file, j, &repealed, items, diags);
    let has_rules = items
        .iter()
        .any(|(_, i)| i.jurisdiction == Some(j) && matches!(i.decl, Declaration::Rule(_)));
    if !has_rules {
        diags.push(
            Diagnostic::error(format!(
                "the proposal leaves no rule for {}: every answer there would be undetermined",
                j.name()
            ))
            .at(file.span(header.extends.span.clone()))
            .label("every rule of this jurisdiction is repealed")
            .help("keep or add at least one rule for it: a proposal changes the rules, it cannot leave none"),
        );
        return None;
    }
    if diags[errors_before..]
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        return None;
    }
    Some(AppliedProposal {
        title: header.title.node.clone(),
        file: file.name.clone(),
        jurisdiction: j,
    })
}

/// The jurisdiction a `proposal` line extends, if it is one with base rules.
fn proposal_target(
    file: &SourceFile,
    p: &ast::ProposalDecl,
    base: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) -> Option<Jurisdiction> {
    let Some(j) = Jurisdiction::from_code(&p.extends.text) else {
        diags.push(
            Diagnostic::error(format!("unknown jurisdiction `{}`", p.extends.text))
                .at(file.span(p.extends.span.clone()))
                .label("not a jurisdiction of the corpus")
                .help(crate::corpus::jurisdictions::current().help_for(&p.extends.text)),
        );
        return None;
    };
    if !base.jurisdictions().contains(&j) {
        diags.push(
            Diagnostic::error(format!(
                "there are no base rules of `{j}` for this proposal to extend"
            ))
            .at(file.span(p.extends.span.clone()))
            .label("no rules of this jurisdiction are loaded")
            .help(format!(
                "load the rules of {} (e.g. corpus/rules/{j}.rules) with the proposal",
                j.name()
            )),
        );
        return None;
    }
    Some(j)
}

/// Reports a name this proposal has already added, replaced or repealed; true when the
/// name is still free to change.
fn changed_once(
    file: &SourceFile,
    j: Jurisdiction,
    kind: DeclKind,
    name: &Name,
    touched: &HashSet<(DeclKind, String)>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if !touched.contains(&(kind, name.text.clone())) {
        return true;
    }
    diags.push(
        Diagnostic::error(format!(
            "{} `{}` of `{j}` is changed twice in this proposal",
            kind.noun(),
            name.text
        ))
        .at(file.span(name.span.clone()))
        .label("changed before in this file")
        .help("add, replace or repeal each name once per proposal; keep the declaration you mean"),
    );
    false
}

/// Where the declaration to replace or repeal is; an error with "did you mean" if none.
fn lookup(
    file: &SourceFile,
    j: Jurisdiction,
    kind: DeclKind,
    name: &Name,
    verb: &str,
    items: &mut Declarations<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    if let Some(idx) = items.find(j, kind, &name.text) {
        return Some(idx);
    }
    // the names of that kind, at most this many, when no name is close
    const LISTED: usize = 10;
    let names = if items.may_suggest(file) {
        Some(items.names_of(j, kind))
    } else {
        None
    };
    let close = names
        .as_ref()
        .and_then(|names| did_you_mean(&name.text, names.iter().copied()));
    let help = close.unwrap_or_else(|| match names.as_deref() {
        _ if verb == "replace" => format!("to add a new {}, leave out `replace`", kind.noun()),
        Some([]) => format!("the rules of `{j}` have no {}", kind.noun()),
        Some(names) if names.len() <= LISTED => {
            format!("the {}s of `{j}` are {}", kind.noun(), names.join(", "))
        }
        Some(names) => format!(
            "the {}s of `{j}` are {} and {} more",
            kind.noun(),
            names[..LISTED].join(", "),
            names.len() - LISTED
        ),
        None => format!(
            "check the name: the rules of `{j}` have no {} of it",
            kind.noun()
        ),
    });
    diags.push(
        Diagnostic::error(format!(
            "there is no {} `{}` in the rules of `{j}` to {verb}",
            kind.noun(),
            name.text
        ))
        .at(file.span(name.span.clone()))
        .label(format!("no {} of `{j}` has this name", kind.noun()))
        .help(help),
    );
    None
}

/// `replace ...`: the new declaration takes the old one's place.
fn replace<'a>(
    file: &'a SourceFile,
    j: Jurisdiction,
    r: &'a ast::ReplaceDecl,
    items: &mut Declarations<'a>,
    touched: &mut HashSet<(DeclKind, String)>,
    diags: &mut Vec<Diagnostic>,
) {
    let decl: &'a Declaration = &r.declaration;
    let Some((kind, name)) = decl.named() else {
        return;
    };
    if !changed_once(file, j, kind, name, touched, diags) {
        return;
    }
    if let Some(idx) = lookup(file, j, kind, name, "replace", items, diags) {
        items.replace(
            idx,
            Item {
                file,
                jurisdiction: Some(j),
                decl,
            },
        );
        touched.insert((kind, name.text.clone()));
    }
}

/// A plain declaration in a proposal: added, unless its name is taken.
fn add<'a>(
    file: &'a SourceFile,
    j: Jurisdiction,
    decl: &'a Declaration,
    items: &mut Declarations<'a>,
    touched: &mut HashSet<(DeclKind, String)>,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some((kind, name)) = decl.named() {
        let key = (kind, name.text.clone());
        // a name added twice in this file: the checker reports the duplicate
        if !touched.contains(&key) {
            if let Some(existing) = items.find(j, kind, &name.text).and_then(|i| items.get(i)) {
                let keyword = kind.keyword();
                diags.push(
                    Diagnostic::error(format!(
                        "{} `{}` is declared twice in jurisdiction `{j}`",
                        kind.noun(),
                        name.text
                    ))
                    .at(file.span(name.span.clone()))
                    .label(format!("already declared at {}", item_at(existing)))
                    .help(format!(
                        "to change it, write `replace {keyword} {} ...`; to add a new {}, give it another name",
                        name.text,
                        kind.noun()
                    )),
                );
                return;
            }
            touched.insert(key);
        }
    }
    items.push(Item {
        file,
        jurisdiction: Some(j),
        decl,
    });
}

/// Reports, for each repealed name, the declarations that still refer to it. The
/// declarations are read once for all the names, however many are repealed.
fn still_referred(
    file: &SourceFile,
    j: Jurisdiction,
    repealed: &[&ast::RepealDecl],
    items: &Declarations<'_>,
    diags: &mut Vec<Diagnostic>,
) {
    if repealed.is_empty() {
        return;
    }
    let wanted: HashSet<(DeclKind, &str)> = repealed
        .iter()
        .map(|r| (r.kind, r.name.text.as_str()))
        .collect();
    let mut users: HashMap<(DeclKind, &str), Vec<&Item<'_>>> = HashMap::new();
    for (_, item) in items.iter().filter(|(_, i)| i.jurisdiction == Some(j)) {
        let mut names = Vec::new();
        references(item.decl, &mut names);
        names.sort_unstable();
        names.dedup();
        for key in names {
            if wanted.contains(&key) {
                users.entry(key).or_default().push(item);
            }
        }
    }
    for r in repealed {
        if let Some(users) = users.get(&(r.kind, r.name.text.as_str())) {
            diags.push(still_in_use(file, r, users));
        }
    }
}

/// The error for a repeal of a name that `users` (at least one) still refer to.
fn still_in_use(file: &SourceFile, r: &ast::RepealDecl, users: &[&Item<'_>]) -> Diagnostic {
    let name = r.name.text.as_str();
    let listed: Vec<String> = users
        .iter()
        .filter_map(|i| {
            i.decl
                .named()
                .map(|(k, n)| format!("{} `{}` ({})", k.noun(), n.text, item_at(i)))
        })
        .collect();
    let first_name = users[0]
        .decl
        .named()
        .map_or(String::new(), |(k, n)| format!("{} `{}`", k.noun(), n.text));
    let (others, them) = if users.len() > 1 {
        (" and the others", "them with declarations that do")
    } else {
        ("", "it with a declaration that does")
    };
    Diagnostic::error(format!(
        "cannot repeal {} `{name}`: {} still {} to it",
        r.kind.noun(),
        listed.join(", "),
        if listed.len() == 1 { "refers" } else { "refer" }
    ))
    .at(file.span(r.name.span.clone()))
    .label("still in use")
    .help(format!(
        "repeal {first_name}{others} too, or `replace` {them} not use `{name}`; or keep this {}",
        r.kind.noun()
    ))
}

/// Adds to `out` every name a declaration refers to, with the kind of thing it names: a
/// rule's outcome and contested outcomes, the rules it yields to, and the names its
/// conditions use (as definitions).
fn references<'d>(decl: &'d Declaration, out: &mut Vec<(DeclKind, &'d str)>) {
    let mut conditions: Vec<&Condition> = Vec::new();
    match decl {
        Declaration::Rule(r) => {
            out.push((DeclKind::Outcome, r.outcome.text.as_str()));
            for c in &r.clauses {
                match &c.clause {
                    Clause::Unless(names) => {
                        out.extend(names.iter().map(|n| (DeclKind::Rule, n.text.as_str())));
                    }
                    Clause::When(cond) => conditions.push(cond),
                    Clause::Contested(reading) => {
                        out.push((DeclKind::Outcome, reading.outcome.text.as_str()));
                        conditions.extend(reading.when.as_ref());
                    }
                    _ => {}
                }
            }
        }
        Declaration::Warning(w) => {
            for c in &w.clauses {
                if let Clause::When(cond) = &c.clause {
                    conditions.push(cond);
                }
            }
        }
        Declaration::Definition(d) => conditions.push(&d.condition),
        _ => {}
    }
    while let Some(c) = conditions.pop() {
        match c {
            Condition::Or(parts, _) | Condition::And(parts, _) => conditions.extend(parts),
            Condition::Not(inner, _) => conditions.push(inner),
            Condition::Name(n) => out.push((DeclKind::Definition, n.text.as_str())),
            Condition::Compare { fact, .. } | Condition::In { fact, .. } => {
                out.push((DeclKind::Definition, fact.text.as_str()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{load_embedded, CorpusFiles};

    /// The shipped rules with `text` as a proposal file over them.
    fn load(text: &str) -> Result<RuleSet, Vec<Diagnostic>> {
        let corpus = load_embedded().expect("the shipped corpus loads");
        let base = super::super::shipped_rule_files(&CorpusFiles::shipped());
        let proposal = SourceFile::new("p.rules", text);
        super::super::load_rules_with_proposals(&base, &[proposal], &corpus)
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        let diags = load(text).expect_err("the proposal is refused");
        for d in &diags {
            let loc = d.location.as_ref().expect("every error is located");
            assert_eq!(loc.file, "p.rules", "{}", d.message);
        }
        diags
    }

    const HEAD: &str = "proposal \"test\" extends cn\n";

    #[test]
    fn replace_puts_the_new_rule_in_the_old_ones_place() {
        let set = load(&format!(
            "{HEAD}replace rule mutual_aid -> mutual_aid_plan\n  when not benefits.enforceable and not operator.bears_risk\n  cites cn/insurance-law/art-2\n"
        ))
        .unwrap();
        let cn = set.of(Jurisdiction::from_code("cn").unwrap()).unwrap();
        let names: Vec<&str> = cn.rules.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "commercial_insurer",
                "approved_mutual",
                "approved_mutual_pilot",
                "non_commercial_plan",
                "unlicensed",
                "mutual_aid",
                "no_insured_event",
                "no_premium"
            ]
        );
        let rule = cn.rule("mutual_aid").unwrap();
        assert!(
            rule.defined_at.starts_with("p.rules:"),
            "{}",
            rule.defined_at
        );
        assert_eq!(set.proposals.len(), 1);
        assert_eq!(set.proposals[0].title, "test");
        assert_eq!(
            set.proposals[0].jurisdiction,
            Jurisdiction::from_code("cn").unwrap()
        );
    }

    #[test]
    fn add_and_repeal() {
        let set = load(&format!(
            "{HEAD}fact drafting.new_fact bool question en \"New?\"\noutcome o2 kind insurance compliance exempt\nrule r2 -> o2 when drafting.new_fact and not benefits.enforceable priority 1 cites cn/insurance-law/art-2\nrepeal warn mutual_could_apply\n"
        ))
        .unwrap();
        assert!(set.facts.contains_key("drafting.new_fact"));
        let cn = set.of(Jurisdiction::from_code("cn").unwrap()).unwrap();
        assert!(cn.rule("r2").is_some());
        assert!(cn.outcomes.contains_key("o2"));
        assert!(!cn.warnings.iter().any(|w| w.name == "mutual_could_apply"));
    }

    #[test]
    fn replace_of_an_unknown_name_suggests_the_nearest() {
        let d = errors(&format!(
            "{HEAD}replace rule mutual_aidd -> mutual_aid_plan when not benefits.enforceable cites cn/insurance-law/art-2\n"
        ));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message.contains("no rule `mutual_aidd`"),
            "{}",
            d[0].message
        );
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `mutual_aid`"),
            "{:?}",
            d[0].help
        );
        let d = errors(&format!("{HEAD}repeal define insurance_contrct\n"));
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("`insurance_contract`"),
            "{:?}",
            d[0].help
        );
    }

    #[test]
    fn repeal_of_something_still_referred_to() {
        let d = errors(&format!("{HEAD}repeal rule commercial_insurer\n"));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].message
                .contains("cannot repeal rule `commercial_insurer`")
                && d[0].message.contains("rule `unlicensed`"),
            "{}",
            d[0].message
        );
        let d = errors(&format!("{HEAD}repeal define insurance_contract\n"));
        assert!(
            d[0].message.contains("rule `commercial_insurer`"),
            "{}",
            d[0].message
        );
        assert!(d[0]
            .message
            .contains("warning `internet_insurance_institutions`"));
        let d = errors(&format!("{HEAD}repeal outcome mutual_aid_plan\n"));
        assert!(
            d[0].message.contains("rule `mutual_aid`"),
            "{}",
            d[0].message
        );
        // repealing the user too is fine
        load(&format!(
            "{HEAD}repeal rule mutual_aid\nrepeal outcome mutual_aid_plan\n"
        ))
        .unwrap();
    }

    #[test]
    fn adding_a_name_that_exists_suggests_replace() {
        let d = errors(&format!(
            "{HEAD}rule mutual_aid -> mutual_aid_plan when not benefits.enforceable cites cn/insurance-law/art-2\n"
        ));
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("declared twice"), "{}", d[0].message);
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("replace rule mutual_aid"),
            "{:?}",
            d[0].help
        );
    }

    #[test]
    fn the_merged_rules_are_checked() {
        // a replaced definition with a citation that does not resolve and an unknown fact
        let d = errors(&format!(
            "{HEAD}replace define insurance_contract = benefits.enforcable cites cn/insurance-law/art-9999\n"
        ));
        assert!(
            d.iter().any(|d| d.message.contains("unknown fact")),
            "{d:?}"
        );
        assert!(
            d.iter().any(|d| d.message.contains("does not resolve")),
            "{d:?}"
        );
    }

    #[test]
    fn bad_proposal_lines() {
        let d = errors("proposal \"x\" extends cm\nrepeal rule mutual_aid\n");
        assert!(d[0].help.as_deref().unwrap_or("").contains("`cn`"), "{d:?}");
        let d = errors("repeal rule mutual_aid\nproposal \"x\" extends cn\n");
        assert!(d[0].message.contains("before the `proposal` line"), "{d:?}");
        let d = errors(&format!("{HEAD}jurisdiction cn\n"));
        assert!(d[0].message.contains("`jurisdiction` line"), "{d:?}");
        let d = errors(&format!("{HEAD}proposal \"y\" extends cn\n"));
        assert!(d[0].message.contains("second `proposal`"), "{d:?}");
        let d = errors("jurisdiction cn\n");
        assert!(d[0].message.contains("is not a proposal"), "{d:?}");
        let d = errors(&format!(
            "{HEAD}repeal rule mutual_aid\nrepeal rule mutual_aid\n"
        ));
        assert!(
            d.iter().any(|d| d.message.contains("changed twice")),
            "{d:?}"
        );
    }

    #[test]
    fn replace_outside_a_proposal_is_an_error() {
        let corpus = load_embedded().unwrap();
        let mut files = super::super::shipped_rule_files(&CorpusFiles::shipped());
        files.push(SourceFile::new(
            "x.rules",
            "jurisdiction cn\nrepeal rule mutual_aid\n",
        ));
        let d = super::super::load_rules(&files, &corpus).unwrap_err();
        assert!(
            d.iter()
                .any(|d| d.message.contains("may only be used in a proposal")),
            "{d:?}"
        );
    }

    #[test]
    fn load_rules_finds_proposals_itself() {
        let corpus = load_embedded().unwrap();
        let mut files = super::super::shipped_rule_files(&CorpusFiles::shipped());
        files.insert(
            0,
            SourceFile::new("p.rules", format!("{HEAD}repeal warn mutual_could_apply\n")),
        );
        let set = super::super::load_rules(&files, &corpus).unwrap();
        assert_eq!(set.proposals.len(), 1);
    }
}
