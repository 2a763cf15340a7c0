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
            citation_line => crate::cite::text(&cited),
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
    let entries: Vec<Value> = corpus
        .entries
        .iter()
        .filter(|e| e.instrument == position)
        .map(|e| {
            let p = corpus.provision(e);
            context! {
                address => e.address,
                depth => e.indices.len(),
                heading => heading_or_citation(p, &e.address),
                division => p.division.last(),
                has_text => !p.versions.is_empty(),
            }
        })
        .collect();
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
            entries,
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
    let start = match query.scheme.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(name) => match app.scheme_file(name) {
            Some(source) => match crate::scheme::load_scheme(source, &app.rules.facts) {
                Ok(s) => Some(s),
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
                    let current = start
                        .as_ref()
                        .and_then(|s| s.facts.get(&d.name))
                        .map(typed);
                    context! {
                        name => d.name,
                        question => d.question(lang).or_else(|| d.question("en")).unwrap_or(&d.name),
                        kind,
                        values,
                        describe => d.ty.describe(),
                        current,
                    }
                })
                .collect();
            (!facts.is_empty()).then(|| context! { name => group, heading, facts })
        })
        .collect();
    let schemes: Vec<&str> = app.schemes.iter().map(|s| s.name.as_str()).collect();
    render(
        &app,
        StatusCode::OK,
        "classify.html",
        context! {
            title => "Classify a scheme",
            lang,
            languages => LANGUAGES.iter().map(|(c, n)| context! { code => c, name => n }).collect::<Vec<_>>(),
            groups,
            schemes,
            chosen => query.scheme,
            name => start.as_ref().map(|s| s.name.clone()),
            as_of => start.as_ref().and_then(|s| s.as_of).map(|d| d.to_string()),
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
            Some(first) => Err(ApiError {
                status: StatusCode::BAD_REQUEST.as_u16(),
                message: first.message.clone(),
                diagnostics: problems,
            }),
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
/// of the form written as a scheme file; with the form's `set` changes over it.
fn scheme_from_form(
    app: &App,
    form: &FormFields,
) -> Result<(crate::scheme::Scheme, NaiveDate, String), Error> {
    let source = if let Some(text) = form.get("scheme_file") {
        SourceFile::new("uploaded scheme", text)
    } else if let Some(text) = form.get("yaml") {
        SourceFile::new("scheme", text)
    } else {
        let mut scheme = crate::scheme::Scheme {
            name: form.get("name").unwrap_or("A scheme").to_string(),
            as_of: match form.get("as_of") {
                Some(d) => Some(
                    crate::facts::read_date(d.trim())
                        .map_err(|e| Error::input(Diagnostic::error(format!("`as_of`: {e}"))))?,
                ),
                None => None,
            },
            facts: Default::default(),
            source: SourceFile::new("form", ""),
        };
        // the currency first: amounts are read in it
        let mut names: Vec<&String> = app.rules.facts.keys().collect();
        names.sort_by_key(|n| n.as_str() != crate::scheme::CURRENCY_FACT);
        let mut problems = Vec::new();
        for name in names {
            if let Some(value) = form.get(&format!("f:{name}")) {
                if let Err(e) = crate::scheme::set_fact(
                    &mut scheme,
                    &format!("{name}={value}"),
                    &app.rules.facts,
                ) {
                    problems.extend(e.diagnostics().to_vec());
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        SourceFile::new(
            "form",
            crate::interview::scheme_yaml(&scheme, &app.rules.facts),
        )
    };
    let sets = form.all("set");
    let (scheme, as_of) = api::read_scheme(&app.rules, &source, &sets, None)?;
    let yaml = crate::interview::scheme_yaml(&scheme, &app.rules.facts);
    Ok((scheme, as_of, yaml))
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
    let (scheme, as_of, yaml) =
        scheme_from_form(app, &form).map_err(|e| Box::new(input_error_page(app, e)))?;
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

/// `POST /classify`: the answer in each jurisdiction with its reasoning.
pub async fn classify(State(app): State<Arc<App>>, work: Work, form: Multipart) -> Response {
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
    let (scheme, evals) = match classify_posted(&app, work, scheme, as_of, only, &lang).await {
        Ok(done) => done,
        Err(e) => return api_error_page(&app, e),
    };
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
    render(
        &app,
        StatusCode::OK,
        "result.html",
        context! {
            title => format!("{} – classification", scheme.name),
            name => scheme.name,
            as_of => as_of.to_string(),
            lang,
            yaml,
            answers => evals.iter().map(answer_context).collect::<Vec<_>>(),
            missing,
        },
    )
}

/// `POST /classify/download`: the scheme file, the Markdown memo or the JSON report.
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
        Some("md") => Some((Format::Markdown, "text/markdown; charset=utf-8", "md")),
        Some("json") => Some((Format::Json, "application/json", "json")),
        _ => None,
    };
    let (body, kind, ext) = match report {
        None => (yaml, "application/yaml; charset=utf-8", "yaml"),
        Some((format, kind, ext)) => {
            match classify_posted(&app, work, scheme, as_of, None, &lang).await {
                Ok((scheme, evals)) => (
                    crate::report::classify::render(&scheme, &evals, &[], format),
                    kind,
                    ext,
                ),
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
        Err(e) => return api_error_page(&app, e),
    };
    let jurisdictions: Vec<Value> = results
        .iter()
        .map(|w| {
            let changes: Vec<Value> = w
                .changes
                .iter()
                .map(|c| {
                    let set: Vec<Value> = c
                        .set
                        .iter()
                        .map(|(fact, value)| {
                            let now = c.now.get(fact).cloned().flatten().map(|v| typed(&v));
                            context! { fact, value => typed(value), now, assignment => format!("{fact}={}", typed(value)) }
                        })
                        .collect();
                    context! { set, answer => answer_line(&c.to), because => crate::rules::diff::deciding_rule(&c.to).and_then(|r| r.because.clone()) }
                })
                .collect();
            context! {
                jurisdiction => w.jurisdiction.name(),
                code => w.jurisdiction.code(),
                now => answer_line(&w.now),
                changes,
                exhausted => w.exhausted_budget,
            }
        })
        .collect();
    render(
        &app,
        StatusCode::OK,
        "whatif.html",
        context! { title => format!("{name} – what if"), name, yaml, lang, jurisdictions },
    )
}

/// `GET /diff`: choose a proposal and schemes.
pub async fn diff_form(State(app): State<Arc<App>>) -> Response {
    let proposals: Vec<&str> = app.proposals.iter().map(|s| s.name.as_str()).collect();
    let schemes: Vec<&str> = app.schemes.iter().map(|s| s.name.as_str()).collect();
    render(
        &app,
        StatusCode::OK,
        "diff.html",
        context! { title => "Proposal diff", proposals, schemes, report => None::<Value> },
    )
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
    let proposal = match api::proposal_source(&app, form.get("proposal"), text) {
        Ok(p) => p,
        Err(e) => return api_error_page(&app, e),
    };
    let chosen = form.all("scheme");
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
        Err(e) => return api_error_page(&app, e),
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
        &app,
        StatusCode::OK,
        "diff.html",
        context! {
            title => "Proposal diff",
            proposals,
            schemes => all,
            report => context! {
                applied => report.proposals.iter().map(|p| p.title.clone()).collect::<Vec<_>>(),
                schemes => report.schemes,
                compared => report.compared,
                changes,
            },
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
