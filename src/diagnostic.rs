//! One error type for every stage: a message, where it happened (file:line:col and the
//! byte span), a label under the span, a hint, and "did you mean" suggestions.
//! Errors are data here; text is made only by [`Diagnostic::render`].

use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use indexmap::IndexMap;
use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the command.
    Error,
    /// Worth reading; does not stop the command.
    Warning,
    /// Said for information (a search that stopped at its limit): nothing is wrong.
    Note,
}

/// A place in a source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte span in the file.
    #[serde(skip)]
    pub span: Range<usize>,
    /// The file's text, to show the line with a caret under the span.
    #[serde(skip)]
    pub source: Option<Arc<str>>,
}

/// A named text that diagnostics can point into.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (the path as the user gave it).
    pub name: String,
    /// The whole text.
    pub text: Arc<str>,
    /// Byte offsets where each line starts, made on first use: a file with many
    /// diagnostics finds each place in O(log n), not by rescanning the text.
    line_starts: Arc<OnceLock<Vec<usize>>>,
}

impl SourceFile {
    /// A source file from its name and text. A leading byte order mark is dropped.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let text = match text.strip_prefix(BOM) {
            Some(rest) => Arc::from(rest),
            None => text,
        };
        SourceFile {
            name: name.into(),
            text,
            line_starts: Arc::default(),
        }
    }

    /// Reads a text file: its bytes must be UTF-8 (a leading byte order mark is dropped).
    /// A file that cannot be read, or is not UTF-8, is an error saying so and where.
    pub fn read(path: &Path) -> Result<SourceFile> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Error::input(unreadable(path, &e)))?;
        Ok(SourceFile::new(name.clone(), decode_text(&name, bytes)?))
    }

    /// Reads a text file (see [`SourceFile::read`]) if it holds at most `limit` bytes;
    /// `None` when it holds more, found before the file is read whole.
    pub fn read_at_most(path: &Path, limit: u64) -> Result<Option<SourceFile>> {
        let file = std::fs::File::open(path).map_err(|e| Error::input(unreadable(path, &e)))?;
        if file.metadata().is_ok_and(|m| m.len() > limit) {
            return Ok(None);
        }
        let name = path.display().to_string();
        SourceFile::read_from(name, file, limit, |e| unreadable(path, &e))
    }

    /// Reads UTF-8 text from `reader` (standard input, say) if it holds at most `limit`
    /// bytes; `None` when it holds more, found as soon as the limit is passed, without
    /// reading the rest. `unreadable` says what a failure to read means.
    pub fn read_from(
        name: impl Into<String>,
        reader: impl std::io::Read,
        limit: u64,
        unreadable: impl FnOnce(std::io::Error) -> Diagnostic,
    ) -> Result<Option<SourceFile>> {
        let name = name.into();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut reader.take(limit.saturating_add(1)), &mut bytes)
            .map_err(|e| Error::input(unreadable(e)))?;
        if bytes.len() as u64 > limit {
            return Ok(None);
        }
        let text = decode_text(&name, bytes)?;
        Ok(Some(SourceFile::new(name, text)))
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The location of a byte span.
    pub fn span(&self, span: Range<usize>) -> Location {
        let text: &str = &self.text;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= start);
        let line_start = starts[line - 1];
        Location {
            file: self.name.clone(),
            line,
            column: text[line_start..start].chars().count() + 1,
            span: start..end,
            source: Some(self.text.clone()),
        }
    }

    /// The location of a 1-based line and column, spanning `len` bytes.
    pub fn line_col(&self, line: usize, column: usize, len: usize) -> Location {
        let text: &str = &self.text;
        let starts = self.line_starts();
        let line_start = starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        let offset = text[line_start..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| line_start + i);
        let mut loc = self.span(offset..offset.saturating_add(len));
        loc.line = line;
        loc.column = column;
        loc
    }

    /// The first control character of the text that no text a user writes holds (NUL and
    /// the other C0 and C1 controls, DEL; tab, line feed and carriage return are text), as
    /// an error at its line and column. YAML readers stop at a NUL, so a file holding one
    /// would otherwise be read only up to it, silently.
    pub fn control_character(&self, what: &str) -> Option<Diagnostic> {
        let (at, c) = self
            .text
            .char_indices()
            .find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))?;
        let name = match c {
            '\0' => "a NUL byte".to_string(),
            c => format!("the control character U+{:04X}", c as u32),
        };
        Some(Diagnostic::error(format!("{what} holds {name}"))
            .at(self.span(at..at + c.len_utf8()))
            .label("here")
            .help(
                "remove it: it is not text (was the file saved by a word processor, or truncated?)",
            ))
    }
}

