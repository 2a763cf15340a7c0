//! `mutua classify` and `mutua check` through the real binary, over every shipped scheme.

mod common;

use common::{json, mutua};

fn classify(args: &[&str]) -> serde_json::Value {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .arg("classify")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

/// (jurisdiction, kind, compliance, a citation the answer must rely on)
type Expected = [(
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
); 3];

fn assert_results(scheme: &str, expected: Expected) {
    let v = classify(&[&format!("corpus/schemes/{scheme}.yaml")]);
    let results = v["results"].as_array().unwrap();
    assert_eq!(
        results.len(),
        3,
        "{scheme}: all three jurisdictions by default"
    );
    for (r, (j, kind, compliance, citation)) in results.iter().zip(expected) {
        assert_eq!(r["jurisdiction"], j, "{scheme}");
        assert_eq!(r["kind"], kind, "{scheme} in {j}");
        assert_eq!(r["compliance"].as_str(), compliance, "{scheme} in {j}");
        let cites: Vec<&str> = r["citations"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        assert!(
            cites.contains(&citation),
            "{scheme} in {j}: {citation} not in {cites:?}"
        );
        if kind != "undetermined" {
            assert!(
                r["outcome"].is_string(),
                "{scheme} in {j}: a decided answer names its outcome"
            );
            assert!(
                r["undecided_by"].as_array().unwrap().is_empty(),
                "{scheme} in {j}"
            );
        }
    }
}

#[test]
fn xiang_hu_bao_2019_is_mutual_aid_everywhere() {
    assert_results(
        "xiang-hu-bao-2019",
        [
            (
                "cn",
                "unregulated_mutual_aid",
                Some("no_licence_needed"),
                "cn/insurance-law/art-2",
            ),
            (
                "ny",
                "unregulated_mutual_aid",
                Some("no_licence_needed"),
                "ny/ins/s-1101/a/1",
            ),
            (
                "jp",
                "unregulated_mutual_aid",
                Some("no_licence_needed"),
                "jp/iba/art-2/para-1",
            ),
        ],
    );
}

#[test]
fn xiang_hu_bao_2018_underwritten_by_a_mutual_insurer() {
    assert_results(
        "xiang-hu-bao-2018-insurance",
        [
            (
                "cn",
                "mutual_insurance_society",
                Some("licensed"),
                "cn/pilot-measures/art-2",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            // the count of participants at launch is not in the file: Japan's small-group
            // exclusion (art. 2(1)(iii)) cannot be ruled out
            ("jp", "undetermined", None, "jp/iba/art-2/para-1/item-3"),
        ],
    );
}

#[test]
fn commercial_critical_illness_policy() {
    assert_results(
        "cn-commercial-critical-illness",
        [
            (
                "cn",
                "insurance",
                Some("licensed"),
                "cn/insurance-law/art-6",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            ("jp", "insurance", Some("unlicensed"), "jp/iba/art-3/para-1"),
        ],
    );
}

#[test]
fn japanese_mutual_life_company() {
    assert_results(
        "jp-mutual-life-company",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-6",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            (
                "jp",
                "mutual_insurance_society",
                Some("licensed"),
                "jp/iba/art-2/para-5",
            ),
        ],
    );
}

#[test]
fn ja_kyosai_under_the_agricultural_cooperatives_act() {
    assert_results(
        "jp-ja-kyosai",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-6",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            (
                "jp",
                "mutual_insurance_society",
                Some("exempt"),
                "jp/iba/art-2/para-1/item-1",
            ),
        ],
    );
}

#[test]
fn new_york_domestic_mutual_life_insurer() {
    assert_results(
        "ny-mutual-life",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-6",
            ),
            (
                "ny",
                "mutual_insurance_society",
                Some("licensed"),
                "ny/ins/s-1211",
            ),
            ("jp", "undetermined", None, "jp/iba/art-2/para-1/item-3"),
        ],
    );
}

#[test]
fn japan_2005_and_2009_differ_for_the_same_members_only_kyosai() {
    let before = classify(&[
        "corpus/schemes/jp-members-only-kyosai-2005.yaml",
        "--jurisdiction",
        "jp",
    ]);
    let after = classify(&[
        "corpus/schemes/jp-members-only-kyosai-2009.yaml",
        "--jurisdiction",
        "jp",
    ]);
    assert_eq!(before["results"][0]["kind"], "unregulated_mutual_aid");
    assert_eq!(after["results"][0]["kind"], "insurance");
    assert_eq!(after["results"][0]["compliance"], "unlicensed");
    let cites = after["results"][0]["citations"].as_array().unwrap();
    assert!(
        cites.iter().any(|c| c == "jp/iba/art-315/item-1"),
        "the penalty is cited: {cites:?}"
    );
    // the same scheme with the date overridden gives the 2005 answer
    let overridden = classify(&[
        "corpus/schemes/jp-members-only-kyosai-2009.yaml",
        "--jurisdiction",
        "jp",
        "--as-of",
        "2005-06-30",
    ]);
    assert_eq!(overridden["results"][0]["kind"], "unregulated_mutual_aid");
    assert_eq!(overridden["results"][0]["as_of"], "2005-06-30");
}

