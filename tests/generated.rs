//! The generated files the repository commits are the ones the code generates now:
//! `scripts/regenerate` rewrites them all. (The OpenAPI document is checked in
//! tests/web_app.rs, the README's examples in tests/readme.rs.)

mod common;

/// Every kind `mutua schema` prints, with the file that holds it.
const SCHEMAS: [&str; 3] = ["instrument", "annotation", "scheme"];

#[test]
fn each_committed_json_schema_is_the_one_generated() {
    let cache = tempfile::tempdir().unwrap();
    let mut stale = Vec::new();
    for kind in SCHEMAS {
        let out = common::mutua(cache.path())
            .args(["schema", kind])
            .output()
            .unwrap();
        assert!(out.status.success(), "mutua schema {kind} failed");
        let generated = common::json(&out);
        let file = format!("schema/{kind}.schema.json");
        let committed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        if committed != generated {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "{} out of date: run scripts/regenerate and commit the files",
        stale.join(", ")
    );
}

#[test]
fn every_schema_kind_the_command_offers_is_committed() {
    let cache = tempfile::tempdir().unwrap();
    let out = common::mutua(cache.path())
        .args(["schema", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    let offered: Vec<&str> = help
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(
        offered, SCHEMAS,
        "a schema kind is missing from tests/generated.rs and scripts/regenerate"
    );
}
