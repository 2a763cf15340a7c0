//! `mutua serve`: the corpus, the classifier and the workbench in a browser, and a JSON API
//! under `/api/v1/`, over the same library as the command line.
//!
//! The corpus, the rules and the search index are loaded once, at start, and every request
//! is answered from memory: no request names a file, and path segments are addresses.
//! Pages are rendered on the server from auto-escaping templates; the CSS and the little
//! JavaScript that enhances them are built into the binary and served from `/static/`.
//! Every response carries a strict Content-Security-Policy. The server bounds its own
//! work ([`Limits`]): request bodies and addresses, the time a request takes (its
//! evaluation stops then too), the requests served at once, the time a client takes to
//! send its headers, and the connections open at once; and it stops within a few seconds
//! when asked to.

pub mod api;
pub mod i18n;
mod link;
mod pages;
mod server;
mod view;
mod work;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::corpus::{Corpus, CorpusFiles};
use crate::diagnostic::{Error, Result, SourceFile};
use crate::rules::RuleSet;
use server::stop_requested;
pub use server::{Server, SHUTDOWN_GRACE};
pub use work::{Activity, Work};

/// The Content-Security-Policy of every response: only this server's own styles, scripts
/// and forms; no frames, no plugins, nothing from elsewhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The longest search query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;

/// Limits on what one request, and all of them together, may ask of the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest request body, in bytes (a larger one gets 413).
    pub body_bytes: usize,
    /// How long a request may take before it gets 408; its evaluation stops then too.
    pub timeout: Duration,
    /// How many requests are served at once; more wait their turn. An evaluation holds
    /// its request's place until it has actually stopped.
    pub concurrency: usize,
    /// How long a client may take to send a request's headers (and an idle connection may
    /// stay open) before the connection is closed.
    pub header_timeout: Duration,
    /// How many connections are open at once; more wait to be accepted.
    pub connections: usize,
    /// The longest path and query of a request, in bytes (a longer one gets 414).
    pub uri_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            body_bytes: 1024 * 1024,
            timeout: Duration::from_secs(30),
            concurrency: 128,
            header_timeout: Duration::from_secs(30),
            connections: 512,
            uri_bytes: 8 * 1024,
        }
    }
}

/// What the server answers from: the corpus, the rules, the search index and the shipped
/// schemes and proposals, loaded once at start.
pub struct App {
    /// The corpus.
    pub corpus: Corpus,
    /// The rules in use.
    pub rules: RuleSet,
    /// The search index of the corpus.
    pub index: tantivy::Index,
    /// A reader of the index, open for every search.
    pub reader: tantivy::IndexReader,
    /// The rule files in use, for applying proposals over them.
    pub rule_sources: Vec<SourceFile>,
    /// The shipped example schemes: file name and text.
    pub schemes: Vec<SourceFile>,
    /// The shipped proposals.
    pub proposals: Vec<SourceFile>,
    /// The concept vocabulary and the topics of `compare`.
    pub vocabulary: crate::corpus::concepts::Vocabulary,
    /// Where each instrument's text comes from.
    pub sources: Vec<crate::sources::InstrumentSource>,
    templates: minijinja::Environment<'static>,
}

impl App {
    /// Loads the corpus, its rules and its search index (built into the cache when needed);
    /// `shipped` says whether the corpus is the one built into the binary.
    pub fn load(files: &CorpusFiles, shipped: bool) -> Result<App> {
        let corpus = crate::corpus::load::load(files)?;
        let (vocabulary, _) = crate::corpus::concepts::Vocabulary::of(files)?;
        let sources = crate::sources::sources(&corpus, files, shipped);
        let rule_sources = crate::rules::shipped_rule_files(files);
        let rules = crate::rules::load_rules(&rule_sources, &corpus).map_err(Error::Input)?;
        // every JSON answer names the corpus and rules it comes from, as the CLI's do
        crate::report::record_provenance(
            &corpus.content_hash,
            &crate::corpus::hash::rules_hash(rule_sources.iter().map(|s| s.text.as_bytes())),
        );
        let (index, _) = crate::index::open_or_build(&corpus)?;
        let reader = index
            .reader()
            .map_err(|e| Error::msg(format!("cannot read the search index: {e}")))?;
        let pick = |folder: &str, ext: &str| -> Vec<SourceFile> {
            files
                .files
                .iter()
                .filter(|(name, _)| name.starts_with(folder) && name.ends_with(ext))
                .map(|(name, text)| SourceFile::new(name.as_str(), &**text))
                .collect()
        };
        let templates = view::templates(&corpus.jurisdictions());
        Ok(App {
            schemes: pick("schemes/", ".yaml"),
            proposals: pick("rules/proposals/", ".rules"),
            vocabulary,
            sources,
            corpus,
            rules,
            index,
            reader,
            rule_sources,
            templates,
        })
    }

