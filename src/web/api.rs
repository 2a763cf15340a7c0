//! The JSON API under `/api/v1/`: the same shapes as the command line's `--format json`,
//! errors as JSON with a status, a message and located diagnostics, and an OpenAPI
//! document generated from the types here ([`openapi_json`]).

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::work::Work;
use super::App;
use crate::corpus::Jurisdiction;
use crate::diagnostic::{quoted, Diagnostic, Error, SourceFile};
use crate::report::Format;
use crate::rules::outcome::Evaluation;
use crate::rules::whatif::{Target, WhatIf};
use crate::rules::{Deadline, OutOfTime, RuleSet};
use crate::scheme::Scheme;

/// An error as the API returns it: `error` with a stable `code`, the `message` and a
/// `hint` saying what to do; and, as before, the `status`, the `message` and the located
/// `diagnostics`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// What went wrong and what to do, in the shape every error of `/api/v1/` has.
    pub error: Box<ErrorDetail>,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong, in one sentence.
    pub message: String,
    /// The problems found in the input, each with its `location` (file, line, column)
    /// where it has one, and a `help` saying what to do.
    #[schema(value_type = Vec<Object>)]
    pub diagnostics: Vec<Diagnostic>,
}

/// The `error` of an [`ApiError`].
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable name of the kind of error: `bad_request`, `not_found`,
    /// `method_not_allowed`, `timeout`, `too_large`, `uri_too_long`, `unprocessable`,
    /// `unavailable` or `error`.
    pub code: String,
    /// What went wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// The `code` of an error of this status.
fn error_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::BAD_REQUEST => "bad_request",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::URI_TOO_LONG => "uri_too_long",
        StatusCode::UNPROCESSABLE_ENTITY => "unprocessable",
        StatusCode::SERVICE_UNAVAILABLE => "unavailable",
        _ => "error",
    }
}

/// What to do about an error of this status, when nothing more precise is known.
fn default_hint(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "the routes are listed in /api/v1/openapi.json",
        StatusCode::METHOD_NOT_ALLOWED => {
            "each route's method is listed in /api/v1/openapi.json"
        }
        StatusCode::REQUEST_TIMEOUT => {
            "ask for less at once (fewer schemes, one jurisdiction), then send it again"
        }
        StatusCode::PAYLOAD_TOO_LARGE => "send a smaller body",
        StatusCode::URI_TOO_LONG => {
            "send long text (a scheme, a proposal) in the body of a POST"
        }
        StatusCode::SERVICE_UNAVAILABLE => "send the request again when the server is back",
        _ => "correct the request as the message says; the parameters are described in /api/v1/openapi.json",
    }
}

impl ApiError {
    /// An error of this status with one message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError::with_diagnostics(status, message.into(), Vec::new())
    }

    /// An error of this status with a message and the problems found.
    fn with_diagnostics(
        status: StatusCode,
        message: String,
        diagnostics: Vec<Diagnostic>,
    ) -> ApiError {
        let hint = diagnostics
            .iter()
            .find_map(|d| d.help.clone())
            .unwrap_or_else(|| default_hint(status).to_string());
        ApiError {
            error: Box::new(ErrorDetail {
                code: error_code(status).to_string(),
                message: message.clone(),
                hint,
            }),
            status: status.as_u16(),
            message,
            diagnostics,
        }
    }

    /// The same error with another status (its code follows).
    pub fn with_status(mut self, status: StatusCode) -> ApiError {
        self.status = status.as_u16();
        self.error.code = error_code(status).to_string();
        self
    }

    /// The same error with this hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> ApiError {
        self.error.hint = hint.into();
        self
    }

    /// A 400 for text holding a control character (`d` says where).
    pub fn not_text(d: Diagnostic) -> ApiError {
        ApiError::with_diagnostics(
            StatusCode::BAD_REQUEST,
            format!("{}: control characters are not text", d.message),
            vec![d],
        )
        .with_hint("send the text without control characters")
    }

    /// A 400 for problems found in the input, the first one's message its message.
    pub(super) fn problems(diagnostics: Vec<Diagnostic>) -> ApiError {
        let message = diagnostics
            .first()
            .map_or_else(|| "the request failed".to_string(), |d| d.message.clone());
        ApiError::with_diagnostics(StatusCode::BAD_REQUEST, message, diagnostics)
    }
}

