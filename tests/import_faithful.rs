//! The importers never lie: a file they cannot read faithfully is an error naming where
//! (XML nested too deep, two provisions at one address), and every paragraph of a
//! LawRefBook file is imported, in order, into some provision (preambles, decisions
//! numbered 一、二、, documents without numbers), with a warning where its place is a guess.

mod common;

use std::path::Path;
use std::process::Output;

use common::{json, mutua};

const FIXTURES: &str = "tests/fixtures/import-faithful";

/// Runs `mutua import FORMAT FILE --out OUT`.
fn import(cache: &Path, format: &str, file: &Path, out: &Path) -> Output {
    mutua(cache)
        .args(["import", format])
        .arg(file)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Imports a LawRefBook fixture, which must succeed, and returns its report.
fn import_fixture(cache: &Path, name: &str, out: &Path) -> String {
    let o = import(cache, "lawrefbook", &Path::new(FIXTURES).join(name), out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `mutua show --format json ADDRESS` on the corpus in `corpus`.
fn show(cache: &Path, corpus: &Path, address: &str) -> serde_json::Value {
    let out = mutua(cache)
        .arg("show")
        .arg("--corpus")
        .arg(corpus)
        .args(["--format", "json", address])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{address}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

/// What a command printed, stdout then stderr.
fn both(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn egov_xml_nested_ten_thousand_deep_is_an_error_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("deep.xml");
    let n = 10_000;
    std::fs::write(
        &file,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Law><LawNum>x</LawNum><LawBody><LawTitle>試験法</LawTitle><MainProvision>\n{}{}\n</MainProvision></LawBody></Law>\n",
            "<Part>".repeat(n),
            "</Part>".repeat(n)
        ),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = import(tmp.path(), "egov", &file, &out);
    let text = both(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    // the 129th open element: `Law`, `LawBody` and `MainProvision` on line 2, then the
    // 126th `<Part>` on line 3, after 125 of 6 characters
    assert!(
        text.contains(&format!(
            "{}:3:751: error: elements are nested more than 128 deep here",
            file.display()
        )),
        "{text}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_duplicated_egov_article_is_an_error_at_both_places() {
    let tmp = tempfile::tempdir().unwrap();
    let file = Path::new(FIXTURES).join("duplicate-article.xml");
    let out = tmp.path().join("out");
    let o = import(tmp.path(), "egov", &file, &out);
    let text = both(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(
        text.contains(&format!(
            "{0}:16:1: error: two `Article` elements have the address `art-2` (Num=\"2\"): this one and the one at {0}:11:1",
            file.display()
        )),
        "{text}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_duplicated_openleg_section_is_an_error_at_both_places() {
    let tmp = tempfile::tempdir().unwrap();
    let file = Path::new(FIXTURES).join("duplicate-section.json");
    let out = tmp.path().join("out");
    let o = import(tmp.path(), "openleg", &file, &out);
    let text = both(&o);
    assert_eq!(o.status.code(), Some(2), "{text}");
    assert!(
        text.contains(&format!(
            "{0}:72:24: error: two sections have the address `s-1101`: this one (`result.documents.documents.items[1].documents.items[0]`) and the one at {0}:41:24 (`result.documents.documents.items[0].documents.items[0]`)",
            file.display()
        )),
        "{text}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_decision_numbered_yi_er_becomes_items_after_its_preamble() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    import_fixture(tmp.path(), "decision.md", &out);
    let c = tmp.path();
    let p = show(c, &out, "cn/decision/preamble");
    assert_eq!(p["text"]["zh"], "为了试行互助登记，作如下决定：");
    assert_eq!(p["heading"]["en"], "Preamble");
    let i = show(c, &out, "cn/decision/item-1");
    assert_eq!(i["heading"]["zh"], "一、");
    assert_eq!(
        i["text"]["zh"],
        "互助计划应当登记。\n登记事项包括：\n（一）名称；\n（二）规模。"
    );
    assert_eq!(
        show(c, &out, "cn/decision/item-2")["text"]["zh"],
        "本决定所称互助计划，是指成员分摊费用的安排。"
    );
    // an item numbered by a heading line
    let i = show(c, &out, "cn/decision/item-3");
    assert_eq!(i["heading"]["zh"], "三、加强监督");
    assert_eq!(i["text"]["zh"], "各级机关应当加强对互助计划的监督。");
    assert_eq!(
        show(c, &out, "cn/decision/item-4")["text"]["zh"],
        "本决定自公布之日起施行。"
    );
}

#[test]
fn a_preamble_is_kept_and_the_articles_keep_their_addresses() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    import_fixture(tmp.path(), "preamble.md", &out);
    let c = tmp.path();
    let p = show(c, &out, "cn/preamble/preamble");
    assert_eq!(
        p["text"]["zh"],
        "互助是社会成员共同承担风险的古老传统。\n本法为规范互助组织而制定。"
    );
    assert_eq!(p["division"], serde_json::json!(["序言"]));
    let a = show(c, &out, "cn/preamble/art-1");
    assert_eq!(a["text"]["zh"], "为了规范互助组织，制定本法。");
    assert_eq!(a["division"], serde_json::json!(["第一章 总则"]));
}

#[test]
fn a_plain_text_regulation_keeps_the_paragraphs_before_its_first_article() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    import_fixture(tmp.path(), "plain-preamble.txt", &out);
    let p = show(tmp.path(), &out, "cn/plain-preamble/preamble");
    assert_eq!(p["instrument_title"]["zh"], "试验互助组织管理办法 （试行）");
    assert_eq!(
        p["text"]["zh"],
        "为了试验导入程序，制定本办法。\n本办法经试验会议通过。"
    );
}

#[test]
fn a_document_without_numbers_is_one_text_without_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    import_fixture(tmp.path(), "notice.md", &out);
    // the comment, the zero-width-space line and the table's delimiter row are markup;
    // table rows are their cells
    assert_eq!(
        show(tmp.path(), &out, "cn/notice/text")["text"]["zh"],
        "各有关单位：\n现就互助登记有关问题通知如下：\n事项 | 期限\n登记 | 三十日\n特此通知。"
    );
}

#[test]
fn article_numbers_spaced_long_or_miswritten_are_read_or_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = import_fixture(tmp.path(), "numbers.md", &out);
    let c = tmp.path();
    // `第三 条试验…` is article 3, not a paragraph of article 2
    assert_eq!(
        show(c, &out, "cn/numbers/art-2")["text"]["zh"],
        "本条例所称试验，是指虚构的活动。"
    );
    let a = show(c, &out, "cn/numbers/art-3");
    assert_eq!(a["heading"]["zh"], "第三条");
    // a number that cannot be read stays where it is, and says so
    assert_eq!(a["text"]["zh"], "试验应当登记。\n第三十－条 本条编号有误。");
    assert!(
        report.contains(&format!(
            "{FIXTURES}/numbers.md:11:1: warning: cannot read the article number `三十－`; the line is kept as a paragraph of 第三条"
        )),
        "{report}"
    );
    // a number of nine numerals is read
    assert_eq!(
        show(c, &out, "cn/numbers/art-12345")["text"]["zh"],
        "本条编号很长。"
    );
}

#[test]
fn a_paragraph_in_no_article_is_kept_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = import_fixture(tmp.path(), "outside.md", &out);
    for (line, opening, heading, kept_in) in [
        (11, "职责与程序", "第二章 成员大会和理事会的", "第一条"),
        (17, "试验清单：甲、乙、丙。", "附件", "第二条"),
    ] {
        let want = format!(
            "{FIXTURES}/outside.md:{line}:1: warning: `{opening}` follows the heading `{heading}` but no article under it; it is kept as a paragraph of {kept_in}"
        );
        assert!(report.contains(&want), "{want}\n{report}");
    }
    assert!(report.contains("2 warnings"), "{report}");
    assert_eq!(
        show(tmp.path(), &out, "cn/outside/art-1")["text"]["zh"],
        "为了试验，制定本办法。\n职责与程序"
    );
}

#[test]
fn a_file_without_text_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let report = import_fixture(tmp.path(), "empty.md", &out);
    assert!(
        report.contains(&format!(
            "{FIXTURES}/empty.md:5:18: warning: the file holds no text after its title and dates"
        )),
        "{report}"
    );
}