#[test]
fn undetermined_names_the_deciding_facts_and_their_questions() {
    let v = classify(&["corpus/schemes/undetermined-startup.yaml"]);
    for r in v["results"].as_array().unwrap() {
        assert_eq!(r["kind"], "undetermined", "{}", r["jurisdiction"]);
        assert!(r["compliance"].is_null());
        let facts: Vec<&str> = r["undecided_by"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f.as_str())
            .collect();
        assert!(
            facts.contains(&"benefits.enforceable"),
            "{}: {facts:?}",
            r["jurisdiction"]
        );
        let questions = r["explanation"]["questions"].as_array().unwrap();
        assert_eq!(questions.len(), facts.len());
        assert!(questions
            .iter()
            .all(|q| !q["question_en"].as_str().unwrap().is_empty()));
    }
}

#[test]
fn text_and_markdown_reports_quote_the_provisions() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args([
            "classify",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "--jurisdiction",
            "cn",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("unregulated mutual aid"), "{text}");
    assert!(text.contains("cn/insurance-law/art-2"), "{text}");
    assert!(text.contains("benefits.enforceable = false"), "{text}");
    // beside the English translation, the authentic Chinese text is quoted and marked
    assert!(
        text.contains("[zh, verbatim]\n      本法所称保险"),
        "{text}"
    );
    assert!(
        text.contains("[en, translation by mutua, not the authentic text]"),
        "{text}"
    );
    let out = mutua(cache.path())
        .args([
            "classify",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "--format",
            "markdown",
            "--lang",
            "zh",
        ])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    // a Chinese memo: its headings, title block and bibliography are Chinese
    assert!(md.starts_with("# Xiang Hu Bao"), "{md}");
    assert!(md.contains("| 法域 | 结论 | 结果 |"), "{md}");
    assert!(md.contains("| 适用法律的日期 | 2019-11-27 |"), "{md}");
    assert!(md.contains("## 引用条文"), "{md}");
    assert!(md.contains("**理由：**"), "{md}");
    assert!(md.contains("**所依据的条文：**"), "{md}");
    assert!(
        md.contains("> 本法所称保险"),
        "Chinese text quoted with --lang zh: {md}"
    );
    assert!(
        md.contains("未经核对的转录"),
        "unverified text is marked: {md}"
    );
    // every reason the shipped rules give is in Chinese: nothing fell back to English
    assert!(!md.contains("[en]"), "{md}");
}

#[test]
fn shipped_rules_check_clean() {
    let cache = tempfile::tempdir().unwrap();
    let mut files: Vec<_> = std::fs::read_dir("corpus/rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rules"))
        .collect();
    files.sort();
    let out = mutua(cache.path())
        .arg("check")
        .args(&files)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("clean:") && text.contains("0 errors, 0 warnings"),
        "{text}"
    );
}

#[test]
fn check_exit_codes() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["check", "no/such/file.rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "unreadable input");
    let bad: Vec<_> = std::fs::read_dir("tests/fixtures/rules-bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!bad.is_empty());
    for file in bad {
        let out = mutua(cache.path())
            .args(["check", "corpus/rules/facts.rules"])
            .arg(&file)
            .output()
            .unwrap();
        if std::fs::read_to_string(&file).is_err() {
            // not text at all: unreadable input
            assert_eq!(out.status.code(), Some(2), "{}", file.display());
            continue;
        }
        assert_eq!(out.status.code(), Some(1), "{}", file.display());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&format!("{}:", file.display())),
            "{}: {text}",
            file.display()
        );
    }
}

#[test]
fn bad_scheme_is_located_and_exits_2() {
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.yaml");
    std::fs::write(
        &path,
        "name: typo\nas_of: 2019-11-27\nbenefits:\n  enforcable: false\n",
    )
    .unwrap();
    let out = mutua(cache.path())
        .arg("classify")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:4:3", path.display())), "{err}");
    assert!(
        err.contains("unknown key `enforcable` under `benefits`"),
        "{err}"
    );
    assert!(err.contains("did you mean `enforceable`?"), "{err}");
}

#[test]
fn json_schema_of_scheme_files_follows_the_fact_declarations() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["schema", "scheme"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out);
    let benefits = &v["properties"]["benefits"]["properties"];
    assert_eq!(
        benefits["enforceable"]["type"],
        serde_json::json!(["boolean", "null"])
    );
    let timing = v["properties"]["contributions"]["properties"]["timing"]["enum"]
        .as_array()
        .unwrap();
    assert!(timing.contains(&serde_json::json!("after_loss")));
    assert_eq!(
        v["properties"]["participants"]["additionalProperties"],
        false
    );
}

