//! What the integration tests share: running the binary and reading its JSON.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

/// The binary with its own index cache (`index_cache(dir)`) and user corpus (`dir/data`),
/// both under `dir`, and no colour.
pub fn mutua(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("mutua").expect("binary built");
    // reports follow the locale's language: the tests' is English whatever the machine's
    cmd.env("MUTUA_CACHE_DIR", index_cache(dir))
        .env("MUTUA_DATA_DIR", dir.join("data"))
        .env("NO_COLOR", "1")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}

/// The index cache folder of the binary that `mutua(dir)` runs: beside, not around, the
/// user corpus, since mutua keeps its cache only in a folder of its own.
#[allow(dead_code)]
pub fn index_cache(dir: &Path) -> std::path::PathBuf {
    dir.join("index")
}

/// The command's stdout as JSON; a failure shows both streams.
#[allow(dead_code)]
pub fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A text report without its closing provenance line, which it must have: the line names
/// the corpus and rules hashes, which change with every edit of the corpus or the rules.
#[allow(dead_code)]
pub fn without_provenance(text: &str) -> String {
    let body = text.trim_end();
    let (rest, last) = body.rsplit_once('\n').unwrap_or(("", body));
    assert!(
        last.starts_with("Produced by mutua ")
            && last.contains(", corpus ")
            && last.contains(", rules "),
        "the report ends naming what produced it: {last}"
    );
    format!("{}\n", rest.trim_end())
}

/// A corpus folder `dir/corpus` holding one instrument file `law.yaml` of `instrument`
/// (YAML) and no rules, for `--corpus`.
#[allow(dead_code)]
pub fn one_instrument_corpus(dir: &Path, instrument: &str) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(corpus.join("rules")).unwrap();
    std::fs::write(corpus.join("rules/facts.rules"), "").unwrap();
    std::fs::write(corpus.join("law.yaml"), instrument).unwrap();
    corpus
}

/// A recursive copy of a folder (the shipped corpus, a fixture) into `to`.
#[allow(dead_code)]
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The jurisdictions of the shipped registry (`corpus/jurisdictions.yaml`), in its order:
/// each one's code and English name.
#[allow(dead_code)]
pub fn jurisdictions() -> Vec<(String, String)> {
    let text = std::fs::read_to_string("corpus/jurisdictions.yaml").unwrap();
    let entries: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    entries
        .iter()
        .map(|e| {
            let code = e["code"].as_str().unwrap().to_string();
            let name = e["name"]["en"].as_str().unwrap().to_string();
            (code, name)
        })
        .collect()
}

/// The codes of the shipped registry's jurisdictions, in its order.
#[allow(dead_code)]
pub fn jurisdiction_codes() -> Vec<String> {
    jurisdictions().into_iter().map(|(code, _)| code).collect()
}