/// A text the server was given, as `what` (`the form field \`name\``): refused with its
/// line and column when it holds a control character.
pub(super) fn plain_text(what: &str, text: &str) -> Result<(), ApiError> {
    match SourceFile::new(what, text).control_character(what) {
        Some(d) => Err(ApiError::not_text(d)),
        None => Ok(()),
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError::problems(e.diagnostics().to_vec())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        (status, Json(self)).into_response()
    }
}

/// The query of a search.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The query: words, "quoted phrases", AND / OR / -word, in Chinese, Japanese or English.
    #[serde(default)]
    pub q: String,
    /// Only this jurisdiction: `cn`, `ny` or `jp`.
    pub jurisdiction: Option<String>,
    /// Only this instrument (`cn/insurance-law`).
    pub instrument: Option<String>,
    /// Only provisions tagged with this concept (`licensing`).
    pub concept: Option<String>,
    /// Only text in force on this date (YYYY-MM-DD).
    pub as_of: Option<String>,
    /// How many hits at most (1 to 100; 10 when not given).
    pub limit: Option<usize>,
    /// How many of the best hits to pass over (0 when not given): the next page starts
    /// at `offset + limit`.
    pub offset: Option<usize>,
}

/// One search hit (as `mutua search --format json` gives it).
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// The provision's address.
    pub address: String,
    /// BM25 score.
    pub score: f32,
    /// The matching passage, matches in `**bold**`.
    pub snippet: String,
    /// `cn`, `ny` or `jp`.
    pub jurisdiction: String,
    /// The instrument id.
    pub instrument: String,
    /// The language of the snippet.
    pub language: String,
    /// The instrument's title and the provision's heading.
    pub label: String,
    /// The status of the text the snippet is from: `verbatim`, `unverified`,
    /// `translation`, `modified` (changed since it was fetched), or `summary` for the
    /// project's own summary.
    pub text_status: String,
    /// Why it matched: `citation` (the query cites it) or `words`.
    pub matched: String,
}

/// Search results.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    /// The version of the JSON shapes.
    pub schema_version: u32,
    /// The query as given.
    pub query: String,
    /// The hits of this page, best first.
    pub hits: Vec<SearchHit>,
    /// How many provisions match in all.
    pub total: usize,
    /// How many of the best hits this page passes over.
    pub offset: usize,
}

/// The date of a query parameter, or a 400 saying how to write it.
fn date_param(name: &str, value: Option<&str>) -> Result<Option<NaiveDate>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => crate::facts::read_date(v)
            .map(Some)
            .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("`{name}`: {e}"))),
    }
}

/// The jurisdiction of a query parameter, or a 400.
fn jurisdiction_param(value: Option<&str>) -> Result<Option<Jurisdiction>, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(code) => Jurisdiction::from_code(code).map(Some).ok_or_else(|| {
            let codes = crate::corpus::jurisdictions::current().codes().join(", ");
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("`jurisdiction` must be one of {codes}"),
            )
        }),
    }
}

/// The language of a query parameter (`en` when not given), or a 400.
fn language_param(value: Option<&str>) -> Result<String, ApiError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok("en".into()),
        Some(l @ ("en" | "zh" | "ja")) => Ok(l.into()),
        Some(_) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "`lang` must be en, zh or ja",
        )),
    }
}

/// The `explain` parameter: `brief` (the default, as on the command line) or `full`.
fn explain_param(value: Option<&str>) -> Result<crate::report::classify::Explain, ApiError> {
    use crate::report::classify::Explain;
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None | Some("brief") => Ok(Explain::Brief),
        Some("full") => Ok(Explain::Full),
        Some(other) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("`explain` must be brief or full, not `{other}`"),
        )),
    }
}

