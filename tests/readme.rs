//! The README's examples still print what the README says: every `$ …` command in a
//! `console` block is run as written (through `sh`, with the built binary first on PATH)
//! and its output compared with the lines under it. `…` in the README elides lines or text,
//! timings and the cache folder are masked; an example that needs the data sets beside the
//! repository is listed when they are absent, and fails the run under
//! `MUTUA_REQUIRE_DATASETS`.

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

/// Durations (`in 7.8s`, `605.0µs`) with `<time>` in their place, and the cache folder a
/// command names with `<cache>`: they differ from run to run and machine to machine.
fn mask_run(line: &str) -> String {
    if let Some(rest) = line.strip_prefix("cache: ") {
        return if rest.is_empty() {
            line.into()
        } else {
            "cache: <cache>".into()
        };
    }
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let number = tail
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(tail.len());
        let after = &tail[number..];
        let unit = ["µs", "ms", "ns", "s"]
            .into_iter()
            .find(|u| after.starts_with(u) && !after[u.len()..].starts_with(char::is_alphabetic));
        // a duration follows "in " (`in 7.8s`); other numbers are kept
        match unit {
            Some(u) if out.ends_with("in ") && tail[..number].contains('.') => {
                out.push_str("<time>");
                rest = &after[u.len()..];
            }
            _ => {
                out.push_str(&tail[..number]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether `got` matches the output the README shows: line by line, where a line of only
/// `…` stands for any number of lines and a `…` within a line for any text.
fn matches(expected: &[String], got: &[String]) -> bool {
    match expected.split_first() {
        None => got.is_empty(),
        Some((e, rest)) if e == "…" => (0..=got.len()).any(|skip| matches(rest, &got[skip..])),
        Some((e, rest)) => got
            .split_first()
            .is_some_and(|(g, more)| line_matches(e, g) && matches(rest, more)),
    }
}

fn line_matches(expected: &str, got: &str) -> bool {
    let mut pieces = expected.split('…');
    let first = pieces.next().unwrap_or("");
    let Some(mut rest) = got.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (i, piece) in pieces.iter().enumerate() {
        if i + 1 == pieces.len() {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

fn lines(s: &str, tmp: &str) -> Vec<String> {
    normalise(&s.replace(tmp, "/tmp"))
        .lines()
        .map(mask_run)
        .collect()
}

/// Why an example cannot be run here, if it cannot.
fn not_runnable(e: &Example) -> Option<String> {
    if e.command.contains("typo.yaml") {
        return Some("needs a file the reader writes".into());
    }
    if e.command.contains("../shared") && !Path::new("../shared").is_dir() {
        if std::env::var_os("MUTUA_REQUIRE_DATASETS").is_some() {
            panic!(
                "README.md:{}: `{}` needs ../shared, which is not here",
                e.line, e.command
            );
        }
        return Some("needs ../shared, which is not here".into());
    }
    None
}

/// Every `$ mutua …` example, run as written through `sh` with the built binary first on
/// PATH, stderr shown with stdout as a terminal shows them (an example's own redirections
/// apply on top), and compared with the lines under it. The only change to a command:
/// `/tmp/` becomes a folder of this test's own, so that no file of the reader's is touched.
#[test]
fn readme_examples_print_what_the_readme_says() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_mutua"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let home = tempfile::tempdir().unwrap();
    let tmp = home.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let tmp = tmp.to_str().unwrap().to_string();
    let all = examples(&readme);
    assert!(all.len() >= 15, "found only {} examples", all.len());
    let mut compared = 0;
    let mut failures = Vec::new();
    for e in &all {
        if let Some(why) = not_runnable(e) {
            eprintln!("README.md:{}: not run ({why}): {}", e.line, e.command);
            continue;
        }
        // `mutua index` shows a first build: it gets a cache of its own
        let cache = if e.command.starts_with("mutua index") {
            home.path().join(format!("index-{}", e.line))
        } else {
            home.path().join("index")
        };
        let command = e.command.replace("/tmp/", &format!("{tmp}/"));
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("{{ {command}\n}} 2>&1"))
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env("MUTUA_CACHE_DIR", &cache)
            .env("MUTUA_DATA_DIR", home.path().join("data"))
            .output()
            .unwrap();
        let got = lines(&String::from_utf8_lossy(&out.stdout), &tmp);
        let expected = lines(&e.expected, &tmp);
        if !matches(&expected, &got) {
            failures.push(format!(
                "README.md:{}: `{}` prints something else:\n--- README\n{}\n--- got\n{}",
                e.line,
                e.command,
                expected.join("\n"),
                got.join("\n")
            ));
        }
        compared += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(compared >= 40, "compared only {compared} examples");
}

#[test]
fn an_ellipsis_stands_for_lines_or_text_and_nothing_else() {
    let v = |s: &str| s.lines().map(String::from).collect::<Vec<_>>();
    assert!(matches(&v("a\n…\nd"), &v("a\nb\nc\nd")));
    assert!(matches(&v("a\n…"), &v("a")));
    assert!(!matches(&v("a\n…\nd"), &v("a\nb")));
    assert!(matches(
        &v("x …/y.md:1: warning"),
        &v("x /data/y.md:1: warning")
    ));
    assert!(!matches(
        &v("x …/y.md:1: warning"),
        &v("x /data/z.md:1: warning")
    ));
    assert!(
        !matches(&v("a"), &v("a\nb")),
        "an extra line is a difference"
    );
    assert_eq!(
        mask_run("Imported 2 of 3 files in 605.0µs: 1 warnings"),
        "Imported 2 of 3 files in <time>: 1 warnings"
    );
    assert_eq!(mask_run("in 7.8s, 3 articles"), "in <time>, 3 articles");
}
