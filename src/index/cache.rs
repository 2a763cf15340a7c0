//! The on-disk index cache: one folder per corpus content hash under the XDG cache
//! directory (or `MUTUA_CACHE_DIR`). Built aside and renamed into place under a file lock,
//! so that processes starting together build it once and never see half an index; a
//! damaged folder is rebuilt.
//!
//! A warm query reads no corpus file: the shipped corpus's content hash is computed at
//! build time, and a corpus folder is known by a manifest of its instrument files' names,
//! sizes and modification times (a stat of each file), which maps to the content hash
//! recorded when its index was built. Changing a file changes its size or time, and so the
//! manifest: the next query reads the folder again.

use std::borrow::Cow;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tantivy::Index;

use super::{register_tokenizers, schema, Builder};
use crate::corpus::{self, Corpus, CorpusFiles, CorpusFolder, Instrument};
use crate::diagnostic::{Diagnostic, Error, Result};

const MARKER: &str = "mutua-index-complete";

/// Changes whenever the schema or a tokenizer changes, so that an index built by another
/// version of mutua is never reused.
pub const INDEX_FORMAT: &str =
    "mutua-index-v12:zh=jieba-search-ordered,ja=bigram-positions,en=en_stem,en_exact=default,store=json-folder,status,division,summary_zh,heading_en,newest,defines,copies,order";

/// How old a build folder left by a killed build must be before it is removed.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// The file that marks a folder as a cache (the Cache Directory Tagging Specification's
/// name, which backup tools honour); mutua's own tag says it is mutua's.
const CACHE_TAG: &str = "CACHEDIR.TAG";

/// The cache tag's contents: its first line is the specification's signature.
const CACHE_TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This folder is the search index cache of mutua (https://crates.io/crates/mutua).\n\
# mutua removes only the folders it made here, each marked by a file `.mutua-build`.\n";

/// The file written first into each folder an index is built in: only a folder holding it
/// is ever removed as a left-over build.
const BUILD_MARK: &str = ".mutua-build";

/// The prefix of the folders indexes are built in; no user names a folder so.
const BUILD_PREFIX: &str = "mutua-build-";

/// Whether the index was found in the cache or built now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheStatus {
    /// An index for this corpus was in the cache.
    Reused,
    /// The index was built (first use, corpus changed, or the cache was damaged).
    Built,
}

/// Where the corpus of a command comes from.
#[derive(Debug, Clone, Copy)]
pub enum CorpusSource<'a> {
    /// The corpus shipped in the binary, with the user's instruments laid over it
    /// (`corpus::user`).
    Shipped,
    /// A corpus folder (`--corpus DIR`).
    Dir(&'a Path),
}

impl CorpusSource<'_> {
    /// Reads the corpus's files.
    pub fn files(&self) -> Result<CorpusFiles> {
        match self {
            CorpusSource::Shipped => corpus::user::overlaid(CorpusFiles::shipped()),
            CorpusSource::Dir(dir) => CorpusFiles::from_dir(dir),
        }
    }

    /// Reads and hashes the corpus's files, for an index: a corpus folder's instruments are
    /// left on disk, to be read one at a time.
    fn unparsed(&self) -> Result<Unparsed> {
        Ok(match self {
            CorpusSource::Shipped => Unparsed::Files(self.files()?),
            CorpusSource::Dir(dir) => Unparsed::Folder(CorpusFolder::read(dir)?),
        })
    }
}

/// A corpus's files read and hashed, not parsed yet.
enum Unparsed {
    /// Held whole (the shipped corpus, with the user's instruments laid over it).
    Files(CorpusFiles),
    /// A corpus folder, whose instruments are read one at a time.
    Folder(CorpusFolder),
}

impl Unparsed {
    fn content_hash(&self) -> String {
        match self {
            Unparsed::Files(files) => files.content_hash(),
            Unparsed::Folder(folder) => folder.content_hash().to_string(),
        }
    }

    /// The instruments to index: the files parsed and checked whole, or the folder, to be
    /// checked as it is indexed.
    fn instruments(&self) -> Result<Instruments<'_>> {
        match self {
            Unparsed::Files(files) => {
                corpus::load::load(files).map(|corpus| Instruments::Corpus(Cow::Owned(corpus)))
            }
            Unparsed::Folder(folder) => Ok(Instruments::Folder(folder)),
        }
    }
}

