//! Scaling benchmarks for bad or big input: checking many rules, a long chain of shared
//! definitions (checked and classified, with its explanation), a scheme with many unknown
//! keys (loaded, and its capped report rendered), and proposals of many rules (applied over
//! the shipped rules, then a scheme classified, or schemes diffed, as the commands do).
//! Each runs at sizes ten times apart, so the growth can be read off: it should be linear.
//! `cargo bench --bench scaling`; `scripts/proposal-memory.sh` gives the peak memory of the
//! proposal commands.

use mutua::corpus::{load_embedded, Corpus, CorpusFiles, Jurisdiction};
use mutua::diagnostic::{cap_per_file, SourceFile, MAX_PER_FILE};
use mutua::rules::{self, RuleSet};
use mutua::scheme::Scheme;

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
        let ev = rules::evaluate(
            &set,
            Jurisdiction::from_code("cn").unwrap(),
            &scheme,
            date,
            &corpus,
            "en",
        );
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

/// A proposal of `n` rules over the Chinese rules: rule `r{i}` gives one of 20 outcomes
/// when more than `i` take part. All of them apply to Xiang Hu Bao (over 100 million
/// participants), in conflict; none is known to apply to a scheme that gives no count.
fn many_rule_proposal(n: usize) -> SourceFile {
    let mut text = String::from("proposal \"many rules\" extends cn\n");
    for i in 0..20 {
        text.push_str(&format!(
            "outcome o{i} kind insurance compliance licensed\n"
        ));
    }
    for i in 0..n {
        text.push_str(&format!(
            "rule r{i} -> o{}\n  when participants.count > {i}\n  cites cn/insurance-law/art-2\n",
            i % 20
        ));
    }
    SourceFile::new("many.rules", text)
}

/// The shipped rules with `proposal` applied, loaded as `classify` and `diff` load them.
fn with_proposal(corpus: &Corpus, proposal: &SourceFile) -> RuleSet {
    let base = rules::shipped_rule_files(&CorpusFiles::shipped());
    rules::check::without_whole_set_analysis(|| {
        rules::load_rules_with_proposals(&base, std::slice::from_ref(proposal), corpus)
    })
    .expect("the proposal applies")
}

/// Shipped schemes, read against `set`'s facts: the conflict (Xiang Hu Bao), an open answer
/// (the start-up), and three that the proposal leaves or changes.
fn schemes(set: &RuleSet) -> Vec<Scheme> {
    [
        "xiang-hu-bao-2019",
        "undetermined-startup",
        "cn-commercial-critical-illness",
        "backstop-online-plan",
        "cn-prefunded-pool-plan",
    ]
    .iter()
    .map(|name| {
        let path = format!("corpus/schemes/{name}.yaml");
        let text = std::fs::read_to_string(&path).expect("a shipped scheme");
        mutua::scheme::load_scheme(&SourceFile::new(path, text), &set.facts)
            .expect("the scheme loads")
    })
    .collect()
}

#[divan::bench(args = [100, 1_000, 10_000], sample_count = 3)]
fn classify_with_proposal(bencher: divan::Bencher, n: usize) {
    let corpus = corpus();
    let proposal = many_rule_proposal(n);
    bencher.bench(|| {
        let set = with_proposal(&corpus, &proposal);
        let scheme = schemes(&set).swap_remove(0);
        let date = scheme.as_of.expect("as_of");
        let evals: Vec<_> = set
            .jurisdictions()
            .into_iter()
            .map(|j| rules::evaluate(&set, j, &scheme, date, &corpus, "en"))
            .collect();
        mutua::report::classify::render(
            &scheme,
            &evals,
            &set.proposals,
            mutua::report::Format::Text,
        )
    });
}

#[divan::bench(args = [100, 1_000, 10_000], sample_count = 3)]
fn diff_with_proposal(bencher: divan::Bencher, n: usize) {
    let corpus = corpus();
    let proposal = many_rule_proposal(n);
    let base_files = rules::shipped_rule_files(&CorpusFiles::shipped());
    bencher.bench(|| {
        let base =
            rules::check::without_whole_set_analysis(|| rules::load_rules(&base_files, &corpus))
                .expect("the shipped rules check");
        let proposed = with_proposal(&corpus, &proposal);
        let schemes = schemes(&proposed);
        let mut report = rules::diff::DiffReport {
            proposals: proposed.proposals.clone(),
            schemes: schemes.len(),
            compared: 0,
            changes: Vec::new(),
            language: "en".into(),
        };
        for scheme in &schemes {
            let date = scheme.as_of.expect("as_of");
            let (changes, compared) = rules::diff::compare_scheme(
                &base,
                &proposed,
                scheme,
                date,
                &base.jurisdictions(),
                &corpus,
                "en",
            );
            report.compared += compared;
            for mut c in changes {
                c.keep_deciding_rules();
                report.changes.push(c);
            }
        }
        mutua::report::diff::render(&report, mutua::report::Format::Text)
    });
}
