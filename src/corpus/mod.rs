//! The statute corpus: its model, loading and validation, addresses, native citations,
//! importers and the comparison of a transcription with a source.

pub mod citation;
pub mod concepts;
pub mod copies;
pub mod coverage;
pub mod folder;
pub mod glossary;
pub mod hash;
pub mod history;
pub mod import;
pub mod integrity;
pub mod jurisdictions;
pub mod load;
pub mod locate;
pub mod model;
pub mod numerals;
pub mod toc;
pub mod user;
pub mod verify;

use std::collections::HashMap;

use chrono::NaiveDate;

pub use folder::CorpusFolder;
#[cfg(not(mutua_build))]
pub use load::load_embedded;
pub use load::{load_dir, CorpusFiles};
pub use model::{Instrument, Jurisdiction, Provision, Text, TextStatus, Version};

/// One provision of the corpus, found by its address.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The full address (`cn/insurance-law/art-2`).
    pub address: String,
    /// Index of the instrument in [`Corpus::instruments`].
    pub instrument: usize,
    /// Child indices from the instrument's provisions down to this one.
    pub indices: Vec<usize>,
}

/// A loaded and validated corpus.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// The instruments, sorted by id.
    pub instruments: Vec<Instrument>,
    /// Every provision, in document order, instrument by instrument.
    pub entries: Vec<Entry>,
    by_address: HashMap<String, usize>,
    /// SHA-256 over every file's name and bytes: the key of the search index cache.
    pub content_hash: String,
    /// The jurisdictions the corpus covers (its `jurisdictions.yaml`, or the shipped one).
    pub registry: jurisdictions::Registry,
}

impl Corpus {
    /// Builds the address table. Duplicate addresses keep their first entry (the loader
    /// reports them). The jurisdictions are those of the current registry.
    pub fn new(instruments: Vec<Instrument>, content_hash: String) -> Corpus {
        let mut entries = Vec::new();
        for (i, inst) in instruments.iter().enumerate() {
            fn walk(
                prefix: &str,
                provisions: &[Provision],
                inst: usize,
                indices: &mut Vec<usize>,
                out: &mut Vec<Entry>,
            ) {
                for (k, p) in provisions.iter().enumerate() {
                    indices.push(k);
                    let address = format!("{prefix}/{}", p.path);
                    out.push(Entry {
                        address: address.clone(),
                        instrument: inst,
                        indices: indices.clone(),
                    });
                    walk(&address, &p.children, inst, indices, out);
                    indices.pop();
                }
            }
            walk(&inst.id, &inst.provisions, i, &mut Vec::new(), &mut entries);
        }
        let mut by_address = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_address.entry(e.address.clone()).or_insert(i);
        }
        Corpus {
            instruments,
            entries,
            by_address,
            content_hash,
            registry: (*jurisdictions::current()).clone(),
        }
    }

    /// The jurisdictions of the corpus's registry, in the order results are shown.
    pub fn jurisdictions(&self) -> Vec<Jurisdiction> {
        self.registry.list().to_vec()
    }

    /// The entry at an address.
    pub fn entry(&self, address: &str) -> Option<&Entry> {
        self.by_address.get(address).map(|&i| &self.entries[i])
    }

    /// The provision of an entry.
    pub fn provision(&self, entry: &Entry) -> &Provision {
        let inst = &self.instruments[entry.instrument];
        let mut p = &inst.provisions[entry.indices[0]];
        for &k in &entry.indices[1..] {
            p = &p.children[k];
        }
        p
    }

    /// The instrument of an entry.
    pub fn instrument_of(&self, entry: &Entry) -> &Instrument {
        &self.instruments[entry.instrument]
    }

    /// The instrument with this id.
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    /// Every address, for suggestions.
    pub fn addresses(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.address.as_str())
    }

    /// The version of a provision in force on `date` (the newest one when `date` is None).
    pub fn version_at<'a>(&'a self, entry: &Entry, date: Option<NaiveDate>) -> Option<&'a Version> {
        let inst = self.instrument_of(entry);
        let p = self.provision(entry);
        match date {
            None => p.versions.last(),
            Some(d) => p
                .versions
                .iter()
                .find(|v| version_covers(v, inst.effective, d)),
        }
    }

    /// Whether the provision is in force on `date`: a version covers it, or (for a
    /// provision with no text of its own) its instrument is in force then.
    pub fn in_force(&self, entry: &Entry, date: NaiveDate) -> bool {
        let inst = self.instrument_of(entry);
        let p = self.provision(entry);
        if p.versions.is_empty() {
            inst.effective.is_none_or(|e| e <= date)
                && inst.in_force_until.is_none_or(|until| date <= until)
        } else {
            p.versions
                .iter()
                .any(|v| version_covers(v, inst.effective, date))
        }
    }

    /// The addresses nearest to `wanted`, for "did you mean".
    pub fn nearest_addresses(&self, wanted: &str, n: usize) -> Vec<String> {
        crate::diagnostic::ranked(wanted, self.addresses())
            .into_iter()
            .take(n)
            .map(|(_, a)| a.to_string())
            .collect()
    }
}

/// Whether version `v` is in force on `date`, with `default_from` when it names no start.
pub fn version_covers(v: &Version, default_from: Option<NaiveDate>, date: NaiveDate) -> bool {
    let from = v.from.or(default_from).unwrap_or(NaiveDate::MIN);
    from <= date && v.to.is_none_or(|to| date <= to)
}
