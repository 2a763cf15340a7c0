//! The build checks the shipped corpus as `mutua check` does: a broken instrument or rule
//! file fails it with the file's line and column. The test runs the build script's checking
//! function (`mutua_law_build::check_corpus`) on a copy of the corpus with broken files,
//! rather than a whole `cargo build` of a copy of the crate, which would take minutes.

use std::path::Path;

fn copy_corpus(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn replace(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains(from), "{} holds `{from}`", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_shipped_corpus_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let checked = mutua_law_build::check_corpus(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(!checked.corpus.instruments.is_empty());
}

#[test]
fn a_bad_date_fails_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    copy_corpus(tmp.path());
    let file = tmp
        .path()
        .join("cn/agricultural-insurance-regulations.yaml");
    replace(&file, "effective: 2016-02-06", "effective: 2016-02-31");
    let err = mutua_law_build::check_corpus(tmp.path())
        .err()
        .expect("the check fails");
    let place = format!("{}:18:12: cannot read this corpus file", file.display());
    assert!(err.contains(&place), "{err}");
    assert!(err.contains("write dates as YYYY-MM-DD"), "{err}");
}

#[test]
fn a_broken_rule_file_fails_with_its_place() {
    let tmp = tempfile::tempdir().unwrap();
    copy_corpus(tmp.path());
    let file = tmp.path().join("rules/cn.rules");
    let lines = std::fs::read_to_string(&file).unwrap().lines().count();
    let mut text = std::fs::read_to_string(&file).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("rule broken when\n");
    std::fs::write(&file, text).unwrap();
    let err = mutua_law_build::check_corpus(tmp.path())
        .err()
        .expect("the check fails");
    let place = format!("{}:{}:1:", file.display(), lines + 1);
    assert_eq!(err.matches(&place).count(), 1, "{err}");
}
