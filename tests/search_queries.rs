//! Thousands of generated queries go through the search and every render path (text, JSON,
//! Markdown), against the shipped corpus and a corpus imported from LawRefBook files
//! (`tests/fixtures/lawrefbook-corpus`): Chinese runs of 1–8 Han characters cut from the
//! corpus text, Japanese kana and kanji, English words, and the same mixed with operators,
//! quotes and punctuation. Each must give hits or a clean error, never a panic. The queries
//! are generated from a fixed seed, so a failure names a query that fails again.

mod common;

use std::path::Path;

use common::mutua;
use mutua::corpus::Corpus;
use mutua::index::{build_in_ram, search, SearchOptions};
use mutua::report;
use mutua::report::Format;

/// A small deterministic generator (xorshift), so that the queries are the same each run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The texts of the corpus in one language.
fn texts(corpus: &Corpus, lang: &str) -> Vec<Vec<char>> {
    corpus
        .entries
        .iter()
        .flat_map(|e| corpus.provision(e).versions.iter())
        .filter_map(|v| v.text.get(lang))
        .map(|t| t.text.chars().collect::<Vec<char>>())
        .filter(|t| !t.is_empty())
        .collect()
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// 1–8 Han characters cut from a text (a run ends at the first character that is not Han).
fn han_run(rng: &mut Rng, texts: &[Vec<char>]) -> Option<String> {
    let t = rng.pick(texts);
    let start = rng.below(t.len());
    let len = 1 + rng.below(8);
    let run: String = t[start..]
        .iter()
        .take(len)
        .take_while(|c| is_han(**c))
        .collect();
    (!run.is_empty()).then_some(run)
}

/// 1–8 characters of Japanese text, kana and kanji as they come.
fn japanese_cut(rng: &mut Rng, texts: &[Vec<char>]) -> Option<String> {
    let t = rng.pick(texts);
    let start = rng.below(t.len());
    let cut: String = t[start..].iter().take(1 + rng.below(8)).collect();
    let cut = cut.trim().to_string();
    (!cut.is_empty()).then_some(cut)
}

/// One to three English words of a text.
fn english_words(rng: &mut Rng, texts: &[Vec<char>]) -> Option<String> {
    let t: String = rng.pick(texts).iter().collect();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let start = rng.below(words.len());
    let n = 1 + rng.below(3);
    Some(words[start..words.len().min(start + n)].join(" "))
}

const KANA: &[&str] = &[
    "とは",
    "の",
    "は",
    "を",
    "する",
    "もの",
    "ホケン",
    "カイシャ",
    "ア",
    "ー",
    "ゃ",
    "ッ",
];
const OPERATORS: &[&str] = &[
    "AND", "OR", "NOT", "-", "+", "\"", "*", "?", "~", "~2", "^2", ":", "(", ")", "[", "]", "{",
    "}", "\\", "/", "zh:", "en:", "address:", "IN", "TO", "。", "、", "，", "「", "」", "《", "》",
    "（", "）", "!", "&&", "||", "'", "%", "§", "#", "", " ",
];

/// One query: a piece of corpus text in some script, often wrapped in or joined by
/// operators, quotes and punctuation.
fn query(rng: &mut Rng, zh: &[Vec<char>], ja: &[Vec<char>], en: &[Vec<char>]) -> String {
    let piece = |rng: &mut Rng| -> String {
        let got = match rng.below(5) {
            0 | 1 if !zh.is_empty() => han_run(rng, zh),
            2 if !ja.is_empty() => japanese_cut(rng, ja),
            3 if !en.is_empty() => english_words(rng, en),
            _ => Some(rng.pick(KANA).to_string()),
        };
        got.unwrap_or_else(|| "保险".to_string())
    };
    match rng.below(4) {
        // a plain piece of text, the common case
        0 | 1 => piece(rng),
        2 => {
            let (a, op, b) = (piece(rng), rng.pick(OPERATORS), piece(rng));
            format!("{a} {op} {b}")
        }
        _ => {
            let mut q = String::new();
            for _ in 0..1 + rng.below(4) {
                if rng.below(2) == 0 {
                    let op: &&str = rng.pick(OPERATORS);
                    q.push_str(op);
                } else {
                    q.push_str(&piece(rng));
                }
                if rng.below(2) == 0 {
                    q.push(' ');
                }
            }
            q
        }
    }
}

/// Runs `count` generated queries against `corpus`; returns how many gave hits.
fn sweep(corpus: &Corpus, seed: u64, count: usize) -> usize {
    let index = build_in_ram(corpus).expect("index builds");
    let (zh, ja, en) = (
        texts(corpus, "zh"),
        texts(corpus, "ja"),
        texts(corpus, "en"),
    );
    let mut rng = Rng(seed);
    let mut with_hits = 0;
    for i in 0..count {
        let q = query(&mut rng, &zh, &ja, &en);
        let opts = SearchOptions {
            jurisdiction: [None, Some("cn"), Some("jp")][rng.below(3)].map(str::to_string),
            limit: [1, 5, 10, 50, 1000][rng.below(5)],
            ..SearchOptions::default()
        };
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            match search(&index, &q, &opts) {
                Ok(found) => {
                    let hits = &found.hits;
                    for format in [Format::Text, Format::Json, Format::Markdown] {
                        for words in [report::Words::En, report::Words::Zh, report::Words::Ja] {
                            let out = report::search(&q, &found, format, words);
                            assert!(!out.is_empty());
                        }
                    }
                    for h in hits {
                        assert_eq!(
                            h.snippet.matches("**").count() % 2,
                            0,
                            "unbalanced bold in {:?}",
                            h.snippet
                        );
                    }
                    !hits.is_empty()
                }
                Err(e) => {
                    assert!(!e.diagnostics().is_empty(), "an error with no message");
                    false
                }
            }
        }));
        match run {
            Ok(hit) => with_hits += usize::from(hit),
            Err(_) => panic!("query {i} `{q}` with {opts:?} panicked"),
        }
    }
    with_hits
}

