//! `mutua fmt`: the shipped rule files are laid out as it lays them out; a file laid out
//! anew declares what it declared before, and laying it out again changes nothing.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use mutua::diagnostic::SourceFile;
use mutua::rules::fmt::{format, same_declarations};
use mutua::rules::syntax::parse_file;

/// Every shipped rule file and proposal.
fn shipped() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["corpus/rules", "corpus/rules/proposals"] {
        for e in std::fs::read_dir(root.join(dir)).expect("rules folder") {
            let p = e.expect("entry").path();
            if p.extension().is_some_and(|x| x == "rules") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 5, "{out:?}");
    out
}

/// The file with its layout undone: every line's indentation dropped and every blank
/// line doubled.
fn unformatted(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.trim().is_empty() {
                "\n"
            } else {
                l.trim_start()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_shipped_rules_are_laid_out() {
    for path in shipped() {
        let file = SourceFile::read(&path).expect("readable");
        let laid_out = format(&file).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()));
        if laid_out != *file.text {
            let diff = similar::TextDiff::from_lines(&*file.text, laid_out.as_str());
            panic!("{} changes:\n{}", path.display(), diff.unified_diff());
        }
    }
}

#[test]
fn layout_keeps_what_a_file_declares_and_settles_at_once() {
    for path in shipped() {
        let original = SourceFile::read(&path).expect("readable");
        let messy = SourceFile::new(original.name.clone(), unformatted(&original.text));
        assert_ne!(*messy.text, *original.text);
        let once = format(&messy).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()));
        let twice = format(&SourceFile::new(original.name.clone(), once.as_str()))
            .unwrap_or_else(|d| panic!("{}: {d:?}", path.display()));
        assert_eq!(
            once,
            twice,
            "{}: a second run changes the layout",
            path.display()
        );
        let before = parse_file(&original).expect("parses");
        let after = parse_file(&SourceFile::new(original.name.clone(), once.as_str()))
            .expect("the laid-out file parses");
        assert!(
            same_declarations(&before, &after),
            "{}: laying out changed what the file declares",
            path.display()
        );
        assert_eq!(
            once.matches('#').count(),
            original.text.matches('#').count(),
            "{}: a comment was lost",
            path.display()
        );
    }
}

#[test]
fn check_passes_on_the_shipped_rules() {
    let mut cmd = Command::cargo_bin("mutua").expect("binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("fmt")
        .arg("--check");
    for p in shipped() {
        cmd.arg(p);
    }
    let out = cmd.output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "laid out: {} rule file(s) as `mutua fmt` lays them out\n",
            shipped().len()
        )
    );
}

#[test]
fn check_shows_the_change_and_fails_and_fmt_makes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.rules");
    std::fs::write(&path, "rule  r ->o  cites cn/insurance-law/art-2 when a\n").unwrap();
    let out = Command::cargo_bin("mutua")
        .unwrap()
        .args(["fmt", "--check"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("is not laid out as `mutua fmt` would"),
        "{stdout}"
    );
    assert!(stdout.contains("+  when a\n"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 file(s) would change"));
    // unchanged by --check
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .starts_with("rule  r"));

    let out = Command::cargo_bin("mutua")
        .unwrap()
        .arg("fmt")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("laid out {}\n", path.display())
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "rule r -> o\n  when a\n  cites cn/insurance-law/art-2\n"
    );
}

#[test]
fn a_file_that_does_not_parse_is_bad_input_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.rules");
    std::fs::write(&path, "rule r -> o\n  when (a and\n").unwrap();
    let out = Command::cargo_bin("mutua")
        .unwrap()
        .arg("fmt")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.rules:"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "rule r -> o\n  when (a and\n"
    );
}

#[test]
fn standard_input_is_laid_out_to_standard_output() {
    let out = Command::cargo_bin("mutua")
        .unwrap()
        .args(["fmt", "-"])
        .write_stdin("outcome  o kind insurance compliance licensed\n\n\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "outcome o kind insurance compliance licensed\n"
    );
}
