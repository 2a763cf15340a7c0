//! `mutua coverage`, through the binary: every provision of the covered instruments tagged
//! as a definition, exemption, licensing or transition is in the map; an `encoded` one
//! names rules whose `cites` really name it, and no other one is cited; the JSON shape;
//! and the map's errors, each at its file:line:col.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{json, mutua, without_provenance};

/// The instruments the map must cover.
const INSTRUMENTS: [&str; 5] = [
    "cn/insurance-law",
    "cn/pilot-measures",
    "ny/ins",
    "jp/iba",
    "jp/iba-order",
];

fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    mutua(dir).args(args).output().expect("binary runs")
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The addresses of the provisions of an instrument file whose concept tags make them a
/// definition, exclusion, exemption, licensing or transition provision, read from the YAML
/// itself.
fn tagged(file: &str) -> Vec<String> {
    fn walk(v: &serde_yaml::Value, prefix: &str, out: &mut Vec<String>) {
        for p in v.as_sequence().into_iter().flatten() {
            let address = format!("{prefix}/{}", p["path"].as_str().unwrap());
            let tags: Vec<&str> = p["concepts"]
                .as_sequence()
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str())
                .collect();
            if tags.iter().any(|t| {
                t.starts_with("definition.")
                    || t.starts_with("licensing")
                    || ["exemption", "exclusion", "transition"].contains(t)
            }) {
                out.push(address.clone());
            }
            walk(&p["children"], &address, out);
        }
    }
    let doc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let mut out = Vec::new();
    walk(&doc["provisions"], doc["id"].as_str().unwrap(), &mut out);
    out
}

/// A top-level declaration of a shipped rule file: jurisdiction, kind (`rule`,
/// `definition`, `warning`), name and whole text.
struct Declaration {
    jurisdiction: String,
    kind: &'static str,
    name: String,
    text: String,
}

/// Each top-level declaration of the shipped rule files (`rule NAME`, `define NAME`, `warn
/// NAME`) with its whole text, comments left out.
fn declarations() -> Vec<Declaration> {
    let mut out: Vec<Declaration> = Vec::new();
    for file in common::jurisdiction_codes() {
        let text = std::fs::read_to_string(format!("corpus/rules/{file}.rules")).unwrap();
        for line in text.lines().filter(|l| !l.trim_start().starts_with('#')) {
            let mut words = line.split_whitespace();
            let first = words.next().unwrap_or("");
            if !line.starts_with(' ') && !line.is_empty() {
                let kind = match first {
                    "rule" => "rule",
                    "define" => "definition",
                    "warn" => "warning",
                    _ => "",
                };
                out.push(Declaration {
                    jurisdiction: file.clone(),
                    kind,
                    name: words.next().unwrap_or("").to_string(),
                    text: String::new(),
                });
            }
            if let Some(last) = out.last_mut() {
                last.text.push_str(line);
                last.text.push('\n');
            }
        }
    }
    out
}

/// Whether `text` cites `address` or a part of it (`address/...`).
fn cites(text: &str, address: &str) -> bool {
    let Some(cites) = text.split_once("cites ").map(|(_, c)| c) else {
        return false;
    };
    cites.match_indices(address).any(|(i, _)| {
        let before = cites[..i].chars().last();
        let after = cites[i + address.len()..].chars().next();
        before.is_none_or(|c| c.is_whitespace() || c == ',')
            && after.is_none_or(|c| c.is_whitespace() || c == ',' || c == '/')
    })
}

/// The citing text of a declaration: a rule's own `cites` clause, or its contested
/// readings' (`arguably … cites …`).
fn citing_text(decl: &str, contested: bool) -> String {
    let parts: Vec<&str> = decl.split("arguably").collect();
    if contested {
        parts[1..].join("\n")
    } else {
        parts[0].to_string()
    }
}

