//! The shipped corpus is compiled into the binary: rebuild when it changes, and hash its
//! instrument and rule files now, so that the search index's cache key costs nothing at run time.

#[path = "src/corpus/hash.rs"]
#[allow(dead_code)]
mod hash;

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=corpus");
    println!("cargo:rerun-if-changed=src/corpus/hash.rs");
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
