//! Fuzzing, one target per kind of input: scheme YAML, rule files, corpus YAML, LawRefBook
//! Markdown and search queries. Each target mutates real files (deletes, duplicates and
//! inserts pieces of the syntax, swaps characters) and feeds the result through the whole
//! stage (load, check, evaluate, render); no input may panic, overflow the stack or hang.
//!
//! `cargo test --test fuzz` runs a short batch of each. A long run sets how many cases a
//! batch has and how long to keep drawing batches, per target, e.g. ten minutes each:
//!
//! ```sh
//! MUTUA_FUZZ_CASES=256 MUTUA_FUZZ_SECONDS=600 cargo test --test fuzz -- --nocapture --test-threads 1
//! ```
//!
//! A failure prints the smallest input found; add it to a fixture and fix the defect.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use mutua::corpus::import::lawrefbook::{parse_lawrefbook, to_instrument};
use mutua::corpus::{load, Corpus, CorpusFiles, Jurisdiction};
use mutua::diagnostic::{Diagnostic, SourceFile};
use mutua::report::{Format, Words};
use mutua::rules::{self, RuleSet};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| mutua::corpus::load_embedded().unwrap())
}

fn shipped_rule_files() -> Vec<SourceFile> {
    rules::shipped_rule_files(&CorpusFiles::shipped())
}

fn shipped_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| rules::load_rules(&shipped_rule_files(), corpus()).unwrap())
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `test` on inputs drawn from `strategy`: one batch of `MUTUA_FUZZ_CASES` cases
/// (default 32), repeated with fresh seeds until `MUTUA_FUZZ_SECONDS` have passed.
fn fuzz<S: Strategy>(
    target: &str,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let cases = env_number("MUTUA_FUZZ_CASES", 32) as u32;
    let budget = Duration::from_secs(env_number("MUTUA_FUZZ_SECONDS", 0));
    let start = Instant::now();
    let mut total = 0u64;
    loop {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        if let Err(e) = runner.run(&strategy, &test) {
            panic!("fuzz target `{target}` failed after {total} cases: {e}");
        }
        total += u64::from(cases);
        if start.elapsed() >= budget {
            break;
        }
    }
    eprintln!(
        "fuzz {target}: {total} cases in {:.1?}, nothing found",
        start.elapsed()
    );
}

