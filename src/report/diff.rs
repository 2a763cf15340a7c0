//! `diff` results: every answer a proposal changes, with the deciding rule, its reasons and
//! citations before and after, as text for a terminal, JSON for programs or Markdown for a
//! memo.

use std::fmt::Write as _;

use super::words::Words;

use serde::Serialize;

use super::classify::{conditions, contested_line, write_conflict, JsonContested};
use super::SCHEMA_VERSION;
use crate::report::Format;
use crate::rules::diff::{deciding_rule, Change, DiffReport};
use crate::rules::outcome::{
    Compliance, ConflictingOutcome, Evaluation, Kind, MissingFact, RuleTrace,
};

/// Renders a diff report.
pub fn render(report: &DiffReport, format: Format) -> String {
    match format {
        Format::Json => json_report(report),
        Format::Text => text_report(report, false),
        Format::Markdown => text_report(report, true),
    }
}

/// The JSON report, serialised straight from the changes: a diff over thousands of rules
/// runs to hundreds of megabytes, and a `serde_json::Value` of it first cost several times
/// that.
#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    proposals: Vec<&'a str>,
    schemes: usize,
    compared: usize,
    changes: Vec<JsonChange<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<&'static super::Provenance>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    scheme: &'a str,
    file: &'a str,
    jurisdiction: &'a str,
    as_of: chrono::NaiveDate,
    before: JsonSide<'a>,
    after: JsonSide<'a>,
    before_explanation: JsonExplanation<'a>,
    after_explanation: JsonExplanation<'a>,
}

/// The answer in short: outcome, kind, compliance, citations.
#[derive(Serialize)]
struct JsonSide<'a> {
    outcome: &'a Option<String>,
    kind: Kind,
    compliance: Option<Compliance>,
    citations: &'a [String],
    contested: Vec<JsonContested<'a>>,
}

impl<'a> From<&'a Evaluation> for JsonSide<'a> {
    fn from(e: &'a Evaluation) -> Self {
        JsonSide {
            outcome: &e.outcome,
            kind: e.kind,
            compliance: e.compliance,
            citations: &e.citations,
            contested: e.contested.iter().map(JsonContested::from).collect(),
        }
    }
}

/// The explanation: the deciding rule first, then the whole trace as `classify` gives it.
#[derive(Serialize)]
struct JsonExplanation<'a> {
    deciding_rule: Option<JsonDecidingRule<'a>>,
    questions: &'a [MissingFact],
    conflicts: &'a [ConflictingOutcome],
    warnings: &'a [String],
    rules: &'a [RuleTrace],
}

#[derive(Serialize)]
struct JsonDecidingRule<'a> {
    rule: &'a str,
    outcome: &'a str,
    defined_at: &'a str,
    because: &'a Option<String>,
    citations: Vec<&'a str>,
}

impl<'a> From<&'a Evaluation> for JsonExplanation<'a> {
    fn from(e: &'a Evaluation) -> Self {
        JsonExplanation {
            deciding_rule: deciding_rule(e).map(|r| JsonDecidingRule {
                rule: &r.rule,
                outcome: &r.outcome,
                defined_at: &r.defined_at,
                because: &r.because,
                citations: r.cites.iter().map(|c| c.address.as_str()).collect(),
            }),
            questions: &e.undecided_by,
            conflicts: &e.conflicts,
            warnings: &e.warnings,
            rules: &e.rules,
        }
    }
}

fn json_report(report: &DiffReport) -> String {
    super::write_json(&JsonReport {
        schema_version: SCHEMA_VERSION,
        proposals: report.proposals.iter().map(|p| p.file.as_str()).collect(),
        schemes: report.schemes,
        compared: report.compared,
        changes: report
            .changes
            .iter()
            .map(|c| JsonChange {
                scheme: &c.scheme,
                file: &c.file,
                jurisdiction: c.jurisdiction.code(),
                as_of: c.after.as_of,
                before: JsonSide::from(&c.before),
                after: JsonSide::from(&c.after),
                before_explanation: JsonExplanation::from(&c.before),
                after_explanation: JsonExplanation::from(&c.after),
            })
            .collect(),
        provenance: super::provenance(),
    })
}

