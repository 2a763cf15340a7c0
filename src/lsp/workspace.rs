//! What the server knows: the corpus, the documents the editor has open, and for a rule
//! file the rule set it belongs to (the other rule files of its folder, or the rules a
//! proposal amends), checked as `mutua check` checks it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::facts::Vocabulary;
use crate::rules::ast::RuleFile;
use crate::rules::{self, syntax};

use super::symbols::{self, Occurrence, Role};

/// An open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its text as the editor holds it.
    pub text: String,
    /// The editor's version of it.
    pub version: i32,
}

/// One file of a rule set, parsed where it parses.
#[derive(Debug, Clone)]
pub struct SetFile {
    /// The file (named by its path).
    pub source: SourceFile,
    /// Its syntax tree, when it parses.
    pub tree: Option<RuleFile>,
    /// The names it writes.
    pub occurrences: Vec<Occurrence>,
}

/// The rule files a rule file is checked with: its own, and the others of its set.
#[derive(Debug, Clone)]
pub struct RuleFiles {
    /// The base rules (for a proposal, the rules it amends; else the file's folder).
    pub base: Vec<SourceFile>,
    /// The file itself, when it is a proposal (checked over `base`); else it is in `base`.
    pub proposal: Option<SourceFile>,
}

impl RuleFiles {
    /// Every file, the proposal last.
    pub fn all(&self) -> Vec<SourceFile> {
        self.base
            .iter()
            .chain(self.proposal.as_ref())
            .cloned()
            .collect()
    }
}

/// The server's state.
pub struct Workspace {
    /// The corpus citations resolve against.
    pub corpus: Corpus,
    /// The shipped rule files (named `corpus/rules/NAME.rules`).
    pub shipped: Vec<SourceFile>,
    /// The facts of the shipped rules: what a scheme file may say.
    pub vocabulary: Vocabulary,
    /// Open documents by path.
    pub documents: HashMap<PathBuf, Document>,
    /// The folder the editor opened, if any.
    pub root: Option<PathBuf>,
    /// The folder of the corpus in use (for the instrument files an address opens).
    pub corpus_dir: Option<PathBuf>,
    /// The language of texts shown (`en`, `zh`, `ja`) when the client asks for one; else a
    /// provision's text is shown in its jurisdiction's language.
    pub language: Option<String>,
}

/// Whether a rule file's text is a proposal (a `proposal "…" extends` line).
pub fn is_proposal_text(text: &str) -> bool {
    text.lines()
        .any(|l| l.trim_start().starts_with("proposal \"") || l.trim_start() == "proposal")
}

impl Workspace {
    /// A workspace over `corpus` with the shipped rules `shipped`.
    pub fn new(corpus: Corpus, shipped: Vec<SourceFile>) -> Workspace {
        let vocabulary = rules::load_rules(&shipped, &corpus)
            .map(|set| set.facts)
            .unwrap_or_default();
        Workspace {
            corpus,
            shipped,
            vocabulary,
            documents: HashMap::new(),
            root: None,
            corpus_dir: None,
            language: None,
        }
    }

    /// The text of a file: the editor's if it is open, else the disk's.
    pub fn text_of(&self, path: &Path) -> Option<String> {
        match self.documents.get(path) {
            Some(d) => Some(d.text.clone()),
            None => std::fs::read_to_string(path).ok(),
        }
    }

    /// The `.rules` files of a folder that are not proposals, `except` left out.
    fn rule_files_in(&self, folder: &Path, except: &Path) -> Vec<SourceFile> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rules") && p != except)
            .collect();
        paths.sort();
        paths
            .into_iter()
            .filter_map(|p| {
                let text = self.text_of(&p)?;
                (!is_proposal_text(&text)).then(|| SourceFile::new(p.display().to_string(), text))
            })
            .collect()
    }

    /// The rule set of the rule file at `path`: the other rule files of its folder, with
    /// the shipped `facts.rules` when the folder has none; for a proposal, the rules of its
    /// folder or of the folder above (`rules/proposals/x.rules` amends `rules/*.rules`),
    /// else the shipped rules.
    pub fn rule_files(&self, path: &Path) -> RuleFiles {
        let text = self.text_of(path).unwrap_or_default();
        let this = SourceFile::new(path.display().to_string(), text.as_str());
        let folder = path.parent().unwrap_or(Path::new("."));
        let mut base = self.rule_files_in(folder, path);
        let proposal = is_proposal_text(&text);
        if proposal && base.is_empty() {
            if let Some(up) = folder.parent() {
                base = self.rule_files_in(up, path);
            }
        }
        if proposal && base.is_empty() {
            base = self.shipped.clone();
        }
        let named =
            |f: &SourceFile, n: &str| Path::new(&f.name).file_name().is_some_and(|x| x == n);
        if !base.iter().any(|f| named(f, "facts.rules")) && !named(&this, "facts.rules") {
            if let Some(facts) = self.shipped.iter().find(|f| named(f, "facts.rules")) {
                base.insert(0, facts.clone());
            }
        }
        if proposal {
            RuleFiles {
                base,
                proposal: Some(this),
            }
        } else {
            base.push(this);
            RuleFiles {
                base,
                proposal: None,
            }
        }
    }

    /// Checks a rule set as `mutua check` does: every diagnostic, warnings and notes too.
    pub fn check(&self, files: &RuleFiles) -> Vec<Diagnostic> {
        let result = match &files.proposal {
            None => rules::check_rules(&files.base, &self.corpus),
            Some(p) => {
                rules::load_rules_with_proposals(&files.base, std::slice::from_ref(p), &self.corpus)
            }
        };
        match result {
            Ok(set) => set.diagnostics,
            Err(diags) => diags,
        }
    }

    /// Checks a scheme file against the fact vocabulary. Files that are not schemes (an
    /// instrument of the corpus, a case with its `expect:` block) are not checked.
    pub fn check_scheme(&self, path: &Path, text: &str) -> Vec<Diagnostic> {
        let top_keys: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with([' ', '\t', '#', '-']))
            .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
            .collect();
        if top_keys
            .iter()
            .any(|k| matches!(*k, "provisions" | "id" | crate::cases::EXPECT_KEY))
        {
            return Vec::new();
        }
        let file = SourceFile::new(path.display().to_string(), text);
        match crate::scheme::load_scheme(&file, &self.vocabulary) {
            Ok(_) => Vec::new(),
            Err(diags) => diags,
        }
    }

    /// The files of a rule set, parsed, with their names.
    pub fn parsed(&self, files: &RuleFiles) -> Vec<SetFile> {
        files
            .all()
            .into_iter()
            .map(|source| {
                let tree = syntax::parse_file(&source).ok();
                let occurrences = tree.as_ref().map(symbols::occurrences).unwrap_or_default();
                SetFile {
                    source,
                    tree,
                    occurrences,
                }
            })
            .collect()
    }
}

/// The names of a rule set's definitions (to tell a definition from a bool fact).
pub fn definitions(set: &[SetFile]) -> std::collections::HashSet<String> {
    set.iter()
        .flat_map(|f| &f.occurrences)
        .filter(|o| o.role == Role::Definition && o.declares)
        .map(|o| o.name.clone())
        .collect()
}

/// The role of an occurrence once the rule set tells facts from definitions.
pub fn resolved(o: &Occurrence, definitions: &std::collections::HashSet<String>) -> Role {
    match o.role {
        Role::FactOrDefinition if definitions.contains(&o.name) => Role::Definition,
        Role::FactOrDefinition => Role::Fact,
        r => r,
    }
}
