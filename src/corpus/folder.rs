//! A corpus folder read one instrument at a time: what building the search index of a
//! large corpus (a national one, imported) reads, so that the corpus is never held whole.
//! The folder is read once to be hashed (the key of the index cache); its instrument files
//! are not kept but read again, one at a time, to be checked and then to be indexed. Each is
//! checked to read as it did the first time, so that the index is that of the files hashed.

use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::hash::{is_hashed_file, is_instrument_file, ContentHasher};
use super::load::{check_instruments, no_instrument_files, read_instrument, walk_folder, Checked};
use super::{CorpusFiles, Instrument};
use crate::diagnostic::{Error, Result, SourceFile};

/// An instrument file of the folder, not held.
#[derive(Debug)]
struct InstrumentFile {
    /// Its path from the folder, `/`-separated.
    rel: String,
    /// Its full path.
    path: PathBuf,
    /// A digest of its text as first read.
    digest: u64,
}

/// A corpus folder, read and hashed, with its instrument files left on disk.
#[derive(Debug)]
pub struct CorpusFolder {
    /// The folder's files other than its instruments (the registry, the vocabulary, the
    /// rules), held.
    others: CorpusFiles,
    /// The instrument files, sorted by path.
    instruments: Vec<InstrumentFile>,
    /// The content hash, as [`CorpusFiles::content_hash`] gives it for the same folder.
    content_hash: String,
}

/// The digest that finds a file changed between two reads.
fn digest(text: &str) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(text.as_bytes());
    h.write_usize(text.len());
    h.finish()
}

impl CorpusFolder {
    /// Reads the folder's files one at a time, hashing them, and keeps all but the
    /// instruments' text. The problems found are those, in the same order, that
    /// [`CorpusFiles::from_dir`] finds.
    pub fn read(dir: &Path) -> Result<CorpusFolder> {
        let mut problems = Vec::new();
        let mut listed = Vec::new();
        for (k, entry) in walk_folder(dir)?.into_iter().enumerate() {
            match entry {
                Ok((rel, path)) => listed.push((k, rel, path)),
                Err(problem) => problems.push((k, vec![problem])),
            }
        }
        // hashed in the order of their paths, as the files of a folder are
        listed.sort_by(|a, b| a.1.cmp(&b.1));
        let mut hasher = ContentHasher::default();
        let mut others = Vec::new();
        let mut instruments = Vec::new();
        for (k, rel, path) in listed {
            let source = match SourceFile::read(&path) {
                Ok(source) => source,
                Err(e) => {
                    problems.push((k, e.diagnostics().to_vec()));
                    continue;
                }
            };
            if is_hashed_file(&rel) {
                hasher.add(&rel, source.text.as_bytes());
            }
            if is_instrument_file(&rel) {
                let digest = digest(&source.text);
                instruments.push(InstrumentFile { rel, path, digest });
            } else {
                others.push((rel, source.text.to_string()));
            }
        }
        if !problems.is_empty() {
            // in the order the folder was walked
            problems.sort_by_key(|(k, _)| *k);
            return Err(Error::Input(
                problems.into_iter().flat_map(|(_, d)| d).collect(),
            ));
        }
        if instruments.is_empty() {
            return Err(no_instrument_files(dir));
        }
        Ok(CorpusFolder {
            others: CorpusFiles {
                files: others,
                origin: dir.display().to_string(),
                known_hash: None,
            },
            instruments,
            content_hash: hasher.finish(),
        })
    }

    /// The content hash of the folder's files as read.
    pub fn content_hash(&self) -> &str {
        &self.content_hash
    }

    /// The text of instrument file `i`, read again; an error if it changed since the folder
    /// was read.
    fn text(&self, i: usize) -> Result<Arc<str>> {
        let file = &self.instruments[i];
        let source = SourceFile::read(&file.path)?;
        if digest(&source.text) != file.digest {
            return Err(Error::msg(format!(
                "{} changed while the corpus was being read: run the command again",
                self.others.display_name(&file.rel)
            )));
        }
        Ok(source.text)
    }

    /// Parses and validates the instruments one at a time, holding none, as
    /// [`super::load::load`] does the whole folder (the same problems, in the same order).
    pub fn check(&self) -> Result<Checked> {
        let names: Vec<&str> = self.instruments.iter().map(|f| f.rel.as_str()).collect();
        check_instruments(&self.others, &names, &|i| self.text(i), &mut drop)
    }

    /// Hands each instrument to `each`, in the order of their ids (that of a loaded
    /// corpus), parsed as a loaded corpus holds it, one at a time. `checked` is what
    /// [`CorpusFolder::check`] found.
    pub fn each_instrument(
        &self,
        checked: &Checked,
        each: &mut dyn FnMut(Instrument) -> Result<()>,
    ) -> Result<()> {
        for &i in &checked.order {
            let text = self.text(i)?;
            let inst = read_instrument(&text).map_err(|e| {
                Error::msg(format!(
                    "cannot read {}: {e}",
                    self.others.display_name(&self.instruments[i].rel)
                ))
            })?;
            each(inst)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the shipped corpus in a folder.
    fn shipped_copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in &CorpusFiles::shipped().files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn a_folder_read_one_instrument_at_a_time_gives_the_loaded_corpus() {
        let dir = shipped_copy();
        let files = CorpusFiles::from_dir(dir.path()).unwrap();
        let corpus = super::super::load::load(&files).unwrap();
        let folder = CorpusFolder::read(dir.path()).unwrap();
        assert_eq!(folder.content_hash(), corpus.content_hash);
        let checked = folder.check().unwrap();
        assert_eq!(checked.provisions, corpus.entries.len());
        let mut instruments = Vec::new();
        folder
            .each_instrument(&checked, &mut |inst| {
                instruments.push(inst);
                Ok(())
            })
            .unwrap();
        assert_eq!(instruments, corpus.instruments);
    }

    #[test]
    fn a_file_changed_after_the_folder_was_read_is_an_error() {
        let dir = shipped_copy();
        let folder = CorpusFolder::read(dir.path()).unwrap();
        let rel = &folder.instruments[0].rel;
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n# edited\n")).unwrap();
        let e = folder.check().unwrap_err();
        let said = &e.diagnostics()[0].message;
        assert!(
            said.contains("changed while the corpus was being read"),
            "{said}"
        );
    }
}