#[test]
fn generated_queries_never_panic_on_the_shipped_corpus() {
    let corpus = mutua::corpus::load_embedded().unwrap();
    let with_hits = sweep(&corpus, 0x5eed_0001, 3000);
    // many queries are cut from the corpus text, so many find something
    assert!(
        with_hits > 900,
        "only {with_hits} of 3000 queries found a hit"
    );
}

#[test]
fn generated_queries_never_panic_on_an_imported_lawrefbook_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lawrefbook-corpus");
    let corpus = mutua::corpus::load_dir(&dir).unwrap();
    let with_hits = sweep(&corpus, 0x5eed_0002, 2000);
    // Chinese text only: the Japanese and English queries find nothing
    assert!(
        with_hits > 250,
        "only {with_hits} of 2000 queries found a hit"
    );
}

/// The queries that crashed `mutua search` (overlapping words from jieba) now give hits
/// through the binary, with any limit.
#[test]
fn queries_with_overlapping_chinese_words_give_hits() {
    let cache = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lawrefbook-corpus");
    for limit in ["5", "10", "50"] {
        let out = mutua(cache.path())
            .args(["search", "保险业务", "--limit", limit])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("**保险业务**"));
    }
    for q in ["人身保险合同", "不正当竞争", "保险业务经", "社会保险基金"] {
        let out = mutua(cache.path())
            .arg("search")
            .arg("--corpus")
            .arg(&fixture)
            .args([q])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("**"), "{q}");
    }
}

/// A `--limit` larger than the corpus is the whole corpus, not an allocation of that size.
#[test]
fn huge_limits_are_clamped() {
    let cache = tempfile::tempdir().unwrap();
    for limit in ["4294967295", "18446744073709551615"] {
        let out = mutua(cache.path())
            .args(["search", "insurance", "--format", "json", "--limit", limit])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "--limit {limit}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = common::json(&out);
        assert!(v["hits"].as_array().is_some_and(|h| h.len() > 10));
    }
    let out = mutua(cache.path())
        .args(["search", "insurance", "--limit", "99999999999999999999"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "a limit beyond u64 is bad usage"
    );
}

/// Each hit says how far its snippet's text can be trusted, in JSON and visibly in text.
#[test]
fn hits_name_the_status_of_their_text() {
    let cache = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| mutua(cache.path()).args(args).output().unwrap();
    let out = run(&[
        "search",
        "保险业务",
        "-j",
        "cn",
        "--format",
        "json",
        "--limit",
        "3",
    ]);
    let v = common::json(&out);
    for h in v["hits"].as_array().unwrap() {
        assert_eq!(h["language"], "zh");
        assert!(
            ["verbatim", "unverified"].contains(&h["text_status"].as_str().unwrap()),
            "{h}"
        );
    }
    assert_eq!(v["provenance"]["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        v["provenance"]["corpus_hash"],
        mutua::corpus::load::SHIPPED_CONTENT_HASH
    );
    let out = run(&["search", "fortuitous event", "-j", "ny", "--format", "json"]);
    let v = common::json(&out);
    assert_eq!(v["hits"][0]["text_status"], "unverified");
    let out = run(&[
        "search",
        "mutual insurance organisation",
        "-j",
        "cn",
        "--limit",
        "1",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[translation]"), "{text}");
    let out = run(&["--version"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(mutua::corpus::load::SHIPPED_CONTENT_HASH),
        "{text}"
    );
    assert!(
        text.contains(mutua::corpus::load::SHIPPED_RULES_HASH),
        "{text}"
    );
}
