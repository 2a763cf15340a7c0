//! `mutua cite` as each system's scholars write citations: China's revision marker, Japan's
//! law number and kana sub-items, New York's McKinney year (or an explicit lack of one),
//! CSL-JSON `legislation` items and biblatex `@legislation` entries, with warnings for a
//! number that is only inferred and for records that are not articles. The outputs are
//! pinned as snapshots, on a fixture corpus whose histories cover every case and on the
//! shipped corpus; every address of the shipped corpus is cited in all three formats.

mod common;

use common::{json, mutua};
use mutua::corpus::jurisdictions::Style;
use mutua::corpus::Jurisdiction;

const FIXTURE: &str = "tests/fixtures/cite/corpus";

fn run(args: &[&str]) -> std::process::Output {
    let cache = tempfile::tempdir().unwrap();
    mutua(cache.path()).args(args).output().unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `mutua cite` of `citations` in `format`, on `corpus` (or the shipped one).
fn cite(corpus: Option<&str>, format: &str, citations: &[&str]) -> String {
    let mut args = vec!["cite", "--format", format];
    if let Some(dir) = corpus {
        args.extend(["--corpus", dir]);
    }
    args.extend(citations);
    stdout(&run(&args))
}

/// The citations before the address and notes of each text line.
fn natives(text: &str) -> Vec<&str> {
    text.lines()
        .map(|l| l.split_once("  [").expect("a citation, then its notes").0)
        .collect()
}

const FIXTURE_CITATIONS: &[&str] = &[
    "cn/test-law/art-2",
    "测试法第二条第二款第（三）项",
    "cn/test-law/art-3",
    "cn/test-notice/targets/class-3",
    "試験業法第2条第1項第2号ロ(1)",
    "jp/test-act/art-272-2",
    "ny/test-ins/s-4501/a",
    "ny/test-ins/s-4502",
    "ny/test-undated/s-1",
];

#[test]
fn each_case_of_each_system_in_three_formats() {
    let text = cite(Some(FIXTURE), "text", FIXTURE_CITATIONS);
    insta::assert_snapshot!("cite_fixture_text", text);
    let native = natives(&text);
    assert_eq!(native[0], "《中华人民共和国测试法》（2015年修正）第二条");
    assert_eq!(
        native[2],
        "《中华人民共和国测试法》（2015年修正）第三条（条号系推定，未经核实）"
    );
    assert_eq!(native[3], "《关于测试的通知》");
    assert_eq!(
        native[4],
        "試験業法（平成7年法律第105号）第2条第1項第2号ロ(1)"
    );
    assert_eq!(native[6], "N.Y. Test Ins. Law § 4501(a) (McKinney 2015)");
    assert_eq!(native[7], "N.Y. Test Ins. Law § 4502 (McKinney 2019)");
    assert_eq!(native[8], "N.Y. Undated Law § 1 (McKinney [no date])");
    assert!(text.contains("WARNING: the number is inferred"), "{text}");
    assert!(text.contains("WARNING: not an article"), "{text}");
    assert!(text.contains("WARNING: no date held"), "{text}");

    let csl = cite(Some(FIXTURE), "csl-json", FIXTURE_CITATIONS);
    insta::assert_snapshot!("cite_fixture_csl_json", csl);
    let items: serde_json::Value = serde_json::from_str(&csl).unwrap();
    let art2 = &items[0];
    assert_eq!(art2["type"], "legislation");
    assert_eq!(art2["container-title"], "中华人民共和国测试法");
    assert_eq!(art2["section"], "第二条");
    assert_eq!(art2["version"], "2015年修正");
    assert_eq!(art2["issued"]["date-parts"][0][0], 2015);
    assert_eq!(items[2]["custom"]["number-status"], "inferred");
    assert!(items[3].get("section").is_none(), "{}", items[3]);
    assert_eq!(
        items[3]["custom"]["not-an-article"],
        "整治对象 › 第三类平台"
    );
    assert_eq!(items[4]["number"], "平成7年法律第105号");
    assert_eq!(items[4]["section"], "第2条第1項第2号ロ(1)");
    assert_eq!(items[6]["issued"]["date-parts"][0][0], 2015);
    assert!(items[8].get("issued").is_none(), "{}", items[8]);
    assert_eq!(items[8]["custom"]["date-held"], false);

    let bib = cite(Some(FIXTURE), "bibtex", FIXTURE_CITATIONS);
    insta::assert_snapshot!("cite_fixture_bibtex", bib);
    assert_eq!(
        bib.matches("@legislation{").count(),
        FIXTURE_CITATIONS.len()
    );
    assert!(bib.contains("  version = {2015年修正},"), "{bib}");
    assert!(bib.contains("  number = {平成7年法律第105号},"), "{bib}");
    assert!(bib.contains("  date = {2015-04-24},"), "{bib}");
}

#[test]
fn an_earlier_wording_is_cited_with_its_own_marker() {
    let at = |date: &str, citation: &str| {
        natives(&cite(Some(FIXTURE), "text", &["--as-of", date, citation]))[0].to_string()
    };
    assert_eq!(
        at("2000-01-01", "cn/test-law/art-2"),
        "《中华人民共和国测试法》（1995年）第二条"
    );
    assert_eq!(
        at("2010-01-01", "cn/test-law/art-2"),
        "《中华人民共和国测试法》（2009年修订）第二条"
    );
    // a paragraph without versions of its own takes the article's
    assert_eq!(
        at("2010-01-01", "cn/test-law/art-2/para-1"),
        "《中华人民共和国测试法》（2009年修订）第二条第一款"
    );
    assert_eq!(
        at("2000-01-01", "jp/test-act/art-2/para-1"),
        "平成17年法律第38号による改正前の試験業法（平成7年法律第105号）第2条第1項"
    );
    let old = cite(
        Some(FIXTURE),
        "csl-json",
        &["--as-of", "2010-01-01", "cn/test-law/art-2"],
    );
    insta::assert_snapshot!("cite_fixture_2009_csl_json", old);
    let out = run(&[
        "cite",
        "--corpus",
        FIXTURE,
        "--as-of",
        "1990-01-01",
        "cn/test-law/art-2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("was not in force on 1990-01-01"), "{err}");
}

const SHIPPED_CITATIONS: &[&str] = &[
    "保险法第一百八十一条",
    "保険業法第2条第1項第2号ロ",
    "N.Y. Ins. Law § 4501(a)",
    "cn/mutual-aid-campaign-2016/targets/class-3",
    "cn/pilot-measures/art-8",
];

#[test]
fn the_shipped_corpus_cited_in_three_formats() {
    let text = cite(None, "text", SHIPPED_CITATIONS);
    insta::assert_snapshot!("cite_shipped_text", text);
    let native = natives(&text);
    assert_eq!(
        native[0],
        "《中华人民共和国保险法》（2015年修正）第一百八十一条"
    );
    assert_eq!(native[1], "保険業法（平成7年法律第105号）第2条第1項第2号ロ");
    assert!(native[2].starts_with("N.Y. Ins. Law § 4501(a) (McKinney "));
    assert_eq!(
        native[3],
        "《中国保监会关于开展以网络互助计划形式非法从事保险业务专项整治工作的通知》"
    );
    assert!(native[4].contains("第八条（条号系推定"), "{text}");
    insta::assert_snapshot!(
        "cite_shipped_csl_json",
        cite(None, "csl-json", SHIPPED_CITATIONS)
    );
    insta::assert_snapshot!(
        "cite_shipped_bibtex",
        cite(None, "bibtex", SHIPPED_CITATIONS)
    );
}

#[test]
fn sub_items_are_read_in_kana_and_romanised_in_cite_and_show() {
    for citation in [
        "保険業法第2条第1項第2号ロ",
        "保険業法第2条第1項第2号ろ",
        "保険業法第2条第1項第2号ro",
        "保険業法第二条第一項第二号ロ",
        "jp/iba/art-2/para-1/item-2/sub-ロ",
        "jp/iba/art-2/para-1/item-2/ロ",
        "Insurance Business Act art. 2(1)(ii)(ロ)",
    ] {
        let items = json(&run(&["cite", "--format", "csl-json", citation]));
        assert_eq!(
            items[0]["id"], "jp/iba/art-2/para-1/item-2/sub-ro",
            "{citation}"
        );
        let shown = stdout(&run(&["show", citation]));
        assert!(
            shown.contains("[jp/iba/art-2/para-1/item-2/sub-ro]"),
            "{citation}: {shown}"
        );
    }
}

/// Every address of the shipped corpus cited in text, CSL-JSON and BibTeX, each in its
/// system's form.
#[test]
fn every_address_of_the_shipped_corpus_is_cited_in_its_systems_form() {
    let corpus = mutua::corpus::load_embedded().unwrap();
    let addresses: Vec<&str> = corpus.addresses().collect();
    let text = cite(None, "text", &addresses);
    let csl: serde_json::Value = serde_json::from_str(&cite(None, "csl-json", &addresses)).unwrap();
    let bib = cite(None, "bibtex", &addresses);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), addresses.len());
    assert_eq!(csl.as_array().unwrap().len(), addresses.len());
    assert_eq!(bib.matches("@legislation{").count(), addresses.len());
    let kanji_numerals = |s: &str| s.chars().any(|c| "一二三四五六七八九十百千".contains(c));
    for ((address, line), item) in addresses.iter().zip(&lines).zip(csl.as_array().unwrap()) {
        let entry = corpus.entry(address).unwrap();
        let inst = corpus.instrument_of(entry);
        let (native, notes) = line.split_once("  [").unwrap();
        assert!(notes.starts_with(&format!("{address};")), "{line}");
        assert_eq!(item["id"], *address);
        assert_eq!(item["type"], "legislation", "{item}");
        assert_eq!(item["custom"]["mutua-address"], *address);
        assert!(item["container-title"].is_string(), "{item}");
        let section = item["section"].as_str();
        if let Some(s) = section {
            assert!(native.contains(s), "{line} / {s}");
            assert!(
                !s.contains(item["container-title"].as_str().unwrap()),
                "{item}"
            );
        }
        // no part of an address glued to a title (Chinese and Japanese citations hold no
        // Latin letters): a record that is not an article is cited as the whole
        // instrument, and says so
        if inst.jurisdiction != Jurisdiction::from_code("ny").unwrap() {
            assert!(
                !native.chars().any(|c| c.is_ascii_alphabetic()),
                "no address or romanised kana in {line}"
            );
        }
        if section.is_none() {
            assert!(notes.contains("WARNING: not an article"), "{line}");
        }
        // a number inferred is never cited without saying so
        let inferred = corpus
            .provision(entry)
            .summary
            .as_deref()
            .unwrap_or("")
            .contains("NUMBER INFERRED");
        if inferred {
            assert!(notes.contains("WARNING: the number is inferred"), "{line}");
            assert_eq!(item["custom"]["number-status"], "inferred");
        }
        match inst.jurisdiction.info().citation.style {
            Style::Chinese => {
                assert!(native.starts_with('《'), "{line}");
                if let Some(s) = section {
                    assert!(
                        s.starts_with('第') && !s.chars().any(|c| c.is_ascii_digit()),
                        "Chinese numerals: {line}"
                    );
                }
            }
            Style::Japanese => {
                let number = inst.document_number.as_deref().expect("a law number");
                let cited = item["number"].as_str().unwrap();
                assert!(!kanji_numerals(cited), "{cited} is in Arabic numerals");
                assert_eq!(cited, mutua::corpus::numerals::arabic_numerals(number));
                assert!(native.contains(&format!("（{cited}）")), "{line}");
            }
            Style::Western => {
                let year = native
                    .rsplit_once("(McKinney ")
                    .map(|(_, y)| y.trim_end_matches(')'))
                    .unwrap_or_else(|| panic!("{line}"));
                if year == "[no date]" {
                    assert!(notes.contains("WARNING: no date held"), "{line}");
                    assert_eq!(item["custom"]["date-held"], false);
                    assert!(item.get("issued").is_none(), "{item}");
                } else {
                    assert!(
                        year.len() == 4 && year.chars().all(|c| c.is_ascii_digit()),
                        "{line}"
                    );
                    assert_eq!(
                        item["issued"]["date-parts"][0][0].to_string(),
                        year,
                        "{item}"
                    );
                }
            }
        }
    }
    // one BibTeX entry per address, each with the statute and the note
    for entry in bib.split("@legislation{").skip(1) {
        assert!(entry.contains("  journaltitle = {"), "{entry}");
        assert!(entry.contains("  note = {mutua address "), "{entry}");
    }
}
