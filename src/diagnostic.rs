//! One error type for every stage: a message, where it happened (file:line:col and the
//! byte span), a label under the span, a hint, and "did you mean" suggestions.
//! Errors are data here; text is made only by [`Diagnostic::render`].

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the command.
    Error,
    /// Worth reading; does not stop the command.
    Warning,
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
}

impl SourceFile {
    /// A source file from its name and text.
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The location of a byte span.
    pub fn span(&self, span: Range<usize>) -> Location {
        let mut loc = Location::from_span(&self.name, &self.text, span);
        loc.source = Some(self.text.clone());
        loc
    }

    /// The location of a 1-based line and column, spanning `len` bytes.
    pub fn line_col(&self, line: usize, column: usize, len: usize) -> Location {
        let mut loc = Location::from_line_col(&self.name, &self.text, line, column, len);
        loc.source = Some(self.text.clone());
        loc
    }
}

impl Location {
    /// The location of a byte span in `text`.
    pub fn from_span(file: &str, text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() + 1;
        Location {
            file: file.to_string(),
            line,
            column,
            span: start..end,
            source: None,
        }
    }

    /// The location of a 1-based line and column in `text`, spanning `len` bytes.
    pub fn from_line_col(
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        len: usize,
    ) -> Location {
        let line_start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let offset = text[line_start.min(text.len())..]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| line_start + i);
        let mut loc = Location::from_span(file, text, offset..offset + len);
        loc.line = line;
        loc.column = column;
        loc
    }
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
        };
        match (&self.location, source) {
            (Some(loc), Some(text)) => {
                let config = ariadne::Config::default().with_color(color);
                let padded;
                let text = if text.is_empty() {
                    padded = " ".to_string();
                    padded.as_str()
                } else {
                    text
                };
                // ariadne counts characters and needs a non-empty span inside the text:
                // the byte span becomes whole characters, at least one
                let start_byte = floor_char_boundary(text, loc.span.start.min(text.len()));
                let start = text[..start_byte].chars().count();
                let end = text[..floor_char_boundary(text, loc.span.end.min(text.len()))]
                    .chars()
                    .count()
                    .max(start + 1)
                    .min(text.chars().count().max(1));
                let start = start.min(end.saturating_sub(1));
                let id = loc.file.as_str();
                // ariadne draws the underline only for a label with a message
                let label = ariadne::Label::new((id, start..end))
                    .with_message(self.label.as_deref().unwrap_or("here"));
                let mut report = ariadne::Report::build(kind, (id, start..end))
                    .with_config(config)
                    .with_message(format!(
                        "{}:{}:{}: {}",
                        loc.file, loc.line, loc.column, self.message
                    ))
                    .with_label(label);
                if let Some(h) = &self.help {
                    report = report.with_help(h);
                }
                let mut out = Vec::new();
                match report
                    .finish()
                    .write((id, ariadne::Source::from(text)), &mut out)
                {
                    Ok(()) => String::from_utf8_lossy(&out).into_owned(),
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
        out
    }
}

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
