//! Where each value of a YAML file stands, so that errors found after deserialising
//! (a duplicate address, a reference that does not resolve) can name file:line:col.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::{Diagnostic, SourceFile};

/// How deeply mappings and sequences may nest in a YAML file. No file mutua reads needs
/// more than a few levels; the limit keeps a hostile file from exhausting the stack.
pub const MAX_DEPTH: usize = 64;

/// Why a YAML text cannot be read: where (1-based line and column), what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl YamlError {
    /// The error as a diagnostic located in `file`.
    pub fn diagnostic(&self, file: &SourceFile) -> Diagnostic {
        Diagnostic::error(self.message.clone())
            .at(file.line_col(self.line, self.column, 1))
            .help(self.help.clone())
    }
}

/// Hands the events of the YAML document in `text` to `recv`, in order. The text must hold
/// one document, nested at most [`MAX_DEPTH`] deep; a second document (after `---`) is an
/// error, not silently ignored. The events are read in a loop, never by recursion, so no
/// input can overflow the stack.
pub fn read_events(text: &str, recv: &mut impl MarkedEventReceiver) -> Result<(), YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    let mut documents = 0usize;
    let error = |mark: Marker, message: String, help: &str| YamlError {
        line: mark.line().max(1),
        column: mark.col() + 1,
        message,
        help: help.to_string(),
    };
    loop {
        let (ev, mark) = parser.next_token().map_err(|e| {
            error(
                *e.marker(),
                format!("this is not valid YAML: {}", e.info()),
                "check the indentation and the `key: value` pairs around this place",
            )
        })?;
        match &ev {
            Event::StreamEnd => {
                recv.on_event(ev, mark);
                return Ok(());
            }
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(error(
                        mark,
                        "a second YAML document starts here: a file holds one".into(),
                        "remove the `---` line and what follows it, or put each document in a file of its own",
                    ));
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(error(
                        mark,
                        format!("the YAML nests more than {MAX_DEPTH} levels deep here"),
                        "no mutua file nests this deep: check the indentation",
                    ));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        recv.on_event(ev, mark);
    }
}

/// A position in a YAML file: 1-based line and column, and the scalar's length in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Length of the scalar at that place (0 for a mapping or sequence).
    pub len: usize,
}

/// Positions of the values of a YAML document by path (`provisions[3].children[0].path`).
#[derive(Debug, Default)]
pub struct YamlPositions {
    values: HashMap<String, Position>,
}

impl YamlPositions {
    /// Reads the positions of every value in `text`; an unparsable text gives none.
    pub fn of(text: &str) -> YamlPositions {
        let mut recorder = Recorder::default();
        if read_events(text, &mut recorder).is_err() {
            return YamlPositions::default();
        }
        YamlPositions {
            values: recorder.values,
        }
    }

    /// The position of the value at `path`, or of its nearest recorded ancestor.
    pub fn get(&self, path: &str) -> Option<Position> {
        let mut path = path;
        loop {
            if let Some(p) = self.values.get(path) {
                return Some(*p);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

/// Positions read only when first asked for: most files load without an error, and
/// reading positions costs a second parse.
#[derive(Debug)]
pub struct LazyPositions<'a> {
    text: &'a str,
    cell: std::cell::OnceCell<YamlPositions>,
}

impl<'a> LazyPositions<'a> {
    /// Positions of `text`, read on first use.
    pub fn new(text: &'a str) -> LazyPositions<'a> {
        LazyPositions {
            text,
            cell: std::cell::OnceCell::new(),
        }
    }

    /// See [`YamlPositions::get`].
    pub fn get(&self, path: &str) -> Option<Position> {
        self.cell
            .get_or_init(|| YamlPositions::of(self.text))
            .get(path)
    }
}

enum Frame {
    Map { key: Option<String> },
    Seq { index: usize },
}

#[derive(Default)]
struct Recorder {
    frames: Vec<(Frame, String)>,
    values: HashMap<String, Position>,
}

impl Recorder {
    /// The path of the value that the next event starts, or `None` when it is a key.
    fn next_value_path(&self) -> Option<String> {
        match self.frames.last() {
            None => Some(String::new()),
            Some((Frame::Map { key: None }, _)) => None,
            Some((Frame::Map { key: Some(k) }, base)) => Some(if base.is_empty() {
                k.clone()
            } else {
                format!("{base}.{k}")
            }),
            Some((Frame::Seq { index }, base)) => Some(format!("{base}[{index}]")),
        }
    }

    fn value_done(&mut self) {
        match self.frames.last_mut() {
            Some((Frame::Map { key }, _)) => *key = None,
            Some((Frame::Seq { index }, _)) => *index += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Recorder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = |len| Position {
            line: mark.line(),
            column: mark.col() + 1,
            len,
        };
        match ev {
            Event::Scalar(value, ..) => match self.next_value_path() {
                None => {
                    if let Some((Frame::Map { key }, _)) = self.frames.last_mut() {
                        *key = Some(value);
                    }
                }
                Some(path) => {
                    self.values.insert(path, pos(value.len()));
                    self.value_done();
                }
            },
            Event::Alias(_) => self.value_done(),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = self.next_value_path().unwrap_or_default();
                self.values.insert(path.clone(), pos(0));
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map { key: None }
                } else {
                    Frame::Seq { index: 0 }
                };
                self.frames.push((frame, path));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text = "id: x\nprovisions:\n  - path: art-1\n  - path: art-2\n    refs: [a, b]\n";
        let p = YamlPositions::of(text);
        assert_eq!(p.get("id").map(|p| (p.line, p.column)), Some((1, 5)));
        assert_eq!(
            p.get("provisions[1].path").map(|p| (p.line, p.column)),
            Some((4, 11))
        );
        assert_eq!(
            p.get("provisions[1].refs[1]").map(|p| (p.line, p.column)),
            Some((5, 15))
        );
        // unknown leaf: falls back to the nearest ancestor
        assert_eq!(p.get("provisions[1].summary").map(|p| p.line), Some(4));
    }
}
