//! `mutua check` weighs each jurisdiction's rules as a whole: rules of equal priority that
//! fire together with different outcomes, and facts under which no rule fires, each with
//! an example. The rule sets are the small files of `tests/fixtures/rules-analysis/`,
//! checked with the facts declared there; where a message matters its output is an insta
//! snapshot: accept a new one with `INSTA_UPDATE=always cargo test --test check_analysis`
//! and review the `.snap` file.

mod common;

use std::process::Output;

use common::{json, mutua};

const FACTS: &str = "tests/fixtures/rules-analysis/facts.rules";

fn fixture(name: &str) -> String {
    format!("tests/fixtures/rules-analysis/{name}.rules")
}

/// `mutua check` of the facts and one rule file, with its own cache.
fn check(rules: &str, extra: &[&str]) -> Output {
    let cache = tempfile::tempdir().unwrap();
    mutua(cache.path())
        .args(["check", FACTS, rules])
        .args(extra)
        .output()
        .unwrap()
}

/// Exit code, then stderr and stdout as a user sees them: what a snapshot holds.
fn shown(out: &Output) -> String {
    format!(
        "exit {}\n--- stderr\n{}--- stdout\n{}",
        out.status.code().map_or("signal".into(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    )
}

/// The check passes with nothing to report.
fn assert_clean(rules: &str) {
    let out = check(rules, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "clean: 2 rule files checked, 0 errors, 0 warnings\n",
        "{}",
        shown(&out)
    );
}

#[test]
fn rules_of_equal_priority_that_fire_together_are_named_with_an_example() {
    let out = check(&fixture("collision"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("tests/fixtures/rules-analysis/collision.rules:10:6: rules `members_only` and `small` (tests/fixtures/rules-analysis/collision.rules:14:6) both fire"),
        "{text}"
    );
    assert!(
        text.contains("when scheme.members_only = true, scheme.members = 999 (whatever the other facts), on any date"),
        "{text}"
    );
    insta::assert_snapshot!("collision", shown(&out));
}

#[test]
fn rules_with_the_same_outcome_never_collide() {
    assert_clean(&fixture("same-outcome"));
}

#[test]
fn a_rule_that_yields_or_is_of_another_priority_does_not_collide() {
    assert_clean(&fixture("unless"));
    assert_clean(&fixture("priority"));
}

#[test]
fn rules_in_force_on_different_dates_do_not_collide() {
    assert_clean(&fixture("disjoint-dates"));
    // the same rules in force together for a while do, then
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("disjoint-dates")).unwrap();
    let overlapping = dir.path().join("overlapping-dates.rules");
    std::fs::write(
        &overlapping,
        text.replace("from 2020-01-01", "from 2019-07-01"),
    )
    .unwrap();
    let out = check(overlapping.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("rules `members_only_before_2020` and `members_only_from_2020`"),
        "{text}"
    );
    assert!(
        text.contains("when scheme.members_only = true (whatever the other facts), on any date from 2019-07-01 to 2019-12-31"),
        "{text}"
    );
}

#[test]
fn facts_under_which_no_rule_fires_are_given_as_an_example() {
    let out = check(&fixture("gap"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("tests/fixtures/rules-analysis/gap.rules:3:14: no rule of `cn` fires when scheme.members_only = false, scheme.members = 999 (whatever the other facts), on any date"),
        "{text}"
    );
    insta::assert_snapshot!("gap", shown(&out));
}

#[test]
fn rules_that_yield_to_each_other_leave_the_facts_both_hold_for_uncovered() {
    let out = check(&fixture("yield-to-each-other"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("no rule of `cn` fires when scheme.members_only = true, scheme.members = 999 (whatever the other facts), on any date"),
        "{text}"
    );
    // they yield to each other: not a collision
    assert!(!text.contains("both fire"), "{text}");
}

#[test]
fn a_complete_rule_set_is_clean() {
    assert_clean(&fixture("complete"));
}

#[test]
fn a_search_that_reaches_its_limit_says_so_in_a_note_and_passes() {
    // a rule that holds whatever the twenty facts, seen only once all are set: the search
    // for facts that fire no rule tries 2^20 combinations, more than its limit
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "jurisdiction cn\noutcome plan kind unregulated_mutual_aid compliance exempt\n",
    );
    for i in 1..=20 {
        text.push_str(&format!("fact f.f{i} bool question en \"F{i}?\"\n"));
    }
    let always: Vec<String> = (1..=20)
        .map(|i| format!("(f.f{i} or not f.f{i})"))
        .collect();
    text.push_str(&format!(
        "rule always -> plan when {} cites cn/insurance-law/art-2\n",
        always.join(" and ")
    ));
    let rules = dir.path().join("long-search.rules");
    std::fs::write(&rules, text).unwrap();
    let out = check(rules.to_str().unwrap(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Note: ") && stdout.contains(": the search for facts under which no rule of `cn` fires stopped at its limit of 3,000,000 evaluations, before it could tell"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("clean: 2 rule files checked, 0 errors, 0 warnings, 1 note\n"),
        "{stdout}"
    );
    let out = check(rules.to_str().unwrap(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let v = json(&out);
    assert_eq!(v["notes"], 1, "{v}");
    assert_eq!(v["warnings"], 0, "{v}");
    assert_eq!(v["diagnostics"][0]["severity"], "note", "{v}");
}
