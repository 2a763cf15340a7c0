//! Benchmarks of the drafter's editor: what `mutua lsp` does on each edit of a rule file
//! (parse and check the whole rule set again, every diagnostic `mutua check` reports), and
//! `mutua fmt` laying out a shipped rule file. `cargo bench --bench recheck` runs them.

use mutua::corpus::{load_embedded, CorpusFiles};
use mutua::diagnostic::SourceFile;
use mutua::lsp::workspace::{RuleFiles, Workspace};
use mutua::rules::{fmt, shipped_rule_files};

fn main() {
    divan::main();
}

/// The shipped rules with an edit in `cn.rules` (a comment added at its end), as the
/// server holds them after a keystroke.
fn edited() -> Vec<SourceFile> {
    shipped_rule_files(&CorpusFiles::shipped())
        .into_iter()
        .map(|f| {
            if f.name.ends_with("cn.rules") {
                SourceFile::new(f.name.clone(), format!("{}# an edit\n", f.text))
            } else {
                f
            }
        })
        .collect()
}

#[divan::bench(sample_count = 20)]
fn recheck_shipped_rules_on_an_edit(bencher: divan::Bencher) {
    let ws = Workspace::new(
        load_embedded().expect("shipped corpus"),
        shipped_rule_files(&CorpusFiles::shipped()),
    );
    let files = RuleFiles {
        base: edited(),
        proposal: None,
    };
    bencher.bench(|| ws.check(divan::black_box(&files)));
}

#[divan::bench]
fn format_cn_rules(bencher: divan::Bencher) {
    let cn = edited()
        .into_iter()
        .find(|f| f.name.ends_with("cn.rules"))
        .expect("cn.rules");
    bencher.bench(|| fmt::format(divan::black_box(&cn)));
}