    /// A shipped scheme by its file name (`schemes/xiang-hu-bao.yaml`).
    pub fn scheme_file(&self, name: &str) -> Option<&SourceFile> {
        self.schemes.iter().find(|s| s.name == name)
    }

    /// A shipped proposal by its file name.
    pub fn proposal_file(&self, name: &str) -> Option<&SourceFile> {
        self.proposals.iter().find(|s| s.name == name)
    }
}

/// The application's routes, with its limits and headers applied.
pub fn router(app: Arc<App>, limits: Limits) -> Router {
    guarded_router(app, Activity::new(limits))
}

/// What the server's own middleware needs: the pages (to answer a refusal with one) and
/// what the server is doing.
#[derive(Clone)]
struct Guarded {
    app: Arc<App>,
    activity: Arc<Activity>,
}

/// The application's routes within the limits of `activity`.
fn guarded_router(app: Arc<App>, activity: Arc<Activity>) -> Router {
    use tower_http::limit::RequestBodyLimitLayer;
    let limits = activity.limits;
    let guarded = Guarded {
        app: app.clone(),
        activity,
    };
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/provisions/{*address}", get(api::provision))
        .route("/classify", post(api::classify))
        .route("/whatif", post(api::whatif))
        .route("/diff", post(api::diff))
        .route("/compare/{topic}", get(api::compare))
        .route("/sources", get(api::sources))
        .route("/openapi.json", get(api::openapi))
        .fallback(api::not_found);
    Router::new()
        .route("/", get(pages::search))
        .route("/p/{*address}", get(pages::provision))
        .route("/i/{*instrument}", get(pages::instrument))
        .route("/classify", get(pages::classify_form).post(pages::classify))
        .route("/classify/result", get(pages::classify_result))
        .route("/classify/download", post(pages::download))
        .route("/whatif", get(pages::whatif_result).post(pages::whatif))
        .route("/diff", get(pages::diff_form).post(pages::diff))
        .route("/compare", get(pages::topics))
        .route("/compare/{topic}", get(pages::compare))
        .route("/sources", get(pages::sources))
        .route("/api", get(pages::api_page))
        .route("/static/style.css", get(pages::style))
        .route("/static/app.js", get(pages::script))
        .nest("/api/v1", api)
        .fallback(pages::not_found)
        .with_state(app)
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(RequestBodyLimitLayer::new(limits.body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            guarded.clone(),
            work::time_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            guarded.clone(),
            work::hold_slot,
        ))
        .layer(axum::middleware::from_fn_with_state(guarded, check_request))
        .layer(axum::middleware::from_fn(api_errors_as_json))
        .layer(axum::middleware::from_fn(no_store_of_client_facts))
        .layer(axum::middleware::from_fn(remember_language))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(axum::middleware::from_fn(log_request))
}

/// A refusal: JSON under `/api/`, a page (in the request's language) elsewhere.
fn refusal(guarded: &Guarded, page: &i18n::Page, e: api::ApiError) -> Response {
    if page.here.starts_with("/api/") {
        e.into_response()
    } else {
        pages::api_error_page(&guarded.app, page, e)
    }
}

/// Middleware: before any work, a request whose path and query are longer than the limit
/// gets 414, and one whose path or query parameters hold a control character gets 400
/// naming the parameter, line and column.
async fn check_request(State(guarded): State<Guarded>, request: Request, next: Next) -> Response {
    let uri = request.uri();
    let problem = too_long(uri, guarded.activity.limits.uri_bytes)
        .or_else(|| control_character(uri).map(api::ApiError::not_text));
    match problem {
        Some(e) => refusal(&guarded, &i18n::Page::of(uri, request.headers()), e),
        None => next.run(request).await,
    }
}

/// 414 when the path and query are longer than `most` bytes.
fn too_long(uri: &Uri, most: usize) -> Option<api::ApiError> {
    let length = uri.path_and_query().map_or(0, |p| p.as_str().len());
    (length > most).then(|| {
        api::ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!(
                "the request's address is {length} bytes long; the most is {most}: send long text (a scheme, a proposal) in the body of a POST"
            ),
        )
    })
}

