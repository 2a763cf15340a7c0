//! Rendering `mutua compare`: a topic side by side (text for a terminal, a Markdown table
//! for a paper, JSON for programs), and the list of topics.

use std::fmt::Write as _;

use serde_json::json;

use super::{to_json, SCHEMA_VERSION};
use crate::compare::{CitedProvision, Comparison};
use crate::corpus::concepts::Vocabulary;
use crate::report::{Format, Words};

/// The status line of a cited provision: what the cell gives, and the status of the texts
/// the corpus holds of it.
fn status(p: &CitedProvision, words: Words) -> String {
    let texts: Vec<String> = p
        .text_status
        .iter()
        .map(|(lang, s)| format!("{lang} {}", words.status_word(*s)))
        .collect();
    words.cell_status(words.basis(p.basis), &texts)
}

/// Why a cell is empty, after its mark; a reason recorded in English is marked `[en]` in
/// a report in another language.
fn no_provision(cell: &crate::compare::Cell, why: &str, words: Words) -> String {
    let mark = if cell.no_provision_recorded && words != Words::En {
        " [en]"
    } else {
        ""
    };
    format!("{}{mark} {why}", words.no_provision())
}

/// A comparison in the format asked for: the topic's title and question, the words
/// around the cells and mutua's reasons in the language of `words`.
pub fn render(c: &Comparison, format: Format, words: Words) -> String {
    match format {
        Format::Json => to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "topic": c.topic,
            "as_of": c.as_of,
            "cells": c.cells,
        })),
        Format::Markdown => markdown(c, words),
        Format::Text => text(c, words),
    }
}

fn date_note(c: &Comparison, words: Words) -> String {
    c.as_of
        .map(|d| words.law_in_force_on(d))
        .unwrap_or_default()
}

/// The topic's title (with the date asked about) and question in the report's language,
/// `[en]` after them when they have no translation.
fn topic_lines(c: &Comparison, words: Words) -> (String, String) {
    let (title, question, english) = c.topic.text_in(words.code());
    let mark = if english { " [en]" } else { "" };
    (
        format!("{title}{}{mark}", date_note(c, words)),
        question.to_string(),
    )
}

fn text(c: &Comparison, words: Words) -> String {
    let mut out = String::new();
    let (title, question) = topic_lines(c, words);
    let _ = writeln!(out, "{title}  [{}]", c.topic.id);
    let _ = writeln!(out, "{question}");
    for cell in &c.cells {
        let name = cell.jurisdiction.info().name_in(words.code());
        let width = unicode_width::UnicodeWidthStr::width(name);
        let _ = writeln!(
            out,
            "\n── {name} {}",
            "─".repeat(60usize.saturating_sub(width))
        );
        if let Some(why) = &cell.no_provision {
            let _ = writeln!(out, "{}", no_provision(cell, why, words));
        }
        for p in &cell.provisions {
            let _ = writeln!(out, "{}  [{}]", p.citation, p.address);
            let (open, close) = if words == Words::En {
                ("(", ")")
            } else {
                ("（", "）")
            };
            let _ = writeln!(out, "  {open}{}{close}", status(p, words));
            let _ = writeln!(out, "  {}", p.content.replace('\n', "\n  "));
        }
    }
    out
}

/// Pipes and line breaks would break a Markdown table cell.
pub(super) fn cell_text(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(c: &Comparison, words: Words) -> String {
    let mut out = String::new();
    let (title, question) = topic_lines(c, words);
    let _ = writeln!(out, "### {title}\n");
    let _ = writeln!(out, "{question}\n");
    let names: Vec<&str> = c
        .cells
        .iter()
        .map(|x| x.jurisdiction.info().name_in(words.code()))
        .collect();
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
                        status(p, words),
                        cell_text(&p.content)
                    )
                })
                .collect();
            if let Some(why) = &cell.no_provision {
                let line = no_provision(cell, why, words);
                let (mark, why) = line.split_at(line.len() - why.len());
                parts.push(format!("*{}* {}", mark.trim_end(), cell_text(why)));
            }
            parts.join("<br><br>")
        })
        .collect();
    let _ = writeln!(out, "| {} |", cells.join(" | "));
    out
}

/// The topics of `compare`, with the tags each is built from.
pub fn list(v: &Vocabulary, format: Format, words: Words) -> String {
    let [topic_head, title_head, tags_head] = words.topic_heads();
    match format {
        Format::Json => to_json(json!({
            "schema_version": SCHEMA_VERSION,
            "topics": v.topics,
            "concepts": v.concepts,
        })),
        Format::Markdown => {
            let mut out = format!("| {topic_head} | {title_head} | {tags_head} |\n|---|---|---|\n");
            for t in &v.topics {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} |",
                    t.id,
                    t.text_in(words.code()).0,
                    t.concepts.join(", ")
                );
            }
            out
        }
        Format::Text => {
            let width = v.topics.iter().map(|t| t.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for t in &v.topics {
                let (open, colon, close) = if words == Words::En {
                    ("(", ": ", ")")
                } else {
                    ("（", "：", "）")
                };
                let _ = writeln!(
                    out,
                    "{:width$}  {}  {open}{tags_head}{colon}{}{close}",
                    t.id,
                    t.text_in(words.code()).0,
                    t.concepts.join(", ")
                );
            }
            let _ = writeln!(
                out,
                "{}",
                words.any_tag(&v.tags().collect::<Vec<_>>().join(", "))
            );
            out
        }
    }
}
