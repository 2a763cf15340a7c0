//! Rendering `mutua coverage`: per instrument, each provision that defines, excludes,
//! exempts, licenses or sets a transition, with its role and status, and the rules that
//! encode it or the reason they need not (text for a terminal, Markdown tables for a
//! memo, JSON for programs).

use std::fmt::Write as _;

use serde_json::json;

use super::compare::cell_text;
use super::{provenance_line, to_json, Format, SCHEMA_VERSION};
use crate::coverage::{Citer, CiterKind, Coverage, Row, Status, Totals};

/// The map in the format asked for.
pub fn render(c: &Coverage, format: Format) -> String {
    match format {
        Format::Json => to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "jurisdiction": c.jurisdiction,
            "totals": totals_json(&c.totals()),
            "instruments": c.instruments.iter().map(|i| json!({
                "id": i.id,
                "title": i.title,
                "jurisdiction": i.jurisdiction,
                "totals": totals_json(&i.totals()),
                "provisions": i.provisions,
            })).collect::<Vec<_>>(),
        })),
        Format::Markdown => markdown(c),
        Format::Text => text(c),
    }
}

fn totals_json(t: &Totals) -> serde_json::Value {
    let mut m = serde_json::Map::new();
    for s in Status::ALL {
        m.insert(
            serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            json!(t.get(s)),
        );
    }
    json!(m)
}

/// `6 encoded, 8 not encoded, 7 inert` (the statuses that occur).
fn totals_line(t: &Totals) -> String {
    Status::ALL
        .iter()
        .filter(|&&s| t.get(s) > 0)
        .map(|&s| format!("{} {}", t.get(s), s.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn headline(c: &Coverage) -> String {
    let t = c.totals();
    format!(
        "{} provisions that define, exclude, exempt, license or set a transition: {}.",
        t.all(),
        totals_line(&t)
    )
}

/// `rules commercial_insurer, mutual_aid; definitions insurance_contract`, each name
/// wrapped by `quote`.
fn citers(list: &[Citer], quote: &dyn Fn(&str) -> String) -> String {
    let mut groups: Vec<(CiterKind, Vec<String>)> = Vec::new();
    for c in list {
        let name = quote(&c.name);
        match groups.iter_mut().find(|(k, _)| *k == c.kind) {
            Some((_, names)) => names.push(name),
            None => groups.push((c.kind, vec![name])),
        }
    }
    groups
        .into_iter()
        .map(|(k, names)| format!("{} {}", k.plural(), names.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the last column says: the rules that encode the provision, or the reason, with
/// the map's note.
fn detail(row: &Row, quote: &dyn Fn(&str) -> String) -> String {
    let main = match row.status {
        Status::Encoded => citers(&row.encoded_by, quote),
        Status::NotEncoded => "no rule cites it".to_string(),
        _ => row.reason.clone().unwrap_or_default(),
    };
    match &row.note {
        Some(note) if main.ends_with('.') => format!("{main} {note}"),
        Some(note) => format!("{main}. {note}"),
        None => main,
    }
}

fn address(row: &Row) -> &str {
    row.address.as_deref().unwrap_or("(no address)")
}

fn text(c: &Coverage) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", headline(c));
    for inst in &c.instruments {
        let title = format!("{}: {}", inst.id, inst.title);
        let _ = writeln!(
            out,
            "\n── {title} {}",
            "─".repeat(76usize.saturating_sub(title.chars().count()))
        );
        let _ = writeln!(out, "{}\n", totals_line(&inst.totals()));
        let width = inst
            .provisions
            .iter()
            .map(|r| address(r).chars().count())
            .max()
            .unwrap_or(0);
        for row in &inst.provisions {
            let _ = writeln!(
                out,
                "{:width$}  {:10}  {}",
                address(row),
                row.role.as_str(),
                row.status.label()
            );
            let _ = writeln!(out, "    {}", row.caption);
            let why = if row.status == Status::Encoded {
                "by"
            } else {
                "why"
            };
            let _ = writeln!(out, "    {why}: {}", detail(row, &|n| n.to_string()));
        }
    }
    out.push('\n');
    out.push_str(&provenance_line());
    out
}

fn markdown(c: &Coverage) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", headline(c));
    for inst in &c.instruments {
        let _ = writeln!(out, "\n#### `{}`: {}\n", inst.id, cell_text(&inst.title));
        let _ = writeln!(out, "{}.\n", totals_line(&inst.totals()));
        let _ = writeln!(
            out,
            "| address | caption | role | status | rules or reason |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
        for row in &inst.provisions {
            let address = match &row.address {
                Some(a) => format!("`{a}`"),
                None => "(no address)".to_string(),
            };
            let _ = writeln!(
                out,
                "| {address} | {} | {} | {} | {} |",
                cell_text(&row.caption),
                row.role.as_str(),
                row.status.label(),
                cell_text(&detail(row, &|n| format!("`{n}`")))
            );
        }
    }
    out.push('\n');
    out.push_str(&provenance_line());
    out
}
