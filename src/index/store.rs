//! The per-instrument store kept beside the index, in the index folder's `store/`: a
//! catalogue of the instruments (every field but their provisions) and each instrument
//! whole, as JSON. It sits in a folder of its own so that opening the index, which checks
//! the index folder's files, does not look at one file per instrument. `show` reads the
//! catalogue, finds the instruments a citation may name, and reads only those, so that
//! looking up a provision costs about what a query costs, whatever the corpus's size.
//!
//! The store is written with the index from a corpus that loaded without error, so what it
//! holds was validated then.

use std::fs;
use std::path::{Path, PathBuf};

use crate::corpus::{citation, Corpus, Instrument};
use crate::diagnostic::{Error, Result};

const CATALOGUE: &str = "catalogue.json";

/// The store's folder inside the index folder.
const STORE: &str = "store";

fn instrument_file(n: usize) -> String {
    format!("instrument-{n}.json")
}

/// Writes the store of `corpus` into the index folder `dir`.
pub fn write(dir: &Path, corpus: &Corpus) -> Result<()> {
    let mut writer = Writer::create(dir)?;
    for inst in &corpus.instruments {
        writer.add(inst.clone())?;
    }
    writer.finish()
}

/// The store being written, one instrument at a time, in corpus order.
pub struct Writer {
    /// The store's folder.
    dir: PathBuf,
    /// The instruments written so far, without their provisions.
    catalogue: Vec<Instrument>,
}

impl Writer {
    /// Creates the store's folder in the index folder `dir`.
    pub fn create(dir: &Path) -> Result<Writer> {
        let writer = Writer {
            dir: dir.join(STORE),
            catalogue: Vec::new(),
        };
        fs::create_dir_all(&writer.dir).map_err(|e| writer.fail(&e))?;
        Ok(writer)
    }

    fn fail(&self, e: &dyn std::fmt::Display) -> Error {
        Error::msg(format!(
            "cannot write the instrument store in {}: {e}",
            self.dir.display()
        ))
    }

    /// Writes the next instrument, whole.
    pub fn add(&mut self, mut inst: Instrument) -> Result<()> {
        let whole = serde_json::to_vec(&inst).map_err(|e| self.fail(&e))?;
        let file = self.dir.join(instrument_file(self.catalogue.len()));
        fs::write(file, whole).map_err(|e| self.fail(&e))?;
        inst.provisions = Vec::new();
        self.catalogue.push(inst);
        Ok(())
    }

    /// Writes the catalogue of the instruments written.
    pub fn finish(self) -> Result<()> {
        let bytes = serde_json::to_vec(&self.catalogue).map_err(|e| self.fail(&e))?;
        fs::write(self.dir.join(CATALOGUE), bytes).map_err(|e| self.fail(&e))
    }
}

/// The instruments of the store at `dir` without their provisions, in corpus order.
fn catalogue(dir: &Path) -> Option<Vec<Instrument>> {
    serde_json::from_slice(&fs::read(dir.join(CATALOGUE)).ok()?).ok()
}

/// The part of the corpus a citation may name: the instruments it may cite, whole, with
/// the corpus's content hash. `None` when the store is missing or names no instrument for
/// the citation (the caller then loads the whole corpus, for its messages).
pub fn corpus_for_citation(dir: &Path, content_hash: &str, cited: &str) -> Option<Corpus> {
    let dir = &dir.join(STORE);
    let listed = catalogue(dir)?;
    let ids = citation::instruments_cited(&Corpus::new(listed.clone(), String::new()), cited);
    if ids.is_empty() {
        return None;
    }
    let mut instruments = Vec::new();
    for id in &ids {
        let n = listed.iter().position(|i| &i.id == id)?;
        let bytes = fs::read(dir.join(instrument_file(n))).ok()?;
        instruments.push(serde_json::from_slice::<Instrument>(&bytes).ok()?);
    }
    instruments.sort_by(|a, b| a.id.cmp(&b.id));
    Some(Corpus::new(instruments, content_hash.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instruments_come_back_as_they_went_in() {
        let corpus = crate::corpus::load_embedded().unwrap();
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &corpus).unwrap();
        // in a folder of its own: the index folder holds only the store's folder
        let top: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(top.len(), 1);
        assert!(top[0].path().join(CATALOGUE).is_file());
        let part = corpus_for_citation(dir.path(), &corpus.content_hash, "保险法第一百八十一条")
            .expect("the insurance law is found");
        assert!(part.instruments.iter().any(|i| i.id == "cn/insurance-law"));
        for inst in &part.instruments {
            assert_eq!(Some(inst), corpus.instrument(&inst.id));
        }
        let part = corpus_for_citation(dir.path(), "h", "jp/iba/art-2/para-1").unwrap();
        assert_eq!(part.instruments.len(), 1);
        assert_eq!(part.instruments[0].id, "jp/iba");
    }
}
