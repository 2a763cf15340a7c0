//! Parsing a rule file (grammar in `grammar/rules.pest`) into its spanned syntax tree.
//!
//! One `parse_x` function per grammar rule; every grammar rule has a human name
//! ([`human_name`]) so that a syntax error says "expected a fact name", not `fact_name`.

use chrono::NaiveDate;
use pest::iterators::Pair;
use pest::Parser as _;

use super::ast::*;
use crate::diagnostic::{Diagnostic, SourceFile};

mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/rules.pest"]
    pub struct RuleParser;
}

pub(crate) use grammar::Rule;
use grammar::RuleParser;

/// How deeply parentheses and `not` may nest; deeper input is refused before parsing so
/// that no stage can run out of stack.
const MAX_NESTING: usize = 64;

/// The human name of a grammar rule, as error messages show it.
pub(crate) fn human_name(rule: &Rule) -> &'static str {
    match rule {
        Rule::EOI => "the end of the file",
        Rule::WHITESPACE => "whitespace",
        Rule::COMMENT => "a comment",
        Rule::file => {
            "a declaration (`jurisdiction`, `outcome`, `fact`, `define`, `rule` or `warn`)"
        }
        Rule::declaration => {
            "a declaration (`jurisdiction`, `outcome`, `fact`, `define`, `rule` or `warn`)"
        }
        Rule::ident_char => "a letter, digit or `_`",
        Rule::k_jurisdiction => "`jurisdiction`",
        Rule::k_outcome => "`outcome`",
        Rule::k_kind => "`kind`",
        Rule::k_compliance => "`compliance`",
        Rule::k_fact => "`fact`",
        Rule::k_question => "`question`",
        Rule::k_enum => "`enum`",
        Rule::k_define => "`define`",
        Rule::k_rule => "`rule`",
        Rule::k_warn => "`warn`",
        Rule::k_when => "`when`",
        Rule::k_unless => "`unless`",
        Rule::k_priority => "`priority`",
        Rule::k_cites => "`cites`",
        Rule::k_from => "`from`",
        Rule::k_until => "`until`",
        Rule::k_because => "`because`",
        Rule::k_and => "`and`",
        Rule::k_or => "`or`",
        Rule::k_not => "`not`",
        Rule::k_in => "`in`",
        Rule::k_proposal => "`proposal`",
        Rule::k_extends => "`extends`",
        Rule::k_replace => "`replace`",
        Rule::k_repeal => "`repeal`",
        Rule::k_arguably => "`arguably`",
        Rule::k_default => "`default`",
        Rule::k_says => "`says`",
        Rule::k_label => "`label`",
        Rule::fact_default => "a default value (`default none`)",
        Rule::keyword => "a keyword",
        Rule::ident => "a name",
        Rule::dotted_name => "a name",
        Rule::jurisdiction_code => "a jurisdiction code (as jurisdictions.yaml lists them)",
        Rule::outcome_name => "an outcome name",
        Rule::kind_name => {
            "a kind (`insurance`, `mutual_insurance_society`, `unregulated_mutual_aid`)"
        }
        Rule::compliance_name => {
            "a compliance (`licensed`, `exempt`, `no_licence_needed`, `unlicensed`)"
        }
        Rule::fact_name => "a fact name",
        Rule::definition_name => "a definition name",
        Rule::rule_name => "a rule name",
        Rule::warning_name => "a warning name",
        Rule::enum_value => "an enum value",
        Rule::language => "a language code (`en`, `zh`, `ja`)",
        Rule::type_name => "a type (`bool`, `integer`, `money`, `date`, `currency`)",
        Rule::reference => "a fact or definition name",
        Rule::outcome_ref => "an outcome name",
        Rule::rule_ref => "a rule name",
        Rule::address => {
            "a provision address (an instrument's id and the provision's path, `INSTRUMENT/art-2`)"
        }
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::integer => "a number",
        Rule::money => "an amount of money (`CNY 100_000_000`)",
        Rule::currency => "a currency code (`CNY`)",
        Rule::boolean => "`true` or `false`",
        Rule::string => "a quoted text",
        Rule::string_text => "text",
        Rule::jurisdiction_decl => "a jurisdiction declaration",
        Rule::outcome_decl => "an outcome declaration",
        Rule::fact_decl => "a fact declaration",
        Rule::fact_type => "a fact type",
        Rule::enum_type => "an enum type (`enum {a, b}`)",
        Rule::question => "a question (`question en \"...\"`)",
        Rule::value_label => "a value's label (`label VALUE zh \"...\"`)",
        Rule::fact_bound => "a bound (`>= 0` or `<= 100`)",
        Rule::bound_op => "`>=` or `<=`",
        Rule::bound_value => "a whole number",
        Rule::definition_decl => "a definition",
        Rule::rule_decl => "a rule",
        Rule::rule_clause => {
            "a rule clause (`when`, `unless`, `priority`, `cites`, `from`, `until`, `because`)"
        }
        Rule::when_clause => "`when` and a condition",
        Rule::unless_clause => "`unless` and rule names",
        Rule::priority_clause => "`priority` and a number",
        Rule::cites_clause => "`cites` and addresses",
        Rule::from_clause => "`from` and a date",
        Rule::until_clause => "`until` and a date",
        Rule::because_clause => {
            "`because` and a quoted text (`because zh \"...\"` in another language)"
        }
        Rule::says_clause => "`says`, a language and a quoted text (`says zh \"...\"`)",
        Rule::contested_clause => {
            "a contested reading (`arguably -> OUTCOME cites ... because \"...\"`)"
        }
        Rule::warning_decl => "a warning",
        Rule::warning_clause => "a warning clause (`when`, `cites`, `from`, `until`, `says`)",
        Rule::proposal_decl => "a proposal line (`proposal \"TITLE\" extends CODE`)",
        Rule::replace_decl => {
            "a replacement (`replace rule`, `replace define`, `replace outcome` or `replace warn`)"
        }
        Rule::repeal_decl => "a repeal (`repeal rule NAME`)",
        Rule::repealed_kind => "`rule`, `define`, `outcome` or `warn`",
        Rule::repealed_name => "the name of what is repealed",
        Rule::condition => "a condition",
        Rule::conjunction => "a condition",
        Rule::negation => "a condition",
        Rule::group => "a condition in parentheses",
        Rule::comparison => "a comparison",
        Rule::operator => "an operator (`=`, `!=`, `<`, `<=`, `>`, `>=`)",
        Rule::membership => "a test `fact in {a, b}`",
        Rule::name_test => "a fact or definition name",
        Rule::value => "a value",
    }
}

