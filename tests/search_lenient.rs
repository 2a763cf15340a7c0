//! What a scholar types into `mutua search`: punctuation that is not an operator is read as
//! part of the words, never as a syntax error; a citation or a bare number puts its
//! provision first; a term held in a summary (共済) is found.

mod common;

fn search(args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    common::mutua(dir.path())
        .arg("search")
        .args(args)
        .output()
        .unwrap()
}

fn first_hit(query: &str) -> String {
    let out = search(&[query, "--format", "json", "--limit", "3"]);
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = common::json(&out);
    v["hits"][0]["address"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn punctuation_that_does_not_parse_is_read_as_words() {
    for q in [
        "insurer's liability",
        "definitions: insurance",
        "\"unclosed quote",
        "art. (2",
    ] {
        let out = search(&[q]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Syntax Error"), "{q}: {stderr}");
    }
    // operators still work where they parse
    let out = search(&["\"fortuitous event\"", "-j", "ny", "--limit", "1"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("ny/ins/s-1101/a/2"));
}

#[test]
fn a_citation_or_a_bare_number_puts_its_provision_first() {
    for (q, first) in [
        ("§ 4522", "ny/ins/s-4522"),
        ("4522", "ny/ins/s-4522"),
        ("s 1101(a)", "ny/ins/s-1101/a"),
        ("保险法第一百八十一条", "cn/insurance-law/art-181"),
        ("保険業法第2条", "jp/iba/art-2"),
    ] {
        assert_eq!(first_hit(q), first, "{q}");
    }
    // a bare article number: every statute's article of that number, first
    let out = search(&["第181条", "-j", "cn"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(" 1. cn/insurance-law/art-181  [cited]"),
        "{text}"
    );
}

#[test]
fn a_term_held_in_a_summary_is_found_in_its_own_script() {
    let hit = first_hit("共済");
    assert!(hit.starts_with("jp/iba/art-2"), "{hit}");
}
