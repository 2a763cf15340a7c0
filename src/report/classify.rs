//! Classification results: a side-by-side table and, per jurisdiction, the reasoning a
//! lawyer can follow (text), paste into a memo (Markdown), or a program can read (JSON).

use std::fmt::Write as _;

use serde::Serialize;

use super::words::{Part, Words};
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

/// The plain-language name of a kind, in English.
pub fn kind_name(k: Kind) -> &'static str {
    Words::En.kind(k)
}

/// [`answer_line`] in a report's language, the kind in its system's terms.
pub fn answer_line_in(e: &Evaluation, w: Words) -> String {
    match &e.outcome {
        Some(o) => format!(
            "{}{}{} (`{o}`)",
            w.kind_in(e.kind, &e.jurisdiction),
            if w == Words::En { "; " } else { "；" },
            w.compliance_in(e.compliance, &e.jurisdiction)
        ),
        None => w.no_answer(false).into(),
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

/// The plain-language name of a compliance status, in English.
pub fn compliance_name(c: Option<Compliance>) -> &'static str {
    Words::En.compliance(c)
}

/// A jurisdiction's name in the report's language.
fn jurisdiction_name(code: &str, w: Words) -> &str {
    Jurisdiction::from_code(code).map_or(code, |j| j.info().name_in(w.code()))
}

/// The language of a report: that of its evaluations.
fn words_of_report(evals: &[Evaluation]) -> Words {
    Words::of(evals.first().map_or("en", |e| e.language.as_str()))
}

/// How many columns a text takes on a terminal (a Chinese character takes two).
fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `columns` terminal columns.
pub(super) fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// The width of the summary's name column: the longest name shown, at least 10.
fn name_column(evals: &[Evaluation], w: Words) -> usize {
    evals
        .iter()
        .map(|e| width(jurisdiction_name(&e.jurisdiction, w)))
        .max()
        .unwrap_or(0)
        .max(10)
}

/// How many texts of the evaluations are shown in English for want of one in their
/// language (marked `[en]`).
fn untranslated(evals: &[Evaluation]) -> usize {
    evals
        .iter()
        .map(|e| {
            e.rules
                .iter()
                .filter(|r| r.because_language.is_some())
                .count()
                + e.contested
                    .iter()
                    .filter(|c| c.because_language.is_some())
                    .count()
                + e.warnings.iter().filter(|w| w.starts_with("[en] ")).count()
        })
        .sum()
}

/// The closing lines of a text or Markdown report: which texts are the law and which are
/// translations, then what produced it.
fn closing(out: &mut String, evals: &[Evaluation], w: Words, md: bool) {
    let _ = writeln!(out, "{}\n", w.texts_line(untranslated(evals)));
    if !md {
        out.push_str(&super::provenance_line_in(w));
    }
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
pub(super) fn contested_line(
    c: &ContestedOutcome,
    md: bool,
    w: Words,
    jurisdiction: &str,
) -> String {
    let depends = if c.holds == Truth::Unknown {
        w.if_borne_out()
    } else {
        ""
    };
    let mark = fallback_mark(&c.because_language);
    let cites: Vec<String> = c
        .citations
        .iter()
        .map(|a| crate::corpus::citation::display_citation(a))
        .collect();
    let label = w.label(Part::Arguably);
    let (stop, sep) = match w {
        Words::En => (". ", "; "),
        Words::Zh | Words::Ja => ("。", "；"),
    };
    format!(
        "{}{}{sep}{}{}{stop}{mark}{} ({})",
        if md {
            format!("**{label}{}**", w.colon().trim_end())
        } else {
            format!("{label}{}", w.colon())
        },
        w.kind_in(c.kind, jurisdiction),
        w.compliance_in(Some(c.compliance), jurisdiction),
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

/// A fact relied on, as a report in the language of `w` gives it: `name = value`, the
/// value by its label in that language where the rules give one, true and false and
/// unknown in words.
pub(super) fn fact_relied(e: &Evaluation, name: &str, v: &Option<FactValue>, w: Words) -> String {
    let label = e
        .value_labels
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, l)| l.clone());
    let value = match (label, v) {
        (Some(l), _) => l,
        (None, Some(FactValue::Bool(b))) => w.yes_no(*b).to_string(),
        (None, None) => w.unknown().to_string(),
        (None, v) => value_text(v),
    };
    format!("{name} = {value}")
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

fn rule_line(r: &RuleTrace, w: Words) -> String {
    let status = w.rule_status(r.status);
    let rule = match w {
        Words::En => "rule",
        Words::Zh | Words::Ja => w.label(Part::Rule),
    };
    let mut s = format!("{rule} `{}` → {} {status}", r.rule, r.outcome);
    if !r.defeated_by.is_empty() {
        s.push_str(&format!(" to {}", r.defeated_by.join(", ")));
    }
    s.push_str(&format!("  [{}]", r.defined_at));
    s
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
pub(super) fn facts_read(conds: &[ConditionTrace], out: &mut Vec<(String, Option<FactValue>)>) {
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
fn jurisdiction_heading(out: &mut String, code: &str, md: bool, w: Words) {
    let name = jurisdiction_name(code, w);
    if md {
        let _ = writeln!(out, "## {name}\n");
    } else {
        let _ = writeln!(
            out,
            "── {name} {}",
            "─".repeat(60usize.saturating_sub(width(name)))
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
    w: Words,
) {
    let date = evals
        .first()
        .map(|e| e.as_of.to_string())
        .unwrap_or_default();
    let title = w.classification_title(&scheme.name, &date);
    if md {
        let [scheme_row, date_row, tool_row, corpus_row, rules_row] = w.title_block();
        let _ = writeln!(out, "# {title}\n");
        let _ = writeln!(out, "| | |\n|---|---|");
        // a `|` in a name would end the cell
        let _ = writeln!(
            out,
            "| {scheme_row} | {} (`{}`) |",
            scheme.name.replace('|', "\\|"),
            scheme.source.name.replace('|', "\\|")
        );
        let _ = writeln!(out, "| {date_row} | {date} |");
        let _ = writeln!(out, "| {tool_row} | mutua {} |", env!("CARGO_PKG_VERSION"));
        if let Some(p) = super::provenance() {
            let _ = writeln!(out, "| {corpus_row} | `{}` |", p.corpus_hash);
            let _ = writeln!(out, "| {rules_row} | `{}` |", p.rules_hash);
        }
        out.push('\n');
    } else {
        let _ = writeln!(out, "{title}\n");
    }
    for p in proposals {
        let _ = writeln!(
            out,
            "{}{}\n",
            if md { "> " } else { "" },
            w.proposed(&p.title, &p.file, p.jurisdiction.info().name_in(w.code()))
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
    let w = words_of_report(evals);
    let mut out = String::new();
    report_header(&mut out, scheme, evals, proposals, md, w);
    let [j_head, answer_head, outcome_head] = w.summary_heads();
    if md {
        let _ = writeln!(
            out,
            "| {j_head} | {answer_head} | {outcome_head} |\n|---|---|---|"
        );
    }
    let answers: Vec<String> = evals
        .iter()
        .map(|e| match e.compliance {
            Some(_) => format!(
                "{}{}{}",
                w.kind_in(e.kind, &e.jurisdiction),
                match w {
                    Words::En => ", ",
                    Words::Zh => "，",
                    Words::Ja => "、",
                },
                w.compliance_in(e.compliance, &e.jurisdiction)
            ),
            None => w.no_answer(!e.conflicts.is_empty()).into(),
        })
        .collect();
    let answer_column = answers.iter().map(|a| width(a)).max().unwrap_or(0).max(44);
    for (e, answer) in evals.iter().zip(&answers) {
        // English reads an outcome's name as words; another language gives it as the rules
        // name it, an identifier like a rule's
        let mut outcome = match (w, e.outcome.as_deref()) {
            (_, None) => String::new(),
            (Words::En, Some(o)) => words_of(o),
            (_, Some(o)) if md => format!("`{o}`"),
            (_, Some(o)) => o.to_string(),
        };
        if !e.contested.is_empty() {
            outcome.push_str(w.contested_mark());
        }
        if md {
            let _ = writeln!(
                out,
                "| {} | {answer} | {outcome} |",
                jurisdiction_name(&e.jurisdiction, w)
            );
        } else {
            let _ = writeln!(
                out,
                "  {} {} {outcome}",
                pad(jurisdiction_name(&e.jurisdiction, w), name_column(evals, w)),
                pad(answer, answer_column)
            );
        }
    }
    let _ = writeln!(out);
    let mut bibliography: Vec<&crate::rules::outcome::CitedProvision> = Vec::new();
    for e in evals {
        jurisdiction_heading(&mut out, &e.jurisdiction, md, w);
        let label = |part: Part| {
            let l = w.label(part);
            if md {
                format!("**{l}{}**", w.colon().trim_end())
            } else {
                format!("{l}{}", w.colon().trim_end())
            }
        };
        let space = if w == Words::En { " " } else { "" };
        let stop = if w == Words::En { "." } else { "。" };
        match e.compliance {
            Some(_) => {
                let _ = writeln!(
                    out,
                    "{}{space}{}{}{}{stop}",
                    label(Part::Answer),
                    w.kind_in(e.kind, &e.jurisdiction),
                    if w == Words::En { "; " } else { "；" },
                    w.compliance_in(e.compliance, &e.jurisdiction)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "{}{space}{}{stop}",
                    label(Part::Answer),
                    w.no_answer(false)
                );
            }
        }
        for c in &e.contested {
            let _ = writeln!(out, "{}", contested_line(c, md, w, &e.jurisdiction));
        }
        write_conflict(
            &mut out,
            &e.conflicts,
            &format!("{}{space}", label(Part::Conflict)),
            "  ",
        );
        let deciding = crate::rules::diff::deciding_rule(e);
        if let Some(r) = deciding {
            if let Some(b) = &r.because {
                let mark = fallback_mark(&r.because_language);
                let _ = writeln!(out, "{}{space}{mark}{b}", label(Part::Why));
            }
            let mut read = Vec::new();
            facts_read(&r.conditions, &mut read);
            let facts: Vec<String> = read
                .iter()
                .filter(|(_, v)| v.is_some())
                .map(|(n, v)| fact_relied(e, n, v, w))
                .collect();
            if !facts.is_empty() {
                let _ = writeln!(
                    out,
                    "{}{space}{}",
                    label(Part::FactsRelied),
                    facts.join(if w == Words::En { "; " } else { "；" })
                );
            }
            let _ = writeln!(
                out,
                "{}{space}`{}` ({})",
                label(Part::Rule),
                r.rule,
                r.defined_at
            );
        }
        if !e.undecided_by.is_empty() {
            let _ = writeln!(out, "{}", label(Part::Ask));
            for m in &e.undecided_by {
                let line = match w {
                    // the English report gives the Chinese question too, after the fact
                    Words::En => format!("{} ({}){}", m.question_en, m.fact, chinese_too(m)),
                    _ => format!("{} ({})", question_in(m, w), m.fact),
                };
                let _ = writeln!(out, "  - {line}");
            }
        }
        for warning in &e.warnings {
            let _ = writeln!(out, "{}{space}{warning}", label(Part::Warning));
        }
        let cited: Vec<&crate::rules::outcome::CitedProvision> = deciding
            .into_iter()
            .flat_map(|r| r.cites.iter())
            .chain(e.contested.iter().flat_map(|c| c.quotes.iter()))
            .collect();
        if !cited.is_empty() {
            let _ = writeln!(out, "\n{}", label(Part::Provisions));
            quote_provisions(&mut out, &cited, md, w);
        }
        for c in cited {
            if !bibliography.iter().any(|b| b.address == c.address) {
                bibliography.push(c);
            }
        }
        let _ = writeln!(out);
    }
    if md && !bibliography.is_empty() {
        let _ = writeln!(out, "## {}\n", w.label(Part::Cited));
        for c in bibliography {
            let _ = writeln!(
                out,
                "- {} `{}` ({})",
                heading_of(c),
                c.address,
                w.text_status(&c.text_status)
            );
        }
        let _ = writeln!(out);
    }
    closing(&mut out, evals, w, md);
    out
}

/// ` / ` and the Chinese question, which an English report gives beside the English one.
fn chinese_too(m: &crate::rules::outcome::MissingFact) -> String {
    m.question_zh
        .as_deref()
        .map(|q| format!(" / {q}"))
        .unwrap_or_default()
}

/// `[en] ` before a text shown in English for want of one in the report's language.
pub(super) fn fallback_mark(language: &Option<String>) -> String {
    language
        .as_ref()
        .map(|l| format!("[{l}] "))
        .unwrap_or_default()
}

/// A missing fact's question in the report's language, else in English marked `[en]`;
/// an English report adds the Chinese question, as before.
fn question_in(m: &crate::rules::outcome::MissingFact, w: Words) -> String {
    match w {
        Words::En => format!("{}{}", m.question_en, chinese_too(m)),
        Words::Zh => m
            .question_zh
            .clone()
            .unwrap_or_else(|| format!("[en] {}", m.question_en)),
        Words::Ja => m
            .question_ja
            .clone()
            .unwrap_or_else(|| format!("[en] {}", m.question_en)),
    }
}

/// Quotes provisions: the authentic text first, then the translation asked for, each with
/// its status, and a note beside any not in force on the date asked.
fn quote_provisions(
    out: &mut String,
    cited: &[&crate::rules::outcome::CitedProvision],
    md: bool,
    w: Words,
) {
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
            let status = w.text_status(status);
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
    let w = words_of_report(evals);
    let mut out = String::new();
    report_header(&mut out, scheme, evals, proposals, md, w);
    let [j_head, kind_head, compliance_head, outcome_head] = w.full_summary_heads();
    if md {
        let _ = writeln!(
            out,
            "| {j_head} | {kind_head} | {compliance_head} | {outcome_head} |\n|---|---|---|---|"
        );
    }
    for e in evals {
        let mut outcome = e.outcome.clone().unwrap_or_else(|| "-".into());
        if !e.contested.is_empty() {
            outcome.push_str(w.contested_mark());
        }
        if md {
            let _ = writeln!(
                out,
                "| {} | {} | {} | `{outcome}` |",
                jurisdiction_name(&e.jurisdiction, w),
                w.kind_in(e.kind, &e.jurisdiction),
                w.compliance_in(e.compliance, &e.jurisdiction)
            );
        } else {
            let _ = writeln!(
                out,
                "  {} {} {} {outcome}",
                pad(jurisdiction_name(&e.jurisdiction, w), name_column(evals, w)),
                pad(w.kind_in(e.kind, &e.jurisdiction), 26),
                pad(&w.compliance_in(e.compliance, &e.jurisdiction), 18),
            );
        }
    }
    let _ = writeln!(out);
    let heading = |part: Part, list: bool| {
        let l = w.label(part);
        let colon = w.colon().trim_end();
        match (md, list) {
            (true, true) => format!("**{l}{colon}**\n"),
            (true, false) => format!("**{l}**"),
            (false, _) => format!("{l}{colon}"),
        }
    };
    let sep = if w == Words::En { "; " } else { "；" };
    let stop = if w == Words::En { "." } else { "。" };
    for e in evals {
        jurisdiction_heading(&mut out, &e.jurisdiction, md, w);
        let _ = writeln!(
            out,
            "{}{}{}{sep}{}{stop}",
            heading(Part::Result, false),
            w.colon(),
            w.kind_in(e.kind, &e.jurisdiction),
            w.compliance_in(e.compliance, &e.jurisdiction)
        );
        for c in &e.contested {
            let _ = writeln!(out, "{}", contested_line(c, md, w, &e.jurisdiction));
        }
        let lead = if md {
            format!("**{}{}** ", w.label(Part::Conflict), w.colon().trim_end())
        } else {
            format!("{}{}", w.label(Part::Conflict), w.colon())
        };
        write_conflict(&mut out, &e.conflicts, &lead, "  ");
        if !e.undecided_by.is_empty() {
            let _ = writeln!(out, "\n{}", heading(Part::Deciding, true));
            for m in &e.undecided_by {
                let _ = writeln!(out, "  - {}: {}", m.fact, question_in(m, w));
            }
        }
        let _ = writeln!(out, "\n{}", heading(Part::Reasoning, true));
        let (failed, considered): (Vec<&RuleTrace>, Vec<&RuleTrace>) =
            e.rules.iter().partition(|r| r.status == RuleStatus::Failed);
        for r in considered {
            if md {
                let _ = writeln!(out, "- {}", rule_line(r, w));
            } else {
                let _ = writeln!(out, "  {}", rule_line(r, w));
            }
            if matches!(r.status, RuleStatus::NotInForce) {
                continue;
            }
            if let Some(b) = &r.because {
                let mark = fallback_mark(&r.because_language);
                if md {
                    let _ = writeln!(out, "  - *{mark}{b}*");
                } else {
                    let _ = writeln!(out, "    {mark}{b}");
                }
            }
            conditions(&mut out, &r.conditions, if md { "  " } else { "    " }, md);
        }
        if !failed.is_empty() {
            let _ = writeln!(out, "\n{}", heading(Part::NotApplying, true));
            for r in failed {
                if md {
                    let _ = writeln!(out, "- {}", rule_line(r, w));
                } else {
                    let _ = writeln!(out, "  {}", rule_line(r, w));
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
        for warning in &e.warnings {
            let label = w.label(Part::Warning);
            if md {
                let _ = writeln!(out, "\n> **{label}{}** {warning}", w.colon().trim_end());
            } else {
                let _ = writeln!(out, "\n{label}{} {warning}", w.colon().trim_end());
            }
        }
        let decided: Vec<&RuleTrace> = e
            .rules
            .iter()
            .filter(|r| matches!(r.status, RuleStatus::Fired))
            .collect();
        let cited: Vec<&crate::rules::outcome::CitedProvision> =
            decided.iter().flat_map(|r| r.cites.iter()).collect();
        if !cited.is_empty() {
            let _ = writeln!(out, "\n{}", heading(Part::Provisions, true));
            quote_provisions(&mut out, &cited, md, w);
        }
        let _ = writeln!(out);
    }
    closing(&mut out, evals, w, md);
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
