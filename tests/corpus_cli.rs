//! The corpus commands run through the real binary: citations, search, show, verify,
//! import, the index cache, and the errors a user sees for bad corpus files.

mod common;

use common::{json, mutua};

#[test]
fn every_native_citation_form_resolves() {
    let cache = tempfile::tempdir().unwrap();
    for (citation, address) in [
        ("保险法第一百八十一条", "cn/insurance-law/art-181"),
        ("中华人民共和国保险法第2条", "cn/insurance-law/art-2"),
        ("《保险法》第一百五十八条", "cn/insurance-law/art-158"),
        ("Insurance Law art. 181", "cn/insurance-law/art-181"),
        ("Insurance Law article 6", "cn/insurance-law/art-6"),
        ("N.Y. Ins. Law § 1101(a)(1)", "ny/ins/s-1101/a/1"),
        ("NY Ins L §1102", "ny/ins/s-1102"),
        ("保険業法第2条第1項第3号", "jp/iba/art-2/para-1/item-3"),
        ("保険業法第二条第一項第三号", "jp/iba/art-2/para-1/item-3"),
        ("保険業法第二百七十二条の二", "jp/iba/art-272-2"),
        ("保険業法第272条の2", "jp/iba/art-272-2"),
        ("cn/pilot-measures/art-2", "cn/pilot-measures/art-2"),
    ] {
        let out = mutua(cache.path())
            .args(["show", citation, "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{citation}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = json(&out);
        assert_eq!(v["address"], address, "{citation}");
        assert!(v["source"]["address"].is_string(), "{citation}: no source");
    }
}

#[test]
fn show_gives_text_status_and_source_per_language() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["show", "保险法第六条", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert!(v["text"]["zh"]
        .as_str()
        .unwrap()
        .starts_with("保险业务由依照本法设立的保险公司"));
    assert_eq!(v["text_status"]["zh"], "verbatim");
    assert_eq!(v["text_status"]["en"], "translation");
    assert_eq!(
        v["source"]["sha256"],
        "9d4c7924df942ec36c892a98bec0efe61a5fa25edd8da1d32131a549ca5ddbfe"
    );
    // unverified text says so in the text output
    let out = mutua(cache.path())
        .args(["show", "N.Y. Ins. Law § 1101(a)(1)"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("UNVERIFIED"), "{text}");
    assert!(text.contains("nysenate.gov"), "{text}");
}

#[test]
fn as_of_picks_the_version_in_force() {
    let cache = tempfile::tempdir().unwrap();
    let now = mutua(cache.path())
        .args([
            "show",
            "jp/iba/art-2/para-1",
            "--as-of",
            "2009-06-30",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(json(&now)["in_force"]["from"], "2006-04-01");
    let before = mutua(cache.path())
        .args([
            "show",
            "jp/iba/art-2/para-1",
            "--as-of",
            "2005-06-30",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v = json(&before);
    assert_eq!(v["in_force"]["to"], "2006-03-31");
    let too_early = mutua(cache.path())
        .args(["show", "jp/iba/art-2/para-1", "--as-of", "1990-01-01"])
        .output()
        .unwrap();
    assert_eq!(too_early.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&too_early.stderr).contains("no version in force on 1990-01-01")
    );
}

#[test]
fn unknown_citation_suggests_nearest_addresses() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["show", "保险法第999条"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no provision `cn/insurance-law/art-999`"),
        "{err}"
    );
    assert!(
        err.contains("nearest addresses: cn/insurance-law/art-99"),
        "{err}"
    );
    let out = mutua(cache.path())
        .args(["show", "the tax code"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a citation mutua understands"));
}

#[test]
fn chinese_search_ranks_article_158_first() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args([
            "search",
            "非法经营商业保险业务",
            "--jurisdiction",
            "cn",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits[0]["address"], "cn/insurance-law/art-158");
    assert_eq!(hits[0]["jurisdiction"], "cn");
    assert!(
        hits[0]["snippet"].as_str().unwrap().contains("**"),
        "snippet is highlighted"
    );
    assert!(hits.iter().all(|h| h["jurisdiction"] == "cn"));
}

#[test]
fn english_query_finds_the_pilot_measures_through_their_translation() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args([
            "search",
            "mutual insurance organisation",
            "--limit",
            "3",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    let hits = v["hits"].as_array().unwrap();
    assert!(
        hits.iter().any(|h| h["address"]
            .as_str()
            .unwrap()
            .starts_with("cn/pilot-measures/")),
        "{hits:?}"
    );
}

#[test]
fn japanese_search_and_filters() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["search", "相互会社は", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out);
    // the definition of a mutual company first, then the article the query quotes
    assert_eq!(v["hits"][0]["address"], "jp/iba/art-2/para-5");
    let top: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .take(5)
        .map(|h| h["address"].as_str().unwrap())
        .collect();
    assert!(top.contains(&"jp/iba/art-18"), "{top:?}");
    let out = mutua(cache.path())
        .args([
            "search",
            "insurance",
            "--instrument",
            "cn/pilot-measures",
            "--concept",
            "threshold.members",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v = json(&out);
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["instrument"] == "cn/pilot-measures"));
    // a misspelt instrument is an error with a suggestion, not an empty answer
    let out = mutua(cache.path())
        .args(["search", "insurance", "--instrument", "cn/insurance-laws"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `cn/insurance-law`"));
}

#[test]
fn an_unclosed_quote_is_read_as_words_not_as_an_error() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["search", "\"fortuitous event", "-j", "ny", "--limit", "1"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("ny/ins/s-1101/a/2"));
}

#[test]
fn index_is_cached_and_rebuilt_when_damaged() {
    let cache = tempfile::tempdir().unwrap();
    let first = mutua(cache.path())
        .args(["index", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&first)["built"], true);
    let second = mutua(cache.path())
        .args(["index", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&second)["built"], false);
    // damage every file of the cached index
    for entry in walkdir::WalkDir::new(cache.path()) {
        let entry = entry.unwrap();
        let in_index = entry.path().to_string_lossy().contains("index-");
        if entry.file_type().is_file() && in_index && entry.file_name() == "meta.json" {
            std::fs::write(entry.path(), b"{ not json").unwrap();
        }
    }
    let third = mutua(cache.path())
        .args(["index", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        third.status.success(),
        "{}",
        String::from_utf8_lossy(&third.stderr)
    );
    assert_eq!(json(&third)["built"], true);
    let out = mutua(cache.path())
        .args(["search", "保险", "--limit", "1", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&out)["hits"].as_array().unwrap().len(), 1);
}

#[test]
fn processes_starting_together_share_one_index() {
    let cache = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_mutua"))
                .env("MUTUA_CACHE_DIR", cache.path())
                .args(["search", "相互保险", "--format", "json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!json(&out)["hits"].as_array().unwrap().is_empty());
    }
    let dirs: Vec<_> = std::fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("index-") && !n.ends_with(".lock"))
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
}

#[test]
fn bad_corpus_files_are_located() {
    let cache = tempfile::tempdir().unwrap();
    let mut cases: Vec<_> = std::fs::read_dir("tests/fixtures/corpus-bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 7);
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let out = mutua(cache.path())
            .args([
                "show",
                "--corpus",
                case.to_str().unwrap(),
                "cn/test-law/art-1",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            stderr.contains(&format!("{}/cn/test-law.yaml:", case.display())),
            "{name}: {stderr}"
        );
        insta::assert_snapshot!(format!("corpus_bad__{name}"), stderr);
    }
}

#[test]
fn verify_lists_every_difference() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args([
            "verify",
            "--corpus",
            "tests/fixtures/verify/corpus",
            "cn/test-law",
            "tests/fixtures/verify/source.md",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a difference is a failed check");
    let v = json(&out);
    assert_eq!(v["differences"], 1);
    let arts = v["articles"].as_array().unwrap();
    assert_eq!(arts[0]["status"], "same");
    assert_eq!(arts[1]["status"], "differs");
    assert_eq!(arts[1]["path"], "art-2");
    assert!(arts[1]["corpus"].as_str().unwrap().contains("交付"));
    assert!(arts[1]["source"].as_str().unwrap().contains("支付"));
    assert_eq!(arts[2]["status"], "not_in_corpus");
}

#[test]
fn import_reports_unreadable_files_and_goes_on() {
    let cache = tempfile::tempdir().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["import", "lawrefbook", "tests/fixtures/import", "--out"])
        .arg(out_dir.path())
        .output()
        .unwrap();
    // the run goes on past the bad file, then fails naming it
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("1 of 3 files were not imported: tests/fixtures/import/no-title.md"),
        "{err}"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("tests/fixtures/import/no-title.md:1:1: error: no `# Title` line"),
        "{text}"
    );
    assert!(
        text.contains("tests/fixtures/import/bad-number.md:7:1: warning"),
        "{text}"
    );
    assert!(text.contains("Imported 2 of 3 files"), "{text}");
    // the imported corpus is a corpus: show and verify work on it
    let out = mutua(cache.path())
        .arg("show")
        .arg("--corpus")
        .arg(out_dir.path())
        .args(["cn/good-law/art-2", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["text_status"]["zh"], "verbatim");
    let out = mutua(cache.path())
        .arg("verify")
        .arg("--corpus")
        .arg(out_dir.path())
        .args(["cn/good-law", "tests/fixtures/import/good-law.md"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn json_schema_of_the_corpus_format() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["schema", "instrument"])
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(v["title"], "Instrument");
    // where `mutua fetch` finds the official text is part of the format
    let fetch = &v["$defs"]["FetchFrom"]["properties"];
    assert!(fetch["law_id"].is_object(), "{v}");
}

#[test]
fn search_as_of_a_date_finds_only_text_then_in_force() {
    let cache = tempfile::tempdir().unwrap();
    let addresses = |date: &str| -> Vec<String> {
        let out = mutua(cache.path())
            .args([
                "search",
                "保険業",
                "-j",
                "jp",
                "--limit",
                "50",
                "--as-of",
                date,
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        json(&out)["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["address"].as_str().unwrap().to_string())
            .collect()
    };
    let in_2009 = addresses("2009-06-30");
    let in_2005 = addresses("2005-06-30");
    // art. 3(2) is held only in its version from 2006-04-01
    assert!(
        in_2009.contains(&"jp/iba/art-3/para-2".to_string()),
        "{in_2009:?}"
    );
    assert!(
        !in_2005.contains(&"jp/iba/art-3/para-2".to_string()),
        "{in_2005:?}"
    );
    assert!(in_2005.len() < in_2009.len());
}
