//! The completeness map of the law (`corpus/coverage.yaml`): for each instrument it covers,
//! every provision that defines, excludes, exempts, licenses or sets a transition, with its
//! role, and for one that the rules need not encode, why (`inert`, `out_of_scope`), or that
//! the corpus does not hold it (`not_held`). Whether a provision is encoded is never written
//! here: `mutua coverage` computes it from the rules' citations.
//!
//! The file is read and checked against the corpus by [`CoverageFile::load`]; every problem
//! is reported at once, at its file:line:col.

use serde::{Deserialize, Serialize};

use super::load::{yaml_error, CorpusFiles};
use super::locate::LazyPositions;
use super::Corpus;
use crate::diagnostic::{did_you_mean, Diagnostic, Error, Location, Result, SourceFile};

/// The file of a corpus that holds the map.
pub const FILE: &str = super::hash::COVERAGE_FILE;

/// The concept tags whose provisions the map must list: a provision of a covered
/// instrument carrying one of them (or one starting `definition.`) that the map leaves out
/// is an error.
pub const ROLE_TAGS: [&str; 4] = [
    "exemption",
    "licensing",
    "licensing.requirement",
    "transition",
];

/// What a provision does, of the kinds the map lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Defines a term or what the instrument reaches (insurance, a mutual, a kind of cover).
    Defines,
    /// Takes something out of the instrument's reach, or leaves it to another law.
    Excludes,
    /// Exempts persons or business from the licence requirement.
    Exempts,
    /// Requires a licence, approval or registration, or sets its conditions or sanction.
    Licenses,
    /// A transitional rule: commencement, business carried on before a change of the law.
    Transition,
}

impl Role {
    /// The word used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Defines => "defines",
            Role::Excludes => "excludes",
            Role::Exempts => "exempts",
            Role::Licenses => "licenses",
            Role::Transition => "transition",
        }
    }
}

/// One provision the map lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listed {
    /// Its address (`cn/insurance-law/art-2`); may be left out only for a provision the
    /// corpus does not hold whose number is not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Its caption: required for a provision the corpus does not hold, and not given for
    /// the others (the corpus gives their caption).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// What it does.
    pub role: Role,
    /// Why it has no bearing on classification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inert: Option<String>,
    /// Why the rules leave it out although it could bear on a classification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_of_scope: Option<String>,
    /// Why the corpus does not hold it, and where it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_held: Option<String>,
    /// A remark shown with its status (what a provision no rule cites bears on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Never written: the status `encoded` is computed. Read only to say so.
    #[serde(default, skip_serializing)]
    pub encoded: Option<serde_yaml::Value>,
}

/// Why a listed provision is not encoded, when the map says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// `inert`: no bearing on classification.
    Inert,
    /// `out_of_scope`: left out of the rules on purpose.
    OutOfScope,
    /// `not_held`: the corpus does not hold it.
    NotHeld,
}

impl Reason {
    /// The key that gives it in the file.
    pub fn key(self) -> &'static str {
        match self {
            Reason::Inert => "inert",
            Reason::OutOfScope => "out_of_scope",
            Reason::NotHeld => "not_held",
        }
    }
}

impl Listed {
    /// The reason the map gives, if any: `inert`, `out_of_scope` or `not_held` (the file
    /// gives at most one).
    pub fn reason(&self) -> Option<(Reason, &str)> {
        [
            (Reason::Inert, &self.inert),
            (Reason::OutOfScope, &self.out_of_scope),
            (Reason::NotHeld, &self.not_held),
        ]
        .into_iter()
        .find_map(|(r, text)| text.as_deref().map(|t| (r, t)))
    }
}

/// The provisions the map lists for one instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentMap {
    /// The instrument id (`cn/insurance-law`).
    pub id: String,
    /// Its provisions of the kinds the map lists, in the order shown.
    pub provisions: Vec<Listed>,
}

/// The whole map, as the file holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageFile {
    /// The instruments covered, in the order shown.
    pub instruments: Vec<InstrumentMap>,
}

/// The map read from a corpus, with the file it came from (for located errors later).
#[derive(Debug, Clone)]
pub struct LoadedMap {
    /// The map.
    pub map: CoverageFile,
    /// Its file.
    pub source: SourceFile,
}

impl LoadedMap {
    /// Where the value at a YAML path of the file stands
    /// (`instruments[0].provisions[3].inert`).
    pub fn at(&self, path: &str) -> Location {
        super::load::at(&self.source, &LazyPositions::new(&self.source.text), path)
    }
}