/// The instruments an index is built from.
pub enum Instruments<'a> {
    /// A loaded corpus.
    Corpus(Cow<'a, Corpus>),
    /// A corpus folder, read one instrument at a time so that the corpus is never held
    /// whole, and checked as it is indexed unless it was checked before (see
    /// [`CorpusFolder::each_instrument`]).
    Folder(&'a CorpusFolder),
}

impl Instruments<'_> {
    /// Hands each instrument to `each`, in corpus order; `false` when they went out of
    /// order, and a second call hands them over in order.
    fn each(&mut self, each: &mut dyn FnMut(Instrument) -> Result<()>) -> Result<bool> {
        match self {
            Instruments::Corpus(Cow::Owned(corpus)) => {
                std::mem::take(&mut corpus.instruments)
                    .into_iter()
                    .try_for_each(each)?;
            }
            Instruments::Corpus(Cow::Borrowed(corpus)) => {
                corpus.instruments.iter().cloned().try_for_each(each)?;
            }
            Instruments::Folder(folder) => return folder.each_instrument(each),
        }
        Ok(true)
    }
}

/// An open index and what it indexes.
pub struct CorpusIndex {
    /// The tantivy index.
    pub index: Index,
    /// Found in the cache or built now.
    pub status: CacheStatus,
    /// The content hash of the corpus it indexes.
    pub content_hash: String,
    /// The index's folder (it also holds the per-instrument store, in `store/`).
    pub dir: PathBuf,
}

/// The cache folder: `$MUTUA_CACHE_DIR` when set and not empty, else the XDG cache
/// directory's `mutua/`.
pub fn cache_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("MUTUA_CACHE_DIR").filter(|d| !d.is_empty()) {
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

fn sha256(text: &str) -> String {
    crate::corpus::import::lawrefbook::sha256_hex(text.as_bytes())
}

/// The cache folder of the index of a corpus with this content hash, and the stamp written
/// in it when complete.
fn slot(content_hash: &str) -> (PathBuf, String, String) {
    let stamp = format!("{INDEX_FORMAT}\n{content_hash}");
    let key = sha256(&stamp)[..24].to_string();
    (cache_root().join(format!("index-{key}")), stamp, key)
}

/// Opens the cached index of `corpus`, building it first if needed.
pub fn open_or_build(corpus: &Corpus) -> Result<(Index, CacheStatus)> {
    open_or_build_with(&corpus.content_hash, || {
        Ok(Instruments::Corpus(Cow::Borrowed(corpus)))
    })
}

/// Builds the index of `corpus` again, replacing the cached one.
pub fn rebuild(corpus: &Corpus) -> Result<(Index, CacheStatus)> {
    rebuild_with(&corpus.content_hash, || {
        Ok(Instruments::Corpus(Cow::Borrowed(corpus)))
    })
}

/// Builds the index of a corpus with this content hash again, from the instruments `load`
/// gives, replacing the cached one.
pub fn rebuild_with<'a>(
    content_hash: &str,
    load: impl FnOnce() -> Result<Instruments<'a>>,
) -> Result<(Index, CacheStatus)> {
    build(content_hash, load, true)
}

/// Opens the cached index of `corpus` after checking every file of it against its checksum
/// (reading the whole index); builds it when it is missing or damaged.
pub fn open_checked(corpus: &Corpus) -> Result<(Index, CacheStatus)> {
    open_checked_with(&corpus.content_hash, || {
        Ok(Instruments::Corpus(Cow::Borrowed(corpus)))
    })
}

/// [`open_checked`] for a corpus with this content hash, whose instruments `load` gives
/// when the index must be built.
pub fn open_checked_with<'a>(
    content_hash: &str,
    load: impl FnOnce() -> Result<Instruments<'a>>,
) -> Result<(Index, CacheStatus)> {
    match open_cached(content_hash) {
        Some(index) if intact(&index) => Ok((index, CacheStatus::Reused)),
        Some(_) => build(content_hash, load, true),
        None => build(content_hash, load, false),
    }
}

/// Opens the cached index for a corpus with this content hash; only when it must be built
/// is `load` called, so a warm query never parses the corpus.
pub fn open_or_build_with<'a>(
    content_hash: &str,
    load: impl FnOnce() -> Result<Instruments<'a>>,
) -> Result<(Index, CacheStatus)> {
    if let Some(index) = open_cached(content_hash) {
        return Ok((index, CacheStatus::Reused));
    }
    build(content_hash, load, false)
}

/// The cached index of a corpus with this content hash, if a complete one is there. It is
/// opened read-only and without the lock, so a read-only cache still serves queries.
pub fn open_cached(content_hash: &str) -> Option<Index> {
    let (dir, stamp, _) = slot(content_hash);
    try_open(&dir, &stamp)
}

