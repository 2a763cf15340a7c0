//! Rendering `mutua compare`: a topic side by side (text for a terminal, a Markdown table
//! for a paper, JSON for programs), and the list of topics.

use std::fmt::Write as _;

use serde_json::json;

use super::{to_json, SCHEMA_VERSION};
use crate::compare::{CitedProvision, Comparison};
use crate::corpus::concepts::Vocabulary;
use crate::report::Format;

/// The status line of a cited provision: what the cell gives, and the status of the texts
/// the corpus holds of it.
fn status(p: &CitedProvision) -> String {
    let texts: Vec<String> = p
        .text_status
        .iter()
        .map(|(lang, s)| format!("{lang} {}", s.as_str()))
        .collect();
    if texts.is_empty() {
        format!("{}; no text held", p.basis.label())
    } else {
        format!("{}; text: {}", p.basis.label(), texts.join(", "))
    }
}

/// A comparison in the format asked for.
pub fn render(c: &Comparison, format: Format) -> String {
    match format {
        Format::Json => to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "topic": c.topic,
            "as_of": c.as_of,
            "cells": c.cells,
        })),
        Format::Markdown => markdown(c),
        Format::Text => text(c),
    }
}

fn date_note(c: &Comparison) -> String {
    c.as_of
        .map(|d| format!(" (law in force on {d})"))
        .unwrap_or_default()
}

fn text(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}{}  [{}]", c.topic.title, date_note(c), c.topic.id);
    let _ = writeln!(out, "{}", c.topic.question);
    for cell in &c.cells {
        let name = cell.jurisdiction.name();
        let _ = writeln!(out, "\n── {name} {}", "─".repeat(60 - name.len()));
        if let Some(why) = &cell.no_provision {
            let _ = writeln!(out, "No provision. {why}");
        }
        for p in &cell.provisions {
            let _ = writeln!(out, "{}  [{}]", p.citation, p.address);
            let _ = writeln!(out, "  ({})", status(p));
            let _ = writeln!(out, "  {}", p.content.replace('\n', "\n  "));
        }
    }
    out
}

/// Pipes and line breaks would break a Markdown table cell.
pub(super) fn cell_text(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {}{}\n", c.topic.title, date_note(c));
    let _ = writeln!(out, "{}\n", c.topic.question);
    let names: Vec<&str> = c.cells.iter().map(|x| x.jurisdiction.name()).collect();
    let _ = writeln!(out, "| {} |", names.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(names.len()));
    let cells: Vec<String> = c
        .cells
        .iter()
        .map(|cell| {
            let mut parts: Vec<String> = cell
                .provisions
                .iter()
                .map(|p| {
                    format!(
                        "**{}** (`{}`; {}): {}",
                        cell_text(&p.citation),
                        p.address,
                        status(p),
                        cell_text(&p.content)
                    )
                })
                .collect();
            if let Some(why) = &cell.no_provision {
                parts.push(format!("*No provision.* {}", cell_text(why)));
            }
            parts.join("<br><br>")
        })
        .collect();
    let _ = writeln!(out, "| {} |", cells.join(" | "));
    out
}

/// The topics of `compare`, with the tags each is built from.
pub fn list(v: &Vocabulary, format: Format) -> String {
    match format {
        Format::Json => to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "topics": v.topics,
            "concepts": v.concepts,
        })),
        Format::Markdown => {
            let mut out = String::from("| topic | title | tags |\n|---|---|---|\n");
            for t in &v.topics {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} |",
                    t.id,
                    t.title,
                    t.concepts.join(", ")
                );
            }
            out
        }
        Format::Text => {
            let width = v.topics.iter().map(|t| t.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for t in &v.topics {
                let _ = writeln!(
                    out,
                    "{:width$}  {}  (tags: {})",
                    t.id,
                    t.title,
                    t.concepts.join(", ")
                );
            }
            let _ = writeln!(
                out,
                "\nAny concept tag can be compared too: {}",
                v.tags().collect::<Vec<_>>().join(", ")
            );
            out
        }
    }
}
