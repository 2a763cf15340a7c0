//! The shipped rules as the build checked them. `build.rs` parses and checks the shipped
//! rule files with the crate's own code (compiled for it by `law-build/`) and stores the
//! checked [`RuleSet`] in MessagePack; [`super::load_rules`], given exactly the shipped rule
//! files over the shipped corpus, decodes it instead of parsing and checking them again.
//!
//! The checker's diagnostics are stored beside the rules, once with the whole-set analysis
//! and once without it (see [`super::check::without_whole_set_analysis`]), each with the
//! place it points at, so that whatever a command reports of the shipped rules is the same
//! whether they were decoded or checked. Caches of the rules (the search memo) are not
//! stored: they start empty, as in rules just checked.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::check::RuleSet;
use crate::diagnostic::{Diagnostic, Location, Severity, SourceFile};

/// The checked rules built into the binary (see `build.rs`).
#[cfg(not(mutua_build))]
static SHIPPED_CHECKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/shipped-rules.msgpack"));

/// What the build stores of the checked shipped rules.
#[derive(Serialize, Deserialize)]
struct Stored {
    /// The names of the rule files checked (`corpus/rules/cn.rules`), in order.
    files: Vec<String>,
    /// The checked rules, without their diagnostics.
    set: RuleSet,
    /// The diagnostics of the check with the whole-set analysis.
    analysed: Vec<StoredDiagnostic>,
    /// The diagnostics of the check without it.
    unanalysed: Vec<StoredDiagnostic>,
}

/// A [`Diagnostic`] as stored: its place names the rule file whose text it shows by its
/// index in [`Stored::files`], instead of holding the text.
#[derive(Serialize, Deserialize)]
struct StoredDiagnostic {
    severity: Severity,
    message: String,
    location: Option<StoredLocation>,
    label: Option<String>,
    help: Option<String>,
}

/// A [`Location`] as stored.
#[derive(Serialize, Deserialize)]
struct StoredLocation {
    file: String,
    line: usize,
    column: usize,
    span: Range<usize>,
    /// The index of the rule file whose text the location shows, if it shows one.
    source: Option<usize>,
}

/// The checked rules in the binary's encoding: `analysed` and `unanalysed` are the rules
/// `files` were checked into with and without the whole-set analysis, which may differ only
/// in their diagnostics. Checked to decode to the same rules, diagnostics and all.
pub fn encode(
    files: &[SourceFile],
    analysed: &RuleSet,
    unanalysed: &RuleSet,
) -> Result<Vec<u8>, String> {
    let mut set = analysed.clone();
    set.diagnostics = Vec::new();
    let mut other = unanalysed.clone();
    other.diagnostics = Vec::new();
    if set != other {
        return Err(
            "the shipped rules check into other rules without the whole-set analysis".into(),
        );
    }
    let stored = Stored {
        files: files.iter().map(|f| f.name.clone()).collect(),
        set,
        analysed: store_all(files, &analysed.diagnostics)?,
        unanalysed: store_all(files, &unanalysed.diagnostics)?,
    };
    let bytes = rmp_serde::to_vec(&stored)
        .map_err(|e| format!("cannot encode the checked shipped rules: {e}"))?;
    for (analysis, expected) in [(true, analysed), (false, unanalysed)] {
        let back = decode(&bytes, files, analysis)?;
        if &back != expected {
            return Err("the encoded shipped rules decode to other rules".into());
        }
    }
    Ok(bytes)
}

/// The rules stored in `bytes` by [`encode`] for these `files` (the same names, in the
/// same order), with the diagnostics of the check with or without the whole-set analysis.
pub fn decode(bytes: &[u8], files: &[SourceFile], analysis: bool) -> Result<RuleSet, String> {
    let stored: Stored = rmp_serde::from_slice(bytes)
        .map_err(|e| format!("the checked shipped rules do not decode: {e}"))?;
    if !stored.files.iter().eq(files.iter().map(|f| &f.name)) {
        return Err("the checked shipped rules are of other files".into());
    }
    let diagnostics = if analysis {
        stored.analysed
    } else {
        stored.unanalysed
    };
    let mut set = stored.set;
    set.diagnostics = diagnostics
        .into_iter()
        .map(|d| restore(files, d))
        .collect::<Result<_, _>>()?;
    Ok(set)
}

/// The checked shipped rules, when `files` are the shipped rule files, unchanged, over the
/// shipped corpus; `None` otherwise (and, should the stored copy not decode, which a build
/// of the same sources cannot give, so that the files are checked instead).
#[cfg(not(mutua_build))]
pub(crate) fn shipped(files: &[SourceFile], corpus: &crate::corpus::Corpus) -> Option<RuleSet> {
    if corpus.content_hash != crate::corpus::load::SHIPPED_CONTENT_HASH
        || !crate::corpus::load::are_shipped_rules(files)
    {
        return None;
    }
    decode(SHIPPED_CHECKED, files, super::check::whole_set_analysis()).ok()
}

fn store_all(files: &[SourceFile], diags: &[Diagnostic]) -> Result<Vec<StoredDiagnostic>, String> {
    diags.iter().map(|d| store(files, d)).collect()
}

