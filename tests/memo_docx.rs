//! `mutua classify --format docx --output FILE`: the memo as a Word document, read back
//! from the file: its paragraphs, their styles (title, headings, quotations) and text,
//! against the JSON report of the same run.

mod common;

use std::io::Read;
use std::path::Path;

use common::{json, mutua};

/// One paragraph of the document: its style (empty when none) and its text.
#[derive(Debug)]
struct Para {
    style: String,
    text: String,
}

/// The paragraphs of a `.docx` file's body, in order (those of table cells too).
fn paragraphs(file: &Path) -> Vec<Para> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap())
        .expect("the memo is a zip package");
    for part in ["[Content_Types].xml", "word/styles.xml", "_rels/.rels"] {
        assert!(zip.by_name(part).is_ok(), "the package has {part}");
    }
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("the package has word/document.xml")
        .read_to_string(&mut xml)
        .unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("word/document.xml is XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("p"))
        .map(|p| Para {
            style: p
                .descendants()
                .find(|n| n.has_tag_name("pStyle"))
                .and_then(|s| s.attributes().find(|a| a.name() == "val"))
                .map(|a| a.value().to_string())
                .unwrap_or_default(),
            text: p
                .descendants()
                .filter(|n| n.has_tag_name("t"))
                .filter_map(|t| t.text())
                .collect(),
        })
        .collect()
}

/// Runs `mutua classify SCHEME ARGS --format docx --output FILE`; the paragraphs written.
fn memo(dir: &Path, scheme: &str, args: &[&str]) -> Vec<Para> {
    let file = dir.join("memo.docx");
    let out = mutua(dir)
        .args(["classify", scheme, "--format", "docx", "--output"])
        .arg(&file)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nothing on standard output");
    paragraphs(&file)
}

/// The JSON report of the same scheme.
fn report(dir: &Path, scheme: &str, args: &[&str]) -> serde_json::Value {
    let out = mutua(dir)
        .args(["classify", scheme, "--format", "json", "--explain", "brief"])
        .args(args)
        .output()
        .unwrap();
    json(&out)
}

fn texts_of<'a>(paras: &'a [Para], style: &str) -> Vec<&'a str> {
    paras
        .iter()
        .filter(|p| p.style == style)
        .map(|p| p.text.as_str())
        .collect()
}

const XIANG_HU_BAO: &str = "corpus/schemes/xiang-hu-bao-2019.yaml";

#[test]
fn the_word_memo_has_the_title_block_answers_reasoning_and_quotations() {
    let dir = tempfile::tempdir().unwrap();
    let paras = memo(dir.path(), XIANG_HU_BAO, &[]);
    let v = report(dir.path(), XIANG_HU_BAO, &[]);
    let all: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
    let has = |text: &str| all.iter().any(|p| p.contains(text));

    assert_eq!(
        texts_of(&paras, "Title"),
        ["Xiang Hu Bao (相互宝): classification as of 2019-11-27"]
    );
    // the title block: scheme, date, tool version, corpus and rules hashes
    assert!(has("xiang-hu-bao-2019.yaml"), "{all:?}");
    assert!(has(&format!("mutua {}", env!("CARGO_PKG_VERSION"))));
    for hash in ["corpus_hash", "rules_hash"] {
        let h = v["provenance"][hash].as_str().unwrap();
        assert!(all.contains(&h), "{hash} {h} in the title block: {all:?}");
    }
    assert_eq!(
        texts_of(&paras, "Heading1"),
        ["Summary", "China", "New York", "Japan", "Provisions cited"]
    );
    assert!(texts_of(&paras, "Heading2").contains(&"Provisions relied on"));
    assert!(texts_of(&paras, "Heading2").contains(&"Reasoning"));

    // the summary marks the contested answer: the row of New York says so
    let results = v["results"].as_array().unwrap();
    let ny = results.iter().find(|r| r["jurisdiction"] == "ny").unwrap();
    assert!(!ny["contested"].as_array().unwrap().is_empty());
    let row = all
        .iter()
        .position(|p| *p == "New York")
        .expect("the summary has a New York row");
    assert!(
        all[row + 2].contains("contested"),
        "the summary's notes of New York: {:?}",
        &all[row..row + 3]
    );
    // each jurisdiction's section gives the answer first, then the contested reading
    let section = |name: &str| {
        paras
            .iter()
            .position(|p| p.style == "Heading1" && p.text == name)
            .unwrap()
    };
    let ny_at = section("New York");
    assert!(all[ny_at + 1].starts_with("Answer: "), "{}", all[ny_at + 1]);
    assert!(
        all[ny_at + 2].starts_with("Arguably: "),
        "{}",
        all[ny_at + 2]
    );

    // every provision the answers rely on is quoted, with its status and citation
    let quotes = texts_of(&paras, "Quote");
    let mut quoted = 0;
    for r in results {
        for rule in r["explanation"]["rules"].as_array().unwrap() {
            for c in rule["cites"].as_array().unwrap() {
                let address = c["address"].as_str().unwrap();
                assert!(
                    has(&format!("(address {address})")),
                    "{address} cited: {all:?}"
                );
                if let Some(text) = c["text"].as_str() {
                    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap();
                    assert!(quotes.contains(&first), "{address}: {first} quoted");
                    quoted += 1;
                }
            }
        }
    }
    assert!(quoted >= 3, "quotations from every jurisdiction: {quoted}");
    // the status of each quotation, in words a reader needs
    assert!(has("[zh, verbatim]"), "{all:?}");
    assert!(has("[en, translation by mutua, not the authentic text]"));
    assert!(has("Texts: quoted provisions are marked"));
}

