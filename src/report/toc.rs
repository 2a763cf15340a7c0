//! Rendering tables of contents: an instrument or a division, its provisions grouped by
//! division, each with its address and heading.

use std::fmt::Write as _;

use serde_json::json;

use super::{to_json, SCHEMA_VERSION};
use crate::corpus::history;
use crate::corpus::model::{EventKind, InstrumentStatus};
use crate::corpus::toc::Division;
use crate::corpus::Instrument;
use crate::report::{Format, Words};

/// The table of contents of `division` (the whole instrument when it is the root).
pub fn render(inst: &Instrument, division: &Division, format: Format, words: Words) -> String {
    if format == Format::Json {
        return to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "instrument": inst.id,
            "instrument_title": inst.title,
            "document_number": inst.document_number,
            "status": inst.status,
            "promulgated": inst.promulgated,
            "first_in_force": inst.first_in_force,
            "in_force_until": inst.in_force_until,
            "text_in_force_from": inst.effective,
            "history": inst.history,
            "source_note": inst.source.note,
            "toc": division,
        }));
    }
    let md = format == Format::Markdown;
    let title = inst.title.values().cloned().collect::<Vec<_>>().join(" / ");
    let mut out = String::new();
    if md {
        let _ = writeln!(out, "## {title}\n");
    } else {
        let _ = writeln!(out, "{title}    [{}]", inst.id);
    }
    let mut facts = Vec::new();
    if let Some(n) = &inst.document_number {
        facts.push(n.clone());
    }
    if let Some(d) = inst.promulgated {
        facts.push(words.promulgated(d));
    }
    let in_force = words.instrument_in_force(inst.first_in_force, inst.in_force_until);
    if !in_force.is_empty() {
        facts.push(in_force);
    }
    if inst.status != InstrumentStatus::InForce {
        facts.push(words.instrument_status(inst.status).to_string());
    }
    if let Some(d) = inst.effective.filter(|&d| Some(d) != inst.first_in_force) {
        facts.push(words.text_held_from(d));
    }
    facts.push(words.provisions_recorded(
        division.count(),
        (division.address != inst.id).then_some(division.heading.as_str()),
    ));
    let sep = if words == Words::En { "; " } else { "；" };
    let _ = writeln!(out, "{}\n", facts.join(sep));
    if division.address == inst.id && !inst.history.is_empty() {
        write_history(&mut out, inst, md, words);
    }
    if division.address != inst.id {
        write_division(&mut out, division, 0, md);
    } else {
        write_entries(&mut out, division, 0, md);
        for d in &division.divisions {
            write_division(&mut out, d, 0, md);
        }
    }
    out
}

/// The instrument's history, a line per event: date, kind, document and in-force date.
fn write_history(out: &mut String, inst: &Instrument, md: bool, words: Words) {
    let head = words.history();
    let _ = writeln!(out, "{head}{}", if md { "\n" } else { "" });
    for e in &inst.history {
        let mut line = format!("{}  {}", e.date, words.event(e.kind));
        let _ = write!(line, "  {}", history::event_name(e));
        match e.in_force {
            Some(d) if e.kind != Some(EventKind::Ended) => {
                line.push_str(&words.event_in_force(d));
            }
            _ => {}
        }
        if e.checked_against.is_empty() {
            line.push_str(words.not_checked());
        }
        if md {
            let _ = writeln!(out, "- {line}");
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(out);
}

fn write_division(out: &mut String, d: &Division, depth: usize, md: bool) {
    if md {
        let _ = writeln!(
            out,
            "{} {}  `{}`\n",
            "#".repeat((depth + 3).min(6)),
            d.heading,
            d.address
        );
    } else {
        let _ = writeln!(
            out,
            "{}{}    [{}]",
            "  ".repeat(depth),
            d.heading,
            d.address
        );
    }
    write_entries(out, d, depth + 1, md);
    if md && !d.provisions.is_empty() {
        let _ = writeln!(out);
    }
    for sub in &d.divisions {
        write_division(out, sub, depth + 1, md);
    }
}

fn write_entries(out: &mut String, d: &Division, depth: usize, md: bool) {
    for p in &d.provisions {
        if md {
            let _ = writeln!(out, "- `{}` {}", p.address, p.heading);
        } else {
            let _ = writeln!(out, "{}{}  {}", "  ".repeat(depth), p.address, p.heading);
        }
    }
}
