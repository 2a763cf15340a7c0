//! Classification results: a side-by-side table and, per jurisdiction, the reasoning a
//! lawyer can follow (text), paste into a memo (Markdown), or a program can read (JSON).

use std::fmt::Write as _;

use serde::Serialize;

use super::SCHEMA_VERSION;
use crate::corpus::Jurisdiction;
use crate::report::Format;
use crate::rules::check::AppliedProposal;
use crate::rules::outcome::{
    group_digits, Compliance, ConditionTrace, ConflictingOutcome, ContestedOutcome, Evaluation,
    FactValue, Kind, RuleStatus, RuleTrace, Truth,
};
use crate::scheme::Scheme;

/// How much of the reasoning a report shows. In JSON, `explanation.rules` holds only the
/// deciding rule (none when the answer is open or in conflict) with `Brief`, and every
/// rule considered with `Full`; the rest of the report is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Explain {
    /// The answer, the deciding rule's reason and the facts it read, the provisions
    /// quoted, warnings, contested readings and the questions still open.
    #[default]
    Brief,
    /// Every rule considered, with its whole condition tree, including those that do not
    /// apply.
    Full,
}

impl Explain {
    /// The rules an evaluation must trace for a report of this depth.
    pub fn trace(self) -> crate::rules::eval::Trace {
        match self {
            Explain::Brief => crate::rules::eval::Trace::Deciding,
            Explain::Full => crate::rules::eval::Trace::All,
        }
    }
}

/// Renders the evaluations of one scheme; `proposals` are the proposed rule changes the
/// answers were reached under (said first, so no one mistakes them for the law in force).
/// Text and Markdown are brief; JSON gives every rule considered (as
/// [`render_with`] with [`Explain::Full`]).
pub fn render(
    scheme: &Scheme,
    evals: &[Evaluation],
    proposals: &[AppliedProposal],
    format: Format,
) -> String {
    let explain = if format == Format::Json {
        Explain::Full
    } else {
        Explain::Brief
    };
    render_with(scheme, evals, proposals, format, explain)
}

/// [`render`] with the depth of explanation chosen.
pub fn render_with(
    scheme: &Scheme,
    evals: &[Evaluation],
    proposals: &[AppliedProposal],
    format: Format,
    explain: Explain,
) -> String {
    if explain == Explain::Brief && format != Format::Json {
        return brief_report(scheme, evals, proposals, format == Format::Markdown);
    }
    match format {
        Format::Json => json_report(scheme, evals, proposals, explain),
        Format::Text => text_report(scheme, evals, proposals, false),
        Format::Markdown => text_report(scheme, evals, proposals, true),
    }
}

/// The plain-language name of a kind.
pub fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Insurance => "insurance",
        Kind::MutualInsuranceSociety => "mutual insurance society",
        Kind::UnregulatedMutualAid => "unregulated mutual aid",
        Kind::Undetermined => "undetermined",
    }
}

/// An answer in a line: `unregulated mutual aid; no licence needed (`mutual_aid_plan`)`, or
/// `undetermined`.
pub fn answer_line(e: &Evaluation) -> String {
    match &e.outcome {
        Some(o) => format!(
            "{}; {} (`{o}`)",
            kind_name(e.kind),
            compliance_name(e.compliance)
        ),
        None => "undetermined".into(),
    }
}

/// The plain-language name of a compliance status.
pub fn compliance_name(c: Option<Compliance>) -> &'static str {
    match c {
        Some(Compliance::Licensed) => "licensed",
        Some(Compliance::Exempt) => "exempt",
        Some(Compliance::NoLicenceNeeded) => "no licence needed",
        Some(Compliance::Unlicensed) => "UNLICENSED",
        None => "open",
    }
}

fn jurisdiction_name(code: &str) -> &str {
    Jurisdiction::from_code(code).map_or(code, |j| j.name())
}

