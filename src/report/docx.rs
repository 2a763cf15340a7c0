//! The classification memo as a Word document (`classify --format docx`): a title block
//! with the scheme, the date of the law applied, the tool's version and the hashes of the
//! corpus and rules; a summary of the answers marking contested ones, warnings and open
//! questions; per jurisdiction the answer, the contested readings and the questions still
//! open first, then the reasoning and every provision relied on quoted with its status and
//! citation. The words are those of the other reports ([`Words`]), in the report's
//! language.
//!
//! The memo is first laid out as [`Block`]s (headings, paragraphs, quotations, a table),
//! then written as WordprocessingML with `docx-rs`.

use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell, TableRow,
    WidthType,
};

use super::classify::{conflict_text, contested_line, fact_relied, facts_read};
use super::words::{Part, Words};
use crate::corpus::citation::display_citation;
use crate::corpus::Jurisdiction;
use crate::diagnostic::{Error, Result};
use crate::rules::check::AppliedProposal;
use crate::rules::outcome::{CitedProvision, Evaluation};
use crate::scheme::Scheme;

/// A piece of a paragraph's text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Span {
    text: String,
    bold: bool,
    italic: bool,
}

impl Span {
    fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }

    fn bold(text: impl Into<String>) -> Span {
        Span {
            bold: true,
            ..Span::plain(text)
        }
    }

    fn italic(text: impl Into<String>) -> Span {
        Span {
            italic: true,
            ..Span::plain(text)
        }
    }
}

/// One block of the memo, as laid out before it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    /// The memo's title.
    Title(String),
    /// A heading of level 1 (a jurisdiction) or 2 (a part of its section).
    Heading(u8, String),
    /// A paragraph.
    Para(Vec<Span>),
    /// An item of a list.
    Item(Vec<Span>),
    /// A paragraph of quoted statute text.
    Quote(String),
    /// A table: its header row, then its rows.
    Table(Vec<String>, Vec<Vec<String>>),
}

/// A label as it opens a paragraph: `Answer: ` or `结论：`.
fn label(w: Words, part: Part) -> Span {
    Span::bold(format!("{}{}", w.label(part), w.colon()))
}

/// A jurisdiction's name in the memo's language.
fn jurisdiction_name(code: &str, w: Words) -> String {
    Jurisdiction::from_code(code).map_or_else(
        || code.to_string(),
        |j| j.info().name_in(w.code()).to_string(),
    )
}

/// An evaluation's answer in words: kind (in the jurisdiction's own terms) and
/// compliance, or why there is none.
fn answer_text(e: &Evaluation, w: Words) -> String {
    match e.compliance {
        Some(_) => {
            let sep = match w {
                Words::En => "; ",
                Words::Zh | Words::Ja => "；",
            };
            format!(
                "{}{sep}{}",
                w.kind_in(e.kind, &e.jurisdiction),
                w.compliance_in(e.compliance, &e.jurisdiction)
            )
        }
        None => w.no_answer(!e.conflicts.is_empty()).to_string(),
    }
}

/// A missing fact's question in the memo's language (English, marked `[en]`, where it
/// has none).
fn question(m: &crate::rules::outcome::MissingFact, w: Words) -> String {
    let q = match w {
        Words::En => Some(m.question_en.clone()),
        Words::Zh => m.question_zh.clone(),
        Words::Ja => m.question_ja.clone(),
    };
    let q = q.unwrap_or_else(|| format!("[en] {}", m.question_en));
    format!("{q} ({})", m.fact)
}

/// The provision's heading, or its citation when it has none.
fn heading_of(c: &CitedProvision) -> String {
    if c.heading.is_empty() || c.heading == c.address {
        display_citation(&c.address)
    } else {
        c.heading.clone()
    }
}

/// Quotes a provision: its heading, its citation and address, a note when it was not in
/// force on the date, then each text held (the authentic one first) with its status.
fn quote(blocks: &mut Vec<Block>, c: &CitedProvision, w: Words) {
    blocks.push(Block::Para(vec![Span::bold(
        w.cited_as(&heading_of(c), &c.address),
    )]));
    if let Some(note) = &c.not_in_force {
        blocks.push(Block::Para(vec![Span::italic(note.clone())]));
    }
    let mut texts: Vec<(&str, &str, Option<&str>)> = Vec::new();
    if let Some(a) = &c.authentic {
        texts.push((&a.language, &a.text_status, Some(&a.text)));
    }
    texts.push((&c.language, &c.text_status, c.text.as_deref()));
    for (language, status, text) in texts {
        blocks.push(Block::Para(vec![Span::italic(
            w.quote_label(language, status),
        )]));
        if let Some(text) = text {
            blocks.extend(
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| Block::Quote(l.to_string())),
            );
        }
    }
}

