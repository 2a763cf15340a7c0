//! A reason printed for a rule states only what the rule's conditions establish: run every
//! shipped scheme, and every reason of a rule that fired (and of each contested reading that
//! holds), against the facts the scheme gives. A reason that names a fact's value (members
//! paying after the event, the operator backing the payouts, a pool filled in advance, no
//! profit) must not be printed for a scheme whose facts say otherwise.

mod common;

use common::{json, mutua};

/// Words a reason may use only when the scheme's facts bear them out: the words, the fact,
/// and the values under which they are true. A fact the scheme leaves out is no
/// contradiction.
const ASSERTIONS: &[(&str, &str, &[&str])] = &[
    (
        "after the event",
        "contributions.timing",
        &["after_loss", "mixed"],
    ),
    (
        "members share the cost",
        "contributions.timing",
        &["after_loss", "mixed"],
    ),
    ("operator's backing", "operator.bears_risk", &["true"]),
    ("the operator backs", "operator.bears_risk", &["true"]),
    (
        "pre-funded",
        "contributions.timing",
        &["before_loss", "mixed"],
    ),
    ("for no profit", "operator.profit_model", &["none"]),
    ("as of right", "benefits.enforceable", &["true"]),
];

fn fact(scheme: &serde_yaml::Value, path: &str) -> Option<String> {
    let (group, key) = path.split_once('.').unwrap();
    match scheme.get(group)?.get(key)? {
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn shipped_schemes() -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for dir in ["corpus/schemes", "corpus/cases/review"] {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_some_and(|x| x == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn no_reason_asserts_a_fact_the_scheme_contradicts() {
    let cache = tempfile::tempdir().unwrap();
    let files = shipped_schemes();
    assert!(files.len() >= 60, "{} schemes", files.len());
    let mut checked = 0;
    let mut wrong = Vec::new();
    for file in &files {
        let scheme: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let out = mutua(cache.path())
            .args([
                "classify",
                file.to_str().unwrap(),
                "--format",
                "json",
                "--explain",
                "full",
            ])
            .output()
            .unwrap();
        let v = json(&out);
        for r in v["results"].as_array().unwrap() {
            let mut reasons: Vec<(String, String)> = Vec::new();
            for rule in r["explanation"]["rules"].as_array().unwrap() {
                if rule["status"] == "fired" {
                    reasons.push((
                        rule["rule"].as_str().unwrap().to_string(),
                        rule["because"].as_str().unwrap_or_default().to_string(),
                    ));
                }
            }
            for c in r["contested"].as_array().unwrap() {
                if c["holds"] == "true" {
                    reasons.push((
                        format!("{} (contested)", c["rule"].as_str().unwrap()),
                        c["because"].as_str().unwrap_or_default().to_string(),
                    ));
                }
            }
            for (rule, because) in reasons {
                checked += 1;
                for (words, path, true_when) in ASSERTIONS {
                    if !because.contains(words) {
                        continue;
                    }
                    if let Some(given) = fact(&scheme, path) {
                        if !true_when.contains(&given.as_str()) {
                            wrong.push(format!(
                                "{} in {}: rule `{rule}` says \"{words}\", but {path} = {given}",
                                file.display(),
                                r["jurisdiction"].as_str().unwrap()
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} reasons checked");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
