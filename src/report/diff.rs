//! `diff` results: every answer a proposal changes, with the deciding rule, its reasons and
//! citations before and after, as text for a terminal, JSON for programs or Markdown for a
//! memo.

use std::fmt::Write as _;

use serde_json::json;

use super::classify::{compliance_name, conditions, contested_line, kind_name, JsonContested};
use super::SCHEMA_VERSION;
use crate::report::Format;
use crate::rules::diff::{deciding_rule, Change, DiffReport};
use crate::rules::outcome::Evaluation;

/// Renders a diff report.
pub fn render(report: &DiffReport, format: Format) -> String {
    match format {
        Format::Json => json_report(report),
        Format::Text => text_report(report, false),
        Format::Markdown => text_report(report, true),
    }
}

/// The answer in short: outcome, kind, compliance, citations.
fn side(e: &Evaluation) -> serde_json::Value {
    json!({
        "outcome": e.outcome,
        "kind": e.kind,
        "compliance": e.compliance,
        "citations": e.citations,
        "contested": e.contested.iter().map(JsonContested::from).collect::<Vec<_>>(),
    })
}

/// The explanation: the deciding rule first, then the whole trace as `classify` gives it.
fn explanation(e: &Evaluation) -> serde_json::Value {
    json!({
        "deciding_rule": deciding_rule(e).map(|r| json!({
            "rule": r.rule,
            "outcome": r.outcome,
            "defined_at": r.defined_at,
            "because": r.because,
            "citations": r.cites.iter().map(|c| c.address.clone()).collect::<Vec<_>>(),
        })),
        "questions": e.undecided_by,
        "conflicts": e.conflicts,
        "warnings": e.warnings,
        "rules": e.rules,
    })
}

fn json_report(report: &DiffReport) -> String {
    let changes: Vec<serde_json::Value> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "scheme": c.scheme,
                "file": c.file,
                "jurisdiction": c.jurisdiction.code(),
                "as_of": c.after.as_of,
                "before": side(&c.before),
                "after": side(&c.after),
                "before_explanation": explanation(&c.before),
                "after_explanation": explanation(&c.after),
            })
        })
        .collect();
    let v = json!({
        "schema_version": SCHEMA_VERSION,
        "proposals": report.proposals.iter().map(|p| p.file.clone()).collect::<Vec<_>>(),
        "schemes": report.schemes,
        "compared": report.compared,
        "changes": changes,
    });
    super::to_json(v)
}

/// `kind; compliance (outcome)`
fn answer(e: &Evaluation) -> String {
    let outcome = e
        .outcome
        .as_deref()
        .map_or(String::new(), |o| format!(" (`{o}`)"));
    format!(
        "{}; {}{outcome}",
        kind_name(e.kind),
        compliance_name(e.compliance)
    )
}

/// One side of a change: the answer, the deciding rule with its reason, conditions and
/// citations, the facts that would decide an open answer, and the warnings.
fn side_text(out: &mut String, label: &str, e: &Evaluation, md: bool) {
    let (indent, item) = if md { ("  ", "- ") } else { ("          ", "") };
    if md {
        let _ = writeln!(out, "- **{label}:** {}", answer(e));
    } else {
        let _ = writeln!(out, "  {label:<7} {}", answer(e));
    }
    for c in &e.contested {
        let _ = writeln!(out, "{indent}{item}{}", contested_line(c, md));
    }
    match deciding_rule(e) {
        Some(r) => {
            let _ = writeln!(
                out,
                "{indent}{item}rule `{}` → {}  [{}]",
                r.rule, r.outcome, r.defined_at
            );
            if let Some(b) = &r.because {
                if md {
                    let _ = writeln!(out, "{indent}  *{b}*");
                } else {
                    let _ = writeln!(out, "{indent}  {b}");
                }
            }
            let sub = format!("{indent}  ");
            conditions(out, &r.conditions, &sub, md);
            let cites: Vec<String> = r.cites.iter().map(|c| c.address.clone()).collect();
            if !cites.is_empty() {
                let _ = writeln!(out, "{indent}{item}cites {}", cites.join(", "));
            }
        }
        None => {
            for (a, b) in &e.conflicts {
                let _ = writeln!(
                    out,
                    "{indent}{item}conflict: rules `{a}` and `{b}` both apply with different outcomes"
                );
            }
            if !e.undecided_by.is_empty() {
                let facts: Vec<&str> = e.undecided_by.iter().map(|m| m.fact.as_str()).collect();
                let _ = writeln!(
                    out,
                    "{indent}{item}facts that would decide it: {}",
                    facts.join(", ")
                );
            }
        }
    }
    for w in &e.warnings {
        let _ = writeln!(out, "{indent}{item}warning: {w}");
    }
}

fn change_text(out: &mut String, c: &Change, md: bool) {
    if md {
        let _ = writeln!(
            out,
            "## {}, {} (as of {})\n\n`{}`\n",
            c.scheme,
            c.jurisdiction.name(),
            c.after.as_of,
            c.file
        );
    } else {
        let _ = writeln!(
            out,
            "── {} · {} · as of {}  [{}]",
            c.scheme,
            c.jurisdiction.name(),
            c.after.as_of,
            c.file
        );
    }
    side_text(out, "before", &c.before, md);
    side_text(out, "after", &c.after, md);
    let _ = writeln!(out);
}

fn text_report(report: &DiffReport, md: bool) -> String {
    let mut out = String::new();
    if md {
        let _ = writeln!(out, "# What the proposal changes\n");
    }
    for p in &report.proposals {
        if md {
            let _ = writeln!(
                out,
                "- Proposal **{}** (`{}`), extends {}",
                p.title,
                p.file,
                p.jurisdiction.name()
            );
        } else {
            let _ = writeln!(
                out,
                "Proposal: {} ({}), extends {}",
                p.title,
                p.file,
                p.jurisdiction.name()
            );
        }
    }
    let n = report.changes.len();
    let plural = |k: usize, one: &'static str, many: &'static str| if k == 1 { one } else { many };
    let _ = writeln!(
        out,
        "{}{} {} compared ({} {} × jurisdictions); {} changed.\n",
        if md { "\n" } else { "" },
        report.compared,
        plural(report.compared, "answer", "answers"),
        report.schemes,
        plural(report.schemes, "scheme", "schemes"),
        if n == 0 {
            "none".to_string()
        } else {
            n.to_string()
        },
    );
    for c in &report.changes {
        change_text(&mut out, c, md);
    }
    if !md {
        out.push_str(&super::provenance_line());
    }
    out
}