/// The byte order mark some editors put at the start of a UTF-8 file.
const BOM: char = '\u{feff}';

fn unreadable(path: &Path, e: &std::io::Error) -> Diagnostic {
    let help = match e.kind() {
        std::io::ErrorKind::NotFound => "check the file's path",
        std::io::ErrorKind::PermissionDenied => "check that the file is readable",
        _ if path.is_dir() => "give a file, not a folder",
        _ => "check the file's path and that it is readable",
    };
    Diagnostic::error(format!("cannot read {}: {e}", path.display())).help(help)
}

/// The text of a file's bytes, which must be UTF-8 (a leading byte order mark is
/// dropped). Otherwise an error at the first bad byte, with a hint to convert it (and
/// how, when the bytes look like GBK, the common encoding of Chinese text).
pub fn decode_text(name: &str, bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with(BOM) {
                text.drain(..BOM.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let shown = SourceFile::new(name, String::from_utf8_lossy(&bytes[..bad]).into_owned());
            let mut loc = shown.span(bad..bad);
            loc.source = None;
            let help = if looks_like_gbk(&bytes[bad..]) {
                format!("it looks like GBK (GB 18030), an encoding of Chinese text: convert it to UTF-8, e.g. `iconv -f GB18030 -t UTF-8 {name} > converted`, and use the converted file")
            } else {
                "save or convert the file as UTF-8 text".to_string()
            };
            Err(Error::input(
                Diagnostic::error(format!(
                    "this file is not UTF-8 text: its byte 0x{:02X} here (offset {bad}) is not UTF-8",
                    bytes[bad]
                ))
                .at(loc)
                .help(help),
            ))
        }
    }
}

/// Whether bytes read like GBK / GB 18030 double-byte characters: a lead byte 0x81–0xFE
/// and a trail byte 0x40–0xFE (not 0x7F), for most of the non-ASCII bytes.
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let (mut pairs, mut other) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len().min(4096) {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
        } else if (0x81..=0xFE).contains(&b)
            && bytes
                .get(i + 1)
                .is_some_and(|t| (0x40..=0xFE).contains(t) && *t != 0x7F)
        {
            pairs += 1;
            i += 2;
        } else {
            other += 1;
            i += 1;
        }
    }
    pairs > 0 && other * 10 <= pairs
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A problem found in the user's input, located where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where, if the problem has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// A short note shown under the span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with a message and no place.
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            label: None,
            help: None,
        }
    }

    /// A warning with a message and no place.
    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// A note with a message and no place.
    pub fn note(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    /// Sets the place.
    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// Sets the label under the span.
    pub fn label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Sets the hint.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Renders the diagnostic for a person: `file:line:col`, the source line with a caret
    /// under the span (when `source` holds the file's text), the label and the hint.
    pub fn render(&self, color: bool) -> String {
        let source = self.location.as_ref().and_then(|l| l.source.as_deref());
        let kind = match self.severity {
            Severity::Error => ariadne::ReportKind::Error,
            Severity::Warning => ariadne::ReportKind::Warning,
            Severity::Note => ariadne::ReportKind::Custom("Note", ariadne::Color::Fixed(81)),
        };
        match (&self.location, source) {
            (Some(loc), Some(text)) => {
                let config = ariadne::Config::default().with_color(color);
                let excerpt = excerpt(text, &loc.span);
                let (start, end) = (excerpt.start, excerpt.end);
                // user text may hold control characters: they are shown, not obeyed
                let text = display_safe(&excerpt.text);
                let file = display_safe(&loc.file);
                let id = file.as_ref();
                // ariadne draws the underline only for a label with a message
                let label = ariadne::Label::new((id, start..end))
                    .with_message(display_safe(self.label.as_deref().unwrap_or("here")));
                let mut report = ariadne::Report::build(kind, (id, start..end))
                    .with_config(config)
                    .with_message(format!(
                        "{id}:{}:{}: {}",
                        loc.line,
                        loc.column,
                        display_safe(&self.message)
                    ))
                    .with_label(label);
                if let Some(h) = &self.help {
                    report = report.with_help(display_safe(h));
                }
                let mut out = Vec::new();
                match report
                    .finish()
                    .write((id, ariadne::Source::from(text.as_ref())), &mut out)
                {
                    Ok(()) => {
                        let out = String::from_utf8_lossy(&out).into_owned();
                        // ariadne colours a kind of its own even without colour: taken off
                        let out = if !color && self.severity == Severity::Note {
                            without_colour(&out)
                        } else {
                            out
                        };
                        match excerpt.cut_before {
                            0 => out,
                            // ariadne counts the column in the part of the line shown:
                            // the place it names is put right
                            cut => {
                                let (line, column) = (excerpt.line, excerpt.column);
                                out.replacen(
                                    &format!(" {id}:{line}:{column} "),
                                    &format!(" {id}:{line}:{} ", column + cut),
                                    1,
                                )
                            }
                        }
                    }
                    Err(_) => self.render_plain(),
                }
            }
            _ => self.render_plain(),
        }
    }

    /// Renders without the source excerpt: `file:line:col: error: message` and the hint.
    pub fn render_plain(&self) -> String {
        let mut out = String::new();
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        if let Some(loc) = &self.location {
            let _ = write!(out, "{}:{}:{}: ", loc.file, loc.line, loc.column);
        }
        let _ = writeln!(out, "{kind}: {}", self.message);
        if let Some(l) = &self.label {
            let _ = writeln!(out, "  note: {l}");
        }
        if let Some(h) = &self.help {
            let _ = writeln!(out, "  help: {h}");
        }
        display_safe(&out).into_owned()
    }
}

