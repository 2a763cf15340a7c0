//! Loading corpus files (from a folder or from the copy built into the binary) and
//! validating them. Every problem is collected and reported with file:line:col.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;

use super::locate::LazyPositions;
use super::model::{Instrument, Provision, TextStatus};
use super::Corpus;
use crate::diagnostic::{did_you_mean, Diagnostic, Error, Result, SourceFile};

/// How the shipped corpus is named in messages.
const SHIPPED_ORIGIN: &str = "corpus";

/// The files of the corpus shipped in the binary: each one's path under `corpus/` and its
/// text, sorted by path (listed by `build.rs`).
#[cfg(not(mutua_build))]
static SHIPPED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped-files.rs"));

/// The content hash of the shipped corpus, computed at build time (see `build.rs`).
#[cfg(not(mutua_build))]
pub const SHIPPED_CONTENT_HASH: &str = env!("MUTUA_SHIPPED_CORPUS_HASH");

/// The hash of the shipped rules (see [`super::hash::rules_hash`]), computed at build time.
#[cfg(not(mutua_build))]
pub const SHIPPED_RULES_HASH: &str = env!("MUTUA_SHIPPED_RULES_HASH");

/// The shipped corpus as the build loaded and checked it (see `build.rs`): its instruments
/// after load-time processing, in MessagePack.
#[cfg(not(mutua_build))]
static SHIPPED_LOADED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/shipped-corpus.msgpack"));

/// The raw files of a corpus: name (relative path) and text, sorted by name.
#[derive(Debug, Clone, Default)]
pub struct CorpusFiles {
    /// `(relative path, text)`, sorted by path. The shipped corpus's texts are borrowed
    /// from the binary: nothing is copied or read that a command does not use.
    pub files: Vec<(String, Cow<'static, str>)>,
    /// How the corpus is named in messages (`the shipped corpus` or a folder).
    pub origin: String,
    /// The content hash when it is known without reading the files (the shipped corpus's,
    /// computed at build time); `None` to compute it from the files.
    pub known_hash: Option<String>,
}

impl CorpusFiles {
    /// The files of the corpus built into the binary.
    #[cfg(not(mutua_build))]
    pub fn shipped() -> CorpusFiles {
        let files = SHIPPED
            .iter()
            .map(|(name, text)| {
                let text = text.trim_start_matches('\u{feff}');
                (name.to_string(), Cow::Borrowed(text))
            })
            .collect();
        CorpusFiles {
            files,
            origin: SHIPPED_ORIGIN.to_string(),
            known_hash: Some(SHIPPED_CONTENT_HASH.to_string()),
        }
    }

