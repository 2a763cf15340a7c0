//! The on-disk index cache: one folder per corpus content hash under the XDG cache
//! directory (or `MUTUA_CACHE_DIR`). Built aside and renamed into place under a file lock,
//! so that processes starting together build it once and never see half an index; a
//! damaged folder is rebuilt.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use tantivy::Index;

use super::{fill, register_tokenizers, schema};
use crate::corpus::Corpus;
use crate::diagnostic::{Diagnostic, Error, Result};

const MARKER: &str = "mutua-index-complete";

/// Changes whenever the schema or a tokenizer changes, so that an index built by another
/// version of mutua is never reused.
const INDEX_FORMAT: &str = "mutua-index-v4:zh=jieba-search-ordered,ja=bigram,en=en_stem,division";

/// Whether the index was found in the cache or built now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStatus {
    /// An index for this corpus was in the cache.
    Reused,
    /// The index was built (first use, corpus changed, or the cache was damaged).
    Built,
}

/// The cache folder: `$MUTUA_CACHE_DIR`, else the XDG cache directory's `mutua/`.
pub fn cache_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("MUTUA_CACHE_DIR") {
        return PathBuf::from(dir);
    }
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("mutua")
}

fn io_error(what: &str, path: &Path, e: impl std::fmt::Display) -> Error {
    Error::input(
        Diagnostic::error(format!("cannot {what} {}: {e}", path.display()))
            .help("set MUTUA_CACHE_DIR to a writable folder for the search index"),
    )
}

/// Opens the cached index of `corpus`, building it first if needed.
pub fn open_or_build(corpus: &Corpus) -> Result<(Index, CacheStatus)> {
    open_or_build_with(&corpus.content_hash, || {
        Ok(std::borrow::Cow::Borrowed(corpus))
    })
}

/// Opens the cached index for a corpus with this content hash; only when it must be built
/// is `load` called, so a warm query never parses the corpus.
pub fn open_or_build_with<'a>(
    content_hash: &str,
    load: impl FnOnce() -> Result<std::borrow::Cow<'a, Corpus>>,
) -> Result<(Index, CacheStatus)> {
    let root = cache_root();
    fs::create_dir_all(&root).map_err(|e| io_error("create the cache folder", &root, e))?;
    let stamp = format!("{INDEX_FORMAT}\n{content_hash}");
    let digest = crate::corpus::import::lawrefbook::sha256_hex(stamp.as_bytes());
    let key = &digest[..24];
    let dir = root.join(format!("index-{key}"));
    if let Some(index) = try_open(&dir, &stamp) {
        return Ok((index, CacheStatus::Reused));
    }
    let lock_path = root.join(format!("index-{key}.lock"));
    let lock = File::create(&lock_path).map_err(|e| io_error("create", &lock_path, e))?;
    lock.lock().map_err(|e| io_error("lock", &lock_path, e))?;
    // another process may have finished while this one waited
    if let Some(index) = try_open(&dir, &stamp) {
        return Ok((index, CacheStatus::Reused));
    }
    let tmp = root.join(format!(
        "tmp-{key}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    ));
    fs::create_dir_all(&tmp).map_err(|e| io_error("create", &tmp, e))?;
    let built = (|| {
        let corpus = load()?;
        let (schema, _) = schema();
        let index = Index::create_in_dir(&tmp, schema)
            .map_err(|e| io_error("create the index in", &tmp, e))?;
        register_tokenizers(&index)?;
        fill(&index, &corpus)?;
        fs::write(tmp.join(MARKER), &stamp).map_err(|e| io_error("write", &tmp, e))?;
        Ok::<_, Error>(())
    })();
    if let Err(e) = built {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if dir.exists() {
        // a damaged index: replace it
        let _ = fs::remove_dir_all(&dir);
    }
    fs::rename(&tmp, &dir).map_err(|e| io_error("move the new index into", &dir, e))?;
    drop(lock);
    let index = try_open(&dir, &stamp).ok_or_else(|| {
        Error::msg(format!(
            "the index just built in {} cannot be opened",
            dir.display()
        ))
    })?;
    Ok((index, CacheStatus::Built))
}

fn try_open(dir: &Path, hash: &str) -> Option<Index> {
    let marker = fs::read_to_string(dir.join(MARKER)).ok()?;
    if marker != hash {
        return None;
    }
    let index = Index::open_in_dir(dir).ok()?;
    register_tokenizers(&index).ok()?;
    // opening a reader touches every segment's files: a damaged index fails here
    let reader = index.reader().ok()?;
    let searcher = reader.searcher();
    for seg in searcher.segment_readers() {
        seg.get_store_reader(1).ok()?;
    }
    Some(index)
}