/// The memo laid out: title block, summary, one section per jurisdiction, the provisions
/// cited, and what the texts are.
fn memo(scheme: &Scheme, evals: &[Evaluation], proposals: &[AppliedProposal]) -> Vec<Block> {
    let w = Words::of(evals.first().map_or("en", |e| e.language.as_str()));
    let date = evals
        .first()
        .map(|e| e.as_of.to_string())
        .unwrap_or_default();
    let mut blocks = vec![Block::Title(w.classification_title(&scheme.name, &date))];
    let [scheme_row, date_row, tool_row, corpus_row, rules_row] = w.title_block();
    let mut rows = vec![
        vec![
            scheme_row.to_string(),
            format!("{} ({})", scheme.name, scheme.source.name),
        ],
        vec![date_row.to_string(), date.clone()],
        vec![
            tool_row.to_string(),
            format!("mutua {}", env!("CARGO_PKG_VERSION")),
        ],
    ];
    if let Some(p) = super::provenance() {
        rows.push(vec![corpus_row.to_string(), p.corpus_hash.clone()]);
        rows.push(vec![rules_row.to_string(), p.rules_hash.clone()]);
    }
    blocks.push(Block::Table(Vec::new(), rows));
    for p in proposals {
        blocks.push(Block::Para(vec![Span::bold(w.proposed(
            &p.title,
            &p.file,
            p.jurisdiction.info().name_in(w.code()),
        ))]));
    }

    blocks.push(Block::Heading(1, w.summary().to_string()));
    let [j_head, answer_head, _] = w.summary_heads();
    let summary = evals
        .iter()
        .map(|e| {
            vec![
                jurisdiction_name(&e.jurisdiction, w),
                answer_text(e, w),
                Some(w.summary_notes(
                    !e.contested.is_empty(),
                    e.warnings.len(),
                    e.undecided_by.len(),
                ))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "—".to_string()),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        vec![
            j_head.to_string(),
            answer_head.to_string(),
            w.notes_head().to_string(),
        ],
        summary,
    ));

    let mut bibliography: Vec<&CitedProvision> = Vec::new();
    for e in evals {
        blocks.push(Block::Heading(1, jurisdiction_name(&e.jurisdiction, w)));
        blocks.push(Block::Para(vec![
            label(w, Part::Answer),
            Span::plain(answer_text(e, w)),
        ]));
        for c in &e.contested {
            blocks.push(Block::Para(vec![Span::plain(contested_line(
                c,
                false,
                w,
                &e.jurisdiction,
            ))]));
        }
        if let Some((sentence, lines)) = conflict_text(&e.conflicts) {
            blocks.push(Block::Para(vec![
                label(w, Part::Conflict),
                Span::plain(sentence),
            ]));
            blocks.extend(lines.into_iter().map(|l| Block::Item(vec![Span::plain(l)])));
        }
        for warning in &e.warnings {
            blocks.push(Block::Para(vec![
                label(w, Part::Warning),
                Span::plain(warning.clone()),
            ]));
        }
        if !e.undecided_by.is_empty() {
            blocks.push(Block::Heading(2, w.label(Part::Ask).to_string()));
            blocks.extend(
                e.undecided_by
                    .iter()
                    .map(|m| Block::Item(vec![Span::plain(question(m, w))])),
            );
        }
        let deciding = crate::rules::diff::deciding_rule(e);
        if let Some(r) = deciding {
            blocks.push(Block::Heading(2, w.label(Part::Reasoning).to_string()));
            if let Some(b) = &r.because {
                let mark = r
                    .because_language
                    .as_ref()
                    .map(|l| format!("[{l}] "))
                    .unwrap_or_default();
                blocks.push(Block::Para(vec![
                    label(w, Part::Why),
                    Span::plain(format!("{mark}{b}")),
                ]));
            }
            let mut read = Vec::new();
            facts_read(&r.conditions, &mut read);
            let facts: Vec<String> = read
                .iter()
                .filter(|(_, v)| v.is_some())
                .map(|(n, v)| fact_relied(e, n, v, w))
                .collect();
            if !facts.is_empty() {
                blocks.push(Block::Para(vec![label(w, Part::FactsRelied)]));
                blocks.extend(facts.into_iter().map(|f| Block::Item(vec![Span::plain(f)])));
            }
            blocks.push(Block::Para(vec![
                label(w, Part::Rule),
                Span::plain(format!("{} ({})", r.rule, r.defined_at)),
            ]));
        }
        let mut cited: Vec<&CitedProvision> = Vec::new();
        for c in deciding
            .into_iter()
            .flat_map(|r| r.cites.iter())
            .chain(e.contested.iter().flat_map(|c| c.quotes.iter()))
        {
            if !cited.iter().any(|b| b.address == c.address) {
                cited.push(c);
            }
        }
        if !cited.is_empty() {
            blocks.push(Block::Heading(2, w.label(Part::Provisions).to_string()));
            for c in &cited {
                quote(&mut blocks, c, w);
            }
        }
        for c in cited {
            if !bibliography.iter().any(|b| b.address == c.address) {
                bibliography.push(c);
            }
        }
    }
    if !bibliography.is_empty() {
        blocks.push(Block::Heading(1, w.label(Part::Cited).to_string()));
        blocks.extend(bibliography.into_iter().map(|c| {
            Block::Item(vec![
                Span::plain(w.cited_as(&heading_of(c), &c.address)),
                Span::italic(format!(" {}", w.quote_label(&c.language, &c.text_status))),
            ])
        }));
    }
    blocks.push(Block::Para(vec![Span::plain(w.texts_line(0))]));
    blocks.push(Block::Para(vec![Span::plain(
        super::provenance_line_in(w).trim().to_string(),
    )]));
    blocks
}