#[test]
fn the_word_memo_is_in_the_language_of_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let zh = memo(dir.path(), XIANG_HU_BAO, &["--lang", "zh"]);
    assert_eq!(
        texts_of(&zh, "Heading1"),
        ["结论概要", "中国", "纽约州", "日本", "引用条文"]
    );
    assert!(zh.iter().any(|p| p.text.starts_with("结论：")));
    assert!(zh.iter().any(|p| p.text.contains("〔zh，原文〕")));
    assert!(texts_of(&zh, "Quote")
        .iter()
        .any(|q| q.starts_with("本法所称保险")));
    let ja = memo(dir.path(), XIANG_HU_BAO, &["--lang", "ja"]);
    assert_eq!(texts_of(&ja, "Heading1")[0], "結論の概要");
    assert!(ja.iter().any(|p| p.text.starts_with("結論：")));
}

#[test]
fn a_word_memo_needs_a_file_and_one_scheme() {
    let dir = tempfile::tempdir().unwrap();
    let out = mutua(dir.path())
        .args(["classify", XIANG_HU_BAO, "--format", "docx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not written to standard output"), "{err}");
    assert!(err.contains("--output memo.docx"), "{err}");

    let out = mutua(dir.path())
        .args([
            "classify",
            XIANG_HU_BAO,
            XIANG_HU_BAO,
            "--format",
            "docx",
            "-o",
        ])
        .arg(dir.path().join("two.docx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("one scheme"));
    assert!(!dir.path().join("two.docx").exists());
}

#[test]
fn other_reports_can_be_written_to_a_file_too() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("memo.md");
    let out = mutua(dir.path())
        .args(["classify", XIANG_HU_BAO, "--format", "markdown", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.starts_with("# Xiang Hu Bao"), "{md}");
}

/// LibreOffice opens the memo: converted to text headless, it holds the title, the
/// headings and a quotation. Needs `soffice` (Debian's `libreoffice-writer-nogui`), which
/// CI does not install: without it the test says loudly that it did not run, and fails
/// when `MUTUA_REQUIRE_LIBREOFFICE` is set.
#[test]
fn libreoffice_opens_the_word_memo() {
    let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"]
        .into_iter()
        .map(Path::new)
        .find(|p| p.is_file());
    let Some(soffice) = soffice else {
        let message = "\n\
            ==============================================================\n\
            LIBREOFFICE TEST NOT RUN: soffice was not found.\n\
            To run it: apt-get install -y --no-install-recommends libreoffice-writer-nogui\n\
            then: cargo test --test memo_docx libreoffice\n\
            ==============================================================\n";
        if std::env::var_os("MUTUA_REQUIRE_LIBREOFFICE").is_some() {
            panic!("{message}");
        }
        eprintln!("{message}");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    memo(dir.path(), XIANG_HU_BAO, &["--lang", "zh"]);
    let profile = dir.path().join("profile");
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(dir.path())
        .arg(dir.path().join("memo.docx"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("memo.txt"))
        .expect("LibreOffice wrote the memo as text");
    for part in [
        "Xiang Hu Bao (相互宝)：法律定性（适用2019-11-27有效的法律）",
        "结论概要",
        "纽约州",
        "引用条文",
        "本法所称保险",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
}
