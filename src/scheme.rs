//! Scheme descriptions: a YAML file of plain facts about a risk-sharing scheme (see the
//! fact vocabulary in `corpus/rules/facts.rules`), read strictly against the facts the
//! rules declare. An unknown key is an error with a suggestion; a value of the wrong type
//! or an unknown enum value is an error at its file:line:col. A fact left out (or given as
//! `~`) is unknown.
//!
//! ```yaml
//! name: Xiang Hu Bao (相互宝)
//! as_of: 2019-11-27
//! benefits:
//!   enforceable: false
//!   max_amount: 300000
//!   currency: CNY        # the currency of every amount in the file
//! ```

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use yaml_rust2::parser::{Event, MarkedEventReceiver};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::corpus::locate::read_events;
use crate::diagnostic::{
    did_you_mean, quoted, Diagnostic, Error, Location, SourceFile, MAX_PER_FILE,
};
use crate::facts::FactMap;
use crate::facts::{FactType, FactValue, Vocabulary};

/// The fact that gives the currency of every amount in a scheme file.
pub const CURRENCY_FACT: &str = "benefits.currency";

/// The largest scheme file read, in bytes. A scheme has a few dozen facts (a few KB); a
/// larger file is a mistake, reported at once rather than parsed.
pub const MAX_SCHEME_BYTES: usize = 1 << 20;

/// A described scheme: its name, its date and the facts given.
#[derive(Debug, Clone)]
pub struct Scheme {
    /// The scheme's name.
    pub name: String,
    /// The date the law is applied as of, if the file gives one.
    pub as_of: Option<NaiveDate>,
    /// The facts given, by name (`benefits.enforceable`); a fact not here is unknown.
    pub facts: FactMap,
    /// The file it was read from.
    pub source: SourceFile,
}

/// The group of the licences an operator holds, one fact per jurisdiction
/// (`licences.cn`), each declared by that jurisdiction's rule file.
const LICENCES: &str = "licences";

/// A YAML node with its place.
#[derive(Debug, Clone)]
struct Node {
    value: NodeValue,
    line: usize,
    column: usize,
    len: usize,
}

#[derive(Debug, Clone)]
enum NodeValue {
    Scalar(String, TScalarStyle),
    Map(Vec<(Node, Node)>),
    Seq,
    Alias,
}

impl Node {
    fn is_null(&self) -> bool {
        matches!(&self.value, NodeValue::Scalar(s, TScalarStyle::Plain) if s.is_empty() || s == "~" || s == "null")
    }

    fn describe(&self) -> &'static str {
        match &self.value {
            NodeValue::Scalar(..) => "a single value",
            NodeValue::Map(_) => "a group of keys",
            NodeValue::Seq => "a list",
            NodeValue::Alias => "an alias",
        }
    }
}

enum Frame {
    Map {
        at: (usize, usize),
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
    Seq {
        at: (usize, usize),
        items: Vec<Node>,
    },
}

/// Builds the node tree from the parser's events.
#[derive(Default)]
struct TreeBuilder {
    stack: Vec<Frame>,
    root: Option<Node>,
}

impl TreeBuilder {
    fn attach(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
            Some(Frame::Seq { items, .. }) => items.push(node),
        }
    }
}

impl MarkedEventReceiver for TreeBuilder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = (mark.line(), mark.col() + 1);
        match ev {
            Event::Scalar(value, style, ..) => {
                let quotes = matches!(
                    style,
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
                );
                let len = value.len() + if quotes { 2 } else { 0 };
                self.attach(Node {
                    value: NodeValue::Scalar(value, style),
                    line: at.0,
                    column: at.1,
                    len,
                });
            }
            Event::Alias(_) => self.attach(Node {
                value: NodeValue::Alias,
                line: at.0,
                column: at.1,
                len: 1,
            }),
            Event::MappingStart(..) => self.stack.push(Frame::Map {
                at,
                entries: Vec::new(),
                key: None,
            }),
            Event::SequenceStart(..) => self.stack.push(Frame::Seq {
                at,
                items: Vec::new(),
            }),
            Event::MappingEnd | Event::SequenceEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Map { at, entries, .. }) => Node {
                        value: NodeValue::Map(entries),
                        line: at.0,
                        column: at.1,
                        len: 0,
                    },
                    Some(Frame::Seq { at, .. }) => Node {
                        value: NodeValue::Seq,
                        line: at.0,
                        column: at.1,
                        len: 0,
                    },
                    None => return,
                };
                self.attach(node);
            }
            _ => {}
        }
    }
}

