//! The HTML pages: search, provisions, tables of contents, the classify form and its
//! result, what-if and proposal diffs. Each is a call of the library rendered through a
//! template; every page works without JavaScript.

use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use minijinja::context;
use minijinja::value::Value;
use serde::{Deserialize, Serialize};

use super::api::{self, ApiError, SearchQuery};
use super::work::Work;
use super::{view, App};
use crate::corpus::{Jurisdiction, Provision};
use crate::diagnostic::{quoted, Diagnostic, Error, SourceFile};
use crate::facts::{FactType, FactValue};
use crate::report::classify::{compliance_name, kind_name};
use crate::report::Format;
use crate::rules::outcome::Evaluation;
use crate::rules::whatif::Target;

/// The languages of questions and quotations.
const LANGUAGES: [(&str, &str); 3] = [("en", "English"), ("zh", "中文"), ("ja", "日本語")];

/// The groups of the classify form shared by every jurisdiction, in order, with their
/// headings; the facts of one jurisdiction (`cn.mutual_kind`) follow, a group each.
const FACT_GROUPS: [(&str, &str); 7] = [
    ("operator", "Operator"),
    ("participants", "Participants"),
    ("contributions", "Contributions"),
    ("benefits", "Benefits"),
    ("finance", "Finance"),
    ("governance", "Governance"),
    ("licences", "Licences"),
];

/// A page from a template, or an error page when the template fails.
fn render(app: &App, status: StatusCode, name: &str, ctx: Value) -> Response {
    let result = app.templates.get_template(name).and_then(|t| t.render(ctx));
    match result {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Html(format!(
                "<!doctype html><title>Error</title><p>The page could not be rendered: {}</p>",
                view::escape(&e.to_string())
            )),
        )
            .into_response(),
    }
}

/// One diagnostic as a page shows it: the message, the place, the help, and the line
/// with a caret under the place.
#[derive(Serialize)]
struct Problem {
    message: String,
    place: Option<String>,
    help: Option<String>,
    rendered: String,
}

fn problems(diags: &[Diagnostic]) -> Vec<Problem> {
    diags
        .iter()
        .map(|d| Problem {
            message: d.message.clone(),
            place: d
                .location
                .as_ref()
                .map(|l| format!("{}:{}:{}", l.file, l.line, l.column)),
            help: d.help.clone(),
            rendered: d.render_plain(),
        })
        .collect()
}

/// An error page.
fn error_page(app: &App, status: StatusCode, message: &str, diags: &[Diagnostic]) -> Response {
    render(
        app,
        status,
        "error.html",
        context! { title => "Error", status => status.as_u16(), message, problems => problems(diags) },
    )
}

/// An error page for an API error.
pub(super) fn api_error_page(app: &App, e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    error_page(app, status, &e.message, &e.diagnostics)
}

/// An error page for a library error (bad input: 400).
fn input_error_page(app: &App, e: Error) -> Response {
    api_error_page(app, ApiError::from(e))
}

/// `/`: search across the three systems.
pub async fn search(State(app): State<Arc<App>>, Query(query): Query<SearchQuery>) -> Response {
    let instruments: Vec<Value> = app
        .corpus
        .instruments
        .iter()
        .map(|i| context! { id => i.id, title => title_of(&i.title), jurisdiction => i.jurisdiction.code() })
        .collect();
    let mut concepts: Vec<&str> = app
        .corpus
        .entries
        .iter()
        .flat_map(|e| app.corpus.provision(e).concepts.iter().map(String::as_str))
        .collect();
    concepts.sort_unstable();
    concepts.dedup();
    let (status, results, error) = if query.q.trim().is_empty() {
        (StatusCode::OK, None, None)
    } else {
        match api::run_search(&app, &query) {
            Ok(r) => (StatusCode::OK, Some(r), None),
            Err(e) => (
                StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST),
                None,
                Some(e.message),
            ),
        }
    };
    render(
        &app,
        status,
        "search.html",
        context! {
            title => if query.q.is_empty() { "Search".to_string() } else { format!("{} – search", query.q) },
            query => query.q,
            jurisdiction => query.jurisdiction,
            instrument => query.instrument,
            concept => query.concept,
            as_of => query.as_of,
            // the query of the page, to link to the previous and next pages
            page => context! {
                q => query.q,
                jurisdiction => query.jurisdiction,
                instrument => query.instrument,
                concept => query.concept,
                as_of => query.as_of,
                limit => query.limit,
            },
            limit => query.limit.unwrap_or(10),
            results,
            error,
            instruments,
            concepts,
        },
    )
}

/// The first title of a localized map (English first, then the instrument's own).
fn title_of(m: &crate::corpus::model::Localized) -> String {
    m.get("en")
        .or_else(|| m.values().next())
        .cloned()
        .unwrap_or_default()
}

/// The query of a provision page: the date of the version shown, and two versions to
/// compare word by word.
#[derive(Debug, Default, Deserialize)]
pub struct ProvisionQuery {
    as_of: Option<String>,
    /// The older version of a comparison (its number, from 1).
    from: Option<usize>,
    /// The newer version of a comparison (its number, from 1).
    to: Option<usize>,
    /// The citation as a file for a reference manager: `bibtex` or `csl-json`.
    cite: Option<String>,
}

/// The `as_of` of a page's query (empty means none), or the error page for a bad date.
fn as_of_param(app: &App, raw: Option<&str>) -> Result<Option<NaiveDate>, Box<Response>> {
    match raw.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => crate::facts::read_date(d)
            .map(Some)
            .map_err(|e| Box::new(error_page(app, StatusCode::BAD_REQUEST, &e, &[]))),
    }
}

