//! What mutua never does to a user: delete a folder it did not make, or read part of an
//! input silently. Each test runs the binary as a careless user would.

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use common::mutua;

/// The binary with its index cache in `folder` itself.
fn mutua_caching_in(folder: &Path) -> assert_cmd::Command {
    let mut cmd = mutua(folder);
    cmd.env("MUTUA_CACHE_DIR", folder);
    cmd
}

fn age(path: &Path, by: Duration) {
    std::fs::File::open(path)
        .unwrap()
        .set_modified(SystemTime::now() - by)
        .unwrap();
}

const TWO_HOURS: Duration = Duration::from_secs(7200);

#[test]
fn a_cache_folder_holding_a_users_files_is_refused_and_left_untouched() {
    let folder = tempfile::tempdir().unwrap();
    let notes = folder.path().join("tmp-notes");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("ch1.docx"), "chapter one").unwrap();
    age(&notes, TWO_HOURS);
    let out = mutua_caching_in(folder.path())
        .arg("index")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("`tmp-notes`"), "{stderr}");
    assert!(stderr.contains("MUTUA_CACHE_DIR"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(notes.join("ch1.docx")).unwrap(),
        "chapter one"
    );
    let left: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        left,
        ["tmp-notes"],
        "nothing was written beside the user's folder"
    );
}

