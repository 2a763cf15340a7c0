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
    HistoryEvent, Instrument, InstrumentStatus, Jurisdiction, Localized, Provision, Reading,
    Source, Text, TextStatus,
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
    /// Who made the translation, when not the project (`mutua`).
    #[serde(default)]
    pub en_by: Option<String>,
    /// The English heading (`Article 2 (Definitions)`), when the source gives none.
    #[serde(default)]
    pub heading_en: Option<String>,
    /// The first day the text held is in force in this wording, when it is earlier than
    /// the instrument's `effective` (the amendment that last changed it came before).
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// The document of the history this wording comes from (see [`Version::amendment`]).
    #[serde(default)]
    pub amendment: Option<String>,
}

/// A reading of the source file replaced by the one other copies hold, where the copies
/// differ: every occurrence of `source_reading` in the verbatim text of each provision
/// listed becomes `reading`, and the text records both readings and the copies holding each
/// (its `readings`). A provision listed whose text lacks `source_reading` is an error, so
/// that a correction never silently stops applying.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The provisions corrected (`art-18`, `art-2/para-1`).
    pub provisions: Vec<String>,
    /// What the source file holds (`:`).
    pub source_reading: String,
    /// What the text keeps instead (`：`).
    pub reading: String,
    /// The copies that hold `reading` (as `source.checked_against` names them).
    pub kept_in: Vec<String>,
    /// Why `reading` is kept.
    #[serde(default)]
    pub note: Option<String>,
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
    /// The day the instrument first came into force.
    #[serde(default)]
    pub first_in_force: Option<NaiveDate>,
    /// The last day in force of an instrument no longer in force.
    #[serde(default)]
    pub in_force_until: Option<NaiveDate>,
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
    /// Readings of the source file replaced where other copies hold another.
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// Annotations by provision path below the instrument (`art-2`, `art-2/para-1`).
    #[serde(default)]
    pub provisions: IndexMap<String, Annotation>,
    /// The file it came from, for messages.
    #[serde(skip)]
    pub file: Option<SourceFile>,
}

impl Meta {
    /// Reads an annotation file; errors name file:line:col.
    pub fn load(path: &Path) -> crate::Result<Meta> {
        let file = SourceFile::read(path)?;
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
        let warnings = self.apply_with(inst, true)?;
        debug_assert!(warnings.is_empty());
        Ok(())
    }

    /// Applies the annotations as far as the source allows: an annotation of a provision
    /// the source lacks is returned as a warning instead of stopping the merge.
    pub fn apply_lenient(&self, inst: &mut Instrument) -> Vec<Diagnostic> {
        self.apply_with(inst, false).unwrap_or_default()
    }

