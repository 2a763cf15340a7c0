//! Snapshot tests of diagnostics: every file in `tests/fixtures/rules-bad/` and
//! `tests/fixtures/schemes-bad/` must give located diagnostics (file:line:col) and never
//! panic. A bad proposal is a file named `proposal-*.rules`: it is applied over all the
//! shipped rules, which it changes; any other file is loaded with the shipped facts only.
//! A new bad input is a new file; accept its snapshot with
//! `INSTA_UPDATE=always cargo test --test diagnostics` and review the `.snap` file.

use std::path::Path;

use mutua::corpus::{load_embedded, Corpus, CorpusFiles};
use mutua::diagnostic::{Diagnostic, SourceFile};
use mutua::rules::{self, RuleSet};

fn fixtures(dir: &str, ext: &str) -> Vec<(String, String)> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&base)
        .unwrap_or_else(|e| panic!("{}: {e}", base.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| {
            let name = format!(
                "tests/fixtures/{dir}/{}",
                p.file_name().unwrap().to_string_lossy()
            );
            // bad input may not even be UTF-8
            let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
            (name, text)
        })
        .collect();
    out.sort();
    out
}

fn shipped() -> (Corpus, Vec<SourceFile>) {
    let corpus = load_embedded().expect("the shipped corpus loads");
    (corpus, rules::shipped_rule_files(&CorpusFiles::shipped()))
}

fn render(file: &str, diags: &[Diagnostic]) -> String {
    assert!(!diags.is_empty(), "{file}: no diagnostics");
    for d in diags {
        let loc = d
            .location
            .as_ref()
            .unwrap_or_else(|| panic!("{file}: diagnostic without a place: {}", d.message));
        assert!(loc.line >= 1 && loc.column >= 1);
    }
    diags
        .iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

fn snapshot_name(file: &str) -> String {
    file.trim_start_matches("tests/fixtures/")
        .replace(['/', '.'], "_")
}

#[test]
fn bad_rule_files() {
    let (corpus, shipped) = shipped();
    let facts = shipped
        .iter()
        .find(|f| f.name.ends_with("facts.rules"))
        .expect("facts.rules is shipped")
        .clone();
    for (name, text) in fixtures("rules-bad", "rules") {
        let file = SourceFile::new(name.clone(), text);
        let is_proposal = name.contains("/proposal-");
        let loaded = if is_proposal {
            rules::load_rules_with_proposals(&shipped, &[file], &corpus)
        } else {
            rules::load_rules(&[facts.clone(), file], &corpus)
        };
        let diags = match loaded {
            Ok(set) => set.diagnostics,
            Err(diags) => diags,
        };
        // the shared vocabulary itself is clean: every diagnostic is in the bad file
        assert!(
            diags
                .iter()
                .all(|d| d.location.as_ref().is_some_and(|l| l.file == name)),
            "{name}"
        );
        insta::assert_snapshot!(snapshot_name(&name), render(&name, &diags));
    }
}

#[test]
fn bad_scheme_files() {
    let (corpus, shipped) = shipped();
    let set: RuleSet = rules::load_rules(&shipped, &corpus).expect("the shipped rules check");
    for (name, text) in fixtures("schemes-bad", "yaml") {
        let file = SourceFile::new(name.clone(), text);
        let diags = mutua::scheme::load_scheme(&file, &set.facts).expect_err(&name);
        insta::assert_snapshot!(snapshot_name(&name), render(&name, &diags));
    }
}

#[test]
fn truncated_rule_files_never_panic() {
    let (corpus, shipped) = shipped();
    for file in &shipped {
        let text: &str = &file.text;
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let part = SourceFile::new(file.name.clone(), &text[..cut]);
                let _ = rules::load_rules(&[part], &corpus);
            }
            cut += 97;
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let (corpus, shipped) = shipped();
    let set = rules::load_rules(&shipped, &corpus).unwrap();
    // a small deterministic generator: no extra dependency
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let alphabet =
        b"abcdefghijklmnopqrstuvwxyz_.-=!<>(){},:\"# \n0123456789CNYruledefinewhencitesnotandor";
    for _ in 0..300 {
        let len = (state % 200) as usize;
        let mut text = String::new();
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push(alphabet[(state % alphabet.len() as u64) as usize] as char);
        }
        let _ = rules::load_rules(&[SourceFile::new("fuzz.rules", text.clone())], &corpus);
        let _ = mutua::scheme::load_scheme(&SourceFile::new("fuzz.yaml", text), &set.facts);
    }
}