/// Text without its colour codes (`ESC [ ... m`). The text a user wrote is shown with its
/// control characters made visible (see [`display_safe`]), so every escape left is one of
/// the renderer's.
fn without_colour(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // skip to the end of the sequence
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The part of a file a diagnostic shows (see [`excerpt`]).
struct Excerpt {
    /// The lines shown, after as many empty lines as come before them in the file.
    text: String,
    /// The span in characters within `text` (non-empty, as ariadne needs).
    start: usize,
    end: usize,
    /// The 1-based line and column (in `text`'s line) where the span starts.
    line: usize,
    column: usize,
    /// How many characters of the line were left out before the part shown.
    cut_before: usize,
}

/// A line longer than this many characters is shown only in part, around the span.
const LONG_LINE: usize = 160;
/// How many characters of a long line are shown: [`BEFORE_SPAN`] before the span, the
/// rest from it on, with `…` where the line is cut.
const SHOWN_OF_LONG_LINE: usize = 80;
/// How many characters before the span a long line's excerpt shows.
const BEFORE_SPAN: usize = 30;
/// A span over lines of more than this many characters shows its first line only.
const LONG_SPAN: usize = 1_000;

/// The part of `text` that a diagnostic at byte `span` shows, and the span in characters
/// within it. The lines before the span's first line are left as empty lines, so that line
/// numbers stay right while a diagnostic in a large file costs only its lines, not the
/// whole text. A span on a line longer than [`LONG_LINE`] characters shows only that line,
/// cut to [`SHOWN_OF_LONG_LINE`] characters around the span, and a span over more than
/// [`LONG_SPAN`] characters shows only its first line: a diagnostic in a file of one line
/// of megabytes stays a few lines long.
fn excerpt(text: &str, span: &Range<usize>) -> Excerpt {
    if text.is_empty() {
        return Excerpt {
            text: " ".to_string(),
            start: 0,
            end: 1,
            line: 1,
            column: 1,
            cut_before: 0,
        };
    }
    // a span at the very end points at the last character
    let start = floor_char_boundary(text, span.start.min(text.len() - 1));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let first_line = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let lines_before = text[..first_line].matches('\n').count();
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let last_line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let mut shown = "\n".repeat(lines_before);
    let long_line = text[first_line..line_end].chars().nth(LONG_LINE).is_some();
    if long_line
        || text[first_line..last_line_end]
            .chars()
            .nth(LONG_SPAN)
            .is_some()
    {
        // only the span's first line; a long one from a little before the span
        let (from, to) = if long_line {
            let from = text[first_line..start]
                .char_indices()
                .rev()
                .take(BEFORE_SPAN)
                .last()
                .map_or(start, |(i, _)| first_line + i);
            let to = text[from..line_end]
                .char_indices()
                .nth(SHOWN_OF_LONG_LINE)
                .map_or(line_end, |(i, _)| from + i);
            (from, to)
        } else {
            (first_line, line_end)
        };
        let cut_before = text[first_line..from].chars().count();
        let lead = if cut_before > 0 { "…" } else { "" };
        shown.push_str(lead);
        shown.push_str(&text[from..to]);
        if to < line_end {
            shown.push('…');
        }
        if shown.len() == lines_before {
            // a span on an empty line, or at its end: a place to point at
            shown.push(' ');
        }
        let line_chars = shown.chars().count() - lines_before;
        let column = (lead.chars().count() + text[from..start].chars().count() + 1).min(line_chars);
        let start_char = lines_before + column - 1;
        let end_char = (start_char + text[start..end.clamp(start, to)].chars().count().max(1))
            .min(lines_before + line_chars);
        return Excerpt {
            text: shown,
            start: start_char,
            end: end_char,
            line: lines_before + 1,
            column,
            // ariadne's column counts the `…` shown in place of what was cut
            cut_before: cut_before - lead.chars().count(),
        };
    }
    shown.push_str(&text[first_line..last_line_end]);
    // ariadne counts characters: the byte span becomes whole characters, at least one
    let start_char = lines_before + text[first_line..start].chars().count();
    let end_char = (start_char + text[start..end].chars().count())
        .max(start_char + 1)
        .min(lines_before + text[first_line..last_line_end].chars().count().max(1));
    let start_char = start_char.min(end_char.saturating_sub(1));
    Excerpt {
        text: shown,
        start: start_char,
        end: end_char,
        line: lines_before + 1,
        column: start_char - lines_before + 1,
        cut_before: 0,
    }
}

/// Text made safe for a terminal: control characters (ESC and the others, which could
/// move the cursor, recolour or rewrite the screen) are shown as their visible pictures
/// (`␛`), one character each so that columns stay right; newlines, tabs and carriage
/// returns are kept.
pub fn display_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !matches!(c, '\n' | '\t' | '\r');
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            c if !unsafe_char(c) => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        })
        .collect::<String>()
        .into()
}

