//! The search index cache through the binary: a warm query reads no corpus, a changed
//! corpus file is noticed, damage to any kind of index file is repaired, killed builds are
//! cleaned up, a read-only cache still serves, and an empty `MUTUA_CACHE_DIR` writes
//! nothing into the current folder.

mod common;

use std::path::{Path, PathBuf};

use common::{json, mutua};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lawrefbook-corpus")
}

/// A copy of the imported LawRefBook fixture that a test may change.
fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn addresses(cache: &Path, corpus: Option<&Path>, query: &str) -> Vec<String> {
    let mut cmd = mutua(cache);
    cmd.args(["search", query, "--format", "json", "--limit", "5"]);
    if let Some(c) = corpus {
        cmd.arg("--corpus").arg(c);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["address"].as_str().unwrap().to_string())
        .collect()
}

fn index_dirs(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(common::index_cache(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_dir()
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("index-")
        })
        .collect()
}

#[test]
fn the_shipped_corpus_hash_is_computed_at_build_time_as_at_run_time() {
    let files = mutua::corpus::CorpusFiles::shipped();
    assert_eq!(
        files.hash_files(),
        mutua::corpus::load::SHIPPED_CONTENT_HASH
    );
    assert_eq!(
        mutua::corpus::load_embedded().unwrap().content_hash,
        files.hash_files()
    );
}

#[test]
fn an_edited_provision_is_found_by_the_next_query() {
    let cache = tempfile::tempdir().unwrap();
    let corpus = corpus_copy();
    assert!(addresses(cache.path(), Some(corpus.path()), "社会保险").len() > 1);
    assert!(addresses(cache.path(), Some(corpus.path()), "独角兽互助").is_empty());
    // the warm query reuses the index
    assert!(addresses(cache.path(), Some(corpus.path()), "独角兽互助").is_empty());
    assert_eq!(index_dirs(cache.path()).len(), 1);
    let file = corpus.path().join("军人保险法-2012-04-27.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen("军人保险制度", "独角兽互助制度", 1);
    assert_ne!(text, edited, "the fixture holds the text to edit");
    std::fs::write(&file, edited).unwrap();
    let found = addresses(cache.path(), Some(corpus.path()), "独角兽互助");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("cn/军人保险法-2012-04-27/"),
        "{found:?}"
    );
}

/// Overwrites 64 bytes in the middle of the largest index file whose name ends with `ext`.
fn damage(cache: &Path, ext: &str) {
    let dir = &index_dirs(cache)[0];
    let file = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap_or_else(|| panic!("no {ext} file in {}", dir.display()));
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    let end = (mid + 64).min(bytes.len());
    bytes[mid.saturating_sub(64.min(mid))..end]
        .iter_mut()
        .for_each(|b| *b ^= 0xa5);
    std::fs::write(&file, bytes).unwrap();
}

