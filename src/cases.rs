//! Case suites: schemes with the answers they must get, run as tests of the rules.
//!
//! A case is a scheme file with an `expect:` block, or a file that names a scheme
//! (`scheme: ../schemes/x.yaml`, relative to the case file) and holds only the block:
//!
//! ```yaml
//! scheme: ../schemes/xiang-hu-bao-2019.yaml
//! expect:
//!   cn:
//!     kind: unregulated_mutual_aid
//!     compliance: no_licence_needed
//!     outcome: mutual_aid_plan                  # optional
//!     cites: [cn/insurance-law/art-2]           # optional: each must be relied on
//!     contested: []                             # optional: the contested readings' outcomes
//!     undecided_by: []                          # optional: the facts that would decide it
//!   ny: { kind: unregulated_mutual_aid, compliance: no_licence_needed }
//! ```
//!
//! Only the jurisdictions listed are checked. [`load_case`] reads a case (a malformed one
//! gives located diagnostics), [`run_case`] checks it against a rule set, and
//! [`expect_block`] writes the block that actual answers would pass, for `--update`.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use crate::corpus::locate::YamlPositions;
use crate::corpus::{Corpus, Jurisdiction};
use crate::diagnostic::{did_you_mean, Diagnostic, SourceFile};
use crate::rules::diff::deciding_rule;
use crate::rules::outcome::{Evaluation, Kind};
use crate::rules::RuleSet;
use crate::scheme::Scheme;

/// The top-level key of a case's expected answers.
pub const EXPECT_KEY: &str = "expect";
/// The top-level key that names the scheme a case file tests.
const SCHEME_KEY: &str = "scheme";

const KINDS: [&str; 4] = [
    "insurance",
    "mutual_insurance_society",
    "unregulated_mutual_aid",
    "undetermined",
];
const COMPLIANCES: [&str; 4] = ["licensed", "exempt", "no_licence_needed", "unlicensed"];
const FIELDS: [&str; 6] = [
    "kind",
    "compliance",
    "outcome",
    "cites",
    "contested",
    "undecided_by",
];

/// What one jurisdiction's answer must be.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// The canonical kind.
    pub kind: String,
    /// The compliance (`None` for an undetermined answer).
    pub compliance: Option<String>,
    /// The outcome's name, if the case pins it.
    pub outcome: Option<String>,
    /// Provisions the answer must rely on.
    pub cites: Vec<String>,
    /// The outcomes of the contested readings beside the answer, if the case pins them.
    pub contested: Option<Vec<String>>,
    /// The facts that would decide an open answer, if the case pins them.
    pub undecided_by: Option<Vec<String>>,
    /// `file:line` of each field, for messages (`kind` → `cases/x.yaml:12`).
    pub at: IndexMap<String, String>,
}

/// A case read from its file.
#[derive(Debug, Clone)]
pub struct Case {
    /// The case file.
    pub file: SourceFile,
    /// The scheme it tests (the case file itself, or the file it names).
    pub scheme: Scheme,
    /// The expected answers, by jurisdiction, in file order.
    pub expect: IndexMap<Jurisdiction, Expectation>,
}

/// One difference between an expected and an actual answer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Mismatch {
    /// `cn`, `ny` or `jp`.
    pub jurisdiction: String,
    /// Which field: `kind`, `compliance`, `outcome`, `cites`, `contested`, `undecided_by`.
    pub field: String,
    /// What the case expects.
    pub expected: String,
    /// What the rules answer.
    pub actual: String,
    /// `file:line` of the expectation.
    pub expected_at: String,
    /// The rule that decided the actual answer and where it is written, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
}

/// What running a case gave.
#[derive(Debug, Clone)]
pub enum CaseResult {
    /// Every expectation holds.
    Passed,
    /// Some do not.
    Failed(Vec<Mismatch>),
    /// The case could not be read or run.
    Broken(Vec<Diagnostic>),
}

/// A case with its result and the answers it got.
#[derive(Debug, Clone)]
pub struct CaseRun {
    /// The case file's name as given.
    pub file: String,
    /// The scheme's name (empty when the case could not be read).
    pub name: String,
    /// The result.
    pub result: CaseResult,
    /// The answers, one per jurisdiction checked.
    pub answers: Vec<Evaluation>,
}

impl CaseRun {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        matches!(self.result, CaseResult::Passed)
    }
}

