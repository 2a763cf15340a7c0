//! `mutua fetch`: downloads an instrument's official text from e-Gov (法令API Version 2) or
//! the NY Senate Open Legislation API v3, imports it, carries over the shipped annotations,
//! and writes it to the user's corpus (see [`crate::corpus::user`]). Nothing is fetched
//! unless asked; a failed download, an error answer, a malformed body, another law than the
//! one asked for, or a text without the provisions the rules cite leaves the user's corpus
//! as it was. `--timeout` bounds the whole download.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{Days, NaiveDate};

use crate::corpus::import::{self, meta::Meta, KnownLaws, LawIdentity, Official};
use crate::corpus::model::{FetchFrom, HistoryEvent, Instrument, Provision, Version};
use crate::corpus::{user, Corpus, CorpusFiles};
use crate::diagnostic::{Diagnostic, Error, Result};

/// The official e-Gov API.
pub const EGOV_ENDPOINT: &str = "https://laws.e-gov.go.jp/api/2";
/// The official Open Legislation API.
pub const OPENLEG_ENDPOINT: &str = "https://legislation.nysenate.gov";
/// Largest body accepted (the longest statutes are a few megabytes of XML or JSON).
const BODY_LIMIT: u64 = 200 * 1024 * 1024;

/// The official source an instrument's file names (`source.fetch`).
#[derive(Debug, Clone, Copy)]
struct Target<'a> {
    /// Where and how its official text is served.
    from: &'a FetchFrom,
}

impl Target<'_> {
    /// Whether a served file holds this law.
    fn is(&self, got: &LawIdentity) -> bool {
        got.number == self.from.number
            && self.from.title.as_ref().is_none_or(|t| got.title == *t)
            && self
                .from
                .chapter
                .as_ref()
                .is_none_or(|c| got.chapter.as_ref() == Some(c))
    }

    /// The law asked for, in words.
    fn asked(&self) -> String {
        let f = self.from;
        match (&f.title, &f.chapter) {
            (Some(t), _) => format!("{} {t}", f.number),
            (None, Some(c)) => format!("{} (chapter {c})", f.number),
            (None, None) => f.number.clone(),
        }
    }
}

/// The command that fetches an instrument with an official source (`mutua fetch ID`, with
/// `--api-key KEY` where the source needs one).
pub fn fetch_command(id: &str, from: &FetchFrom) -> String {
    let key = if from.format == Official::OpenLeg {
        " --api-key KEY"
    } else {
        ""
    };
    format!("mutua fetch {id}{key}")
}

/// What `fetch` is asked to do.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The law as in force on this day (default: today's text).
    pub as_of: Option<NaiveDate>,
    /// Another server than the official one (a mirror, or a test server).
    pub endpoint: Option<String>,
    /// The Open Legislation API key.
    pub api_key: Option<String>,
    /// How long the whole download may take, from connecting to the last byte.
    pub timeout: Duration,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
}

/// What a fetch did.
#[derive(Debug)]
pub struct Fetched {
    /// The instrument written.
    pub instrument: Instrument,
    /// The file written.
    pub file: PathBuf,
    /// Where the text was downloaded from (without any key).
    pub url: String,
    /// Shipped annotations that could not be carried over, and the like.
    pub warnings: Vec<Diagnostic>,
}

