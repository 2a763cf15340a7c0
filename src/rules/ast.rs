//! The syntax tree of a rule file, as written: names are not resolved yet, and every node
//! keeps its byte span in the file so that the checker can point at it.

use std::ops::Range;

use chrono::NaiveDate;

/// A byte range in a rule file.
pub type Span = Range<usize>;

/// A name as written, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The text of the name.
    pub text: String,
    /// Where it is written.
    pub span: Span,
}

/// A value of type `T` with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it is written.
    pub span: Span,
}

/// A parsed rule file: its declarations in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleFile {
    /// The declarations, in file order.
    pub declarations: Vec<Declaration>,
}

/// One top-level declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declaration {
    /// `jurisdiction cn`
    Jurisdiction(Name),
    /// `outcome NAME kind KIND compliance COMPLIANCE`
    Outcome(OutcomeDecl),
    /// `fact NAME TYPE question LANG "TEXT" ...`
    Fact(FactDecl),
    /// `define NAME = CONDITION cites ...`
    Definition(DefinitionDecl),
    /// `rule NAME -> OUTCOME clauses...`
    Rule(RuleDecl),
    /// `warn NAME "TEXT" clauses...`
    Warning(WarningDecl),
    /// `proposal "TITLE" extends cn`: the file is a proposal changing `cn`'s rules.
    Proposal(ProposalDecl),
    /// `replace rule ...`, `replace define ...`, `replace outcome ...`, `replace warn ...`
    Replace(ReplaceDecl),
    /// `repeal rule NAME`, `repeal define NAME`, `repeal outcome NAME`, `repeal warn NAME`
    Repeal(RepealDecl),
}

impl Declaration {
    /// Where the whole declaration is written.
    pub fn span(&self) -> Span {
        match self {
            Declaration::Jurisdiction(n) => n.span.clone(),
            Declaration::Outcome(o) => o.span.clone(),
            Declaration::Fact(f) => f.span.clone(),
            Declaration::Definition(d) => d.span.clone(),
            Declaration::Rule(r) => r.span.clone(),
            Declaration::Warning(w) => w.span.clone(),
            Declaration::Proposal(p) => p.span.clone(),
            Declaration::Replace(r) => r.span.clone(),
            Declaration::Repeal(r) => r.span.clone(),
        }
    }

    /// The keyword the declaration starts with (`rule`, `define`, `replace`, ...).
    pub fn keyword(&self) -> &'static str {
        match self {
            Declaration::Jurisdiction(_) => "jurisdiction",
            Declaration::Outcome(_) => "outcome",
            Declaration::Fact(_) => "fact",
            Declaration::Definition(_) => "define",
            Declaration::Rule(_) => "rule",
            Declaration::Warning(_) => "warn",
            Declaration::Proposal(_) => "proposal",
            Declaration::Replace(_) => "replace",
            Declaration::Repeal(_) => "repeal",
        }
    }

    /// What a named declaration declares and its name: `(Rule, r)` for `rule r -> o`.
    /// `None` for `jurisdiction`, `fact` and the proposal declarations.
    pub fn named(&self) -> Option<(DeclKind, &Name)> {
        match self {
            Declaration::Outcome(o) => Some((DeclKind::Outcome, &o.name)),
            Declaration::Definition(d) => Some((DeclKind::Definition, &d.name)),
            Declaration::Rule(r) => Some((DeclKind::Rule, &r.name)),
            Declaration::Warning(w) => Some((DeclKind::Warning, &w.name)),
            _ => None,
        }
    }
}

/// What a proposal may replace or repeal by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeclKind {
    /// `outcome`
    Outcome,
    /// `define`
    Definition,
    /// `rule`
    Rule,
    /// `warn`
    Warning,
}

impl DeclKind {
    /// The keyword that declares it (`rule`, `define`, `outcome`, `warn`).
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Outcome => "outcome",
            DeclKind::Definition => "define",
            DeclKind::Rule => "rule",
            DeclKind::Warning => "warn",
        }
    }

    /// How messages name it (`rule`, `definition`, `outcome`, `warning`).
    pub fn noun(self) -> &'static str {
        match self {
            DeclKind::Outcome => "outcome",
            DeclKind::Definition => "definition",
            DeclKind::Rule => "rule",
            DeclKind::Warning => "warning",
        }
    }
}

/// `proposal "TITLE" extends cn`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalDecl {
    /// The proposal's title.
    pub title: Spanned<String>,
    /// The jurisdiction whose rules it changes, as written.
    pub extends: Name,
    /// The whole declaration.
    pub span: Span,
}

/// `replace rule ...`: a declaration that takes the place of the one with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplaceDecl {
    /// The new declaration (an outcome, definition, rule or warning).
    pub declaration: Box<Declaration>,
    /// The whole declaration, `replace` included.
    pub span: Span,
}

/// `repeal rule NAME`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepealDecl {
    /// What is repealed.
    pub kind: DeclKind,
    /// Its name.
    pub name: Name,
    /// The whole declaration.
    pub span: Span,
}

/// `outcome licensed_insurer kind insurance compliance licensed`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeDecl {
    /// The outcome's name.
    pub name: Name,
    /// Its canonical kind, as written.
    pub kind: Name,
    /// Its compliance, as written.
    pub compliance: Name,
    /// The whole declaration.
    pub span: Span,
}

/// The type of a fact, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactTypeAst {
    /// `bool`, `integer`, `money`, `date` or `currency` (or a misspelling of one).
    Named(Name),
    /// `enum {a, b, c}`
    Enum(Vec<Name>),
}

/// A question to ask for a fact, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// `en`, `zh`, `ja`.
    pub language: Name,
    /// The question.
    pub text: Spanned<String>,
}