/// `/p/{address}`: a provision with its text in each language, versions, parts,
/// cross-references, the rules that cite it and its source.
pub async fn provision(
    State(app): State<Arc<App>>,
    Path(address): Path<String>,
    Query(query): Query<ProvisionQuery>,
) -> Response {
    let as_of = match as_of_param(&app, query.as_of.as_deref()) {
        Ok(d) => d,
        Err(page) => return *page,
    };
    let found = match crate::corpus::citation::resolve(&app.corpus, &address) {
        Ok(f) => f,
        Err(e) => {
            return error_page(
                &app,
                StatusCode::NOT_FOUND,
                &format!("No provision `{}`", quoted(&address)),
                e.diagnostics(),
            )
        }
    };
    if found.address != address {
        // a citation, or a part held whole: the permalink is the address
        return Redirect::to(&format!("/p/{}", found.address)).into_response();
    }
    let corpus = &app.corpus;
    let Some(entry) = corpus.entry(&found.address) else {
        return error_page(&app, StatusCode::NOT_FOUND, "No such provision", &[]);
    };
    let inst = corpus.instrument_of(entry);
    let p = corpus.provision(entry);
    let shown = corpus.version_at(entry, as_of);
    let period = |v: &crate::corpus::Version| {
        (
            v.from.or(inst.effective).map(|d| d.to_string()),
            v.to.map(|d| d.to_string()),
        )
    };
    let versions: Vec<Value> = p
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let (from, to) = period(v);
            context! { number => i + 1, from, to, shown => shown.is_some_and(|s| std::ptr::eq(s, v)) }
        })
        .collect();
    let texts: Vec<Value> = shown
        .map(|v| {
            v.text
                .iter()
                .map(|(lang, t)| context! { lang, text => t.text, status => t.status.as_str(), by => t.by })
                .collect()
        })
        .unwrap_or_default();
    let missing_version = as_of.is_some() && shown.is_none() && !p.versions.is_empty();
    let comparison = compare_versions(p, query.from, query.to);
    let child = |c: &Provision| {
        let a = format!("{}/{}", found.address, c.path);
        context! { heading => heading_or_citation(c, &a), address => a }
    };
    let children: Vec<Value> = p.children.iter().map(child).collect();
    let refs: Vec<Value> = p
        .refs
        .iter()
        .map(|r| {
            let known = corpus
                .entry(r)
                .map(|e| heading_or_citation(corpus.provision(e), r));
            context! { address => r, heading => known }
        })
        .collect();
    let cited_by: Vec<Value> = app
        .rules
        .by_jurisdiction
        .iter()
        .flat_map(|(j, rules)| {
            rules
                .rules
                .iter()
                .filter(|r| {
                    r.cites.iter().any(|c| {
                        c == &found.address
                            || c.starts_with(&format!("{}/", found.address))
                            || found.address.starts_with(&format!("{c}/"))
                    })
                })
                .map(move |r| context! { jurisdiction => j.name(), rule => r.name, outcome => r.outcome, defined_at => r.defined_at })
        })
        .collect();
    let source = p.source.as_ref().unwrap_or(&inst.source);
    // the citation of the wording shown (the latest, or the one in force on `as_of`)
    let cited = match shown {
        Some(_) => crate::cite::cite_at(corpus, entry, &found.address, as_of),
        None => crate::cite::cite(corpus, entry),
    };
    if let Some(format) = query.cite.as_deref() {
        return citation_file(&app, &cited, format);
    }
    let parent = found
        .address
        .rsplit_once('/')
        .map(|(a, _)| a.to_string())
        .filter(|a| corpus.entry(a).is_some());
    render(
        &app,
        StatusCode::OK,
        "provision.html",
        context! {
            title => format!("{} – {}", cited.native, title_of(&inst.title)),
            address => found.address,
            native => cited.native,
            citation_line => crate::cite::text(&cited, crate::report::Words::En),
            instrument => inst.id,
            instrument_title => title_of(&inst.title),
            heading => p.heading,
            division => p.division,
            summary => p.summary,
            concepts => p.concepts,
            versions,
            as_of => as_of.map(|d| d.to_string()),
            missing_version,
            texts,
            comparison,
            children,
            refs,
            cited_by,
            parent,
            source,
        },
    )
}

/// A provision's heading, or its citation written from the address when it has none.
fn heading_or_citation(p: &Provision, address: &str) -> String {
    match title_of(&p.heading) {
        h if h.is_empty() => crate::corpus::citation::display_citation(address),
        h => h,
    }
}

/// The word-level comparison of versions `from` and `to` (numbered from 1) in each
/// language both hold.
fn compare_versions(p: &Provision, from: Option<usize>, to: Option<usize>) -> Option<Value> {
    let (a, b) = (from?, to?);
    let old = p.versions.get(a.checked_sub(1)?)?;
    let new = p.versions.get(b.checked_sub(1)?)?;
    let languages: Vec<Value> = new
        .text
        .iter()
        .filter_map(|(lang, t)| {
            let before = old.text.get(lang)?;
            Some(context! { lang, html => view::word_diff(&before.text, &t.text) })
        })
        .collect();
    Some(context! { from => a, to => b, languages })
}

/// `/i/{instrument}`: the table of contents of an instrument.
pub async fn instrument(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let corpus = &app.corpus;
    let Some(position) = corpus.instruments.iter().position(|i| i.id == id) else {
        let ids: Vec<&str> = corpus.instruments.iter().map(|i| i.id.as_str()).collect();
        let help = crate::diagnostic::did_you_mean(&id, ids.iter().copied())
            .unwrap_or_else(|| format!("instruments: {}", ids.join(", ")));
        return error_page(
            &app,
            StatusCode::NOT_FOUND,
            &format!("No instrument `{}`", quoted(&id)),
            &[
                Diagnostic::error(format!("no instrument `{}` in the corpus", quoted(&id)))
                    .help(help),
            ],
        );
    };
    let inst = &corpus.instruments[position];
    let entries: Vec<(&crate::corpus::Entry, &Provision)> = corpus
        .entries
        .iter()
        .filter(|e| e.instrument == position)
        .map(|e| (e, corpus.provision(e)))
        .collect();
    let holdings = holdings_line(&entries);
    let contents = contents_tree(&entries);
    render(
        &app,
        StatusCode::OK,
        "instrument.html",
        context! {
            title => title_of(&inst.title),
            id => inst.id,
            titles => inst.title,
            jurisdiction => inst.jurisdiction.name(),
            status => inst.status,
            effective => inst.effective.map(|d| d.to_string()),
            document_number => inst.document_number,
            source => inst.source,
            holdings,
            contents,
        },
    )
}

/// The query of the classify form: the language of the questions, and a shipped scheme
/// to start from.
#[derive(Debug, Default, Deserialize)]
pub struct FormQuery {
    lang: Option<String>,
    scheme: Option<String>,
}

/// A fact's value as a person would type it in the form.
fn typed(value: &FactValue) -> String {
    match value {
        FactValue::Bool(b) => b.to_string(),
        FactValue::Integer(n) => n.to_string(),
        FactValue::Money { amount, currency } => format!("{currency} {amount}"),
        FactValue::Date(d) => d.to_string(),
        FactValue::Enum(e) => e.clone(),
    }
}

/// What the classify form shows: the answers given (or those of a shipped scheme), and
/// the problems found, each beside its field.
#[derive(Debug, Default)]
struct FormState {
    /// The scheme's name.
    name: Option<String>,
    /// The date of the law applied, as given.
    as_of: Option<String>,
    /// The jurisdiction chosen.
    jurisdiction: Option<String>,
    /// Each fact's answer as given (`f:FACT` without the `f:`).
    values: std::collections::HashMap<String, String>,
    /// A scheme file's text (pasted, or uploaded and shown again here).
    yaml: Option<String>,
    /// The problems by field (`name`, `as_of`, `yaml` or a fact's name).
    errors: std::collections::HashMap<String, Vec<FieldProblem>>,
}

/// A problem shown beside a form's field: what is wrong, where in a scheme file
/// (`uploaded scheme:4:3`), and what to do.
#[derive(Debug, Clone, Serialize)]
struct FieldProblem {
    message: String,
    place: Option<String>,
    help: Option<String>,
}