/// Downloads, imports and writes one instrument to the user's corpus.
pub fn fetch(id: &str, shipped: &CorpusFiles, opts: &FetchOptions) -> Result<Fetched> {
    let shipped_corpus = crate::corpus::load::load(shipped)?;
    let known = KnownLaws::of(&shipped_corpus);
    let Some(from) = known.by_id(id) else {
        let ids: Vec<&str> = known.iter().map(|(id, _)| id).collect();
        return Err(Error::input(
            Diagnostic::error(format!("`{id}` cannot be fetched")).help(format!(
                "{}instruments with an official source: {}",
                crate::diagnostic::did_you_mean(id, ids.iter().copied())
                    .map(|d| format!("{d}; "))
                    .unwrap_or_default(),
                ids.join(", ")
            )),
        ));
    };
    let src = Target { from };
    let client = Client::new(opts);
    let (bytes, url, date, event) = match from.format {
        Official::Egov => fetch_egov(&client, &src, opts)?,
        Official::OpenLeg => fetch_openleg(&client, &src, opts)?,
    };
    let import::OfficialLaw {
        instrument: mut inst,
        identity: got,
        warnings: read_warnings,
    } = import::official_law(from.format, &url, &bytes, Some(id), date, &known)
        .map_err(|e| malformed(&url, e))?;
    if !src.is(&got) {
        return Err(Error::input(
            Diagnostic::error(format!(
                "{url} served another law than {id}: asked for {}, got {got}; nothing was written",
                src.asked()
            ))
            .help("check --endpoint: it must serve the official API, whose answer for this law id is the law asked for"),
        ));
    }
    inst.source.retrieved = Some(chrono::Local::now().date_naive());
    inst.source.fetch = Some(from.clone());
    let missing = missing_citations(&inst, shipped, &shipped_corpus);
    if !missing.is_empty() {
        const SHOWN: usize = 20;
        let more = missing
            .len()
            .checked_sub(SHOWN)
            .filter(|&n| n > 0)
            .map(|n| format!(" and {n} more"))
            .unwrap_or_default();
        return Err(Error::input(
            Diagnostic::error(format!(
                "{url} serves {got} without {} provisions the rules cite in {id}: {}{more}; nothing was written",
                missing.len(),
                missing.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", "),
            ))
            .help("check --as-of (the revision fetched) and --endpoint; to read the text, import it into a folder with `mutua import egov`/`openleg` and compare with `mutua verify`"),
        ));
    }
    let mut warnings = read_warnings;
    if let Some(old) = shipped_corpus.instrument(id) {
        warnings.extend(Meta::from_instrument(old).apply_lenient(&mut inst));
        keep_earlier_versions(&old.provisions, &mut inst.provisions, old.effective);
        inst.effective = old.effective.or(inst.effective);
    }
    if let Some(ev) = event {
        if !inst.history.contains(&ev) {
            inst.history.push(ev);
            inst.history.sort_by_key(|h| h.date);
        }
    }
    inst.source.note = Some(format!(
        "Fetched by `mutua fetch {id}` from {url}; annotations (summaries, concepts, cross-references, translations) carried over from the shipped corpus.",
    ));
    drop_dangling_refs(&mut inst, &shipped_corpus, &mut warnings);
    let dir = user::corpus_dir();
    let file = import::instrument_file(&dir, id);
    // the corpus as it will be must load, or nothing is written
    let yaml = serde_yaml::to_string(&inst).map_err(|e| Error::msg(e.to_string()))?;
    let candidate = CorpusFiles {
        files: vec![("candidate.yaml".to_string(), yaml.into())],
        origin: dir.display().to_string(),
        known_hash: None,
    };
    let merged = user::overlay(user::overlaid(shipped.clone())?, &candidate, &dir);
    let after = crate::corpus::load::load(&merged).map_err(|e| {
        let why: Vec<String> = e
            .diagnostics()
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .take(3)
            .map(|d| d.render_plain().lines().next().unwrap_or("").to_string())
            .collect();
        Error::input(
            Diagnostic::error(format!(
                "the corpus would no longer load with the official text of {id} ({}); nothing was written",
                why.join("; ")
            ))
            .help("the official text lacks provisions the corpus relies on (the topics of `compare`, cross-references): import it into a folder with `mutua import egov`/`openleg` and compare with `mutua verify`"),
        )
    })?;
    // the rules in use must still find every provision they cite, or classify would fail
    let rule_files = crate::rules::shipped_rule_files(&merged);
    if let Err(diags) = crate::rules::load_rules(&rule_files, &after) {
        let first: Vec<String> = diags
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .take(3)
            .map(|d| d.message.clone())
            .collect();
        return Err(Error::input(
            Diagnostic::error(format!(
                "the rules in use would no longer load with the official text of {id} ({}); nothing was written",
                first.join("; ")
            ))
            .help("the official text lacks provisions the rules cite: import it into a folder with `mutua import egov`/`openleg` and compare with `mutua verify`"),
        ));
    }
    import::lawrefbook::write_generated(&inst, &file, &format!("mutua fetch {id}")).map_err(
        |e| {
            Error::input(
                Diagnostic::error(format!("cannot write {}: {e}", file.display()))
                    .help("set MUTUA_DATA_DIR to a writable folder for the fetched corpus"),
            )
        },
    )?;
    Ok(Fetched {
        instrument: inst,
        file,
        url,
        warnings,
    })
}

