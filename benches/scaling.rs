//! Scaling benchmarks for bad or big input: checking many rules, a long chain of shared
//! definitions (checked and classified, with its explanation), and a scheme with many
//! unknown keys (loaded, and its capped report rendered). Each runs at sizes ten times
//! apart, so the growth can be read off: it should be linear.
//! `cargo bench --bench scaling`.

use mutua::corpus::{load_embedded, Corpus, CorpusFiles, Jurisdiction};
use mutua::diagnostic::{cap_per_file, SourceFile, MAX_PER_FILE};
use mutua::rules::{self, RuleSet};

fn main() {
    divan::main();
}

fn corpus() -> Corpus {
    load_embedded().expect("shipped corpus")
}

fn facts_file() -> SourceFile {
    rules::shipped_rule_files(&CorpusFiles::shipped())
        .into_iter()
        .find(|f| f.name.ends_with("facts.rules"))
        .expect("facts.rules is shipped")
}

/// `n` rules, each with its own threshold, over 20 outcomes.
fn many_rules(n: usize) -> SourceFile {
    let mut text = String::from("jurisdiction cn\n");
    for i in 0..20 {
        text.push_str(&format!(
            "outcome o{i} kind insurance compliance licensed\n"
        ));
    }
    for i in 0..n {
        text.push_str(&format!(
            "rule r{i} -> o{}\n  when participants.count > {i} and benefits.enforceable\n  cites cn/insurance-law/art-2\n",
            i % 20
        ));
    }
    SourceFile::new("many.rules", text)
}

/// A chain of `n` definitions, each using the one before three times.
fn definition_chain(n: usize) -> SourceFile {
    let mut text = String::from(
        "jurisdiction cn\noutcome o kind insurance compliance licensed\ndefine d0 = benefits.enforceable cites cn/insurance-law/art-2\n",
    );
    for i in 1..n {
        text.push_str(&format!(
            "define d{i} = d{p} and not d{p} or d{p} cites cn/insurance-law/art-2\n",
            p = i - 1
        ));
    }
    text.push_str(&format!(
        "rule r -> o when d{} cites cn/insurance-law/art-2\n",
        n - 1
    ));
    SourceFile::new("chain.rules", text)
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3)]
fn check_rules(bencher: divan::Bencher, n: usize) {
    let corpus = corpus();
    let files = [facts_file(), many_rules(n)];
    bencher.bench(|| rules::load_rules(&files, &corpus).expect("the rules check"));
}

#[divan::bench(args = [100, 1_000, 10_000], sample_count = 3)]
fn check_definition_chain(bencher: divan::Bencher, n: usize) {
    let corpus = corpus();
    let files = [facts_file(), definition_chain(n)];
    bencher.bench(|| rules::load_rules(&files, &corpus).expect("the rules check"));
}

#[divan::bench(args = [100, 1_000, 10_000], sample_count = 3)]
fn classify_definition_chain(bencher: divan::Bencher, n: usize) {
    let corpus = corpus();
    let set: RuleSet =
        rules::load_rules(&[facts_file(), definition_chain(n)], &corpus).expect("the rules check");
    let text = "name: a plan\nas_of: 2019-11-27\nbenefits:\n  enforceable: false\n";
    let scheme = mutua::scheme::load_scheme(&SourceFile::new("plan.yaml", text), &set.facts)
        .expect("the scheme loads");
    bencher.bench(|| {
        let date = scheme.as_of.expect("as_of");
        let ev = rules::evaluate(&set, Jurisdiction::Cn, &scheme, date, &corpus, "en");
        mutua::report::classify::render(&scheme, &[ev], &[], mutua::report::Format::Text)
    });
}

#[divan::bench(args = [1_000, 10_000, 40_000], sample_count = 3)]
fn unknown_keys_report(bencher: divan::Bencher, n: usize) {
    let corpus = corpus();
    let set = rules::load_rules(&rules::shipped_rule_files(&CorpusFiles::shipped()), &corpus)
        .expect("the shipped rules check");
    let mut text = String::from("name: d\nas_of: 2019-11-27\n");
    for i in 0..n {
        text.push_str(&format!("k{i}: 1\n"));
    }
    let file = SourceFile::new("keys.yaml", text);
    bencher.bench(|| {
        let diags = mutua::scheme::load_scheme(&file, &set.facts).expect_err("unknown keys");
        cap_per_file(&diags, MAX_PER_FILE)
            .iter()
            .map(|d| d.render(false).len())
            .sum::<usize>()
    });
}
