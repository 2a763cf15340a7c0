//! The jurisdiction registry (`corpus/jurisdictions.yaml`): every jurisdiction a corpus
//! covers, with its names, the languages of its authentic texts, its citation style and
//! the official formats its law is imported from. Everything that differs between
//! jurisdictions is read from here, so that adding one is a matter of data (see
//! `docs/adding-a-jurisdiction.md`).
//!
//! A corpus folder with its own `jurisdictions.yaml` uses it; one without uses the
//! shipped registry. Loading a corpus makes its registry the current one:
//! [`Jurisdiction`] values read their names and styles from it.

use std::sync::{Arc, Mutex, RwLock};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::load::{at, yaml_error, CorpusFiles};
use super::locate::LazyPositions;
use super::model::Localized;
use crate::diagnostic::{did_you_mean, Diagnostic, Error, Result, SourceFile};

/// The file of a corpus that holds its registry.
pub const FILE: &str = super::hash::REGISTRY_FILE;

/// The registry shipped with the corpus built into the binary.
static SHIPPED: &str = include_str!("../../corpus/jurisdictions.yaml");

/// How an address (`art-2/para-1/item-3`) becomes a citation in a jurisdiction's own form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// Chinese statutes: `《保险法》第二条第一款第三项` (条, 款, 项; `之二` for inserted
    /// articles), the amendment of the wording cited in brackets.
    Chinese,
    /// Japanese statutes: `保険業法（平成7年法律第105号）第2条第1項第3号ロ` (条, 項, 号, イロハ;
    /// `の2` for inserted articles), `…による改正前の` for a text no longer in force.
    Japanese,
    /// Codes and acts cited with a mark before the first division and the smaller ones
    /// in brackets: `N.Y. Ins. Law § 1101(a)(1) (McKinney 2024)`, `FSMA s. 19(1)`.
    Western,
}

/// A jurisdiction's citation style and what reference managers need to know of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The form of the citation.
    pub style: Style,
    /// For the `western` style: the mark written before the first division, by the
    /// address's segment kind (`s: "§ "`, `art: "art. "`); a kind with no mark is written
    /// `Art. N`.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub marks: IndexMap<String, String>,
    /// The publisher whose edition is cited, with its year (`McKinney`), if the
    /// jurisdiction's citations name one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The jurisdiction's code in CSL-JSON and Jurism (`us:ny`); the registry code when
    /// not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csl: Option<String>,
    /// biblatex's `langid` of the citation (`american`); from its language when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub langid: Option<String>,
}

/// One jurisdiction of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// The short code that begins its addresses (`cn`): lower-case letters, digits and
    /// `-`, at most 16 characters.
    pub code: String,
    /// Its name per language (`en`, `zh`, `ja`); `en` is required.
    pub name: Localized,
    /// The languages of its authentic texts, the one cited first.
    pub languages: Vec<String>,
    /// How its provisions are cited.
    pub citation: Citation,
    /// The official formats `mutua import` reads into this jurisdiction (`lawrefbook`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub import: Vec<String>,
    /// Its place in the registry: results are shown in this order.
    #[serde(skip)]
    pub order: usize,
}

impl Info {
    /// Its name in a language, else in English.
    pub fn name_in(&self, lang: &str) -> &str {
        self.name
            .get(lang)
            .or_else(|| self.name.get("en"))
            .map_or(self.code.as_str(), String::as_str)
    }

    /// The language its provisions are cited in (the first of its authentic languages).
    pub fn language(&self) -> &str {
        self.languages.first().map_or("en", String::as_str)
    }
}

/// A jurisdiction of the corpus: a handle on its registry entry, compared by code.
#[derive(Clone, Copy)]
pub struct Jurisdiction(&'static Info);

impl Jurisdiction {
    /// The jurisdictions of the current registry, in the order results are shown.
    pub fn all() -> Vec<Jurisdiction> {
        current().list.clone()
    }

    /// The jurisdiction with this code in the current registry, ignoring case.
    pub fn from_code(code: &str) -> Option<Jurisdiction> {
        current().get(code)
    }

    /// The short code used in addresses (`cn`).
    pub fn code(self) -> &'static str {
        &self.0.code
    }

    /// The English name, for reports.
    pub fn name(self) -> &'static str {
        self.0.name_in("en")
    }

    /// Its registry entry: names, languages, citation style.
    pub fn info(self) -> &'static Info {
        self.0
    }

    /// The jurisdiction of an address (its first segment), if the registry has it.
    pub fn of_address(address: &str) -> Option<Jurisdiction> {
        Jurisdiction::from_code(address.split('/').next().unwrap_or_default())
    }
}

