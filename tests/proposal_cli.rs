//! Proposals through the real binary: `mutua diff --proposal` over the shipped schemes and
//! `mutua classify --proposal`, with the example proposal of
//! corpus/rules/proposals/mutual-aid-as-mutual-society.rules.

mod common;

use common::{json, mutua};

const PROPOSAL: &str = "corpus/rules/proposals/mutual-aid-as-mutual-society.rules";

fn run(args: &[&str]) -> std::process::Output {
    let cache = tempfile::tempdir().unwrap();
    mutua(cache.path()).args(args).output().unwrap()
}

fn ok_json(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

#[test]
fn diff_reports_the_plans_without_a_promise_in_china_only() {
    let v = ok_json(&[
        "diff",
        "--proposal",
        PROPOSAL,
        "corpus/schemes",
        "--format",
        "json",
    ]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["proposals"], serde_json::json!([PROPOSAL]));
    let schemes = std::fs::read_dir("corpus/schemes")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert_eq!(v["schemes"], schemes);
    let changes = v["changes"].as_array().unwrap();
    let xhb = changes
        .iter()
        .find(|c| c["file"] == "corpus/schemes/xiang-hu-bao-2019.yaml" && c["jurisdiction"] == "cn")
        .unwrap_or_else(|| panic!("Xiang Hu Bao 2019 changes in China: {changes:#?}"));
    assert_eq!(xhb["scheme"], "Xiang Hu Bao (相互宝)");
    assert_eq!(xhb["before"]["kind"], "unregulated_mutual_aid");
    assert_eq!(xhb["before"]["outcome"], "mutual_aid_plan");
    assert_eq!(xhb["before"]["compliance"], "no_licence_needed");
    assert_eq!(xhb["after"]["kind"], "mutual_insurance_society");
    // no approval and none of the proposed conditions met
    assert_eq!(xhb["after"]["compliance"], "unlicensed");
    let after_cites = xhb["after"]["citations"].as_array().unwrap();
    assert!(after_cites.iter().any(|c| c == "cn/pilot-measures/art-5"));
    // both explanations name the deciding rule, from the base file and from the proposal
    assert_eq!(
        xhb["before_explanation"]["deciding_rule"]["rule"],
        "mutual_aid"
    );
    let at = xhb["before_explanation"]["deciding_rule"]["defined_at"]
        .as_str()
        .unwrap();
    assert!(at.starts_with("corpus/rules/cn.rules:"), "{at}");
    let after = &xhb["after_explanation"]["deciding_rule"];
    assert!(after["defined_at"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{PROPOSAL}:")));
    assert!(after["because"]
        .as_str()
        .unwrap()
        .contains("not the law in force"));
    // pre-funded plans come under the proposal too
    let advance = changes
        .iter()
        .find(|c| c["file"] == "corpus/schemes/cn-small-advance-plan.yaml")
        .unwrap_or_else(|| panic!("the small-advance plan changes: {changes:#?}"));
    assert_eq!(advance["before"]["outcome"], "mutual_aid_plan");
    assert_eq!(advance["after"]["outcome"], "unapproved_mutual_aid");
    // plans that promise in substance are insurance already and do not change
    assert!(
        changes
            .iter()
            .all(|c| c["file"] != "corpus/schemes/backstop-online-plan.yaml"
                && c["file"] != "corpus/schemes/cn-prefunded-pool-plan.yaml"),
        "{changes:#?}"
    );
    assert!(
        changes
            .iter()
            .all(|c| c["jurisdiction"] != "ny" && c["jurisdiction"] != "jp"),
        "a proposal for China changes nothing in New York or Japan: {changes:#?}"
    );
}

#[test]
fn diff_text_and_markdown() {
    for format in ["text", "markdown"] {
        let out = run(&[
            "diff",
            "--proposal",
            PROPOSAL,
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "corpus/schemes/ny-mutual-life.yaml",
            "--format",
            format,
        ]);
        assert!(out.status.success(), "{format}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Internet mutual aid as mutual insurance society"),
            "{text}"
        );
        assert!(text.contains("Xiang Hu Bao"), "{text}");
        assert!(
            !text.contains("New York"),
            "{format}: no change in New York\n{text}"
        );
        assert!(text.contains("unregulated mutual aid"), "{text}");
        assert!(text.contains("UNLICENSED"), "{text}");
        assert!(text.contains("cn/insurance-law/art-158"), "{text}");
    }
}

#[test]
fn classify_with_the_proposal() {
    let v = ok_json(&[
        "classify",
        "corpus/schemes/xiang-hu-bao-2019.yaml",
        "--proposal",
        PROPOSAL,
        "-j",
        "cn",
        "--format",
        "json",
    ]);
    let r = &v["results"][0];
    assert_eq!(r["kind"], "mutual_insurance_society");
    assert_eq!(r["compliance"], "unlicensed");
    assert_eq!(r["outcome"], "unapproved_mutual_aid");
    assert_eq!(
        v["proposals"][0]["title"],
        "Internet mutual aid as mutual insurance society"
    );
    // the text report says first that proposed rules, not the law in force, were applied
    let out = run(&[
        "classify",
        "corpus/schemes/xiang-hu-bao-2019.yaml",
        "--proposal",
        PROPOSAL,
        "-j",
        "cn",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    let header: Vec<&str> = text.lines().take(3).collect();
    assert!(
        header[2].starts_with("PROPOSED RULES applied, not the law in force"),
        "{text}"
    );
    // a plan meeting the proposed conditions, with approval
    let v = ok_json(&[
        "classify",
        "tests/fixtures/proposal/approved-mutual-aid-plan.yaml",
        "--proposal",
        PROPOSAL,
        "--format",
        "json",
    ]);
    let cn = &v["results"][0];
    assert_eq!(cn["jurisdiction"], "cn");
    assert_eq!(cn["kind"], "mutual_insurance_society");
    assert_eq!(cn["compliance"], "licensed");
    // and the same plan under the law in force
    let v = ok_json(&[
        "classify",
        "tests/fixtures/proposal/approved-mutual-aid-plan.yaml",
        "-j",
        "cn",
        "--format",
        "json",
    ]);
    assert_eq!(v["results"][0]["kind"], "unregulated_mutual_aid");
}

#[test]
fn bad_input_exits_2() {
    // not a proposal
    let out = run(&[
        "diff",
        "--proposal",
        "corpus/rules/cn.rules",
        "corpus/schemes",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a proposal"), "{err}");
    // a proposal with errors
    let out = run(&[
        "classify",
        "corpus/schemes/xiang-hu-bao-2019.yaml",
        "--proposal",
        "tests/fixtures/rules-bad/proposal-unknown-names.rules",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `mutual_aid`"));
    // a missing scheme, and a folder without schemes
    let out = run(&["diff", "--proposal", PROPOSAL, "no/such/scheme.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["diff", "--proposal", PROPOSAL, "corpus/rules"]);
    assert_eq!(out.status.code(), Some(2));
    // --proposal is required
    let out = run(&["diff", "corpus/schemes"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn conduct_breaches_of_an_approved_society_are_warnings_not_a_lost_approval() {
    let fixture =
        std::fs::read_to_string("tests/fixtures/proposal/approved-mutual-aid-plan.yaml").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let lapsed = dir.path().join("lapsed.yaml");
    std::fs::write(
        &lapsed,
        fixture
            .replace("disclosure: periodic", "disclosure: none")
            .replace("members_vote: true", "members_vote: false"),
    )
    .unwrap();
    let v = ok_json(&[
        "classify",
        lapsed.to_str().unwrap(),
        "--proposal",
        PROPOSAL,
        "-j",
        "cn",
        "--format",
        "json",
    ]);
    let r = &v["results"][0];
    assert_eq!(r["outcome"], "mutual_aid_society");
    assert_eq!(r["compliance"], "licensed");
    let warnings = r["explanation"]["warnings"].to_string();
    assert!(warnings.contains("cn/insurance-law/art-169"), "{warnings}");
    assert!(warnings.contains("democratically"), "{warnings}");
    // an approved mutual aid society is not held to the Pilot Measures' thresholds
    assert!(
        !warnings.contains("Pilot Measures' entry thresholds"),
        "{warnings}"
    );
}

#[test]
fn diff_reports_a_change_in_contested_readings() {
    let dir = tempfile::tempdir().unwrap();
    let literal = dir.path().join("literal.rules");
    std::fs::write(
        &literal,
        "proposal \"The literal reading only\" extends ny\n\
         replace rule no_obligation -> no_insurance_contract\n\
         \x20 when not benefits.enforceable and not promise_in_substance\n\
         \x20 cites ny/ins/s-1101/a/1\n",
    )
    .unwrap();
    let v = ok_json(&[
        "diff",
        "--proposal",
        literal.to_str().unwrap(),
        "corpus/schemes/xiang-hu-bao-2019.yaml",
        "--format",
        "json",
    ]);
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let c = &changes[0];
    assert_eq!(c["jurisdiction"], "ny");
    // the answer is the same; only the reading beside it goes
    assert_eq!(c["before"]["outcome"], c["after"]["outcome"]);
    assert_eq!(
        c["before"]["contested"][0]["outcome"],
        "unlicensed_insurance"
    );
    assert_eq!(c["after"]["contested"], serde_json::json!([]));
}