/// The width of the summary's name column: the longest name shown, at least 10.
fn name_column(evals: &[Evaluation]) -> usize {
    evals
        .iter()
        .map(|e| jurisdiction_name(&e.jurisdiction).chars().count())
        .max()
        .unwrap_or(0)
        .max(10)
}

/// The JSON report of one scheme, serialised straight from the evaluations (a report runs
/// to hundreds of kilobytes: building it as a `serde_json::Value` first doubled its cost).
#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    scheme: JsonScheme<'a>,
    proposals: Vec<JsonProposal<'a>>,
    results: Vec<JsonResult<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<&'static super::Provenance>,
}

#[derive(Serialize)]
struct JsonScheme<'a> {
    name: &'a str,
    file: &'a str,
    as_of: Option<chrono::NaiveDate>,
}

#[derive(Serialize)]
struct JsonProposal<'a> {
    title: &'a str,
    file: &'a str,
    jurisdiction: Jurisdiction,
}

#[derive(Serialize)]
struct JsonResult<'a> {
    jurisdiction: &'a str,
    as_of: chrono::NaiveDate,
    outcome: &'a Option<String>,
    kind: Kind,
    compliance: Option<Compliance>,
    citations: &'a [String],
    undecided_by: Vec<&'a str>,
    contested: Vec<JsonContested<'a>>,
    explanation: JsonExplanation<'a>,
}

#[derive(Serialize)]
struct JsonExplanation<'a> {
    questions: &'a [crate::rules::outcome::MissingFact],
    conflicts: &'a [ConflictingOutcome],
    warnings: &'a [String],
    rules: &'a [RuleTrace],
}

/// A contested reading in JSON: the other outcome, why, and whether its facts hold.
#[derive(Serialize)]
pub(super) struct JsonContested<'a> {
    outcome: &'a str,
    kind: Kind,
    compliance: Compliance,
    citations: &'a [String],
    because: &'a str,
    rule: &'a str,
    holds: Truth,
    quotes: &'a [crate::rules::outcome::CitedProvision],
}

impl<'a> From<&'a ContestedOutcome> for JsonContested<'a> {
    fn from(c: &'a ContestedOutcome) -> Self {
        JsonContested {
            outcome: &c.outcome,
            kind: c.kind,
            compliance: c.compliance,
            citations: &c.citations,
            because: &c.because,
            rule: &c.rule,
            holds: c.holds,
            quotes: &c.quotes,
        }
    }
}

fn json_report(
    scheme: &Scheme,
    evals: &[Evaluation],
    proposals: &[AppliedProposal],
    explain: Explain,
) -> String {
    let report = JsonReport {
        schema_version: SCHEMA_VERSION,
        scheme: JsonScheme {
            name: &scheme.name,
            file: &scheme.source.name,
            as_of: scheme.as_of,
        },
        proposals: proposals
            .iter()
            .map(|p| JsonProposal {
                title: &p.title,
                file: &p.file,
                jurisdiction: p.jurisdiction,
            })
            .collect(),
        results: evals
            .iter()
            .map(|e| JsonResult {
                jurisdiction: &e.jurisdiction,
                as_of: e.as_of,
                outcome: &e.outcome,
                kind: e.kind,
                compliance: e.compliance,
                citations: &e.citations,
                undecided_by: e.undecided_by.iter().map(|m| m.fact.as_str()).collect(),
                contested: e.contested.iter().map(JsonContested::from).collect(),
                explanation: JsonExplanation {
                    questions: &e.undecided_by,
                    conflicts: &e.conflicts,
                    warnings: &e.warnings,
                    rules: match explain {
                        Explain::Full => &e.rules,
                        Explain::Brief => crate::rules::diff::deciding_rule(e)
                            .map_or(&[][..], std::slice::from_ref),
                    },
                },
            })
            .collect(),
        provenance: super::provenance(),
    };
    super::write_json(&report)
}

