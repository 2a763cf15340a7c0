//! The Xiang Hu Bao report in each of mutua's languages, as text and as a Markdown memo:
//! snapshots of what a lawyer pastes into an opinion, with the hashes that change with
//! every edit of the corpus or the rules taken out. A report follows `--lang`, or else the
//! locale.

mod common;

use common::mutua;

const XHB: &str = "corpus/schemes/xiang-hu-bao-2019.yaml";

/// The report with the corpus and rules hashes replaced by `HASH`.
fn report(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = mutua(dir.path());
    cmd.arg("classify").arg(XHB).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    without_hashes(&String::from_utf8(out.stdout).unwrap())
}

/// `text` with each run of 12 or 64 lower-case hex digits (a hash, whole or shortened)
/// replaced by `HASH`.
fn without_hashes(text: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let hex = run
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
        let digits = run.chars().any(|c| c.is_ascii_digit());
        if hex && digits && (run.len() == 12 || run.len() == 64) {
            out.push_str("HASH");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[test]
fn the_report_in_each_language_as_text_and_markdown() {
    for lang in ["en", "zh", "ja"] {
        for format in ["text", "markdown"] {
            let text = report(&["--lang", lang, "--format", format], &[]);
            insta::assert_snapshot!(format!("xiang_hu_bao_{lang}_{format}"), text);
        }
    }
}

#[test]
fn a_chinese_report_reads_as_a_chinese_memo() {
    let text = report(&["--lang", "zh"], &[]);
    for heading in ["结论：", "理由：", "所依据的条文：", "所依据的事实："] {
        assert!(text.contains(heading), "{heading}: {text}");
    }
    // the answers in Chinese, the quoted statute verbatim, no English reason
    assert!(text.contains("不属保险监管范围的互助"), "{text}");
    assert!(text.contains("本法所称保险"), "{text}");
    assert!(!text.contains("[en]"), "{text}");
    assert!(!text.contains("Answer:"), "{text}");
    // which texts are the law and which are mutua's
    assert!(text.contains("文本说明："), "{text}");
    assert!(text.contains("由 mutua "), "{text}");
}

#[test]
fn the_locale_chooses_the_language_and_lang_overrides_it() {
    let ja = report(&[], &[("LANG", "ja_JP.UTF-8")]);
    assert!(ja.contains("結論："), "{ja}");
    let zh = report(&[], &[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "ja_JP.UTF-8")]);
    assert!(zh.contains("结论："), "{zh}");
    let en = report(&["--lang", "en"], &[("LANG", "zh_CN.UTF-8")]);
    assert!(en.contains("Answer: "), "{en}");
}

#[test]
fn a_text_without_a_translation_is_shown_in_english_and_marked() {
    // a rule file whose reason is in English only
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("x.rules");
    std::fs::write(
        &rules,
        "jurisdiction cn\n\
         outcome o kind unregulated_mutual_aid compliance no_licence_needed\n\
         rule r -> o when not benefits.enforceable cites cn/insurance-law/art-2\n  \
           because \"No promise to pay.\"\n",
    )
    .unwrap();
    let text = report(
        &[
            "--lang",
            "zh",
            "--rules",
            "corpus/rules/facts.rules",
            "--rules",
            rules.to_str().unwrap(),
        ],
        &[],
    );
    assert!(text.contains("理由：[en] No promise to pay."), "{text}");
    assert!(
        text.contains("另有 1 处文字尚无中文版本，以英文显示并标注 [en]。"),
        "{text}"
    );
}