impl CoverageFile {
    /// Reads the map of a corpus and checks it against the corpus: every instrument and
    /// address exists (a `not_held` one must not), none is listed twice, each gives at
    /// most one reason and never `encoded`, and every provision of a covered instrument
    /// tagged as a definition, exemption, licensing or transition is listed. A corpus
    /// without the file is an error saying how to add one.
    pub fn load(files: &CorpusFiles, corpus: &Corpus) -> Result<LoadedMap> {
        let Some((_, text)) = files.files.iter().find(|(n, _)| n == FILE) else {
            return Err(Error::input(
                Diagnostic::error(format!(
                    "the corpus {} has no {FILE}: the map of what the rules encode is read from it",
                    files.origin
                ))
                .help(format!(
                    "add {FILE} to the corpus folder (see docs/coverage.md), or leave out --corpus to see the shipped corpus's map"
                )),
            ));
        };
        let source = SourceFile::new(files.display_name(FILE), &**text);
        let map: CoverageFile = serde_yaml::from_str(text).map_err(|e| {
            Error::Input(vec![yaml_error(
                &source,
                &e,
                "coverage map",
                "the file holds `instruments:`, each an `id` and `provisions` (address, role, and inert, out_of_scope or not_held); see docs/coverage.md",
            )])
        })?;
        let problems = check(&map, &source, corpus);
        if problems.is_empty() {
            Ok(LoadedMap { map, source })
        } else {
            Err(Error::Input(problems))
        }
    }
}

/// Whether a provision with these tags must be listed.
pub fn has_role_tag(concepts: &[String]) -> bool {
    concepts
        .iter()
        .any(|c| c.starts_with("definition.") || ROLE_TAGS.contains(&c.as_str()))
}

/// Every problem of the map against the corpus.
fn check(map: &CoverageFile, source: &SourceFile, corpus: &Corpus) -> Vec<Diagnostic> {
    let pos = LazyPositions::new(&source.text);
    let at = |path: &str| super::load::at(source, &pos, path);
    let mut diags = Vec::new();
    let mut instruments_seen = std::collections::HashSet::new();
    let mut listed: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
    for (i, inst) in map.instruments.iter().enumerate() {
        let base = format!("instruments[{i}]");
        if corpus.instrument(&inst.id).is_none() {
            let ids = corpus.instruments.iter().map(|x| x.id.as_str());
            diags.push(
                Diagnostic::error(format!("no instrument `{}` in the corpus", inst.id))
                    .at(at(&format!("{base}.id")))
                    .label("not an instrument id")
                    .help(did_you_mean(&inst.id, ids).unwrap_or_else(|| {
                        let first = corpus.instruments.first().map_or("", |x| x.id.as_str());
                        format!("give the id of an instrument of the corpus, e.g. `{first}`")
                    })),
            );
            continue;
        }
        if !instruments_seen.insert(inst.id.as_str()) {
            diags.push(
                Diagnostic::error(format!("instrument `{}` is listed twice", inst.id))
                    .at(at(&format!("{base}.id")))
                    .help("list each instrument once, with all its provisions"),
            );
        }
        for (k, p) in inst.provisions.iter().enumerate() {
            let here = format!("{base}.provisions[{k}]");
            check_entry(&inst.id, p, &here, corpus, &at, &mut diags);
            if let Some(address) = &p.address {
                if let Some(first) = listed.insert(address, here.clone()) {
                    let first = at(&format!("{first}.address"));
                    diags.push(
                        Diagnostic::error(format!("`{address}` is listed twice"))
                            .at(at(&format!("{here}.address")))
                            .label(format!("also listed at line {}", first.line))
                            .help("keep one entry for each provision"),
                    );
                }
            }
        }
    }
    // every provision of a covered instrument that the tags call a definition, exemption,
    // licensing or transition is listed
    for (i, inst) in map.instruments.iter().enumerate() {
        for e in &corpus.entries {
            let instrument = corpus.instrument_of(e);
            if instrument.id != inst.id || listed.contains_key(e.address.as_str()) {
                continue;
            }
            let p = corpus.provision(e);
            if has_role_tag(&p.concepts) {
                diags.push(
                    Diagnostic::error(format!(
                        "`{}` is tagged {} but the map does not list it",
                        e.address,
                        p.concepts.join(", ")
                    ))
                    .at(at(&format!("instruments[{i}].id")))
                    .label("this instrument's list")
                    .help(format!(
                        "add `- {{address: {}, role: ROLE}}` to {}'s provisions (ROLE: defines, excludes, exempts, licenses or transition)",
                        e.address, inst.id
                    )),
                );
            }
        }
    }
    diags
}

