//! Importers: official or compiled statute files turned into corpus instruments.

pub mod egov;
pub mod lawrefbook;
pub mod meta;
pub mod openleg;
pub mod revisions;

pub use lawrefbook::{import_path, parse_lawrefbook, ImportReport, LawRefBookDoc};

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::corpus::model::Instrument;
use crate::diagnostic::{Diagnostic, SourceFile};

use crate::corpus::model::FetchFrom;
pub use crate::corpus::model::Official;

/// The laws whose instruments name their official source (`source.fetch` in the corpus):
/// an official file of one of them is imported under that instrument's id, with a link to
/// its official page.
#[derive(Debug, Clone, Default)]
pub struct KnownLaws(Vec<(String, FetchFrom)>);

impl KnownLaws {
    /// The instruments of `corpus` that name an official source.
    pub fn of(corpus: &crate::corpus::Corpus) -> KnownLaws {
        KnownLaws(
            corpus
                .instruments
                .iter()
                .filter_map(|i| Some((i.id.clone(), i.source.fetch.clone()?)))
                .collect(),
        )
    }

    /// Every instrument with an official source, and that source.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &FetchFrom)> {
        self.0.iter().map(|(id, f)| (id.as_str(), f))
    }

    /// The official source of the instrument `id`.
    pub fn by_id(&self, id: &str) -> Option<&FetchFrom> {
        self.iter().find(|(i, _)| *i == id).map(|(_, f)| f)
    }

    /// The instrument, and its official source, of the law a `format` file numbers
    /// `number` (e-Gov's `LawNum`, Open Legislation's law id).
    pub fn by_number(&self, format: Official, number: &str) -> Option<(&str, &FetchFrom)> {
        self.iter()
            .find(|(_, f)| f.format == format && f.number == number.trim())
    }
}

/// Which law an official file says it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LawIdentity {
    /// The e-Gov `LawNum` (平成七年法律第百五号), or the Open Legislation law id (`ISC`).
    pub number: String,
    /// The e-Gov `LawTitle` (保険業法), or the Open Legislation law name (`Insurance`).
    pub title: String,
    /// The chapter of the New York Consolidated Laws (`28`), when the file gives it.
    pub chapter: Option<String>,
}

impl std::fmt::Display for LawIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let number = if self.number.is_empty() {
            "no law number"
        } else {
            &self.number
        };
        let title = if self.title.is_empty() {
            "no title"
        } else {
            &self.title
        };
        match &self.chapter {
            Some(c) => write!(f, "{number} (chapter {c}, {title})"),
            None => write!(f, "{number} {title}"),
        }
    }
}

/// Reads one official file (its name, for messages, and its bytes) into an instrument:
/// verbatim text with the file's sha256. `id` overrides the id the importer would choose;
/// `date` is the day the text took effect (e-Gov files otherwise take it from a revision
/// id in their name; Open Legislation files carry their own dates).
pub fn official_instrument(
    kind: Official,
    name: &str,
    bytes: &[u8],
    id: Option<&str>,
    date: Option<NaiveDate>,
    known: &KnownLaws,
) -> crate::Result<Instrument> {
    official_law(kind, name, bytes, id, date, known).map(|law| law.instrument)
}

/// An official file, read: the instrument, the law the file says it holds, and what was
/// read but could not be placed as given (warnings, each located in the file).
#[derive(Debug, Clone)]
pub struct OfficialLaw {
    /// The instrument the file becomes.
    pub instrument: Instrument,
    /// The law the file says it holds.
    pub identity: LawIdentity,
    /// Warnings met while reading.
    pub warnings: Vec<Diagnostic>,
}

/// Like [`official_instrument`], with the law the file says it holds and the warnings met.
pub fn official_law(
    kind: Official,
    name: &str,
    bytes: &[u8],
    id: Option<&str>,
    date: Option<NaiveDate>,
    known: &KnownLaws,
) -> crate::Result<OfficialLaw> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(e) => {
            let src = SourceFile::new(name, String::from_utf8_lossy(bytes).into_owned());
            let at = e.valid_up_to();
            return Err(crate::Error::input(
                Diagnostic::error("the file is not UTF-8 text")
                    .at(src.span(at..at + 1))
                    .help("give the file as the official source serves it (UTF-8)"),
            ));
        }
    };
    let source = SourceFile::new(name, text);
    match kind {
        Official::Egov => {
            let jurisdiction = super::jurisdictions::current().importing(kind.name())?;
            let law = egov::parse_egov(&source)?;
            let id = id.map_or_else(
                || egov::id_for(jurisdiction, &law, Path::new(name), known),
                str::to_string,
            );
            let date = date.or_else(|| egov::date_in_name(Path::new(name)));
            let identity = LawIdentity {
                number: law.law_num.trim().to_string(),
                title: law.title.trim().to_string(),
                chapter: None,
            };
            Ok(OfficialLaw {
                instrument: egov::to_instrument(jurisdiction, &law, &id, name, bytes, date, known),
                identity,
                warnings: law.warnings,
            })
        }
        Official::OpenLeg => {
            let jurisdiction = super::jurisdictions::current().importing(kind.name())?;
            let law = openleg::parse_openleg(&source)?;
            let id = id.map_or_else(
                || openleg::id_for(jurisdiction, &law, known),
                str::to_string,
            );
            let identity = LawIdentity {
                number: law.law_id.trim().to_string(),
                title: law.name.trim().to_string(),
                chapter: law.chapter.as_deref().map(|c| c.trim().to_string()),
            };
            Ok(OfficialLaw {
                instrument: openleg::to_instrument(jurisdiction, &law, &id, name, bytes, known),
                identity,
                warnings: law.warnings,
            })
        }
    }
}