/// Reads a scheme file, refused unread if larger than [`MAX_SCHEME_BYTES`].
pub fn read_scheme_file(path: &Path) -> Result<SourceFile, Error> {
    let size = std::fs::metadata(path).map(|m| m.len()).ok();
    SourceFile::read_at_most(path, MAX_SCHEME_BYTES as u64)?
        .ok_or_else(|| too_large_input(&path.display().to_string(), size))
}

/// Reads a scheme from `reader` (standard input, say) under `name`, refused as soon as it
/// passes [`MAX_SCHEME_BYTES`], without reading the rest; `unreadable` says what a failure
/// to read means.
pub fn read_scheme(
    name: &str,
    reader: impl std::io::Read,
    unreadable: impl FnOnce(std::io::Error) -> Diagnostic,
) -> Result<SourceFile, Error> {
    SourceFile::read_from(name, reader, MAX_SCHEME_BYTES as u64, unreadable)?
        .ok_or_else(|| too_large_input(name, None))
}

/// A scheme larger than [`MAX_SCHEME_BYTES`] (`size` in bytes, when known).
fn too_large(size: Option<u64>) -> Diagnostic {
    let limit = MAX_SCHEME_BYTES >> 20;
    let message = match size {
        Some(size) => format!(
            "the scheme file is {:.1} MB; a scheme file is at most {limit} MB",
            size as f64 / 1e6
        ),
        None => format!("the scheme is more than {limit} MB; a scheme file is at most {limit} MB"),
    };
    Diagnostic::error(message)
        .help("a scheme is described by a few dozen facts: check that this is the file you meant")
}

/// [`too_large`] for an input not read, named at its start.
fn too_large_input(name: &str, size: Option<u64>) -> Error {
    Error::input(too_large(size).at(Location {
        file: name.to_string(),
        line: 1,
        column: 1,
        span: 0..0,
        source: None,
    }))
}

/// Reads a scheme file, checking every key and value against the declared facts
/// (`RuleSet::facts`).
/// A fact given twice, in any spelling (`benefits: {enforceable: …}` and
/// `benefits.enforceable: …`), is an error naming both places.
pub fn load_scheme(file: &SourceFile, facts: &Vocabulary) -> Result<Scheme, Vec<Diagnostic>> {
    if file.text.len() > MAX_SCHEME_BYTES {
        return Err(vec![
            too_large(Some(file.text.len() as u64)).at(file.span(0..0))
        ]);
    }
    if let Some(d) = file.control_character("the scheme") {
        return Err(vec![d]);
    }
    let mut builder = TreeBuilder::default();
    read_events(&file.text, &mut builder).map_err(|e| vec![e.diagnostic(file)])?;
    let mut loader = Loader {
        file,
        vocabulary: facts,
        diags: Vec::new(),
        facts: FactMap::default(),
        given: HashMap::new(),
        currency: None,
        currency_given: false,
    };
    let Some(root) = builder.root.filter(|r| !r.is_null()) else {
        return Err(vec![Diagnostic::error("the scheme file is empty")
            .at(file.span(0..0))
            .help("describe the scheme: `name:`, `as_of:` and its facts (see corpus/schemes/ for examples)")]);
    };
    let NodeValue::Map(entries) = &root.value else {
        return Err(vec![Diagnostic::error(format!(
            "a scheme file must be a group of `key: value` lines, not {}",
            root.describe()
        ))
        .at(loader.at(&root))
        .help("start with `name: ...` and `as_of: YYYY-MM-DD`")]);
    };
    loader.find_currency(entries);
    let mut name = None;
    let mut as_of = None;
    for (key, value) in loader.distinct(entries) {
        let Some(k) = key_text(key) else {
            loader.bad_key(key);
            continue;
        };
        match k {
            "name" => {
                name = loader.text(value, "name");
                if name.as_deref().is_some_and(|n| n.contains(['\n', '\r'])) {
                    loader.diags.push(
                        Diagnostic::error("the scheme's `name` runs over more than one line")
                            .at(loader.at(value))
                            .help("write the name on one line: it heads every report, and a line break in it would start a heading or a row of its own"),
                    );
                }
                if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
                    loader.diags.push(
                        Diagnostic::error("the scheme's `name` is empty")
                            .at(loader.at(if value.is_null() { key } else { value }))
                            .help("write the scheme's name after `name:`: it is shown with every answer"),
                    );
                }
            }
            "as_of" => as_of = loader.date(value, "as_of"),
            // a test case's expected answers, read by `cases`: not a fact of the scheme
            crate::cases::EXPECT_KEY => {}
            _ => loader.entry("", k, key, value),
        }
    }
    let name = match name {
        Some(n) => n,
        None => {
            if !entries.iter().any(|(k, _)| key_text(k) == Some("name")) {
                loader.diags.push(
                    Diagnostic::error("the scheme has no `name`")
                        .at(file.line_col(1, 1, 0))
                        .help("add `name: ...` at the top: it is shown with every answer"),
                );
            }
            String::new()
        }
    };
    if !loader.diags.is_empty() {
        return Err(loader.diags);
    }
    Ok(Scheme {
        name,
        as_of,
        facts: loader.facts,
        source: file.clone(),
    })
}

