//! Tables of contents (`show --toc`, divisions, `--with-children`), the concept vocabulary
//! and `mutua compare`, through the binary.

mod common;

use common::{json, mutua};

fn run(cache: &std::path::Path, args: &[&str]) -> std::process::Output {
    mutua(cache).args(args).output().expect("binary runs")
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn toc_lists_every_article_of_the_pilot_measures_with_its_chapter() {
    let cache = tempfile::tempdir().unwrap();
    let text = stdout(&run(cache.path(), &["show", "cn/pilot-measures", "--toc"]));
    assert!(
        text.contains("第一章 总则    [cn/pilot-measures/chapter-1]"),
        "{text}"
    );
    assert!(
        text.contains("第二章 设立    [cn/pilot-measures/chapter-2]"),
        "{text}"
    );
    let v = json(&run(
        cache.path(),
        &["show", "--format", "json", "cn/pilot-measures", "--toc"],
    ));
    let chapters = v["toc"]["divisions"].as_array().unwrap();
    let mut listed = Vec::new();
    for ch in chapters {
        for p in ch["provisions"].as_array().unwrap() {
            listed.push((
                ch["heading"].as_str().unwrap().to_string(),
                p["address"].as_str().unwrap().to_string(),
            ));
        }
    }
    // every article the corpus holds, in order, each under its chapter
    let expected: Vec<String> = (1..=8)
        .map(|n| format!("cn/pilot-measures/art-{n}"))
        .collect();
    let addresses: Vec<&str> = listed.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(addresses, expected);
    assert!(listed[..4].iter().all(|(c, _)| c == "第一章 总则"));
    assert!(listed[4..].iter().all(|(c, _)| c == "第二章 设立"));
}

#[test]
fn whole_instruments_and_divisions_are_shown_by_name_or_address() {
    let cache = tempfile::tempdir().unwrap();
    // a title gives the instrument's table of contents
    let law = stdout(&run(cache.path(), &["show", "保险法"]));
    assert!(law.contains("[cn/insurance-law]"), "{law}");
    assert!(
        law.contains("第七章 法律责任    [cn/insurance-law/chapter-7]"),
        "{law}"
    );
    // a New York Article, a Japanese chapter
    let art45 = stdout(&run(cache.path(), &["show", "ny/ins/article-45"]));
    for s in ["s-4501", "s-4502", "s-4503", "s-4504", "s-4505"] {
        assert!(art45.contains(&format!("ny/ins/{s}  § ")), "{s}: {art45}");
    }
    assert!(!art45.contains("s-1101"), "{art45}");
    let ch12 = stdout(&run(cache.path(), &["show", "jp/iba/part-2/chapter-12"]));
    assert!(ch12.contains("jp/iba/art-272  第二百七十二条"), "{ch12}");
    assert!(!ch12.contains("art-315"), "{ch12}");
    // the table of contents of a provision's instrument
    let iba = stdout(&run(cache.path(), &["show", "保険業法第37条", "--toc"]));
    assert!(
        iba.contains(
            "第一目 社員総会    [jp/iba/part-2/chapter-2/section-2/subsection-4/division-1]"
        ),
        "{iba}"
    );
    // an unknown division is bad input with a suggestion
    let out = run(cache.path(), &["show", "ny/ins/article-46"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no division or provision `ny/ins/article-46`"),
        "{err}"
    );
    assert!(err.contains("ny/ins/article-45"), "{err}");
}

#[test]
fn with_children_prints_a_provision_and_everything_under_it() {
    let cache = tempfile::tempdir().unwrap();
    let v = json(&run(
        cache.path(),
        &[
            "show",
            "--format",
            "json",
            "jp/iba/art-2/para-1",
            "--with-children",
        ],
    ));
    let addresses: Vec<&str> = v["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["address"].as_str().unwrap())
        .collect();
    assert_eq!(addresses[0], "jp/iba/art-2/para-1");
    assert!(addresses.contains(&"jp/iba/art-2/para-1/item-3"));
    assert!(addresses.contains(&"jp/iba/art-2/para-1/item-2/sub-to"));
    assert!(addresses
        .iter()
        .all(|a| a.starts_with("jp/iba/art-2/para-1")));
    let text = stdout(&run(
        cache.path(),
        &["show", "N.Y. Ins. Law § 1211", "--with-children"],
    ));
    assert!(
        text.contains("[ny/ins/s-1211]") && text.contains("[ny/ins/s-1211/b]"),
        "{text}"
    );
}

#[test]
fn search_finds_the_governance_provisions_by_their_native_names() {
    let cache = tempfile::tempdir().unwrap();
    let v = json(&run(
        cache.path(),
        &["search", "--format", "json", "社員総会"],
    ));
    assert_eq!(v["hits"][0]["address"], "jp/iba/art-37");
    let v = json(&run(
        cache.path(),
        &[
            "search",
            "--format",
            "json",
            "representative government",
            "-j",
            "ny",
        ],
    ));
    let hits: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["address"].as_str().unwrap())
        .collect();
    assert!(
        hits.iter().any(|a| a.starts_with("ny/ins/s-4501")),
        "{hits:?}"
    );
}

#[test]
fn compare_lists_the_topics_the_study_needs() {
    let cache = tempfile::tempdir().unwrap();
    let v = json(&run(
        cache.path(),
        &["compare", "--format", "json", "--list"],
    ));
    let ids: Vec<&str> = v["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    for t in [
        "definition.insurance",
        "licensing",
        "definition.mutual",
        "threshold.members",
        "threshold.capital",
        "governance.assembly",
        "governance.voting",
        "disclosure",
        "exemption",
        "penalty",
    ] {
        assert!(ids.contains(&t), "{t} missing from {ids:?}");
    }
}

#[test]
fn every_topic_has_a_provision_or_a_record_in_each_jurisdiction() {
    let cache = tempfile::tempdir().unwrap();
    let list = json(&run(
        cache.path(),
        &["compare", "--format", "json", "--list"],
    ));
    for t in list["topics"].as_array().unwrap() {
        let id = t["id"].as_str().unwrap();
        let v = json(&run(cache.path(), &["compare", "--format", "json", id]));
        let cells = v["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 3, "{id}");
        for c in cells {
            let cited = c["provisions"].as_array().unwrap();
            let why = c["no_provision"].as_str().unwrap_or_default();
            assert!(
                !cited.is_empty() || !why.is_empty(),
                "{id}: empty {} cell",
                c["jurisdiction"]
            );
            for p in cited {
                // every cell says what it gives and how far to trust it
                assert!(["summary", "verbatim", "unverified", "translation"]
                    .contains(&p["basis"].as_str().unwrap()));
                assert!(!p["citation"].as_str().unwrap().is_empty());
            }
        }
    }
}

#[test]
fn compare_as_of_a_date_before_the_pilot_measures() {
    let cache = tempfile::tempdir().unwrap();
    let v = json(&run(
        cache.path(),
        &["compare", "--format", "json", "threshold.members"],
    ));
    assert_eq!(
        v["cells"][0]["provisions"][0]["address"],
        "cn/pilot-measures/art-7"
    );
    let v = json(&run(
        cache.path(),
        &[
            "compare",
            "--format",
            "json",
            "threshold.members",
            "--as-of",
            "2014-12-31",
        ],
    ));
    assert_eq!(v["cells"][0]["provisions"], serde_json::json!([]));
    assert!(v["cells"][0]["no_provision"]
        .as_str()
        .unwrap()
        .contains("in force on 2014-12-31"));
}

#[test]
fn compare_output_snapshots() {
    let cache = tempfile::tempdir().unwrap();
    for (name, args) in [
        (
            "governance_assembly_text",
            vec!["compare", "governance.assembly"],
        ),
        (
            "exemption_markdown",
            vec!["compare", "--format", "markdown", "exemption"],
        ),
        (
            "licensing_json",
            vec!["compare", "--format", "json", "licensing"],
        ),
        ("list_text", vec!["compare", "--list"]),
    ] {
        let text = stdout(&run(cache.path(), &args));
        insta::assert_snapshot!(format!("compare__{name}"), text);
    }
}

#[test]
fn unknown_topic_is_bad_input_with_a_suggestion() {
    let cache = tempfile::tempdir().unwrap();
    let out = run(cache.path(), &["compare", "governance.asembly"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no topic or concept `governance.asembly`"),
        "{err}"
    );
    assert!(err.contains("governance.assembly"), "{err}");
}

#[test]
fn an_unknown_concept_tag_or_an_uncovered_topic_fails_loading() {
    let cache = tempfile::tempdir().unwrap();
    for name in ["unknown-tag", "topic-without-record"] {
        let dir = format!("tests/fixtures/concepts-bad/{name}");
        let out = run(
            cache.path(),
            &["show", "--corpus", &dir, "cn/test-law/art-1"],
        );
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        insta::assert_snapshot!(format!("concepts_bad__{name}"), stderr);
    }
}

/// Every provision of the shipped corpus tagged with one of a topic's concepts, with its
/// jurisdiction, read from the corpus files themselves.
fn tagged(concepts: &[String]) -> std::collections::BTreeSet<(String, String)> {
    fn walk(
        j: &str,
        prefix: &str,
        provisions: &[serde_yaml::Value],
        concepts: &[String],
        out: &mut std::collections::BTreeSet<(String, String)>,
    ) {
        for p in provisions {
            let address = format!("{prefix}/{}", p["path"].as_str().unwrap());
            let tags = p["concepts"].as_sequence().cloned().unwrap_or_default();
            if tags
                .iter()
                .any(|t| concepts.iter().any(|c| t.as_str() == Some(c.as_str())))
            {
                out.insert((j.to_string(), address.clone()));
            }
            let children = p["children"].as_sequence().cloned().unwrap_or_default();
            walk(j, &address, &children, concepts, out);
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for dir in ["corpus/cn", "corpus/ny", "corpus/jp"] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let inst: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
            let j = inst["jurisdiction"].as_str().unwrap();
            let id = inst["id"].as_str().unwrap();
            let provisions = inst["provisions"]
                .as_sequence()
                .cloned()
                .unwrap_or_default();
            walk(j, id, &provisions, concepts, &mut out);
        }
    }
    out
}

#[test]
fn every_topic_lists_every_provision_tagged_with_its_concepts_or_the_provision_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    let vocabulary: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string("corpus/concepts.yaml").unwrap()).unwrap();
    let topics = vocabulary["topics"].as_sequence().unwrap();
    assert!(topics.len() >= 10);
    for topic in topics {
        let id = topic["id"].as_str().unwrap();
        let concepts: Vec<String> = topic["concepts"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        let shown = json(&run(dir.path(), &["compare", id, "--format", "json"]));
        let listed: std::collections::BTreeSet<(String, String)> = shown["cells"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|cell| {
                let j = cell["jurisdiction"].as_str().unwrap().to_string();
                cell["provisions"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |p| (j.clone(), p["address"].as_str().unwrap().to_string()))
            })
            .collect();
        // a tagged provision is listed, or within a listed one of its jurisdiction
        let missing: Vec<_> = tagged(&concepts)
            .into_iter()
            .filter(|(j, address)| {
                !listed.iter().any(|(lj, l)| {
                    lj == j && (l == address || address.starts_with(&format!("{l}/")))
                })
            })
            .collect();
        assert!(missing.is_empty(), "topic {id} leaves out {missing:?}");
    }
}

#[test]
fn the_penalty_topic_cites_the_criminal_law_for_china_as_it_does_for_japan() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&run(dir.path(), &["compare", "penalty"]));
    assert!(text.contains("[cn/criminal-law/art-225]"), "{text}");
    assert!(text.contains("[jp/iba/art-315]"), "{text}");
}
