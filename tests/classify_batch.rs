//! `classify` of many schemes in one run: files and folders, `--format jsonl` with one
//! result a line in the shape of the single-scheme JSON, and `--format json` as an array.

mod common;

use common::{json, mutua};

fn scheme_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir("corpus/schemes")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

#[test]
fn jsonl_gives_one_result_a_line_as_classify_of_each_would() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["classify", "corpus/schemes", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON object"))
        .collect();
    let files = scheme_files();
    assert_eq!(lines.len(), files.len());
    // spot-check against single runs: the same object, provenance included
    for k in [0, files.len() / 2, files.len() - 1] {
        let single = mutua(cache.path())
            .args(["classify", &files[k], "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(lines[k], json(&single), "{}", files[k]);
        assert_eq!(lines[k]["scheme"]["file"], files[k].as_str());
    }
}

#[test]
fn json_of_many_schemes_is_an_array() {
    let cache = tempfile::tempdir().unwrap();
    let files = scheme_files();
    let out = mutua(cache.path())
        .args(["classify", &files[0], &files[1], "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    assert_eq!(v[1]["scheme"]["file"], files[1].as_str());
    assert!(v[0]["provenance"]["rules_hash"].is_string());
}

#[test]
fn a_bad_scheme_in_a_batch_is_named_and_nothing_is_classified() {
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "name: x\nas_of: 2020-01-01\nno_such_fact: true\n").unwrap();
    let files = scheme_files();
    let out = mutua(cache.path())
        .arg("classify")
        .arg(&files[0])
        .arg(&bad)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.yaml"));
}
