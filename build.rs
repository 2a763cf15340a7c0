//! The shipped corpus is compiled into the binary: rebuild when it changes, check it as
//! `mutua check` does (a broken instrument or rule file fails the build with its
//! file:line:col diagnostics), keep the loaded instruments and the checked rules, and hash
//! its instrument and rule files now, so that the search index's cache key costs nothing
//! at run time.
//!
//! Jieba's dictionary is compiled here too, from the word list jieba-rs itself ships
//! (`src/data/dict.txt` of the jieba-rs package this build uses), into an FST of word →
//! frequency that the binary holds as it is: opening it at run time parses nothing. See
//! `src/index/jieba.rs`.

#[path = "src/corpus/hash.rs"]
#[allow(dead_code)]
mod hash;

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=corpus");
    println!("cargo:rerun-if-changed=src/corpus/hash.rs");
    check_shipped_corpus();
    list_shipped_files();
    hash_shipped_corpus();
    jieba_dictionary();
}

/// Loads and checks the shipped corpus and rules with the crate's own loader and checker
/// (compiled for the build script by `law-build/`); on an error, prints the diagnostics and
/// fails the build. The loaded instruments are written to `OUT_DIR/shipped-corpus.msgpack`,
/// which the binary decodes instead of parsing the YAML (`corpus::load`), and the checked
/// rules with their diagnostics to `OUT_DIR/shipped-rules.msgpack`, which it decodes
/// instead of parsing and checking the rule files (`rules::prechecked`).
fn check_shipped_corpus() {
    match mutua_law_build::check_corpus(Path::new("corpus")) {
        Ok(checked) => {
            for warning in &checked.warnings {
                println!("cargo:warning={warning}");
            }
            let bytes = mutua_law_build::encode(&checked.corpus).unwrap_or_else(|e| {
                eprintln!("error: {e}");
                std::process::exit(1)
            });
            let rules = mutua_law_build::encode_rules(&checked).unwrap_or_else(|e| {
                eprintln!("error: {e}");
                std::process::exit(1)
            });
            let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
            let path = Path::new(&out).join("shipped-corpus.msgpack");
            std::fs::write(&path, bytes).expect("OUT_DIR is writable");
            let path = Path::new(&out).join("shipped-rules.msgpack");
            std::fs::write(&path, rules).expect("OUT_DIR is writable");
        }
        Err(rendered) => {
            eprintln!("{rendered}");
            eprintln!(
                "error: the shipped corpus does not pass `mutua check`: correct the files named above"
            );
            std::process::exit(1);
        }
    }
}

/// Lists the shipped corpus's files for the binary in `OUT_DIR/shipped-files.rs`: a Rust
/// slice of each file's path under `corpus/` and its text (`include_str!`), sorted by path.
/// The compiler checks once that each text is UTF-8, which `corpus::load` would otherwise
/// check at every start; a file that is not UTF-8 is left out, as a corpus folder's is.
fn list_shipped_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut out = String::from("&[\n");
    for (rel, path) in corpus_files(&root) {
        let bytes = std::fs::read(&path).expect("a corpus file is readable");
        if std::str::from_utf8(&bytes).is_err() {
            continue;
        }
        let path = path.to_str().expect("the corpus's path is UTF-8");
        out.push_str(&format!("    ({rel:?}, include_str!({path:?})),\n"));
    }
    out.push_str("]\n");
    let dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("shipped-files.rs"), out).expect("OUT_DIR is writable");
}

/// Every file under `root`, at any depth, as its `/`-separated path from `root` and its
/// full path, sorted by the former.
fn corpus_files(root: &Path) -> Vec<(String, std::path::PathBuf)> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).expect("the corpus folder is readable");
        for entry in entries {
            let path = entry.expect("a corpus folder entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .expect("under corpus/")
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, path));
        }
    }
    files.sort();
    files
}