fn store(files: &[SourceFile], d: &Diagnostic) -> Result<StoredDiagnostic, String> {
    let location = match &d.location {
        None => None,
        Some(l) => {
            let source = match &l.source {
                None => None,
                Some(text) => Some(
                    files
                        .iter()
                        .position(|f| f.name == l.file && f.text == *text)
                        .ok_or_else(|| {
                            format!(
                                "a diagnostic of the shipped rules shows a text that is not of a rule file: {}",
                                d.render_plain()
                            )
                        })?,
                ),
            };
            Some(StoredLocation {
                file: l.file.clone(),
                line: l.line,
                column: l.column,
                span: l.span.clone(),
                source,
            })
        }
    };
    Ok(StoredDiagnostic {
        severity: d.severity,
        message: d.message.clone(),
        location,
        label: d.label.clone(),
        help: d.help.clone(),
    })
}

fn restore(files: &[SourceFile], d: StoredDiagnostic) -> Result<Diagnostic, String> {
    let location = match d.location {
        None => None,
        Some(l) => {
            let source = match l.source {
                None => None,
                Some(i) => Some(
                    files
                        .get(i)
                        .ok_or("a stored diagnostic names a rule file that is not given")?
                        .text
                        .clone(),
                ),
            };
            Some(Location {
                file: l.file,
                line: l.line,
                column: l.column,
                span: l.span,
                source,
            })
        }
    };
    Ok(Diagnostic {
        severity: d.severity,
        message: d.message,
        location,
        label: d.label,
        help: d.help,
    })
}

#[cfg(all(test, not(mutua_build)))]
mod tests {
    use super::*;
    use crate::corpus::{load_embedded, CorpusFiles};
    use crate::rules::check::without_whole_set_analysis;

    fn shipped_files() -> Vec<SourceFile> {
        super::super::shipped_rule_files(&CorpusFiles::shipped())
    }

    #[test]
    fn the_shipped_rules_decode_to_what_checking_them_gives() {
        let corpus = load_embedded().unwrap();
        let files = shipped_files();
        let decoded = shipped(&files, &corpus).expect("the shipped rules are recognised");
        let checked = super::super::check_rules(&files, &corpus).unwrap();
        assert_eq!(decoded, checked);
        assert_eq!(decoded.diagnostics, checked.diagnostics);
        assert_eq!(decoded.jurisdictions(), checked.jurisdictions());
        assert_eq!(super::super::load_rules(&files, &corpus).unwrap(), checked);
        // without the whole-set analysis, as `classify` loads them
        let decoded = without_whole_set_analysis(|| shipped(&files, &corpus)).unwrap();
        let checked =
            without_whole_set_analysis(|| super::super::check_rules(&files, &corpus)).unwrap();
        assert_eq!(decoded, checked);
        let loaded =
            without_whole_set_analysis(|| super::super::load_rules(&files, &corpus)).unwrap();
        assert_eq!(loaded, checked);
    }

    #[test]
    fn the_decoded_rules_classify_as_the_checked_ones() {
        let corpus = load_embedded().unwrap();
        let files = shipped_files();
        let decoded = shipped(&files, &corpus).unwrap();
        let checked = super::super::check_rules(&files, &corpus).unwrap();
        let shipped = CorpusFiles::shipped();
        let schemes = shipped
            .files
            .iter()
            .filter(|(n, _)| n.starts_with("schemes/") && n.ends_with(".yaml"));
        let mut classified = 0;
        for (name, text) in schemes {
            let source = SourceFile::new(name.as_str(), &**text);
            let Ok(scheme) = crate::scheme::load_scheme(&source, &checked.facts) else {
                continue;
            };
            let Some(date) = scheme.as_of else { continue };
            for j in checked.jurisdictions() {
                let a = super::super::evaluate(&decoded, j, &scheme, date, &corpus, "en");
                let b = super::super::evaluate(&checked, j, &scheme, date, &corpus, "en");
                assert_eq!(a, b, "{name} in {j}");
                classified += 1;
            }
        }
        assert!(classified > 0);
    }

    #[test]
    fn other_rule_files_are_checked() {
        let corpus = load_embedded().unwrap();
        let mut files = shipped_files();
        assert!(shipped(&files, &corpus).is_some());
        // a changed text
        let last = files.len() - 1;
        files[last] = SourceFile::new(files[last].name.clone(), format!("{}\n", files[last].text));
        assert!(shipped(&files, &corpus).is_none());
        // fewer files
        let files = shipped_files();
        assert!(shipped(&files[1..], &corpus).is_none());
        // the same texts under other names
        let renamed: Vec<_> = files
            .iter()
            .map(|f| SourceFile::new(format!("copy/{}", f.name), f.text.clone()))
            .collect();
        assert!(shipped(&renamed, &corpus).is_none());
        // another corpus
        let mut other = load_embedded().unwrap();
        other.content_hash = "another".into();
        assert!(shipped(&files, &other).is_none());
    }

    #[test]
    fn diagnostics_keep_their_place_and_text() {
        let corpus = load_embedded().unwrap();
        let files = shipped_files();
        let mut set = super::super::check_rules(&files, &corpus).unwrap();
        let at = files[1].span(10..14);
        set.diagnostics = vec![
            Diagnostic::warning("a warning")
                .at(at)
                .label("here")
                .help("a hint"),
            Diagnostic::note("a note without a place"),
        ];
        let bytes = encode(&files, &set, &set).unwrap();
        let back = decode(&bytes, &files, true).unwrap();
        assert_eq!(back, set);
        assert_eq!(
            back.diagnostics[0].render(false),
            set.diagnostics[0].render(false)
        );
        let mut other = set.clone();
        other.diagnostics.clear();
        let bytes = encode(&files, &set, &other).unwrap();
        assert_eq!(decode(&bytes, &files, false).unwrap(), other);
        assert!(decode(&bytes, &files[1..], true).is_err());
    }
}