/// Keeps at most `max` diagnostics per file, in order, each file's excess replaced by one
/// note "and N more" at the place of the first left out: a file with thousands of
/// problems gives a readable report, quickly.
pub fn cap_per_file(diags: &[Diagnostic], max: usize) -> Vec<Diagnostic> {
    let mut shown: std::collections::HashMap<Option<&str>, usize> = Default::default();
    let mut more: IndexMap<Option<&str>, (usize, &Diagnostic)> = IndexMap::new();
    let mut out = Vec::new();
    for d in diags {
        let file = d.location.as_ref().map(|l| l.file.as_str());
        let n = shown.entry(file).or_default();
        if *n < max {
            *n += 1;
            out.push(d.clone());
        } else {
            more.entry(file).or_insert((0, d)).0 += 1;
        }
    }
    for (file, (n, first)) in more {
        let what = match file {
            Some(f) => format!("and {n} more problems in {f}, not shown"),
            None => format!("and {n} more problems, not shown"),
        };
        let mut d = Diagnostic::error(what).help(format!(
            "fix the first {max} and run again: the rest are often the same mistake"
        ));
        d.severity = first.severity;
        if let Some(loc) = &first.location {
            let mut loc = loc.clone();
            loc.source = None;
            d = d.at(loc);
        }
        out.push(d);
    }
    out
}

/// How many diagnostics of one file a report shows.
pub const MAX_PER_FILE: usize = 50;

/// The closest names to `wanted` among `candidates`, best first (at most three), for
/// "did you mean" hints.
pub fn suggest<'a, I>(wanted: &str, candidates: I) -> Vec<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut scored = ranked(wanted, candidates);
    scored.retain(|(score, _)| *score >= 0.8);
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// Every candidate with its likeness to `wanted` (Jaro-Winkler), most alike first, each
/// name once.
pub fn ranked<'a, I>(wanted: &str, candidates: I) -> Vec<(f64, &'a str)>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
}

/// "did you mean `a` or `b`?", or `None` when there is nothing close.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let found = suggest(wanted, candidates);
    if found.is_empty() {
        return None;
    }
    let names: Vec<String> = found.iter().map(|n| format!("`{n}`")).collect();
    Some(format!("did you mean {}?", names.join(" or ")))
}

/// The most characters of a user's text an error message quotes.
pub const MAX_QUOTED_CHARS: usize = 80;

/// A user's text as an error message quotes it: at most [`MAX_QUOTED_CHARS`] characters
/// (a longer text is cut and ends in `…`), control characters shown as their pictures.
pub fn quoted(text: &str) -> String {
    let shown = display_safe(text);
    if shown.chars().count() <= MAX_QUOTED_CHARS {
        return shown.into_owned();
    }
    let mut cut: String = shown.chars().take(MAX_QUOTED_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// A command's failure: what went wrong and how the process should exit.
#[derive(Debug)]
pub enum Error {
    /// Bad usage or unreadable input: exit 2.
    Input(Vec<Diagnostic>),
    /// A check or test ran and failed: exit 1.
    Failed(Vec<Diagnostic>),
}

impl Error {
    /// An input error with one diagnostic.
    pub fn input(d: Diagnostic) -> Error {
        Error::Input(vec![d])
    }

    /// An input error with a message only.
    pub fn msg(message: impl Into<String>) -> Error {
        Error::Input(vec![Diagnostic::error(message)])
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Failed(_) => 1,
        }
    }

    /// The diagnostics it carries.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Input(d) | Error::Failed(d) => d,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Error {
        Error::input(d)
    }
}

/// The result type of the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