/// What a fetch did, for the terminal or as JSON; warnings go first.
pub fn render(f: &Fetched, format: crate::report::Format) -> String {
    let mut counts = crate::sources::StatusCounts::default();
    let list = crate::sources::sources(
        &crate::corpus::Corpus::new(vec![f.instrument.clone()], String::new()),
        &CorpusFiles::default(),
        false,
    );
    if let Some(s) = list.first() {
        counts = s.counts;
    }
    if format == crate::report::Format::Json {
        let v = serde_json::json!({
            "schema_version": 1,
            "instrument": f.instrument.id,
            "url": f.url,
            "file": f.file,
            "sha256": f.instrument.source.sha256,
            "retrieved": f.instrument.source.retrieved,
            "counts": counts,
            "warnings": f.warnings,
        });
        return serde_json::to_string_pretty(&v).unwrap_or_default() + "\n";
    }
    let mut out = String::new();
    for w in &f.warnings {
        out.push_str(&w.render_plain());
    }
    out.push_str(&format!(
        "Fetched {} from {}\n  sha256 {}\n  {} provisions with the official text, {} with only an unverified transcription, {} without text\n  written to {}\n`show`, `search` and `classify` now use this text (earlier versions held by the shipped corpus are kept for earlier dates); delete the file to go back to the shipped one.\n",
        f.instrument.id,
        f.url,
        f.instrument.source.sha256.as_deref().unwrap_or("-"),
        counts.verbatim,
        counts.unverified,
        counts.no_text,
        f.file.display(),
    ));
    out
}

type Download = (Vec<u8>, String, Option<NaiveDate>, Option<HistoryEvent>);

fn fetch_egov(client: &Client, src: &Target, opts: &FetchOptions) -> Result<Download> {
    let base = opts
        .endpoint
        .as_deref()
        .unwrap_or(EGOV_ENDPOINT)
        .trim_end_matches('/');
    let list_url = format!("{base}/law_revisions/{}", src.from.law_id);
    let list = client.get(&list_url, &list_url)?;
    let revision = pick_revision(&list, opts.as_of).map_err(|why| {
        Error::input(Diagnostic::error(format!("{list_url}: {why}")).help(
            "check the law id and the date; e-Gov lists a law's revisions at law_revisions/LAW_ID",
        ))
    })?;
    let url = format!("{base}/law_file/xml/{}", revision.id);
    let bytes = client.get(&url, &url)?;
    let event = revision.date.map(|d| HistoryEvent {
        in_force: Some(d),
        document: revision.amended_by.clone(),
        ..HistoryEvent::new(
            d,
            format!(
                "Official text fetched from e-Gov: revision {}{}, in force from {d}.",
                revision.id,
                revision
                    .amended_by
                    .as_deref()
                    .map(|a| format!(" (as amended by {a})"))
                    .unwrap_or_default()
            ),
        )
    });
    Ok((bytes, url, revision.date, event))
}

fn fetch_openleg(client: &Client, src: &Target, opts: &FetchOptions) -> Result<Download> {
    let key = opts
        .api_key
        .clone()
        .or_else(|| std::env::var("MUTUA_OPENLEG_KEY").ok())
        .filter(|k| !k.trim().is_empty())
        .ok_or_else(|| {
            Error::input(
                Diagnostic::error("fetching from Open Legislation needs an API key")
                    .help("get a free key at https://legislation.nysenate.gov/ and give it with --api-key KEY or in MUTUA_OPENLEG_KEY"),
            )
        })?;
    let base = opts
        .endpoint
        .as_deref()
        .unwrap_or(OPENLEG_ENDPOINT)
        .trim_end_matches('/');
    let date = opts.as_of.map(|d| format!("&date={d}")).unwrap_or_default();
    let shown = format!("{base}/api/3/laws/{}?full=true{date}", src.from.law_id);
    let url = format!("{shown}&key={key}");
    let bytes = client.get(&url, &shown)?;
    Ok((bytes, shown, None, None))
}

/// One revision listed by e-Gov's `law_revisions`.
#[derive(Debug, Clone, PartialEq)]
struct Revision {
    id: String,
    date: Option<NaiveDate>,
    amended_by: Option<String>,
}

