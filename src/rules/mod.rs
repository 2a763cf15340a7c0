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
//! let scheme = mutua::scheme::load_scheme(&SourceFile::new("plan.yaml", text), &set.facts).unwrap();
//! let date = scheme.as_of.unwrap();
//! let result = rules::evaluate(&set, Jurisdiction::from_code("cn").unwrap(), &scheme, date, &corpus, "en");
//! assert_eq!(result.jurisdiction, "cn");
//! ```

mod analysis;
pub mod ast;
pub mod check;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod outcome;
pub mod prechecked;
pub mod proposal;
pub mod stop;
pub mod syntax;
pub mod translations;
pub mod whatif;

pub use check::{AppliedProposal, RuleSet};
pub use stop::{Deadline, OutOfTime, Stop, Unbounded};

use crate::corpus::{Corpus, CorpusFiles, Jurisdiction};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::scheme::Scheme;

/// Parses and checks rule files (all errors at once). Citations resolve against `corpus`
/// and must be in force during the rule's period (`from`/`until`, else the rule applies
/// always). Warnings found on the way are kept in [`RuleSet::diagnostics`].
///
/// Proposal files among `files` (those with a `proposal "TITLE" extends cn` line) are told
/// apart by that line: the other files are checked first as the base rules, then the
/// proposals are applied over them in the order given (see [`proposal`]). To say which
/// files are proposals, use [`load_rules_with_proposals`].
///
/// The shipped rule files, unchanged, over the shipped corpus were parsed and checked when
/// mutua was built: their checked rules are decoded from the copy built into the binary (see
/// [`prechecked`]), with the same diagnostics.
pub fn load_rules(files: &[SourceFile], corpus: &Corpus) -> Result<RuleSet, Vec<Diagnostic>> {
    #[cfg(not(mutua_build))]
    if let Some(set) = prechecked::shipped(files, corpus) {
        return Ok(set);
    }
    check_rules(files, corpus)
}

/// [`load_rules`] parsing and checking the files always, the shipped ones included.
pub fn check_rules(files: &[SourceFile], corpus: &Corpus) -> Result<RuleSet, Vec<Diagnostic>> {
    let (mut diags, parsed) = parse_all(files);
    let (proposals, base): (Vec<_>, Vec<_>) = parsed
        .into_iter()
        .partition(|(_, tree)| proposal::is_proposal(tree));
    let result = if proposals.is_empty() {
        check::check(&base, corpus)
    } else {
        proposal::apply(&base, &proposals, corpus)
    };
    finish(&mut diags, result)
}

/// Like [`load_rules`], with the proposals given apart: `base` are the rules in use (none
/// may be a proposal), `proposals` are applied over them in order (each must start with
/// `proposal "TITLE" extends cn`).
pub fn load_rules_with_proposals(
    base: &[SourceFile],
    proposals: &[SourceFile],
    corpus: &Corpus,
) -> Result<RuleSet, Vec<Diagnostic>> {
    let (mut diags, base) = parse_all(base);
    let (proposal_diags, proposals) = parse_all(proposals);
    diags.extend(proposal_diags);
    for (file, tree) in &base {
        let header = tree.declarations.iter().find_map(|d| match d {
            ast::Declaration::Proposal(p) => Some(p),
            _ => None,
        });
        if let Some(p) = header {
            diags.push(
                Diagnostic::error(format!("{} is a proposal, not base rules", file.name))
                    .at(file.span(p.span.start..p.span.start + "proposal".len()))
                    .label("a proposal line")
                    .help("give a proposal with `--proposal FILE`, after the rules it changes"),
            );
        }
    }
    if !diags.is_empty() {
        // still report what the base rules hold, so that every error shows at once
        if let Err(errs) = check::check(&base, corpus) {
            diags.extend(errs);
        }
        return Err(diags);
    }
    let result = proposal::apply(&base, &proposals, corpus);
    finish(&mut diags, result)
}

/// Parses each file; the syntax errors, and the files that parsed.
fn parse_all(files: &[SourceFile]) -> (Vec<Diagnostic>, Vec<(SourceFile, ast::RuleFile)>) {
    let mut diags = Vec::new();
    let mut parsed = Vec::new();
    for file in files {
        match syntax::parse_file(file) {
            Ok(tree) => parsed.push((file.clone(), tree)),
            Err(errs) => diags.extend(errs),
        }
    }
    (diags, parsed)
}

/// Joins syntax errors with the checker's result.
fn finish(
    diags: &mut Vec<Diagnostic>,
    result: Result<RuleSet, Vec<Diagnostic>>,
) -> Result<RuleSet, Vec<Diagnostic>> {
    let mut diags = std::mem::take(diags);
    match result {
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
            SourceFile::new(shown, &**text)
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

/// [`evaluate`] tracing only the rules `trace` says: [`eval::Trace::Deciding`] is enough
/// for a brief report and much cheaper than tracing every rule.
pub fn evaluate_traced(
    rules: &RuleSet,
    jurisdiction: Jurisdiction,
    scheme: &Scheme,
    as_of: chrono::NaiveDate,
    corpus: &Corpus,
    language: &str,
    trace: eval::Trace,
) -> outcome::Evaluation {
    let Ok(ev) = eval::evaluate_traced(
        rules,
        jurisdiction,
        scheme,
        as_of,
        corpus,
        language,
        trace,
        &Unbounded,
    );
    ev
}
