//! The README's examples still print what the README says: every `$ mutua …` command in a
//! `console` block is run (through `sh`, with the built binary first on PATH) and its output
//! compared with the lines under it. Blocks that elide output (`…`), print timings, or need
//! files outside the repository are listed and skipped, never silently.

use std::path::Path;
use std::process::Command;

/// One `$ mutua …` example and the output the README shows for it.
struct Example {
    line: usize,
    command: String,
    expected: String,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_console = false;
    let mut current: Option<Example> = None;
    for (i, line) in readme.lines().enumerate() {
        if line.starts_with("```") {
            if let Some(e) = current.take() {
                out.push(e);
            }
            in_console = line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            if let Some(e) = current.take() {
                out.push(e);
            }
            current = Some(Example {
                line: i + 1,
                command: cmd.to_string(),
                expected: String::new(),
            });
        } else if let Some(e) = current.as_mut() {
            e.expected.push_str(line);
            e.expected.push('\n');
        }
    }
    out
}

/// Hashes (of the corpus, the rules, a source file) with `<hash>` in their place: they name
/// what produced an output and change with every edit of the corpus or the rules.
fn mask_hashes(line: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in line.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() && !c.is_ascii_uppercase() {
            run.push(c);
            continue;
        }
        if run.len() >= 12 && run.chars().any(|c| c.is_ascii_alphabetic()) {
            out.push_str("<hash>");
        } else {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

fn normalise(s: &str) -> String {
    s.lines()
        .map(|l| mask_hashes(l.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

/// Why an example cannot be compared to the letter, if it cannot.
fn skip_reason(e: &Example) -> Option<&'static str> {
    if e.expected.contains('…') {
        Some("output elided")
    } else if e.command.contains("../shared") || e.command.contains("/tmp/") {
        Some("needs data outside the repository")
    } else if e.command.contains("typo.yaml") {
        Some("needs a file the reader writes")
    } else if e.command.starts_with("mutua index") || e.command.starts_with("mutua import") {
        Some("prints timings and paths")
    } else {
        None
    }
}

#[test]
fn readme_examples_print_what_the_readme_says() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_mutua"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cache = tempfile::tempdir().unwrap();
    let all = examples(&readme);
    assert!(all.len() >= 15, "found only {} examples", all.len());
    let mut compared = 0;
    for e in &all {
        if let Some(why) = skip_reason(e) {
            eprintln!("README.md:{}: not compared ({why}): {}", e.line, e.command);
            continue;
        }
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("{} 2>&1", e.command))
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env("MUTUA_CACHE_DIR", cache.path().join("index"))
            .env("MUTUA_DATA_DIR", cache.path().join("data"))
            .output()
            .unwrap();
        let got = normalise(&String::from_utf8_lossy(&out.stdout));
        assert_eq!(
            got,
            normalise(&e.expected),
            "README.md:{}: `{}` prints something else",
            e.line,
            e.command
        );
        compared += 1;
    }
    assert!(compared >= 10, "compared only {compared} examples");
}