/// The revision in force on `as_of` (or the current one) from a `law_revisions` answer.
fn pick_revision(body: &[u8], as_of: Option<NaiveDate>) -> std::result::Result<Revision, String> {
    let v: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| format!("the answer is not the JSON of law_revisions ({e})"))?;
    let list = v
        .get("revisions")
        .and_then(|r| r.as_array())
        .ok_or("the answer has no `revisions` list")?;
    let revisions: Vec<(Revision, String)> = list
        .iter()
        .filter_map(|r| {
            let id = r.get("law_revision_id")?.as_str()?.to_string();
            let date = r
                .get("amendment_enforcement_date")
                .and_then(|d| d.as_str())
                .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
            let amended_by = r
                .get("amendment_law_num")
                .and_then(|d| d.as_str())
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            let status = r
                .get("current_revision_status")
                .and_then(|d| d.as_str())
                .unwrap_or("")
                .to_string();
            Some((
                Revision {
                    id,
                    date,
                    amended_by,
                },
                status,
            ))
        })
        .collect();
    if revisions.is_empty() {
        return Err("the answer lists no revision".to_string());
    }
    let chosen = match as_of {
        Some(d) => revisions
            .iter()
            .filter(|(r, _)| r.date.is_some_and(|rd| rd <= d))
            .max_by_key(|(r, _)| r.date),
        None => revisions
            .iter()
            .find(|(_, s)| s == "CurrentEnforced")
            .or_else(|| {
                let today = chrono::Local::now().date_naive();
                revisions
                    .iter()
                    .filter(|(r, _)| r.date.is_some_and(|rd| rd <= today))
                    .max_by_key(|(r, _)| r.date)
            }),
    };
    chosen.map(|(r, _)| r.clone()).ok_or_else(|| match as_of {
        Some(d) => format!("no revision of the law was in force on {d}"),
        None => "no revision is in force today".to_string(),
    })
}

/// Shipped versions older than the official text are kept (as the shipped corpus holds
/// them, with their status), ending the day before the official text starts, so that
/// questions about earlier dates are still answered.
fn keep_earlier_versions(
    shipped: &[Provision],
    fetched: &mut [Provision],
    shipped_effective: Option<NaiveDate>,
) {
    for f in fetched.iter_mut() {
        let Some(s) = shipped.iter().find(|s| s.path == f.path) else {
            continue;
        };
        if let Some(start) = f.versions.first().and_then(|v| v.from) {
            let end = start.checked_sub_days(Days::new(1)).unwrap_or(start);
            let earlier: Vec<Version> = s
                .versions
                .iter()
                .filter(|v| {
                    v.from
                        .or(shipped_effective)
                        .is_some_and(|from| from < start)
                })
                .map(|v| Version {
                    from: v.from.or(shipped_effective),
                    to: Some(v.to.map_or(end, |t| t.min(end))),
                    amendment: v.amendment.clone(),
                    text: v.text.clone(),
                })
                .collect();
            f.versions.splice(0..0, earlier);
        }
        keep_earlier_versions(&s.children, &mut f.children, shipped_effective);
    }
}

/// The addresses in `inst`'s instrument that the rules of `shipped` cite and `inst` lacks.
/// Rules that do not load over `corpus` cite nothing here (the corpus to be is checked with
/// them whole before anything is written).
fn missing_citations(inst: &Instrument, shipped: &CorpusFiles, corpus: &Corpus) -> Vec<String> {
    let rule_files = crate::rules::shipped_rule_files(shipped);
    let Ok(rules) = crate::rules::load_rules(&rule_files, corpus) else {
        return Vec::new();
    };
    let fetched = Corpus::new(vec![inst.clone()], String::new());
    let prefix = format!("{}/", inst.id);
    rules
        .cited_addresses()
        .into_iter()
        .filter(|a| a.starts_with(&prefix) && fetched.entry(a).is_none())
        .map(str::to_string)
        .collect()
}

