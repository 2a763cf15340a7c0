//! Bad input through the binary: every defect found by trying to break mutua as a hostile or
//! careless user would has a test here, numbered as in the hardening issue. A bad input is a
//! file in `tests/fixtures/harden/` (or one made here when it is large), and where a message
//! matters its output is an insta snapshot: accept a new one with
//! `INSTA_UPDATE=always cargo test --test harden` and review the `.snap` file.

mod common;

use std::path::Path;
use std::process::Output;

use common::{json, mutua};

const XHB: &str = "corpus/schemes/xiang-hu-bao-2019.yaml";

fn fixture(name: &str) -> String {
    format!("tests/fixtures/harden/{name}")
}

/// Runs mutua with `args` and its own cache.
fn run(args: &[&str]) -> Output {
    let cache = tempfile::tempdir().unwrap();
    mutua(cache.path()).args(args).output().unwrap()
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

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Classifying a bad scheme fails with exit 2 and the message in the snapshot.
fn bad_scheme(name: &str) {
    let out = run(&["classify", &fixture(name), "-j", "cn"]);
    assert_eq!(out.status.code(), Some(2), "{}", shown(&out));
    insta::assert_snapshot!(name.replace('.', "_"), shown(&out));
}

// 4. A dotted key silently overrode the nested one; multi-document YAML read the first.

#[test]
fn item_4_a_fact_given_twice_in_any_spelling_is_an_error_naming_both_places() {
    bad_scheme("dotted-and-nested.yaml");
    bad_scheme("group-twice.yaml");
}

#[test]
fn item_4_a_second_yaml_document_is_an_error() {
    bad_scheme("two-documents.yaml");
}

// 5. Deeply nested block YAML overflowed the stack (exit 134).

#[test]
fn item_5_deep_nesting_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    // block nesting (10,000 levels are 50 MB, refused for their size: see item 6) and
    // flow nesting
    let mut block = String::from("name: d\n");
    for i in 0..1_200 {
        block.push_str(&" ".repeat(i));
        block.push_str("a:\n");
    }
    let flow = format!("name: d\na: {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
    for text in [block, flow] {
        let scheme = dir.path().join("deep.yaml");
        std::fs::write(&scheme, &text).unwrap();
        let out = run(&["classify", scheme.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = stderr(&out);
        assert!(
            err.contains("nests more than 64 levels deep")
                || err.contains("not valid YAML: recursion limit exceeded"),
            "{}",
            &err[..err.len().min(500)]
        );
    }
    // the same in a corpus file
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("cn")).unwrap();
    let text = format!(
        "id: cn/x\nprovisions: {}{}\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    std::fs::write(corpus.join("cn/x.yaml"), text).unwrap();
    let out = run(&["show", "--corpus", corpus.to_str().unwrap(), "cn/x/art-1"]);
    assert_eq!(out.status.code(), Some(2), "{}", shown(&out));
    assert!(stderr(&out).contains("cn/x.yaml:2:"), "{}", shown(&out));
}

// 6. Diagnostics were quadratic: 40,000 unknown keys took 46 s, a 50 MB scheme hung.

#[test]
fn item_6_many_problems_are_capped_per_file_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("name: d\nas_of: 2019-11-27\n");
    for i in 0..40_000 {
        text.push_str(&format!("k{i}: 1\n"));
    }
    let scheme = dir.path().join("keys.yaml");
    std::fs::write(&scheme, &text).unwrap();
    let out = run(&["classify", scheme.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.matches("Error: ").count(), 50, "{err}");
    assert!(
        err.contains("keys.yaml:53:1: error: and 39950 more problems in"),
        "{err}"
    );
}

#[test]
fn item_6_a_huge_scheme_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("huge.yaml");
    let line = "an_unknown_key_of_the_vocabulary: 1\n";
    std::fs::write(&scheme, line.repeat(50_000_000 / line.len())).unwrap();
    let out = run(&["classify", scheme.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the scheme file is 50.0 MB; a scheme file is at most 1 MB"),
        "{}",
        shown(&out)
    );
}

// 8. A byte order mark was not stripped; non-UTF-8 files were blamed on their path.

#[test]
fn item_8_a_byte_order_mark_is_dropped_from_schemes_rules_and_markdown() {
    let out = run(&["classify", &fixture("bom.yaml"), "-j", "cn"]);
    assert!(out.status.success(), "{}", shown(&out));
    assert!(String::from_utf8_lossy(&out.stdout)
        .starts_with("Saved with a byte order mark: classification as of 2019-11-27"));

    let dir = tempfile::tempdir().unwrap();
    let facts = std::fs::read("corpus/rules/facts.rules").unwrap();
    let rules = dir.path().join("facts.rules");
    std::fs::write(&rules, [b"\xef\xbb\xbf".as_slice(), &facts].concat()).unwrap();
    let out = run(&["check", rules.to_str().unwrap(), "corpus/rules/cn.rules"]);
    assert!(out.status.success(), "{}", shown(&out));

    let out_dir = dir.path().join("imported");
    let out = run(&[
        "import",
        "lawrefbook",
        &fixture("bom-law.md"),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", shown(&out));
    let out = run(&[
        "show",
        "--corpus",
        out_dir.to_str().unwrap(),
        "cn/bom-law/art-1",
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(v["text"]["zh"], "为了规范。");
    // the checksum is the file's, byte order mark and all
    let bytes = std::fs::read(fixture("bom-law.md")).unwrap();
    assert_eq!(
        v["source"]["sha256"],
        mutua::corpus::import::lawrefbook::sha256_hex(&bytes)
    );
}

#[test]
fn item_8_a_file_that_is_not_utf8_says_so_and_where() {
    bad_scheme("latin1.yaml");
    bad_scheme("gbk.yaml");
    // rule files too
    let out = run(&["check", "corpus/rules/facts.rules", &fixture("gbk.yaml")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not UTF-8"), "{}", shown(&out));
}

// 9. A wrong setup gave misleading errors, or none.

#[test]
fn item_9_a_corpus_without_rules_says_no_rules_were_found() {
    let out = run(&["classify", "--corpus", "tests/fixtures/verify/corpus", XHB]);
    insta::assert_snapshot!("corpus_without_rules", shown(&out));
}

#[test]
fn item_9_rules_for_no_jurisdiction_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.rules");
    std::fs::write(&empty, "").unwrap();
    let out = run(&["classify", XHB, "--rules", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("the rule files hold no jurisdiction's rules"),
        "{}",
        shown(&out)
    );
}

#[test]
fn item_9_corpus_given_a_file_or_an_empty_folder() {
    let out = run(&["show", "--corpus", "README.md", "cn/insurance-law/art-2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--corpus `README.md` is a file, not a folder"),
        "{}",
        shown(&out)
    );
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["search", "--corpus", dir.path().to_str().unwrap(), "保险"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("holds no instrument files"),
        "{}",
        shown(&out)
    );
}

#[test]
fn item_9_an_unknown_concept_is_an_error_with_a_suggestion() {
    let out = run(&["search", "保险", "--concept", "licencing"]);
    insta::assert_snapshot!("unknown_concept", shown(&out));
}

// 10. Import hid failures.

#[test]
fn item_10_a_failure_to_write_is_counted_as_such_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let out = run(&[
        "import",
        "lawrefbook",
        "tests/fixtures/import/good-law.md",
        "--out",
        blocker.join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("cannot write"), "{stdout}");
    assert!(
        stdout.contains("0 could not be read, 1 could not be written"),
        "{stdout}"
    );
    assert!(stderr(&out).contains("1 of 1 files were not imported"));
}

#[test]
fn item_10_an_unreadable_folder_is_reported_and_fails_the_run() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("locked")).unwrap();
    std::fs::copy("tests/fixtures/import/good-law.md", src.join("good-law.md")).unwrap();
    std::fs::copy(
        "tests/fixtures/import/good-law.md",
        src.join("locked/other.md"),
    )
    .unwrap();
    std::fs::set_permissions(src.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(src.join("locked")).is_ok() {
        std::fs::set_permissions(src.join("locked"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        eprintln!(
            "SKIPPED item_10_an_unreadable_folder_is_reported: this user (root?) reads a folder of mode 000"
        );
        return;
    }
    let out = run(&[
        "import",
        "lawrefbook",
        src.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    std::fs::set_permissions(src.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    assert!(stderr(&out).contains("locked"), "{}", shown(&out));
}

// 14. Smaller defects.

#[test]
fn item_14_an_empty_name_is_an_error() {
    bad_scheme("empty-name.yaml");
}

#[test]
fn item_14_a_lower_case_currency_is_one_error_with_a_hint() {
    bad_scheme("lowercase-currency.yaml");
}

#[test]
fn item_14_a_query_of_particles_only_says_why_it_finds_nothing() {
    let out = run(&["search", "で定める者に"]);
    insta::assert_snapshot!("query_of_particles", shown(&out));
}

#[test]
fn item_14_control_characters_are_shown_not_sent_to_the_terminal() {
    let out = run(&["classify", &fixture("control-characters.yaml"), "-j", "cn"]);
    assert!(out.status.success(), "{}", shown(&out));
    assert!(!out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("Red ␛[31mALERT␛[0m and a bell ␇: classification"),
        "{text}"
    );
    // JSON keeps the name as it is, escaped by JSON
    let out = run(&[
        "classify",
        &fixture("control-characters.yaml"),
        "-j",
        "cn",
        "--format",
        "json",
    ]);
    assert_eq!(
        json(&out)["scheme"]["name"],
        "Red \u{1b}[31mALERT\u{1b}[0m and a bell \u{7}"
    );
    // and in diagnostics
    let dir = tempfile::tempdir().unwrap();
    let scheme = dir.path().join("bad.yaml");
    std::fs::write(&scheme, "name: x\n\u{1b}[2J: 1\n").unwrap();
    let out = run(&["classify", scheme.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.contains(&0x1b), "{}", shown(&out));
    assert!(stderr(&out).contains("␛[2J"), "{}", shown(&out));
}

#[test]
fn item_14_dates_are_yyyy_mm_dd_everywhere() {
    bad_scheme("short-date.yaml");
    for args in [
        &["classify", XHB, "--as-of", "2019-1-1"][..],
        &["search", "保险", "--as-of", "2019-1-1"],
        &["show", "cn/insurance-law/art-2", "--as-of", "2019-1-1"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("`2019-1-1` is not a date; write YYYY-MM-DD"),
            "{}",
            shown(&out)
        );
    }
}

// Found by the search-query fuzz target: a query mixing NOT with words that become phrases
// tripped a debug-only assertion inside tantivy and crashed dev builds.

#[test]
fn fuzz_found_a_not_query_with_phrases_is_answered() {
    let out = run(&["search", "NOT非法经营保険業保险", "--limit", "2"]);
    assert!(out.status.success(), "{}", shown(&out));
}

// 13. Unterminated rule strings were reported lines too late, never as such.

#[test]
fn item_13_an_unterminated_string_is_reported_at_its_opening_quote() {
    let out = run(&[
        "check",
        "corpus/rules/facts.rules",
        &fixture("unterminated-string.rules"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("unterminated_string", shown(&out));
}

// 1. Explanations and `check` grew exponentially with shared definitions.

/// A chain of `links` definitions, each using the one before three times.
fn definition_chain(dir: &Path, links: usize) -> String {
    let mut text = String::from(
        "jurisdiction cn\noutcome o kind insurance compliance licensed\ndefine d0 = benefits.enforceable cites cn/insurance-law/art-2\n",
    );
    for i in 1..links {
        text.push_str(&format!(
            "define d{i} = d{p} and not d{p} or d{p} cites cn/insurance-law/art-2\n",
            p = i - 1
        ));
    }
    // and the rule for the other case, so that every scheme gets an answer
    text.push_str(&format!(
        "rule r -> o when d{last} cites cn/insurance-law/art-2\nrule r_else -> o when not d{last} cites cn/insurance-law/art-2\n",
        last = links - 1
    ));
    let path = dir.join("chain.rules");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn item_1_shared_definitions_are_explained_once() {
    let dir = tempfile::tempdir().unwrap();
    let rules = definition_chain(dir.path(), 20);
    let out = run(&[
        "classify",
        XHB,
        "-j",
        "cn",
        "--rules",
        "corpus/rules/facts.rules",
        "--rules",
        &rules,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", shown(&out));
    // 45 MB at 12 links before; now each definition is expanded once per rule
    assert!(out.stdout.len() < 200_000, "{} bytes", out.stdout.len());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("`d5` is shown above"), "{text}");
    let out = run(&["check", "corpus/rules/facts.rules", &rules]);
    assert!(out.status.success(), "{}", shown(&out));
}

// 2. Rule files scaled badly (quadratic in rules, cubic in a definition chain).

#[test]
fn item_2_a_long_definition_chain_checks_and_classifies() {
    let dir = tempfile::tempdir().unwrap();
    let rules = definition_chain(dir.path(), 10_000);
    let out = run(&["check", "corpus/rules/facts.rules", &rules]);
    assert!(out.status.success(), "{}", shown(&out));
    let out = run(&[
        "classify",
        XHB,
        "-j",
        "cn",
        "--rules",
        "corpus/rules/facts.rules",
        "--rules",
        &rules,
    ]);
    assert!(out.status.success(), "{}", shown(&out));
}

// 14. A 1,000-long definition cycle printed 8 MB.

#[test]
fn item_14_a_long_cycle_is_reported_once_by_its_length_and_ends() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("jurisdiction cn\noutcome o kind insurance compliance licensed\n");
    for i in 0..1000 {
        text.push_str(&format!(
            "define d{i} = d{} cites cn/insurance-law/art-2\n",
            (i + 1) % 1000
        ));
    }
    text.push_str("rule r -> o when d0 cites cn/insurance-law/art-2\n");
    let path = dir.path().join("cycle.rules");
    std::fs::write(&path, text).unwrap();
    let out = run(&["check", "corpus/rules/facts.rules", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("depends on itself").count(), 1, "{text}");
    assert!(
        text.contains(
            "a cycle of 1000 definitions: d0 -> d1 -> d2 -> d3 -> … -> d997 -> d998 -> d999 -> d0"
        ),
        "{text}"
    );
}

// 3. Negative counts and amounts were accepted and changed the answer (Japan's small-scale
// exclusion for `participants.count: -5`).

#[test]
fn item_3_negative_counts_and_amounts_are_refused() {
    bad_scheme("negative-count.yaml");
    let out = run(&["schema", "scheme"]);
    let schema = json(&out);
    let count = &schema["properties"]["participants"]["properties"]["count"];
    assert_eq!(count["minimum"], 0, "{count}");
}

#[test]
fn item_3_fact_declarations_take_ranges() {
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("facts.rules");
    std::fs::write(
        &facts,
        "fact benefits.enforceable bool question en \"Enforceable?\"\n\
         fact participants.count integer >= 10 <= 1_000 question en \"How many?\"\n\
         fact finance.balance money >= -500 question en \"Balance?\"\n\
         fact finance.flag bool >= 1 question en \"Flag?\"\n",
    )
    .unwrap();
    // a bound on a true-or-false fact is an error
    let out = run(&["check", facts.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("fact `finance.flag` is true or false: it cannot have bounds"),
        "{}",
        shown(&out)
    );
    let text = std::fs::read_to_string(&facts).unwrap();
    std::fs::write(
        &facts,
        text.replace(" >= 1 question en \"Flag?\"", " question en \"Flag?\""),
    )
    .unwrap();
    let rules = dir.path().join("cn.rules");
    std::fs::write(
        &rules,
        "jurisdiction cn\noutcome o kind insurance compliance licensed\nrule r -> o when benefits.enforceable cites cn/insurance-law/art-2\n",
    )
    .unwrap();
    let scheme = dir.path().join("s.yaml");
    std::fs::write(
        &scheme,
        "name: s\nas_of: 2019-11-27\nparticipants:\n  count: 5000\nfinance:\n  balance: CNY -100\n",
    )
    .unwrap();
    let out = run(&[
        "classify",
        scheme.to_str().unwrap(),
        "--rules",
        facts.to_str().unwrap(),
        "--rules",
        rules.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`participants.count` must be at most 1000, found 5000"),
        "{err}"
    );
    assert!(
        err.contains("the rules declare `participants.count` >= 10 <= 1000"),
        "{err}"
    );
    // a negative amount is allowed where the declaration says so
    assert!(!err.contains("finance.balance"), "{err}");
}