/// A contested reading as a reader sees it: `Arguably: insurance; UNLICENSED (outcome):
/// reason (citations)`, with a note when it depends on facts not given.
pub(super) fn contested_line(c: &ContestedOutcome, md: bool) -> String {
    let depends = if c.holds == Truth::Unknown {
        " (if the facts not given bear it out)"
    } else {
        ""
    };
    let cites: Vec<String> = c
        .citations
        .iter()
        .map(|a| crate::corpus::citation::display_citation(a))
        .collect();
    format!(
        "{}{}; {}{}. {} ({})",
        if md { "**Arguably:** " } else { "Arguably: " },
        kind_name(c.kind),
        compliance_name(Some(c.compliance)),
        depends,
        c.because,
        cites.join("; ")
    )
}

/// The most outcomes of a conflict a text report lists; JSON lists them all.
const CONFLICT_OUTCOMES_SHOWN: usize = 10;
/// The most rules named per outcome of a conflict in a text report; JSON names them all.
const CONFLICT_RULES_SHOWN: usize = 5;

/// A conflict as a reader sees it: a sentence, then one line per outcome naming the rules
/// that give it (`` `licensed_insurer`: rule `commercial_insurer` ``). At most
/// [`CONFLICT_OUTCOMES_SHOWN`] outcomes and [`CONFLICT_RULES_SHOWN`] rules an outcome are
/// named, the rest counted, so a conflict among thousands of rules stays a few lines.
/// `None` when there is no conflict.
pub(super) fn conflict_text(conflicts: &[ConflictingOutcome]) -> Option<(String, Vec<String>)> {
    if conflicts.is_empty() {
        return None;
    }
    let rules: usize = conflicts.iter().map(|c| c.rules.len()).sum();
    let sentence = format!(
        "{} rules apply with {} different outcomes and none yields to another; the rule files must say which prevails (`unless` or `priority`).",
        group_digits(rules as i64),
        group_digits(conflicts.len() as i64)
    );
    let named = |names: &[String]| -> String {
        let shown: Vec<String> = names
            .iter()
            .take(CONFLICT_RULES_SHOWN)
            .map(|n| format!("`{n}`"))
            .collect();
        let more = names.len() - shown.len();
        match (shown.len(), more) {
            (1, 0) => format!("rule {}", shown[0]),
            (_, 0) => {
                let (last, rest) = shown.split_last().expect("two rules or more");
                format!("rules {} and {last}", rest.join(", "))
            }
            _ => format!(
                "rules {} and {} more",
                shown.join(", "),
                group_digits(more as i64)
            ),
        }
    };
    let mut lines: Vec<String> = conflicts
        .iter()
        .take(CONFLICT_OUTCOMES_SHOWN)
        .map(|c| format!("`{}`: {}", c.outcome, named(&c.rules)))
        .collect();
    let hidden = &conflicts[lines.len()..];
    if !hidden.is_empty() {
        let hidden_rules: usize = hidden.iter().map(|c| c.rules.len()).sum();
        lines.push(format!(
            "and {} more outcomes, from {} more rules (`--format json` names them all)",
            group_digits(hidden.len() as i64),
            group_digits(hidden_rules as i64)
        ));
    }
    Some((sentence, lines))
}

/// Writes a conflict (see [`conflict_text`]): `lead` and the sentence on one line, then the
/// outcomes one a line as list items under `indent`.
pub(super) fn write_conflict(
    out: &mut String,
    conflicts: &[ConflictingOutcome],
    lead: &str,
    indent: &str,
) {
    if let Some((sentence, lines)) = conflict_text(conflicts) {
        let _ = writeln!(out, "{lead}{sentence}");
        for l in lines {
            let _ = writeln!(out, "{indent}- {l}");
        }
    }
}

/// A fact's value as a reader sees it (`CNY 100,000,000`, `unknown`).
pub(super) fn value_text(v: &Option<FactValue>) -> String {
    match v {
        None => "unknown".into(),
        Some(FactValue::Bool(b)) => b.to_string(),
        Some(FactValue::Integer(i)) => group_digits(*i),
        Some(FactValue::Money { amount, currency }) => {
            format!("{currency} {}", group_digits(*amount))
        }
        Some(FactValue::Date(d)) => d.to_string(),
        Some(FactValue::Enum(s)) => s.clone(),
    }
}