/// Runs a search for a page or the API: the query checked, the hits with the status of
/// the text each snippet is from.
pub(super) fn run_search(app: &App, query: &SearchQuery) -> Result<SearchResponse, ApiError> {
    let chars = query.q.chars().count();
    if chars > super::MAX_QUERY_CHARS {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "the query is {chars} characters long; the most is {}",
                super::MAX_QUERY_CHARS
            ),
        ));
    }
    plain_text("the query", &query.q)?;
    let limit = query.limit.unwrap_or(10);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "`limit` must be from 1 to 100",
        ));
    }
    let jurisdiction =
        jurisdiction_param(query.jurisdiction.as_deref())?.map(|j| j.code().to_string());
    let instrument = query.instrument.clone().filter(|s| !s.trim().is_empty());
    let cited = crate::index::cited::cited_by_query(
        &app.corpus,
        &query.q,
        &crate::index::cited::within(jurisdiction.as_deref(), instrument.as_deref()),
    );
    let opts = crate::index::SearchOptions {
        jurisdiction,
        instrument,
        concept: query.concept.clone().filter(|s| !s.trim().is_empty()),
        as_of: date_param("as_of", query.as_of.as_deref())?,
        limit,
        offset: query.offset.unwrap_or(0),
        cited,
    };
    let found = crate::index::search_with_reader(&app.index, &app.reader, &query.q, &opts)?;
    let hits = found
        .hits
        .into_iter()
        .map(|h| SearchHit {
            text_status: text_status_of(app, &h.address, &h.language, opts.as_of),
            matched: h.matched.to_string(),
            address: h.address,
            score: h.score,
            snippet: h.snippet,
            jurisdiction: h.jurisdiction,
            instrument: h.instrument,
            language: h.language,
            label: h.label,
        })
        .collect();
    Ok(SearchResponse {
        schema_version: crate::report::SCHEMA_VERSION,
        query: query.q.clone(),
        hits,
        total: found.total,
        offset: found.offset,
    })
}

/// The status of a provision's text in a language, on a date (the newest when None).
fn text_status_of(app: &App, address: &str, language: &str, as_of: Option<NaiveDate>) -> String {
    app.corpus
        .entry(address)
        .and_then(|e| app.corpus.version_at(e, as_of))
        .and_then(|v| v.text.get(language))
        .map_or("summary", |t| t.status.as_str())
        .to_string()
}

/// Full-text search of the corpus.
#[utoipa::path(get, path = "/api/v1/search", params(SearchQuery),
    responses((status = 200, description = "The hits, best first", body = SearchResponse),
              (status = 400, description = "A bad query or filter", body = ApiError)))]
pub async fn search(
    State(app): State<Arc<App>>,
    Query(query): Query<SearchQuery>,
) -> Result<Json<SearchResponse>, ApiError> {
    run_search(&app, &query).map(Json)
}

/// The date of a provision's version.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOfQuery {
    /// The version in force on this date (YYYY-MM-DD); the newest when not given.
    pub as_of: Option<String>,
}

/// The provision at an address or citation, with text and status per language, its
/// versions, parts, cross-references and source (as `mutua show --format json`).
#[utoipa::path(get, path = "/api/v1/provisions/{address}",
    params(("address" = String, Path, description = "An address: the instrument's id, then the provision's path, as search results give it"), AsOfQuery),
    responses((status = 200, description = "The provision", body = serde_json::Value),
              (status = 404, description = "No such provision", body = ApiError)))]
pub async fn provision(
    State(app): State<Arc<App>>,
    Path(address): Path<String>,
    Query(query): Query<AsOfQuery>,
) -> Result<Response, ApiError> {
    let as_of = date_param("as_of", query.as_of.as_deref())?;
    let found = crate::corpus::citation::resolve(&app.corpus, &address)
        .map_err(|e| ApiError::from(e).with_status(StatusCode::NOT_FOUND))?;
    let body = crate::report::show(
        &app.corpus,
        &found,
        as_of,
        Format::Json,
        crate::report::Words::En,
    )?;
    Ok(json_text(body))
}

/// A response of JSON already rendered by `report`.
fn json_text(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// How to run a scheme: jurisdiction, date and language.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    /// Only this jurisdiction: a code of the corpus's jurisdiction registry (all when not
    /// given).
    pub jurisdiction: Option<String>,
    /// Apply the law as of this date instead of the scheme's `as_of`.
    pub as_of: Option<String>,
    /// Language of the quoted provisions: `en`, `zh` or `ja`.
    pub lang: Option<String>,
    /// What-if only: changes that reach this outcome (`mutual_aid_plan`) or kind
    /// (`unregulated_mutual_aid`).
    pub to: Option<String>,
    /// Classify only: `brief` (the default) gives the deciding rule's reasoning, `full` every
    /// rule considered (as `mutua classify --explain`).
    pub explain: Option<String>,
}