impl FormState {
    /// The form filled from a shipped scheme.
    fn of_scheme(scheme: &crate::scheme::Scheme) -> FormState {
        FormState {
            name: Some(scheme.name.clone()),
            as_of: scheme.as_of.map(|d| d.to_string()),
            values: scheme
                .facts
                .iter()
                .map(|(k, v)| (k.clone(), typed(v)))
                .collect(),
            ..FormState::default()
        }
    }

    /// The form as it was sent, answers kept.
    fn of_form(form: &FormFields) -> FormState {
        FormState {
            name: form.get("name").map(str::to_string),
            as_of: form.get("as_of").map(str::to_string),
            jurisdiction: form.get("jurisdiction").map(str::to_string),
            values: form
                .0
                .iter()
                .filter_map(|(n, v)| Some((n.strip_prefix("f:")?.to_string(), v.clone())))
                .filter(|(_, v)| !v.trim().is_empty())
                .collect(),
            yaml: form
                .get("scheme_file")
                .or_else(|| form.get("yaml"))
                .map(str::to_string),
            errors: Default::default(),
        }
    }

    /// Says what is wrong beside a field.
    fn problem(&mut self, field: &str, d: Diagnostic) {
        let problem = FieldProblem {
            place: d
                .location
                .as_ref()
                .map(|l| format!("{}:{}:{}", l.file, l.line, l.column)),
            help: d.help.map(|h| h.trim_end_matches('.').to_string()),
            message: d.message,
        };
        self.errors
            .entry(field.to_string())
            .or_default()
            .push(problem);
    }
}

/// `GET /classify`: the form, generated from the fact declarations.
pub async fn classify_form(
    State(app): State<Arc<App>>,
    Query(query): Query<FormQuery>,
) -> Response {
    let lang = query
        .lang
        .as_deref()
        .filter(|l| ["zh", "ja"].contains(l))
        .unwrap_or("en");
    let state = match query.scheme.as_deref().filter(|s| !s.is_empty()) {
        None => FormState::default(),
        Some(name) => match app.scheme_file(name) {
            Some(source) => match crate::scheme::load_scheme(source, &app.rules.facts) {
                Ok(s) => FormState::of_scheme(&s),
                Err(d) => return input_error_page(&app, Error::Input(d)),
            },
            None => {
                return error_page(
                    &app,
                    StatusCode::NOT_FOUND,
                    &format!("No shipped scheme `{}`", quoted(name)),
                    &[],
                )
            }
        },
    };
    form_page(&app, lang, query.scheme.as_deref(), &state)
}

/// The classify form: its fields filled from `state`, the problems beside them (400 when
/// there are any), and the date today's when none is given.
fn form_page(app: &App, lang: &str, chosen: Option<&str>, state: &FormState) -> Response {
    let own_groups: Vec<(String, String)> = app
        .corpus
        .jurisdictions()
        .into_iter()
        .map(|j| (j.code().to_string(), format!("{} only", j.name())))
        .collect();
    let groups: Vec<Value> = FACT_GROUPS
        .iter()
        .map(|(g, h)| (g.to_string(), h.to_string()))
        .chain(own_groups)
        .filter_map(|(group, heading)| {
            let facts: Vec<Value> = app
                .rules
                .facts
                .values()
                .filter(|d| d.name.split_once('.').is_some_and(|(g, _)| g == group))
                .map(|d| {
                    let (kind, values) = match &d.ty {
                        FactType::Bool => ("bool", vec!["true".to_string(), "false".to_string()]),
                        FactType::Enum(v) => ("enum", v.clone()),
                        _ => ("text", Vec::new()),
                    };
                    context! {
                        name => d.name,
                        question => d.question(lang).or_else(|| d.question("en")).unwrap_or(&d.name),
                        kind,
                        values,
                        describe => d.ty.describe(),
                        current => state.values.get(&d.name),
                        errors => state.errors.get(&d.name),
                    }
                })
                .collect();
            (!facts.is_empty()).then(|| context! { name => group, heading, facts })
        })
        .collect();
    let schemes: Vec<&str> = app.schemes.iter().map(|s| s.name.as_str()).collect();
    let today = chrono::Local::now().date_naive().to_string();
    let errors = |field: &str| state.errors.get(field).cloned().unwrap_or_default();
    let status = if state.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    render(
        app,
        status,
        "classify.html",
        context! {
            title => if state.errors.is_empty() { "Classify a scheme" } else { "Classify a scheme: some answers need another look" },
            lang,
            languages => LANGUAGES.iter().map(|(c, n)| context! { code => c, name => n }).collect::<Vec<_>>(),
            groups,
            schemes,
            chosen,
            name => state.name.clone(),
            as_of => state.as_of.clone().unwrap_or_else(|| today.clone()),
            as_of_is_today => state.as_of.is_none(),
            today,
            jurisdiction => state.jurisdiction.clone(),
            yaml => state.yaml.clone(),
            problems => state.errors.values().map(Vec::len).sum::<usize>(),
            name_errors => errors("name"),
            as_of_errors => errors("as_of"),
            yaml_errors => errors("yaml"),
        },
    )
}

/// The fields of a submitted form: each name with its values, in order.
struct FormFields(Vec<(String, String)>);

/// The fields of the forms that post a scheme (classify, what-if, downloads), besides
/// the facts (`f:FACT`).
const SCHEME_FORM_FIELDS: [&str; 8] = [
    "lang",
    "name",
    "as_of",
    "jurisdiction",
    "scheme_file",
    "yaml",
    "set",
    "format",
];

/// The fields of the diff form.
const DIFF_FORM_FIELDS: [&str; 5] = [
    "lang",
    "proposal",
    "proposal_file",
    "proposal_text",
    "scheme",
];