/// Renders diagnostics as a user would see them (rendering must not panic either).
fn render_all(diags: &[Diagnostic]) {
    for d in mutua::diagnostic::cap_per_file(diags, 50) {
        let _ = d.render(false);
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn files_in(dir: &str, ext: &str) -> Vec<String> {
    let mut out: Vec<String> = walkdir_files(std::path::Path::new(dir))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| p.display().to_string())
        .collect();
    out.sort();
    out
}

fn walkdir_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walkdir_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// An edit of a text: what to do, where (a fraction of the length), how much, and a piece
/// to insert.
type Edit = (u8, u32, u16, &'static str);

/// Applies edits to `text`, each at a character boundary.
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_string();
    for &(op, at, len, piece) in edits {
        let floor = |s: &str, mut i: usize| {
            i = i.min(s.len());
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(&s, (at as usize) % (s.len() + 1));
        let end = floor(&s, start + len as usize % 64);
        match op % 5 {
            0 => s.replace_range(start..end, ""),
            1 => {
                let copy = s[start..end].to_string();
                s.insert_str(start, &copy);
            }
            2 => s.insert_str(start, piece),
            3 => s.replace_range(start..end, piece),
            _ => {
                // repeat a piece many times: long lines, deep nesting, many keys
                s.insert_str(start, &piece.repeat(len as usize % 300));
            }
        }
    }
    s
}

/// A seed file, mutated by up to `max_edits` edits made of `pieces`.
fn mutated(
    seeds: Vec<String>,
    pieces: &'static [&'static str],
    max_edits: usize,
) -> impl Strategy<Value = String> {
    let edit = (
        any::<u8>(),
        any::<u32>(),
        any::<u16>(),
        prop::sample::select(pieces),
    );
    (
        prop::sample::select(seeds),
        prop::collection::vec(edit, 0..max_edits),
    )
        .prop_map(|(seed, edits)| apply(&seed, &edits))
}

const YAML_PIECES: &[&str] = &[
    ": ",
    "\n",
    "  ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "---\n",
    "...\n",
    "~",
    "\"",
    "'",
    "#",
    "|\n",
    ">\n",
    "? ",
    "!!str ",
    "!!binary ",
    "benefits.",
    "enforceable",
    "count",
    "-5",
    "1e9",
    "0x10",
    "99999999999999999999",
    "-9223372036854775808",
    "1_000",
    "1,000",
    "CNY 100",
    "cny",
    "2019-02-30",
    "2019-1-1",
    "true",
    "yes",
    "null",
    "name",
    "as_of",
    "licences",
    "cn",
    "ny",
    "jp",
    "id",
    "path",
    "provisions",
    "versions",
    "text",
    "zh",
    "status",
    "verbatim",
    "unverified",
    "translation",
    "refs",
    "children",
    "from",
    "to",
    "\u{feff}",
    "\u{0}",
    "\u{1b}[31m",
    "\r\n",
    "\t",
    "İ",
    "é",
    "\u{202e}",
    "第一条",
];

const RULE_PIECES: &[&str] = &[
    "(",
    ")",
    "not ",
    " and ",
    " or ",
    "\"",
    "\n",
    "#",
    " = ",
    " != ",
    " in {",
    "}",
    " < ",
    " >= ",
    "define d = ",
    "rule r -> o when ",
    "outcome o kind insurance compliance licensed\n",
    " cites cn/insurance-law/art-2",
    " unless ",
    " priority 99999999999999999999",
    " from ",
    " until ",
    "2019-02-30",
    "CNY ",
    "1_000",
    "-",
    "fact f integer\n",
    "enum { a, b }",
    "jurisdiction cn\n",
    "proposal \"p\" extends cn\n",
    "replace ",
    "repeal ",
    "warn w \"x\"",
    "benefits.enforceable",
    "participants.count",
    "because \"",
    "question en \"",
    "\\\"",
    "\u{feff}",
    "\u{0}",
    "\u{1b}[31m",
    "\r\n",
    "\t",
    "İ",
    "é",
    "相互",
];

const MARKDOWN_PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "#### ",
    "\n",
    "<!-- INFO END -->",
    "<!--",
    "-->",
    "第",
    "条",
    "之",
    "一",
    "十",
    "百",
    "千",
    "万",
    "零",
    "〇",
    "两",
    "章",
    "节",
    "编",
    "第一百二十条之一 ",
    "第九九九九九九九九条",
    "年",
    "月",
    "日",
    "2015年4月24日 ",
    "---\n",
    "title: ",
    "\u{3000}",
    "。",
    "；",
    "\u{feff}",
    "\u{0}",
    "\u{1b}[31m",
    "\r\n",
    "\t",
    "İ",
    "é",
];

const QUERY_PIECES: &[&str] = &[
    "保险",
    "相互保险组织",
    "非法经营",
    "相互会社",
    "は",
    "の",
    "で",
    "に",
    "保険業",
    "insurance",
    "mutual",
    "fortuitous",
    "\"",
    " ",
    "AND",
    "OR",
    "NOT",
    "-",
    "+",
    "(",
    ")",
    ":",
    "*",
    "~",
    "^2",
    "[",
    "]",
    "{",
    "}",
    "title:",
    "\\",
    "'",
    "IN",
    "ｱ",
    "ア",
    "𝔘",
    "\u{0}",
    "\u{1b}",
];

#[test]
fn fuzz_scheme_yaml() {
    let mut seeds: Vec<String> = files_in("corpus/schemes", "yaml")
        .iter()
        .chain(&files_in("tests/fixtures/schemes-bad", "yaml"))
        .map(|p| read(p))
        .collect();
    seeds.push(String::new());
    fuzz("scheme YAML", mutated(seeds, YAML_PIECES, 8), |text| {
        let file = SourceFile::new("fuzz.yaml", text);
        match mutua::scheme::load_scheme(&file, &shipped_rules().facts) {
            Ok(scheme) => {
                let date = scheme.as_of.unwrap_or_default();
                let evals: Vec<_> = Jurisdiction::all()
                    .into_iter()
                    .map(|j| rules::evaluate(shipped_rules(), j, &scheme, date, corpus(), "en"))
                    .collect();
                for format in [Format::Text, Format::Json, Format::Markdown] {
                    let _ = mutua::report::classify::render(&scheme, &evals, &[], format);
                }
            }
            Err(diags) => render_all(&diags),
        }
        Ok(())
    });
}

