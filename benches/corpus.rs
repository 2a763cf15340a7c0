//! Benchmarks: corpus loading, index building, warm queries and classification.
//! `cargo bench` runs them; `scripts/bench-cli.sh` times whole commands (cold process).
//! Set `MUTUA_BENCH_CORPUS=DIR` (e.g. an import of the LawRefBook data set) to measure
//! loading and index building at national scale as well.

use mutua::corpus::{load, load_embedded, Corpus, CorpusFiles, Jurisdiction};
use mutua::diagnostic::SourceFile;
use mutua::index::{build_in_ram, search, SearchOptions};

fn main() {
    divan::main();
}

fn shipped() -> Corpus {
    load_embedded().expect("shipped corpus")
}

#[divan::bench]
fn load_shipped_corpus() -> Corpus {
    load_embedded().unwrap()
}

#[divan::bench(sample_count = 10)]
fn build_index_in_ram(bencher: divan::Bencher) {
    let corpus = shipped();
    bencher.bench(|| build_in_ram(&corpus).unwrap());
}

#[divan::bench(args = ["非法经营商业保险业务", "mutual insurance organisation", "相互会社", "\"fortuitous event\""])]
fn query_warm(bencher: divan::Bencher, query: &str) {
    let index = build_in_ram(&shipped()).unwrap();
    let opts = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    bencher.bench(|| search(&index, query, &opts).unwrap());
}

#[divan::bench(args = ["xiang-hu-bao-2019", "undetermined-startup", "jp-members-only-kyosai-2009"])]
fn classify_all_jurisdictions(bencher: divan::Bencher, scheme: &str) {
    let corpus = shipped();
    let rule_files = mutua::rules::shipped_rule_files(&CorpusFiles::shipped());
    let rules = mutua::rules::load_rules(&rule_files, &corpus).unwrap();
    let path = format!(
        "{}/corpus/schemes/{scheme}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let scheme = mutua::scheme::load_scheme(&SourceFile::new(path, text), &rules.facts).unwrap();
    let date = scheme.as_of.unwrap();
    bencher.bench(|| {
        Jurisdiction::all()
            .into_iter()
            .map(|j| mutua::rules::evaluate(&rules, j, &scheme, date, &corpus, "en"))
    });
}

#[divan::bench(sample_count = 3)]
fn national_corpus_load_and_index(bencher: divan::Bencher) {
    let Some(dir) = std::env::var_os("MUTUA_BENCH_CORPUS") else {
        eprintln!("national_corpus_load_and_index: set MUTUA_BENCH_CORPUS=DIR to run it");
        return;
    };
    let files = CorpusFiles::from_dir(std::path::Path::new(&dir)).unwrap();
    bencher.bench(|| {
        let corpus = load::load(&files).unwrap();
        build_in_ram(&corpus).unwrap()
    });
}
