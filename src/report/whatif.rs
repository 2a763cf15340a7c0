//! `whatif` results: per jurisdiction, the answer now and each smallest set of fact changes
//! that gives another, with the reason the rules give for it.

use std::fmt::Write as _;

use serde_json::json;

use super::classify::{answer_line, value_text};
use super::{to_json, SCHEMA_VERSION};
use crate::report::Format;
use crate::rules::diff::deciding_rule;
use crate::rules::whatif::{Change, WhatIf};
use crate::scheme::Scheme;

/// Renders the what-if results of one scheme.
pub fn render(scheme: &Scheme, results: &[WhatIf], format: Format) -> String {
    if format == Format::Json {
        return json_report(scheme, results);
    }
    let md = format == Format::Markdown;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{}: what would change the answer",
        if md { "# " } else { "" },
        scheme.name
    );
    for w in results {
        let _ = writeln!(
            out,
            "\n{}{} now: {}",
            if md { "## " } else { "" },
            w.jurisdiction.name(),
            answer_line(&w.now)
        );
        if w.changes.is_empty() {
            let _ = writeln!(
                out,
                "  No change of up to {} facts gives another answer.",
                crate::rules::whatif::MAX_CHANGES
            );
        }
        // a rule's reason is given the first time it decides a change, then referred to
        let mut explained = std::collections::HashSet::new();
        for c in &w.changes {
            let _ = writeln!(out, "{}", change_line(c, md));
            if let Some(r) = deciding_rule(&c.to) {
                if !explained.insert(r.defined_at.clone()) {
                    let _ = writeln!(out, "    rule `{}`, as above", r.rule);
                    continue;
                }
                if let Some(b) = &r.because {
                    let _ = writeln!(out, "    because: {b}");
                }
                let cites: Vec<String> = r.cites.iter().map(|p| p.address.clone()).collect();
                let _ = writeln!(
                    out,
                    "    rule `{}`  [{}]; cites {}",
                    r.rule,
                    r.defined_at,
                    cites.join(", ")
                );
            }
        }
        if w.exhausted_budget {
            let _ = writeln!(
                out,
                "  (the search stopped at its bound of {} evaluations: other changes may exist)",
                crate::rules::whatif::BUDGET
            );
        }
    }
    if !md {
        out.push('\n');
        out.push_str(&super::provenance_line());
    }
    out
}

/// `  - if operator.bears_risk were false (now true): unregulated mutual aid; …`
fn change_line(c: &Change, md: bool) -> String {
    let parts: Vec<String> = c
        .set
        .iter()
        .map(|(f, v)| {
            let now = c.now.get(f).cloned().flatten();
            format!(
                "{f} were {} (now {})",
                value_text(&Some(v.clone())),
                if now.is_some() {
                    value_text(&now)
                } else {
                    "not given".into()
                }
            )
        })
        .collect();
    format!(
        "  {}if {}: {}",
        if md { "- " } else { "" },
        parts.join(" and "),
        answer_line(&c.to)
    )
}

fn json_report(scheme: &Scheme, results: &[WhatIf]) -> String {
    let changes: Vec<serde_json::Value> = results
        .iter()
        .flat_map(|w| w.changes.iter())
        .map(|c| {
            let rule = deciding_rule(&c.to);
            json!({
                "jurisdiction": c.jurisdiction.code(),
                "to": {
                    "outcome": c.to.outcome,
                    "kind": c.to.kind,
                    "compliance": c.to.compliance,
                },
                "set": c.set,
                "now": c.now,
                "why": rule.map(|r| vec![json!({
                    "rule": r.rule,
                    "defined_at": r.defined_at,
                    "because": r.because,
                    "citations": r.cites.iter().map(|p| p.address.clone()).collect::<Vec<_>>(),
                })]).unwrap_or_default(),
            })
        })
        .collect();
    to_json(json!({
        "schema_version": SCHEMA_VERSION,
        "scheme": scheme.name,
        "now": results.iter().map(|w| json!({
            "jurisdiction": w.jurisdiction.code(),
            "outcome": w.now.outcome,
            "kind": w.now.kind,
            "compliance": w.now.compliance,
        })).collect::<Vec<_>>(),
        "changes": changes,
        "complete": results.iter().all(|w| !w.exhausted_budget),
    }))
}