/// Builds the index of a corpus with this content hash into the cache. Unless `replace`,
/// an index another process completed meanwhile is reused; with `replace`, the cached one
/// (found damaged) is replaced.
fn build<'a>(
    content_hash: &str,
    load: impl FnOnce() -> Result<Instruments<'a>>,
    replace: bool,
) -> Result<(Index, CacheStatus)> {
    let root = cache_root();
    claim(&root)?;
    let (dir, stamp, key) = slot(content_hash);
    let lock_path = root.join(format!("index-{key}.lock"));
    let lock = File::create(&lock_path).map_err(|e| io_error("create", &lock_path, e))?;
    lock.lock().map_err(|e| io_error("lock", &lock_path, e))?;
    // another process may have finished while this one waited
    if !replace {
        if let Some(index) = try_open(&dir, &stamp) {
            return Ok((index, CacheStatus::Reused));
        }
    }
    remove_stale_builds(&root, &key);
    let tmp = root.join(format!(
        "{BUILD_PREFIX}{key}-{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    ));
    fs::create_dir_all(&tmp).map_err(|e| io_error("create", &tmp, e))?;
    let built = (|| {
        fs::write(tmp.join(BUILD_MARK), "")
            .map_err(|e| io_error("write", &tmp.join(BUILD_MARK), e))?;
        let mut instruments = load()?;
        // instrument by instrument, each indexed, stored and dropped before the next is read
        let mut in_order = false;
        for attempt in 0..2 {
            if attempt > 0 {
                // the instruments went out of order: start again, empty
                fs::remove_dir_all(&tmp).map_err(|e| io_error("remove", &tmp, e))?;
                fs::create_dir_all(&tmp).map_err(|e| io_error("create", &tmp, e))?;
                fs::write(tmp.join(BUILD_MARK), "")
                    .map_err(|e| io_error("write", &tmp.join(BUILD_MARK), e))?;
            }
            let (schema, _) = schema();
            let index = Index::create_in_dir(&tmp, schema)
                .map_err(|e| io_error("create the index in", &tmp, e))?;
            register_tokenizers(&index)?;
            let mut builder = Builder::new(&index, &tmp)?;
            if instruments.each(&mut |inst| builder.add(inst))? {
                builder.finish()?;
                in_order = true;
                break;
            }
        }
        if !in_order {
            return Err(Error::msg(
                "the corpus's instruments cannot be indexed in order",
            ));
        }
        let marker = format!("{stamp}\n{}", file_states(&tmp));
        fs::write(tmp.join(MARKER), marker).map_err(|e| io_error("write", &tmp, e))?;
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

/// Removes the build folders left by builds that were killed: named as mutua names them,
/// holding the mark mutua writes first into each, older than an hour, and whose index
/// lock no process holds (`own_key`'s lock is held by the caller). Nothing else in the
/// cache folder is ever removed.
fn remove_stale_builds(root: &Path, own_key: &str) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(key) = name
            .strip_prefix(BUILD_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .filter(|key| is_index_key(key))
        else {
            continue;
        };
        let path = entry.path();
        // a folder (not a link to one) that mutua marked as its own
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            && fs::symlink_metadata(path.join(BUILD_MARK)).is_ok_and(|m| m.is_file());
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if !ours || !old {
            continue;
        }
        if key == own_key {
            let _ = fs::remove_dir_all(&path);
            continue;
        }
        // a build of another corpus may be running: only when its lock is free
        let lock_path = root.join(format!("index-{key}.lock"));
        let free = match File::open(&lock_path) {
            Ok(f) => f.try_lock().is_ok(),
            Err(_) => true,
        };
        if free {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether a name is an index key (`slot`): 24 lower-case hexadecimal digits.
fn is_index_key(key: &str) -> bool {
    key.len() == 24
        && key
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether a folder is mutua's cache: it holds mutua's cache tag.
fn is_mutua_cache(root: &Path) -> bool {
    fs::read_to_string(root.join(CACHE_TAG)).is_ok_and(|t| t == CACHE_TAG_TEXT)
}

/// Whether an entry of a cache folder is one that mutua writes there (`index-KEY`, its
/// lock, `manifest-KEY`, a build folder): a folder of only such entries is a cache made
/// before caches were tagged.
fn is_cache_entry(name: &str) -> bool {
    let key_of = |rest: &str| is_index_key(rest.split(['-', '.']).next().unwrap_or(""));
    if let Some(rest) = name.strip_prefix("index-") {
        return key_of(rest);
    }
    if let Some(rest) = name.strip_prefix("manifest-") {
        return key_of(rest) || rest.starts_with('.');
    }
    // `tmp-KEY-…` is how builds were named before build folders were marked
    name.strip_prefix(BUILD_PREFIX)
        .or_else(|| name.strip_prefix("tmp-"))
        .is_some_and(key_of)
}

/// Makes `root` the cache folder, or refuses to: a folder that does not exist yet, an
/// empty one, one already tagged as mutua's cache, or one holding only what mutua writes
/// there is tagged and used; a folder holding anything else is a user's, and is left as
/// it is, with an error saying so.
fn claim(root: &Path) -> Result<()> {
    if is_mutua_cache(root) {
        return Ok(());
    }
    fs::create_dir_all(root).map_err(|e| io_error("create the cache folder", root, e))?;
    let entries = fs::read_dir(root).map_err(|e| io_error("read the cache folder", root, e))?;
    let mut foreign: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // the tag of a process that claimed the folder meanwhile is mutua's own
        .filter(|name| !(is_cache_entry(name) || name == CACHE_TAG && is_mutua_cache(root)))
        .collect();
    if !foreign.is_empty() {
        foreign.sort();
        let shown: Vec<String> = foreign.iter().take(3).map(|n| format!("`{n}`")).collect();
        let more = match foreign.len() {
            n if n > 3 => format!(" and {} more", n - 3),
            _ => String::new(),
        };
        return Err(Error::input(
            Diagnostic::error(format!(
                "the cache folder {} holds files that are not mutua's ({}{more}); mutua keeps its search index only in an empty folder or in one it made",
                root.display(),
                shown.join(", ")
            ))
            .help(format!(
                "set MUTUA_CACHE_DIR to a new or empty folder, e.g. {}",
                root.join("mutua-cache").display()
            )),
        ));
    }
    // written aside and renamed, so that a process starting meanwhile reads all of it or none
    write_atomically(&root.join(CACHE_TAG), CACHE_TAG_TEXT)
        .map_err(|e| io_error("write", &root.join(CACHE_TAG), e))
}

/// Each file of an index folder with its size and modification time, one a line: the
/// record, written when the index is built, of what its files should look like.
fn file_states(dir: &Path) -> String {
    let mut files: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name == MARKER || name == BUILD_MARK || name.ends_with(".lock") {
                return None;
            }
            let meta = e.metadata().ok()?;
            let modified = meta
                .modified()
                .ok()?
                .duration_since(SystemTime::UNIX_EPOCH)
                .ok()?;
            Some(format!("{name}\t{}\t{}", meta.len(), modified.as_nanos()))
        })
        .collect();
    files.sort();
    files.join("\n")
}

/// Opens a complete index folder. When its files are no longer as they were built (a file
/// was written since), every file is checked against its checksum first, and a damaged
/// index is not opened.
fn try_open(dir: &Path, stamp: &str) -> Option<Index> {
    let marker = fs::read_to_string(dir.join(MARKER)).ok()?;
    let recorded = marker.strip_prefix(stamp)?.strip_prefix('\n')?;
    let index = Index::open_in_dir(dir).ok()?;
    if file_states(dir) != recorded && !intact(&index) {
        return None;
    }
    register_tokenizers(&index).ok()?;
    // opening a reader touches every segment's files: a damaged index fails here
    let reader = index.reader().ok()?;
    let searcher = reader.searcher();
    for seg in searcher.segment_readers() {
        seg.get_store_reader(1).ok()?;
    }
    Some(index)
}

/// Whether every file of the index matches its checksum (reads the whole index).
pub fn intact(index: &Index) -> bool {
    index.validate_checksum().is_ok_and(|bad| bad.is_empty())
}

/// The manifest key of a corpus folder (laid over the corpus whose hash is `over`, if any):
/// its path and each instrument file's name, size, modification time (and, on Unix, inode
/// and change time), hashed. Only file metadata is read, once a file.
fn manifest_key(dir: &Path, over: &str) -> Result<String> {
    use std::fmt::Write as _;
    let mut manifest = format!(
        "{over}\n{}\n",
        fs::canonicalize(dir)
            .unwrap_or_else(|_| dir.to_path_buf())
            .display()
    );
    let mut files = Vec::new();
    instrument_files(dir, "", &mut files)?;
    for (rel, meta) in files {
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .unwrap_or_default();
        let _ = write!(manifest, "{rel}\t{}\t{}", meta.len(), modified.as_nanos());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = write!(
                manifest,
                "\t{}\t{}.{}",
                meta.ino(),
                meta.ctime(),
                meta.ctime_nsec()
            );
        }
        manifest.push('\n');
    }
    Ok(sha256(&manifest)[..24].to_string())
}

/// The instrument files under `dir` (whose path from the corpus folder is `rel`, `""` at the
/// top), depth first and by name, with their metadata (one `lstat` each; links are not
/// followed). Each folder's entries are sorted once on their names, read once.
fn instrument_files(dir: &Path, rel: &str, out: &mut Vec<(String, fs::Metadata)>) -> Result<()> {
    let fail =
        |path: &Path, e: std::io::Error| Error::msg(format!("cannot read {}: {e}", path.display()));
    let mut entries: Vec<(std::ffi::OsString, fs::DirEntry)> = fs::read_dir(dir)
        .map_err(|e| fail(dir, e))?
        .map(|e| e.map(|e| (e.file_name(), e)))
        .collect::<std::io::Result<_>>()
        .map_err(|e| fail(dir, e))?;
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, entry) in entries {
        let kind = entry.file_type().map_err(|e| fail(&entry.path(), e))?;
        let name = name.to_string_lossy();
        let path = if rel.is_empty() {
            name.into_owned()
        } else {
            format!("{rel}/{name}")
        };
        if kind.is_dir() {
            instrument_files(&entry.path(), &path, out)?;
        } else if kind.is_file() && corpus::hash::is_instrument_file(&path) {
            let meta = entry.metadata().map_err(|e| fail(&entry.path(), e))?;
            out.push((path, meta));
        }
    }
    Ok(())
}

/// Opens the index of a corpus, building it first if needed. A warm call reads no corpus
/// file (see the module's documentation).
pub fn open_corpus_index(source: CorpusSource) -> Result<CorpusIndex> {
    let user_dir = corpus::user::corpus_dir();
    // the folder whose manifest names the corpus, and what it is laid over
    let (dir, over) = match source {
        CorpusSource::Shipped if !user_dir.is_dir() => {
            let hash = corpus::load::SHIPPED_CONTENT_HASH;
            let (index, status) = open_or_build_with(hash, || {
                corpus::load::load(&CorpusFiles::shipped())
                    .map(|corpus| Instruments::Corpus(Cow::Owned(corpus)))
            })?;
            return Ok(CorpusIndex {
                index,
                status,
                content_hash: hash.to_string(),
                dir: slot(hash).0,
            });
        }
        CorpusSource::Shipped => (user_dir.as_path(), corpus::load::SHIPPED_CONTENT_HASH),
        CorpusSource::Dir(dir) => (dir, ""),
    };
    let key = manifest_key(dir, over)?;
    let manifest = cache_root().join(format!("manifest-{key}"));
    if let Ok(hash) = fs::read_to_string(&manifest) {
        if let Some(index) = open_cached(hash.trim()) {
            return Ok(CorpusIndex {
                index,
                status: CacheStatus::Reused,
                content_hash: hash.trim().to_string(),
                dir: slot(hash.trim()).0,
            });
        }
    }
    let unparsed = source.unparsed()?;
    let hash = unparsed.content_hash();
    let (index, status) = open_or_build_with(&hash, || unparsed.instruments())?;
    // remember the folder's state; a cache that cannot be written only costs a re-read
    if is_mutua_cache(&cache_root()) {
        let _ = write_atomically(&manifest, &hash);
    }
    Ok(CorpusIndex {
        index,
        status,
        dir: slot(&hash).0,
        content_hash: hash,
    })
}

/// Rebuilds the index of a corpus (found damaged, or asked for with `index --rebuild`).
pub fn rebuild_corpus_index(source: CorpusSource, content_hash: &str) -> Result<CorpusIndex> {
    // read once the build holds the lock
    let mut unparsed = None;
    let held = &mut unparsed;
    let (index, status) = build(
        content_hash,
        move || {
            let held = held;
            held.insert(source.unparsed()?).instruments()
        },
        true,
    )?;
    Ok(CorpusIndex {
        index,
        status,
        content_hash: content_hash.to_string(),
        dir: slot(content_hash).0,
    })
}

fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    // named as `is_cache_entry` knows it, should the process die before the rename
    let mut tmp = tempfile::Builder::new()
        .prefix("manifest-.")
        .tempfile_in(dir)?;
    std::io::Write::write_all(&mut tmp, text.as_bytes())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