/// The case files among `paths`: files as given, folders searched for `*.yaml`, sorted.
pub fn case_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(vec![Diagnostic::error(format!("{} does not exist", p.display()))
                .help("give case files (schemes with an `expect:` block) or folders of them, such as corpus/cases")]);
        }
        if !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
            .into_iter()
            .filter_map(Result::ok)
            .map(walkdir::DirEntry::into_path)
            .filter(|f| f.is_file() && f.extension().is_some_and(|x| x == "yaml"))
            .collect();
        if found.is_empty() {
            return Err(vec![Diagnostic::error(format!(
                "{} holds no case (*.yaml) file",
                p.display()
            ))
            .help("give case files, or a folder of them such as corpus/cases")]);
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Reads a case: its expectations and the scheme they are about.
pub fn load_case(file: &SourceFile, rules: &RuleSet) -> Result<Case, Vec<Diagnostic>> {
    let value: serde_yaml::Value = serde_yaml::from_str(&file.text).map_err(|e| {
        let d = Diagnostic::error(format!("this is not valid YAML: {e}"))
            .help("check the indentation and the `key: value` pairs around this place");
        vec![match e.location() {
            Some(l) => d.at(file.line_col(l.line(), l.column(), 1)),
            None => d.at(file.span(0..0)),
        }]
    })?;
    let positions = YamlPositions::of(&file.text);
    let at_path = |path: &str| match positions.get(path) {
        Some(p) => file.line_col(p.line, p.column, p.len.max(1)),
        None => file.line_col(1, 1, 0),
    };
    let Some(expect) = value.get(EXPECT_KEY) else {
        return Err(vec![Diagnostic::error(format!(
            "{} has no `expect:` block",
            file.name
        ))
        .at(file.line_col(1, 1, 0))
        .help("add the answers the scheme must get: `expect:` then, per jurisdiction, `kind:` and `compliance:`")]);
    };
    let scheme = match value.get(SCHEME_KEY) {
        Some(serde_yaml::Value::String(path)) => {
            let target = Path::new(&file.name)
                .parent()
                .unwrap_or(Path::new(""))
                .join(path);
            let text = std::fs::read_to_string(&target).map_err(|e| {
                vec![
                    Diagnostic::error(format!("cannot read the scheme {}: {e}", target.display()))
                        .at(at_path(SCHEME_KEY))
                        .help("`scheme:` names a scheme file relative to the case file"),
                ]
            })?;
            let source = SourceFile::new(target.display().to_string(), text);
            crate::scheme::load_scheme(&source, &rules.facts)?
        }
        Some(_) => {
            return Err(vec![Diagnostic::error("`scheme:` must be a file name")
                .at(at_path(SCHEME_KEY))
                .help(
                    "write the path of a scheme file, relative to the case file",
                )])
        }
        None => crate::scheme::load_scheme(file, &rules.facts)?,
    };
    let mut diags = Vec::new();
    let mut out = IndexMap::new();
    let registry = crate::corpus::jurisdictions::current();
    let keys = registry
        .codes()
        .iter()
        .map(|c| format!("`{c}:`"))
        .collect::<Vec<_>>()
        .join(", ");
    let first = registry.codes().first().copied().unwrap_or("CODE");
    let Some(map) = expect.as_mapping() else {
        return Err(vec![Diagnostic::error(format!(
            "`expect:` must list jurisdictions ({keys})"
        ))
        .at(at_path(EXPECT_KEY))
        .help(format!(
            "write `expect:` and, indented under it, `{first}:` with `kind:` and `compliance:`"
        ))]);
    };
    for (key, body) in map {
        let code = key.as_str().unwrap_or_default();
        let here = format!("{EXPECT_KEY}.{code}");
        let Some(j) = registry.get(code) else {
            diags.push(
                Diagnostic::error(format!("unknown jurisdiction `{code}` under `expect`"))
                    .at(at_path(&here))
                    .help(registry.help_for(code)),
            );
            continue;
        };
        match expectation(file, &positions, &here, body) {
            Ok(e) => {
                out.insert(j, e);
            }
            Err(d) => diags.extend(d),
        }
    }
    if out.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::error("`expect:` lists no jurisdiction")
                .at(at_path(EXPECT_KEY))
                .help(format!("add one of {keys} with the answer expected there")),
        );
    }
    if diags.is_empty() {
        Ok(Case {
            file: file.clone(),
            scheme,
            expect: out,
        })
    } else {
        Err(diags)
    }
}