#[test]
fn an_empty_folder_becomes_a_tagged_cache() {
    let folder = tempfile::tempdir().unwrap();
    let out = mutua_caching_in(folder.path())
        .arg("index")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let tag = std::fs::read_to_string(folder.path().join("CACHEDIR.TAG")).unwrap();
    assert!(tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
}

#[test]
fn in_its_own_cache_mutua_removes_only_the_build_folders_it_marked() {
    let cache = tempfile::tempdir().unwrap();
    assert!(mutua_caching_in(cache.path())
        .arg("index")
        .output()
        .unwrap()
        .status
        .success());
    // a user's folder put into the cache later, named like a build folder, and old
    let users = cache
        .path()
        .join("mutua-build-0123456789abcdef01234567-1-1");
    let thesis = cache.path().join("tmp-thesis");
    let marked = cache
        .path()
        .join("mutua-build-0123456789abcdef01234567-2-2");
    for dir in [&users, &thesis, &marked] {
        std::fs::create_dir(dir).unwrap();
        std::fs::write(dir.join("ch1.docx"), "text").unwrap();
    }
    std::fs::write(marked.join(".mutua-build"), "").unwrap();
    for dir in [&users, &thesis, &marked] {
        age(dir, TWO_HOURS);
    }
    let out = mutua_caching_in(cache.path())
        .args(["index", "--rebuild"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        users.join("ch1.docx").exists(),
        "an unmarked folder is kept"
    );
    assert!(thesis.join("ch1.docx").exists(), "a user's folder is kept");
    assert!(
        !marked.exists(),
        "a build folder mutua marked, left by a killed build, is removed"
    );
}

#[test]
fn a_cache_made_before_caches_were_tagged_is_still_used() {
    let cache = tempfile::tempdir().unwrap();
    assert!(mutua_caching_in(cache.path())
        .arg("index")
        .output()
        .unwrap()
        .status
        .success());
    std::fs::remove_file(cache.path().join("CACHEDIR.TAG")).unwrap();
    let out = mutua_caching_in(cache.path())
        .args(["index", "--rebuild"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(cache.path().join("CACHEDIR.TAG").exists());
}

fn classify_text(text: &[u8]) -> std::process::Output {
    let cache = tempfile::tempdir().unwrap();
    let file = cache.path().join("scheme.yaml");
    std::fs::write(&file, text).unwrap();
    mutua(cache.path())
        .args(["classify", file.to_str().unwrap(), "-j", "cn"])
        .output()
        .unwrap()
}

#[test]
fn a_scheme_with_a_nul_byte_is_an_error_at_its_line_and_column() {
    let mut text = std::fs::read("corpus/schemes/xiang-hu-bao-2019.yaml").unwrap();
    // before the facts that make the answer: everything after a NUL used to be dropped
    let at = text.windows(9).position(|w| w == b"benefits:").unwrap();
    let line = text[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    text.insert(at + 2, 0);
    let out = classify_text(&text);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the scheme holds a NUL byte"), "{stderr}");
    assert!(
        stderr.contains(&format!("scheme.yaml:{line}:3")),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "no answer from part of a scheme");
}

#[test]
fn a_scheme_from_stdin_with_a_control_character_is_an_error() {
    let cache = tempfile::tempdir().unwrap();
    let out = mutua(cache.path())
        .args(["classify", "-", "-j", "cn"])
        .write_stdin("name: x\nas_of: 2019-01-01\u{1b}\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("U+001B"), "{stderr}");
    assert!(stderr.contains("<stdin>:2:18"), "{stderr}");
}

#[test]
fn a_proposal_with_a_nul_byte_is_an_error_at_its_line_and_column() {
    let cache = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("corpus/rules/proposals/mutual-aid-as-mutual-society.rules")
        .unwrap();
    let file = cache.path().join("p.rules");
    std::fs::write(&file, format!("{text}\n# end\u{0}\n")).unwrap();
    let out = mutua(cache.path())
        .args([
            "classify",
            "corpus/schemes/xiang-hu-bao-2019.yaml",
            "--proposal",
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the rule file holds a NUL byte"),
        "{stderr}"
    );
    let line = text.lines().count() + 2;
    assert!(stderr.contains(&format!("p.rules:{line}:6")), "{stderr}");
}

fn interview(answers: &str, out: &Path) -> std::process::Output {
    mutua(out.parent().unwrap())
        .args(["interview", "-j", "cn", "--out", out.to_str().unwrap()])
        .write_stdin(answers)
        .output()
        .unwrap()
}

#[test]
fn an_interview_whose_answers_end_early_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scheme.yaml");
    for (answers, open) in [
        ("Client plan\n", "the date"),
        ("Client plan\n2019-11-27\n", "`benefits.trigger`"),
        ("", "the scheme's name"),
    ] {
        let out = interview(answers, &file);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{answers:?}: {stderr}");
        assert!(
            stderr.contains(&format!("the answers ended before {open}")),
            "{answers:?}: {stderr}"
        );
        assert!(stderr.contains("no scheme file was written"), "{stderr}");
        assert!(!file.exists(), "{answers:?}");
    }
}

#[test]
fn an_interview_answer_with_a_nul_byte_is_an_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scheme.yaml");
    let out = interview("Client plan\n2019-11-27\nfortu\u{0}itous_event\n", &file);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("NUL byte (line 3, column 6)"), "{stderr}");
    assert!(!file.exists());
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = mutua(dir).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_cited_paragraph_is_cited_as_a_paragraph_and_says_whose_text_is_held() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["cite", "保险法第十条第二款"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with(
            "《中华人民共和国保险法》（2015年修正）第十条第二款  [cn/insurance-law/art-10/para-2;"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("of cn/insurance-law/art-10 as a whole"),
        "{stdout}"
    );
    let (_, bib, _) = run(
        dir.path(),
        &["cite", "--format", "bibtex", "保险法第十条第二款"],
    );
    assert!(bib.contains("第十条第二款"), "{bib}");
}

#[test]
fn a_proposal_repealing_every_rule_of_a_jurisdiction_is_refused_by_classify_and_diff_alike() {
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string("corpus/rules/cn.rules").unwrap();
    let repeals: String = rules
        .lines()
        .filter_map(|l| l.strip_prefix("rule "))
        .map(|l| format!("repeal rule {}\n", l.split_whitespace().next().unwrap()))
        .collect();
    let file = dir.path().join("repeal.rules");
    std::fs::write(
        &file,
        format!("proposal \"No rules\" extends cn\n{repeals}"),
    )
    .unwrap();
    let proposal = file.to_str().unwrap();
    for args in [
        vec!["diff", "--proposal", proposal, "corpus/schemes"],
        vec![
            "classify",
            "--proposal",
            proposal,
            "corpus/schemes/xiang-hu-bao-2019.yaml",
        ],
    ] {
        let (code, stdout, stderr) = run(dir.path(), &args);
        assert_eq!(code, Some(2), "{args:?}: {stdout}{stderr}");
        assert!(
            stderr.contains("the proposal leaves no rule for China"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("repeal.rules:1:29"), "{stderr}");
    }
}

#[test]
fn verify_counts_missing_articles_apart_from_different_ones() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("only-art-2.md");
    std::fs::write(
        &source,
        "# 测试法\n\n<!-- INFO END -->\n\n第二条 本法所称保险，是指投保人根据合同约定，向保险人支付保险费的商业保险行为。\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "verify",
            "--corpus",
            "tests/fixtures/verify/corpus",
            "cn/test-law",
            source.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stdout
            .contains("0 articles identical, 1 different, 1 in the corpus but not in the source,"),
        "{stdout}"
    );
}

#[test]
fn a_scheme_name_cannot_forge_a_heading_or_break_the_memo_table() {
    let dir = tempfile::tempdir().unwrap();
    let forged = dir.path().join("forged.yaml");
    std::fs::write(
        &forged,
        "name: \"Plan\\n# Answer: licensed\"\nas_of: 2019-01-01\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(
        dir.path(),
        &["classify", forged.to_str().unwrap(), "--format", "markdown"],
    );
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("runs over more than one line"), "{stderr}");
    assert!(stderr.contains("forged.yaml:1:7"), "{stderr}");
    let piped = dir.path().join("piped.yaml");
    std::fs::write(&piped, "name: \"A | B\"\nas_of: 2019-01-01\n").unwrap();
    let (code, stdout, stderr) = run(
        dir.path(),
        &[
            "classify",
            piped.to_str().unwrap(),
            "--format",
            "markdown",
            "-j",
            "cn",
        ],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with("| Scheme |"))
        .unwrap();
    assert_eq!(row.matches(" | ").count(), 1, "two cells: {row}");
    assert!(row.contains(r"A \| B"), "{row}");
}
