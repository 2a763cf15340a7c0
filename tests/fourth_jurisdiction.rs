//! A jurisdiction is added as data: the steps of docs/adding-a-jurisdiction.md, done on a
//! copy of the shipped corpus with the synthetic Exampleland of
//! tests/fixtures/fourth-jurisdiction (a registry entry, a statute, a rule file and
//! cases), and then every command a user runs works for it through the binary.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, json, mutua};

const FIXTURE: &str = "tests/fixtures/fourth-jurisdiction";

/// The shipped corpus with Exampleland added as the guide says: the registry with its
/// entry, its statute, its rule file, and a "no provision" record on each comparison
/// topic its statute has nothing on.
fn corpus_with_exampleland(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    copy_dir(Path::new("corpus"), &corpus);
    let fixture = Path::new(FIXTURE);
    std::fs::copy(
        fixture.join("jurisdictions.yaml"),
        corpus.join("jurisdictions.yaml"),
    )
    .unwrap();
    copy_dir(&fixture.join("ex"), &corpus.join("ex"));
    std::fs::copy(
        fixture.join("rules/ex.rules"),
        corpus.join("rules/ex.rules"),
    )
    .unwrap();
    // step 5 of the guide: every topic has a provision of each jurisdiction or says why not
    let path = corpus.join("concepts.yaml");
    let mut vocabulary: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let covered = ["definition.insurance", "licensing", "definition.mutual"];
    for topic in vocabulary["topics"].as_sequence_mut().unwrap() {
        if covered.contains(&topic["id"].as_str().unwrap()) {
            continue;
        }
        let map = topic.as_mapping_mut().unwrap();
        let records = map
            .entry("no_provision".into())
            .or_insert_with(|| serde_yaml::Mapping::new().into());
        records.as_mapping_mut().unwrap().insert(
            "ex".into(),
            "Exampleland's Insurance Act has no provision on this.".into(),
        );
    }
    std::fs::write(&path, serde_yaml::to_string(&vocabulary).unwrap()).unwrap();
    corpus
}

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    mutua(dir).args(args).output().unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\n{}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_fourth_jurisdiction_added_as_data_classifies_searches_cites_and_compares() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with_exampleland(dir.path());
    let c = corpus.to_str().unwrap();
    let rules: Vec<String> = std::fs::read_dir(corpus.join("rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rules"))
        .map(|p| p.display().to_string())
        .collect();

    // the rules check clean against the corpus they cite
    let mut check = vec!["check", "--corpus", c];
    check.extend(rules.iter().map(String::as_str));
    let text = stdout(&run(dir.path(), &check));
    assert!(text.contains("0 errors"), "{text}");

    // a shipped scheme is answered in four jurisdictions, Exampleland's in the registry's order
    let text = stdout(&run(
        dir.path(),
        &[
            "classify",
            "--corpus",
            c,
            "corpus/schemes/xiang-hu-bao-2019.yaml",
        ],
    ));
    let summary: Vec<&str> = text.lines().skip(2).take(4).collect();
    assert!(summary[0].trim_start().starts_with("China"), "{text}");
    assert!(summary[3].trim_start().starts_with("Exampleland"), "{text}");
    assert!(text.contains("── Exampleland"), "{text}");

    // the cases of the new jurisdiction pass, one of them on its declared licence default
    let text = stdout(&run(
        dir.path(),
        &["test", "--corpus", c, &format!("{FIXTURE}/cases")],
    ));
    assert!(text.contains("3 passed, 0 failed"), "{text}");
    let out = run(
        dir.path(),
        &[
            "classify",
            "--corpus",
            c,
            "-j",
            "ex",
            "--format",
            "json",
            &format!("{FIXTURE}/cases/ex-no-licence-given.yaml"),
        ],
    );
    let report = json(&out);
    let answer = &report["results"][0];
    assert_eq!(answer["jurisdiction"], "ex", "{report}");
    assert_eq!(answer["outcome"], "unauthorised_insurance", "{report}");
    let warnings = answer["explanation"]["warnings"].to_string();
    assert!(
        warnings.contains("assumed licences.ex = none"),
        "the report says the default was assumed: {report}"
    );

    // search finds its provisions, and -j takes its code
    let text = stdout(&run(
        dir.path(),
        &["search", "--corpus", c, "-j", "ex", "Insurance Authority"],
    ));
    assert!(
        text.trim_start().starts_with("1. ex/insurance-act/s-2/1"),
        "{text}"
    );

    // citations follow the style the registry gives: `s.`, not `§` or 第N条
    let text = stdout(&run(
        dir.path(),
        &["cite", "--corpus", c, "ex/insurance-act/s-2/1"],
    ));
    assert!(
        text.starts_with("Exampleland Insurance Act 2020 s. 2(1)"),
        "{text}"
    );

    // compare gives it a column of its own, in its style
    let text = stdout(&run(dir.path(), &["compare", "--corpus", c, "licensing"]));
    assert!(text.contains("── Exampleland"), "{text}");
    assert!(
        text.contains("Exampleland Insurance Act 2020 s. 2"),
        "{text}"
    );

    // a code the registry does not hold is refused with the list of those it holds
    let out = run(
        dir.path(),
        &[
            "classify",
            "--corpus",
            c,
            "-j",
            "xx",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`cn`, `ny`, `jp`, `ex`"), "{err}");
}

#[test]
fn a_registry_error_names_its_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with_exampleland(dir.path());
    let registry = corpus.join("jurisdictions.yaml");
    let text = std::fs::read_to_string(&registry).unwrap();
    std::fs::write(&registry, text.replace("- code: ex", "- code: Ex Land")).unwrap();
    let out = run(
        dir.path(),
        &[
            "classify",
            "--corpus",
            corpus.to_str().unwrap(),
            "corpus/schemes/xiang-hu-bao-2019.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("jurisdictions.yaml:")
            && err.contains("`Ex Land` cannot be a jurisdiction's code"),
        "{err}"
    );
}

#[test]
fn a_corpus_brings_its_own_terms_in_its_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with_exampleland(dir.path());
    let c = corpus.to_str().unwrap();
    let case = format!("{FIXTURE}/cases/ex-no-licence-given.yaml");
    let classify = |lang: &str| {
        stdout(&run(
            dir.path(),
            &["classify", "--corpus", c, "-j", "ex", "--lang", lang, &case],
        ))
    };
    // without a term of its own, Exampleland's permission is named in plain words
    assert!(classify("zh").contains("未经许可（违法经营）"));
    // the guide's step: the glossary gives the term of Exampleland's statute
    let path = corpus.join("glossary.yaml");
    let mut glossary: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let licence = glossary
        .as_sequence_mut()
        .unwrap()
        .iter_mut()
        .find(|c| c["concept"] == "licence")
        .unwrap();
    licence["systems"]["ex"] = serde_yaml::from_str(
        "{provision: ex/insurance-act/s-2, en: authorisation, zh: 授权, ja: 認可}",
    )
    .unwrap();
    std::fs::write(&path, serde_yaml::to_string(&glossary).unwrap()).unwrap();
    let zh = classify("zh");
    assert!(zh.contains("未取得授权（违法经营）"), "{zh}");
    assert!(classify("ja").contains("無認可（違法）"));
    // a broken glossary is an error at the file, not a silent fallback
    std::fs::write(&path, "- concept: licence\n  systems: 3\n").unwrap();
    let out = run(dir.path(), &["classify", "--corpus", c, "-j", "ex", &case]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("glossary.yaml"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