/// One jurisdiction's expectation, checked field by field.
fn expectation(
    file: &SourceFile,
    positions: &YamlPositions,
    here: &str,
    body: &serde_yaml::Value,
) -> Result<Expectation, Vec<Diagnostic>> {
    let at = |path: &str| match positions.get(path) {
        Some(p) => file.line_col(p.line, p.column, p.len.max(1)),
        None => file.line_col(1, 1, 0),
    };
    let line = |path: &str| {
        positions.get(path).map_or_else(
            || file.name.clone(),
            |p| format!("{}:{}", file.name, p.line),
        )
    };
    let Some(map) = body.as_mapping() else {
        return Err(vec![Diagnostic::error(format!(
            "`{here}` must hold `kind:` and `compliance:`"
        ))
        .at(at(here))
        .help("indent `kind: …` and `compliance: …` under the jurisdiction")]);
    };
    let mut diags = Vec::new();
    let text = |key: &str| map.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let list = |key: &str| {
        map.get(key).map(|v| {
            v.as_sequence()
                .map(|s| {
                    s.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    for (key, _) in map {
        let k = key.as_str().unwrap_or_default();
        if !FIELDS.contains(&k) {
            diags.push(
                Diagnostic::error(format!("unknown key `{k}` in an expectation"))
                    .at(at(&format!("{here}.{k}")))
                    .help(did_you_mean(k, FIELDS).unwrap_or_else(|| {
                        format!("an expectation may say {}", FIELDS.join(", "))
                    })),
            );
        }
    }
    let kind = text("kind");
    match &kind {
        Some(k) if KINDS.contains(&k.as_str()) => {}
        Some(k) => diags.push(
            Diagnostic::error(format!("unknown kind `{k}`"))
                .at(at(&format!("{here}.kind")))
                .help(
                    did_you_mean(k, KINDS)
                        .unwrap_or_else(|| format!("the kinds are {}", KINDS.join(", "))),
                ),
        ),
        // a misspelt key has been reported already
        None if !diags.is_empty() => {}
        None => diags.push(
            Diagnostic::error(format!("`{here}` does not say the `kind` expected"))
                .at(at(here))
                .help(format!("add `kind:` with one of {}", KINDS.join(", "))),
        ),
    }
    let compliance = text("compliance");
    match (&compliance, kind.as_deref()) {
        (Some(c), _) if !COMPLIANCES.contains(&c.as_str()) => diags.push(
            Diagnostic::error(format!("unknown compliance `{c}`"))
                .at(at(&format!("{here}.compliance")))
                .help(
                    did_you_mean(c, COMPLIANCES)
                        .unwrap_or_else(|| format!("the values are {}", COMPLIANCES.join(", "))),
                ),
        ),
        (None, Some(k)) if k != "undetermined" => diags.push(
            Diagnostic::error(format!("`{here}` does not say the `compliance` expected"))
                .at(at(here))
                .help(format!(
                    "add `compliance:` with one of {}",
                    COMPLIANCES.join(", ")
                )),
        ),
        _ => {}
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let at_lines = FIELDS
        .iter()
        .map(|f| {
            let path = format!("{here}.{f}");
            let place = if map.contains_key(*f) {
                line(&path)
            } else {
                line(here)
            };
            (f.to_string(), place)
        })
        .collect();
    Ok(Expectation {
        kind: kind.unwrap_or_default(),
        compliance,
        outcome: text("outcome"),
        cites: list("cites").unwrap_or_default(),
        contested: list("contested"),
        undecided_by: list("undecided_by"),
        at: at_lines,
    })
}

/// The name serde gives a kind (`unregulated_mutual_aid`).
fn kind_code(kind: Kind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The name serde gives a compliance (`no_licence_needed`), if any.
fn compliance_code(e: &Evaluation) -> Option<String> {
    e.compliance
        .and_then(|c| serde_json::to_value(c).ok())
        .and_then(|v| v.as_str().map(str::to_string))
}

/// Evaluates a case's scheme in each jurisdiction it lists and compares the answers.
pub fn run_case(case: &Case, rules: &RuleSet, corpus: &Corpus, language: &str) -> CaseRun {
    let name = case.scheme.name.clone();
    let file = case.file.name.clone();
    let Some(as_of) = case.scheme.as_of else {
        return CaseRun {
            file,
            name,
            result: CaseResult::Broken(vec![Diagnostic::error(format!(
                "{} says no `as_of` date",
                case.scheme.source.name
            ))
            .help("add `as_of: YYYY-MM-DD` to the scheme")]),
            answers: Vec::new(),
        };
    };
    let mut mismatches = Vec::new();
    let mut answers = Vec::new();
    for (&j, expected) in &case.expect {
        if !rules.jurisdictions().contains(&j) {
            mismatches.push(Mismatch {
                jurisdiction: j.code().into(),
                field: "kind".into(),
                expected: expected.kind.clone(),
                actual: "no rules for this jurisdiction".into(),
                expected_at: expected.at["kind"].clone(),
                decided_by: None,
            });
            continue;
        }
        let e = crate::rules::evaluate(rules, j, &case.scheme, as_of, corpus, language);
        mismatches.extend(compare(j, expected, &e));
        answers.push(e);
    }
    CaseRun {
        file,
        name,
        result: if mismatches.is_empty() {
            CaseResult::Passed
        } else {
            CaseResult::Failed(mismatches)
        },
        answers,
    }
}

/// The differences between an expectation and an answer.
fn compare(j: Jurisdiction, expected: &Expectation, e: &Evaluation) -> Vec<Mismatch> {
    let decided_by =
        deciding_rule(e).map(|r| format!("rule `{}` → {}  [{}]", r.rule, r.outcome, r.defined_at));
    let mut out = Vec::new();
    let mut differs = |field: &str, want: String, got: String| {
        if want != got {
            out.push(Mismatch {
                jurisdiction: j.code().into(),
                field: field.into(),
                expected: want,
                actual: got,
                expected_at: expected.at.get(field).cloned().unwrap_or_default(),
                decided_by: decided_by.clone(),
            });
        }
    };
    let none = || "none".to_string();
    differs("kind", expected.kind.clone(), kind_code(e.kind));
    differs(
        "compliance",
        expected.compliance.clone().unwrap_or_else(none),
        compliance_code(e).unwrap_or_else(none),
    );
    if let Some(o) = &expected.outcome {
        differs("outcome", o.clone(), e.outcome.clone().unwrap_or_else(none));
    }
    let missing: Vec<&String> = expected
        .cites
        .iter()
        .filter(|c| !e.citations.contains(c))
        .collect();
    if !missing.is_empty() {
        differs(
            "cites",
            join(expected.cites.iter()),
            format!(
                "{} (missing: {})",
                join(e.citations.iter()),
                join(missing.into_iter())
            ),
        );
    }
    if let Some(want) = &expected.contested {
        let got: Vec<String> = e.contested.iter().map(|c| c.outcome.clone()).collect();
        differs(
            "contested",
            join(sorted(want).iter()),
            join(sorted(&got).iter()),
        );
    }
    if let Some(want) = &expected.undecided_by {
        let got: Vec<String> = e.undecided_by.iter().map(|m| m.fact.clone()).collect();
        differs(
            "undecided_by",
            join(sorted(want).iter()),
            join(sorted(&got).iter()),
        );
    }
    out
}

fn sorted(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}

fn join<'a>(items: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<&str> = items.map(String::as_str).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// The `expect:` block the answers would pass, in the order of `answers`: kind,
/// compliance, outcome, the provisions relied on, and the contested readings or the facts
/// that would decide it.
pub fn expect_block(answers: &[Evaluation]) -> String {
    let mut out = format!("{EXPECT_KEY}:\n");
    for e in answers {
        out.push_str(&format!(
            "  {}:\n    kind: {}\n",
            e.jurisdiction,
            kind_code(e.kind)
        ));
        if let Some(c) = compliance_code(e) {
            out.push_str(&format!("    compliance: {c}\n"));
        }
        if let Some(o) = &e.outcome {
            out.push_str(&format!("    outcome: {o}\n"));
        }
        if !e.citations.is_empty() {
            out.push_str(&format!("    cites: [{}]\n", e.citations.join(", ")));
        }
        let contested: Vec<&str> = e.contested.iter().map(|c| c.outcome.as_str()).collect();
        if !contested.is_empty() {
            out.push_str(&format!("    contested: [{}]\n", contested.join(", ")));
        }
        if e.outcome.is_none() {
            let facts: Vec<&str> = e.undecided_by.iter().map(|m| m.fact.as_str()).collect();
            out.push_str(&format!("    undecided_by: [{}]\n", facts.join(", ")));
        }
    }
    out
}

/// `text` with its top-level `expect:` block replaced by `block` (appended when it has
/// none). The block runs from the `expect:` line to the next line that starts at the
/// left margin with a key.
pub fn replace_expect_block(text: &str, block: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(&format!("{EXPECT_KEY}:")));
    let Some(start) = start else {
        let mut out = text.trim_end().to_string();
        out.push('\n');
        out.push_str(block);
        return out;
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| !l.is_empty() && !l.starts_with([' ', '#']))
        .map_or(lines.len(), |i| start + 1 + i);
    let mut out = String::new();
    for l in &lines[..start] {
        out.push_str(l);
        out.push('\n');
    }
    out.push_str(block);
    for l in &lines[end..] {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// Which rules decided answers and which provisions they relied on across a suite, per
/// jurisdiction, against all the rules and cited provisions of the rule set.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Coverage {
    /// Per jurisdiction code: the rules that decided at least one answer.
    pub rules_fired: IndexMap<String, Vec<String>>,
    /// Per jurisdiction code: the rules in force that never decided one.
    pub rules_never_fired: IndexMap<String, Vec<String>>,
    /// Per jurisdiction code: the provisions relied on at least once.
    pub provisions_cited: IndexMap<String, Vec<String>>,
    /// Per jurisdiction code: the provisions the rules cite that no answer relied on.
    pub provisions_never_cited: IndexMap<String, Vec<String>>,
}

/// The coverage of a suite's answers over `rules`.
pub fn coverage(runs: &[CaseRun], rules: &RuleSet) -> Coverage {
    let mut cov = Coverage::default();
    for j in rules.jurisdictions() {
        let Some(set) = rules.of(j) else { continue };
        let answers: Vec<&Evaluation> = runs
            .iter()
            .flat_map(|r| r.answers.iter())
            .filter(|e| e.jurisdiction == j.code())
            .collect();
        let fired: Vec<String> = set
            .rules
            .iter()
            .map(|r| r.name.clone())
            .filter(|name| {
                answers
                    .iter()
                    .any(|e| deciding_rule(e).is_some_and(|d| &d.rule == name))
            })
            .collect();
        let never: Vec<String> = set
            .rules
            .iter()
            .map(|r| r.name.clone())
            .filter(|n| !fired.contains(n))
            .collect();
        let mut all_cited: Vec<String> = Vec::new();
        for r in &set.rules {
            for c in r
                .cites
                .iter()
                .chain(r.contested.iter().flat_map(|c| c.cites.iter()))
            {
                if !all_cited.contains(c) {
                    all_cited.push(c.clone());
                }
            }
        }
        for d in set.definitions.values() {
            for c in &d.cites {
                if !all_cited.contains(c) {
                    all_cited.push(c.clone());
                }
            }
        }
        // relied on by an answer, or by a contested reading beside one
        let relied_on = |e: &Evaluation, c: &String| {
            e.citations.contains(c) || e.contested.iter().any(|r| r.citations.contains(c))
        };
        let cited: Vec<String> = all_cited
            .iter()
            .filter(|c| answers.iter().any(|e| relied_on(e, c)))
            .cloned()
            .collect();
        let never_cited: Vec<String> = all_cited
            .into_iter()
            .filter(|c| !cited.contains(c))
            .collect();
        let code = j.code().to_string();
        cov.rules_fired.insert(code.clone(), fired);
        cov.rules_never_fired.insert(code.clone(), never);
        cov.provisions_cited.insert(code.clone(), cited);
        cov.provisions_never_cited.insert(code, never_cited);
    }
    cov
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expect_block_is_replaced_in_place() {
        let text = "# a case\nname: x\nexpect:\n  cn:\n    kind: insurance\n\n  # note\nlater: 1\n";
        let out = replace_expect_block(text, "expect:\n  cn:\n    kind: undetermined\n");
        assert_eq!(
            out,
            "# a case\nname: x\nexpect:\n  cn:\n    kind: undetermined\nlater: 1\n"
        );
        let appended = replace_expect_block("name: x\n", "expect:\n  ny: {}\n");
        assert_eq!(appended, "name: x\nexpect:\n  ny: {}\n");
    }
}