#[test]
fn every_tagged_provision_of_the_five_instruments_is_in_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&run(dir.path(), &["coverage", "--format", "json"]));
    let ids: Vec<&str> = v["instruments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    for id in INSTRUMENTS {
        assert!(ids.contains(&id), "{id} is not in the map: {ids:?}");
    }
    let listed: BTreeSet<&str> = v["instruments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["provisions"].as_array().unwrap())
        .filter_map(|p| p["address"].as_str())
        .collect();
    let files = [
        "corpus/cn/insurance-law.yaml",
        "corpus/cn/pilot-measures.yaml",
        "corpus/ny/ins.yaml",
        "corpus/jp/iba.yaml",
        "corpus/jp/iba-order.yaml",
    ];
    let mut checked = 0;
    for file in files {
        for address in tagged(file) {
            assert!(listed.contains(address.as_str()), "{address} is not listed");
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} tagged provisions");
    // the articles of the Insurance Law that define, license or set a transition, beyond
    // those tagged
    for art in [3, 12, 16, 28, 70, 73, 95, 181, 182, 183, 184, 185] {
        let address = format!("cn/insurance-law/art-{art}");
        assert!(listed.contains(address.as_str()), "{address} is not listed");
    }
    // New York's service contracts, and what § 1101(b), Article 79 and Japan's amending
    // Acts hold that the corpus lacks
    for address in ["ny/ins/s-7902", "ny/ins/s-7903/a", "ny/ins/s-7907"] {
        assert!(listed.contains(address), "{address} is not listed");
    }
    for address in ["ny/ins/s-1101/b/3-a", "ny/ins/s-7901/b"] {
        let row = v["instruments"][2]["provisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["address"] == address)
            .unwrap_or_else(|| panic!("{address} is not listed"));
        assert_eq!(row["status"], "not_held", "{row}");
    }
    let jp_transitions = v["instruments"][3]["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["role"] == "transition" && p["status"] == "not_held")
        .count();
    assert!(jp_transitions >= 2, "{jp_transitions}");
}

#[test]
fn an_encoded_provision_names_rules_that_cite_it_and_no_other_is_cited() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&run(dir.path(), &["coverage", "--format", "json"]));
    let decls = declarations();
    let mut encoded = 0;
    for p in v["instruments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["provisions"].as_array().unwrap())
    {
        let Some(address) = p["address"].as_str() else {
            continue;
        };
        let cited_by: Vec<&Declaration> = decls
            .iter()
            .filter(|d| {
                cites(&citing_text(&d.text, false), address)
                    || cites(&citing_text(&d.text, true), address)
            })
            .collect();
        if p["status"] != "encoded" {
            assert!(
                cited_by.is_empty(),
                "{address} is {} but {:?} cite it",
                p["status"],
                cited_by.iter().map(|d| &d.name).collect::<Vec<_>>()
            );
            assert_eq!(p["encoded_by"], serde_json::json!([]), "{p}");
            continue;
        }
        encoded += 1;
        let by = p["encoded_by"].as_array().unwrap();
        assert!(!by.is_empty(), "{p}");
        for citer in by {
            let kind = citer["kind"].as_str().unwrap();
            let name = citer["name"].as_str().unwrap();
            let (decl_kind, contested) = match kind {
                "contested_reading" => ("rule", true),
                k => (k, false),
            };
            let jurisdiction = citer["jurisdiction"].as_str().unwrap();
            let decl = decls
                .iter()
                .find(|d| d.jurisdiction == jurisdiction && d.kind == decl_kind && d.name == name)
                .unwrap_or_else(|| panic!("{address}: no {decl_kind} {name} in the rules"));
            let text = citing_text(&decl.text, contested);
            assert!(
                cites(&text, address),
                "{address}: {kind} {name} does not cite it:\n{text}"
            );
            for cited in citer["cites"].as_array().unwrap() {
                let cited = cited.as_str().unwrap();
                assert!(
                    cited == address || cited.starts_with(&format!("{address}/")),
                    "{cited} is not within {address}"
                );
                assert!(cites(&text, cited), "{kind} {name} does not cite {cited}");
            }
        }
    }
    assert!(encoded > 40, "only {encoded} encoded");
}

#[test]
fn the_json_report_has_a_fixed_shape() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&run(
        dir.path(),
        &["coverage", "--jurisdiction", "jp", "--format", "json"],
    ));
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["jurisdiction"], "jp");
    assert!(v["provenance"]["corpus_hash"].is_string(), "{v}");
    assert!(v["provenance"]["rules_hash"].is_string(), "{v}");
    let statuses = [
        "encoded",
        "not_encoded",
        "inert",
        "out_of_scope",
        "not_held",
    ];
    let keys =
        |o: &serde_json::Value| -> Vec<String> { o.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&v["totals"]), statuses);
    let instruments = v["instruments"].as_array().unwrap();
    let ids: Vec<&str> = instruments
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["jp/iba", "jp/iba-order"]);
    let mut sum = 0;
    for inst in instruments {
        assert_eq!(
            keys(inst),
            ["id", "title", "jurisdiction", "totals", "provisions"]
        );
        assert_eq!(inst["jurisdiction"], "jp");
        let rows = inst["provisions"].as_array().unwrap();
        let counted: u64 = statuses
            .iter()
            .map(|s| inst["totals"][s].as_u64().unwrap())
            .sum();
        assert_eq!(counted as usize, rows.len());
        sum += rows.len();
        for row in rows {
            assert_eq!(
                keys(row),
                [
                    "address",
                    "caption",
                    "role",
                    "status",
                    "encoded_by",
                    "reason",
                    "note"
                ],
                "{row}"
            );
            let status = row["status"].as_str().unwrap();
            assert!(statuses.contains(&status), "{row}");
            assert!(
                ["defines", "excludes", "exempts", "licenses", "transition"]
                    .contains(&row["role"].as_str().unwrap()),
                "{row}"
            );
            assert!(!row["caption"].as_str().unwrap().is_empty(), "{row}");
            let has_reason = row["reason"].is_string();
            assert_eq!(
                has_reason,
                ["inert", "out_of_scope", "not_held"].contains(&status),
                "{row}"
            );
            if row["address"].is_null() {
                assert_eq!(status, "not_held", "{row}");
            }
            for citer in row["encoded_by"].as_array().unwrap() {
                assert_eq!(keys(citer), ["kind", "name", "jurisdiction", "cites"]);
                assert_eq!(citer["jurisdiction"], "jp");
            }
        }
    }
    let total: u64 = statuses
        .iter()
        .map(|s| v["totals"][s].as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, sum);
}

