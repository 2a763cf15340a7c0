//! How well search finds what is asked, held to a floor: `scripts/search-eval` runs every
//! query of `tests/search-relevance.yaml` through the built binary, and the share whose
//! first hit is a provision the set names must not fall below `FIRST_HIT_FLOOR`. The floor
//! is the accuracy reached when it was last set, rounded down to the nearest 5%: raise it as
//! search improves (the target is 90%). The set itself is checked too: at least 30 queries
//! per language, and every provision it names exists in the shipped corpus, so that a typo
//! in the set fails here rather than counting as a miss.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde::Deserialize;

/// Overall first-hit accuracy today (116 queries: 91%), rounded down to the nearest 5%.
const FIRST_HIT_FLOOR: f64 = 0.90;

const LANGUAGES: [&str; 3] = ["zh", "ja", "en"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Set {
    queries: Vec<Query>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    query: String,
    lang: String,
    relevant: Vec<String>,
    #[serde(default)]
    also: Vec<String>,
    why: String,
}

fn set() -> Set {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search-relevance.yaml");
    let text = std::fs::read_to_string(&path).expect("relevance set readable");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_set_has_30_queries_per_language_each_with_an_answer_and_a_reason() {
    let set = set();
    let mut per_language: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for q in &set.queries {
        assert!(
            LANGUAGES.contains(&q.lang.as_str()),
            "{}: lang `{}` is not one of {LANGUAGES:?}",
            q.query,
            q.lang
        );
        assert!(!q.query.trim().is_empty(), "a query is empty");
        assert!(!q.relevant.is_empty(), "{}: no relevant provision", q.query);
        assert!(!q.why.trim().is_empty(), "{}: no why", q.query);
        assert!(
            seen.insert(q.query.as_str()),
            "{}: the query is in the set twice",
            q.query
        );
        *per_language.entry(q.lang.as_str()).or_default() += 1;
    }
    for lang in LANGUAGES {
        let n = per_language.get(lang).copied().unwrap_or(0);
        assert!(
            n >= 30,
            "{n} queries in `{lang}`: the set needs at least 30"
        );
    }
}

#[test]
fn every_provision_the_set_names_exists_in_the_shipped_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let set = set();
    let addresses = set_addresses(&set);
    let mut missing = Vec::new();
    for address in &addresses {
        let out = common::mutua(dir.path())
            .args(["show", address, "--format", "json"])
            .output()
            .unwrap();
        // `show` also reads citations: the provision shown must be the address itself
        let shown = out
            .status
            .success()
            .then(|| common::json(&out)["address"].as_str().map(str::to_string))
            .flatten();
        if shown.as_deref() != Some(*address) {
            let why = serde_json::from_slice::<serde_json::Value>(&out.stderr)
                .ok()
                .and_then(|e| {
                    let e = &e["errors"][0];
                    let help = e["help"].as_str().map(|h| format!(" ({h})"));
                    Some(format!(
                        "{}{}",
                        e["message"].as_str()?,
                        help.unwrap_or_default()
                    ))
                })
                .or(shown.map(|s| format!("`show` gave {s}")))
                .unwrap_or_else(|| String::from_utf8_lossy(&out.stderr).trim().to_string());
            missing.push(format!("{address}: {why}"));
        }
    }
    assert!(
        missing.is_empty(),
        "provisions named in tests/search-relevance.yaml that the corpus does not hold:\n{}",
        missing.join("\n")
    );
}

fn set_addresses(set: &Set) -> BTreeSet<&str> {
    set.queries
        .iter()
        .flat_map(|q| q.relevant.iter().chain(&q.also))
        .map(String::as_str)
        .collect()
}

#[test]
fn search_puts_a_right_provision_first_at_least_as_often_as_the_floor() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("python3")
        .arg(root.join("scripts/search-eval"))
        .args(["--json", "--min-first-hit", &FIRST_HIT_FLOOR.to_string()])
        .env("MUTUA", env!("CARGO_BIN_EXE_mutua"))
        .env("MUTUA_CACHE_DIR", common::index_cache(dir.path()))
        .env("MUTUA_DATA_DIR", dir.path().join("data"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "scripts/search-eval failed ({}):\n{stderr}",
        out.status
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("search-eval --json printed no JSON ({e}):\n{stdout}\n{stderr}")
    });
    let figures = &report["figures"];

    // the script read the same queries as the set holds
    let set = set();
    for lang in LANGUAGES {
        let n = set.queries.iter().filter(|q| q.lang == lang).count();
        assert_eq!(
            figures[lang]["queries"].as_u64(),
            Some(n as u64),
            "search-eval counted a different number of `{lang}` queries than the set holds"
        );
    }

    let overall = figures["overall"]["first_hit"].as_f64().unwrap();
    let wrong: Vec<String> = report["wrong_first_hit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            format!(
                "[{}] {}  wanted {}, first {}",
                w["lang"].as_str().unwrap_or(""),
                w["query"].as_str().unwrap_or(""),
                w["expected"],
                w["first"]
            )
        })
        .collect();
    assert!(
        overall >= FIRST_HIT_FLOOR && out.status.code() == Some(0),
        "first hit right on {:.1}% of the relevance set, below the floor of {:.0}%; first hit wrong:\n{}",
        overall * 100.0,
        FIRST_HIT_FLOOR * 100.0,
        wrong.join("\n")
    );
}
