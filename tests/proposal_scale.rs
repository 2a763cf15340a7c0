//! Big and bad input through the real binary: proposals of thousands of rules (a conflict
//! among all of them, a diff over them) and schemes of megabytes. Each output must stay
//! small: it grows with what there is to say, not with the pairs of rules or the length of
//! a line.

mod common;

use std::path::Path;

use common::{json, mutua};

fn run(args: &[&str]) -> std::process::Output {
    let cache = tempfile::tempdir().unwrap();
    mutua(cache.path()).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A proposal over the Chinese rules with `rules` rules; rule `r{i}` gives outcome
/// `o{i % outcomes}` when `condition(i)` holds.
fn proposal(
    dir: &Path,
    rules: usize,
    outcomes: usize,
    condition: impl Fn(usize) -> String,
) -> String {
    let mut text = String::from("proposal \"many rules\" extends cn\n");
    for o in 0..outcomes {
        text.push_str(&format!(
            "outcome o{o} kind insurance compliance licensed\n"
        ));
    }
    for i in 0..rules {
        text.push_str(&format!(
            "rule r{i} -> o{}\n  when {}\n  cites cn/insurance-law/art-2\n",
            i % outcomes,
            condition(i)
        ));
    }
    let path = dir.join(format!("proposal-{rules}.rules"));
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const XIANG_HU_BAO: &str = "corpus/schemes/xiang-hu-bao-2019.yaml";

#[test]
fn a_conflict_among_1200_rules_is_reported_once_with_its_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    // every rule applies to Xiang Hu Bao (a fortuitous event triggers its payments), each
    // with an outcome of its own, beside the rule in force that gives `mutual_aid_plan`
    let p = proposal(dir.path(), 1_200, 1_200, |_| {
        "benefits.trigger != none".to_string()
    });
    let out = run(&["classify", XIANG_HU_BAO, "--proposal", &p, "-j", "cn"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.lines().count() < 200, "{stdout}");
    assert!(stdout.contains("conflict in the rules"), "{stdout}");
    assert!(
        stdout.contains(
            "Conflict: 1,201 rules apply with 1,201 different outcomes and none yields to another"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("  - `mutual_aid_plan`: rule `mutual_aid`\n"),
        "{stdout}"
    );
    assert!(stdout.contains("  - `o0`: rule `r0`\n"), "{stdout}");
    assert!(
        stdout.contains("  - and 1,191 more outcomes, from 1,191 more rules"),
        "{stdout}"
    );

    // JSON names every outcome once, with all of its rules
    let out = run(&[
        "classify",
        XIANG_HU_BAO,
        "--proposal",
        &p,
        "-j",
        "cn",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v = json(&out);
    let conflicts = v["results"][0]["explanation"]["conflicts"]
        .as_array()
        .unwrap();
    assert_eq!(conflicts.len(), 1_201);
    assert_eq!(conflicts[0]["outcome"], "mutual_aid_plan");
    assert_eq!(conflicts[0]["rules"], serde_json::json!(["mutual_aid"]));
    assert_eq!(conflicts[1_200]["outcome"], "o1199");
    assert_eq!(conflicts[1_200]["rules"], serde_json::json!(["r1199"]));
}

#[test]
fn rules_giving_one_outcome_are_named_together_in_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    // seven rules for each of two outcomes
    let p = proposal(dir.path(), 14, 2, |_| {
        "benefits.trigger != none".to_string()
    });
    let out = run(&["classify", XIANG_HU_BAO, "--proposal", &p, "-j", "cn"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Conflict: 15 rules apply with 3 different outcomes"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  - `o0`: rules `r0`, `r2`, `r4`, `r6`, `r8` and 2 more\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  - `o1`: rules `r1`, `r3`, `r5`, `r7`, `r9` and 2 more\n"),
        "{stdout}"
    );
}

#[test]
fn diff_with_a_proposal_of_10000_rules_finishes_in_a_few_lines() {
    let dir = tempfile::tempdir().unwrap();
    // each rule its own threshold: every rule applies to Xiang Hu Bao (over 100 million
    // participants), with 20 outcomes between them; none is known to apply to the
    // start-up, which does not say how many take part
    let p = proposal(dir.path(), 10_000, 20, |i| {
        format!("participants.count > {i}")
    });
    let out = run(&[
        "diff",
        "--proposal",
        &p,
        XIANG_HU_BAO,
        "corpus/schemes/undetermined-startup.yaml",
        "-j",
        "cn",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.lines().count() < 100, "{stdout}");
    assert!(
        stdout.contains("2 answers compared (2 schemes × jurisdictions); 1 changed."),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "conflict: 10,001 rules apply with 21 different outcomes and none yields to another"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("- `o0`: rules `r0`, `r20`, `r40`, `r60`, `r80` and 495 more"),
        "{stdout}"
    );
}

#[test]
fn check_says_which_rules_it_did_not_weigh_against_every_higher_priority() {
    let dir = tempfile::tempdir().unwrap();
    // 100 rules, each of its own priority
    let p = proposal(dir.path(), 100, 20, |i| {
        format!("participants.count > {i}\n  priority {i}")
    });
    let out = run(&[
        "check",
        "corpus/rules/facts.rules",
        "corpus/rules/cn.rules",
        &p,
    ]);
    // a warning: the check could not vouch for every rule
    assert_eq!(out.status.code(), Some(1));
    let stderr = format!("{}{}", text(&out.stdout), text(&out.stderr));
    // the 35 proposed rules of priority 0 to 34, and the shipped Chinese rules (each of a
    // priority below 35), yield to more than 64 rules each
    let shipped = std::fs::read_to_string("corpus/rules/cn.rules").unwrap();
    assert!(shipped
        .lines()
        .filter_map(|l| l.trim().strip_prefix("priority "))
        .all(|p| p.trim().parse::<i64>().unwrap() < 35));
    let shipped_rules = shipped.lines().filter(|l| l.starts_with("rule ")).count();
    assert!(
        stderr.contains(&format!(
            "whether {} rules of `cn` can never fire was only partly checked: they yield to more than 64 rules of higher priority each",
            35 + shipped_rules
        )),
        "{stderr}"
    );
}

#[test]
fn ten_thousand_unknown_outcomes_are_reported_with_hints_for_those_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut rules = String::from("proposal \"typos\" extends cn\n");
    for i in 0..10_000 {
        rules.push_str(&format!(
            "outcome outcome_{i} kind insurance compliance licensed\n"
        ));
    }
    for i in 0..10_000 {
        rules.push_str(&format!(
            "rule r{i} -> outcom_{i} when benefits.enforceable cites cn/insurance-law/art-2\n"
        ));
    }
    let p = dir.path().join("typos.rules");
    std::fs::write(&p, rules).unwrap();
    let p = p.to_str().unwrap();
    let out = run(&[
        "check",
        "corpus/rules/facts.rules",
        "corpus/rules/cn.rules",
        p,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let shown = format!("{}{}", text(&out.stdout), text(&out.stderr));
    // every error shown has its hint; the rest are counted
    assert_eq!(shown.matches("Error: ").count(), 50, "{shown}");
    assert_eq!(
        shown.matches("Help: did you mean `outcome_").count(),
        50,
        "{shown}"
    );
    assert!(
        shown.contains("Help: did you mean `outcome_0` or"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("error: and 9950 more problems in {p}, not shown")),
        "{shown}"
    );
    assert!(shown.contains("10000 errors"), "{shown}");
}

#[test]
fn an_error_on_a_line_of_900_kb_quotes_only_a_little_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("one-line.yaml");
    let name = "a".repeat(900_000);
    std::fs::write(
        &scheme,
        format!("{{name: \"{name}\", as_of: 2019-11-27, benefits: {{enforceable: maybe}}}}\n"),
    )
    .unwrap();
    let out = run(&["classify", scheme.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.len() < 4_096, "{} bytes on stderr", stderr.len());
    let at = format!("{}:1:900055", scheme.display());
    // the message and the excerpt's heading name the same place
    assert!(
        stderr.contains(&format!(
            "{at}: `benefits.enforceable` must be true or false"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("[ {at} ]")), "{stderr}");
    assert!(
        stderr.contains("…1-27, benefits: {enforceable: maybe}}"),
        "{stderr}"
    );
}

#[test]
fn a_scheme_file_of_20_mb_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("huge.yaml");
    let name = "a".repeat(20_000_000);
    std::fs::write(
        &scheme,
        format!("{{name: \"{name}\", as_of: 2019-11-27, benefits: {{enforceable: maybe}}}}\n"),
    )
    .unwrap();
    let out = run(&["classify", scheme.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.len() < 4_096, "{} bytes on stderr", stderr.len());
    assert!(
        stderr.contains(&format!(
            "{}:1:1: error: the scheme file is 20.0 MB; a scheme file is at most 1 MB",
            scheme.display()
        )),
        "{stderr}"
    );
}

#[test]
fn a_scheme_of_20_mb_on_standard_input_is_refused_at_the_limit() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["classify", "-"])
        .write_stdin(vec![b'#'; 20_000_000])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "<stdin>:1:1: error: the scheme is more than 1 MB; a scheme file is at most 1 MB"
        ),
        "{stderr}"
    );
}