    /// The files of a corpus folder.
    pub fn from_dir(dir: &Path) -> Result<CorpusFiles> {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for entry in walk_folder(dir)? {
            match entry {
                Ok((rel, path)) => match SourceFile::read(&path) {
                    Ok(source) => files.push((rel, Cow::Owned(source.text.to_string()))),
                    Err(e) => problems.extend(e.diagnostics().iter().cloned()),
                },
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        files.sort();
        let corpus = CorpusFiles {
            files,
            origin: dir.display().to_string(),
            known_hash: None,
        };
        if corpus.instrument_files().next().is_none() {
            return Err(no_instrument_files(dir));
        }
        Ok(corpus)
    }

    /// The instrument files (YAML outside `rules/`, `schemes/`, `cases/`).
    pub fn instrument_files(&self) -> impl Iterator<Item = &(String, Cow<'static, str>)> {
        self.files
            .iter()
            .filter(|(name, _)| super::hash::is_instrument_file(name))
    }

    /// The rule files (`rules/*.rules`), name and text.
    pub fn rule_files(&self) -> impl Iterator<Item = &(String, Cow<'static, str>)> {
        self.files
            .iter()
            .filter(|(name, _)| super::hash::is_rule_file(name))
    }

    /// SHA-256 over every instrument file's name and bytes (for the shipped corpus, the
    /// hash computed at build time).
    pub fn content_hash(&self) -> String {
        match &self.known_hash {
            Some(h) => h.clone(),
            None => self.hash_files(),
        }
    }

    /// The content hash computed from the files themselves.
    pub fn hash_files(&self) -> String {
        super::hash::content_hash(
            self.files
                .iter()
                .filter(|(name, _)| super::hash::is_hashed_file(name))
                .map(|(name, text)| (name.as_str(), text.as_bytes())),
        )
    }

    /// Whether these are the files of the corpus built into the binary, unchanged (no
    /// instruments laid over them): then the build has loaded and checked them already.
    pub fn is_shipped(&self) -> bool {
        #[cfg(not(mutua_build))]
        return self.origin == SHIPPED_ORIGIN
            && self.known_hash.as_deref() == Some(SHIPPED_CONTENT_HASH);
        #[cfg(mutua_build)]
        false
    }

    /// The display name of a file of this corpus.
    pub(crate) fn display_name(&self, rel: &str) -> String {
        // files laid over the shipped corpus (`corpus::user`) are named by their full path
        if Path::new(rel).is_absolute() {
            rel.to_string()
        } else if self.origin == SHIPPED_ORIGIN {
            format!("corpus/{rel}")
        } else {
            Path::new(&self.origin).join(rel).display().to_string()
        }
    }
}

/// Whether `files` are the shipped rule files (`rules/*.rules` of the corpus built into the
/// binary), all of them, unchanged, in order and named as [`crate::rules::shipped_rule_files`]
/// names them (`corpus/rules/cn.rules`): then the build has parsed and checked them already.
#[cfg(not(mutua_build))]
pub fn are_shipped_rules(files: &[SourceFile]) -> bool {
    let mut shipped = SHIPPED
        .iter()
        .filter(|(name, _)| super::hash::is_rule_file(name));
    let mut given = files.iter();
    loop {
        match (shipped.next(), given.next()) {
            (None, None) => return true,
            (Some((name, text)), Some(file)) => {
                let shown = file.name.strip_prefix(SHIPPED_ORIGIN);
                if shown.and_then(|n| n.strip_prefix('/')) != Some(*name)
                    || *file.text != *text.trim_start_matches('\u{feff}')
                {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// What `--corpus` takes, said when the folder is not one.
const FOLDER_HELP: &str = "give --corpus a folder holding instrument YAML files (for example one written by `mutua import`)";

/// The YAML and rule files of a corpus folder in the order walked (each folder's entries
/// by name), each as its path from the folder (`/`-separated) and its full path, or as why
/// an entry cannot be read. An error when `dir` is not a folder.
pub(crate) fn walk_folder(
    dir: &Path,
) -> Result<Vec<std::result::Result<(String, std::path::PathBuf), Diagnostic>>> {
    if !dir.is_dir() {
        let what = if dir.exists() {
            format!("--corpus `{}` is a file, not a folder", dir.display())
        } else {
            format!("corpus folder `{}` does not exist", dir.display())
        };
        return Err(Error::input(Diagnostic::error(what).help(FOLDER_HELP)));
    }
    let mut listed = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().unwrap_or(dir).display().to_string();
                listed.push(Err(Diagnostic::error(format!("cannot read {at}: {e}"))
                    .help(
                        "check that the corpus folder and everything in it is readable",
                    )));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if !(rel.ends_with(".yaml") || rel.ends_with(".rules")) {
            continue;
        }
        listed.push(Ok((rel, entry.into_path())));
    }
    Ok(listed)
}

/// The error for a corpus folder without an instrument file.
pub(crate) fn no_instrument_files(dir: &Path) -> Error {
    Error::input(
        Diagnostic::error(format!(
            "corpus folder `{}` holds no instrument files (*.yaml outside rules/, schemes/, cases/)",
            dir.display()
        ))
        .help(FOLDER_HELP),
    )
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Loads the corpus built into the binary.
#[cfg(not(mutua_build))]
pub fn load_embedded() -> Result<Corpus> {
    load(&CorpusFiles::shipped())
}

/// Loads and validates the corpus in a folder.
pub fn load_dir(dir: &Path) -> Result<Corpus> {
    load(&CorpusFiles::from_dir(dir)?)
}

/// Parses and validates corpus files; every problem found is returned at once. The shipped
/// corpus, unchanged, is decoded from the copy the build loaded and checked.
pub fn load(files: &CorpusFiles) -> Result<Corpus> {
    #[cfg(not(mutua_build))]
    if files.is_shipped() {
        return load_prechecked(files);
    }
    parse(files)
}

/// The shipped corpus from the instruments the build loaded (its registry installed first:
/// instruments name their jurisdiction by a code of it).
#[cfg(not(mutua_build))]
fn load_prechecked(files: &CorpusFiles) -> Result<Corpus> {
    super::jurisdictions::Registry::of(files)?.install();
    let instruments: Vec<Instrument> = rmp_serde::from_slice(SHIPPED_LOADED).map_err(|e| {
        Error::msg(format!(
            "the corpus built into mutua does not decode ({e}): rebuild mutua (cargo build)"
        ))
    })?;
    Ok(Corpus::new(instruments, files.content_hash()))
}

/// Parses and validates corpus files, the shipped ones included.
pub fn parse(files: &CorpusFiles) -> Result<Corpus> {
    let listed: Vec<&(String, Cow<'static, str>)> = files.instrument_files().collect();
    let names: Vec<&str> = listed.iter().map(|(name, _)| name.as_str()).collect();
    let mut instruments = Vec::new();
    check_instruments(
        files,
        &names,
        &|i| Ok(Arc::from(&*listed[i].1)),
        &mut |inst| {
            instruments.push(inst);
            Ok(())
        },
    )?;
    instruments.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Corpus::new(instruments, files.content_hash()))
}

/// What checking a corpus's instruments found, short of the instruments themselves.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The positions of the instrument files, as the check was given them, in the order of
    /// their instruments' ids (the order of a loaded corpus).
    pub order: Vec<usize>,
    /// How many provisions the instruments hold, at every level.
    pub provisions: usize,
}

/// An instrument file's text parsed as a loaded corpus holds it: the texts edited since
/// they were fetched or imported marked, the history closed at its end.
pub(crate) fn read_instrument(text: &str) -> std::result::Result<Instrument, serde_yaml::Error> {
    let mut inst = serde_yaml::from_str::<Instrument>(text)?;
    // a text edited since `fetch` or `import` wrote it is not the official one
    super::integrity::mark_modified(&mut inst);
    super::history::close_at_end(&mut inst);
    Ok(inst)
}

/// Parses and validates the instrument files `names` (paths in `files`' folder) one at a
/// time, reading each with `text`; every problem found is returned at once, in the order
/// of `names` (sorted, as a folder's files are, for the problems a loaded corpus reports).
/// Each instrument parsed is handed to `keep`, in the order of `names`, until a problem is
/// found, and need not be held: what the checks across files need (every address, every
/// id) is kept aside, and a file is read again only to point at a problem in it. `files`
/// gives the registry, the vocabulary and the names shown.
pub(crate) fn check_instruments(
    files: &CorpusFiles,
    names: &[&str],
    text: &dyn Fn(usize) -> Result<Arc<str>>,
    keep: &mut dyn FnMut(Instrument) -> Result<()>,
) -> Result<Checked> {
    // instruments name their jurisdiction by a code of the registry
    let registry = super::jurisdictions::Registry::of(files)?;
    registry.install();
    // reports name kinds and permissions in the terms of the corpus's own glossary
    if let Some(glossary) = super::glossary::Glossary::of(files)? {
        glossary.install();
    }
    // an error in the vocabulary is the one reported, whatever the instruments hold
    let (vocabulary, own_vocabulary) = super::concepts::Vocabulary::of(files)?;
    let name_of = |i: usize| files.display_name(names[i]);
    let source_of = |i: usize| -> Result<SourceFile> { Ok(SourceFile::new(name_of(i), text(i)?)) };
    let mut yaml_diags = Vec::new();
    let mut diags = Vec::new();
    // every address, with the file that defines it
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut ids: Vec<Option<String>> = Vec::with_capacity(names.len());
    // the files to look at again once every address is known: those citing an address not
    // seen yet (which a later file may define) or a tag the vocabulary does not define
    let mut later: Vec<(usize, Vec<String>, bool)> = Vec::new();
    // each concept tag with the jurisdiction of a provision carrying it, for the topics
    let mut tagged: HashSet<(String, String)> = HashSet::new();
    let mut provisions = 0;
    for i in 0..names.len() {
        let source = source_of(i)?;
        match read_instrument(&source.text) {
            Ok(inst) => {
                let pos = LazyPositions::new(&source.text);
                check_instrument(&inst, &source, &pos, i, &name_of, &mut seen, &mut diags);
                let code = inst.jurisdiction.code();
                let (mut unresolved, mut unknown_tag) = (Vec::new(), false);
                each_provision(&inst.provisions, "provisions", &mut |p, _| {
                    provisions += 1;
                    for tag in &p.concepts {
                        unknown_tag |= vocabulary.concept(tag).is_none();
                        if own_vocabulary {
                            tagged.insert((code.to_string(), tag.clone()));
                        }
                    }
                    unresolved.extend(p.refs.iter().filter(|r| !seen.contains_key(*r)).cloned());
                });
                if unknown_tag || !unresolved.is_empty() {
                    later.push((i, unresolved, unknown_tag));
                }
                ids.push(Some(inst.id.clone()));
                if yaml_diags.is_empty() && diags.is_empty() {
                    keep(inst)?;
                }
            }
            Err(e) => {
                ids.push(None);
                yaml_diags.push(yaml_error(
                    &source,
                    &e,
                    "corpus file",
                    "see docs/corpus-format.md for the fields an instrument file takes",
                ))
            }
        }
    }
    let mut ids_seen: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        let Some(id) = id else { continue };
        if let Some(first) = ids_seen.insert(id, i) {
            let source = source_of(i)?;
            let pos = LazyPositions::new(&source.text);
            diags.push(
                Diagnostic::error(format!("instrument id `{id}` is used twice"))
                    .at(at(&source, &pos, "id"))
                    .label(format!("also the id of {}", name_of(first)))
                    .help("give each instrument file its own id"),
            );
        }
    }
    // cross-references resolve against every address of the corpus; concept tags are
    // those of the vocabulary
    for (i, unresolved, unknown_tag) in later {
        if !unknown_tag && unresolved.iter().all(|r| seen.contains_key(r)) {
            continue;
        }
        let source = source_of(i)?;
        let inst = read_instrument(&source.text)
            .map_err(|e| Error::msg(format!("cannot read {} again: {e}", source.name)))?;
        let pos = &LazyPositions::new(&source.text);
        let source = &source;
        each_provision(&inst.provisions, "provisions", &mut |p, ypath| {
            for (k, tag) in p.concepts.iter().enumerate() {
                if vocabulary.concept(tag).is_none() {
                    diags.push(super::concepts::unknown_tag(
                        &vocabulary,
                        tag,
                        at(source, pos, &format!("{ypath}.concepts[{k}]")),
                    ));
                }
            }
            for (k, r) in p.refs.iter().enumerate() {
                if !seen.contains_key(r) {
                    let mut d =
                        Diagnostic::error(format!("cross-reference `{r}` does not resolve"))
                            .at(at(source, pos, &format!("{ypath}.refs[{k}]")))
                            .label("no provision has this address");
                    d = d.help(
                        did_you_mean(r, seen.keys().map(String::as_str))
                            .unwrap_or_else(|| match seen.keys().min() {
                                Some(example) => format!("write the full address of an existing provision, e.g. `{example}`"),
                                None => "write the full address of an existing provision".into(),
                            }),
                    );
                    diags.push(d);
                }
            }
        });
    }
    yaml_diags.append(&mut diags);
    let diags = yaml_diags;
    if diags
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error)
    {
        return Err(Error::Input(diags));
    }
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
    // the topics of `compare` are checked against the corpus that defines them
    if own_vocabulary {
        let text = files
            .files
            .iter()
            .find(|(n, _)| n == super::concepts::FILE)
            .map(|(_, t)| &**t)
            .unwrap_or_default();
        let source = SourceFile::new(files.display_name(super::concepts::FILE), text);
        let problems = super::concepts::check_topics(
            &vocabulary,
            &source,
            super::jurisdictions::current().list(),
            |topic, j| {
                topic
                    .concepts
                    .iter()
                    .any(|c| tagged.contains(&(j.code().to_string(), c.clone())))
            },
        );
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
    }
    Ok(Checked { order, provisions })
}

/// A serde_yaml error as a located diagnostic: `what` names the kind of file ("corpus
/// file"), `help` says where its format is described.
pub(crate) fn yaml_error(
    source: &SourceFile,
    e: &serde_yaml::Error,
    what: &str,
    help: &str,
) -> Diagnostic {
    let msg = e.to_string();
    // serde_yaml appends " at line L column C"; the location is shown separately
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    // chrono's words for a bad date do not say what a date looks like
    let is_date = [
        "input is out of range",
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
    ]
    .iter()
    .any(|m| msg.contains(m));
    let d = Diagnostic::error(format!("cannot read this {what}: {msg}"));
    let d = if is_date {
        d.label("not a valid date")
            .help("write dates as YYYY-MM-DD, e.g. 2015-04-24")
    } else {
        d.help(help)
    };
    match e.location() {
        Some(l) => d.at(source.line_col(l.line(), l.column(), 1)),
        None => d.at(source.span(0..0)),
    }
}

/// Where the value at a YAML path of a file stands (the file's start when it is not found).
pub(crate) fn at(
    source: &SourceFile,
    pos: &LazyPositions,
    path: &str,
) -> crate::diagnostic::Location {
    match pos.get(path) {
        Some(p) => source.line_col(p.line, p.column, p.len),
        None => source.span(0..0),
    }
}

fn each_provision(provisions: &[Provision], base: &str, f: &mut dyn FnMut(&Provision, &str)) {
    for (i, p) in provisions.iter().enumerate() {
        let ypath = format!("{base}[{i}]");
        f(p, &ypath);
        each_provision(&p.children, &format!("{ypath}.children"), f);
    }
}

/// Whether a path segment is well formed: `art-2`, `art-272-2`, `para-1`, `item-3`,
/// `s-1101`, or a bare New York subsection label (`a`, `1`, `A`, `sub-i`).
pub fn valid_segment(seg: &str) -> bool {
    !seg.is_empty()
        && seg.len() <= 40
        && seg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
        && !seg.starts_with('-')
        && !seg.ends_with('-')
}

/// The checks of one instrument (file `file` of the corpus); its addresses are added to
/// `seen`, where an address some file (named by `name_of`) defines already is found.
fn check_instrument(
    inst: &Instrument,
    source: &SourceFile,
    pos: &LazyPositions,
    file: usize,
    name_of: &dyn Fn(usize) -> String,
    seen: &mut HashMap<String, usize>,
    diags: &mut Vec<Diagnostic>,
) {
    let prefix = format!("{}/", inst.jurisdiction.code());
    let name_ok = inst
        .id
        .strip_prefix(&prefix)
        .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'));
    if !name_ok {
        diags.push(
            Diagnostic::error(format!(
                "instrument id `{}` must be `{}NAME`",
                inst.id, prefix
            ))
            .at(at(source, pos, "id"))
            .label("the id starts every address in this file")
            .help(format!(
                "the jurisdiction is `{}`; write for example `{}insurance-law`",
                inst.jurisdiction, prefix
            )),
        );
    }
    for d in super::history::disagreements(inst) {
        diags.push(
            Diagnostic::error(d.message)
                .at(at(source, pos, &d.ypath))
                .label("disagrees with the instrument's history")
                .help(d.help),
        );
    }
    if inst.source.address.trim().is_empty() {
        diags.push(
            Diagnostic::error("the instrument's source has no address")
                .at(at(source, pos, "source.address"))
                .help("say where the text was taken from (a file or page address)"),
        );
    }
    let mut check = |p: &Provision, ypath: &str, address: &str| {
        if !valid_segment(&p.path) {
            diags.push(
                Diagnostic::error(format!("`{}` is not a valid address segment", p.path))
                    .at(at(source, pos, &format!("{ypath}.path")))
                    .help("use `art-N`, `art-N-M` for a branch article, `para-N`, `item-N`, `s-N` or a subsection label such as `a` or `1`"),
            );
        }
        if let Some(first) = seen.insert(address.to_string(), file) {
            diags.push(
                Diagnostic::error(format!("address `{address}` is used twice"))
                    .at(at(source, pos, &format!("{ypath}.path")))
                    .label(format!("already defined in {}", name_of(first)))
                    .help("addresses must be unique; give this provision another path or remove the duplicate"),
            );
        }
        let src = p.source.as_ref().unwrap_or(&inst.source);
        let mut periods: Vec<(NaiveDate, Option<NaiveDate>, usize)> = Vec::new();
        for (vi, v) in p.versions.iter().enumerate() {
            let vpath = format!("{ypath}.versions[{vi}]");
            let from = v.from.or(inst.effective).unwrap_or(NaiveDate::MIN);
            if let Some(to) = v.to {
                if to < from {
                    diags.push(
                        Diagnostic::error(format!("version ends ({to}) before it starts ({from})"))
                            .at(at(source, pos, &format!("{vpath}.to")))
                            .help("`to` is the last day in force and must not be before `from`"),
                    );
                }
            }
            for &(f2, t2, other) in &periods {
                let probe = |d: NaiveDate, f: NaiveDate, t: Option<NaiveDate>| {
                    f <= d && t.is_none_or(|t| d <= t)
                };
                if probe(from, f2, t2) || probe(f2, from, v.to) {
                    diags.push(
                        Diagnostic::error(format!(
                            "versions {} and {} of `{address}` overlap",
                            other + 1,
                            vi + 1
                        ))
                        .at(at(source, pos, &format!("{vpath}.from")))
                        .help("give the earlier version a `to` date before this version's `from`"),
                    );
                }
            }
            periods.push((from, v.to, vi));
            for (lang, t) in &v.text {
                let tpath = format!("{vpath}.text.{lang}");
                let problem = match t.status {
                    TextStatus::Verbatim if src.sha256.is_none() => Some((
                        "verbatim text needs a source with a checksum",
                        "import the text from its source file (the checksum is recorded), or mark it `unverified`",
                    )),
                    TextStatus::Unverified if src.official.is_none() => Some((
                        "unverified text needs `source.official`, the address where the official text can be checked",
                        "add `official:` to the instrument's source",
                    )),
                    TextStatus::Translation if t.by.is_none() => Some((
                        "a translation must say who made it",
                        "add `by:` (for example `by: mutua`) to the translation",
                    )),
                    _ => None,
                };
                if let Some((msg, help)) = problem {
                    diags.push(
                        Diagnostic::error(msg)
                            .at(at(source, pos, &tpath))
                            .help(help),
                    );
                }
                // a reading names the place where the text holds it
                for (ri, r) in t.readings.iter().enumerate() {
                    let held: String = t
                        .text
                        .chars()
                        .skip(r.at.saturating_sub(1))
                        .take(r.kept.chars().count())
                        .collect();
                    if r.at == 0 || held != r.kept {
                        diags.push(
                            Diagnostic::error(format!(
                                "the text does not hold `{}` at character {}: it holds `{held}`",
                                r.kept, r.at
                            ))
                            .at(at(source, pos, &format!("{tpath}.readings[{ri}].at")))
                            .help("`at` is the 1-based character position of the reading kept in the text; correct it, or import the text again"),
                        );
                    }
                }
            }
        }
    };
    fn walk(
        provisions: &[Provision],
        base: &str,
        prefix: &str,
        f: &mut dyn FnMut(&Provision, &str, &str),
    ) {
        for (i, p) in provisions.iter().enumerate() {
            let ypath = format!("{base}[{i}]");
            let address = format!("{prefix}/{}", p.path);
            f(p, &ypath, &address);
            walk(&p.children, &format!("{ypath}.children"), &address, f);
        }
    }
    walk(&inst.provisions, "provisions", &inst.id, &mut check);
}

#[cfg(test)]
mod prechecked_tests {
    use super::*;

    #[test]
    fn the_shipped_corpus_decodes_to_what_parsing_gives() {
        let files = CorpusFiles::shipped();
        assert!(files.is_shipped());
        let decoded = load(&files).unwrap();
        let parsed = parse(&files).unwrap();
        assert_eq!(decoded.instruments, parsed.instruments);
        assert_eq!(decoded.content_hash, parsed.content_hash);
        assert_eq!(decoded.addresses().count(), parsed.addresses().count());
    }

    #[test]
    fn the_shipped_files_are_those_of_the_corpus_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let from_dir = CorpusFiles::from_dir(&dir).unwrap();
        let shipped = CorpusFiles::shipped();
        // a folder's files are its YAML and rule files
        let read: Vec<_> = shipped
            .files
            .iter()
            .filter(|(n, _)| n.ends_with(".yaml") || n.ends_with(".rules"))
            .cloned()
            .collect();
        assert_eq!(read, from_dir.files);
        assert_eq!(shipped.content_hash(), from_dir.hash_files());
        let rules = crate::rules::shipped_rule_files(&shipped);
        assert!(!rules.is_empty());
        assert!(are_shipped_rules(&rules));
    }

    #[test]
    fn files_laid_over_the_shipped_ones_are_parsed() {
        let mut files = CorpusFiles::shipped();
        files.known_hash = None;
        assert!(!files.is_shipped());
    }
}