/// A run of text, bold or italic as the span says.
fn run(span: &Span) -> Run {
    let mut r = Run::new().add_text(span.text.as_str());
    if span.bold {
        r = r.bold();
    }
    if span.italic {
        r = r.italic();
    }
    r
}

/// A table of plain cells, its header row in bold.
fn table(head: &[String], rows: &[Vec<String>]) -> Table {
    let cell = |text: &str, bold: bool| {
        let mut r = Run::new().add_text(text);
        if bold {
            r = r.bold();
        }
        TableCell::new().add_paragraph(Paragraph::new().add_run(r))
    };
    let mut all = Vec::new();
    if !head.is_empty() {
        all.push(TableRow::new(head.iter().map(|h| cell(h, true)).collect()));
    }
    for row in rows {
        all.push(TableRow::new(
            row.iter()
                .enumerate()
                .map(|(i, c)| cell(c, head.is_empty() && i == 0))
                .collect(),
        ));
    }
    // the width of the page between the margins (in fiftieths of a percent)
    Table::new(all).width(5000, WidthType::Pct)
}

/// The styles the memo's blocks use: a title, two levels of heading and quotations.
fn styles(doc: Docx) -> Docx {
    doc.add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .size(36)
            .bold(),
    )
    .add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .size(30)
            .bold()
            .outline_lvl(0),
    )
    .add_style(
        Style::new("Heading2", StyleType::Paragraph)
            .name("heading 2")
            .size(26)
            .bold()
            .outline_lvl(1),
    )
    .add_style(
        Style::new("Quote", StyleType::Paragraph)
            .name("Quote")
            .indent(Some(720), None, Some(360), None),
    )
    .add_style(
        Style::new("ListParagraph", StyleType::Paragraph)
            .name("List Paragraph")
            .indent(
                Some(720),
                Some(docx_rs::SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
    )
}

/// The memo of one scheme's evaluations as the bytes of a `.docx` file.
pub fn render(
    scheme: &Scheme,
    evals: &[Evaluation],
    proposals: &[AppliedProposal],
) -> Result<Vec<u8>> {
    let w = Words::of(evals.first().map_or("en", |e| e.language.as_str()));
    let mut doc = styles(Docx::new()).default_size(22);
    // a face for Chinese or Japanese text that Word and LibreOffice substitute when absent
    doc = match w {
        Words::En => doc,
        Words::Zh => doc.default_fonts(RunFonts::new().east_asia("SimSun")),
        Words::Ja => doc.default_fonts(RunFonts::new().east_asia("MS Mincho")),
    };
    for block in memo(scheme, evals, proposals) {
        doc = match block {
            Block::Title(t) => doc.add_paragraph(
                Paragraph::new()
                    .style("Title")
                    .add_run(Run::new().add_text(t)),
            ),
            Block::Heading(level, t) => doc.add_paragraph(
                Paragraph::new()
                    .style(if level == 1 { "Heading1" } else { "Heading2" })
                    .keep_next(true)
                    .add_run(Run::new().add_text(t)),
            ),
            Block::Para(spans) => doc.add_paragraph(
                spans
                    .iter()
                    .fold(Paragraph::new(), |p, s| p.add_run(run(s))),
            ),
            Block::Item(spans) => doc.add_paragraph(
                spans.iter().fold(
                    Paragraph::new()
                        .style("ListParagraph")
                        .add_run(Run::new().add_text("•").add_tab()),
                    |p, s| p.add_run(run(s)),
                ),
            ),
            Block::Quote(t) => doc.add_paragraph(
                Paragraph::new()
                    .style("Quote")
                    .align(AlignmentType::Both)
                    .add_run(Run::new().add_text(t)),
            ),
            Block::Table(head, rows) => doc
                .add_table(table(&head, &rows))
                .add_paragraph(Paragraph::new()),
        };
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| Error::msg(format!("cannot write the Word document: {e}")))?;
    Ok(bytes.into_inner())
}
