//! `mutua test` through the real binary: the shipped case suite, failures with their
//! places, malformed cases, JSON, JUnit, `--update`, `--proposal` and `--coverage`.

mod common;

use common::{json, mutua};

fn output(args: &[&str]) -> std::process::Output {
    let cache = tempfile::tempdir().unwrap();
    mutua(cache.path()).arg("test").args(args).output().unwrap()
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = output(args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_shipped_case_suite_passes() {
    let (code, out, err) = run(&["corpus/cases"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let last = out.lines().last().unwrap();
    let passed: usize = last
        .strip_suffix(" passed, 0 failed")
        .unwrap_or_else(|| panic!("closing line: {last}"))
        .parse()
        .unwrap();
    // every shipped scheme, and cases for every outcome of every jurisdiction
    let schemes = std::fs::read_dir("corpus/schemes").unwrap().count();
    assert!(passed >= 30 && passed > schemes, "{passed} cases");
}

#[test]
fn every_rule_of_every_jurisdiction_decides_a_shipped_case() {
    let out = output(&["corpus/cases", "--coverage", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    for j in common::jurisdiction_codes() {
        assert_eq!(
            v["coverage"]["rules_never_fired"][&j],
            serde_json::json!([]),
            "{j}"
        );
    }
}

#[test]
fn failures_say_what_differs_where_and_which_rule_decided() {
    let (code, out, _) = run(&["tests/fixtures/cases"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("ok     tests/fixtures/cases/passes.yaml"),
        "{out}"
    );
    assert!(
        out.contains("FAIL   tests/fixtures/cases/wrong-kind.yaml"),
        "{out}"
    );
    assert!(
        out.contains("cn kind: expected insurance, got unregulated_mutual_aid  (expected at tests/fixtures/cases/wrong-kind.yaml:5)"),
        "{out}"
    );
    assert!(
        out.contains("decided by rule `mutual_aid` → mutual_aid_plan  [corpus/rules/cn.rules:"),
        "{out}"
    );
    assert!(
        out.contains("jp cites: expected jp/iba/art-3/para-1"),
        "{out}"
    );
    // a malformed case is one failure with a located error, not an abort
    assert!(
        out.contains("ERROR  tests/fixtures/cases/malformed.yaml"),
        "{out}"
    );
    assert!(
        out.contains("malformed.yaml:7:10: unknown key `knd` in an expectation"),
        "{out}"
    );
    assert!(out.contains("did you mean `kind`?"), "{out}");
    assert_eq!(out.lines().last(), Some("1 passed, 2 failed"));
}

#[test]
fn json_and_junit() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("junit.xml");
    let out = output(&[
        "tests/fixtures/cases",
        "--format",
        "json",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["passed"], 1);
    assert_eq!(v["failed"], 2);
    let wrong = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["file"] == "tests/fixtures/cases/wrong-kind.yaml")
        .unwrap();
    assert_eq!(wrong["status"], "failed");
    assert_eq!(wrong["failures"][0]["field"], "kind");
    assert_eq!(wrong["failures"][0]["expected"], "insurance");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<testsuite name=\"mutua cases\" tests=\"3\""),
        "{xml}"
    );
    assert!(xml.contains("<failure"), "{xml}");
    assert!(xml.contains("<error"), "{xml}");
}

#[test]
fn update_rewrites_failing_expectations_after_showing_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("case.yaml");
    let scheme = std::fs::canonicalize("corpus/schemes/backstop-online-plan.yaml").unwrap();
    std::fs::write(
        &case,
        format!(
            "# a comment that stays\nscheme: {}\nexpect:\n  cn: {{kind: undetermined}}\n",
            scheme.display()
        ),
    )
    .unwrap();
    let path = case.to_str().unwrap();
    let (code, out, _) = run(&[path, "--update"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("-  cn: {kind: undetermined}"), "{out}");
    assert!(out.contains("+    kind: insurance"), "{out}");
    let text = std::fs::read_to_string(&case).unwrap();
    assert!(text.starts_with("# a comment that stays\n"), "{text}");
    assert!(text.contains("outcome: unlicensed_insurance"), "{text}");
    // and the rewritten case passes as it is
    let (code, out, _) = run(&[path]);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn a_suite_under_a_proposal() {
    let (code, out, _) = run(&[
        "corpus/cases/schemes/xiang-hu-bao-2019.yaml",
        "--proposal",
        "corpus/rules/proposals/mutual-aid-as-mutual-society.rules",
    ]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.starts_with("PROPOSED RULES applied, not the law in force"),
        "{out}"
    );
    assert!(
        out.contains("cn outcome: expected mutual_aid_plan, got unapproved_mutual_aid"),
        "{out}"
    );
}

#[test]
fn bad_paths_exit_2() {
    let (code, _, err) = run(&["no/such/folder"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("does not exist"), "{err}");
}
