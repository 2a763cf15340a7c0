//! Where each value of a YAML file stands, so that errors found after deserialising
//! (a duplicate address, a reference that does not resolve) can name file:line:col.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

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
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut recorder, false).is_err() {
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