#[test]
fn fuzz_rule_files() {
    let shipped = shipped_rule_files();
    let mut seeds: Vec<String> = shipped.iter().map(|f| f.text.to_string()).collect();
    seeds.extend(
        files_in("tests/fixtures/rules-bad", "rules")
            .iter()
            .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned()),
    );
    fuzz(
        "rule files",
        (mutated(seeds, RULE_PIECES, 8), any::<bool>()),
        |(text, with_shipped)| {
            // the mutated file alone beside the facts, or among all the shipped rules
            let mut files: Vec<SourceFile> = if with_shipped {
                shipped.clone()
            } else {
                shipped
                    .iter()
                    .filter(|f| f.name.ends_with("facts.rules"))
                    .cloned()
                    .collect()
            };
            let file = SourceFile::new("fuzz.rules", text);
            files.push(file.clone());
            match rules::load_rules(&files, corpus()) {
                Ok(set) => render_all(&set.diagnostics),
                Err(diags) => render_all(&diags),
            }
            // `mutua fmt` lays out what parses, and its layout is settled at once
            if let Ok(laid_out) = rules::fmt::format(&file) {
                let again = rules::fmt::format(&SourceFile::new("fuzz.rules", laid_out.as_str()));
                prop_assert_eq!(again.ok(), Some(laid_out));
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_corpus_yaml() {
    let mut seeds: Vec<String> = files_in("tests/fixtures/corpus-bad", "yaml")
        .iter()
        .chain(&files_in("tests/fixtures/verify/corpus", "yaml"))
        .map(|p| read(p))
        .collect();
    seeds.push(read("corpus/jp/iba-order.yaml"));
    fuzz("corpus YAML", mutated(seeds, YAML_PIECES, 8), |text| {
        let _ = mutua::corpus::locate::YamlPositions::of(&text);
        let files = CorpusFiles {
            files: vec![("cn/x.yaml".into(), text.into())],
            origin: "fuzz".into(),
            known_hash: None,
        };
        if let Err(e) = load::load(&files) {
            render_all(e.diagnostics());
        }
        Ok(())
    });
}

#[test]
fn fuzz_lawrefbook_markdown() {
    let seeds: Vec<String> = files_in("tests/fixtures/import", "md")
        .iter()
        .chain(&files_in("tests/fixtures/verify", "md"))
        .map(|p| read(p))
        .collect();
    fuzz(
        "LawRefBook Markdown",
        mutated(seeds, MARKDOWN_PIECES, 10),
        |text| {
            let file = SourceFile::new("fuzz.md", text);
            match parse_lawrefbook(&file) {
                Ok(doc) => {
                    render_all(&doc.warnings);
                    let inst = to_instrument(
                        mutua::corpus::Jurisdiction::from_code("cn").unwrap(),
                        &doc,
                        "cn/fuzz",
                        "fuzz.md",
                        "00",
                        "fuzz(2015-04-24)",
                    );
                    let _ = serde_yaml::to_string(&inst);
                }
                Err(e) => render_all(e.diagnostics()),
            }
            Ok(())
        },
    );
}

#[test]
fn fuzz_search_queries() {
    let index = mutua::index::build_in_ram(corpus()).expect("the shipped corpus indexes");
    let words =
        prop::collection::vec(prop::sample::select(QUERY_PIECES), 0..10).prop_map(|v| v.concat());
    let query = prop_oneof![4 => words, 1 => any::<String>()];
    let codes: Vec<&str> = corpus().jurisdictions().iter().map(|j| j.code()).collect();
    let jurisdiction = prop::option::of(prop::sample::select(codes));
    fuzz(
        "search queries",
        (query, jurisdiction, 1usize..50),
        |(q, j, limit)| {
            let opts = mutua::index::SearchOptions {
                jurisdiction: j.map(str::to_string),
                instrument: None,
                concept: None,
                as_of: None,
                limit,
                ..Default::default()
            };
            match mutua::index::search(&index, &q, &opts) {
                Ok(found) => {
                    for words in [Words::En, Words::Zh, Words::Ja] {
                        let _ = mutua::report::search(&q, &found, Format::Text, words);
                    }
                }
                Err(e) => render_all(e.diagnostics()),
            }
            Ok(())
        },
    );
}