/// Cross-references carried over that name no provision of the corpus to be are dropped,
/// with a warning.
fn drop_dangling_refs(
    inst: &mut Instrument,
    shipped: &crate::corpus::Corpus,
    warnings: &mut Vec<Diagnostic>,
) {
    let mut own = std::collections::HashSet::new();
    fn collect(prefix: &str, ps: &[Provision], out: &mut std::collections::HashSet<String>) {
        for p in ps {
            let a = format!("{prefix}/{}", p.path);
            collect(&a, &p.children, out);
            out.insert(a);
        }
    }
    collect(&inst.id, &inst.provisions, &mut own);
    let id = inst.id.clone();
    let exists = |r: &str| {
        own.contains(r) || (!r.starts_with(&format!("{id}/")) && shipped.entry(r).is_some())
    };
    fn walk(
        prefix: &str,
        ps: &mut [Provision],
        exists: &dyn Fn(&str) -> bool,
        warnings: &mut Vec<Diagnostic>,
    ) {
        for p in ps {
            let a = format!("{prefix}/{}", p.path);
            p.refs.retain(|r| {
                let ok = exists(r);
                if !ok {
                    warnings.push(Diagnostic::warning(format!(
                        "{a}: the cross-reference to `{r}` is left out: the official text has no such provision"
                    )));
                }
                ok
            });
            walk(&a, &mut p.children, exists, warnings);
        }
    }
    walk(&id, &mut inst.provisions, &exists, warnings);
}

fn malformed(url: &str, e: Error) -> Error {
    let detail: Vec<String> = e
        .diagnostics()
        .iter()
        .map(|d| d.render_plain().trim().to_string())
        .collect();
    Error::input(
        Diagnostic::error(format!(
            "the answer from {url} is not what the official source serves: {}",
            detail.join("; ")
        ))
        .help("try again later; if it persists, check --endpoint or report the answer"),
    )
}

/// A blocking HTTP client; each download, from connecting to its last byte, must end
/// within the timeout asked for.
struct Client {
    agent: ureq::Agent,
    progress: bool,
    timeout: Duration,
}