/// Several revisions of one instrument, merged oldest first into dated versions. Each
/// must say when it took effect; the source records every file and its checksum.
pub fn merge_official(mut revisions: Vec<Instrument>) -> crate::Result<Instrument> {
    if revisions.len() > 1 {
        if let Some(undated) = revisions.iter().find(|r| r.effective.is_none()) {
            return Err(crate::Error::input(
                Diagnostic::error(format!(
                    "{}: cannot place this revision of `{}` among the others: it gives no date",
                    undated.source.address, undated.id
                ))
                .help("name e-Gov files by their revision id (LAWID_YYYYMMDD_…), as law_revisions lists them, or import one revision at a time"),
            ));
        }
    }
    revisions.sort_by_key(|r| r.effective);
    let note = (revisions.len() > 1).then(|| {
        let files: Vec<String> = revisions
            .iter()
            .map(|r| {
                format!(
                    "{} ({}, sha256 {})",
                    r.source.address,
                    r.effective.map(|d| d.to_string()).unwrap_or_default(),
                    r.source.sha256.as_deref().unwrap_or("-")
                )
            })
            .collect();
        format!("Revisions merged: {}.", files.join("; "))
    });
    let mut merged = revisions::merge_revisions(revisions)
        .ok_or_else(|| crate::Error::msg("no revision to import"))?;
    if note.is_some() {
        merged.source.note = note;
    }
    Ok(merged)
}

/// The file an instrument is written to below a corpus folder: `jp/iba.yaml`.
pub fn instrument_file(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.yaml"))
}

/// Imports official files into a corpus folder: each file read, the revisions of one
/// instrument merged into dated versions, `meta` merged, and one YAML file written per
/// instrument (`DIR/jp/iba.yaml`). A file that cannot be read is reported and the run goes
/// on; an instrument is written whole or not at all.
pub fn import_official(
    kind: Official,
    files: &[PathBuf],
    out_dir: &Path,
    meta: Option<&meta::Meta>,
    id: Option<&str>,
    known: &KnownLaws,
    progress: &mut dyn FnMut(&Path),
) -> ImportReport {
    let mut report = ImportReport::default();
    let mut groups: indexmap::IndexMap<String, Vec<Instrument>> = indexmap::IndexMap::new();
    let id = id.or(meta.map(|m| m.id.as_str()));
    for file in files {
        progress(file);
        let name = file.display().to_string();
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                report.problems.push(
                    Diagnostic::error(format!("{name}: cannot read: {e}"))
                        .help("check the file's path and that it is readable"),
                );
                continue;
            }
        };
        report.bytes += bytes.len() as u64;
        match official_law(kind, &name, &bytes, id, None, known) {
            Ok(law) => {
                *report.files_read.get_or_insert(0) += 1;
                report.problems.extend(law.warnings);
                let inst = law.instrument;
                groups.entry(inst.id.clone()).or_default().push(inst)
            }
            Err(e) => report.problems.extend(e.diagnostics().iter().cloned()),
        }
    }
    if meta.is_some() && groups.len() > 1 {
        report.problems.push(Diagnostic::error(format!(
            "--meta annotates one instrument, but the files hold {}: {}",
            groups.len(),
            groups.keys().cloned().collect::<Vec<_>>().join(", ")
        )));
        return report;
    }
    for (_, revisions) in groups {
        let count = revisions.len();
        let mut inst = match merge_official(revisions) {
            Ok(i) => i,
            Err(e) => {
                report.files_read = report.files_read.map(|n| n - count);
                report.problems.extend(e.diagnostics().iter().cloned());
                continue;
            }
        };
        if let Some(m) = meta {
            if let Err(mut d) = m.apply(&mut inst) {
                report.problems.append(&mut d);
                continue;
            }
        }
        report.articles += inst.provisions.len();
        let out = instrument_file(out_dir, &inst.id);
        match lawrefbook::write_generated(&inst, &out, kind.command()) {
            Ok(()) => report.written.push(out),
            Err(e) => report.problems.push(Diagnostic::error(format!(
                "{}: cannot write: {e}",
                out.display()
            ))),
        }
    }
    report
}