/// Whether a pair is a keyword token, which carries no meaning of its own in the tree.
fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::k_jurisdiction
            | Rule::k_outcome
            | Rule::k_kind
            | Rule::k_compliance
            | Rule::k_fact
            | Rule::k_question
            | Rule::k_enum
            | Rule::k_define
            | Rule::k_rule
            | Rule::k_warn
            | Rule::k_when
            | Rule::k_unless
            | Rule::k_priority
            | Rule::k_cites
            | Rule::k_from
            | Rule::k_until
            | Rule::k_because
            | Rule::k_and
            | Rule::k_or
            | Rule::k_not
            | Rule::k_in
            | Rule::k_proposal
            | Rule::k_extends
            | Rule::k_replace
            | Rule::k_repeal
            | Rule::k_arguably
            | Rule::k_default
            | Rule::k_says
            | Rule::k_label
    )
}

/// Parses a rule file. Syntax errors stop at the first one (pest cannot recover), but
/// errors in literals (a number too large, a date that does not exist) are all collected.
pub fn parse_file(file: &SourceFile) -> Result<RuleFile, Vec<Diagnostic>> {
    if let Some(d) = file.control_character("the rule file") {
        return Err(vec![d]);
    }
    if let Some(d) = prescan(file) {
        return Err(vec![d]);
    }
    let mut parser = Builder {
        file,
        errors: Vec::new(),
    };
    let tree = parse_rule(Rule::file, &file.text)
        .map_err(|e| vec![syntax_error(file, &e)])
        .map(|pair| parser.parse_file(pair))?;
    if parser.errors.is_empty() {
        Ok(tree)
    } else {
        Err(parser.errors)
    }
}

/// The grammar's tree of a rule file that [`parse_file`] accepted, keywords and all, for
/// tools that work on the text as written (the formatter); `None` when it does not parse.
pub(crate) fn parse_tree(text: &str) -> Option<Pair<'_, Rule>> {
    parse_rule(Rule::file, text).ok()
}

/// Runs the pest parser for one grammar rule over the whole input.
fn parse_rule(rule: Rule, text: &str) -> Result<Pair<'_, Rule>, pest::error::Error<Rule>> {
    let mut pairs = RuleParser::parse(rule, text)?;
    // a successful parse always yields the rule's pair
    Ok(pairs
        .next()
        .expect("pest yields the pair of the rule it parsed"))
}

