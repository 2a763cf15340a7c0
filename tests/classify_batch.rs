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

/// The output of `classify` of one scheme file.
fn single(cache: &std::path::Path, file: &str, format: &str) -> String {
    let out = mutua(cache)
        .args(["classify", file, "--format", format])
        .output()
        .unwrap();
    assert!(out.status.success(), "{file}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_batch_writes_what_classify_of_each_scheme_writes_in_turn() {
    let cache = tempfile::tempdir().unwrap();
    let files = scheme_files();
    let picked: Vec<&String> = files.iter().take(4).collect();
    for format in ["text", "markdown", "jsonl"] {
        let out = mutua(cache.path())
            .arg("classify")
            .args(&picked)
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        let singles: Vec<String> = picked
            .iter()
            .map(|f| single(cache.path(), f, format))
            .collect();
        // text and Markdown reports are separated by an empty line; JSON lines follow on
        let expected = if format == "jsonl" {
            singles.concat()
        } else {
            singles.join("\n")
        };
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected, "{format}");
    }
    // JSON: an array of the single reports
    let out = mutua(cache.path())
        .arg("classify")
        .args(&picked)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let singles: Vec<serde_json::Value> = picked
        .iter()
        .map(|f| serde_json::from_str(&single(cache.path(), f, "json")).unwrap())
        .collect();
    assert_eq!(json(&out), serde_json::Value::Array(singles));
}

#[test]
fn json_with_explain_brief_gives_only_the_deciding_rule() {
    let cache = tempfile::tempdir().unwrap();
    let file = "corpus/schemes/xiang-hu-bao-2019.yaml";
    let run = |explain: &str| {
        json(
            &mutua(cache.path())
                .args(["classify", file, "--format", "json", "--explain", explain])
                .output()
                .unwrap(),
        )
    };
    let (brief, full) = (run("brief"), run("full"));
    // brief is the default
    let default = json(
        &mutua(cache.path())
            .args(["classify", file, "--format", "json"])
            .output()
            .unwrap(),
    );
    assert_eq!(default, brief);
    let results = |v: &serde_json::Value| v["results"].as_array().unwrap().clone();
    for (b, f) in results(&brief).iter().zip(results(&full)) {
        let brief_rules = b["explanation"]["rules"].as_array().unwrap();
        let full_rules = f["explanation"]["rules"].as_array().unwrap();
        match b["outcome"].as_str() {
            // the deciding rule only: the first that fired, as the full trace gives it
            Some(_) => {
                assert_eq!(brief_rules.len(), 1, "{}", b["jurisdiction"]);
                assert_eq!(brief_rules[0]["status"], "fired");
                assert_eq!(brief_rules[0], full_rules[0]);
                assert!(full_rules.len() > 1);
            }
            None => assert!(brief_rules.is_empty()),
        }
        // everything else is the same
        let mut rest = b.clone();
        let mut rest_full = f.clone();
        rest["explanation"]["rules"] = serde_json::Value::Null;
        rest_full["explanation"]["rules"] = serde_json::Value::Null;
        assert_eq!(rest, rest_full);
    }
}

#[test]
fn a_batch_of_many_schemes_gives_one_result_a_scheme_in_order() {
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string("corpus/schemes/xiang-hu-bao-2019.yaml").unwrap();
    let base: serde_yaml::Value = serde_yaml::from_str(&base).unwrap();
    let n = 300;
    for i in 0..n {
        let mut scheme = base.clone();
        scheme["name"] = format!("scheme {i}").into();
        // some with a fact left out, so that the search for deciding facts runs
        if i % 3 == 0 {
            if let Some(m) = scheme["operator"].as_mapping_mut() {
                m.remove("bears_risk");
            }
        }
        std::fs::write(
            dir.path().join(format!("s{i:04}.yaml")),
            serde_yaml::to_string(&scheme).unwrap(),
        )
        .unwrap();
    }
    let out = mutua(cache.path())
        .arg("classify")
        .arg(dir.path())
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<String> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["scheme"]["name"].as_str().unwrap().to_string()
        })
        .collect();
    let expected: Vec<String> = (0..n).map(|i| format!("scheme {i}")).collect();
    assert_eq!(names, expected);
    // a scheme alike in every fact the search reads gets the same deciding facts
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["results"], lines[3]["results"]);
}
