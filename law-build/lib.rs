//! mutua's corpus loader and rule checker for its build script, which cannot use the crate
//! it builds. These are the crate's own source files, compiled a second time: the build
//! script checks the shipped corpus and rules with exactly the code `mutua check` runs, and
//! encodes the loaded corpus and the checked rules with the types the binary decodes them
//! into.
//!
//! Compiled here, `cfg(mutua_build)` is set: the parts that need the finished binary's
//! embedded corpus are left out.
#![allow(dead_code, unused_imports, missing_docs, clippy::all)]

#[path = "../src/cases.rs"]
pub mod cases;
#[path = "../src/corpus/mod.rs"]
pub mod corpus;
#[path = "../src/diagnostic.rs"]
pub mod diagnostic;
#[path = "../src/facts.rs"]
pub mod facts;
#[path = "../src/lang.rs"]
pub mod lang;
#[path = "../src/rules/mod.rs"]
pub mod rules;
#[path = "../src/scheme.rs"]
pub mod scheme;

pub use diagnostic::{Diagnostic, Error, Result};

use std::path::Path;

use diagnostic::Severity;

/// The shipped corpus once checked: the loaded corpus, its checked rules and the warnings
/// the checks gave.
pub struct Checked {
    /// The instruments after loading, as `corpus::load::load` returns them.
    pub corpus: corpus::Corpus,
    /// The rule files in use (`rules/*.rules`), as `rules::shipped_rule_files` names them.
    pub rule_files: Vec<diagnostic::SourceFile>,
    /// The rules they check into, as `mutua check` checks them (with the whole-set
    /// analysis).
    pub rules: rules::RuleSet,
    /// The same rules as the commands that evaluate rules check them (without it).
    pub rules_unanalysed: rules::RuleSet,
    /// Each warning of the rule checks, rendered on one line (`file:line:col: warning: …`).
    pub warnings: Vec<String>,
}

/// Loads and checks the corpus folder `dir` as `mutua check` does for the shipped corpus:
/// the instruments, jurisdiction registry and concept vocabulary, then the rules in
/// `rules/*.rules` (with the whole-set analysis), then each proposal in `rules/proposals/`
/// over them. On any error, the rendered diagnostics (`file:line:col`, the source line, the
/// help), every one found.
pub fn check_corpus(dir: &Path) -> std::result::Result<Checked, String> {
    let files = corpus::CorpusFiles::from_dir(dir).map_err(|e| render(e.diagnostics()))?;
    let corpus = corpus::load::load(&files).map_err(|e| render(e.diagnostics()))?;
    let base = rules::shipped_rule_files(&files);
    let (mut diags, checked_rules) = match rules::load_rules(&base, &corpus) {
        Ok(set) => (set.diagnostics.clone(), Some(set)),
        Err(d) => (d, None),
    };
    for (name, text) in files.files.iter().filter(|(n, _)| is_proposal_file(n)) {
        let shown = dir.join(name).display().to_string();
        let proposal = diagnostic::SourceFile::new(shown, &**text);
        match rules::load_rules_with_proposals(&base, &[proposal], &corpus) {
            // the base rules' own warnings are in `diags` already
            Ok(_) => {}
            Err(d) => diags.extend(d),
        }
    }
    // each proposal is checked over the base rules: their problems are found once a proposal
    let mut unique: Vec<Diagnostic> = Vec::new();
    for d in diags {
        if !unique.contains(&d) {
            unique.push(d);
        }
    }
    let diags = unique;
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return Err(render(&diags));
    }
    // the base rules checked with no error unless they gave one
    let Some(rules) = checked_rules else {
        return Err(render(&diags));
    };
    // as `classify` checks them: the same rules, perhaps fewer warnings
    let rules_unanalysed =
        rules::check::without_whole_set_analysis(|| rules::load_rules(&base, &corpus))
            .map_err(|d| render(&d))?;
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.render_plain().replace('\n', " ").trim_end().to_string())
        .collect();
    Ok(Checked {
        corpus,
        rule_files: base,
        rules,
        rules_unanalysed,
        warnings,
    })
}

/// Whether a corpus file is a proposal over the shipped rules (`rules/proposals/*.rules`).
fn is_proposal_file(rel: &str) -> bool {
    rel.starts_with("rules/proposals/") && rel.ends_with(".rules")
}

/// Every diagnostic rendered without colour, errors first.
fn render(diags: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = diags.iter().collect();
    sorted.sort_by_key(|d| d.severity != Severity::Error);
    sorted.iter().map(|d| d.render(false)).collect()
}

/// The loaded instruments in the binary's encoding (MessagePack with named fields, which
/// keeps the model's optional fields optional), checked to decode to the same instruments.
pub fn encode(corpus: &corpus::Corpus) -> std::result::Result<Vec<u8>, String> {
    let bytes = rmp_serde::to_vec_named(&corpus.instruments)
        .map_err(|e| format!("cannot encode the shipped corpus: {e}"))?;
    let back: Vec<corpus::Instrument> = rmp_serde::from_slice(&bytes)
        .map_err(|e| format!("the encoded shipped corpus does not decode: {e}"))?;
    if back != corpus.instruments {
        return Err("the encoded shipped corpus decodes to other instruments".into());
    }
    Ok(bytes)
}

/// The checked rules in the binary's encoding (see `rules::prechecked`), checked to decode
/// to the same rules and diagnostics.
pub fn encode_rules(checked: &Checked) -> std::result::Result<Vec<u8>, String> {
    rules::prechecked::encode(
        &checked.rule_files,
        &checked.rules,
        &checked.rules_unanalysed,
    )
}