pub use crate::facts::parse_date;

fn key_text(key: &Node) -> Option<&str> {
    match &key.value {
        NodeValue::Scalar(s, _) => Some(s.as_str()),
        _ => None,
    }
}

struct Loader<'a> {
    file: &'a SourceFile,
    vocabulary: &'a Vocabulary,
    diags: Vec<Diagnostic>,
    facts: FactMap,
    /// Where each fact was given (line, column), to report one given twice.
    given: HashMap<String, (usize, usize)>,
    /// The valid `benefits.currency`.
    currency: Option<String>,
    /// Whether `benefits.currency` is given at all (a bad one is reported once, there).
    currency_given: bool,
}

impl Loader<'_> {
    /// Whether enough problems are found that more would not be read: beyond this,
    /// problems are still reported, without the costly suggestions.
    fn crowded(&self) -> bool {
        self.diags.len() >= MAX_PER_FILE
    }

    fn at(&self, node: &Node) -> Location {
        self.file
            .line_col(node.line.max(1), node.column, node.len.max(1))
    }

    fn bad_key(&mut self, key: &Node) {
        let d = Diagnostic::error("a key must be a plain name")
            .at(self.at(key))
            .help("write `key: value`");
        self.diags.push(d);
    }

    /// Reads `benefits.currency` first: it applies to every amount of the file.
    fn find_currency(&mut self, entries: &[(Node, Node)]) {
        let Some((_, benefits)) = entries
            .iter()
            .find(|(k, _)| key_text(k) == Some("benefits"))
        else {
            return;
        };
        let NodeValue::Map(inner) = &benefits.value else {
            return;
        };
        if let Some((_, v)) = inner.iter().find(|(k, _)| key_text(k) == Some("currency")) {
            if let NodeValue::Scalar(s, _) = &v.value {
                self.currency_given = !v.is_null();
                if is_currency(s) {
                    self.currency = Some(s.clone());
                }
            }
        }
    }

    /// The entries of a mapping with each key once: a key given again is an error naming
    /// the first, and its value is not read.
    fn distinct<'n>(&mut self, entries: &'n [(Node, Node)]) -> Vec<&'n (Node, Node)> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            if let Some(t) = key_text(&entry.0) {
                if let Some(line) = seen.get(t) {
                    self.diags.push(
                        Diagnostic::error(format!("`{}` is given twice", quoted(t)))
                            .at(self.at(&entry.0))
                            .label(format!("first given on line {line}"))
                            .help("keep one of the two"),
                    );
                    continue;
                }
                seen.insert(t, entry.0.line);
            }
            out.push(entry);
        }
        out
    }

    /// One `key: value` under `prefix` (empty at the top).
    fn entry(&mut self, prefix: &str, key: &str, key_node: &Node, value: &Node) {
        let path = if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        };
        if let Some(def) = self.vocabulary.get(&path) {
            let here = (key_node.line, key_node.column);
            if let Some(&(line, column)) = self.given.get(&path) {
                self.diags.push(
                    Diagnostic::error(format!("the fact `{path}` is given twice"))
                        .at(self.at(key_node))
                        .label(format!("also given at line {line}, column {column}"))
                        .help("give each fact once, either nested under its group or as a dotted key, and delete the other"),
                );
                return;
            }
            self.given.insert(path.clone(), here);
            if value.is_null() {
                return;
            }
            let ty = def.ty.clone();
            if let Some(v) = self.value(&path, &ty, value) {
                self.facts.insert(path, v);
            }
            return;
        }
        let group = format!("{path}.");
        // `licences` is a group even where the rules in use declare none of its facts: its
        // keys are then facts of jurisdictions whose rules are not in use
        if path == LICENCES || self.vocabulary.keys().any(|f| f.starts_with(&group)) {
            match &value.value {
                NodeValue::Map(entries) => {
                    for (k, v) in self.distinct(entries) {
                        match key_text(k) {
                            Some(t) => self.entry(&path, t, k, v),
                            None => self.bad_key(k),
                        }
                    }
                }
                _ if value.is_null() => {}
                _ => {
                    let keys = self.keys_under(&path);
                    self.diags.push(
                        Diagnostic::error(format!(
                            "`{path}` is a group of facts, not {}",
                            value.describe()
                        ))
                        .at(self.at(value))
                        .help(format!(
                            "give its facts on indented lines: {}",
                            keys.join(", ")
                        )),
                    );
                }
            }
            return;
        }
        self.unknown_key(prefix, key, key_node);
    }

    /// The keys allowed directly under `prefix`.
    fn keys_under(&self, prefix: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        if prefix.is_empty() {
            out.push("name".into());
            out.push("as_of".into());
        }
        for f in self.vocabulary.keys() {
            let rest = if prefix.is_empty() {
                Some(f.as_str())
            } else {
                f.strip_prefix(prefix).and_then(|r| r.strip_prefix('.'))
            };
            if let Some(rest) = rest {
                let first = rest.split('.').next().unwrap_or(rest).to_string();
                if !out.contains(&first) {
                    out.push(first);
                }
            }
        }
        out
    }

    /// Whether `prefix.key` is a fact of a jurisdiction of the registry whose rules are not
    /// in use (`licences.ny`, `jp.other_statute` when only China's rules are given): such
    /// facts are declared by that jurisdiction's rule file, and a scheme written for every
    /// jurisdiction stays valid under the rules of some.
    fn of_jurisdiction_not_in_use(&self, prefix: &str, key: &str) -> bool {
        let path = if prefix.is_empty() {
            key.to_string()
        } else {
            format!("{prefix}.{key}")
        };
        let mut segments = path.split('.');
        let first = segments.next().unwrap_or_default();
        let code = match segments.next() {
            Some(k) if first == LICENCES => k.split('_').next().unwrap_or(k),
            _ => first,
        };
        let Some(j) = crate::corpus::jurisdictions::current().get(code) else {
            return false;
        };
        let code = j.code();
        let own = |f: &String| {
            f.strip_prefix(code).is_some_and(|r| r.starts_with('.'))
                || f.strip_prefix(&format!("{LICENCES}.{code}"))
                    .is_some_and(|r| r.is_empty() || r.starts_with('_'))
        };
        !self.vocabulary.keys().any(own)
    }

    fn unknown_key(&mut self, prefix: &str, key: &str, key_node: &Node) {
        if self.of_jurisdiction_not_in_use(prefix, key) {
            return;
        }
        let place = if prefix.is_empty() {
            "at the top of a scheme".to_string()
        } else {
            format!("under `{prefix}`")
        };
        if self.crowded() {
            let d = Diagnostic::error(format!("unknown key `{}` {place}", quoted(key)))
                .at(self.at(key_node));
            self.diags.push(d);
            return;
        }
        let keys = self.keys_under(prefix);
        let help = did_you_mean(key, keys.iter().map(String::as_str))
            .or_else(|| {
                // the right key in the wrong group: `enforceable` for `benefits.enforceable`
                let elsewhere: Vec<&str> = self
                    .vocabulary
                    .keys()
                    .map(String::as_str)
                    .filter(|f| f.rsplit('.').next() == Some(key))
                    .collect();
                (!elsewhere.is_empty()).then(|| {
                    format!(
                        "did you mean {}? Give it under its group",
                        elsewhere
                            .iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                })
            })
            .unwrap_or_else(|| format!("the keys {place} are: {}", keys.join(", ")));
        self.diags.push(
            Diagnostic::error(format!("unknown key `{}` {place}", quoted(key)))
                .at(self.at(key_node))
                .label("not a fact of the vocabulary")
                .help(help),
        );
    }

    fn scalar<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        expected: &str,
    ) -> Option<(&'n str, TScalarStyle)> {
        match &node.value {
            NodeValue::Scalar(s, style) => Some((s.as_str(), *style)),
            _ => {
                self.diags.push(
                    Diagnostic::error(format!(
                        "`{path}` must be {expected}, not {}",
                        node.describe()
                    ))
                    .at(self.at(node))
                    .help(format!(
                        "write `{}: VALUE` on one line",
                        path.rsplit('.').next().unwrap_or(path)
                    )),
                );
                None
            }
        }
    }

    fn text(&mut self, node: &Node, path: &str) -> Option<String> {
        let (s, _) = self.scalar(node, path, "a text")?;
        Some(s.to_string())
    }

    fn date(&mut self, node: &Node, path: &str) -> Option<NaiveDate> {
        let (s, _) = self.scalar(node, path, "a date")?;
        match parse_date(s) {
            Some(d) => Some(d),
            None => {
                self.diags.push(
                    Diagnostic::error(format!("`{path}` must be a date, found `{}`", quoted(s)))
                        .at(self.at(node))
                        .label("not a date")
                        .help("write the date as YYYY-MM-DD, e.g. 2019-11-27"),
                );
                None
            }
        }
    }

    /// Whether `n` lies within the declared bounds of the fact at `path` (a count or
    /// amount is at least 0 unless declared otherwise); reports it if not.
    fn in_range(&mut self, path: &str, node: &Node, n: i64) -> bool {
        let Some(def) = self.vocabulary.get(path) else {
            return true;
        };
        let Err(message) = def.check_range(n) else {
            return true;
        };
        let help = match def.min {
            Some(0) if n < 0 => "a count or an amount cannot be negative: give the number as it is, or leave the fact out if it is not known".to_string(),
            low => format!("the rules declare `{path}` {}", describe_bounds(low, def.max)),
        };
        let d = Diagnostic::error(message)
            .at(self.at(node))
            .label("out of range")
            .help(help);
        self.diags.push(d);
        false
    }

    fn value(&mut self, path: &str, ty: &FactType, node: &Node) -> Option<FactValue> {
        let (s, style) = self.scalar(node, path, &ty.describe())?;
        let plain = style == TScalarStyle::Plain;
        let wrong = |this: &Self, help: String| {
            Diagnostic::error(format!(
                "`{path}` must be {}, found `{}`",
                ty.describe(),
                quoted(s)
            ))
            .at(this.at(node))
            .label("wrong type")
            .help(help)
        };
        match ty {
            FactType::Bool => match (s, plain) {
                ("true", true) => Some(FactValue::Bool(true)),
                ("false", true) => Some(FactValue::Bool(false)),
                _ => {
                    let d = wrong(self, "write `true` or `false` (without quotes), or leave the fact out if it is not known".into());
                    self.diags.push(d);
                    None
                }
            },
            FactType::Integer => match parse_amount(s).filter(|_| plain) {
                Some(n) => self
                    .in_range(path, node, n)
                    .then_some(FactValue::Integer(n)),
                None => {
                    let d = wrong(
                        self,
                        "write a whole number such as `1000` (without quotes)".into(),
                    );
                    self.diags.push(d);
                    None
                }
            },
            FactType::Money => {
                // `CNY 1000000` names its own currency; a bare amount takes benefits.currency
                let (currency, amount) = match s.split_once(' ') {
                    Some((c, a)) if is_currency(c) => (Some(c.to_string()), a.trim()),
                    _ => (None, s),
                };
                let Some(amount) = parse_amount(amount) else {
                    let d = wrong(self, "write an amount such as `100000000` (the currency comes from `benefits.currency`)".into());
                    self.diags.push(d);
                    return None;
                };
                if !self.in_range(path, node, amount) {
                    return None;
                }
                match currency.or_else(|| self.currency.clone()) {
                    Some(currency) => Some(FactValue::Money { amount, currency }),
                    // a currency is given but wrong: that is reported once, where it is
                    None if self.currency_given => None,
                    None => {
                        self.diags.push(
                            Diagnostic::error(format!("`{path}` is an amount of money, but the file gives no currency"))
                                .at(self.at(node))
                                .label("in which currency?")
                                .help("add `currency: CNY` (or USD, JPY, ...) under `benefits`: it applies to every amount in the file"),
                        );
                        None
                    }
                }
            }
            FactType::Date => self.date(node, path).map(FactValue::Date),
            FactType::Currency => {
                if is_currency(s) {
                    Some(FactValue::Enum(s.to_string()))
                } else {
                    let upper = s.to_ascii_uppercase();
                    let help = if is_currency(&upper) {
                        format!("write the code in capitals: `{upper}` (it applies to every amount in the file)")
                    } else {
                        "write a three-letter ISO code in capitals, e.g. `CNY`, `USD`, `JPY`".into()
                    };
                    let d = wrong(self, help);
                    self.diags.push(d);
                    None
                }
            }
            FactType::Enum(values) => {
                if values.iter().any(|v| v == s) {
                    return Some(FactValue::Enum(s.to_string()));
                }
                let help = did_you_mean(s, values.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("the values are: {}", values.join(", ")));
                self.diags.push(
                    Diagnostic::error(format!("`{}` is not a value of `{path}`", quoted(s)))
                        .at(self.at(node))
                        .label("unknown value")
                        .help(help),
                );
                None
            }
        }
    }
}

