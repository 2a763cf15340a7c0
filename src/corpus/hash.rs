//! The corpus's content hash: SHA-256 over every instrument file's name and bytes. This
//! file is also compiled into the build script, which hashes the shipped corpus once at
//! build time, so that a query on it never reads or hashes the corpus.

use sha2::{Digest, Sha256};

/// Top-level folders of a corpus that hold rules, schemes and cases, not instruments.
pub const NOT_INSTRUMENTS: [&str; 4] = ["rules", "schemes", "cases", "proposals"];

/// The concept vocabulary at the corpus's root (see `corpus::concepts`), not an instrument.
pub const CONCEPTS_FILE: &str = "concepts.yaml";

/// The map of what the rules encode, at the corpus's root (see `corpus::coverage`), not an
/// instrument.
pub const COVERAGE_FILE: &str = "coverage.yaml";
/// The glossary of the statutes' terms (see [`super::glossary`]).
pub const GLOSSARY_FILE: &str = "glossary.yaml";

/// The jurisdiction registry of a corpus (see `corpus::jurisdictions`).
pub const REGISTRY_FILE: &str = "jurisdictions.yaml";

/// Whether the content hash covers the file: an instrument, the registry (its citation
/// styles and names change what is printed) or the glossary (its terms name the answers of
/// reports).
pub fn is_hashed_file(rel: &str) -> bool {
    is_instrument_file(rel) || rel == REGISTRY_FILE || rel == GLOSSARY_FILE
}

/// Whether the file at this relative path (`/`-separated) is an instrument file: YAML
/// outside `rules/`, `schemes/`, `cases/` and `proposals/`, other than the concepts file and
/// the coverage map.
pub fn is_instrument_file(rel: &str) -> bool {
    rel.ends_with(".yaml")
        && rel != CONCEPTS_FILE
        && rel != REGISTRY_FILE
        && rel != COVERAGE_FILE
        && rel != GLOSSARY_FILE
        && !NOT_INSTRUMENTS
            .iter()
            .any(|d| rel.strip_prefix(d).is_some_and(|r| r.starts_with('/')))
}

/// Whether the file at this relative path is a rule file in use: `rules/*.rules`, not a
/// proposal.
pub fn is_rule_file(rel: &str) -> bool {
    rel.starts_with("rules/") && rel.ends_with(".rules") && !rel.contains("/proposals/")
}

/// The hash of the rules in use: SHA-256 over the rule files' texts, in the order read.
pub fn rules_hash<'a>(texts: impl Iterator<Item = &'a [u8]>) -> String {
    content_hash(texts.map(|t| ("", t)))
}

/// The content hash of instrument files given as `(relative path, bytes)`, sorted by path.
pub fn content_hash<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut h = ContentHasher::default();
    for (name, bytes) in files {
        h.add(name, bytes);
    }
    h.finish()
}

/// The content hash (see [`content_hash`]) taken one file at a time, so that a file need
/// not be held once hashed.
#[derive(Default)]
pub struct ContentHasher(Sha256);

impl ContentHasher {
    /// Adds the next file, by relative path (files come sorted by path).
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        self.0.update(name.as_bytes());
        self.0.update([0]);
        self.0.update(bytes);
        self.0.update([0]);
    }

    /// The hash, in lower-case hexadecimal.
    pub fn finish(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}