#[test]
fn text_and_markdown_give_a_table_per_instrument() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(&run(dir.path(), &["coverage", "-j", "cn"]));
    let body = without_provenance(&text);
    assert!(
        body.contains("── cn/insurance-law: Insurance Law of the People's Republic of China"),
        "{body}"
    );
    assert!(!body.contains("ny/ins"), "{body}");
    let art2 = body
        .split("\ncn/insurance-law/art-2 ")
        .nth(1)
        .expect("art. 2 listed");
    let art2: Vec<&str> = art2.lines().take(3).collect();
    assert!(
        art2[0].contains("defines") && art2[0].ends_with("encoded"),
        "{art2:?}"
    );
    assert!(
        art2[2].starts_with("    by: rules ") && art2[2].contains(" commercial_insurer,"),
        "{art2:?}"
    );
    let md = stdout(&run(
        dir.path(),
        &["coverage", "-j", "cn", "--format", "markdown"],
    ));
    assert!(
        md.contains(
            "| address | caption | role | status | rules or reason |\n|---|---|---|---|---|\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("| `cn/pilot-measures/art-5` | Article 5 [Approval and registration] | licenses | encoded | rules `approved_mutual_pilot`"),
        "{md}"
    );
    assert!(
        md.contains(
            "| `cn/insurance-law/art-185` | Article 185 | transition | out of scope | Commencement"
        ),
        "{md}"
    );
}

/// A copy of the shipped corpus whose map is `edit`ed, in `dir/corpus`.
fn corpus_with_map(dir: &Path, edit: impl Fn(&str) -> String) -> std::path::PathBuf {
    let root = dir.join("corpus");
    common::copy_dir(Path::new("corpus"), &root);
    let map = root.join("coverage.yaml");
    let text = std::fs::read_to_string(&map).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing");
    std::fs::write(&map, edited).unwrap();
    root
}

/// The 1-based line and column of `needle` in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not found"));
    let line = text[..at].matches('\n').count() + 1;
    let col = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// Runs `coverage` on a corpus whose map is edited, and returns its stderr after checking
/// that it failed as bad input.
fn map_error(edit: impl Fn(&str) -> String) -> (String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus_with_map(dir.path(), edit);
    let out = run(
        dir.path(),
        &["coverage", "--corpus", root.to_str().unwrap()],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let map = root.join("coverage.yaml");
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        std::fs::read_to_string(&map).unwrap(),
        map.display().to_string(),
    )
}