impl FormFields {
    /// Reads a multipart form whose fields are `known` or, with `facts`, `f:` and a
    /// declared fact. A field of another name is a 400 naming it (with the closest names),
    /// not a field silently ignored; a field that is not UTF-8 text, or holds a control
    /// character, is a 400 saying where.
    async fn read(
        mut form: Multipart,
        known: &[&str],
        facts: Option<&crate::facts::Vocabulary>,
    ) -> Result<FormFields, ApiError> {
        let mut fields = Vec::new();
        loop {
            let field = form.next_field().await.map_err(form_error)?;
            let Some(field) = field else { break };
            let name = field.name().unwrap_or_default().to_string();
            api::plain_text("a form field's name", &name)?;
            let shown = quoted(&name);
            let bytes = field.bytes().await.map_err(form_error)?;
            let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!("the form field `{shown}` is not UTF-8 text; save the file as UTF-8 and send it again"),
                )
            })?;
            api::plain_text(&format!("the form field `{shown}`"), &text)?;
            fields.push((name, text));
        }
        let form = FormFields(fields);
        form.check_names(known, facts)?;
        Ok(form)
    }

    /// Every field is one of `known`, or `f:` and a fact of `facts`.
    fn check_names(
        &self,
        known: &[&str],
        facts: Option<&crate::facts::Vocabulary>,
    ) -> Result<(), ApiError> {
        use crate::diagnostic::did_you_mean;
        let unknown = |name: &str| -> Option<Diagnostic> {
            let shown = quoted(name);
            match (name.strip_prefix("f:"), facts) {
                _ if known.contains(&name) => None,
                (Some(fact), Some(facts)) if facts.contains_key(fact) => None,
                (Some(fact), Some(facts)) => Some(
                    Diagnostic::error(format!(
                        "the form field `{shown}` names no fact: `{}` is not declared",
                        quoted(fact)
                    ))
                    .help(
                        did_you_mean(fact, facts.keys().map(String::as_str)).unwrap_or_else(|| {
                            "the facts are listed by `mutua schema scheme`".to_string()
                        }),
                    ),
                ),
                _ => Some(
                    Diagnostic::error(format!("the form has no field `{shown}`")).help(
                        did_you_mean(name, known.iter().copied())
                            .unwrap_or_else(|| format!("its fields are {}", known.join(", "))),
                    ),
                ),
            }
        };
        let problems: Vec<Diagnostic> = self.0.iter().filter_map(|(n, _)| unknown(n)).collect();
        match problems.first() {
            None => Ok(()),
            Some(_) => Err(ApiError::problems(problems)),
        }
    }

    /// The first non-empty value of a field.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of a field.
    fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// The language asked for (`en` otherwise).
    fn lang(&self) -> String {
        match self.get("lang") {
            Some(l @ ("zh" | "ja")) => l.to_string(),
            _ => "en".to_string(),
        }
    }

    /// The jurisdiction asked for, if one.
    fn jurisdiction(&self) -> Option<Jurisdiction> {
        self.get("jurisdiction").and_then(Jurisdiction::from_code)
    }
}

/// A form that cannot be read: 413 when it is larger than the limit, else 400.
fn form_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    let mut cause: Option<&dyn std::error::Error> = Some(&e);
    let mut too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
    while let Some(c) = cause {
        too_large |= c.to_string().contains("length limit exceeded");
        cause = c.source();
    }
    if too_large {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the form is larger than the server accepts (1 MB); send a smaller scheme file",
        )
    } else {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("the form could not be read: {}", e.body_text()),
        )
    }
}

