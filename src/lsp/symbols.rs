//! Every name a rule file writes, with what it names and where: the index behind hover, go
//! to definition, find references and completion.

use crate::rules::ast::{
    Clause, Condition, DeclKind, Declaration, FactTypeAst, Literal, Name, RuleFile, Span,
};

/// What a name in a rule file names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A fact (`benefits.enforceable`).
    Fact,
    /// A definition (`insurance_contract`).
    Definition,
    /// A name in a condition that is a fact or a definition, told apart by the rule set.
    FactOrDefinition,
    /// An outcome (`licensed_insurer`).
    Outcome,
    /// A rule (`unlicensed`).
    Rule,
    /// A warning.
    Warning,
    /// A provision's address in `cites` (`cn/insurance-law/art-2`).
    Address,
    /// An enum value compared with a fact, or declared by one.
    Value,
}

impl Role {
    /// The role of what a proposal replaces or repeals.
    fn of(kind: DeclKind) -> Role {
        match kind {
            DeclKind::Outcome => Role::Outcome,
            DeclKind::Definition => Role::Definition,
            DeclKind::Rule => Role::Rule,
            DeclKind::Warning => Role::Warning,
        }
    }
}

/// One name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The name.
    pub name: String,
    /// What it names.
    pub role: Role,
    /// Where it is written.
    pub span: Span,
    /// Whether this is where it is declared.
    pub declares: bool,
    /// For a value: the fact it is a value of.
    pub fact: Option<String>,
    /// The whole declaration the name stands in.
    pub declaration: Span,
}

/// Every name in a parsed rule file, in file order.
pub fn occurrences(tree: &RuleFile) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for d in &tree.declarations {
        declaration(d, &d.span(), &mut out);
    }
    out
}

fn push(out: &mut Vec<Occurrence>, n: &Name, role: Role, declares: bool, decl: &Span) {
    out.push(Occurrence {
        name: n.text.clone(),
        role,
        span: n.span.clone(),
        declares,
        fact: None,
        declaration: decl.clone(),
    });
}

fn declaration(d: &Declaration, decl: &Span, out: &mut Vec<Occurrence>) {
    match d {
        Declaration::Outcome(o) => push(out, &o.name, Role::Outcome, true, decl),
        Declaration::Fact(f) => {
            push(out, &f.name, Role::Fact, true, decl);
            if let FactTypeAst::Enum(values) = &f.ty.node {
                for v in values {
                    push(out, v, Role::Value, true, decl);
                    if let Some(last) = out.last_mut() {
                        last.fact = Some(f.name.text.clone());
                    }
                }
            }
        }
        Declaration::Definition(def) => {
            push(out, &def.name, Role::Definition, true, decl);
            condition(&def.condition, decl, out);
            for c in &def.cites {
                push(out, c, Role::Address, false, decl);
            }
        }
        Declaration::Rule(r) => {
            push(out, &r.name, Role::Rule, true, decl);
            push(out, &r.outcome, Role::Outcome, false, decl);
            for c in &r.clauses {
                clause(&c.clause, decl, out);
            }
        }
        Declaration::Warning(w) => {
            push(out, &w.name, Role::Warning, true, decl);
            for c in &w.clauses {
                clause(&c.clause, decl, out);
            }
        }
        Declaration::Replace(r) => declaration(&r.declaration, decl, out),
        Declaration::Repeal(r) => push(out, &r.name, Role::of(r.kind), false, decl),
        Declaration::Jurisdiction(_) | Declaration::Proposal(_) => {}
    }
}

fn clause(c: &Clause, decl: &Span, out: &mut Vec<Occurrence>) {
    match c {
        Clause::When(cond) => condition(cond, decl, out),
        Clause::Unless(rules) => {
            for r in rules {
                push(out, r, Role::Rule, false, decl);
            }
        }
        Clause::Cites(cites) => {
            for c in cites {
                push(out, c, Role::Address, false, decl);
            }
        }
        Clause::Contested(reading) => {
            push(out, &reading.outcome, Role::Outcome, false, decl);
            if let Some(cond) = &reading.when {
                condition(cond, decl, out);
            }
            for c in &reading.cites {
                push(out, c, Role::Address, false, decl);
            }
        }
        Clause::Priority(_)
        | Clause::From(_)
        | Clause::Until(_)
        | Clause::Because(_)
        | Clause::Says(_) => {}
    }
}

fn condition(c: &Condition, decl: &Span, out: &mut Vec<Occurrence>) {
    match c {
        Condition::Or(parts, _) | Condition::And(parts, _) => {
            for p in parts {
                condition(p, decl, out);
            }
        }
        Condition::Not(inner, _) => condition(inner, decl, out),
        Condition::Compare { fact, value, .. } => {
            push(out, fact, Role::Fact, false, decl);
            value_of(fact, value.node.clone(), value.span.clone(), decl, out);
        }
        Condition::In { fact, values, .. } => {
            push(out, fact, Role::Fact, false, decl);
            for v in values {
                value_of(fact, v.node.clone(), v.span.clone(), decl, out);
            }
        }
        Condition::Name(n) => push(out, n, Role::FactOrDefinition, false, decl),
    }
}

fn value_of(fact: &Name, value: Literal, span: Span, decl: &Span, out: &mut Vec<Occurrence>) {
    if let Literal::Enum(v) = value {
        out.push(Occurrence {
            name: v,
            role: Role::Value,
            span,
            declares: false,
            fact: Some(fact.text.clone()),
            declaration: decl.clone(),
        });
    }
}

/// The occurrence at byte `offset` (its end included, so that a cursor just after a name
/// finds it).
pub fn at(occurrences: &[Occurrence], offset: usize) -> Option<&Occurrence> {
    occurrences
        .iter()
        .find(|o| o.span.start <= offset && offset <= o.span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;
    use crate::rules::syntax::parse_file;

    #[test]
    fn names_have_their_roles() {
        let text = "define d = a.b = x and c cites cn/insurance-law/art-2\nrule r -> o unless q when d cites cn/x\n";
        let tree = parse_file(&SourceFile::new("t.rules", text)).unwrap();
        let found: Vec<(String, Role, bool)> = occurrences(&tree)
            .into_iter()
            .map(|o| (o.name, o.role, o.declares))
            .collect();
        assert_eq!(
            found,
            vec![
                ("d".into(), Role::Definition, true),
                ("a.b".into(), Role::Fact, false),
                ("x".into(), Role::Value, false),
                ("c".into(), Role::FactOrDefinition, false),
                ("cn/insurance-law/art-2".into(), Role::Address, false),
                ("r".into(), Role::Rule, true),
                ("o".into(), Role::Outcome, false),
                ("q".into(), Role::Rule, false),
                ("d".into(), Role::FactOrDefinition, false),
                ("cn/x".into(), Role::Address, false),
            ]
        );
    }
}