fn check_entry(
    instrument: &str,
    p: &Listed,
    here: &str,
    corpus: &Corpus,
    at: &dyn Fn(&str) -> Location,
    diags: &mut Vec<Diagnostic>,
) {
    if p.encoded.is_some() {
        diags.push(
            Diagnostic::error("`encoded` is not written in the map: it is computed from the rules' citations")
                .at(at(&format!("{here}.encoded")))
                .help("remove `encoded:`; `mutua coverage` names the rules, definitions and warnings that cite the provision"),
        );
    }
    let given: Vec<(Reason, &str)> = [
        (Reason::Inert, &p.inert),
        (Reason::OutOfScope, &p.out_of_scope),
        (Reason::NotHeld, &p.not_held),
    ]
    .into_iter()
    .filter_map(|(r, t)| t.as_deref().map(|t| (r, t)))
    .collect();
    let reasons: Vec<Reason> = given.iter().map(|(r, _)| *r).collect();
    if reasons.len() > 1 {
        diags.push(
            Diagnostic::error(format!(
                "a provision is given {} at once",
                reasons.iter().map(|r| format!("`{}`", r.key())).collect::<Vec<_>>().join(" and ")
            ))
            .at(at(&format!("{here}.{}", reasons[1].key())))
            .help("give one: `inert` (no bearing on classification), `out_of_scope` (left out on purpose) or `not_held` (the corpus lacks it)"),
        );
    }
    for (r, text) in &given {
        if text.trim().is_empty() {
            diags.push(
                Diagnostic::error(format!("`{}` gives no reason", r.key()))
                    .at(at(&format!("{here}.{}", r.key())))
                    .help("say why, in a line"),
            );
        }
    }
    let not_held = p.not_held.is_some();
    match (&p.address, not_held) {
        (None, false) => diags.push(
            Diagnostic::error("a provision without an address")
                .at(at(here))
                .help(format!(
                    "give its `address` (e.g. `{instrument}/art-2`); only a provision the corpus does not hold, whose number is not known, may go without one (with `not_held` and `caption`)"
                )),
        ),
        (_, true) if p.caption.as_deref().is_none_or(|c| c.trim().is_empty()) => diags.push(
            Diagnostic::error("a provision the corpus does not hold needs a `caption`")
                .at(at(&format!("{here}.not_held")))
                .help("say which provision it is in a caption (the corpus has no heading for it), with its `address` where its number is known"),
        ),
        _ => {}
    }
    if let Some(address) = &p.address {
        let apath = format!("{here}.address");
        if !address.starts_with(&format!("{instrument}/")) {
            diags.push(
                Diagnostic::error(format!("`{address}` is not a provision of `{instrument}`"))
                    .at(at(&apath))
                    .help(format!("list it under its own instrument, or write an address starting `{instrument}/`")),
            );
        } else if let Some(bad) = address
            .split('/')
            .skip(2)
            .find(|seg| !super::load::valid_segment(seg))
        {
            diags.push(
                Diagnostic::error(format!("`{bad}` is not a valid address segment"))
                    .at(at(&apath))
                    .help("use `art-N`, `para-N`, `item-N`, `s-N` or a subsection label such as `a` or `1`"),
            );
        } else {
            match (corpus.entry(address).is_some(), not_held) {
                (false, false) => diags.push(
                    Diagnostic::error(format!("`{address}` is not a provision of the corpus"))
                        .at(at(&apath))
                        .label("no provision has this address")
                        .help(
                            did_you_mean(address, corpus.addresses())
                                .map(|d| format!("{d} If the statute has it and the corpus does not, add `not_held: \"why\"`."))
                                .unwrap_or_else(|| "if the statute has it and the corpus does not, add `not_held: \"why\"` and a `caption`".to_string()),
                        ),
                ),
                (true, true) => diags.push(
                    Diagnostic::error(format!("`{address}` is marked not held, but the corpus holds it"))
                        .at(at(&format!("{here}.not_held")))
                        .help("remove `not_held` (and `caption`: the corpus gives it)"),
                ),
                _ => {}
            }
        }
        if p.caption.is_some() && !not_held && corpus.entry(address).is_some() {
            diags.push(
                Diagnostic::error("the caption of a provision the corpus holds is read from the corpus")
                    .at(at(&format!("{here}.caption")))
                    .help("remove `caption`; to change it, change the provision's heading in its instrument file"),
            );
        }
    }
}
