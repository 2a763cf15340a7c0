//! Rendering tables of contents: an instrument or a division, its provisions grouped by
//! division, each with its address and heading.

use std::fmt::Write as _;

use serde_json::json;

use super::{to_json, SCHEMA_VERSION};
use crate::corpus::toc::Division;
use crate::corpus::Instrument;
use crate::report::Format;

/// The table of contents of `division` (the whole instrument when it is the root).
pub fn render(inst: &Instrument, division: &Division, format: Format) -> String {
    if format == Format::Json {
        return to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "instrument": inst.id,
            "instrument_title": inst.title,
            "document_number": inst.document_number,
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
    if let Some(d) = inst.effective {
        facts.push(format!("in force from {d}"));
    }
    facts.push(format!(
        "{} provisions recorded{}",
        division.count(),
        if division.address == inst.id {
            String::new()
        } else {
            format!(" in {}", division.heading)
        }
    ));
    let _ = writeln!(out, "{}\n", facts.join("; "));
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