/// The contested readings of one jurisdiction's answer: (outcome, holds).
fn contested(scheme: &str, jurisdiction: &str) -> Vec<(String, String)> {
    let v = classify(&[&format!("corpus/schemes/{scheme}.yaml"), "-j", jurisdiction]);
    v["results"][0]["contested"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["outcome"].as_str().unwrap().to_string(),
                c["holds"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The warnings of one jurisdiction's answer.
fn warnings(scheme: &str, jurisdiction: &str) -> Vec<String> {
    let v = classify(&[&format!("corpus/schemes/{scheme}.yaml"), "-j", jurisdiction]);
    v["results"][0]["explanation"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn an_operator_backstop_is_a_promise_in_substance_everywhere() {
    assert_results(
        "backstop-online-plan",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-158",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            ("jp", "insurance", Some("unlicensed"), "jp/iba/art-3/para-1"),
        ],
    );
    // New York's literal reading of § 1101(a)(1) is stated beside the answer
    assert_eq!(
        contested("backstop-online-plan", "ny"),
        [("no_insurance_contract".to_string(), "true".to_string())]
    );
    // the pooled-fund hook is illegal insurance business, not illegal deposit taking; the
    // 2016 campaign's class is named only while the campaign ran
    let during = classify(&[
        "corpus/schemes/backstop-online-plan.yaml",
        "-j",
        "cn",
        "--as-of",
        "2017-01-15",
    ]);
    let w = during["results"][0]["explanation"]["warnings"].to_string();
    assert!(w.contains("class 3"), "{w}");
    assert!(!w.contains("art-176"), "{w}");
    let after = warnings("backstop-online-plan", "cn").join("\n");
    assert!(
        !after.contains("class 3"),
        "the campaign ended in 2017: {after}"
    );
}

#[test]
fn a_prefunded_pool_paying_as_of_course_is_insurance_in_china() {
    assert_results(
        "cn-prefunded-pool-plan",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/criminal-law/art-225",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            (
                "jp",
                "insurance",
                Some("unlicensed"),
                "jp/iba/art-315/item-1",
            ),
        ],
    );
}

#[test]
fn mixed_facts_name_the_fact_that_decides() {
    let v = classify(&["corpus/schemes/cn-pool-payment-practice-unknown.yaml"]);
    for r in v["results"].as_array().unwrap() {
        assert_eq!(r["kind"], "undetermined", "{}", r["jurisdiction"]);
        assert_eq!(
            r["undecided_by"],
            serde_json::json!(["benefits.paid_as_of_course"]),
            "{}",
            r["jurisdiction"]
        );
    }
}

#[test]
fn a_mutual_approved_before_the_pilot_measures_is_licensed() {
    assert_results(
        "cn-sunshine-agricultural-mutual-2010",
        [
            (
                "cn",
                "mutual_insurance_society",
                Some("licensed"),
                "cn/insurance-law/art-181",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            // how many farmers it insures is not in the file
            ("jp", "undetermined", None, "jp/iba/art-2/para-1/item-3"),
        ],
    );
    // the Pilot Measures were not in force in 2010: they are not relied on
    let v = classify(&[
        "corpus/schemes/cn-sunshine-agricultural-mutual-2010.yaml",
        "-j",
        "cn",
    ]);
    let cites = v["results"][0]["citations"].to_string();
    assert!(!cites.contains("pilot-measures"), "{cites}");
}

#[test]
fn new_york_exempts_unions_and_small_benevolent_societies() {
    assert_results(
        "ny-union-death-fund",
        [
            // a union's own non-profit plan is not plainly commercial (art. 2): contested
            (
                "cn",
                "unregulated_mutual_aid",
                Some("no_licence_needed"),
                "cn/insurance-law/art-2",
            ),
            (
                "ny",
                "unregulated_mutual_aid",
                Some("exempt"),
                "ny/ins/s-4522/a/1",
            ),
            (
                "jp",
                "unregulated_mutual_aid",
                Some("exempt"),
                "jp/iba/art-2/para-1/item-2/sub-ha",
            ),
        ],
    );
    assert_results(
        "ny-benevolent-society-1500",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-6",
            ),
            (
                "ny",
                "unregulated_mutual_aid",
                Some("exempt"),
                "ny/ins/s-4522/a/3",
            ),
            ("jp", "insurance", Some("unlicensed"), "jp/iba/art-3/para-1"),
        ],
    );
    assert_results(
        "ny-benevolent-society-1501",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-6",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            ("jp", "insurance", Some("unlicensed"), "jp/iba/art-3/para-1"),
        ],
    );
}