/// A whole number, with optional `_` or `,` separators.
fn parse_amount(s: &str) -> Option<i64> {
    let digits: String = s.chars().filter(|c| *c != '_' && *c != ',').collect();
    if digits.is_empty()
        || !digits
            .trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}

/// `>= 0 <= 100`, as the bounds are declared.
fn describe_bounds(low: Option<i64>, high: Option<i64>) -> String {
    let mut parts = Vec::new();
    if let Some(lo) = low {
        parts.push(format!(">= {lo}"));
    }
    if let Some(hi) = high {
        parts.push(format!("<= {hi}"));
    }
    parts.join(" ")
}

fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// The JSON Schema of scheme files under `rules`' fact declarations: one property per
/// fact, nested by the dotted name, with its type (or enum values) and its question as the
/// description, so an editor can check and complete a scheme file.
pub fn json_schema(facts: &Vocabulary) -> serde_json::Value {
    use crate::facts::FactType;
    use serde_json::{json, Map, Value};
    let mut root = Map::new();
    root.insert(
        "name".into(),
        json!({"type": "string", "description": "The scheme's name, shown with every answer."}),
    );
    root.insert(
        "as_of".into(),
        json!({"type": "string", "format": "date", "description": "Classify under the law in force on this date (YYYY-MM-DD)."}),
    );
    for (name, def) in facts {
        let mut schema = match &def.ty {
            FactType::Bool => json!({"type": "boolean"}),
            FactType::Integer | FactType::Money => {
                let mut schema = json!({"type": "integer"});
                if let Some(lo) = def.min {
                    schema["minimum"] = json!(lo);
                }
                if let Some(hi) = def.max {
                    schema["maximum"] = json!(hi);
                }
                schema
            }
            FactType::Date => json!({"type": "string", "format": "date"}),
            FactType::Currency => json!({"type": "string", "pattern": "^[A-Z]{3}$"}),
            FactType::Enum(values) => json!({"enum": values}),
        };
        // `~` (null) in a scheme file says the fact is unknown, like leaving it out
        if let Some(Value::String(t)) = schema.get("type").cloned() {
            schema["type"] = json!([t, "null"]);
        } else if let Some(Value::Array(values)) = schema.get_mut("enum") {
            values.push(Value::Null);
        }
        if let Some(q) = def.question("en") {
            schema["description"] = Value::String(q.to_string());
        }
        let parts: Vec<&str> = name.split('.').collect();
        insert_at(&mut root, &parts, schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mutua scheme",
        "description": "A risk-sharing scheme described by plain facts; any fact may be left out (it is then unknown).",
        "type": "object",
        "additionalProperties": false,
        "required": ["name"],
        "properties": root,
    })
}

