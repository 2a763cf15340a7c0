//! The user's corpus: instruments fetched from the official sources (`mutua fetch`) and kept
//! in the XDG data directory (`~/.local/share/mutua/corpus/`, or `$MUTUA_DATA_DIR/corpus/`).
//! It is laid over the shipped corpus instrument by instrument: an instrument in the user's
//! corpus replaces the shipped one with the same id.

use std::path::PathBuf;

use super::load::CorpusFiles;
use crate::diagnostic::Result;

/// The data directory: `$MUTUA_DATA_DIR`, else the XDG data directory's `mutua` folder.
pub fn data_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("MUTUA_DATA_DIR") {
        return PathBuf::from(dir);
    }
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("mutua")
}

/// The folder of the user's corpus.
pub fn corpus_dir() -> PathBuf {
    data_root().join("corpus")
}

/// The instrument id a corpus file declares (its top-level `id:` line), read without
/// parsing the file.
pub fn declared_id(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|l| l.strip_prefix("id:"))
        .map(|v| v.trim().trim_matches(['"', '\'']))
}

/// The shipped files with the user's instruments laid over them. The user's files are
/// named by their full path, so messages point at them.
pub fn overlaid(shipped: CorpusFiles) -> Result<CorpusFiles> {
    let dir = corpus_dir();
    if !dir.is_dir() {
        return Ok(shipped);
    }
    let user = CorpusFiles::from_dir(&dir)?;
    Ok(overlay(shipped, &user, &dir))
}

/// `base` with every instrument of `user` (found in `dir`) replacing the one with its id.
pub fn overlay(mut base: CorpusFiles, user: &CorpusFiles, dir: &std::path::Path) -> CorpusFiles {
    let mut added = Vec::new();
    for (rel, text) in user.instrument_files() {
        let Some(id) = declared_id(text) else {
            continue;
        };
        let replaced: Vec<String> = base
            .instrument_files()
            .filter(|(_, t)| declared_id(t) == Some(id))
            .map(|(name, _)| name.clone())
            .collect();
        base.files.retain(|(name, _)| !replaced.contains(name));
        added.push((dir.join(rel).display().to_string(), text.clone()));
    }
    if !added.is_empty() {
        // no longer the files whose hash was known
        base.known_hash = None;
    }
    base.files.extend(added);
    base.files.sort();
    base
}

/// Which of the instrument ids is held in the user's corpus, and from which file.
pub fn user_file(files: &CorpusFiles, id: &str) -> Option<String> {
    let dir = corpus_dir().display().to_string();
    files
        .instrument_files()
        .find(|(name, text)| name.starts_with(&dir) && declared_id(text) == Some(id))
        .map(|(name, _)| name.clone())
}