#[test]
fn a_provision_the_rules_cite_cannot_be_called_inert() {
    let (stderr, map, file) = map_error(|t| {
        t.replacen(
            "      - {address: cn/insurance-law/art-2, role: defines}\n",
            "      - address: cn/insurance-law/art-2\n        role: defines\n        inert: \"no bearing\"\n",
            1,
        )
    });
    let (line, col) = line_col(&map, "\"no bearing\"");
    assert!(
        stderr.contains(&format!(
            "{file}:{line}:{col}: `cn/insurance-law/art-2` is marked inert, but the rules cite it: rule `commercial_insurer`, rule `mutual_aid`, "
        )),
        "{stderr}"
    );
    assert!(stderr.contains("Help: remove `inert:`"), "{stderr}");
}

#[test]
fn a_provision_a_contested_reading_cites_cannot_be_out_of_scope() {
    let (stderr, map, file) = map_error(|t| {
        t.replacen(
            "      - {address: ny/ins/s-1101/b/1/C, role: defines}\n",
            "      - {address: ny/ins/s-1101/b/1/C, role: defines, out_of_scope: \"fees\"}\n",
            1,
        )
    });
    let (line, col) = line_col(&map, "\"fees\"");
    assert!(
        stderr.contains(&format!(
            "{file}:{line}:{col}: `ny/ins/s-1101/b/1/C` is marked out of scope, but the rules cite it: contested reading of rule `no_obligation`"
        )),
        "{stderr}"
    );
}

#[test]
fn the_map_never_says_encoded_itself() {
    let (stderr, map, file) = map_error(|t| {
        t.replacen(
            "      - {address: cn/insurance-law/art-67, role: licenses}\n",
            "      - {address: cn/insurance-law/art-67, role: licenses, encoded: yes}\n",
            1,
        )
    });
    let (line, col) = line_col(&map, "yes}");
    assert!(
        stderr.contains(&format!(
            "{file}:{line}:{col}: `encoded` is not written in the map: it is computed from the rules' citations"
        )),
        "{stderr}"
    );
}

#[test]
fn a_tagged_provision_left_out_of_the_map_is_an_error() {
    let (stderr, map, file) = map_error(|t| {
        t.replacen(
            "      - {address: jp/iba/art-2/para-17, role: defines}\n",
            "",
            1,
        )
    });
    let (line, col) = line_col(&map, "jp/iba\n");
    assert!(
        stderr.contains(&format!(
            "{file}:{line}:{col}: `jp/iba/art-2/para-17` is tagged definition.small_amount but the map does not list it"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "Help: add `- {address: jp/iba/art-2/para-17, role: ROLE}` to jp/iba's provisions"
        ),
        "{stderr}"
    );
}

#[test]
fn addresses_must_exist_unless_not_held_and_not_held_ones_must_not() {
    let (stderr, map, file) = map_error(|t| {
        t.replacen(
            "      - {address: cn/insurance-law/art-67, role: licenses}\n",
            "      - {address: cn/insurance-law/art-67, role: licenses}\n      - {address: cn/insurance-law/art-186, role: transition}\n      - {address: cn/insurance-law/art-1, caption: Article 1, role: defines, not_held: \"not held\"}\n",
            1,
        )
    });
    let (line, col) = line_col(&map, "cn/insurance-law/art-186");
    assert!(
        stderr.contains(&format!(
            "{file}:{line}:{col}: `cn/insurance-law/art-186` is not a provision of the corpus"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("If the statute has it and the corpus does not, add `not_held"),
        "{stderr}"
    );
    let (line, col) = line_col(&map, "\"not held\"");
    assert!(
        stderr.contains(&format!(
            "{file}:{line}:{col}: `cn/insurance-law/art-1` is marked not held, but the corpus holds it"
        )),
        "{stderr}"
    );
}

#[test]
fn the_map_is_not_an_instrument_and_a_corpus_without_one_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = corpus_with_map(dir.path(), |t| format!("{t}\n"));
    // the other commands read a corpus folder holding the map without taking it for an
    // instrument file
    let out = run(
        dir.path(),
        &[
            "show",
            "--corpus",
            root.to_str().unwrap(),
            "cn/insurance-law/art-2",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(root.join("coverage.yaml")).unwrap();
    let out = run(
        dir.path(),
        &["coverage", "--corpus", root.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "the corpus {} has no coverage.yaml",
            root.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("docs/coverage.md"), "{stderr}");
}
