//! A corpus folder read one instrument at a time: what building the search index of a
//! large corpus (a national one, imported) reads, so that the corpus is never held whole.
//! The folder is read once to be hashed (the key of the index cache); its instrument files
//! are not kept but read again, one at a time, to be checked and indexed in the same pass.
//! Each is checked to read as it did the first time, so that the index is that of the files
//! hashed.

use std::cell::OnceCell;
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
    /// The id its `id:` line declares, read without parsing the file.
    declared: Option<String>,
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
    /// What checking the instruments found, once they are checked.
    checked: OnceCell<Checked>,
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
                let declared = super::user::declared_id(&source.text).map(str::to_string);
                instruments.push(InstrumentFile {
                    rel,
                    path,
                    digest,
                    declared,
                });
            } else {
                others.push((rel, std::borrow::Cow::Owned(source.text.to_string())));
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
            checked: OnceCell::new(),
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
    /// Once checked, the folder is not checked again.
    pub fn check(&self) -> Result<&Checked> {
        if let Some(checked) = self.checked.get() {
            return Ok(checked);
        }
        let names: Vec<&str> = self.instruments.iter().map(|f| f.rel.as_str()).collect();
        let checked = check_instruments(&self.others, &names, &|i| self.text(i), &mut |_| Ok(()))?;
        Ok(self.checked.get_or_init(|| checked))
    }

    /// Hands each instrument to `each`, one at a time, in the order of their ids (that of a
    /// loaded corpus), parsed as a loaded corpus holds it. Unless the folder was checked
    /// already, the instruments are checked as they are handed over, each file read and
    /// parsed once: in the order of the ids their `id:` lines declare, which a problem found
    /// stops (the problems are then those [`CorpusFolder::check`] returns). `false` when an
    /// id is written otherwise (quoted with escapes, say) and the instruments went out of
    /// order: the folder is checked now, and a second call hands them over in order.
    pub fn each_instrument(&self, each: &mut dyn FnMut(Instrument) -> Result<()>) -> Result<bool> {
        if let Some(checked) = self.checked.get() {
            for &i in &checked.order {
                each(self.instrument(i)?)?;
            }
            return Ok(true);
        }
        let mut order: Vec<usize> = (0..self.instruments.len()).collect();
        order.sort_by(|&a, &b| {
            self.instruments[a]
                .declared
                .cmp(&self.instruments[b].declared)
        });
        let names: Vec<&str> = order
            .iter()
            .map(|&i| self.instruments[i].rel.as_str())
            .collect();
        // whether `each` failed (a problem found stops the check otherwise)
        let mut failed = false;
        let found = check_instruments(
            &self.others,
            &names,
            &|k| self.text(order[k]),
            &mut |inst| {
                let handed_over = each(inst);
                failed = handed_over.is_err();
                handed_over
            },
        );
        match found {
            Err(e) if failed => Err(e),
            // the problems, as the check in the order of the files' paths reports them
            Err(e) => match self.check() {
                Err(problems) => Err(problems),
                Ok(_) => Err(e),
            },
            Ok(found) => {
                let in_order = found.order.iter().enumerate().all(|(k, &i)| k == i);
                let checked = Checked {
                    order: found.order.iter().map(|&k| order[k]).collect(),
                    provisions: found.provisions,
                };
                let _ = self.checked.set(checked);
                Ok(in_order)
            }
        }
    }

    /// Instrument file `i`, parsed as a loaded corpus holds it.
    fn instrument(&self, i: usize) -> Result<Instrument> {
        let text = self.text(i)?;
        read_instrument(&text).map_err(|e| {
            Error::msg(format!(
                "cannot read {}: {e}",
                self.others.display_name(&self.instruments[i].rel)
            ))
        })
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
            std::fs::write(path, text.as_bytes()).unwrap();
        }
        dir
    }

    fn handed_over(folder: &CorpusFolder) -> (bool, Vec<Instrument>) {
        let mut instruments = Vec::new();
        let in_order = folder
            .each_instrument(&mut |inst| {
                instruments.push(inst);
                Ok(())
            })
            .unwrap();
        (in_order, instruments)
    }

    #[test]
    fn a_folder_read_one_instrument_at_a_time_gives_the_loaded_corpus() {
        let dir = shipped_copy();
        let corpus = super::super::load::load_dir(dir.path()).unwrap();
        // checked as the instruments are handed over
        let folder = CorpusFolder::read(dir.path()).unwrap();
        assert_eq!(folder.content_hash(), corpus.content_hash);
        assert_eq!(handed_over(&folder), (true, corpus.instruments.clone()));
        assert_eq!(folder.check().unwrap().provisions, corpus.entries.len());
        // checked first
        let folder = CorpusFolder::read(dir.path()).unwrap();
        let checked = folder.check().unwrap();
        assert_eq!(checked.provisions, corpus.entries.len());
        assert_eq!(checked.order.len(), corpus.instruments.len());
        assert_eq!(handed_over(&folder), (true, corpus.instruments));
    }

    #[test]
    fn an_id_written_otherwise_is_handed_over_in_order_the_second_time() {
        let dir = shipped_copy();
        let path = dir.path().join("cn/pilot-measures.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        // the same id, its `p` escaped: the `id:` line sorts before every other
        let text = text.replace(
            "\nid: cn/pilot-measures\n",
            "\nid: \"cn/\\x70ilot-measures\"\n",
        );
        assert!(text.contains("x70ilot"));
        std::fs::write(&path, text).unwrap();
        let corpus = super::super::load::load_dir(dir.path()).unwrap();
        let folder = CorpusFolder::read(dir.path()).unwrap();
        let (in_order, first) = handed_over(&folder);
        assert!(!in_order);
        assert_eq!(first[0].id, "cn/pilot-measures");
        assert_eq!(handed_over(&folder), (true, corpus.instruments));
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