impl PartialEq for Jurisdiction {
    fn eq(&self, other: &Self) -> bool {
        self.0.code == other.0.code
    }
}

impl Eq for Jurisdiction {}

impl std::hash::Hash for Jurisdiction {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.code.hash(state);
    }
}

impl PartialOrd for Jurisdiction {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Registry order, then code.
impl Ord for Jurisdiction {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.order, &self.0.code).cmp(&(other.0.order, &other.0.code))
    }
}

impl std::fmt::Debug for Jurisdiction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Jurisdiction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A code the current registry holds; any other is an error naming those it holds.
impl<'de> Deserialize<'de> for Jurisdiction {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        let registry = current();
        registry.get(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown jurisdiction `{code}`: the registry ({FILE}) holds {}",
                registry.codes().join(", ")
            ))
        })
    }
}

impl schemars::JsonSchema for Jurisdiction {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Jurisdiction".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": format!("A jurisdiction's code, as {FILE} lists them."),
            "type": "string",
            "enum": current().codes(),
        })
    }
}

/// The jurisdictions of a corpus, in display order.
#[derive(Debug, Clone, PartialEq)]
pub struct Registry {
    list: Vec<Jurisdiction>,
}

impl Registry {
    /// The registry of a corpus: its own `jurisdictions.yaml`, or the shipped one. Every
    /// problem is reported with its file, line and column.
    pub fn of(files: &CorpusFiles) -> Result<Registry> {
        match files.files.iter().find(|(n, _)| n == FILE) {
            Some((_, text)) => Registry::parse(&SourceFile::new(files.display_name(FILE), &**text)),
            None => Ok(shipped()),
        }
    }