    fn apply_with(
        &self,
        inst: &mut Instrument,
        strict: bool,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
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
        let mut paths: Vec<String> = Vec::new();
        fn collect(prefix: &str, ps: &[Provision], out: &mut Vec<String>) {
            for p in ps {
                let path = if prefix.is_empty() {
                    p.path.clone()
                } else {
                    format!("{prefix}/{}", p.path)
                };
                collect(&path, &p.children, out);
                out.push(path);
            }
        }
        collect("", &inst.provisions, &mut paths);
        let missing = |path: &str, ypath: &str| {
            let d = if strict {
                let what = if path.contains('/') {
                    "provision"
                } else {
                    "article"
                };
                Diagnostic::error(format!("the source has no {what} `{path}`"))
            } else {
                Diagnostic::warning(format!(
                    "the source has no provision `{path}`; its annotations are left out"
                ))
            };
            let mut d = d.help(
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
            if !paths.contains(path) {
                problems.push(missing(path, &format!("provisions.{path}")));
            }
        }
        for (i, c) in self.corrections.iter().enumerate() {
            for (j, path) in c.provisions.iter().enumerate() {
                if !paths.contains(path) {
                    problems.push(missing(path, &format!("corrections[{i}].provisions[{j}]")));
                }
            }
        }
        if strict && !problems.is_empty() {
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
        inst.first_in_force = self.first_in_force.or(inst.first_in_force);
        inst.in_force_until = self.in_force_until.or(inst.in_force_until);
        inst.status = self.status.unwrap_or(inst.status);
        if !self.history.is_empty() {
            inst.history = self.history.clone();
        }
        if let Some(src) = &self.source {
            let sha = inst.source.sha256.take();
            inst.source = src.clone();
            inst.source.sha256 = sha;
        }
        for (path, a) in &self.provisions {
            let Some(p) = find_mut(&mut inst.provisions, path) else {
                continue;
            };
            p.summary = a.summary.clone();
            p.concepts = a.concepts.clone();
            p.refs = a.refs.clone();
            if let Some(v) = p.versions.last_mut() {
                v.from = a.from.or(v.from);
                v.amendment = a.amendment.clone().or(v.amendment.take());
            }
            if let Some(h) = &a.heading_en {
                p.heading.insert("en".to_string(), h.clone());
            }
            if let Some(en) = &a.en {
                if let Some(v) = p.versions.last_mut() {
                    v.text.insert(
                        "en".to_string(),
                        Text {
                            status: TextStatus::Translation,
                            text: en.trim().to_string(),
                            by: Some(a.en_by.clone().unwrap_or_else(|| "mutua".to_string())),
                            sha256: None,
                            readings: Vec::new(),
                        },
                    );
                }
            }
        }
        let source_copy = inst.source.copy_name().to_string();
        for (i, c) in self.corrections.iter().enumerate() {
            for (j, path) in c.provisions.iter().enumerate() {
                let Some(p) = find_mut(&mut inst.provisions, path) else {
                    continue;
                };
                let found = p.versions.last_mut().and_then(|v| {
                    v.text
                        .values_mut()
                        .find(|t| t.status == TextStatus::Verbatim)
                });
                let problem = match found {
                    Some(t)
                        if !c.source_reading.is_empty() && t.text.contains(&c.source_reading) =>
                    {
                        correct(t, c, &source_copy);
                        continue;
                    }
                    Some(_) => format!(
                        "the source's text of `{path}` has no `{}`: there is nothing to correct",
                        c.source_reading
                    ),
                    None => format!("`{path}` has no verbatim text to correct"),
                };
                let d = if strict {
                    Diagnostic::error(problem)
                } else {
                    Diagnostic::warning(problem)
                };
                let mut d = d.help(
                    "list only provisions whose source text holds the reading replaced; check `source_reading`",
                );
                if let Some(loc) = locate(&format!("corrections[{i}].provisions[{j}]")) {
                    d = d.at(loc);
                }
                problems.push(d);
            }
        }
        if strict && !problems.is_empty() {
            return Err(problems);
        }
        Ok(problems)
    }

    /// The annotations an instrument of the corpus holds (titles, summaries, concepts,
    /// cross-references, English headings and translations), to carry over onto an
    /// official text of the same instrument. A translation of an unverified transcription
    /// says so in its `by`.
    pub fn from_instrument(inst: &Instrument) -> Meta {
        let mut provisions = IndexMap::new();
        fn walk(prefix: &str, ps: &[Provision], out: &mut IndexMap<String, Annotation>) {
            for p in ps {
                let path = if prefix.is_empty() {
                    p.path.clone()
                } else {
                    format!("{prefix}/{}", p.path)
                };
                let last = p.versions.last();
                let en = last.and_then(|v| v.text.get("en"));
                let translated_from_unverified = last
                    .is_some_and(|v| v.text.values().any(|t| t.status == TextStatus::Unverified));
                let en_by = en.and_then(|t| t.by.clone()).map(|by| {
                    if translated_from_unverified {
                        format!("{by}, from an unverified transcription")
                    } else {
                        by
                    }
                });
                out.insert(
                    path.clone(),
                    Annotation {
                        summary: p.summary.clone(),
                        concepts: p.concepts.clone(),
                        refs: p.refs.clone(),
                        en: en
                            .filter(|t| t.status == TextStatus::Translation)
                            .map(|t| t.text.clone()),
                        en_by,
                        heading_en: p.heading.get("en").cloned(),
                        from: None,
                        amendment: None,
                    },
                );
                walk(&path, &p.children, out);
            }
        }
        walk("", &inst.provisions, &mut provisions);
        Meta {
            id: inst.id.clone(),
            jurisdiction: inst.jurisdiction,
            title: inst.title.clone(),
            short_titles: inst.short_titles.clone(),
            issuer: inst.issuer.clone(),
            document_number: inst.document_number.clone(),
            promulgated: inst.promulgated,
            effective: None,
            first_in_force: inst.first_in_force,
            in_force_until: inst.in_force_until,
            status: Some(inst.status),
            history: inst.history.clone(),
            source: None,
            select: None,
            corrections: Vec::new(),
            provisions,
            file: None,
        }
    }
}

/// Replaces every `source_reading` of `t` by `reading` and records each place in the
/// text's `readings`: `source_copy` holds the reading replaced.
fn correct(t: &mut Text, c: &Correction, source_copy: &str) {
    let mut out = String::new();
    let mut chars = 0;
    let mut rest = t.text.as_str();
    while let Some(i) = rest.find(&c.source_reading) {
        out.push_str(&rest[..i]);
        chars += rest[..i].chars().count();
        t.readings.push(Reading {
            at: chars + 1,
            kept: c.reading.clone(),
            kept_in: c.kept_in.clone(),
            other: c.source_reading.clone(),
            other_in: vec![source_copy.to_string()],
            note: c.note.clone(),
        });
        out.push_str(&c.reading);
        chars += c.reading.chars().count();
        rest = &rest[i + c.source_reading.len()..];
    }
    out.push_str(rest);
    t.text = out;
}

/// The provision at `path` (`art-2/para-1`) below a list of provisions.
pub fn find_mut<'a>(provisions: &'a mut [Provision], path: &str) -> Option<&'a mut Provision> {
    let (first, rest) = match path.split_once('/') {
        Some((f, r)) => (f, Some(r)),
        None => (path, None),
    };
    let p = provisions.iter_mut().find(|p| p.path == first)?;
    match rest {
        Some(r) => find_mut(&mut p.children, r),
        None => Some(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::import::egov;

    #[test]
    fn translations_carried_onto_an_official_text_say_they_were_made_from_an_unverified_one() {
        let corpus = crate::corpus::load_embedded().unwrap();
        let shipped = corpus.instrument("jp/iba").unwrap();
        let xml = "<Law><LawNum>平成七年法律第百五号</LawNum><LawBody><LawTitle>保険業法</LawTitle><MainProvision><Article Num=\"1\"><ArticleTitle>第一条</ArticleTitle><Paragraph Num=\"1\"><ParagraphSentence><Sentence>合成の本文。</Sentence></ParagraphSentence></Paragraph></Article></MainProvision></LawBody></Law>";
        let law = egov::parse_egov(&SourceFile::new("t.xml", xml)).unwrap();
        let mut inst = egov::to_instrument(
            crate::corpus::Jurisdiction::from_code("jp").unwrap(),
            &law,
            "jp/iba",
            "t.xml",
            xml.as_bytes(),
            None,
            &crate::corpus::import::KnownLaws::of(&corpus),
        );
        let warnings = Meta::from_instrument(shipped).apply_lenient(&mut inst);
        assert!(
            !warnings.is_empty(),
            "the shipped paths the file lacks are reported"
        );
        let v = &inst.provisions[0].versions[0];
        assert_eq!(v.text["ja"].status, TextStatus::Verbatim);
        assert_eq!(v.text["en"].status, TextStatus::Translation);
        assert!(v.translation_of_unverified("en"));
        assert_eq!(inst.title["en"], "Insurance Business Act");
        assert_eq!(inst.provisions[0].heading["en"], "Article 1 (Purpose)");
    }
}
