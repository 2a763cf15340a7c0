//! `mutua test` results: a line per case, the differences of each failing case with the
//! rule that decided and where the expectation is written, optional coverage, and the
//! closing line `N passed, N failed`; JSON for programs and JUnit XML for CI.

use std::fmt::Write as _;

use serde_json::json;

use super::{to_json, SCHEMA_VERSION};
use crate::cases::{CaseResult, CaseRun, Coverage};
use crate::report::{Format, Words};
use crate::rules::AppliedProposal;

/// The closing line: `N passed, N failed`.
pub fn closing_line(runs: &[CaseRun], words: Words) -> String {
    let passed = runs.iter().filter(|r| r.passed()).count();
    words.passed_failed(passed, runs.len() - passed)
}

/// Renders a suite's results (text or JSON; Markdown is the text).
pub fn render(
    runs: &[CaseRun],
    coverage: Option<&Coverage>,
    proposals: &[AppliedProposal],
    format: Format,
    words: Words,
) -> String {
    if format == Format::Json {
        return json_report(runs, coverage, proposals);
    }
    let color = crate::report::use_color();
    let mut out = String::new();
    for p in proposals {
        let _ = writeln!(
            out,
            "{}\n",
            words.proposed(
                &p.title,
                &p.file,
                p.jurisdiction.info().name_in(words.code())
            )
        );
    }
    for r in runs {
        let jurisdictions: Vec<&str> = r.answers.iter().map(|e| e.jurisdiction.as_str()).collect();
        match &r.result {
            CaseResult::Passed => {
                let _ = writeln!(
                    out,
                    "ok     {}  {}  [{}]",
                    r.file,
                    r.name,
                    jurisdictions.join(" ")
                );
            }
            CaseResult::Failed(mismatches) => {
                let _ = writeln!(out, "FAIL   {}  {}", r.file, r.name);
                for m in mismatches {
                    let _ = writeln!(
                        out,
                        "         {}",
                        words.mismatch(
                            &m.jurisdiction.to_string(),
                            &m.field.to_string(),
                            &m.expected.to_string(),
                            &m.actual.to_string(),
                            &m.expected_at.to_string()
                        )
                    );
                    if let Some(rule) = &m.decided_by {
                        let _ = writeln!(out, "           {}", words.decided_by(rule));
                    }
                }
            }
            CaseResult::Broken(diags) => {
                let _ = writeln!(out, "ERROR  {}  {}", r.file, words.cannot_run());
                for d in diags {
                    for line in d.render(color).lines() {
                        let _ = writeln!(out, "         {line}");
                    }
                }
            }
        }
    }
    if let Some(cov) = coverage {
        coverage_text(&mut out, cov, words);
    }
    let _ = writeln!(out, "\n{}", closing_line(runs, words));
    out
}

fn coverage_text(out: &mut String, cov: &Coverage, words: Words) {
    let _ = writeln!(out, "\n{}", words.coverage());
    let [never_decided, never_relied] = words.never();
    for (j, fired) in &cov.rules_fired {
        let never = &cov.rules_never_fired[j];
        let cited = &cov.provisions_cited[j];
        let never_cited = &cov.provisions_never_cited[j];
        let _ = writeln!(
            out,
            "  {j}{}{}",
            words.colon(),
            words.coverage_line(
                fired.len(),
                fired.len() + never.len(),
                cited.len(),
                cited.len() + never_cited.len()
            )
        );
        if !never.is_empty() {
            let _ = writeln!(out, "    {never_decided}{}", never.join(", "));
        }
        if !never_cited.is_empty() {
            let _ = writeln!(out, "    {never_relied}{}", never_cited.join(", "));
        }
    }
}

fn json_report(
    runs: &[CaseRun],
    coverage: Option<&Coverage>,
    proposals: &[AppliedProposal],
) -> String {
    let passed = runs.iter().filter(|r| r.passed()).count();
    let cases: Vec<serde_json::Value> = runs
        .iter()
        .map(|r| {
            let (status, failures, errors) = match &r.result {
                CaseResult::Passed => ("passed", json!([]), json!([])),
                CaseResult::Failed(m) => ("failed", json!(m), json!([])),
                CaseResult::Broken(d) => ("error", json!([]), json!(d)),
            };
            json!({
                "file": r.file,
                "name": r.name,
                "status": status,
                "jurisdictions": r.answers.iter().map(|e| e.jurisdiction.clone()).collect::<Vec<_>>(),
                "failures": failures,
                "errors": errors,
            })
        })
        .collect();
    to_json(json!({
        "schema_version": SCHEMA_VERSION,
        "proposals": proposals.iter().map(|p| p.file.clone()).collect::<Vec<_>>(),
        "passed": passed,
        "failed": runs.len() - passed,
        "cases": cases,
        "coverage": coverage,
    }))
}

/// The suite as JUnit XML: one test case per case file, a failure per mismatch.
pub fn junit(runs: &[CaseRun]) -> String {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new("mutua cases");
    for r in runs {
        let status = match &r.result {
            CaseResult::Passed => TestCaseStatus::success(),
            CaseResult::Failed(mismatches) => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                let lines: Vec<String> = mismatches
                    .iter()
                    .map(|m| {
                        format!(
                            "{} {}: expected {}, got {} (expected at {})",
                            m.jurisdiction, m.field, m.expected, m.actual, m.expected_at
                        )
                    })
                    .collect();
                s.set_message(lines.first().cloned().unwrap_or_default());
                s.set_description(lines.join("\n"));
                s
            }
            CaseResult::Broken(diags) => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                let text: Vec<String> = diags.iter().map(|d| d.render_plain()).collect();
                s.set_message("the case cannot be run");
                s.set_description(text.join("\n"));
                s
            }
        };
        let mut case = TestCase::new(
            if r.name.is_empty() {
                r.file.clone()
            } else {
                r.name.clone()
            },
            status,
        );
        case.set_classname(r.file.clone());
        suite.add_test_case(case);
    }
    let mut report = Report::new("mutua test");
    report.add_test_suite(suite);
    report.to_string().unwrap_or_default()
}
