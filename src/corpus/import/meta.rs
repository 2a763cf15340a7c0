//! Annotation files (`corpus-src/**.meta.yaml`): everything about an imported instrument
//! except its verbatim text: titles, dates, source, and per-article summaries, concept
//! tags, cross-references and English translations.

use std::path::Path;

use chrono::NaiveDate;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::corpus::locate::YamlPositions;
use crate::corpus::model::{
    HistoryEvent, Instrument, InstrumentStatus, Jurisdiction, Localized, Source, Text, TextStatus,
};
use crate::diagnostic::{did_you_mean, Diagnostic, SourceFile};

/// Project-written annotations of one provision.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    /// English summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Concept tags.
    #[serde(default)]
    pub concepts: Vec<String>,
    /// Cross-references (full addresses).
    #[serde(default)]
    pub refs: Vec<String>,
    /// An English translation of the article, made by the project.
    #[serde(default)]
    pub en: Option<String>,
}

/// An annotation file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The instrument id.
    pub id: String,
    /// Its jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// Titles per language.
    pub title: Localized,
    /// Short titles per language.
    #[serde(default)]
    pub short_titles: IndexMap<String, Vec<String>>,
    /// Issuer per language.
    #[serde(default)]
    pub issuer: Localized,
    /// Document number.
    #[serde(default)]
    pub document_number: Option<String>,
    /// Promulgation date.
    #[serde(default)]
    pub promulgated: Option<NaiveDate>,
    /// The date the imported text is in force from.
    #[serde(default)]
    pub effective: Option<NaiveDate>,
    /// Status.
    #[serde(default)]
    pub status: Option<InstrumentStatus>,
    /// History to use instead of the source file's.
    #[serde(default)]
    pub history: Vec<HistoryEvent>,
    /// Source details (the checksum is always the importer's).
    #[serde(default)]
    pub source: Option<Source>,
    /// Keep only these articles.
    #[serde(default)]
    pub select: Option<Vec<String>>,
    /// Annotations by article path.
    #[serde(default)]
    pub provisions: IndexMap<String, Annotation>,
    /// The file it came from, for messages.
    #[serde(skip)]
    pub file: Option<SourceFile>,
}

impl Meta {
    /// Reads an annotation file; errors name file:line:col.
    pub fn load(path: &Path) -> crate::Result<Meta> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error(format!(
                "cannot read annotation file {}: {e}",
                path.display()
            ))
        })?;
        let file = SourceFile::new(path.display().to_string(), text);
        let mut meta: Meta = serde_yaml::from_str(&file.text).map_err(|e| {
            crate::Error::input(crate::corpus::load::yaml_error(
                &file,
                &e,
                "annotation file",
                "see docs/corpus-format.md, \"Annotation files\"",
            ))
        })?;
        meta.file = Some(file);
        Ok(meta)
    }

    /// Applies the annotations to an imported instrument. An annotation or selection that
    /// names an article the source lacks is an error located in the annotation file.
    pub fn apply(&self, inst: &mut Instrument) -> Result<(), Vec<Diagnostic>> {
        let positions = self
            .file
            .as_ref()
            .map(|f| YamlPositions::of(&f.text))
            .unwrap_or_default();
        let locate = |ypath: &str| {
            self.file.as_ref().map(|f| match positions.get(ypath) {
                Some(p) => f.line_col(p.line, p.column, p.len),
                None => f.span(0..0),
            })
        };
        let mut problems = Vec::new();
        let paths: Vec<String> = inst.provisions.iter().map(|p| p.path.clone()).collect();
        let missing = |path: &str, ypath: &str| {
            let mut d = Diagnostic::error(format!("the source has no article `{path}`")).help(
                did_you_mean(path, paths.iter().map(String::as_str))
                    .unwrap_or_else(|| "annotate only articles the source file holds".to_string()),
            );
            if let Some(loc) = locate(ypath) {
                d = d.at(loc);
            }
            d
        };
        if let Some(select) = &self.select {
            for (i, s) in select.iter().enumerate() {
                if !paths.contains(s) {
                    problems.push(missing(s, &format!("select[{i}]")));
                }
            }
            inst.provisions.retain(|p| select.contains(&p.path));
        }
        for path in self.provisions.keys() {
            if !inst.provisions.iter().any(|p| &p.path == path) {
                problems.push(missing(path, &format!("provisions.{path}")));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        inst.id = self.id.clone();
        inst.jurisdiction = self.jurisdiction;
        inst.title = self.title.clone();
        inst.short_titles = self.short_titles.clone();
        inst.issuer = self.issuer.clone();
        inst.document_number = self.document_number.clone();
        inst.promulgated = self.promulgated.or(inst.promulgated);
        inst.effective = self.effective.or(inst.effective);
        inst.status = self.status.unwrap_or(inst.status);
        if !self.history.is_empty() {
            inst.history = self.history.clone();
        }
        if let Some(src) = &self.source {
            let sha = inst.source.sha256.take();
            inst.source = src.clone();
            inst.source.sha256 = sha;
        }
        for p in &mut inst.provisions {
            let Some(a) = self.provisions.get(&p.path) else {
                continue;
            };
            p.summary = a.summary.clone();
            p.concepts = a.concepts.clone();
            p.refs = a.refs.clone();
            if let Some(en) = &a.en {
                if let Some(v) = p.versions.last_mut() {
                    v.text.insert(
                        "en".to_string(),
                        Text {
                            status: TextStatus::Translation,
                            text: en.trim().to_string(),
                            by: Some("mutua".to_string()),
                        },
                    );
                }
            }
        }
        Ok(())
    }
}
