//! The Chinese segmentation over the dictionary compiled at build time
//! (`mutua::index::jieba`) gives the tokens jieba-rs gives with its own dictionary, token
//! for token (word, character and byte offsets, order): on awkward strings, on every
//! Chinese text of the shipped corpus, and on every article of the LawRefBook data set as
//! the index reads it (heading and text of every version of every provision). These tests
//! are how the compiled dictionary stays in step with the jieba-rs that `Cargo.toml` pins.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jieba_rs::Jieba;
use mutua::corpus::Provision;
use mutua::index::jieba;

fn reference() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// The first text, of `texts`, whose tokens differ in either mode, with both token lists.
fn first_difference<'a>(texts: impl IntoIterator<Item = &'a String>) -> Option<String> {
    for text in texts {
        let (ours, theirs) = (
            jieba::cut_for_search(text),
            reference().cut_for_search(text, true),
        );
        if ours != theirs {
            return Some(format!(
                "search mode differs on {text:?}:\n ours   {ours:?}\n jieba-rs {theirs:?}"
            ));
        }
        let (ours, theirs) = (jieba::cut(text), reference().cut(text, true));
        if ours != theirs {
            return Some(format!(
                "default mode differs on {text:?}:\n ours   {ours:?}\n jieba-rs {theirs:?}"
            ));
        }
    }
    None
}

/// Checks `texts` on every core, returning the differences found (at most one a thread).
fn differences(texts: &[String]) -> Vec<String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = texts.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .chunks(chunk)
            .map(|part| s.spawn(move || first_difference(part)))
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().expect("a checking thread"))
            .collect()
    })
}

/// The Chinese texts of a provision and its children as the index reads them: the heading
/// and the text of each version, the heading and each division alone.
fn provision_texts(p: &Provision, out: &mut Vec<String>) {
    let head = p.heading.get("zh").cloned().unwrap_or_default();
    for v in &p.versions {
        if let Some(t) = v.text.get("zh") {
            out.push(format!("{head} {}", t.text).trim().to_string());
        }
    }
    out.push(head);
    out.extend(p.division.iter().cloned());
    out.extend(p.summary.iter().cloned());
    for c in &p.children {
        provision_texts(c, out);
    }
}

#[test]
fn awkward_strings_are_cut_as_jieba_rs_cuts_them() {
    let texts: Vec<String> = [
        "",
        " ",
        "我们中出了一个叛徒",
        "中华人民共和国保险法第一百八十一条",
        "相互保险组织应当在2015年1月1日前取得许可；WES-5.4.5版与ISO_9001标准",
        "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
        "他来到了网易杭研大厦",
        "\r\n第一条\r\n\r\n　　为了规范保险活动，保护保险活动当事人的合法权益。\n",
        "C++与C#、AT&T、50%、3.6.3、a-b-c、-x-、_._、.5",
        "𠀀𠀁亍丌兀丐廿卅丕亘丞鬲孬噩丨禺丿匕乇夭爻卮氐囟胤馗毓睾鼗丶亟",
        "ＡＢＣ全角１２３和ａｂｃ　半角abc123混排😀表情\u{3000}空格",
        "龘靐齉齾爩鱻麤龗灪吁龖厵滟爨癵籱饢驫鲡鹂鸾麣纞虋讟钃骊郁鸜麷鞻韽韾顟顠饙饙騳騱饐",
        "保险保险保险保险保险保险保险保险保险保险保险保险保险保险保险保险保险保险",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "《中华人民共和国民法典》第一千一百八十三条之一（二）3.",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let found = differences(&texts);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_text_of_the_shipped_corpus_is_cut_as_jieba_rs_cuts_it() {
    let corpus = mutua::corpus::load_embedded().unwrap();
    let mut texts = Vec::new();
    for inst in &corpus.instruments {
        texts.extend(inst.title.values().cloned());
        for p in &inst.provisions {
            provision_texts(p, &mut texts);
        }
    }
    assert!(texts.len() > 1000, "{}", texts.len());
    let found = differences(&texts);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The LawRefBook data set: `MUTUA_LAWREFBOOK`, else `../shared/datasets/lawrefbook`.
fn dataset() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("MUTUA_LAWREFBOOK") {
        let dir = PathBuf::from(dir);
        return if dir.is_dir() {
            Ok(dir)
        } else {
            Err(format!(
                "MUTUA_LAWREFBOOK is set to {}, which is not a folder",
                dir.display()
            ))
        };
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/datasets/lawrefbook");
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "{} does not exist and MUTUA_LAWREFBOOK is not set",
            dir.display()
        ))
    }
}

#[test]
fn every_article_of_the_lawrefbook_data_set_is_cut_as_jieba_rs_cuts_it() {
    let dir = match dataset() {
        Ok(d) => d,
        Err(why) => {
            let required = std::env::var("MUTUA_REQUIRE_DATASETS").as_deref() == Ok("1");
            // written past the test harness's capture, so that it is seen in every run
            let _ = writeln!(
                std::io::stderr(),
                "NOTE: the LawRefBook token test did not run: {why}. Set MUTUA_LAWREFBOOK to the data set's folder to run it."
            );
            assert!(
                !required,
                "MUTUA_REQUIRE_DATASETS=1 but the LawRefBook data set is not there: {why}"
            );
            return;
        }
    };
    let (files, unreadable) = mutua::corpus::import::lawrefbook::source_files(&dir);
    assert!(unreadable.is_empty(), "folders not read: {unreadable:?}");
    assert!(!files.is_empty(), "no .md files in {}", dir.display());
    let plain = mutua::corpus::import::lawrefbook::PlainText::default();
    let mut texts = Vec::new();
    let mut failed = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        match mutua::corpus::import::lawrefbook::import_file(file, &dir, bytes, None, &plain) {
            Ok(imported) => {
                texts.extend(imported.instrument.title.values().cloned());
                for p in &imported.instrument.provisions {
                    provision_texts(p, &mut texts);
                }
            }
            Err(problems) => failed.push(format!("{}: {problems:?}", file.display())),
        }
    }
    assert!(
        failed.is_empty(),
        "files not imported:\n{}",
        failed.join("\n")
    );
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let found = differences(&texts);
    let _ = writeln!(
        std::io::stderr(),
        "LawRefBook tokens: {} files, {} texts, {chars} characters, cut in both modes, {} differences",
        files.len(),
        texts.len(),
        found.len()
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}