fn mark(t: Truth) -> &'static str {
    match t {
        Truth::True => "yes",
        Truth::False => "no ",
        Truth::Unknown => " ? ",
    }
}

/// A tree of conditions, one a line under `indent`, each with its value, the facts it
/// read and any note; the conditions of a definition one step further in.
pub(super) fn conditions(out: &mut String, conds: &[ConditionTrace], indent: &str, md: bool) {
    for c in conds {
        let facts: Vec<String> = c
            .facts
            .iter()
            .map(|(name, v)| format!("{name} = {}", value_text(v)))
            .collect();
        let facts = if facts.is_empty() {
            String::new()
        } else {
            format!("  ({})", facts.join(", "))
        };
        if md {
            let _ = writeln!(
                out,
                "{indent}- [{}] `{}`{facts}",
                mark(c.value).trim(),
                c.source
            );
        } else {
            let _ = writeln!(out, "{indent}[{}] {}{facts}", mark(c.value), c.source);
        }
        if let Some(n) = &c.note {
            let pad = if md { "      " } else { "  " };
            let _ = writeln!(out, "{indent}{pad}note: {n}");
        }
        conditions(out, &c.details, &format!("{indent}  "), md);
    }
}

fn rule_line(r: &RuleTrace) -> String {
    let status = match r.status {
        RuleStatus::Fired => "applies",
        RuleStatus::Failed => "does not apply",
        RuleStatus::Possible => "may apply (depends on unknown facts)",
        RuleStatus::Defeated => "applies but yields",
        RuleStatus::NotInForce => "not in force on this date",
    };
    let mut s = format!("rule `{}` → {} {status}", r.rule, r.outcome);
    if !r.defeated_by.is_empty() {
        s.push_str(&format!(" to {}", r.defeated_by.join(", ")));
    }
    s.push_str(&format!("  [{}]", r.defined_at));
    s
}

/// What a reader must know about a quoted text.
fn status_words(status: &str) -> &str {
    match status {
        "verbatim" => "verbatim",
        "unverified" => "UNVERIFIED transcription, check the official text",
        "translation" => "translation by mutua, not the authentic text",
        "modified" => "MODIFIED since it was fetched or imported, not the official text",
        "not_transcribed" | "" => "no text held; see the official text",
        s => s,
    }
}

/// The provision's heading, or a citation written from its address when it has none.
fn heading_of(c: &crate::rules::outcome::CitedProvision) -> String {
    if c.heading.is_empty() || c.heading == c.address {
        crate::corpus::citation::display_citation(&c.address)
    } else {
        c.heading.clone()
    }
}

/// An outcome's name in words (`beyond_small_amount_limits` → `beyond small amount limits`).
fn words_of(name: &str) -> String {
    name.replace('_', " ")
}

/// The facts a rule's conditions read, once each, with their values.
fn facts_read(conds: &[ConditionTrace], out: &mut Vec<(String, Option<FactValue>)>) {
    for c in conds {
        for (name, v) in &c.facts {
            if !out.iter().any(|(n, _)| n == name) {
                out.push((name.clone(), v.clone()));
            }
        }
        facts_read(&c.details, out);
    }
}

/// A jurisdiction's section heading: `## China` in Markdown, a rule line in text.
fn jurisdiction_heading(out: &mut String, code: &str, md: bool) {
    let name = jurisdiction_name(code);
    if md {
        let _ = writeln!(out, "## {name}\n");
    } else {
        let _ = writeln!(
            out,
            "── {name} {}",
            "─".repeat(60usize.saturating_sub(name.len()))
        );
    }
}

