//! `mutua sources`: where each instrument's text comes from (shipped, imported, fetched,
//! with date and sha256), how many of its provisions hold verbatim, unverified, translated,
//! modified or no text, whether its texts still match the checksum written with them, and
//! whether the official text can be fetched.

use std::fmt::Write;

use serde::Serialize;

use crate::corpus::integrity::{self, TextCheck};
use crate::corpus::model::{Provision, Source, TextStatus};
use crate::corpus::{user, Corpus, CorpusFiles};
use crate::report::Format;

/// Provisions of an instrument by the status of their text.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct StatusCounts {
    /// Text copied from an official or verified file.
    pub verbatim: usize,
    /// Text transcribed without an official copy to check against.
    pub unverified: usize,
    /// Only a translation.
    pub translation: usize,
    /// Text changed since it was fetched or imported.
    pub modified: usize,
    /// No text (a caption, a summary, or a heading of its parts).
    pub no_text: usize,
}

/// One instrument's provenance.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentSource {
    /// The instrument id.
    pub id: String,
    /// `shipped`, `fetched` (the user's corpus) or `imported` (a `--corpus` folder).
    pub origin: &'static str,
    /// The instrument's source.
    pub source: Source,
    /// Provisions by text status (the newest version of each).
    pub counts: StatusCounts,
    /// The texts against the checksum written with them, when `fetch` or `import` wrote one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub texts: Option<TextCheck>,
    /// The command that fetches the official text, when there is an official source.
    pub fetch: Option<String>,
}

/// The provenance of every instrument of a corpus; `files` tells which came from the
/// user's corpus, `shipped` whether the base is the shipped corpus.
pub fn sources(corpus: &Corpus, files: &CorpusFiles, shipped: bool) -> Vec<InstrumentSource> {
    corpus
        .instruments
        .iter()
        .map(|inst| {
            let origin = if user::user_file(files, &inst.id).is_some() {
                "fetched"
            } else if shipped {
                "shipped"
            } else {
                "imported"
            };
            let mut counts = StatusCounts::default();
            count(&inst.provisions, &mut counts);
            InstrumentSource {
                id: inst.id.clone(),
                origin,
                source: inst.source.clone(),
                counts,
                texts: integrity::check(inst),
                fetch: inst
                    .source
                    .fetch
                    .as_ref()
                    .map(|from| crate::fetch::fetch_command(&inst.id, from)),
            }
        })
        .collect()
}

fn count(provisions: &[Provision], c: &mut StatusCounts) {
    for p in provisions {
        let statuses: Vec<TextStatus> = p
            .versions
            .last()
            .map(|v| v.text.values().map(|t| t.status).collect())
            .unwrap_or_default();
        if statuses.contains(&TextStatus::Modified) {
            c.modified += 1;
        } else if statuses.contains(&TextStatus::Verbatim) {
            c.verbatim += 1;
        } else if statuses.contains(&TextStatus::Unverified) {
            c.unverified += 1;
        } else if statuses.contains(&TextStatus::Translation) {
            c.translation += 1;
        } else {
            c.no_text += 1;
        }
        count(&p.children, c);
    }
}

/// Renders the provenance list: one line per instrument, or JSON.
pub fn render(list: &[InstrumentSource], format: Format) -> String {
    if format == Format::Json {
        let v = serde_json::json!({"schema_version": 1, "instruments": list});
        return serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    }
    let md = format == Format::Markdown;
    let mut out = String::new();
    if md {
        let _ = writeln!(out, "| instrument | origin | verbatim | unverified | translation | no text | text from | official text |");
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    }
    let width = list.iter().map(|s| s.id.len()).max().unwrap_or(0);
    for s in list {
        let c = s.counts;
        let from = match (&s.source.sha256, s.source.retrieved) {
            (Some(h), Some(d)) => format!(
                "{} ({d}, sha256 {})",
                s.source.address,
                &h[..h.len().min(12)]
            ),
            (Some(h), None) => format!("{} (sha256 {})", s.source.address, &h[..h.len().min(12)]),
            (None, _) if s.source.is_transcription() => format!(
                "{} (official text: {})",
                s.source.address,
                s.source.official.as_deref().unwrap_or("not recorded")
            ),
            (None, _) => format!("{} (no checksum)", s.source.address),
        };
        // the other copies the texts were checked against, and what each found
        let from = s.source.checked_against.iter().fold(from, |from, c| {
            format!("{from}; checked against {} ({})", c.copy, c.result.as_str())
        });
        let newer = match (&s.fetch, s.origin) {
            (Some(cmd), "fetched") => format!("refetch: {cmd}"),
            (Some(cmd), _) => format!("fetch: {cmd}"),
            (None, _) => "no official source to fetch".to_string(),
        };
        // texts changed by hand since they were written are not the official text
        let modified = s.texts.as_ref().filter(|t| t.is_modified()).map(|t| {
            let again = match &s.fetch {
                Some(cmd) => format!("`{cmd}` restores the official text"),
                None => "import it again to restore the official text".to_string(),
            };
            format!(
                "MODIFIED: texts changed since they were written, in {} of its provisions (texts sha256 expected {}, now {}); {again}",
                c.modified, t.expected_sha256, t.actual_sha256
            )
        });
        if md {
            let origin = match &modified {
                Some(m) => format!("{}, **{m}**", s.origin),
                None => s.origin.to_string(),
            };
            let _ = writeln!(
                out,
                "| `{}` | {origin} | {} | {} | {} | {} | {from} | {newer} |",
                s.id, c.verbatim, c.unverified, c.translation, c.no_text
            );
        } else {
            let _ = writeln!(
                out,
                "{:width$}  {:8}  verbatim {:>3}  unverified {:>3}  translation {:>3}  no text {:>3}  {from}  [{newer}]",
                s.id, s.origin, c.verbatim, c.unverified, c.translation, c.no_text
            );
            if let Some(m) = modified {
                let _ = writeln!(out, "{:width$}  {m}", "");
            }
        }
    }
    out
}