/// The first control character of the request's path or query parameters (decoded), as
/// an error at its line and column.
fn control_character(uri: &Uri) -> Option<crate::diagnostic::Diagnostic> {
    let path = percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy();
    if let Some(d) = SourceFile::new("the path", path.as_ref()).control_character("the path") {
        return Some(d);
    }
    // a query that does not decode is refused by the page or route it is for
    let Query(parameters) = Query::<Vec<(String, String)>>::try_from_uri(uri).ok()?;
    parameters.iter().find_map(|(name, value)| {
        let what = format!("the query parameter `{}`", crate::diagnostic::quoted(name));
        [name, value]
            .into_iter()
            .find_map(|text| SourceFile::new(what.clone(), text.as_str()).control_character(&what))
    })
}

/// Middleware: every error of `/api/v1/` is JSON, also those answered before a handler
/// runs (an unknown method, a body over the limit, a query parameter that does not read).
async fn api_errors_as_json(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    // the API's routes each answer one method: those that run a scheme POST, the rest GET
    let allow = (status == StatusCode::METHOD_NOT_ALLOWED).then(|| {
        let runs = ["/api/v1/classify", "/api/v1/whatif", "/api/v1/diff"].contains(&path.as_str());
        if runs { "POST" } else { "GET" }.to_string()
    });
    // the text axum and tower-http give their refusals, short and ours to show
    let said = match axum::body::to_bytes(response.into_body(), 4096).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_string(),
        Err(_) => String::new(),
    };
    let error = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = allow.clone().unwrap_or_default();
            api::ApiError::new(
                status,
                format!("{path} does not answer {method}; it answers {allowed}"),
            )
            .with_hint(format!("send the request with {allowed}"))
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            api::ApiError::new(status, "the body is larger than the server accepts (1 MB)")
                .with_hint("send a smaller scheme or proposal")
        }
        _ if said.is_empty() => api::ApiError::new(status, format!("{path}: {status}")),
        _ => api::ApiError::new(status, crate::diagnostic::quoted(&said)),
    };
    let mut answer = error.into_response();
    if let Some(allowed) = allow.and_then(|a| HeaderValue::from_str(&a).ok()) {
        answer.headers_mut().insert(header::ALLOW, allowed);
    }
    answer
}

/// Whether the answer to a request holds a client's facts: a classification, a what-if,
/// a diff or a download of one, from the pages or the API.
fn holds_client_facts(path: &str) -> bool {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    ["/classify", "/whatif", "/diff"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

/// Middleware: answers that hold a client's facts are kept by no cache
/// (`Cache-Control: no-store`).
async fn no_store_of_client_facts(request: Request, next: Next) -> Response {
    let holds = holds_client_facts(request.uri().path());
    let mut response = next.run(request).await;
    if holds {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Middleware: a page whose address asks for a language (`?lang=zh`, as the language
/// switch's links and buttons do) sets the `lang` cookie, so that the pages opened after
/// it, by links that do not say, are in that language too.
async fn remember_language(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let chosen = (!path.starts_with("/api/") && !path.starts_with("/static/"))
        .then(|| i18n::query_lang(request.uri().query()))
        .flatten();
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{}={lang}; Path=/; Max-Age=31536000; SameSite=Lax",
            i18n::COOKIE
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Logs one line per request: method, path, status and time taken.
async fn log_request(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    eprintln!(
        "{method} {path} {} {:.1}ms",
        response.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    response
}

/// Whether an address binds only this machine's loopback interface.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// Runs the server on `addr` until interrupted (Ctrl-C or SIGTERM), then stops within a
/// few seconds: running evaluations are stopped and open connections closed. Prints the
/// address it listens on (useful with port 0) and, off loopback, a warning that there is
/// no authentication.
pub fn serve(files: &CorpusFiles, shipped: bool, addr: SocketAddr) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::msg(format!("cannot start the server: {e}")))?;
    let start = Instant::now();
    // answers are compact JSON: a third of the size of pretty JSON, and faster to write
    crate::report::set_compact_json();
    let app = Arc::new(App::load(files, shipped)?);
    let served = runtime.block_on(async move {
        let server = Server::bind(addr, app, Limits::default()).await?;
        let bound = server.local_addr();
        if !is_loopback(&bound) {
            eprintln!(
                "warning: listening on {bound}, which other machines can reach; mutua serve has no authentication"
            );
        }
        eprintln!(
            "mutua serve: listening on http://{bound}/ (ready in {} ms; Ctrl-C stops it)",
            start.elapsed().as_millis()
        );
        let activity = server.activity();
        server
            .run(async move {
                stop_requested().await;
                eprintln!(
                    "mutua serve: stopping ({} connections open, {} evaluations running)",
                    activity.connections(),
                    activity.evaluations()
                );
            })
            .await
    });
    // an evaluation stops at its next check; none is waited for longer than this
    runtime.shutdown_timeout(Duration::from_secs(1));
    served?;
    eprintln!("mutua serve: stopped");
    Ok(())
}
