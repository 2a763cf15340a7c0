//! mutua's corpus loader and rule checker for its build script, which cannot use the crate
//! it builds. These are the crate's own source files, compiled a second time: the build
//! script checks the shipped corpus and rules with exactly the code `mutua check` runs, and
//! encodes the loaded corpus with the types the binary decodes it into.
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
#[path = "../src/rules/mod.rs"]
pub mod rules;
#[path = "../src/scheme.rs"]
pub mod scheme;

pub use diagnostic::{Diagnostic, Error, Result};

use std::path::Path;

use diagnostic::Severity;

/// The shipped corpus once checked: the loaded corpus and the warnings the checks gave.
pub struct Checked {
    /// The instruments after loading, as `corpus::load::load` returns them.
    pub corpus: corpus::Corpus,
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
    let mut diags = match rules::load_rules(&base, &corpus) {
        Ok(set) => set.diagnostics,
        Err(d) => d,
    };
    for (name, text) in files.files.iter().filter(|(n, _)| is_proposal_file(n)) {
        let shown = dir.join(name).display().to_string();
        let proposal = diagnostic::SourceFile::new(shown, text.as_str());
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
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.render_plain().replace('\n', " ").trim_end().to_string())
        .collect();
    Ok(Checked { corpus, warnings })
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