/// The scheme a classify form describes: an uploaded file, a pasted one, or the fields
/// of the form written as a scheme file; with the form's `set` changes over it. What is
/// wrong is said beside its field (`as_of`, `yaml` or a fact's name), in the form's words.
fn scheme_from_form(
    app: &App,
    form: &FormFields,
) -> Result<(crate::scheme::Scheme, NaiveDate, String), Vec<(String, Diagnostic)>> {
    let file = form.get("scheme_file").or_else(|| form.get("yaml"));
    let source = if let Some(text) = file {
        let what = if form.get("scheme_file").is_some() {
            "uploaded scheme"
        } else {
            "scheme"
        };
        SourceFile::new(what, text)
    } else {
        let mut problems = Vec::new();
        let as_of = match form.get("as_of") {
            Some(d) => match crate::facts::read_date(d.trim()) {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.push((
                        "as_of".to_string(),
                        Diagnostic::error(format!("This is not a date: {e}."))
                            .help("write the date as year-month-day, e.g. 2019-11-27"),
                    ));
                    None
                }
            },
            None => {
                problems.push((
                    "as_of".to_string(),
                    Diagnostic::error("Give the date whose law is to be applied.")
                        .help("the law in force on that day is applied; today's is usual"),
                ));
                None
            }
        };
        let mut scheme = crate::scheme::Scheme {
            name: form.get("name").unwrap_or("A scheme").to_string(),
            as_of,
            facts: Default::default(),
            source: SourceFile::new("form", ""),
        };
        // the currency first: amounts are read in it
        let mut names: Vec<&String> = app.rules.facts.keys().collect();
        names.sort_by_key(|n| n.as_str() != crate::scheme::CURRENCY_FACT);
        for name in names {
            if let Some(value) = form.get(&format!("f:{name}")) {
                if crate::scheme::set_fact(
                    &mut scheme,
                    &format!("{name}={value}"),
                    &app.rules.facts,
                )
                .is_err()
                {
                    let describe = app.rules.facts[name].ty.describe();
                    problems.push((
                        name.clone(),
                        Diagnostic::error(format!(
                            "“{}” is not an answer this question takes.",
                            quoted(value.trim())
                        ))
                        .help(format!("give {describe}, or leave it empty for unknown")),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        SourceFile::new(
            "form",
            crate::interview::scheme_yaml(&scheme, &app.rules.facts),
        )
    };
    let sets = form.all("set");
    let (scheme, as_of) = api::read_scheme(&app.rules, &source, &sets, None).map_err(|e| {
        let field = if file.is_some() { "yaml" } else { "as_of" };
        e.diagnostics()
            .iter()
            .map(|d| (field.to_string(), d.clone()))
            .collect::<Vec<_>>()
    })?;
    let yaml = crate::interview::scheme_yaml(&scheme, &app.rules.facts);
    Ok((scheme, as_of, yaml))
}

/// The problems of a form as one error (for the pages that show no form).
fn form_problems(problems: Vec<(String, Diagnostic)>) -> Error {
    Error::Input(problems.into_iter().map(|(_, d)| d).collect())
}

/// One condition of a reasoning tree, for the template.
fn answer_context(e: &Evaluation) -> Value {
    let jurisdiction = Jurisdiction::from_code(&e.jurisdiction).map_or("?", Jurisdiction::name);
    context! {
        code => e.jurisdiction,
        jurisdiction,
        answer => answer_line(e),
        kind => kind_name(e.kind),
        compliance => compliance_name(e.compliance),
        decided => e.outcome.is_some(),
        eval => Value::from_serialize(e),
    }
}

/// An answer in a line, as a page shows it: `unregulated mutual aid; no licence needed
/// (mutual_aid_plan)`.
fn answer_line(e: &Evaluation) -> String {
    crate::report::classify::answer_line(e).replace('`', "")
}

/// A scheme posted from a page's form: the form, its language, the scheme read from it,
/// the date to apply the law as of and the scheme as YAML.
struct SchemeForm {
    form: FormFields,
    lang: String,
    scheme: crate::scheme::Scheme,
    as_of: NaiveDate,
    yaml: String,
}

/// Reads a posted form and the scheme it describes, or the error page to answer with.
async fn read_scheme_form(app: &App, form: Multipart) -> Result<SchemeForm, Box<Response>> {
    let form = FormFields::read(form, &SCHEME_FORM_FIELDS, Some(&app.rules.facts))
        .await
        .map_err(|e| Box::new(api_error_page(app, e)))?;
    let lang = form.lang();
    let (scheme, as_of, yaml) = scheme_from_form(app, &form)
        .map_err(|p| Box::new(input_error_page(app, form_problems(p))))?;
    Ok(SchemeForm {
        form,
        lang,
        scheme,
        as_of,
        yaml,
    })
}

/// Classifies a posted scheme on a thread of its own, within the request's deadline; the
/// scheme back, with its answers.
async fn classify_posted(
    app: &Arc<App>,
    work: Work,
    scheme: crate::scheme::Scheme,
    as_of: NaiveDate,
    only: Option<Jurisdiction>,
    lang: &str,
) -> Result<(crate::scheme::Scheme, Vec<Evaluation>), ApiError> {
    let worker = app.clone();
    let language = lang.to_string();
    work.run(move |deadline| {
        let evals = api::classify_scheme(&worker, &scheme, as_of, only, &language, deadline)?;
        Ok((scheme, evals))
    })
    .await
}

/// `POST /classify`: the answer in each jurisdiction with its reasoning; or, when an
/// answer cannot be read, the form again with every answer kept and the problem beside
/// its field.
pub async fn classify(State(app): State<Arc<App>>, work: Work, form: Multipart) -> Response {
    let form = match FormFields::read(form, &SCHEME_FORM_FIELDS, Some(&app.rules.facts)).await {
        Ok(f) => f,
        Err(e) => return api_error_page(&app, e),
    };
    let lang = form.lang();
    let (scheme, as_of, yaml) = match scheme_from_form(&app, &form) {
        Ok(read) => read,
        Err(problems) => {
            let mut state = FormState::of_form(&form);
            for (field, d) in problems {
                state.problem(&field, d);
            }
            return form_page(&app, &lang, None, &state);
        }
    };
    let only = form.jurisdiction();
    // a change applied from a what-if: the answers before it, to say what it changed
    let before = match (form.all("set").is_empty(), form.get("yaml")) {
        (false, Some(text)) => {
            api::read_scheme(&app.rules, &SourceFile::new("scheme", text), &[], None)
                .ok()
                .map(|(s, _)| (s, form.all("set")))
        }
        _ => None,
    };
    classify_page(&app, work, scheme, as_of, only, lang, yaml, before, None).await
}

/// The query of a result's address: the scheme (`s`, see [`super::link`]), the language
/// and the jurisdiction.
#[derive(Debug, Deserialize)]
pub struct ResultQuery {
    s: Option<String>,
    lang: Option<String>,
    jurisdiction: Option<String>,
    /// What the result was made with ([`super::link::made_with`]).
    v: Option<String>,
}

impl ResultQuery {
    /// The language asked for (`en` otherwise).
    fn lang(&self) -> String {
        match self.lang.as_deref() {
            Some(l @ ("zh" | "ja")) => l.to_string(),
            _ => "en".to_string(),
        }
    }

    /// The scheme the address holds, the date to apply the law as of, and the scheme as
    /// YAML; `None` when the address holds none.
    fn scheme(
        &self,
        app: &App,
    ) -> Option<Result<(crate::scheme::Scheme, NaiveDate, String), ApiError>> {
        let token = self.s.as_deref()?;
        Some((|| -> Result<_, ApiError> {
            let text = super::link::decode(token)?;
            api::plain_text("the linked scheme", &text)?;
            let source = SourceFile::new("the linked scheme", text);
            let (scheme, as_of) = api::read_scheme(&app.rules, &source, &[], None)?;
            let yaml = crate::interview::scheme_yaml(&scheme, &app.rules.facts);
            Ok((scheme, as_of, yaml))
        })())
    }
}

/// The address of a result page for a scheme (`/classify/result`, `/whatif`).
fn result_address(page: &str, yaml: &str, lang: &str, only: Option<Jurisdiction>) -> String {
    let mut address = format!("{page}?s={}", super::link::encode(yaml));
    let made_with = super::link::made_with();
    if !made_with.is_empty() {
        address.push_str(&format!("&v={made_with}"));
    }
    if lang != "en" {
        address.push_str(&format!("&lang={lang}"));
    }
    if let Some(j) = only {
        address.push_str(&format!("&jurisdiction={}", j.code()));
    }
    address
}

/// `GET /classify/result?s=…`: the classification of the scheme the address holds, the
/// same as the page it was copied from.
pub async fn classify_result(
    State(app): State<Arc<App>>,
    work: Work,
    Query(query): Query<ResultQuery>,
) -> Response {
    let Some(read) = query.scheme(&app) else {
        return Redirect::to("/classify").into_response();
    };
    let (scheme, as_of, yaml) = match read {
        Ok(r) => r,
        Err(e) => return api_error_page(&app, e),
    };
    let only = query
        .jurisdiction
        .as_deref()
        .and_then(Jurisdiction::from_code);
    let elsewhere = super::link::made_elsewhere(query.v.as_deref());
    classify_page(
        &app,
        work,
        scheme,
        as_of,
        only,
        query.lang(),
        yaml,
        None,
        elsewhere,
    )
    .await
}

/// The result page of a classification; `before`, the scheme before a change a what-if
/// applied (and the change), makes the page say what the change did.
#[allow(clippy::too_many_arguments)]
async fn classify_page(
    app: &Arc<App>,
    work: Work,
    scheme: crate::scheme::Scheme,
    as_of: NaiveDate,
    only: Option<Jurisdiction>,
    lang: String,
    yaml: String,
    before: Option<(crate::scheme::Scheme, Vec<String>)>,
    elsewhere: Option<String>,
) -> Response {
    let worker = app.clone();
    let language = lang.clone();
    let ran = work
        .run(move |deadline| {
            let evals = api::classify_scheme(&worker, &scheme, as_of, only, &language, deadline)?;
            let before = match before {
                Some((old, sets)) => Some((
                    api::classify_scheme(&worker, &old, as_of, only, &language, deadline)?,
                    old,
                    sets,
                )),
                None => None,
            };
            Ok((scheme, evals, before))
        })
        .await;
    let (scheme, evals, before) = match ran {
        Ok(done) => done,
        Err(e) => return api_error_page(app, e),
    };
    let applied = before.map(|(old_evals, old, sets)| {
        let facts: Vec<Value> = sets
            .iter()
            .filter_map(|s| s.split_once('='))
            .map(|(fact, value)| {
                let was = old.facts.get(fact.trim()).map(typed);
                context! { fact => fact.trim(), value => value.trim(), was }
            })
            .collect();
        let answers: Vec<Value> = old_evals
            .iter()
            .zip(&evals)
            .map(|(b, a)| {
                let (before, after) = (answer_line(b), answer_line(a));
                context! {
                    jurisdiction => Jurisdiction::from_code(&a.jurisdiction).map_or("?", Jurisdiction::name),
                    changed => before != after,
                    before,
                    after,
                }
            })
            .collect();
        context! { facts, answers }
    });
    let missing: Vec<Value> = {
        let mut seen = std::collections::HashSet::new();
        evals
            .iter()
            .flat_map(|e| e.undecided_by.iter())
            .filter(|m| seen.insert(m.fact.clone()))
            .map(|m| {
                let question = match lang.as_str() {
                    "zh" => m.question_zh.clone(),
                    "ja" => m.question_ja.clone(),
                    _ => None,
                }
                .unwrap_or_else(|| m.question_en.clone());
                context! { fact => m.fact, question }
            })
            .collect()
    };
    let link = result_address("/classify/result", &yaml, &lang, only);
    let whatif_link = result_address("/whatif", &yaml, &lang, only);
    render(
        app,
        StatusCode::OK,
        "result.html",
        context! {
            title => format!("{} – classification", scheme.name),
            name => scheme.name,
            as_of => as_of.to_string(),
            lang,
            yaml,
            link,
            whatif_link,
            elsewhere,
            applied,
            answers => evals.iter().map(answer_context).collect::<Vec<_>>(),
            missing,
        },
    )
}

/// `POST /classify/download`: the scheme file, the Markdown or Word memo or the JSON
/// report.
pub async fn download(State(app): State<Arc<App>>, work: Work, form: Multipart) -> Response {
    let SchemeForm {
        form,
        lang,
        scheme,
        as_of,
        yaml,
    } = match read_scheme_form(&app, form).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let report = match form.get("format") {
        Some("md") => Some((Some(Format::Markdown), "text/markdown; charset=utf-8", "md")),
        Some("json") => Some((Some(Format::Json), "application/json", "json")),
        Some("docx") => Some((
            None,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        )),
        _ => None,
    };
    let (body, kind, ext): (Vec<u8>, &str, &str) = match report {
        None => (yaml.into_bytes(), "application/yaml; charset=utf-8", "yaml"),
        Some((format, kind, ext)) => {
            match classify_posted(&app, work, scheme, as_of, None, &lang).await {
                Ok((scheme, evals)) => {
                    let body = match format {
                        Some(format) => {
                            crate::report::classify::render(&scheme, &evals, &[], format)
                                .into_bytes()
                        }
                        None => match crate::report::docx::render(&scheme, &evals, &[]) {
                            Ok(bytes) => bytes,
                            Err(e) => return api_error_page(&app, e.into()),
                        },
                    };
                    (body, kind, ext)
                }
                Err(e) => return api_error_page(&app, e),
            }
        }
    };
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"scheme.{ext}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A provision's citation as a file a reference manager imports (Zotero, Jurism).
fn citation_file(app: &App, cited: &crate::cite::Cited, format: &str) -> Response {
    let (body, kind, ext) = match format {
        "bibtex" => (
            crate::cite::bibtex(cited),
            "application/x-bibtex; charset=utf-8",
            "bib",
        ),
        "csl-json" => (
            serde_json::to_string_pretty(&[crate::cite::csl_json(cited)]).unwrap_or_default(),
            "application/vnd.citationstyles.csl+json",
            "json",
        ),
        _ => {
            return error_page(
                app,
                StatusCode::BAD_REQUEST,
                &format!(
                    "No citation format `{}`: ask for `bibtex` or `csl-json`",
                    quoted(format)
                ),
                &[],
            )
        }
    };
    let name = crate::cite::key(cited);
    (
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `POST /whatif`: the smallest fact changes that give the scheme each other answer, each
/// with a button that applies it.
pub async fn whatif(State(app): State<Arc<App>>, work: Work, form: Multipart) -> Response {
    let SchemeForm {
        form,
        lang,
        scheme,
        as_of,
        yaml,
    } = match read_scheme_form(&app, form).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let only = form.jurisdiction();
    whatif_page(&app, work, scheme, as_of, only, lang, yaml, None).await
}

/// `GET /whatif?s=…`: the what-if of the scheme the address holds; without one, the
/// classify form (a what-if starts from a classification).
pub async fn whatif_result(
    State(app): State<Arc<App>>,
    work: Work,
    Query(query): Query<ResultQuery>,
) -> Response {
    let Some(read) = query.scheme(&app) else {
        return Redirect::to("/classify").into_response();
    };
    let (scheme, as_of, yaml) = match read {
        Ok(r) => r,
        Err(e) => return api_error_page(&app, e),
    };
    let only = query
        .jurisdiction
        .as_deref()
        .and_then(Jurisdiction::from_code);
    let elsewhere = super::link::made_elsewhere(query.v.as_deref());
    whatif_page(
        &app,
        work,
        scheme,
        as_of,
        only,
        query.lang(),
        yaml,
        elsewhere,
    )
    .await
}

/// The changes of a what-if grouped by the facts they change: per group, each change
/// (the facts' values now and after) with the answer it gives in each jurisdiction, and
/// each rule's reason once.
fn whatif_groups(results: &[crate::rules::whatif::WhatIf]) -> Vec<Value> {
    use indexmap::IndexMap;
    /// A change's assignments (fact, value) and the answer it gives per jurisdiction.
    type Answers = (Vec<(String, String)>, Vec<Value>);
    struct Group {
        now: Vec<(String, Option<String>)>,
        changes: IndexMap<String, Answers>,
        reasons: Vec<String>,
    }
    let mut groups: IndexMap<String, Group> = IndexMap::new();
    for w in results {
        for c in &w.changes {
            let facts: Vec<&String> = c.set.keys().collect();
            let key = facts
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(" + ");
            let group = groups.entry(key).or_insert_with(|| Group {
                now: facts
                    .iter()
                    .map(|f| {
                        let v = c.now.get(*f).cloned().flatten().map(|v| typed(&v));
                        (f.to_string(), v)
                    })
                    .collect(),
                changes: IndexMap::new(),
                reasons: Vec::new(),
            });
            let set: Vec<(String, String)> =
                c.set.iter().map(|(f, v)| (f.clone(), typed(v))).collect();
            let change_key = set
                .iter()
                .map(|(f, v)| format!("{f}={v}"))
                .collect::<Vec<_>>()
                .join("&");
            let because = crate::rules::diff::deciding_rule(&c.to).and_then(|r| r.because.clone());
            if let Some(b) = &because {
                if !group.reasons.contains(b) {
                    group.reasons.push(b.clone());
                }
            }
            let entry = group
                .changes
                .entry(change_key)
                .or_insert_with(|| (set, Vec::new()));
            entry.1.push(context! {
                jurisdiction => w.jurisdiction.name(),
                code => w.jurisdiction.code(),
                answer => answer_line(&c.to),
            });
        }
    }
    groups
        .into_iter()
        .map(|(key, g)| {
            let changes: Vec<Value> = g
                .changes
                .into_values()
                .map(|(set, answers)| {
                    let set: Vec<Value> = set
                        .into_iter()
                        .map(|(fact, value)| {
                            let assignment = format!("{fact}={value}");
                            context! { fact, value, assignment }
                        })
                        .collect();
                    context! { set, answers }
                })
                .collect();
            let now: Vec<Value> = g
                .now
                .into_iter()
                .map(|(fact, value)| context! { fact, value })
                .collect();
            context! { facts => key, now, changes, reasons => g.reasons }
        })
        .collect()
}

/// The result page of a what-if; `elsewhere`, a note that its address was made with
/// other law.
#[allow(clippy::too_many_arguments)]
async fn whatif_page(
    app: &Arc<App>,
    work: Work,
    scheme: crate::scheme::Scheme,
    as_of: NaiveDate,
    only: Option<Jurisdiction>,
    lang: String,
    yaml: String,
    elsewhere: Option<String>,
) -> Response {
    let worker = app.clone();
    let name = scheme.name.clone();
    let language = lang.clone();
    let results = match work
        .run(move |deadline| {
            Ok(api::whatif_scheme(
                &worker,
                &scheme,
                as_of,
                only,
                &language,
                Target::Any,
                deadline,
            )?)
        })
        .await
    {
        Ok(r) => r,
        Err(e) => return api_error_page(app, e),
    };
    let now: Vec<Value> = results
        .iter()
        .map(|w| {
            context! {
                jurisdiction => w.jurisdiction.name(),
                code => w.jurisdiction.code(),
                now => answer_line(&w.now),
                found => w.changes.len(),
                exhausted => w.exhausted_budget,
            }
        })
        .collect();
    let groups = whatif_groups(&results);
    let link = result_address("/whatif", &yaml, &lang, only);
    render(
        app,
        StatusCode::OK,
        "whatif.html",
        context! { title => format!("{name} – what if"), name, yaml, lang, link, elsewhere, now, groups },
    )
}

/// `GET /diff`: choose a proposal and schemes; with a proposal in the query (`proposal`, a
/// shipped one, or `pt`, a proposal's text as [`super::link`] writes it) and `scheme`s,
/// the diff itself, as the page it was copied from.
pub async fn diff_form(
    State(app): State<Arc<App>>,
    work: Work,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let get = |name: &str| {
        query
            .iter()
            .find(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    };
    if get("proposal").is_none() && get("pt").is_none() {
        let proposals: Vec<&str> = app.proposals.iter().map(|s| s.name.as_str()).collect();
        let schemes: Vec<&str> = app.schemes.iter().map(|s| s.name.as_str()).collect();
        return render(
            &app,
            StatusCode::OK,
            "diff.html",
            context! { title => "Proposal diff", proposals, schemes, report => None::<Value> },
        );
    }
    let text = match get("pt").map(super::link::decode).transpose() {
        Ok(t) => t,
        Err(e) => return api_error_page(&app, e),
    };
    if let Some(t) = &text {
        if let Err(e) = api::plain_text("the linked proposal", t) {
            return api_error_page(&app, e);
        }
    }
    let lang = match get("lang") {
        Some(l @ ("zh" | "ja")) => l.to_string(),
        _ => "en".to_string(),
    };
    let chosen: Vec<String> = query
        .iter()
        .filter(|(n, v)| n == "scheme" && !v.trim().is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    let elsewhere = super::link::made_elsewhere(get("v"));
    diff_page(
        &app,
        work,
        get("proposal"),
        text.as_deref(),
        chosen,
        lang,
        elsewhere,
    )
    .await
}

/// `POST /diff`: every answer a proposal changes over the chosen schemes, with both
/// explanations side by side.
pub async fn diff(State(app): State<Arc<App>>, work: Work, form: Multipart) -> Response {
    let form = match FormFields::read(form, &DIFF_FORM_FIELDS, None).await {
        Ok(f) => f,
        Err(e) => return api_error_page(&app, e),
    };
    let lang = form.lang();
    let text = form.get("proposal_file").or(form.get("proposal_text"));
    let chosen = form.all("scheme");
    diff_page(&app, work, form.get("proposal"), text, chosen, lang, None).await
}

/// The address of a diff: its proposal (by name, or its text written as [`super::link`]
/// does), its schemes and language.
fn diff_address(name: Option<&str>, text: Option<&str>, chosen: &[String], lang: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    let mut address = match text.filter(|t| !t.trim().is_empty()) {
        Some(t) => format!("/diff?pt={}", super::link::encode(t)),
        None => format!(
            "/diff?proposal={}",
            utf8_percent_encode(name.unwrap_or_default(), NON_ALPHANUMERIC)
        ),
    };
    for s in chosen {
        address.push_str(&format!(
            "&scheme={}",
            utf8_percent_encode(s, NON_ALPHANUMERIC)
        ));
    }
    if lang != "en" {
        address.push_str(&format!("&lang={lang}"));
    }
    let made_with = super::link::made_with();
    if !made_with.is_empty() {
        address.push_str(&format!("&v={made_with}"));
    }
    address
}

/// The result page of a diff.
async fn diff_page(
    app: &Arc<App>,
    work: Work,
    name: Option<&str>,
    text: Option<&str>,
    chosen: Vec<String>,
    lang: String,
    elsewhere: Option<String>,
) -> Response {
    let proposal = match api::proposal_source(app, name, text) {
        Ok(p) => p,
        Err(e) => return api_error_page(app, e),
    };
    let link = diff_address(name, text, &chosen, &lang);
    let schemes: Vec<SourceFile> = app
        .schemes
        .iter()
        .filter(|s| chosen.is_empty() || chosen.contains(&s.name))
        .cloned()
        .collect();
    let worker = app.clone();
    let report = match work
        .run(move |deadline| api::diff_schemes(&worker, &proposal, &schemes, &lang, deadline))
        .await
    {
        Ok(r) => r,
        Err(e) => return api_error_page(app, e),
    };
    let side = |e: &Evaluation| {
        let rule = crate::rules::diff::deciding_rule(e);
        context! {
            answer => answer_line(e),
            rule => rule.map(|r| r.rule.clone()),
            because => rule.and_then(|r| r.because.clone()),
            cites => rule.map(|r| r.cites.iter().map(|c| c.address.clone()).collect::<Vec<_>>()),
        }
    };
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            context! {
                scheme => c.scheme,
                file => c.file,
                jurisdiction => c.jurisdiction.name(),
                before => side(&c.before),
                after => side(&c.after),
            }
        })
        .collect();
    let proposals: Vec<&str> = app.proposals.iter().map(|s| s.name.as_str()).collect();
    let all: Vec<&str> = app.schemes.iter().map(|s| s.name.as_str()).collect();
    render(
        app,
        StatusCode::OK,
        "diff.html",
        context! {
            title => "Proposal diff",
            proposals,
            schemes => all,
            elsewhere,
            report => context! {
                link,
                chosen,
                applied => report.proposals.iter().map(|p| p.title.clone()).collect::<Vec<_>>(),
                schemes => report.schemes,
                compared => report.compared,
                changes,
            },
        },
    )
}

/// One node of a table of contents: a division (part, chapter, section) with what it
/// holds, or a provision with its parts.
#[derive(Debug, Default, Serialize)]
struct TocNode {
    /// The division's title; none for a provision.
    division: Option<String>,
    /// The provision's address and heading, and whether its text is held.
    address: Option<String>,
    heading: Option<String>,
    has_text: bool,
    /// What the division holds, or the provision's parts.
    children: Vec<TocNode>,
}

/// The table of contents of an instrument as a tree: each part, chapter and section once,
/// holding its provisions, each provision holding its parts.
fn contents_tree(entries: &[(&crate::corpus::Entry, &Provision)]) -> Vec<TocNode> {
    /// The children of the node at `path` (child positions from the root).
    fn at<'a>(root: &'a mut Vec<TocNode>, path: &[usize]) -> &'a mut Vec<TocNode> {
        let mut level = root;
        for &i in path {
            level = &mut level[i].children;
        }
        level
    }
    let mut root: Vec<TocNode> = Vec::new();
    // where the last provision of each depth is
    let mut last: Vec<Vec<usize>> = Vec::new();
    for (e, p) in entries {
        let depth = e.indices.len().max(1);
        let parent: Vec<usize> = if depth == 1 {
            // an article sits in its divisions, each made once, in order
            let mut path = Vec::new();
            for title in &p.division {
                let level = at(&mut root, &path);
                let same = level
                    .last()
                    .is_some_and(|n| n.division.as_deref() == Some(title.as_str()));
                if !same {
                    level.push(TocNode {
                        division: Some(title.clone()),
                        ..TocNode::default()
                    });
                }
                path.push(level.len() - 1);
            }
            path
        } else {
            // a part sits in the provision before it of the depth above
            last.get(depth - 2).cloned().unwrap_or_default()
        };
        let level = at(&mut root, &parent);
        level.push(TocNode {
            address: Some(e.address.clone()),
            heading: Some(heading_or_citation(p, &e.address)),
            has_text: !p.versions.is_empty(),
            ..TocNode::default()
        });
        let mut mine = parent;
        mine.push(level.len() - 1);
        last.truncate(depth - 1);
        last.push(mine);
    }
    root
}

/// A line saying how much of an instrument the corpus holds: its articles, how many with
/// text, and, where their numbers leave gaps, that it is a selection.
fn holdings_line(entries: &[(&crate::corpus::Entry, &Provision)]) -> String {
    let top: Vec<&(&crate::corpus::Entry, &Provision)> = entries
        .iter()
        .filter(|(e, _)| e.indices.len() == 1)
        .collect();
    let with_text = top.iter().filter(|(_, p)| !p.versions.is_empty()).count();
    let numbers: std::collections::BTreeSet<u64> = top
        .iter()
        .filter_map(|(e, _)| {
            let last = e.address.rsplit('/').next()?;
            let digits: String = last
                .trim_start_matches(|c: char| !c.is_ascii_digit())
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect();
    let held = format!(
        "The corpus holds {} provision{} of this instrument at its top level ({} with text), and {} parts of them.",
        top.len(),
        if top.len() == 1 { "" } else { "s" },
        with_text,
        entries.len() - top.len()
    );
    let whole = match (numbers.first(), numbers.last()) {
        (Some(&first), Some(&last)) if last - first + 1 > numbers.len() as u64 => format!(
            " It is a selection: {} of the numbers from {first} to {last} are held, the rest are not; the official text has the whole instrument.",
            numbers.len()
        ),
        (Some(&first), Some(&last)) => format!(
            " Their numbers run from {first} to {last} without a gap; anything after {last} is not held."
        ),
        _ => String::new(),
    };
    held + &whole
}

/// `/api`: the JSON API described for people, from the same OpenAPI document the server
/// sends at `/api/v1/openapi.json`.
pub async fn api_page(State(app): State<Arc<App>>) -> Response {
    let doc: serde_json::Value =
        serde_json::from_str(&api::openapi_json()).unwrap_or(serde_json::Value::Null);
    let mut operations: Vec<Value> = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, methods) in paths {
            let Some(methods) = methods.as_object() else {
                continue;
            };
            for (method, op) in methods {
                let parameters: Vec<Value> = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        context! {
                            name => p["name"].as_str(),
                            place => p["in"].as_str(),
                            required => p["required"].as_bool().unwrap_or(false),
                            description => p["description"].as_str(),
                        }
                    })
                    .collect();
                let responses: Vec<Value> = op["responses"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(code, r)| context! { code, description => r["description"].as_str() })
                    .collect();
                let body = op["requestBody"]["description"].as_str().or_else(|| {
                    op["requestBody"]["content"]
                        .as_object()
                        .and_then(|c| c.keys().next())
                        .map(String::as_str)
                });
                operations.push(context! {
                    method => method.to_uppercase(),
                    path,
                    summary => op["summary"].as_str(),
                    description => op["description"].as_str(),
                    parameters,
                    body,
                    responses,
                });
            }
        }
    }
    render(
        &app,
        StatusCode::OK,
        "api.html",
        context! {
            title => "JSON API",
            description => doc["info"]["description"].as_str(),
            operations,
        },
    )
}

/// `/compare`: the topics that can be compared.
pub async fn topics(State(app): State<Arc<App>>) -> Response {
    render(
        &app,
        StatusCode::OK,
        "topics.html",
        context! { title => "Compare", topics => app.vocabulary.topics },
    )
}

/// `/compare/{topic}`: the provisions of each jurisdiction on a topic, side by side.
pub async fn compare(
    State(app): State<Arc<App>>,
    Path(topic): Path<String>,
    Query(query): Query<ProvisionQuery>,
) -> Response {
    let as_of = match as_of_param(&app, query.as_of.as_deref()) {
        Ok(d) => d,
        Err(page) => return *page,
    };
    match api::run_compare(&app, &topic, as_of) {
        Ok(c) => {
            let cells: Vec<Value> = c
                .cells
                .iter()
                .map(|cell| context! { jurisdiction => cell.jurisdiction.name(), cell => Value::from_serialize(cell) })
                .collect();
            render(
                &app,
                StatusCode::OK,
                "compare.html",
                context! { title => c.topic.title, topic => Value::from_serialize(&c.topic), as_of => as_of.map(|d| d.to_string()), cells },
            )
        }
        Err(e) => api_error_page(&app, e),
    }
}

/// `/sources`: where each instrument's text comes from.
pub async fn sources(State(app): State<Arc<App>>) -> Response {
    render(
        &app,
        StatusCode::OK,
        "sources.html",
        context! { title => "Sources", sources => Value::from_serialize(&app.sources) },
    )
}

/// The stylesheet.
pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        view::STYLE,
    )
        .into_response()
}

/// The script.
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        view::SCRIPT,
    )
        .into_response()
}

/// Any other path.
pub async fn not_found(State(app): State<Arc<App>>) -> Response {
    let example = crate::corpus::citation::examples(&app.corpus)
        .into_iter()
        .next()
        .map_or_else(|| "ADDRESS".to_string(), |(address, _)| address);
    let message = format!(
        "There is no page here. Search the corpus, or open a provision by its address (/p/{example})."
    );
    error_page(&app, StatusCode::NOT_FOUND, &message, &[])
}
