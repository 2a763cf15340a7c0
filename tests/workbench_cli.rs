//! The lawyer's workbench through the real binary: `classify --set`, `classify -` and
//! `whatif`, with their output pinned as snapshots.

mod common;

use common::{json, mutua, without_provenance};

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
    insta::assert_snapshot!(
        "whatif_xiang_hu_bao_cn_to_insurance",
        without_provenance(&text)
    );
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

#[test]
fn interview_asks_only_what_can_change_an_answer_and_writes_the_scheme() {
    // bad answers (an enum number out of range, "maybe" for yes/no) are asked again;
    // an enum may be answered by its number
    let answers =
        "Xiang Hu Bao (相互宝)\n2019-11-27\n9\nfortuitous_event\nafter_loss\ncompany\nnone\nmaybe\nno\nno\nfee_on_claims\nno\n";
    let out = run(&["interview"], Some(answers));
    let transcript = String::from_utf8_lossy(&out.stderr).into_owned();
    let yaml = stdout(&out);
    insta::assert_snapshot!("interview_xiang_hu_bao_transcript", transcript);
    insta::assert_snapshot!("interview_xiang_hu_bao_scheme", yaml);
    assert!(
        transcript.contains("Not understood: `9` is not one of"),
        "{transcript}"
    );
    assert!(
        transcript.contains("Not understood: `maybe` is not yes or no"),
        "{transcript}"
    );
    // every answer was decided before the questions ran out
    for (_, j) in common::jurisdictions() {
        assert!(
            transcript.contains(&format!("→ Decided {j}:")),
            "{j}: {transcript}"
        );
    }
    // the scheme file it writes reads back and gets the same answers
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("interviewed.yaml");
    std::fs::write(&file, &yaml).unwrap();
    let v = json(&run(
        &["classify", file.to_str().unwrap(), "--format", "json"],
        None,
    ));
    let outcomes: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "mutual_aid_plan",
            "no_insurance_contract",
            "outside_the_act"
        ]
    );
}

#[test]
fn interview_in_japanese_and_with_dont_know() {
    // "don't know" to every question: the interview ends when none is left
    let answers = format!("制度\n2019-06-30\n{}", "?\n".repeat(100));
    let out = run(&["interview", "-j", "jp", "--lang", "ja"], Some(&answers));
    let transcript = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{transcript}");
    assert!(transcript.contains("支払の契機は何ですか"), "{transcript}");
    // a fact answered "don't know" is not asked again, and stays out of the scheme
    assert_eq!(
        transcript.matches("[benefits.trigger]").count(),
        1,
        "{transcript}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("trigger"));
}

#[test]
fn help_shows_an_example_and_the_exit_codes_for_every_command() {
    let top = stdout(&run(&["--help"], None));
    assert!(top.contains("Exit codes: 0 success"), "{top}");
    // every command listed under "Commands:" has an example in its own help
    let commands: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // a description running over several lines continues further in
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 15, "{commands:?}");
    for c in &commands {
        let help = stdout(&run(&[c, "--help"], None));
        assert!(
            help.contains("Example:\n  mutua ") || help.contains("Examples:\n  mutua "),
            "{c}: {help}"
        );
        assert!(help.contains("Exit codes:"), "{c}: {help}");
    }
}

#[test]
fn completions_and_manual_page() {
    let bash = stdout(&run(&["completions", "bash"], None));
    assert!(bash.contains("_mutua()"), "{bash}");
    assert!(bash.contains("whatif"), "{bash}");
    let zsh = stdout(&run(&["completions", "zsh"], None));
    assert!(zsh.starts_with("#compdef mutua"), "{zsh}");
    let man = stdout(&run(&["man"], None));
    assert!(man.contains(".TH mutua 1"), "{man}");
    assert!(man.contains("Exit codes"), "{man}");
    let out = run(&["completions", "tcsh"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cite_in_each_systems_style_with_address_and_text_status() {
    let text = stdout(&run(
        &[
            "cite",
            "保险法第二条",
            "N.Y. Ins. Law § 1101(a)(1)",
            "jp/iba/art-2/para-1/item-3",
        ],
        None,
    ));
    insta::assert_snapshot!("cite_three_systems_text", text);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("《中华人民共和国保险法》（2015年修正）第二条"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("N.Y. Ins. Law § 1101(a)(1) (McKinney "),
        "{text}"
    );
    assert!(
        lines[2].starts_with("保険業法（平成7年法律第105号）第2条第1項第3号"),
        "{text}"
    );
}

#[test]
fn cite_as_csl_json_and_bibtex_for_a_reference_manager() {
    let items = json(&run(
        &["cite", "cn/insurance-law/art-2", "--format", "csl-json"],
        None,
    ));
    insta::assert_snapshot!(
        "cite_insurance_law_art_2_csl_json",
        serde_json::to_string_pretty(&items).unwrap()
    );
    let item = &items[0];
    assert_eq!(item["type"], "legislation");
    assert_eq!(item["id"], "cn/insurance-law/art-2");
    assert_eq!(item["section"], "第二条");
    assert_eq!(item["container-title"], "中华人民共和国保险法");
    assert!(item["note"]
        .as_str()
        .unwrap()
        .contains("text held: verbatim"));
    let bib = stdout(&run(
        &["cite", "N.Y. Ins. Law § 1101(a)(1)", "--format", "bibtex"],
        None,
    ));
    insta::assert_snapshot!("cite_ny_1101_bibtex", bib);
    assert!(bib.starts_with("@legislation{ny_ins_s_1101_a_1,"), "{bib}");
    assert!(bib.contains("text held: unverified"), "{bib}");
}

#[test]
fn cite_reports_every_bad_citation_and_exits_2() {
    let out = run(&["cite", "cn/insurance-law", "保险法第九百条"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a provision"), "{err}");
    assert!(err.contains("mutua show cn/insurance-law --toc"), "{err}");
    assert!(err.contains("cn/insurance-law/art-900"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn options_are_listed_only_for_the_commands_they_apply_to() {
    let out = run(&["schema", "--format", "markdown"], None);
    assert_eq!(out.status.code(), Some(2), "schema has no --format");
    let out = run(&["compare", "licensing", "--format", "csl-json"], None);
    assert_eq!(out.status.code(), Some(2), "compare has no csl-json");
    let out = run(
        &["check", "corpus/rules/cn.rules", "--format", "markdown"],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "check writes text or JSON");
    let help = stdout(&run(&["completions", "--help"], None));
    assert!(!help.contains("--corpus"), "{help}");
    assert!(!help.contains("--format"), "{help}");
    let help = stdout(&run(&["schema", "--help"], None));
    assert!(!help.contains("--format"), "{help}");
    let help = stdout(&run(&["classify", "--help"], None));
    assert!(help.contains("jsonl"), "{help}");
    assert!(help.contains("--corpus"), "{help}");
}
