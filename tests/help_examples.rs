//! The examples each command's `--help` shows (docs/help-examples.txt) are commands that
//! work: every one parses, and those that need nothing outside the repository (no network,
//! no files of the user's, no terminal) run over the shipped corpus and succeed.

mod common;

use common::mutua;

/// Commands whose examples name what a test cannot give them: a LawRefBook checkout and
/// an official file (`import`, `verify`), the network (`fetch`), a terminal (`interview`),
/// a port kept open (`serve`) and an editor speaking the protocol on standard input
/// (`lsp`, run by tests/lsp.rs). Their examples are parsed only.
const NOT_RUN: [&str; 6] = ["import", "verify", "fetch", "interview", "serve", "lsp"];

/// An example line's words, without its leading `mutua` and any `> FILE` redirection,
/// with `corpus/rules/*.rules`-style globs expanded from the repository.
fn words(line: &str) -> Vec<String> {
    let line = line.split(" > ").next().unwrap();
    let mut words = line.split_whitespace();
    assert_eq!(words.next(), Some("mutua"), "{line}");
    let mut out = Vec::new();
    for w in words {
        match w.split_once("/*") {
            Some((dir, ext)) => {
                let mut matched: Vec<String> = std::fs::read_dir(dir)
                    .unwrap()
                    .map(|e| e.unwrap().path().display().to_string())
                    .filter(|p| p.ends_with(ext))
                    .collect();
                matched.sort();
                assert!(!matched.is_empty(), "{w} matches nothing");
                out.extend(matched);
            }
            None => out.push(w.to_string()),
        }
    }
    out
}

#[test]
fn every_command_has_examples_and_every_example_parses() {
    let examples = mutua::cli::help_examples();
    let command = mutua::cli::command();
    for sub in command.get_subcommands() {
        let name = sub.get_name();
        if name == "help" {
            continue;
        }
        assert!(
            examples
                .iter()
                .any(|(n, lines)| *n == name && !lines.is_empty()),
            "docs/help-examples.txt has no example of `{name}`"
        );
        let help = sub
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(help.contains("Example"), "`{name} --help`: {help}");
        assert!(help.contains("Exit codes:"), "`{name} --help`: {help}");
    }
    for (name, lines) in &examples {
        assert!(
            command.find_subcommand(name).is_some(),
            "docs/help-examples.txt names `{name}`, which is no command"
        );
        for line in lines {
            let mut argv = vec!["mutua".to_string()];
            argv.extend(words(line));
            let parsed = mutua::cli::command().try_get_matches_from(&argv);
            assert!(
                parsed.is_ok(),
                "`{line}` does not parse: {:?}",
                parsed.err()
            );
            let matches = parsed.unwrap();
            assert_eq!(matches.subcommand_name(), Some(*name), "{line}");
        }
    }
}

#[test]
fn the_examples_run_over_the_shipped_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let mut run = 0;
    for (name, lines) in mutua::cli::help_examples() {
        if NOT_RUN.contains(&name) {
            continue;
        }
        for line in lines {
            let out = mutua(dir.path()).args(words(line)).output().unwrap();
            assert!(
                out.status.success(),
                "`{line}` exits {:?}\n{}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(!out.stdout.is_empty(), "`{line}` prints nothing");
            run += 1;
        }
    }
    assert!(run >= 15, "only {run} examples ran");
}