/// The text of a scheme sent in a body: UTF-8, or a 400.
fn body_text(body: &[u8]) -> Result<String, ApiError> {
    String::from_utf8(body.to_vec()).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "the body is not UTF-8 text (invalid byte at {}); send the scheme as UTF-8 YAML or JSON",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Reads a scheme (YAML, of which JSON is a part) against the rules' facts, with `sets`
/// (`FACT=VALUE`) over it; the date it is run as of is `as_of` or the scheme's own.
/// A scheme posted to `classify` or `whatif`, with what the query asks of its run.
struct SchemeRequest {
    scheme: Scheme,
    as_of: NaiveDate,
    only: Option<Jurisdiction>,
    language: String,
}

/// Reads the scheme in the body of a request and the parameters of its run.
fn scheme_request(app: &App, query: &RunQuery, body: &[u8]) -> Result<SchemeRequest, ApiError> {
    let only = jurisdiction_param(query.jurisdiction.as_deref())?;
    let language = language_param(query.lang.as_deref())?;
    let source = SourceFile::new("scheme", body_text(body)?);
    let (scheme, as_of) = read_scheme(
        &app.rules,
        &source,
        &[],
        date_param("as_of", query.as_of.as_deref())?,
    )?;
    Ok(SchemeRequest {
        scheme,
        as_of,
        only,
        language,
    })
}

pub(super) fn read_scheme(
    rules: &RuleSet,
    source: &SourceFile,
    sets: &[String],
    as_of: Option<NaiveDate>,
) -> Result<(Scheme, NaiveDate), Error> {
    let mut scheme = crate::scheme::load_scheme(source, &rules.facts).map_err(Error::Input)?;
    for s in sets {
        crate::scheme::set_fact(&mut scheme, s, &rules.facts)?;
    }
    let date = as_of.or(scheme.as_of).ok_or_else(|| {
        Error::input(
            Diagnostic::error(format!("{} says no `as_of` date", source.name))
                .help("add `as_of: YYYY-MM-DD` to the scheme, or give the as_of parameter"),
        )
    })?;
    Ok((scheme, date))
}

/// The jurisdictions to run: the one asked for, or every one the rules cover.
pub(super) fn jurisdictions(rules: &RuleSet, only: Option<Jurisdiction>) -> Vec<Jurisdiction> {
    match only {
        Some(j) => vec![j],
        None => rules.jurisdictions(),
    }
}

/// Classifies a scheme in each jurisdiction asked for, until the deadline.
pub(super) fn classify_scheme(
    app: &App,
    scheme: &Scheme,
    as_of: NaiveDate,
    only: Option<Jurisdiction>,
    language: &str,
    deadline: &Deadline,
) -> Result<Vec<Evaluation>, OutOfTime> {
    jurisdictions(&app.rules, only)
        .into_iter()
        .map(|j| {
            crate::rules::eval::evaluate_within(
                &app.rules,
                j,
                scheme,
                as_of,
                &app.corpus,
                language,
                deadline,
            )
        })
        .collect()
}

/// The smallest fact changes that give a scheme each other answer (or those `target`
/// asks for), until the deadline.
pub(super) fn whatif_scheme(
    app: &App,
    scheme: &Scheme,
    as_of: NaiveDate,
    only: Option<Jurisdiction>,
    language: &str,
    target: Target<'_>,
    deadline: &Deadline,
) -> Result<Vec<WhatIf>, OutOfTime> {
    jurisdictions(&app.rules, only)
        .into_iter()
        .map(|j| {
            crate::rules::whatif::what_if_within(
                &app.rules,
                j,
                scheme,
                as_of,
                &app.corpus,
                language,
                target,
                deadline,
            )
        })
        .collect()
}

/// Classifies a scheme (YAML or JSON in the body) in each jurisdiction, with reasons,
/// citations, contested readings, warnings and missing facts (as `mutua classify --format
/// json`).
#[utoipa::path(post, path = "/api/v1/classify", params(RunQuery),
    request_body(content = String, description = "A scheme file, YAML or JSON", content_type = "application/yaml"),
    responses((status = 200, description = "The answer in each jurisdiction", body = serde_json::Value),
              (status = 400, description = "A malformed scheme, with located diagnostics", body = ApiError),
              (status = 408, description = "The evaluation took longer than the limit, and was stopped", body = ApiError),
              (status = 413, description = "The body is larger than the limit"),
              (status = 503, description = "The server is stopping", body = ApiError)))]
pub async fn classify(
    State(app): State<Arc<App>>,
    work: Work,
    Query(query): Query<RunQuery>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let report = work
        .run(move |deadline| {
            let explain = explain_param(query.explain.as_deref())?;
            let SchemeRequest {
                scheme,
                as_of,
                only,
                language,
            } = scheme_request(&app, &query, &body)?;
            let evals = classify_scheme(&app, &scheme, as_of, only, &language, deadline)?;
            Ok(crate::report::classify::render_with(
                &scheme,
                &evals,
                &[],
                Format::Json,
                explain,
            ))
        })
        .await?;
    Ok(json_text(report))
}

