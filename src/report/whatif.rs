//! `whatif` results: per jurisdiction, the answer now and each smallest set of fact changes
//! that gives another, with the reason the rules give for it.

use std::fmt::Write as _;

use serde_json::json;

use super::classify::{answer_line_in, value_text};
use super::words::Words;
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
    let words = Words::of(results.first().map_or("en", |w| w.now.language.as_str()));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{}",
        if md { "# " } else { "" },
        words.whatif_title(&scheme.name)
    );
    for w in results {
        let _ = writeln!(
            out,
            "\n{}{}",
            if md { "## " } else { "" },
            words.now(
                w.jurisdiction.info().name_in(words.code()),
                &answer_line_in(&w.now, words)
            )
        );
        if w.changes.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                words.no_change(crate::rules::whatif::MAX_CHANGES)
            );
        }
        // a rule's reason is given the first time it decides a change, then referred to
        let mut explained = std::collections::HashSet::new();
        for c in &w.changes {
            let _ = writeln!(out, "{}", change_line(c, md, words));
            if let Some(r) = deciding_rule(&c.to) {
                if !explained.insert(r.defined_at.clone()) {
                    let _ = writeln!(out, "    {}", words.as_above(&r.rule));
                    continue;
                }
                if let Some(b) = &r.because {
                    let mark = super::classify::fallback_mark(&r.because_language);
                    let _ = writeln!(out, "    {}", words.because(&format!("{mark}{b}")));
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
                "  {}",
                words.budget_spent(crate::rules::whatif::BUDGET)
            );
        }
    }
    if !md {
        out.push('\n');
        out.push_str(&super::provenance_line_in(words));
    }
    out
}

/// `  - if operator.bears_risk were false (now true): unregulated mutual aid; …`
fn change_line(c: &Change, md: bool, words: Words) -> String {
    let parts: Vec<String> = c
        .set
        .iter()
        .map(|(f, v)| {
            let now = c.now.get(f).cloned().flatten();
            let now = now.is_some().then(|| value_text(&now));
            words.were(f, &value_text(&Some(v.clone())), now.as_deref())
        })
        .collect();
    format!(
        "  {}{}",
        if md { "- " } else { "" },
        words.if_then(&parts, &answer_line_in(&c.to, words))
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