    /// Reads and checks a registry file.
    pub fn parse(source: &SourceFile) -> Result<Registry> {
        let infos: Vec<Info> = serde_yaml::from_str(&source.text).map_err(|e| {
            Error::Input(vec![yaml_error(
                source,
                &e,
                "jurisdiction registry",
                "the file is a list of jurisdictions, each with code, name, languages and citation; see docs/adding-a-jurisdiction.md",
            )])
        })?;
        let pos = LazyPositions::new(&source.text);
        let mut diags = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, info) in infos.iter().enumerate() {
            let code_ok = !info.code.is_empty()
                && info.code.len() <= 16
                && info.code.starts_with(|c: char| c.is_ascii_lowercase())
                && info
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !code_ok {
                diags.push(
                    Diagnostic::error(format!("`{}` cannot be a jurisdiction's code", info.code))
                        .at(at(source, &pos, &format!("[{i}].code")))
                        .help("write a short code of lower-case letters, digits and `-`, starting with a letter (`uk`, `de-by`), at most 16 characters"),
                );
            }
            if !seen.insert(info.code.as_str()) {
                diags.push(
                    Diagnostic::error(format!("jurisdiction `{}` is listed twice", info.code))
                        .at(at(source, &pos, &format!("[{i}].code")))
                        .help("keep one entry per jurisdiction"),
                );
            }
            if !info.name.contains_key("en") {
                diags.push(
                    Diagnostic::error(format!("jurisdiction `{}` has no English name", info.code))
                        .at(at(source, &pos, &format!("[{i}].name")))
                        .help("give `name: {en: …}` (and `zh`, `ja` where known): reports fall back to it"),
                );
            }
            if info.languages.is_empty() {
                diags.push(
                    Diagnostic::error(format!(
                        "jurisdiction `{}` lists no language of its authentic texts",
                        info.code
                    ))
                    .at(at(source, &pos, &format!("[{i}].languages")))
                    .help(
                        "give `languages: [en]` (the language its statutes are enacted in first)",
                    ),
                );
            }
        }
        if infos.is_empty() {
            diags.push(
                Diagnostic::error("the jurisdiction registry lists no jurisdiction")
                    .at(source.span(0..0))
                    .help("list at least one jurisdiction; see docs/adding-a-jurisdiction.md"),
            );
        }
        if !diags.is_empty() {
            return Err(Error::Input(diags));
        }
        let list = infos
            .into_iter()
            .enumerate()
            .map(|(order, info)| Jurisdiction(intern(Info { order, ..info })))
            .collect();
        Ok(Registry { list })
    }

    /// The jurisdictions, in display order.
    pub fn list(&self) -> &[Jurisdiction] {
        &self.list
    }

    /// Their codes, in display order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.list.iter().map(|j| j.code()).collect()
    }

    /// The jurisdiction with this code, ignoring case.
    pub fn get(&self, code: &str) -> Option<Jurisdiction> {
        self.list
            .iter()
            .copied()
            .find(|j| j.code().eq_ignore_ascii_case(code))
    }

    /// The jurisdiction whose law an import format supplies (`lawrefbook`).
    pub fn importing(&self, format: &str) -> Result<Jurisdiction> {
        self.list
            .iter()
            .copied()
            .find(|j| j.info().import.iter().any(|f| f == format))
            .ok_or_else(|| {
                Error::input(
                    Diagnostic::error(format!(
                        "no jurisdiction of the registry imports the `{format}` format"
                    ))
                    .help(format!(
                        "add `import: [{format}]` to the jurisdiction it supplies in {FILE}"
                    )),
                )
            })
    }

    /// What to write instead of a code the registry does not hold: the nearest code,
    /// and every code it holds.
    pub fn help_for(&self, code: &str) -> String {
        let codes = self.codes();
        let listed = codes
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let all = format!("the jurisdictions of the corpus ({FILE}) are {listed}");
        match did_you_mean(code, codes.iter().copied()) {
            Some(near) => format!("{near}; {all}"),
            None => all,
        }
    }

    /// An error for a code the registry does not hold, saying what it holds.
    pub fn unknown(&self, code: &str) -> Diagnostic {
        Diagnostic::error(format!("there is no jurisdiction `{code}`")).help(self.help_for(code))
    }

    /// Makes this registry the current one: [`Jurisdiction`] values deserialized from now
    /// on are looked up in it.
    pub fn install(&self) {
        let mut slot = CURRENT.write().unwrap_or_else(|e| e.into_inner());
        *slot = Some(Arc::new(self.clone()));
    }
}

/// The current registry: the one last installed, else the shipped one.
pub fn current() -> Arc<Registry> {
    if let Some(r) = CURRENT.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return r.clone();
    }
    let shipped = Arc::new(shipped());
    let mut slot = CURRENT.write().unwrap_or_else(|e| e.into_inner());
    slot.get_or_insert(shipped).clone()
}

/// The registry built into the binary, read once per process.
pub fn shipped() -> Registry {
    static READ: std::sync::OnceLock<Registry> = std::sync::OnceLock::new();
    READ.get_or_init(|| {
        Registry::parse(&SourceFile::new(
            "corpus/jurisdictions.yaml (shipped)",
            SHIPPED,
        ))
        .unwrap_or_else(|e| {
            // the build checks the shipped registry; reaching here means a broken build
            panic!("the shipped jurisdiction registry does not load: {e:?}")
        })
    })
    .clone()
}

/// `-j`'s help: the codes of the shipped registry.
pub fn help_line() -> String {
    let names: Vec<String> = shipped()
        .list
        .iter()
        .map(|j| format!("{} ({})", j.code(), j.name()))
        .collect();
    format!(
        "Only this jurisdiction: {} in the shipped corpus, or one of a --corpus folder's {FILE}",
        names.join(", ")
    )
}

static CURRENT: RwLock<Option<Arc<Registry>>> = RwLock::new(None);

/// Registry entries live as long as the process; an entry read twice is kept once.
static INTERNED: Mutex<Vec<&'static Info>> = Mutex::new(Vec::new());

fn intern(info: Info) -> &'static Info {
    let mut all = INTERNED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(same) = all.iter().find(|i| ***i == info) {
        return same;
    }
    let leaked: &'static Info = Box::leak(Box::new(info));
    all.push(leaked);
    leaked
}