/// The smallest fact changes that would give a scheme (in the body) another answer, per
/// jurisdiction (as `mutua whatif --format json`).
#[utoipa::path(post, path = "/api/v1/whatif", params(RunQuery),
    request_body(content = String, description = "A scheme file, YAML or JSON", content_type = "application/yaml"),
    responses((status = 200, description = "The changes found", body = serde_json::Value),
              (status = 400, description = "A malformed scheme, or a `to` that is neither an outcome nor a kind, with located diagnostics", body = ApiError),
              (status = 408, description = "The search took longer than the limit, and was stopped", body = ApiError),
              (status = 503, description = "The server is stopping", body = ApiError)))]
pub async fn whatif(
    State(app): State<Arc<App>>,
    work: Work,
    Query(query): Query<RunQuery>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let to = query.to.clone().filter(|t| !t.trim().is_empty());
    if let Some(name) = &to {
        Target::named(&app.rules, name, &format!("to={name}"))?;
    }
    let report = work
        .run(move |deadline| {
            let SchemeRequest {
                scheme,
                as_of,
                only,
                language,
            } = scheme_request(&app, &query, &body)?;
            let target = to.as_deref().map_or(Target::Any, Target::Named);
            let results = whatif_scheme(&app, &scheme, as_of, only, &language, target, deadline)?;
            Ok(crate::report::whatif::render(
                &scheme,
                &results,
                Format::Json,
            ))
        })
        .await?;
    Ok(json_text(report))
}

/// A proposal diff: which proposal, over which schemes.
#[derive(Debug, Deserialize, ToSchema)]
pub struct DiffRequest {
    /// A shipped proposal by file name (`rules/proposals/cn-mutual-aid-measures.rules`).
    pub proposal: Option<String>,
    /// Or the text of a proposal file (`proposal "TITLE" extends cn` ...).
    pub proposal_text: Option<String>,
    /// Scheme files (YAML or JSON text) to run; the shipped schemes when empty.
    #[serde(default)]
    pub schemes: Vec<String>,
    /// Language of the quoted provisions: `en`, `zh` or `ja`.
    pub lang: Option<String>,
}

/// The proposal a diff applies: a shipped one by name, or a text.
pub(super) fn proposal_source(
    app: &App,
    name: Option<&str>,
    text: Option<&str>,
) -> Result<SourceFile, ApiError> {
    if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
        return Ok(SourceFile::new("proposal", t));
    }
    let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "give a proposal: `proposal` (a shipped one) or `proposal_text`",
        ));
    };
    app.proposal_file(name).cloned().ok_or_else(|| {
        let names: Vec<&str> = app.proposals.iter().map(|p| p.name.as_str()).collect();
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "no shipped proposal `{}`; the shipped ones are {}",
                quoted(name),
                names.join(", ")
            ),
        )
    })
}

/// Runs the rules in use and the rules with a proposal over schemes, until the deadline:
/// every answer that changes, with both explanations.
pub(super) fn diff_schemes(
    app: &App,
    proposal: &SourceFile,
    schemes: &[SourceFile],
    language: &str,
    deadline: &Deadline,
) -> Result<crate::rules::diff::DiffReport, ApiError> {
    let proposed = crate::rules::load_rules_with_proposals(
        &app.rule_sources,
        std::slice::from_ref(proposal),
        &app.corpus,
    )
    .map_err(Error::Input)?;
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    for source in schemes {
        match read_scheme(&proposed, source, &[], None) {
            Ok(s) => loaded.push(s),
            Err(e) => problems.extend(e.diagnostics().to_vec()),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Input(problems).into());
    }
    let jurisdictions = app.rules.jurisdictions();
    let mut report = crate::rules::diff::DiffReport {
        proposals: proposed.proposals.clone(),
        schemes: loaded.len(),
        compared: 0,
        changes: Vec::new(),
        language: language.to_string(),
    };
    for (scheme, as_of) in &loaded {
        let (changes, compared) = crate::rules::diff::compare_scheme_within(
            &app.rules,
            &proposed,
            scheme,
            *as_of,
            &jurisdictions,
            &app.corpus,
            language,
            deadline,
        )?;
        report.compared += compared;
        report.changes.extend(changes);
    }
    Ok(report)
}

