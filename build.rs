//! The shipped corpus is compiled into the binary: rebuild when it changes, check it as
//! `mutua check` does (a broken instrument or rule file fails the build with its
//! file:line:col diagnostics), and hash its instrument and rule files now, so that the
//! search index's cache key costs nothing at run time.

#[path = "src/corpus/hash.rs"]
#[allow(dead_code)]
mod hash;

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=corpus");
    println!("cargo:rerun-if-changed=src/corpus/hash.rs");
    check_shipped_corpus();
    hash_shipped_corpus();
}

/// Loads and checks the shipped corpus and rules with the crate's own loader and checker
/// (compiled for the build script by `law-build/`); on an error, prints the diagnostics and
/// fails the build. The loaded instruments are written to `OUT_DIR/shipped-corpus.msgpack`,
/// which the binary decodes instead of parsing the YAML (`corpus::load`).
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
            let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
            let path = Path::new(&out).join("shipped-corpus.msgpack");
            std::fs::write(&path, bytes).expect("OUT_DIR is writable");
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

/// Hashes the shipped instrument and rule files (`MUTUA_SHIPPED_CORPUS_HASH`,
/// `MUTUA_SHIPPED_RULES_HASH`).
fn hash_shipped_corpus() {
    let root = Path::new("corpus");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut rules: Vec<(String, Vec<u8>)> = Vec::new();
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
            if hash::is_hashed_file(&rel) {
                files.push((
                    rel,
                    std::fs::read(&path).expect("a corpus file is readable"),
                ));
            } else if hash::is_rule_file(&rel) {
                rules.push((rel, std::fs::read(&path).expect("a rule file is readable")));
            }
        }
    }
    files.sort();
    let digest = hash::content_hash(files.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    println!("cargo:rustc-env=MUTUA_SHIPPED_CORPUS_HASH={digest}");
    rules.sort();
    let rules_digest = hash::rules_hash(rules.iter().map(|(_, b)| b.as_slice()));
    println!("cargo:rustc-env=MUTUA_SHIPPED_RULES_HASH={rules_digest}");
}
