//! The rule language: syntax (pest grammar → spanned AST), check (→ RuleSet), and
//! evaluation (→ Evaluation with its explanation tree).

pub mod outcome;