/// Runs a proposal over schemes and reports every answer that changes (as `mutua diff
/// --format json`).
#[utoipa::path(post, path = "/api/v1/diff", request_body = DiffRequest,
    responses((status = 200, description = "The changes", body = serde_json::Value),
              (status = 400, description = "A malformed proposal or scheme, with located diagnostics", body = ApiError),
              (status = 408, description = "The diff took longer than the limit, and was stopped", body = ApiError),
              (status = 503, description = "The server is stopping", body = ApiError)))]
pub async fn diff(
    State(app): State<Arc<App>>,
    work: Work,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    let request: DiffRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("the body is not a diff request: {e}"),
        )
    })?;
    for (what, text) in [("proposal", &request.proposal), ("lang", &request.lang)] {
        if let Some(text) = text {
            plain_text(&format!("the field `{what}`"), text)?;
        }
    }
    let language = language_param(request.lang.as_deref())?;
    let proposal = proposal_source(
        &app,
        request.proposal.as_deref(),
        request.proposal_text.as_deref(),
    )?;
    let schemes: Vec<SourceFile> = if request.schemes.is_empty() {
        app.schemes.clone()
    } else {
        request
            .schemes
            .iter()
            .enumerate()
            .map(|(i, s)| SourceFile::new(format!("scheme {}", i + 1), s.as_str()))
            .collect()
    };
    let report = work
        .run(move |deadline| {
            diff_schemes(&app, &proposal, &schemes, &language, deadline)
                .map(|r| crate::report::diff::render(&r, Format::Json))
        })
        .await?;
    Ok(json_text(report))
}

/// The provisions of each jurisdiction on a topic (or a concept tag), side by side, with
/// citations (as `mutua compare TOPIC --format json`).
#[utoipa::path(get, path = "/api/v1/compare/{topic}",
    params(("topic" = String, Path, description = "A topic of `mutua compare --list`, or a concept tag"), AsOfQuery),
    responses((status = 200, description = "The comparison", body = serde_json::Value),
              (status = 404, description = "No such topic", body = ApiError)))]
pub async fn compare(
    State(app): State<Arc<App>>,
    Path(topic): Path<String>,
    Query(query): Query<AsOfQuery>,
) -> Result<Response, ApiError> {
    let as_of = date_param("as_of", query.as_of.as_deref())?;
    let comparison = run_compare(&app, &topic, as_of, crate::report::Words::En)?;
    Ok(json_text(crate::report::compare::render(
        &comparison,
        Format::Json,
        crate::report::Words::En,
    )))
}

/// A comparison for a page or the API, mutua's reasons for an empty cell in the language
/// of `words`; an unknown topic is a 404.
pub(super) fn run_compare(
    app: &App,
    topic: &str,
    as_of: Option<NaiveDate>,
    words: crate::report::Words,
) -> Result<crate::compare::Comparison, ApiError> {
    let topic = crate::compare::find_topic(&app.vocabulary, topic)
        .map_err(|e| ApiError::from(e).with_status(StatusCode::NOT_FOUND))?;
    Ok(crate::compare::compare(&app.corpus, &topic, as_of, words))
}

/// Where each instrument's text comes from, with its date and sha256, and how many of its
/// provisions hold verbatim, unverified, translated or no text (as `mutua sources --format
/// json`).
#[utoipa::path(get, path = "/api/v1/sources",
    responses((status = 200, description = "The provenance of every instrument", body = serde_json::Value)))]
pub async fn sources(State(app): State<Arc<App>>) -> Response {
    json_text(crate::sources::render(&app.sources, Format::Json))
}

/// The OpenAPI document of this API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "mutua",
        description = "The corpus, the classifier and the workbench of mutua as a JSON API. The shapes are those of the command line's --format json."
    ),
    paths(search, provision, classify, whatif, diff, compare, sources),
    components(schemas(ApiError, ErrorDetail, SearchHit, SearchResponse, DiffRequest))
)]
pub struct ApiDoc;

/// The OpenAPI document, as the server sends it from `/api/v1/openapi.json`.
pub fn openapi_json() -> String {
    let mut doc = ApiDoc::openapi();
    // the version is the crate's, so a release does not make the committed document stale
    doc.info.version = "1".into();
    doc.to_pretty_json().unwrap_or_default() + "\n"
}

/// The OpenAPI document.
pub async fn openapi() -> Response {
    json_text(openapi_json())
}

/// No such route under `/api/v1/`.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "no such route; the routes are listed in /api/v1/openapi.json",
    )
}