/// `kind; compliance (outcome)`, in the evaluation's language.
fn answer(e: &Evaluation) -> String {
    let w = Words::of(&e.language);
    let outcome = e
        .outcome
        .as_deref()
        .map_or(String::new(), |o| format!(" (`{o}`)"));
    format!(
        "{}{}{}{outcome}",
        w.kind_in(e.kind, &e.jurisdiction),
        if w == Words::En { "; " } else { "；" },
        w.compliance_in(e.compliance, &e.jurisdiction)
    )
}

/// One side of a change: the answer, the deciding rule with its reason, conditions and
/// citations, the facts that would decide an open answer, and the warnings.
fn side_text(out: &mut String, label: &str, e: &Evaluation, md: bool) {
    let w = Words::of(&e.language);
    let [_, _, cites_label, conflict_label, deciding_label, warning_label] = w.diff_labels();
    let (indent, item) = if md { ("  ", "- ") } else { ("          ", "") };
    if md {
        let _ = writeln!(out, "- **{label}:** {}", answer(e));
    } else {
        let _ = writeln!(out, "  {} {}", super::classify::pad(label, 7), answer(e));
    }
    for c in &e.contested {
        let _ = writeln!(
            out,
            "{indent}{item}{}",
            contested_line(c, md, w, &e.jurisdiction)
        );
    }
    match deciding_rule(e) {
        Some(r) => {
            let _ = writeln!(
                out,
                "{indent}{item}rule `{}` → {}  [{}]",
                r.rule, r.outcome, r.defined_at
            );
            if let Some(b) = &r.because {
                let mark = super::classify::fallback_mark(&r.because_language);
                if md {
                    let _ = writeln!(out, "{indent}  *{mark}{b}*");
                } else {
                    let _ = writeln!(out, "{indent}  {mark}{b}");
                }
            }
            let sub = format!("{indent}  ");
            conditions(out, &r.conditions, &sub, md);
            let cites: Vec<String> = r.cites.iter().map(|c| c.address.clone()).collect();
            if !cites.is_empty() {
                let _ = writeln!(out, "{indent}{item}{cites_label} {}", cites.join(", "));
            }
        }
        None => {
            write_conflict(
                out,
                &e.conflicts,
                &format!("{indent}{item}{conflict_label}: "),
                &format!("{indent}  "),
            );
            if !e.undecided_by.is_empty() {
                let facts: Vec<&str> = e.undecided_by.iter().map(|m| m.fact.as_str()).collect();
                let _ = writeln!(out, "{indent}{item}{deciding_label}: {}", facts.join(", "));
            }
        }
    }
    for warning in &e.warnings {
        let _ = writeln!(out, "{indent}{item}{warning_label}: {warning}");
    }
}

fn change_text(out: &mut String, c: &Change, md: bool) {
    let w = Words::of(&c.after.language);
    let name = c.jurisdiction.info().name_in(w.code());
    if md {
        let heading = w.change_heading(&c.scheme, name, &c.after.as_of.to_string());
        let _ = writeln!(out, "## {heading}\n\n`{}`\n", c.file);
    } else if w == Words::En {
        let _ = writeln!(
            out,
            "── {} · {name} · as of {}  [{}]",
            c.scheme, c.after.as_of, c.file
        );
    } else {
        let heading = w.change_heading(&c.scheme, name, &c.after.as_of.to_string());
        let _ = writeln!(out, "── {heading}  [{}]", c.file);
    }
    let [before, after, ..] = w.diff_labels();
    side_text(out, before, &c.before, md);
    side_text(out, after, &c.after, md);
    let _ = writeln!(out);
}

fn text_report(report: &DiffReport, md: bool) -> String {
    let w = Words::of(&report.language);
    let mut out = String::new();
    if md {
        let _ = writeln!(out, "# {}\n", w.diff_title());
    }
    for p in &report.proposals {
        let name = p.jurisdiction.info().name_in(w.code());
        let _ = writeln!(out, "{}", w.proposal(&p.title, &p.file, name, md));
    }
    let _ = writeln!(
        out,
        "{}{}\n",
        if md { "\n" } else { "" },
        w.compared(report.compared, report.schemes, report.changes.len())
    );
    for c in &report.changes {
        change_text(&mut out, c, md);
    }
    if !md {
        out.push_str(&super::provenance_line_in(w));
    }
    out
}