/// A text a user reads, in one language: `because zh "…"`, `says ja "…"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// `zh`, `ja`; `None` for the English text, written without a language.
    pub language: Option<Name>,
    /// The text.
    pub text: Spanned<String>,
}

impl Said {
    /// The language code: `en` when none is written.
    pub fn code(&self) -> &str {
        self.language.as_ref().map_or("en", |l| l.text.as_str())
    }
}

/// `label VALUE LANG "TEXT"`: how an enum value reads in a language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueLabel {
    /// The value labelled.
    pub value: Name,
    /// `en`, `zh`, `ja`.
    pub language: Name,
    /// The label.
    pub text: Spanned<String>,
}

/// `fact benefits.enforceable bool question en "..."`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactDecl {
    /// The fact's name.
    pub name: Name,
    /// Its type.
    pub ty: Spanned<FactTypeAst>,
    /// Bounds on its values: `>= N` (`true`) or `<= N` (`false`), as written.
    pub bounds: Vec<Spanned<(bool, String)>>,
    /// The value taken when a scheme does not give it (`default none`).
    pub default: Option<Name>,
    /// Its questions.
    pub questions: Vec<Question>,
    /// The labels of its enum values, per language.
    pub labels: Vec<ValueLabel>,
    /// The whole declaration.
    pub span: Span,
}

/// `define NAME = CONDITION cites ADDRESS, ...`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinitionDecl {
    /// The definition's name.
    pub name: Name,
    /// What it stands for.
    pub condition: Condition,
    /// The provisions it rests on.
    pub cites: Vec<Name>,
    /// The whole declaration.
    pub span: Span,
}

/// One clause of a rule or a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clause {
    /// `when CONDITION`
    When(Condition),
    /// `unless RULE, RULE`: this rule yields to those.
    Unless(Vec<Name>),
    /// `priority N`: a higher number wins over a lower one.
    Priority(Spanned<i64>),
    /// `cites ADDRESS, ADDRESS`
    Cites(Vec<Name>),
    /// `from DATE`: first day the rule applies.
    From(Spanned<NaiveDate>),
    /// `until DATE`: last day the rule applies.
    Until(Spanned<NaiveDate>),
    /// `because "TEXT"`, `because zh "TEXT"`
    Because(Said),
    /// `says zh "TEXT"`: a warning's text in another language.
    Says(Said),
    /// `arguably -> OUTCOME [when CONDITION] cites ADDRESS, ... because "TEXT"`
    Contested(ContestedReading),
}

/// `arguably -> OUTCOME [when CONDITION] cites ADDRESS, ... because "TEXT"`: another
/// reading of the law, reported beside the rule's own outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContestedReading {
    /// The outcome on this reading.
    pub outcome: Name,
    /// When the reading arises, if narrower than the rule's own condition.
    pub when: Option<Condition>,
    /// The provisions (or authorities) it rests on.
    pub cites: Vec<Name>,
    /// Why it can be argued, in one language or more.
    pub because: Vec<Said>,
}

/// A clause with the span of the whole clause (keyword included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseAt {
    /// The clause.
    pub clause: Clause,
    /// Where it is written.
    pub span: Span,
}

/// `rule NAME -> OUTCOME` and its clauses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleDecl {
    /// The rule's name.
    pub name: Name,
    /// The outcome it gives.
    pub outcome: Name,
    /// Its clauses, in file order.
    pub clauses: Vec<ClauseAt>,
    /// The whole declaration.
    pub span: Span,
}

/// `warn NAME "TEXT"` and its clauses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningDecl {
    /// The warning's name.
    pub name: Name,
    /// The text shown with the answer.
    pub text: Spanned<String>,
    /// Its clauses (`when`, `cites`, `from`, `until`).
    pub clauses: Vec<ClauseAt>,
    /// The whole declaration.
    pub span: Span,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Operator {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Operator {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Eq => "=",
            Operator::Ne => "!=",
            Operator::Lt => "<",
            Operator::Le => "<=",
            Operator::Gt => ">",
            Operator::Ge => ">=",
        }
    }

    /// Whether this is an ordering (`<`, `<=`, `>`, `>=`).
    pub fn is_ordering(self) -> bool {
        !matches!(self, Operator::Eq | Operator::Ne)
    }
}

/// A literal value in a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// `1_000`
    Integer(i64),
    /// `CNY 100_000_000`
    Money {
        /// The amount.
        amount: i64,
        /// The currency code.
        currency: String,
    },
    /// `2006-04-01`
    Date(NaiveDate),
    /// `true` / `false`
    Bool(bool),
    /// An enum value (a bare name).
    Enum(String),
}

/// A condition as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `a or b or c`
    Or(Vec<Condition>, Span),
    /// `a and b and c`
    And(Vec<Condition>, Span),
    /// `not a`
    Not(Box<Condition>, Span),
    /// `fact OP value`
    Compare {
        /// The fact compared.
        fact: Name,
        /// The operator and its place.
        op: Spanned<Operator>,
        /// The value compared with.
        value: Spanned<Literal>,
        /// The whole comparison.
        span: Span,
    },
    /// `fact in {v, v}`
    In {
        /// The fact tested.
        fact: Name,
        /// The values.
        values: Vec<Spanned<Literal>>,
        /// The whole test.
        span: Span,
    },
    /// A bool fact or a definition, by name.
    Name(Name),
}

impl Condition {
    /// Where the condition is written.
    pub fn span(&self) -> Span {
        match self {
            Condition::Or(_, s) | Condition::And(_, s) | Condition::Not(_, s) => s.clone(),
            Condition::Compare { span, .. } | Condition::In { span, .. } => span.clone(),
            Condition::Name(n) => n.span.clone(),
        }
    }
}
