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

/// The English words a memo holds once the law quoted (`> ` lines in Markdown, lines
/// indented by six spaces in text, "…" headings), code
/// (`…`), identifiers (rule, fact and outcome names, addresses: words with `_`, `.`, `/`
/// or `-`), the scheme's name and mutua's own name are taken out.
fn english_prose(memo: &str) -> Vec<String> {
    let mut left = Vec::new();
    let quotation = |l: &&str| l.trim_start().starts_with('>') || l.starts_with("      ");
    for line in memo.lines().filter(|l| !quotation(l)) {
        let mut plain = String::new();
        let mut quoted = None;
        for c in line.chars() {
            match (quoted, c) {
                (None, '`' | '"') => quoted = Some(c),
                (Some(q), c) if c == q => quoted = None,
                (None, c) => plain.push(c),
                _ => {}
            }
        }
        let plain = plain
            .replace("Xiang Hu Bao", "")
            .replace("mutua", "")
            .replace("HASH", "");
        for word in plain.split(|c: char| !(c.is_ascii_alphanumeric() || "_./-".contains(c))) {
            let identifier = word.contains(['_', '.', '/', '-']);
            if !identifier && word.chars().filter(char::is_ascii_alphabetic).count() >= 3 {
                left.push(format!("{word} in {line}"));
            }
        }
    }
    left
}

#[test]
fn the_chinese_and_japanese_memos_have_no_english_prose_left() {
    for lang in ["zh", "ja"] {
        for format in ["markdown", "text"] {
            let memo = report(&["--lang", lang, "--format", format], &[]);
            assert_eq!(
                english_prose(&memo),
                Vec::<String>::new(),
                "{lang} {format}"
            );
        }
    }
    // the check finds English where there is some
    assert!(!english_prose(&report(&["--lang", "en"], &[])).is_empty());
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

/// What a command prints, run with `args` in a fresh cache.
fn run(args: &[&str], env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = mutua(dir.path());
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The English words each command printed before it spoke other languages: none may be
/// left in a Chinese or Japanese report (the law quoted and mutua's English summaries,
/// marked `[en]`, aside).
const ENGLISH_WORDS: &[&str] = &[
    "Text in force",
    "Summary (mutua)",
    "See also",
    "Concepts:",
    "Source:",
    "Official text",
    "Checked against",
    "agrees",
    "verbatim",
    "History:",
    "promulgated",
    "in force since",
    "provisions recorded",
    "not checked against",
    "Hits ",
    "for the next",
    "text held",
    "WARNING",
    "no date held",
    "No provision",
    "law in force on",
    "summary by mutua",
    "no text held",
    "passed",
    "failed",
    "Coverage:",
];

/// The Chinese or Japanese words a report in that language must hold.
fn the_commands(lang: &str) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    let zh = lang == "zh";
    vec![
        (
            vec!["show", "cn/insurance-law/art-2"],
            if zh {
                vec![
                    "文本施行期间：自2015-04-24起",
                    "mutua 摘要 [en]：",
                    "来源：",
                    "核对副本：",
                ]
            } else {
                vec![
                    "本文の施行期間：2015-04-24から",
                    "mutua による要約 [en]：",
                    "出典：",
                    "照合した写し：",
                ]
            },
        ),
        (
            vec!["show", "jp/iba"],
            if zh {
                vec!["1995-06-07公布", "沿革：", "通过"]
            } else {
                vec!["1995-06-07公布", "沿革：", "制定", "一部改正"]
            },
        ),
        (
            vec!["search", "相互保险", "--limit", "1"],
            if zh {
                vec!["相符条文共"]
            } else {
                vec!["該当する規定"]
            },
        ),
        (
            vec!["cite", "cn/insurance-law/art-2", "ny/ins/s-4522"],
            if zh {
                vec![
                    "《中华人民共和国保险法》（2015年修正）第二条",
                    "收录文本：原文",
                    "注意：",
                ]
            } else {
                vec![
                    "《中华人民共和国保险法》（2015年修正）第二条",
                    "収録した本文：原文",
                    "注意：",
                ]
            },
        ),
        (
            vec!["compare", "licensing", "--as-of", "2020-01-01"],
            if zh {
                vec![
                    "经营许可（2020-01-01有效的法律）",
                    "── 中国",
                    "── 日本",
                    "mutua 摘要 [en]",
                ]
            } else {
                vec![
                    "免許制（2020-01-01時点の法令）",
                    "── 日本",
                    "mutua による要約 [en]",
                ]
            },
        ),
        (
            vec!["compare", "member.rights"],
            if zh {
                vec!["无相关条文。 [en]"]
            } else {
                vec!["該当規定なし。 [en]"]
            },
        ),
        (
            vec!["test", "corpus/cases/review", "--coverage"],
            if zh {
                vec!["通过 37 个，失败 0 个", "覆盖情况："]
            } else {
                vec!["成功 37 件、失敗 0 件", "カバレッジ："]
            },
        ),
    ]
}

#[test]
fn the_corpus_commands_speak_the_language_asked_for() {
    for lang in ["zh", "ja"] {
        for (args, wanted) in the_commands(lang) {
            let mut with_lang = args.clone();
            with_lang.extend(["--lang", lang]);
            let out = run(&with_lang, &[]);
            for w in &wanted {
                assert!(out.contains(w), "{with_lang:?} lacks {w:?}:\n{out}");
            }
            // mutua's English summaries and recorded reasons are marked [en]: take them
            // out, with the law quoted (a line of a provision's own text), and look for
            // English words left
            let own_words: String = out
                .lines()
                .filter(|l| !l.contains("[en]") && !l.starts_with("  ") && !l.contains("(McKinney"))
                .collect::<Vec<_>>()
                .join("\n");
            for english in ENGLISH_WORDS {
                assert!(
                    !own_words.contains(english),
                    "{with_lang:?} still says {english:?}:\n{out}"
                );
            }
            // the same command in the locale's language says the same
            let locale = if lang == "zh" {
                "zh_CN.UTF-8"
            } else {
                "ja_JP.UTF-8"
            };
            assert_eq!(
                run(&args, &[("LANG", locale)]),
                out,
                "{args:?} under LANG={locale}"
            );
        }
    }
}

#[test]
fn the_corpus_commands_in_english_are_unchanged_by_the_option() {
    for (args, _) in the_commands("en") {
        let mut with_lang = args.clone();
        with_lang.extend(["--lang", "en"]);
        assert_eq!(run(&with_lang, &[]), run(&args, &[]), "{args:?}");
    }
}