/// Hashes the shipped instrument and rule files (`MUTUA_SHIPPED_CORPUS_HASH`,
/// `MUTUA_SHIPPED_RULES_HASH`).
fn hash_shipped_corpus() {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut rules: Vec<(String, Vec<u8>)> = Vec::new();
    for (rel, path) in corpus_files(Path::new("corpus")) {
        if hash::is_hashed_file(&rel) {
            files.push((
                rel,
                std::fs::read(&path).expect("a corpus file is readable"),
            ));
        } else if hash::is_rule_file(&rel) {
            rules.push((rel, std::fs::read(&path).expect("a rule file is readable")));
        }
    }
    files.sort();
    let digest = hash::content_hash(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    println!("cargo:rustc-env=MUTUA_SHIPPED_CORPUS_HASH={digest}");
    rules.sort();
    let rules_digest = hash::rules_hash(rules.iter().map(|(_, b)| b.as_slice()));
    println!("cargo:rustc-env=MUTUA_SHIPPED_RULES_HASH={rules_digest}");
}

/// The version of jieba-rs that `Cargo.toml` pins (`jieba-rs = { version = "=X.Y.Z", ... }`):
/// the package whose word list is compiled.
fn pinned_jieba_version() -> String {
    let manifest = std::fs::read_to_string("Cargo.toml").expect("Cargo.toml is readable");
    manifest
        .lines()
        .find(|l| l.trim_start().starts_with("jieba-rs ="))
        .and_then(|l| l.split("\"=").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("Cargo.toml pins jieba-rs to one version (version = \"=X.Y.Z\")")
        .to_string()
}

/// jieba-rs's `src/data/dict.txt`: `MUTUA_JIEBA_DICT` if set, else found where cargo unpacks
/// the jieba-rs package of the pinned version (its registry sources under `$CARGO_HOME`, or
/// beside this package when it is itself unpacked from a registry or vendored).
fn jieba_dict_path() -> std::path::PathBuf {
    println!("cargo:rerun-if-env-changed=MUTUA_JIEBA_DICT");
    println!("cargo:rerun-if-env-changed=CARGO_HOME");
    if let Some(path) = std::env::var_os("MUTUA_JIEBA_DICT") {
        return path.into();
    }
    let version = pinned_jieba_version();
    let package = format!("jieba-rs-{version}");
    let mut places: Vec<std::path::PathBuf> = Vec::new();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(home) = cargo_home {
        if let Ok(registries) = std::fs::read_dir(home.join("registry/src")) {
            places.extend(registries.flatten().map(|r| r.path().join(&package)));
        }
    }
    let here = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    if let Some(parent) = here.parent() {
        places.push(parent.join(&package));
        places.push(parent.join("jieba-rs"));
    }
    places
        .iter()
        .map(|p| p.join("src/data/dict.txt"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "jieba-rs {version}'s dictionary (src/data/dict.txt) was not found in {places:?}; \
                 set MUTUA_JIEBA_DICT to its path"
            )
        })
}

/// Compiles jieba's word list into `$OUT_DIR/jieba-dict.fst` (word → frequency) and its
/// total frequency into `MUTUA_JIEBA_TOTAL`, as jieba-rs reads the list: a line is a word,
/// a frequency (0 when missing) and a tag, split on white space; a word listed twice keeps
/// its last frequency, and every line counts towards the total.
fn jieba_dictionary() {
    let path = jieba_dict_path();
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).expect("jieba's dictionary is readable UTF-8");
    let mut words: Vec<(&str, u64)> = Vec::with_capacity(400_000);
    let mut total: u64 = 0;
    for line in text.lines() {
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq: u64 = fields
            .next()
            .map_or(0, |f| f.parse().expect("a frequency in jieba's dictionary"));
        total += freq;
        words.push((word, freq));
    }
    // stable: of a word listed twice, the later line comes last and is kept
    words.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut kept: Vec<(&str, u64)> = Vec::with_capacity(words.len());
    for (word, freq) in words {
        match kept.last_mut() {
            Some(last) if last.0 == word => last.1 = freq,
            _ => kept.push((word, freq)),
        }
    }
    let mut builder = tantivy_fst::MapBuilder::memory();
    for (word, freq) in &kept {
        builder.insert(word, *freq).expect("words in order");
    }
    let bytes = builder.into_inner().expect("the FST is built");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set"));
    std::fs::write(out.join("jieba-dict.fst"), bytes).expect("the FST is written");
    println!("cargo:rustc-env=MUTUA_JIEBA_TOTAL={total}");
    println!("cargo:rustc-env=MUTUA_JIEBA_WORDS={}", kept.len());
}
