//! The rule language: syntax (pest grammar → spanned AST), check (→ RuleSet), and
//! evaluation (→ Evaluation with its explanation tree).
//!
//! ```
//! use mutua::corpus::{load_embedded, CorpusFiles, Jurisdiction};
//! use mutua::diagnostic::SourceFile;
//! use mutua::rules;
//!
//! let corpus = load_embedded().unwrap();
//! let files = rules::shipped_rule_files(&CorpusFiles::shipped());
//! let set = rules::load_rules(&files, &corpus).unwrap();
//! let text = "name: a plan\nas_of: 2019-11-27\nbenefits:\n  enforceable: false\n";
//! let scheme = mutua::scheme::load_scheme(&SourceFile::new("plan.yaml", text), &set).unwrap();
//! let date = scheme.as_of.unwrap();
//! let result = rules::evaluate(&set, Jurisdiction::Cn, &scheme, date, &corpus, "en");
//! assert_eq!(result.jurisdiction, "cn");
//! ```

pub mod ast;
pub mod check;
pub mod eval;
pub mod outcome;
pub mod syntax;

pub use check::RuleSet;

use crate::corpus::{Corpus, CorpusFiles, Jurisdiction};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::scheme::Scheme;

/// Parses and checks rule files (all errors at once). Citations resolve against `corpus`
/// and must be in force during the rule's period (`from`/`until`, else the rule applies
/// always). Warnings found on the way are kept in [`RuleSet::diagnostics`].
pub fn load_rules(files: &[SourceFile], corpus: &Corpus) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut parsed = Vec::new();
    for file in files {
        match syntax::parse_file(file) {
            Ok(tree) => parsed.push((file.clone(), tree)),
            Err(errs) => diags.extend(errs),
        }
    }
    match check::check(&parsed, corpus) {
        Ok(set) if diags.is_empty() => Ok(set),
        Ok(set) => {
            diags.extend(set.diagnostics);
            Err(diags)
        }
        Err(errs) => {
            diags.extend(errs);
            Err(diags)
        }
    }
}

/// The shipped rules: every `rules/*.rules` of `corpus_files` (see
/// [`CorpusFiles::rule_files`]), named as `corpus/rules/cn.rules`.
pub fn shipped_rule_files(corpus_files: &CorpusFiles) -> Vec<SourceFile> {
    corpus_files
        .rule_files()
        .map(|(name, text)| {
            let shown = if corpus_files.origin == "corpus" {
                format!("corpus/{name}")
            } else {
                std::path::Path::new(&corpus_files.origin)
                    .join(name)
                    .display()
                    .to_string()
            };
            SourceFile::new(shown, text.as_str())
        })
        .collect()
}

/// Evaluates one jurisdiction's rules. `language` ("en", "zh", "ja") picks which text of
/// cited provisions is quoted (fallback: the first available).
pub fn evaluate(
    rules: &RuleSet,
    jurisdiction: Jurisdiction,
    scheme: &Scheme,
    as_of: chrono::NaiveDate,
    corpus: &Corpus,
    language: &str,
) -> outcome::Evaluation {
    eval::evaluate(rules, jurisdiction, scheme, as_of, corpus, language)
}