/// Puts `schema` at the dotted path `parts` of a JSON Schema `properties` map, making the
/// objects on the way.
fn insert_at(
    properties: &mut serde_json::Map<String, serde_json::Value>,
    parts: &[&str],
    schema: serde_json::Value,
) {
    use serde_json::{json, Value};
    match parts {
        [] => {}
        [leaf] => {
            properties.insert((*leaf).to_string(), schema);
        }
        [first, rest @ ..] => {
            let entry = properties.entry((*first).to_string()).or_insert_with(
                || json!({"type": "object", "additionalProperties": false, "properties": {}}),
            );
            if let Some(inner) = entry.get_mut("properties").and_then(Value::as_object_mut) {
                insert_at(inner, rest, schema);
            }
        }
    }
}

/// Sets a fact of `scheme` from `FACT=VALUE` (as `--set` gives it), the value read as
/// people type it ([`crate::facts::FactDef::parse`]); amounts are in the scheme's currency.
pub fn set_fact(
    scheme: &mut Scheme,
    assignment: &str,
    facts: &Vocabulary,
) -> crate::diagnostic::Result<()> {
    let bad = |message: String, help: String| {
        crate::diagnostic::Error::input(Diagnostic::error(message).help(help))
    };
    let Some((fact, value)) = assignment.split_once('=') else {
        return Err(bad(
            format!(
                "`--set {}` does not say which fact to set",
                quoted(assignment)
            ),
            "write `--set FACT=VALUE`, e.g. `--set operator.bears_risk=false`".into(),
        ));
    };
    let fact = fact.trim();
    let Some(def) = facts.get(fact) else {
        return Err(bad(
            format!("unknown fact `{}` in `--set`", quoted(fact)),
            did_you_mean(fact, facts.keys().map(String::as_str))
                .unwrap_or_else(|| "the facts are listed by `mutua schema scheme`".into()),
        ));
    };
    let currency = match scheme.facts.get(CURRENCY_FACT) {
        Some(FactValue::Enum(c)) => Some(c.clone()),
        _ => None,
    };
    let parsed = def.parse(value, currency.as_deref()).map_err(|e| {
        bad(
            format!("cannot set `{fact}`: {e}"),
            format!("`{fact}` is {}", def.ty.describe()),
        )
    })?;
    scheme.facts.insert(fact.to_string(), parsed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::FactDef;

    fn vocabulary() -> Vocabulary {
        let mut set = Vocabulary::new();
        let mut fact = |name: &str, ty: FactType| {
            let min = matches!(ty, FactType::Integer | FactType::Money).then_some(0);
            set.insert(
                name.into(),
                FactDef {
                    name: name.into(),
                    ty,
                    questions: indexmap::IndexMap::new(),
                    labels: indexmap::IndexMap::new(),
                    defined_at: String::new(),
                    min,
                    max: None,
                    default: None,
                    scope: None,
                },
            );
        };
        fact("benefits.enforceable", FactType::Bool);
        fact("benefits.currency", FactType::Currency);
        fact("finance.initial_operating_fund", FactType::Money);
        fact("participants.count", FactType::Integer);
        fact(
            "contributions.timing",
            FactType::Enum(vec![
                "before_loss".into(),
                "after_loss".into(),
                "mixed".into(),
            ]),
        );
        set
    }

    fn load(text: &str) -> Result<Scheme, Vec<Diagnostic>> {
        load_scheme(&SourceFile::new("s.yaml", text), &vocabulary())
    }

    #[test]
    fn reads_facts_and_currency() {
        let s = load("name: x\nas_of: 2019-11-27\nbenefits:\n  enforceable: false\n  currency: CNY\nfinance:\n  initial_operating_fund: 1000\nparticipants:\n  count: ~\n").unwrap();
        assert_eq!(s.as_of, NaiveDate::from_ymd_opt(2019, 11, 27));
        assert_eq!(s.facts["benefits.enforceable"], FactValue::Bool(false));
        assert_eq!(
            s.facts["finance.initial_operating_fund"],
            FactValue::Money {
                amount: 1000,
                currency: "CNY".into()
            }
        );
        assert!(!s.facts.contains_key("participants.count"));
    }

    #[test]
    fn facts_of_jurisdictions_whose_rules_are_not_in_use_are_not_errors() {
        // the rules in use declare no licence and no fact of any one jurisdiction
        let s = load("name: x\nbenefits:\n  enforceable: true\nlicences:\n  cn: insurer\n  cn_approval_date: 2016-01-01\n  ny: none\ncn:\n  mutual_kind: general\n").unwrap();
        assert_eq!(s.facts.len(), 1);
        // a fact of a jurisdiction whose rules are in use is read as declared
        let mut facts = vocabulary();
        let mut licence = facts["benefits.enforceable"].clone();
        licence.name = "licences.cn".into();
        licence.ty = FactType::Enum(vec!["none".into(), "insurer".into()]);
        facts.insert("licences.cn".into(), licence);
        let text = "name: x\nlicences:\n  cn: insurer\n  ny: none\n  cn_approval: 2016-01-01\n";
        let errs = load_scheme(&SourceFile::new("s.yaml", text), &facts).unwrap_err();
        // China's rules are in use, so a key of China's that they do not declare is an error
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].message.contains("cn_approval"), "{errs:?}");
        // and a key that names no jurisdiction is an error as before
        let errs = load("name: x\nlicences:\n  xx: none\n").unwrap_err();
        assert!(errs[0].message.contains("unknown key `xx`"), "{errs:?}");
        let errs = load("name: x\nuk:\n  a: 1\n").unwrap_err();
        assert!(errs[0].message.contains("`uk`"), "{errs:?}");
    }

    #[test]
    fn unknown_key_suggests() {
        let errs = load("name: x\nbenefits:\n  enforcable: true\n").unwrap_err();
        assert_eq!(errs.len(), 1);
        let loc = errs[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (3, 3));
        assert!(errs[0].help.as_deref().unwrap().contains("enforceable"));
    }

    #[test]
    fn wrong_values_are_located() {
        let errs =
            load("name: x\ncontributions:\n  timing: befor_loss\nparticipants:\n  count: many\n")
                .unwrap_err();
        assert_eq!(errs.len(), 2);
        assert!(errs[0].help.as_deref().unwrap().contains("before_loss"));
        assert_eq!(errs[1].location.as_ref().unwrap().line, 5);
    }

    #[test]
    fn money_needs_a_currency() {
        let errs = load("name: x\nfinance:\n  initial_operating_fund: 5\n").unwrap_err();
        assert!(errs[0].message.contains("currency"));
    }

    #[test]
    fn no_panic_on_odd_yaml() {
        for text in [
            "",
            "- a\n- b",
            "name: [",
            ": :",
            "a: &x 1\nb: *x",
            "name: x\nname: y",
            "\u{0}",
            "benefits: 3",
        ] {
            let _ = load(text);
        }
    }
}