#[test]
fn an_assessment_cooperative_writes_fire_and_allied_lines_only() {
    assert_results(
        "ny-assessment-cooperative-critical-illness",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-6",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-6605/a"),
            ("jp", "insurance", Some("unlicensed"), "jp/iba/art-3/para-1"),
        ],
    );
    assert_results(
        "ny-assessment-cooperative-property",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-6",
            ),
            (
                "ny",
                "mutual_insurance_society",
                Some("licensed"),
                "ny/ins/s-6605/a",
            ),
            ("jp", "insurance", Some("unlicensed"), "jp/iba/art-3/para-1"),
        ],
    );
}

#[test]
fn small_amount_short_term_caps_and_terms() {
    let jp = |scheme: &str| {
        let v = classify(&[&format!("corpus/schemes/{scheme}.yaml"), "-j", "jp"]);
        (
            v["results"][0]["outcome"].as_str().unwrap().to_string(),
            v["results"][0]["compliance"].as_str().unwrap().to_string(),
            v["results"][0]["citations"].to_string(),
        )
    };
    let (outcome, compliance, cites) = jp("jp-small-amount-death-3000000");
    assert_eq!(
        (outcome.as_str(), compliance.as_str()),
        ("small_amount_short_term", "licensed")
    );
    assert!(cites.contains("jp/iba-order/art-1-6"), "{cites}");
    for scheme in [
        "jp-small-amount-death-3000001",
        "jp-small-amount-medical-two-years",
    ] {
        let (outcome, compliance, cites) = jp(scheme);
        assert_eq!(
            (outcome.as_str(), compliance.as_str()),
            ("beyond_small_amount_limits", "unlicensed"),
            "{scheme}"
        );
        assert!(cites.contains("jp/iba/art-3/para-1"), "{scheme}: {cites}");
    }
}

#[test]
fn japan_group_exclusion_asks_who_runs_the_scheme() {
    assert_results(
        "jp-school-cover-vendor",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-6",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            ("jp", "insurance", Some("unlicensed"), "jp/iba/art-3/para-1"),
        ],
    );
    assert_results(
        "jp-school-cover-students-body",
        [
            (
                "cn",
                "insurance",
                Some("unlicensed"),
                "cn/insurance-law/art-6",
            ),
            ("ny", "insurance", Some("unlicensed"), "ny/ins/s-1102/a"),
            (
                "jp",
                "unregulated_mutual_aid",
                Some("exempt"),
                "jp/iba/art-2/para-1/item-2/sub-ho",
            ),
        ],
    );
}

#[test]
fn japan_small_scale_exclusion_at_its_figure_and_over_the_transition() {
    for (scheme, outcome, compliance) in [
        ("jp-small-scale-1000", "small_scale_kyosai", "exempt"),
        ("jp-small-scale-1001", "unlicensed_insurance", "unlicensed"),
        // the exclusion says what insurance business is: it prevails over the transition
        (
            "jp-small-scale-in-transition-2007",
            "small_scale_kyosai",
            "exempt",
        ),
    ] {
        let v = classify(&[&format!("corpus/schemes/{scheme}.yaml"), "-j", "jp"]);
        let r = &v["results"][0];
        assert_eq!(r["outcome"], outcome, "{scheme}");
        assert_eq!(r["compliance"], compliance, "{scheme}");
        assert!(
            r["explanation"]["conflicts"].as_array().unwrap().is_empty(),
            "{scheme}"
        );
    }
}

#[test]
fn co_operative_kyosai_was_outside_the_act_before_2006_too() {
    let v = classify(&["corpus/schemes/jp-ja-kyosai-2005.yaml", "-j", "jp"]);
    let r = &v["results"][0];
    assert_eq!(r["outcome"], "cooperative_kyosai");
    assert_eq!(r["kind"], "mutual_insurance_society");
    assert_eq!(r["compliance"], "exempt");
    assert!(r["citations"]
        .to_string()
        .contains("jp/iba/art-2/para-1/item-1"));
}

#[test]
fn contested_readings_are_reported_beside_the_answer() {
    // New York: a cost-sharing plan that collects fees and pays as of course
    assert_eq!(
        contested("xiang-hu-bao-2019", "ny"),
        [("unlicensed_insurance".to_string(), "true".to_string())]
    );
    // Japan before 2006: membership open to anyone, read as specified persons
    assert_eq!(
        contested("jp-members-only-kyosai-2005", "jp"),
        [("unlicensed_insurance".to_string(), "true".to_string())]
    );
    // and in the text report, in a lawyer's word
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args([
            "classify",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "-j",
            "ny",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Arguably: insurance; UNLICENSED"), "{text}");
}
