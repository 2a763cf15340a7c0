//! The lawyer's workbench through the real binary: `classify --set`, `classify -` and
//! `whatif`, with their output pinned as snapshots.

mod common;

use common::{json, mutua};

fn run(args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let cache = tempfile::tempdir().unwrap();
    let mut cmd = mutua(cache.path());
    cmd.args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    cmd.output().unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn set_overrides_a_fact_for_one_run() {
    let v = json(&run(
        &[
            "classify",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "-j",
            "cn",
            "--set",
            "operator.bears_risk=true",
            "--format",
            "json",
        ],
        None,
    ));
    assert_eq!(v["results"][0]["outcome"], "unlicensed_insurance");
    // numbers as people write them, money in the scheme's currency
    let v = json(&run(
        &[
            "classify",
            "corpus/schemes/jp-small-amount-death-3000000.yaml",
            "-j",
            "jp",
            "--set",
            "benefits.max_amount=3,000,001",
            "--format",
            "json",
        ],
        None,
    ));
    assert_eq!(v["results"][0]["outcome"], "beyond_small_amount_limits");
}

#[test]
fn set_rejects_unknown_facts_and_bad_values() {
    let out = run(
        &[
            "classify",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "--set",
            "operator.bears_rsk=true",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `operator.bears_risk`"), "{err}");
    let out = run(
        &[
            "classify",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "--set",
            "participants.count=lots",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a number"));
}

#[test]
fn classify_reads_a_scheme_from_standard_input() {
    let text = std::fs::read_to_string("corpus/schemes/xiang-hu-bao-2019.yaml").unwrap();
    let out = stdout(&run(&["classify", "-", "-j", "cn"], Some(&text)));
    assert!(out.contains("unregulated mutual aid"), "{out}");
    // errors name the input as standard input
    let out = run(
        &["classify", "-"],
        Some("name: x\nas_of: 2019-11-27\nbenefits:\n  enforcable: true\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:4:3"));
}

#[test]
fn whatif_lists_the_smallest_changes_with_their_reasons() {
    let text = stdout(&run(
        &[
            "whatif",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "-j",
            "cn",
            "--to",
            "insurance",
        ],
        None,
    ));
    insta::assert_snapshot!("whatif_xiang_hu_bao_cn_to_insurance", text);
    let v = json(&run(
        &[
            "whatif",
            "corpus/schemes/backstop-online-plan.yaml",
            "-j",
            "cn",
            "--to",
            "mutual_aid_plan",
            "--format",
            "json",
        ],
        None,
    ));
    let changes = v["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    for c in changes {
        assert_eq!(c["to"]["outcome"], "mutual_aid_plan");
        // every element of the promise in substance has to go
        assert_eq!(c["set"]["operator.bears_risk"], false, "{c}");
        assert!(c["why"][0]["citations"]
            .to_string()
            .contains("cn/insurance-law/art-2"));
    }
    assert_eq!(v["complete"], true);
}

#[test]
fn whatif_to_an_unknown_outcome_exits_2() {
    let out = run(
        &[
            "whatif",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "--to",
            "mutual_aid_plna",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `mutual_aid_plan`"));
}