impl Client {
    fn new(opts: &FetchOptions) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("mutua/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            progress: opts.progress,
            timeout: opts.timeout,
        }
    }

    /// What a timeout means, in words.
    fn too_slow(&self) -> String {
        format!(
            "the download did not finish in time (--timeout {} s bounds the whole download)",
            self.timeout.as_secs()
        )
    }

    /// The body of a successful GET of `url`; `shown` is how the URL is named in messages
    /// (without a key).
    fn get(&self, url: &str, shown: &str) -> Result<Vec<u8>> {
        let network = |e: ureq::Error| {
            let (what, help) = match &e {
                ureq::Error::Timeout(_) => (
                    self.too_slow(),
                    "try again later, or give more time with --timeout SECONDS",
                ),
                ureq::Error::BodyExceedsLimit(n) => (
                    format!("the answer is larger than {n} bytes"),
                    "check --endpoint: this is not a law file",
                ),
                _ => (
                    format!("cannot download: {e}"),
                    "check the network connection and --endpoint, then try again",
                ),
            };
            Error::input(Diagnostic::error(format!("{shown}: {what}")).help(help))
        };
        let mut resp = self.agent.get(url).call().map_err(network)?;
        let status = resp.status().as_u16();
        if status != 200 {
            let retry = resp
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .map(|s| format!(" (the server asks to wait {s} s)"))
                .unwrap_or_default();
            let (what, help) = match status {
                429 => (
                    format!("the server's rate limit was reached{retry}"),
                    "wait and try again; fetch one instrument at a time",
                ),
                401 | 403 => (
                    format!("the server refused the request (HTTP {status})"),
                    "check the API key (--api-key or MUTUA_OPENLEG_KEY)",
                ),
                404 => (
                    "the server has no such law (HTTP 404)".to_string(),
                    "check --endpoint and the date asked for",
                ),
                s if s >= 500 => (
                    format!("the server failed (HTTP {s}){retry}"),
                    "the official server has a problem; try again later",
                ),
                s => (
                    format!("the server answered HTTP {s}"),
                    "check --endpoint and try again",
                ),
            };
            return Err(Error::input(
                Diagnostic::error(format!("{shown}: {what}")).help(help),
            ));
        }
        let total = resp.body().content_length();
        let bar = self.progress.then(|| {
            let bar = match total {
                Some(n) => indicatif::ProgressBar::new(n),
                None => indicatif::ProgressBar::new_spinner(),
            };
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {elapsed} {wide_msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message(shown.to_string());
            bar
        });
        let mut reader = resp.body_mut().with_config().limit(BODY_LIMIT).reader();
        let mut bytes = Vec::new();
        let mut buf = [0u8; 64 * 1024];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    bytes.extend_from_slice(&buf[..n]);
                    if let Some(b) = &bar {
                        b.inc(n as u64);
                    }
                }
                Err(e) => {
                    if let Some(b) = &bar {
                        b.finish_and_clear();
                    }
                    let received = format!(
                        "{} bytes{}",
                        bytes.len(),
                        total.map(|t| format!(" of {t}")).unwrap_or_default()
                    );
                    let timed_out = matches!(
                        e.kind(),
                        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                    ) || e
                        .get_ref()
                        .and_then(|inner| inner.downcast_ref::<ureq::Error>())
                        .is_some_and(|u| matches!(u, ureq::Error::Timeout(_)));
                    let d = if timed_out {
                        Diagnostic::error(format!(
                            "{shown}: {} ({received} received)",
                            self.too_slow()
                        ))
                        .help("the server sends too slowly; try again later, or give more time with --timeout SECONDS")
                    } else {
                        Diagnostic::error(format!(
                            "{shown}: the download broke off after {received}: {e}"
                        ))
                        .help("the connection was cut; try again")
                    };
                    return Err(Error::input(d));
                }
            }
        }
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        if let Some(t) = total {
            if (bytes.len() as u64) < t {
                return Err(Error::input(
                    Diagnostic::error(format!(
                        "{shown}: the download broke off after {} of {t} bytes",
                        bytes.len()
                    ))
                    .help("the connection was cut; try again"),
                ));
            }
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_shipped_versions_are_kept_before_the_official_text() {
        use crate::corpus::model::{Text, TextStatus};
        let version = |from: &str, to: Option<&str>, status: TextStatus, text: &str| {
            let mut t = indexmap::IndexMap::new();
            t.insert(
                "ja".to_string(),
                Text {
                    status,
                    text: text.into(),
                    by: None,
                    sha256: None,
                    readings: Vec::new(),
                },
            );
            Version {
                from: Some(from.parse().unwrap()),
                to: to.map(|d| d.parse().unwrap()),
                amendment: None,
                text: t,
            }
        };
        let prov = |versions| Provision {
            path: "art-2".into(),
            versions,
            ..Default::default()
        };
        let shipped = vec![prov(vec![
            version(
                "1996-04-01",
                Some("2006-03-31"),
                TextStatus::Unverified,
                "old",
            ),
            version("2006-04-01", None, TextStatus::Unverified, "mid"),
        ])];
        let mut fetched = vec![prov(vec![version(
            "2023-04-01",
            None,
            TextStatus::Verbatim,
            "official",
        )])];
        keep_earlier_versions(&shipped, &mut fetched, None);
        let periods: Vec<String> = fetched[0]
            .versions
            .iter()
            .map(|v| format!("{:?}..{:?} {}", v.from, v.to, v.text["ja"].text))
            .collect();
        assert_eq!(
            periods,
            [
                "Some(1996-04-01)..Some(2006-03-31) old",
                "Some(2006-04-01)..Some(2023-03-31) mid",
                "Some(2023-04-01)..None official",
            ]
        );
    }

    #[test]
    fn picks_the_revision_in_force() {
        let body = br#"{"law_info":{},"revisions":[
            {"law_revision_id":"X_20250601_A","amendment_enforcement_date":"2025-06-01","current_revision_status":"CurrentEnforced"},
            {"law_revision_id":"X_20060401_B","amendment_enforcement_date":"2006-04-01","current_revision_status":"PreviousEnforced"},
            {"law_revision_id":"X_19960401_C","amendment_enforcement_date":"1996-04-01","current_revision_status":"PreviousEnforced"}]}"#;
        assert_eq!(pick_revision(body, None).unwrap().id, "X_20250601_A");
        let d = NaiveDate::from_ymd_opt(2005, 6, 30);
        assert_eq!(pick_revision(body, d).unwrap().id, "X_19960401_C");
        let early = NaiveDate::from_ymd_opt(1990, 1, 1);
        assert!(pick_revision(body, early).is_err());
        assert!(pick_revision(b"<html>", None).is_err());
    }
}