/// The heading line of a report: the scheme and the date, and the proposals applied.
fn report_header(
    out: &mut String,
    scheme: &Scheme,
    evals: &[Evaluation],
    proposals: &[AppliedProposal],
    md: bool,
) {
    let date = evals
        .first()
        .map(|e| e.as_of.to_string())
        .unwrap_or_default();
    if md {
        let _ = writeln!(out, "# {}: classification as of {date}\n", scheme.name);
        let _ = writeln!(out, "| | |\n|---|---|");
        // a `|` in a name would end the cell
        let _ = writeln!(
            out,
            "| Scheme | {} (`{}`) |",
            scheme.name.replace('|', "\\|"),
            scheme.source.name.replace('|', "\\|")
        );
        let _ = writeln!(out, "| Law applied as of | {date} |");
        let _ = writeln!(out, "| Produced by | mutua {} |", env!("CARGO_PKG_VERSION"));
        if let Some(p) = super::provenance() {
            let _ = writeln!(out, "| Corpus | `{}` |", p.corpus_hash);
            let _ = writeln!(out, "| Rules | `{}` |", p.rules_hash);
        }
        out.push('\n');
    } else {
        let _ = writeln!(out, "{}: classification as of {date}\n", scheme.name);
    }
    for p in proposals {
        let _ = writeln!(
            out,
            "{}PROPOSED RULES applied, not the law in force: \"{}\" ({}, changes {})\n",
            if md { "> " } else { "" },
            p.title,
            p.file,
            p.jurisdiction.name()
        );
    }
}