#[test]
fn damage_to_any_index_file_is_repaired() {
    let kinds = [
        ".store",
        ".idx",
        ".pos",
        ".term",
        ".fieldnorm",
        ".fast",
        "meta.json",
    ];
    let reference = {
        let cache = tempfile::tempdir().unwrap();
        addresses(cache.path(), None, "保险公司")
    };
    for kind in kinds {
        // found at query time: the query rebuilds the index and answers as before
        let cache = tempfile::tempdir().unwrap();
        addresses(cache.path(), None, "保险公司");
        damage(cache.path(), kind);
        assert_eq!(
            addresses(cache.path(), None, "保险公司"),
            reference,
            "{kind}"
        );
        let out = mutua(cache.path())
            .args(["index", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(json(&out)["built"], false, "{kind}: the query repaired it");
        // found by `mutua index`, which checks every file
        damage(cache.path(), kind);
        let out = mutua(cache.path())
            .args(["index", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(json(&out)["built"], true, "{kind}: `index` rebuilds");
        assert_eq!(
            addresses(cache.path(), None, "保险公司"),
            reference,
            "{kind}"
        );
    }
}

#[test]
fn index_rebuild_builds_again() {
    let cache = tempfile::tempdir().unwrap();
    for (args, built) in [
        (vec!["index"], true),
        (vec!["index"], false),
        (vec!["index", "--rebuild"], true),
    ] {
        let out = mutua(cache.path())
            .args(args.iter().chain(&["--format", "json"]))
            .output()
            .unwrap();
        assert_eq!(json(&out)["built"], built, "{args:?}");
    }
}

#[test]
fn folders_left_by_killed_builds_are_removed() {
    let cache = tempfile::tempdir().unwrap();
    let root = common::index_cache(cache.path());
    let stale = root.join("mutua-build-0123456789abcdef01234567-999-1");
    let fresh = root.join("mutua-build-0123456789abcdef01234567-999-2");
    for dir in [&stale, &fresh] {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(".mutua-build"), "").unwrap();
        std::fs::write(dir.join("meta.json"), "{").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::open(&stale)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    let out = mutua(cache.path()).args(["index"]).output().unwrap();
    assert!(out.status.success());
    assert!(
        !stale.exists(),
        "a build killed two hours ago is cleaned up"
    );
    assert!(fresh.exists(), "a build that may still run is left alone");
}

#[test]
fn a_read_only_cache_serves_queries() {
    use std::os::unix::fs::PermissionsExt;
    let cache = tempfile::tempdir().unwrap();
    let reference = addresses(cache.path(), None, "相互保险");
    let set_mode = |mode: u32| {
        for entry in walkdir::WalkDir::new(cache.path()).contents_first(true) {
            let entry = entry.unwrap();
            let m = if entry.file_type().is_dir() {
                mode | 0o111
            } else {
                mode
            };
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(m)).unwrap();
        }
    };
    set_mode(0o444);
    if std::fs::write(cache.path().join("probe"), "x").is_ok() {
        set_mode(0o755);
        eprintln!("SKIPPED a_read_only_cache_serves_queries: this user (root?) can write to a read-only folder");
        return;
    }
    let found = addresses(cache.path(), None, "相互保险");
    set_mode(0o755);
    assert_eq!(found, reference);
}

#[test]
fn an_empty_cache_dir_setting_writes_nothing_here() {
    let here = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("mutua")
        .unwrap()
        .current_dir(here.path())
        .env("MUTUA_CACHE_DIR", "")
        .env("XDG_CACHE_HOME", home.path())
        .env("HOME", home.path())
        .args(["search", "相互保险", "--limit", "1"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_dir(here.path()).unwrap().count(), 0);
    assert!(home.path().join("mutua").is_dir());
}

#[test]
fn show_reads_provisions_of_an_imported_corpus() {
    let cache = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        // cold (builds the index and its instrument store), then warm
        let out = mutua(cache.path())
            .arg("show")
            .arg("--corpus")
            .arg(fixture())
            .args(["cn/军人保险法-2012-04-27/art-2", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = json(&out);
        assert!(v["text"]["zh"].as_str().unwrap().contains("军人保险制度"));
    }
    let out = mutua(cache.path())
        .arg("show")
        .arg("--corpus")
        .arg(fixture())
        .args(["cn/军人保险法-2012-04-27/art-999"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nearest addresses"));
}

#[test]
fn the_shipped_rules_hash_is_computed_at_build_time_as_at_run_time() {
    let files = mutua::corpus::CorpusFiles::shipped();
    let texts: Vec<_> = mutua::rules::shipped_rule_files(&files);
    assert_eq!(
        mutua::corpus::hash::rules_hash(texts.iter().map(|f| f.text.as_bytes())),
        mutua::corpus::load::SHIPPED_RULES_HASH
    );
}

/// An index written one instrument at a time from a corpus folder, as `mutua index` and a
/// first search write it, finds the same provisions, ranked and quoted alike, as the index
/// of the corpus loaded whole; the store beside it holds the instruments the corpus holds.
#[test]
fn a_folder_indexed_one_instrument_at_a_time_finds_what_the_whole_corpus_finds() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let queries = [
        "保险",
        "社会保险基金",
        "海上保险合同",
        "相互保险",
        "保険業",
        "mutual insurance",
        "fraternal benefit society",
        "保险法第一百八十一条",
    ];
    for dir in [fixture(), shipped] {
        let corpus = mutua::corpus::load_dir(&dir).unwrap();
        let whole = mutua::index::build_in_ram(&corpus).unwrap();

        let built = tempfile::tempdir().unwrap();
        let folder = mutua::corpus::CorpusFolder::read(&dir).unwrap();
        assert_eq!(folder.content_hash(), corpus.content_hash);
        let index = tantivy::Index::create_in_dir(built.path(), mutua::index::schema().0).unwrap();
        mutua::index::register_tokenizers(&index).unwrap();
        let mut builder = mutua::index::Builder::new(&index, built.path()).unwrap();
        // checked as it is indexed
        let in_order = folder
            .each_instrument(&mut |inst| builder.add(inst))
            .unwrap();
        assert!(in_order);
        builder.finish().unwrap();
        assert_eq!(folder.check().unwrap().provisions, corpus.entries.len());

        let opts = mutua::index::SearchOptions {
            limit: 20,
            ..Default::default()
        };
        let mut hits = 0;
        for query in queries {
            let expected = mutua::index::search(&whole, query, &opts).unwrap();
            hits += expected.hits.len();
            let found = mutua::index::search(&index, query, &opts).unwrap();
            assert_eq!(
                rounded_scores(serde_json::to_value(&found).unwrap()),
                rounded_scores(serde_json::to_value(&expected).unwrap()),
                "{query} in {}",
                dir.display()
            );
        }
        assert!(hits > 20, "{hits} hits in {}", dir.display());
        for inst in &corpus.instruments {
            let first = format!("{}/{}", inst.id, inst.provisions[0].path);
            let part = mutua::index::store::corpus_for_citation(
                built.path(),
                &corpus.content_hash,
                &first,
            )
            .unwrap();
            assert_eq!(part.instrument(&inst.id), Some(inst), "{first}");
        }
    }
}

/// A corpus folder whose instrument ids are not all written plainly on their `id:` lines
/// (one quoted with an escape) is indexed, by `mutua index`, as the loaded corpus is: the
/// same provisions found in the same order.
#[test]
fn an_id_written_with_an_escape_is_indexed_in_corpus_order() {
    let cache = tempfile::tempdir().unwrap();
    let corpus = corpus_copy();
    let path = corpus.path().join("社会保险法-2018-12-29.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // `\u793e` is 社: the line sorts before every other id's, the id after them
    let edited = text.replace(
        "\nid: cn/社会保险法-2018-12-29\n",
        "\nid: \"cn/\\u793e会保险法-2018-12-29\"\n",
    );
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    let loaded = mutua::corpus::load_dir(corpus.path()).unwrap();
    assert!(loaded.instrument("cn/社会保险法-2018-12-29").is_some());
    let out = mutua(cache.path())
        .args(["index", "--format", "json", "--corpus"])
        .arg(corpus.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out)["provisions"], loaded.entries.len());
    let whole = mutua::index::build_in_ram(&loaded).unwrap();
    let opts = mutua::index::SearchOptions {
        limit: 5,
        ..Default::default()
    };
    for query in ["社会保险", "保险", "军人", "社会保险基金"] {
        let expected: Vec<String> = mutua::index::search(&whole, query, &opts)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.address)
            .collect();
        assert!(!expected.is_empty(), "{query}");
        assert_eq!(
            addresses(cache.path(), Some(corpus.path()), query),
            expected,
            "{query}"
        );
    }
}

/// Search results with their scores to four decimals: an index built by several threads
/// holds its documents in several segments, and sums their statistics in another order, so
/// that a score may differ in its last bits.
fn rounded_scores(mut found: serde_json::Value) -> serde_json::Value {
    for hit in found["hits"].as_array_mut().into_iter().flatten() {
        if let Some(score) = hit["score"].as_f64() {
            hit["score"] = serde_json::json!(format!("{score:.4}"));
        }
    }
    found
}
