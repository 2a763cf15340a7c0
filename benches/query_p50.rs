//! In-process query latency on a corpus folder, for `scripts/bench-peers.sh`, which sets:
//! - `MUTUA_BENCH_CORPUS`: the corpus folder (e.g. an import of the LawRefBook data set);
//! - `MUTUA_BENCH_QUERIES`: the queries, one a line;
//! - `MUTUA_BENCH_EXPORT` (optional): write every provision's Chinese text there as JSON
//!   lines (`{"address", "text"}`), for a SQLite FTS5 table of the same articles.
//!
//! Prints one line a measure: `tantivy_p50_us QUERY MICROSECONDS` (the median of 200 runs of
//! `mutua::index::search`, snippets included, on the warm cached index), and the cost of
//! building the jieba dictionary, the only one a process makes.

use std::time::{Duration, Instant};

use mutua::index::{chinese, open_corpus_index, search, CorpusSource, SearchOptions};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let Some(dir) = std::env::var_os("MUTUA_BENCH_CORPUS") else {
        eprintln!("query_p50: set MUTUA_BENCH_CORPUS=DIR and MUTUA_BENCH_QUERIES (see scripts/bench-peers.sh)");
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let queries = std::env::var("MUTUA_BENCH_QUERIES").unwrap_or_default();
    if let Some(out) = std::env::var_os("MUTUA_BENCH_EXPORT") {
        let corpus = mutua::corpus::load_dir(&dir).expect("the corpus loads");
        let mut lines = String::new();
        for e in &corpus.entries {
            let p = corpus.provision(e);
            if let Some(t) = p.versions.last().and_then(|v| v.text.get("zh")) {
                lines.push_str(
                    &serde_json::json!({ "address": e.address, "text": t.text }).to_string(),
                );
                lines.push('\n');
            }
        }
        std::fs::write(out, lines).expect("the export is written");
    }
    let opened = open_corpus_index(CorpusSource::Dir(&dir)).expect("the index opens");
    let opts = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    // an English query loads no dictionary
    search(&opened.index, "mutual insurance", &opts).expect("the query runs");
    println!(
        "jieba_loaded_by_english_query {}",
        chinese::dictionary_loaded()
    );
    let start = Instant::now();
    let _ = chinese::load_dictionary();
    println!(
        "jieba_dictionary_ms {:.3}",
        start.elapsed().as_secs_f64() * 1e3
    );
    for q in queries.lines().map(str::trim).filter(|q| !q.is_empty()) {
        let mut times = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let hits = search(&opened.index, q, &opts).expect("the query runs");
            times.push(t.elapsed());
            std::hint::black_box(hits);
        }
        println!(
            "tantivy_p50_us {q} {:.0}",
            median(times).as_secs_f64() * 1e6
        );
    }
}