/// The default report: per jurisdiction, the answer and why, in words a memo can use.
fn brief_report(
    scheme: &Scheme,
    evals: &[Evaluation],
    proposals: &[AppliedProposal],
    md: bool,
) -> String {
    let mut out = String::new();
    report_header(&mut out, scheme, evals, proposals, md);
    if md {
        let _ = writeln!(out, "| Jurisdiction | Answer | Outcome |\n|---|---|---|");
    }
    for e in evals {
        let answer = match e.compliance {
            Some(_) => format!("{}, {}", kind_name(e.kind), compliance_name(e.compliance)),
            None if !e.conflicts.is_empty() => "conflict in the rules".into(),
            None => "undetermined".into(),
        };
        let mut outcome = e.outcome.as_deref().map(words_of).unwrap_or_default();
        if !e.contested.is_empty() {
            outcome.push_str(" (contested)");
        }
        if md {
            let _ = writeln!(
                out,
                "| {} | {answer} | {outcome} |",
                jurisdiction_name(&e.jurisdiction)
            );
        } else {
            let _ = writeln!(
                out,
                "  {:<width$} {answer:<44} {outcome}",
                jurisdiction_name(&e.jurisdiction),
                width = name_column(evals)
            );
        }
    }
    let _ = writeln!(out);
    let mut bibliography: Vec<&crate::rules::outcome::CitedProvision> = Vec::new();
    for e in evals {
        jurisdiction_heading(&mut out, &e.jurisdiction, md);
        let label = |l: &str| {
            if md {
                format!("**{l}:**")
            } else {
                format!("{l}:")
            }
        };
        match e.compliance {
            Some(_) => {
                let _ = writeln!(
                    out,
                    "{} {}; {}.",
                    label("Answer"),
                    kind_name(e.kind),
                    compliance_name(e.compliance)
                );
            }
            None => {
                let _ = writeln!(out, "{} undetermined.", label("Answer"));
            }
        }
        for c in &e.contested {
            let _ = writeln!(out, "{}", contested_line(c, md));
        }
        write_conflict(
            &mut out,
            &e.conflicts,
            &format!("{} ", label("Conflict")),
            "  ",
        );
        let deciding = crate::rules::diff::deciding_rule(e);
        if let Some(r) = deciding {
            if let Some(b) = &r.because {
                let _ = writeln!(out, "{} {b}", label("Why"));
            }
            let mut read = Vec::new();
            facts_read(&r.conditions, &mut read);
            let facts: Vec<String> = read
                .iter()
                .filter(|(_, v)| v.is_some())
                .map(|(n, v)| format!("{n} = {}", value_text(v)))
                .collect();
            if !facts.is_empty() {
                let _ = writeln!(out, "{} {}", label("Facts relied on"), facts.join("; "));
            }
            let _ = writeln!(out, "{} `{}` ({})", label("Rule"), r.rule, r.defined_at);
        }
        if !e.undecided_by.is_empty() {
            let _ = writeln!(out, "{}", label("To decide it, ask"));
            for m in &e.undecided_by {
                let zh = m
                    .question_zh
                    .as_deref()
                    .map(|q| format!(" / {q}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  - {} ({}){zh}", m.question_en, m.fact);
            }
        }
        for w in &e.warnings {
            let _ = writeln!(out, "{} {w}", label("Warning"));
        }
        let cited: Vec<&crate::rules::outcome::CitedProvision> = deciding
            .into_iter()
            .flat_map(|r| r.cites.iter())
            .chain(e.contested.iter().flat_map(|c| c.quotes.iter()))
            .collect();
        if !cited.is_empty() {
            let _ = writeln!(out, "\n{}", label("Provisions relied on"));
            quote_provisions(&mut out, &cited, md);
        }
        for c in cited {
            if !bibliography.iter().any(|b| b.address == c.address) {
                bibliography.push(c);
            }
        }
        let _ = writeln!(out);
    }
    if md && !bibliography.is_empty() {
        let _ = writeln!(out, "## Provisions cited\n");
        for c in bibliography {
            let _ = writeln!(
                out,
                "- {} `{}` ({})",
                heading_of(c),
                c.address,
                status_words(&c.text_status)
            );
        }
        let _ = writeln!(out);
    }
    if !md {
        out.push_str(&super::provenance_line());
    }
    out
}

/// Quotes provisions: the authentic text first, then the translation asked for, each with
/// its status, and a note beside any not in force on the date asked.
fn quote_provisions(out: &mut String, cited: &[&crate::rules::outcome::CitedProvision], md: bool) {
    let mut quoted = std::collections::HashSet::new();
    for c in cited {
        if !quoted.insert(c.address.clone()) {
            continue;
        }
        if md {
            let _ = writeln!(out, "- `{}` {}", c.address, heading_of(c));
        } else {
            let _ = writeln!(out, "  {} {}", c.address, heading_of(c));
        }
        if let Some(note) = &c.not_in_force {
            let _ = writeln!(out, "{}({note})", if md { "  " } else { "      " });
        }
        let mut quotes: Vec<(&str, &str, Option<&str>)> = Vec::new();
        if let Some(a) = &c.authentic {
            quotes.push((&a.language, &a.text_status, Some(&a.text)));
        }
        quotes.push((&c.language, &c.text_status, c.text.as_deref()));
        for (language, status, text) in quotes {
            let status = status_words(status);
            let Some(text) = text else {
                let _ = writeln!(out, "{}({status})", if md { "  " } else { "      " });
                continue;
            };
            if md {
                let _ = writeln!(out, "\n  *{language}, {status}:*\n");
                for line in text.lines() {
                    let _ = writeln!(out, "  > {line}");
                }
            } else {
                let _ = writeln!(out, "      [{language}, {status}]");
                for line in text.lines() {
                    let _ = writeln!(out, "      {line}");
                }
            }
        }
    }
}

/// The full trace: every rule considered, with its condition tree (`--explain full`).
fn text_report(
    scheme: &Scheme,
    evals: &[Evaluation],
    proposals: &[AppliedProposal],
    md: bool,
) -> String {
    let mut out = String::new();
    report_header(&mut out, scheme, evals, proposals, md);
    if md {
        let _ = writeln!(
            out,
            "| Jurisdiction | Kind | Compliance | Outcome |\n|---|---|---|---|"
        );
    }
    for e in evals {
        let mut outcome = e.outcome.clone().unwrap_or_else(|| "-".into());
        if !e.contested.is_empty() {
            outcome.push_str(" (contested)");
        }
        if md {
            let _ = writeln!(
                out,
                "| {} | {} | {} | `{outcome}` |",
                jurisdiction_name(&e.jurisdiction),
                kind_name(e.kind),
                compliance_name(e.compliance)
            );
        } else {
            let _ = writeln!(
                out,
                "  {:<width$} {:<26} {:<18} {outcome}",
                jurisdiction_name(&e.jurisdiction),
                kind_name(e.kind),
                compliance_name(e.compliance),
                width = name_column(evals)
            );
        }
    }
    let _ = writeln!(out);
    for e in evals {
        jurisdiction_heading(&mut out, &e.jurisdiction, md);
        let _ = writeln!(
            out,
            "{}: {}; {}.",
            if md { "**Result**" } else { "Result" },
            kind_name(e.kind),
            compliance_name(e.compliance)
        );
        for c in &e.contested {
            let _ = writeln!(out, "{}", contested_line(c, md));
        }
        let lead = if md { "**Conflict:** " } else { "Conflict: " };
        write_conflict(&mut out, &e.conflicts, lead, "  ");
        if !e.undecided_by.is_empty() {
            let _ = writeln!(
                out,
                "\n{}",
                if md {
                    "**Facts that would decide it:**\n"
                } else {
                    "Facts that would decide it:"
                }
            );
            for m in &e.undecided_by {
                let zh = m
                    .question_zh
                    .as_deref()
                    .map(|q| format!(" / {q}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  - {}: {}{zh}", m.fact, m.question_en);
            }
        }
        let _ = writeln!(
            out,
            "\n{}",
            if md { "**Reasoning:**\n" } else { "Reasoning:" }
        );
        let (failed, considered): (Vec<&RuleTrace>, Vec<&RuleTrace>) =
            e.rules.iter().partition(|r| r.status == RuleStatus::Failed);
        for r in considered {
            if md {
                let _ = writeln!(out, "- {}", rule_line(r));
            } else {
                let _ = writeln!(out, "  {}", rule_line(r));
            }
            if matches!(r.status, RuleStatus::NotInForce) {
                continue;
            }
            if let Some(b) = &r.because {
                if md {
                    let _ = writeln!(out, "  - *{b}*");
                } else {
                    let _ = writeln!(out, "    {b}");
                }
            }
            conditions(&mut out, &r.conditions, if md { "  " } else { "    " }, md);
        }
        if !failed.is_empty() {
            let _ = writeln!(
                out,
                "\n{}",
                if md {
                    "**Rules that do not apply:**\n"
                } else {
                    "Rules that do not apply:"
                }
            );
            for r in failed {
                if md {
                    let _ = writeln!(out, "- {}", rule_line(r));
                } else {
                    let _ = writeln!(out, "  {}", rule_line(r));
                }
                // only the conditions that fail: they are the reason
                let failing: Vec<ConditionTrace> = r
                    .conditions
                    .iter()
                    .filter(|c| c.value == Truth::False)
                    .cloned()
                    .collect();
                conditions(&mut out, &failing, if md { "  " } else { "    " }, md);
            }
        }
        for w in &e.warnings {
            let _ = writeln!(
                out,
                "\n{} {w}",
                if md { "> **Warning:**" } else { "Warning:" }
            );
        }
        let decided: Vec<&RuleTrace> = e
            .rules
            .iter()
            .filter(|r| matches!(r.status, RuleStatus::Fired))
            .collect();
        let cited: Vec<&crate::rules::outcome::CitedProvision> =
            decided.iter().flat_map(|r| r.cites.iter()).collect();
        if !cited.is_empty() {
            let _ = writeln!(
                out,
                "\n{}",
                if md {
                    "**Provisions relied on:**\n"
                } else {
                    "Provisions relied on:"
                }
            );
            quote_provisions(&mut out, &cited, md);
        }
        let _ = writeln!(out);
    }
    if !md {
        out.push_str(&super::provenance_line());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits(100_000_000), "100,000,000");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(-1000), "-1,000");
    }
}