/// Refuses input nested deeper than [`MAX_NESTING`] (parentheses or `not`), and a string
/// left open at the end of its line (pointing at its opening quote, where the mistake is,
/// rather than wherever the parser stops).
fn prescan(file: &SourceFile) -> Option<Diagnostic> {
    let text: &str = &file.text;
    let (mut depth, mut in_string, mut in_comment, mut escaped) = (0usize, false, false, false);
    let mut string_start = 0usize;
    let mut nots = 0usize;
    let mut word = String::new();
    for (i, c) in text.char_indices() {
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if in_string {
            match (escaped, c) {
                (_, '\n') => return Some(unterminated_string(file, string_start)),
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            nots = if word == "not" { nots + 1 } else { 0 };
            word.clear();
        }
        match c {
            '#' => in_comment = true,
            '"' => {
                in_string = true;
                string_start = i;
            }
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING || nots > MAX_NESTING {
            return Some(
                Diagnostic::error(format!(
                    "conditions nest more than {MAX_NESTING} levels deep"
                ))
                .at(file.span(i..i + 1))
                .label("too deep")
                .help("split the condition into definitions (`define name = ...`)"),
            );
        }
    }
    in_string.then(|| unterminated_string(file, string_start))
}

fn unterminated_string(file: &SourceFile, start: usize) -> Diagnostic {
    Diagnostic::error("unterminated string: the line ends before the closing `\"`")
        .at(file.span(start..start + 1))
        .label("the string opens here")
        .help("close the string with `\"` on the same line (write `\\\"` for a quote inside it)")
}

/// A pest error as a diagnostic, naming what was expected in words.
fn syntax_error(file: &SourceFile, e: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    // an error at the end of the file points just after its last word, not at a blank line
    let pos = pos.min(file.text.trim_end().len());
    let mut expected: Vec<&str> = Vec::new();
    let mut unexpected: Vec<&str> = Vec::new();
    match &e.variant {
        pest::error::ErrorVariant::ParsingError {
            positives,
            negatives,
        } => {
            for r in positives {
                let n = human_name(r);
                if !expected.contains(&n) {
                    expected.push(n);
                }
            }
            for r in negatives {
                let n = human_name(r);
                if !unexpected.contains(&n) {
                    unexpected.push(n);
                }
            }
        }
        pest::error::ErrorVariant::CustomError { message } => expected.push(message),
    }
    let found = found_at(&file.text, pos);
    let message = if !expected.is_empty() {
        format!("expected {}, found {found}", one_of(&expected))
    } else if !unexpected.is_empty() {
        format!("unexpected {}", one_of(&unexpected))
    } else {
        format!("unexpected {found}")
    };
    let len = token_len(&file.text, pos);
    let mut d = Diagnostic::error(message)
        .at(file.span(pos..pos + len))
        .label("here");
    if let Some(h) = syntax_hint(&expected, &file.text[pos.min(file.text.len())..]) {
        d = d.help(h);
    }
    d
}

/// "a, b or c".
fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// How the text at `pos` reads in an error message.
fn found_at(text: &str, pos: usize) -> String {
    let rest = text.get(pos..).unwrap_or("");
    let len = token_len(text, pos);
    if rest.trim().is_empty() {
        "the end of the file".to_string()
    } else if let Some(c) = rest
        .chars()
        .next()
        .filter(|c| c.is_control() || c.is_whitespace())
    {
        format!("the character U+{:04X}", c as u32)
    } else {
        format!("`{}`", &rest[..len])
    }
}

/// The length of the token at `pos`: a word, or one character.
fn token_len(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or("");
    let word: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
        .map(char::len_utf8)
        .sum();
    if word > 0 {
        word
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    }
}

/// A hint for common slips.
fn syntax_hint(expected: &[&str], rest: &str) -> Option<String> {
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let keywords = [
        "jurisdiction",
        "outcome",
        "kind",
        "compliance",
        "fact",
        "question",
        "enum",
        "define",
        "rule",
        "warn",
        "when",
        "unless",
        "priority",
        "cites",
        "from",
        "until",
        "because",
        "and",
        "or",
        "not",
        "in",
        "proposal",
        "extends",
        "replace",
        "repeal",
        "arguably",
        "default",
        "says",
        "label",
    ];
    if keywords.contains(&word.as_str()) && expected.iter().any(|e| e.contains("name")) {
        return Some(format!(
            "`{word}` is a keyword and cannot be used as a name"
        ));
    }
    if rest.starts_with("==") {
        return Some("compare with a single `=`".into());
    }
    if rest.starts_with("&&")
        || rest.starts_with("||")
        || rest.starts_with('!') && !rest.starts_with("!=")
    {
        return Some("write `and`, `or` and `not` in words".into());
    }
    if let Some(suggestion) = crate::diagnostic::did_you_mean(&word, keywords) {
        if !word.is_empty() && !keywords.contains(&word.as_str()) {
            return Some(suggestion);
        }
    }
    if expected.iter().any(|e| e.contains("declaration")) {
        return Some("each declaration starts with `jurisdiction`, `outcome`, `fact`, `define`, `rule` or `warn`".into());
    }
    None
}

/// The children of a pair that carry meaning (keywords left out).
fn children<'i>(pair: Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.into_inner().filter(|p| !is_keyword(p.as_rule()))
}

fn span_of(pair: &Pair<'_, Rule>) -> Span {
    let s = pair.as_span();
    s.start()..s.end()
}

fn name_of(pair: &Pair<'_, Rule>) -> Name {
    Name {
        text: pair.as_str().to_string(),
        span: span_of(pair),
    }
}

/// Turns pest pairs into the syntax tree, collecting errors in literals.
struct Builder<'f> {
    file: &'f SourceFile,
    errors: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn unexpected(&self, function: &str, pair: &Pair<'_, Rule>) -> ! {
        unreachable!("{function}: unexpected grammar rule {:?}", pair.as_rule())
    }

    fn parse_file(&mut self, pair: Pair<'_, Rule>) -> RuleFile {
        let mut declarations = Vec::new();
        for p in children(pair) {
            if p.as_rule() == Rule::EOI {
                continue;
            }
            declarations.push(self.parse_declaration(p));
        }
        RuleFile { declarations }
    }

    /// One declaration (the grammar's silent `declaration` rule).
    fn parse_declaration(&mut self, p: Pair<'_, Rule>) -> Declaration {
        match p.as_rule() {
            Rule::jurisdiction_decl => Declaration::Jurisdiction(self.parse_jurisdiction_decl(p)),
            Rule::outcome_decl => Declaration::Outcome(self.parse_outcome_decl(p)),
            Rule::fact_decl => Declaration::Fact(self.parse_fact_decl(p)),
            Rule::definition_decl => Declaration::Definition(self.parse_definition_decl(p)),
            Rule::rule_decl => Declaration::Rule(self.parse_rule_decl(p)),
            Rule::warning_decl => Declaration::Warning(self.parse_warning_decl(p)),
            Rule::proposal_decl => Declaration::Proposal(self.parse_proposal_decl(p)),
            Rule::replace_decl => Declaration::Replace(self.parse_replace_decl(p)),
            Rule::repeal_decl => Declaration::Repeal(self.parse_repeal_decl(p)),
            _ => self.unexpected("parse_declaration", &p),
        }
    }

    fn parse_proposal_decl(&mut self, pair: Pair<'_, Rule>) -> ProposalDecl {
        let span = span_of(&pair);
        let mut it = children(pair);
        let title = self.parse_string(it.next().expect("proposal_decl has a title"));
        let extends = name_of(&it.next().expect("proposal_decl has a jurisdiction"));
        ProposalDecl {
            title,
            extends,
            span,
        }
    }

    fn parse_replace_decl(&mut self, pair: Pair<'_, Rule>) -> ReplaceDecl {
        let span = span_of(&pair);
        let inner = children(pair)
            .next()
            .expect("replace_decl has a declaration");
        ReplaceDecl {
            declaration: Box::new(self.parse_declaration(inner)),
            span,
        }
    }

    fn parse_repeal_decl(&mut self, pair: Pair<'_, Rule>) -> RepealDecl {
        let span = span_of(&pair);
        let mut it = children(pair);
        let kind = self.parse_repealed_kind(it.next().expect("repeal_decl has a kind"));
        let name = self.parse_repealed_name(it.next().expect("repeal_decl has a name"));
        RepealDecl { kind, name, span }
    }

    fn parse_repealed_kind(&mut self, pair: Pair<'_, Rule>) -> DeclKind {
        match pair.as_str() {
            "rule" => DeclKind::Rule,
            "define" => DeclKind::Definition,
            "outcome" => DeclKind::Outcome,
            "warn" => DeclKind::Warning,
            _ => self.unexpected("parse_repealed_kind", &pair),
        }
    }

    fn parse_repealed_name(&mut self, pair: Pair<'_, Rule>) -> Name {
        name_of(&pair)
    }

    fn parse_jurisdiction_decl(&mut self, pair: Pair<'_, Rule>) -> Name {
        let code = children(pair).next().expect("jurisdiction_decl has a code");
        name_of(&code)
    }

    fn parse_outcome_decl(&mut self, pair: Pair<'_, Rule>) -> OutcomeDecl {
        let span = span_of(&pair);
        let mut it = children(pair);
        let mut next = || name_of(&it.next().expect("outcome_decl has three names"));
        OutcomeDecl {
            name: next(),
            kind: next(),
            compliance: next(),
            span,
        }
    }

    fn parse_fact_decl(&mut self, pair: Pair<'_, Rule>) -> FactDecl {
        let span = span_of(&pair);
        let mut it = children(pair);
        let name = name_of(&it.next().expect("fact_decl has a name"));
        let ty = self.parse_fact_type(it.next().expect("fact_decl has a type"));
        let mut bounds = Vec::new();
        let mut questions = Vec::new();
        let mut labels = Vec::new();
        let mut default = None;
        for p in it {
            if p.as_rule() == Rule::fact_default {
                default = children(p).last().map(|v| name_of(&v));
            } else if p.as_rule() == Rule::fact_bound {
                let span = span_of(&p);
                let mut parts = children(p);
                let at_least = parts.next().is_some_and(|op| op.as_str() == ">=");
                let value = parts
                    .next()
                    .map_or(String::new(), |v| v.as_str().to_string());
                bounds.push(Spanned {
                    node: (at_least, value),
                    span,
                });
            } else if p.as_rule() == Rule::value_label {
                let mut parts = children(p);
                let value = name_of(&parts.next().expect("a label names a value"));
                let language = name_of(&parts.next().expect("a label has a language"));
                let text = self.parse_string(parts.next().expect("a label has a text"));
                labels.push(ValueLabel {
                    value,
                    language,
                    text,
                });
            } else {
                questions.push(self.parse_question(p));
            }
        }
        FactDecl {
            name,
            ty,
            bounds,
            default,
            questions,
            labels,
            span,
        }
    }

    fn parse_fact_type(&mut self, pair: Pair<'_, Rule>) -> Spanned<FactTypeAst> {
        let span = span_of(&pair);
        let inner = children(pair).next().expect("fact_type has one child");
        let node = match inner.as_rule() {
            Rule::type_name => FactTypeAst::Named(name_of(&inner)),
            Rule::enum_type => FactTypeAst::Enum(self.parse_enum_type(inner)),
            _ => self.unexpected("parse_fact_type", &inner),
        };
        Spanned { node, span }
    }

    fn parse_enum_type(&mut self, pair: Pair<'_, Rule>) -> Vec<Name> {
        children(pair).map(|p| name_of(&p)).collect()
    }

    fn parse_question(&mut self, pair: Pair<'_, Rule>) -> Question {
        let mut it = children(pair);
        let language = name_of(&it.next().expect("question has a language"));
        let text = self.parse_string(it.next().expect("question has a text"));
        Question { language, text }
    }

    fn parse_string(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span = span_of(&pair);
        let raw = children(pair).next().map_or("", |p| p.as_str());
        let mut text = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                text.push(c);
                continue;
            }
            match chars.next() {
                Some('n') => text.push('\n'),
                Some('t') => text.push('\t'),
                Some(other @ ('"' | '\\')) => text.push(other),
                Some(other) => {
                    self.errors.push(
                        Diagnostic::error(format!("unknown escape `\\{other}` in a text"))
                            .at(self.file.span(span.clone()))
                            .help("the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`"),
                    );
                }
                None => {}
            }
        }
        Spanned { node: text, span }
    }

    fn parse_definition_decl(&mut self, pair: Pair<'_, Rule>) -> DefinitionDecl {
        let span = span_of(&pair);
        let mut it = children(pair);
        let name = name_of(&it.next().expect("definition has a name"));
        let condition = self.parse_condition(it.next().expect("definition has a condition"));
        let cites = self.parse_cites_clause(it.next().expect("definition has cites"));
        DefinitionDecl {
            name,
            condition,
            cites,
            span,
        }
    }

    fn parse_rule_decl(&mut self, pair: Pair<'_, Rule>) -> RuleDecl {
        let span = span_of(&pair);
        let mut it = children(pair);
        let name = name_of(&it.next().expect("rule has a name"));
        let outcome = name_of(&it.next().expect("rule has an outcome"));
        let clauses = it.map(|c| self.parse_clause(c)).collect();
        RuleDecl {
            name,
            outcome,
            clauses,
            span,
        }
    }

    fn parse_warning_decl(&mut self, pair: Pair<'_, Rule>) -> WarningDecl {
        let span = span_of(&pair);
        let mut it = children(pair);
        let name = name_of(&it.next().expect("warning has a name"));
        let text = self.parse_string(it.next().expect("warning has a text"));
        let clauses = it.map(|c| self.parse_clause(c)).collect();
        WarningDecl {
            name,
            text,
            clauses,
            span,
        }
    }

    /// One clause of a rule or warning (the grammar's `rule_clause` / `warning_clause`).
    fn parse_clause(&mut self, pair: Pair<'_, Rule>) -> ClauseAt {
        let span = span_of(&pair);
        let clause = match pair.as_rule() {
            Rule::when_clause => Clause::When(self.parse_when_clause(pair)),
            Rule::unless_clause => Clause::Unless(self.parse_unless_clause(pair)),
            Rule::priority_clause => Clause::Priority(self.parse_priority_clause(pair)),
            Rule::cites_clause => Clause::Cites(self.parse_cites_clause(pair)),
            Rule::from_clause => Clause::From(self.parse_from_clause(pair)),
            Rule::until_clause => Clause::Until(self.parse_until_clause(pair)),
            Rule::because_clause => Clause::Because(self.parse_said(pair)),
            Rule::says_clause => Clause::Says(self.parse_said(pair)),
            Rule::contested_clause => Clause::Contested(self.parse_contested_clause(pair)),
            _ => self.unexpected("parse_clause", &pair),
        };
        ClauseAt { clause, span }
    }

    fn parse_when_clause(&mut self, pair: Pair<'_, Rule>) -> Condition {
        self.parse_condition(children(pair).next().expect("when has a condition"))
    }

    fn parse_unless_clause(&mut self, pair: Pair<'_, Rule>) -> Vec<Name> {
        children(pair).map(|p| name_of(&p)).collect()
    }

    fn parse_priority_clause(&mut self, pair: Pair<'_, Rule>) -> Spanned<i64> {
        let n = children(pair).next().expect("priority has a number");
        Spanned {
            span: span_of(&n),
            node: self.parse_integer(n),
        }
    }

    fn parse_cites_clause(&mut self, pair: Pair<'_, Rule>) -> Vec<Name> {
        children(pair).map(|p| name_of(&p)).collect()
    }

    fn parse_from_clause(&mut self, pair: Pair<'_, Rule>) -> Spanned<NaiveDate> {
        self.parse_date(children(pair).next().expect("from has a date"))
    }

    fn parse_until_clause(&mut self, pair: Pair<'_, Rule>) -> Spanned<NaiveDate> {
        self.parse_date(children(pair).next().expect("until has a date"))
    }

    /// `because [LANG] "TEXT"` or `says LANG "TEXT"`.
    fn parse_said(&mut self, pair: Pair<'_, Rule>) -> Said {
        let mut language = None;
        let mut text = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::language => language = Some(name_of(&p)),
                Rule::string => text = Some(self.parse_string(p)),
                _ => {}
            }
        }
        Said {
            language,
            text: text.expect("a text"),
        }
    }

    fn parse_contested_clause(&mut self, pair: Pair<'_, Rule>) -> ContestedReading {
        let mut outcome = None;
        let mut when = None;
        let mut cites = Vec::new();
        let mut because = Vec::new();
        for p in children(pair) {
            match p.as_rule() {
                Rule::outcome_ref => outcome = Some(name_of(&p)),
                Rule::when_clause => when = Some(self.parse_when_clause(p)),
                Rule::cites_clause => cites = self.parse_cites_clause(p),
                Rule::because_clause => because.push(self.parse_said(p)),
                _ => self.unexpected("parse_contested_clause", &p),
            }
        }
        ContestedReading {
            outcome: outcome.expect("a contested reading has an outcome"),
            when,
            cites,
            because,
        }
    }

    fn parse_date(&mut self, pair: Pair<'_, Rule>) -> Spanned<NaiveDate> {
        let span = span_of(&pair);
        let node = match NaiveDate::parse_from_str(pair.as_str(), "%Y-%m-%d") {
            Ok(d) => d,
            Err(_) => {
                self.errors.push(
                    Diagnostic::error(format!("`{}` is not a date", pair.as_str()))
                        .at(self.file.span(span.clone()))
                        .label("no such day")
                        .help("write a real calendar date as YYYY-MM-DD"),
                );
                NaiveDate::MIN
            }
        };
        Spanned { node, span }
    }

    fn parse_integer(&mut self, pair: Pair<'_, Rule>) -> i64 {
        let digits: String = pair.as_str().chars().filter(|c| *c != '_').collect();
        match digits.parse::<i64>() {
            Ok(n) => n,
            Err(_) => {
                self.errors.push(
                    Diagnostic::error(format!("the number `{}` is too large", pair.as_str()))
                        .at(self.file.span(span_of(&pair)))
                        .help(format!("numbers go up to {}", i64::MAX)),
                );
                0
            }
        }
    }

    fn parse_condition(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let span = span_of(&pair);
        let mut parts: Vec<Condition> = children(pair).map(|p| self.parse_conjunction(p)).collect();
        if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Condition::Or(parts, span)
        }
    }

    fn parse_conjunction(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let span = span_of(&pair);
        let mut parts: Vec<Condition> = children(pair).map(|p| self.parse_negation(p)).collect();
        if parts.len() == 1 {
            parts.pop().expect("one part")
        } else {
            Condition::And(parts, span)
        }
    }

    fn parse_negation(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let span = span_of(&pair);
        let inner = children(pair).next().expect("negation has a child");
        match inner.as_rule() {
            Rule::negation => Condition::Not(Box::new(self.parse_negation(inner)), span),
            Rule::group => self.parse_group(inner),
            Rule::comparison => self.parse_comparison(inner),
            Rule::membership => self.parse_membership(inner),
            Rule::name_test => self.parse_name_test(inner),
            _ => self.unexpected("parse_negation", &inner),
        }
    }

    fn parse_group(&mut self, pair: Pair<'_, Rule>) -> Condition {
        self.parse_condition(children(pair).next().expect("group has a condition"))
    }

    fn parse_comparison(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let span = span_of(&pair);
        let mut it = children(pair);
        let fact = name_of(&it.next().expect("comparison has a fact"));
        let op_pair = it.next().expect("comparison has an operator");
        let op = Spanned {
            span: span_of(&op_pair),
            node: self.parse_operator(op_pair),
        };
        let value = self.parse_value(it.next().expect("comparison has a value"));
        Condition::Compare {
            fact,
            op,
            value,
            span,
        }
    }

    fn parse_operator(&mut self, pair: Pair<'_, Rule>) -> Operator {
        match pair.as_str() {
            "=" => Operator::Eq,
            "!=" => Operator::Ne,
            "<" => Operator::Lt,
            "<=" => Operator::Le,
            ">" => Operator::Gt,
            ">=" => Operator::Ge,
            _ => self.unexpected("parse_operator", &pair),
        }
    }

    fn parse_membership(&mut self, pair: Pair<'_, Rule>) -> Condition {
        let span = span_of(&pair);
        let mut it = children(pair);
        let fact = name_of(&it.next().expect("membership has a fact"));
        let values = it.map(|v| self.parse_value(v)).collect();
        Condition::In { fact, values, span }
    }

    fn parse_name_test(&mut self, pair: Pair<'_, Rule>) -> Condition {
        Condition::Name(name_of(
            &children(pair).next().expect("name_test has a name"),
        ))
    }

    fn parse_value(&mut self, pair: Pair<'_, Rule>) -> Spanned<Literal> {
        let span = span_of(&pair);
        let inner = children(pair).next().expect("value has a child");
        let node = match inner.as_rule() {
            Rule::money => self.parse_money(inner),
            Rule::date => Literal::Date(self.parse_date(inner).node),
            Rule::integer => Literal::Integer(self.parse_integer(inner)),
            Rule::boolean => Literal::Bool(inner.as_str() == "true"),
            Rule::enum_value => Literal::Enum(inner.as_str().to_string()),
            _ => self.unexpected("parse_value", &inner),
        };
        Spanned { node, span }
    }

    fn parse_money(&mut self, pair: Pair<'_, Rule>) -> Literal {
        let mut it = children(pair);
        let currency = it
            .next()
            .expect("money has a currency")
            .as_str()
            .to_string();
        let amount = self.parse_integer(it.next().expect("money has an amount"));
        Literal::Money { amount, currency }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text` as grammar rule `rule`, asserting the whole input was consumed.
    fn full(rule: Rule, text: &str) {
        let pairs = RuleParser::parse(rule, text)
            .unwrap_or_else(|e| panic!("{rule:?} failed on {text:?}: {e}"));
        let consumed: usize = pairs.map(|p| p.as_str().len()).sum();
        assert_eq!(
            consumed,
            text.len(),
            "{rule:?} did not consume all of {text:?}"
        );
    }

    fn fails(rule: Rule, text: &str) {
        let ok = RuleParser::parse(rule, text)
            .map(|pairs| pairs.map(|p| p.as_str().len()).sum::<usize>() == text.len())
            .unwrap_or(false);
        assert!(!ok, "{rule:?} accepted all of {text:?}");
    }

    #[test]
    fn keywords_are_whole_words() {
        full(Rule::k_and, "and");
        fails(Rule::k_and, "andy");
        full(Rule::k_cites, "cites");
        full(Rule::k_in, "in");
        fails(Rule::k_in, "index");
    }

    #[test]
    fn names() {
        full(Rule::ident, "insurance_contract");
        full(Rule::ident, "index");
        fails(Rule::ident, "and");
        fails(Rule::ident, "1abc");
        full(Rule::dotted_name, "benefits.enforceable");
        full(Rule::fact_name, "cn.mutual_kind");
        full(Rule::reference, "licences.cn");
        full(Rule::rule_name, "mutual_org");
        full(Rule::outcome_name, "licensed_insurer");
        full(Rule::outcome_ref, "licensed_insurer");
        full(Rule::rule_ref, "mutual_org");
        full(Rule::definition_name, "x");
        full(Rule::warning_name, "deposit_taking");
        full(Rule::enum_value, "before_loss");
        full(Rule::language, "zh");
        full(Rule::type_name, "money");
        full(Rule::jurisdiction_code, "cn");
        full(Rule::kind_name, "insurance");
        full(Rule::compliance_name, "no_licence_needed");
    }

    #[test]
    fn addresses() {
        full(Rule::address, "cn/insurance-law/art-2");
        full(Rule::address, "ny/ins/s-1101/a/1");
        full(Rule::address, "jp/iba/art-2/para-1/item-3");
        fails(Rule::address, "/x");
    }

    #[test]
    fn literals() {
        full(Rule::date, "2006-04-01");
        fails(Rule::date, "2006-4-1");
        full(Rule::integer, "100_000_000");
        full(Rule::integer, "7");
        fails(Rule::integer, "_7");
        full(Rule::money, "CNY 100_000_000");
        full(Rule::currency, "USD");
        fails(Rule::currency, "USDX");
        full(Rule::boolean, "true");
        fails(Rule::boolean, "trueish");
        full(Rule::string, r#""a \"quoted\" text""#);
        // a string ends on its line: a line break inside is written `\n`
        full(Rule::string, "\"两行\\n文字\"");
        fails(Rule::string, "\"两行\n文字\"");
        full(Rule::string_text, "plain");
        fails(Rule::string, "\"unterminated");
        full(Rule::value, "CNY 1_000");
        full(Rule::value, "2008-03-31");
        full(Rule::value, "general");
        full(Rule::operator, ">=");
    }

    #[test]
    fn declarations() {
        full(Rule::jurisdiction_decl, "jurisdiction cn");
        full(
            Rule::outcome_decl,
            "outcome licensed_insurer kind insurance compliance licensed",
        );
        full(Rule::fact_type, "bool");
        full(Rule::enum_type, "enum {a, b, c,}");
        full(Rule::question, "question en \"Who?\"");
        full(
            Rule::fact_decl,
            "fact contributions.timing enum {before_loss, after_loss, mixed}\n  question en \"When?\" question zh \"何时？\"",
        );
        full(
            Rule::definition_decl,
            "define x = a and b cites cn/insurance-law/art-2",
        );
        full(
            Rule::warning_decl,
            "warn w \"text\" when a cites cn/criminal-law/art-176",
        );
    }

    #[test]
    fn rules_and_clauses() {
        full(
            Rule::rule_decl,
            "rule r -> o\n  unless a, b\n  priority 2\n  when x = y\n  from 2006-04-01 until 2008-03-31\n  cites a/b/c, d/e\n  because \"why\"",
        );
        full(Rule::when_clause, "when a");
        full(Rule::unless_clause, "unless a, b");
        full(Rule::priority_clause, "priority 10");
        full(
            Rule::cites_clause,
            "cites cn/insurance-law/art-2, cn/insurance-law/art-6",
        );
        full(Rule::from_clause, "from 2006-04-01");
        full(Rule::until_clause, "until 2006-03-31");
        full(Rule::because_clause, "because \"No payout is promised.\"");
    }

    #[test]
    fn conditions() {
        full(Rule::condition, "a and not b or c");
        full(Rule::conjunction, "a and b and c");
        full(Rule::negation, "not not a");
        full(Rule::group, "(a or b)");
        full(Rule::comparison, "participants.count > 1_000");
        full(
            Rule::comparison,
            "finance.initial_operating_fund >= CNY 100_000_000",
        );
        full(
            Rule::membership,
            "contributions.timing in {before_loss, mixed}",
        );
        full(Rule::name_test, "benefits.enforceable");
        fails(Rule::condition, "a and");
        fails(Rule::condition, "a == b");
    }

    #[test]
    fn proposals() {
        full(Rule::k_proposal, "proposal");
        fails(Rule::k_proposal, "proposals");
        full(Rule::k_extends, "extends");
        full(Rule::k_replace, "replace");
        full(Rule::k_repeal, "repeal");
        fails(Rule::ident, "repeal");
        full(
            Rule::proposal_decl,
            "proposal \"Internet mutual aid as mutual insurance society\" extends cn",
        );
        fails(Rule::proposal_decl, "proposal extends cn");
        full(
            Rule::replace_decl,
            "replace rule mutual_aid -> o\n  when not benefits.enforceable\n  cites cn/insurance-law/art-2",
        );
        full(
            Rule::replace_decl,
            "replace define x = a cites cn/insurance-law/art-2",
        );
        full(
            Rule::replace_decl,
            "replace outcome o kind mutual_insurance_society compliance licensed",
        );
        full(
            Rule::replace_decl,
            "replace warn w \"text\" when a cites x/y",
        );
        fails(Rule::replace_decl, "replace fact x bool");
        full(Rule::repeal_decl, "repeal rule unlicensed");
        full(Rule::repeal_decl, "repeal define insurance_contract");
        full(Rule::repeal_decl, "repeal outcome o");
        full(Rule::repeal_decl, "repeal warn w");
        fails(Rule::repeal_decl, "repeal fact x");
        full(Rule::repealed_kind, "define");
        full(Rule::repealed_name, "mutual_aid");
        fails(Rule::repealed_name, "rule");
        full(
            Rule::file,
            "proposal \"p\" extends cn\nrepeal rule a # gone\nreplace rule b -> o when x cites y/z\nrule c -> o cites y/z",
        );
    }

    #[test]
    fn proposal_tree() {
        let file = SourceFile::new(
            "p.rules",
            "proposal \"A \\\"title\\\"\" extends cn\nreplace define d = a cites x/y\nrepeal rule r",
        );
        let tree = parse_file(&file).unwrap();
        let Declaration::Proposal(p) = &tree.declarations[0] else {
            panic!("a proposal line")
        };
        assert_eq!(p.title.node, "A \"title\"");
        assert_eq!(p.extends.text, "cn");
        let Declaration::Replace(r) = &tree.declarations[1] else {
            panic!("a replacement")
        };
        assert_eq!(
            r.declaration.named().map(|(k, n)| (k, n.text.as_str())),
            Some((DeclKind::Definition, "d"))
        );
        assert_eq!(
            file.text[r.span.clone()].trim_end(),
            "replace define d = a cites x/y"
        );
        let Declaration::Repeal(r) = &tree.declarations[2] else {
            panic!("a repeal")
        };
        assert_eq!((r.kind, r.name.text.as_str()), (DeclKind::Rule, "r"));
        assert_eq!(&file.text[r.name.span.clone()], "r");
    }

    #[test]
    fn files_with_comments() {
        full(
            Rule::file,
            "# a comment\njurisdiction cn # trailing\n\nrule r -> o when a cites x/y # end",
        );
        full(Rule::file, "");
    }

    #[test]
    fn tree_has_spans() {
        let file = SourceFile::new(
            "t.rules",
            "jurisdiction cn\nrule r -> o\n  when not a.b = c\n  cites x/y",
        );
        let tree = parse_file(&file).unwrap();
        assert_eq!(tree.declarations.len(), 2);
        let Declaration::Rule(rule) = &tree.declarations[1] else {
            panic!("a rule")
        };
        assert_eq!(rule.name.text, "r");
        assert_eq!(&file.text[rule.outcome.span.clone()], "o");
        let ClauseAt {
            clause: Clause::When(Condition::Not(inner, _)),
            ..
        } = &rule.clauses[0]
        else {
            panic!("a negated condition")
        };
        let Condition::Compare { fact, value, .. } = inner.as_ref() else {
            panic!("a comparison")
        };
        assert_eq!(fact.text, "a.b");
        assert_eq!(value.node, Literal::Enum("c".into()));
    }

    #[test]
    fn errors_use_human_names() {
        let file = SourceFile::new("t.rules", "rule r -> \n");
        let errs = parse_file(&file).unwrap_err();
        assert!(
            errs[0].message.contains("an outcome name"),
            "{}",
            errs[0].message
        );
        let file = SourceFile::new("t.rules", "rule and -> x");
        let errs = parse_file(&file).unwrap_err();
        assert!(
            errs[0].help.as_deref().unwrap_or("").contains("keyword"),
            "{errs:?}"
        );
    }

    #[test]
    fn bad_literals_are_collected() {
        let file = SourceFile::new(
            "t.rules",
            "rule r -> o when a > 99999999999999999999 from 2006-02-30 cites x",
        );
        let errs = parse_file(&file).unwrap_err();
        assert_eq!(errs.len(), 2);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!(
            "rule r -> o when {}a{} cites x",
            "(".repeat(500),
            ")".repeat(500)
        );
        let errs = parse_file(&SourceFile::new("t.rules", text)).unwrap_err();
        assert!(errs[0].message.contains("nest"));
    }

    #[test]
    fn no_panic_on_garbage() {
        let samples = [
            "\u{0}\u{1}\u{2}",
            "rule",
            "rule r ->",
            "\"",
            "define x = (a",
            "fact x enum {",
            "outcome o kind",
            "rule r -> o when a in {",
            "warn w \"x",
        ];
        for s in samples {
            let _ = parse_file(&SourceFile::new("t.rules", s));
        }
    }
}
