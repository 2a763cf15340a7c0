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
use super::i18n::{self, filled, Page};
use super::work::Work;
use super::{view, App};
use crate::corpus::{Jurisdiction, Provision};
use crate::diagnostic::{quoted, Diagnostic, Error, SourceFile};
use crate::facts::{FactType, FactValue};
use crate::report::words::Words;
use crate::report::Format;
use crate::rules::outcome::Evaluation;
use crate::rules::whatif::Target;

/// The groups of the classify form shared by every jurisdiction, in order, with their
/// headings' keys in [`i18n::WORDS`]; the facts of one jurisdiction (`cn.mutual_kind`)
/// follow, a group each.
const FACT_GROUPS: [(&str, &str); 7] = [
    ("operator", "group_operator"),
    ("participants", "group_participants"),
    ("contributions", "group_contributions"),
    ("benefits", "group_benefits"),
    ("finance", "group_finance"),
    ("governance", "group_governance"),
    ("licences", "group_licences"),
];

/// The longest address an error page's language switch links to (an error quotes at most
/// 80 characters of what it was given).
const MOST_QUOTED: usize = 80;

/// A page from a template in the page's language, or an error page when the template
/// fails. Every template has the words of the language (`t`), the language switch, the
/// corpus's jurisdictions named in the language, and `lq` / `la`, the `lang` to add to
/// the address of a link (`?lang=zh` / `&lang=zh`; empty in English).
fn render(app: &App, page: &Page, status: StatusCode, name: &str, ctx: Value) -> Response {
    let lang = page.lang;
    // an error page quotes no long input, not even in its switch's links: those of a long
    // address lead to the search page instead
    let refused = status.is_client_error() || status.is_server_error();
    let shortened;
    let page = if refused && page.here.len() > MOST_QUOTED {
        shortened = page.at("/");
        &shortened
    } else {
        page
    };
    let listed = app.corpus.jurisdictions();
    let jurisdictions: Vec<Value> = listed
        .iter()
        .map(|j| context! { code => j.code(), name => j.info().name_in(lang), lang => j.info().language() })
        .collect();
    let (lq, la) = match lang {
        "en" => (String::new(), String::new()),
        l => (format!("?lang={l}"), format!("&lang={l}")),
    };
    let full = context! {
        lang,
        t => i18n::table(lang),
        switch => page.switch(),
        lq,
        la,
        jurisdictions,
        names => i18n::names_joined(&listed, lang),
        ..ctx
    };
    let result = app
        .templates
        .get_template(name)
        .and_then(|t| t.render(full));
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

/// An error page: `message` in the page's language where the page wrote it, the
/// library's diagnostics (in English) below it, marked as English.
fn error_page(
    app: &App,
    page: &Page,
    status: StatusCode,
    message: &str,
    diags: &[Diagnostic],
) -> Response {
    render(
        app,
        page,
        status,
        "error.html",
        context! {
            title => i18n::word("error_title", page.lang),
            status => status.as_u16(),
            message,
            message_lang => i18n::language_of(message, page.lang),
            problems => problems(diags),
        },
    )
}

/// An error page for an API error: its message is the library's, in English, under a
/// heading in the page's language.
pub(super) fn api_error_page(app: &App, page: &Page, e: ApiError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    render(
        app,
        page,
        status,
        "error.html",
        context! {
            title => i18n::word("error_title", page.lang),
            status => status.as_u16(),
            heading => i18n::word("request_failed", page.lang),
            message => e.message,
            message_lang => i18n::language_of(&e.message, page.lang),
            problems => problems(&e.diagnostics),
        },
    )
}

/// An error page for a library error (bad input: 400).
fn input_error_page(app: &App, page: &Page, e: Error) -> Response {
    api_error_page(app, page, ApiError::from(e))
}

/// `/`: search across the three systems.
pub async fn search(
    State(app): State<Arc<App>>,
    page: Page,
    Query(query): Query<SearchQuery>,
) -> Response {
    let lang = page.lang;
    let instruments: Vec<Value> = app
        .corpus
        .instruments
        .iter()
        .map(|i| {
            let (title, title_lang) = title_in(&i.title, lang, i.jurisdiction.info().language());
            context! { id => i.id, title, title_lang, jurisdiction => i.jurisdiction.code() }
        })
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
            Ok(r) => {
                let labels: Vec<Value> = r
                    .hits
                    .iter()
                    .map(|h| match lang {
                        "en" => context! { text => h.label, lang => "en" },
                        _ => {
                            let (text, lang) = provision_label(&app, &h.address, lang);
                            context! { text, lang }
                        }
                    })
                    .collect();
                (
                    StatusCode::OK,
                    Some(context! { labels, ..Value::from_serialize(&r) }),
                    None,
                )
            }
            Err(e) => (
                StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST),
                None,
                Some(e.message),
            ),
        }
    };
    let search = i18n::word("search_title", lang);
    render(
        &app,
        &page,
        status,
        "search.html",
        context! {
            title => if query.q.is_empty() { search.to_string() } else { format!("{} – {search}", query.q) },
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

/// A title or heading in `lang`, else in `own` (the language of the instrument's
/// jurisdiction), else in English, else in any; with the language it is in.
fn title_in(m: &crate::corpus::model::Localized, lang: &str, own: &str) -> (String, String) {
    [lang, own, "en"]
        .iter()
        .find_map(|l| m.get_key_value(*l))
        .or_else(|| m.iter().next())
        .map(|(l, t)| (t.clone(), l.clone()))
        .unwrap_or_else(|| (String::new(), lang.to_string()))
}

/// A heading without the provision's number it repeats: `第一条（目的）` after 第1条 is
/// `（目的）`; `第六条` after 第六条 is nothing.
fn beyond_number(heading: &str, number: &str) -> Option<String> {
    let rest = heading
        .strip_prefix(number)
        .map(str::to_string)
        .or_else(|| {
            let arabic = crate::corpus::numerals::arabic_numerals(heading);
            arabic.strip_prefix(number).map(str::to_string)
        })
        .unwrap_or_else(|| heading.to_string());
    // `§ 107. Definitions …` after § 107 is `Definitions …`
    let rest = rest.trim_start_matches(['.', ' ']).trim();
    (!rest.is_empty()).then(|| rest.to_string())
}

/// A provision's label in `lang`: its instrument's title, its number as its statutes
/// write it and its heading where it has one in that language; with the language of the
/// title (`zh` for a Chinese statute on a Japanese page that has no Japanese title).
fn provision_label(app: &App, address: &str, lang: &str) -> (String, String) {
    let corpus = &app.corpus;
    let Some(entry) = corpus.entry(address) else {
        return (address.to_string(), "en".to_string());
    };
    let inst = corpus.instrument_of(entry);
    let own = inst.jurisdiction.info().language();
    let (title, title_lang) = title_in(&inst.title, lang, own);
    let mut label = title;
    let section = crate::cite::native_section(address);
    if let Some(section) = &section {
        label.push(' ');
        label.push_str(section);
    }
    let p = corpus.provision(entry);
    let heading = p.heading.get(&title_lang).and_then(|h| match &section {
        Some(n) => beyond_number(h, n),
        None => Some(h.clone()).filter(|h| !h.is_empty()),
    });
    if let Some(h) = heading {
        label.push_str(if title_lang == "en" { " " } else { "　" });
        label.push_str(&h);
    }
    (label, title_lang)
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
fn as_of_param(
    app: &App,
    page: &Page,
    raw: Option<&str>,
) -> Result<Option<NaiveDate>, Box<Response>> {
    match raw.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => crate::facts::read_date(d).map(Some).map_err(|e| {
            let message = filled("bad_date", page.lang, &[("why", &e)]);
            Box::new(error_page(
                app,
                page,
                StatusCode::BAD_REQUEST,
                &message,
                &[],
            ))
        }),
    }
}

/// `/p/{address}`: a provision with its text in each language, versions, parts,
/// cross-references, the rules that cite it and its source.
pub async fn provision(
    State(app): State<Arc<App>>,
    page: Page,
    Path(address): Path<String>,
    Query(query): Query<ProvisionQuery>,
) -> Response {
    let lang = page.lang;
    let as_of = match as_of_param(&app, &page, query.as_of.as_deref()) {
        Ok(d) => d,
        Err(page) => return *page,
    };
    let found = match crate::corpus::citation::resolve(&app.corpus, &address) {
        Ok(f) => f,
        Err(e) => {
            return error_page(
                &app,
                &page,
                StatusCode::NOT_FOUND,
                &filled("no_provision", lang, &[("address", &quoted(&address))]),
                e.diagnostics(),
            )
        }
    };
    if found.address != address {
        // a citation, or a part held whole: the permalink is the address
        return Redirect::to(&page.link(&format!("/p/{}", found.address))).into_response();
    }
    let corpus = &app.corpus;
    let Some(entry) = corpus.entry(&found.address) else {
        let message = filled("no_provision", lang, &[("address", &quoted(&address))]);
        return error_page(&app, &page, StatusCode::NOT_FOUND, &message, &[]);
    };
    let inst = corpus.instrument_of(entry);
    let own = inst.jurisdiction.info().language();
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
        let (heading, heading_lang) = heading_in(c, &a, lang, own);
        context! { heading, heading_lang, address => a }
    };
    let children: Vec<Value> = p.children.iter().map(child).collect();
    let refs: Vec<Value> = p
        .refs
        .iter()
        .map(|r| {
            let known = corpus.entry(r).map(|e| {
                let own = corpus.instrument_of(e).jurisdiction.info().language();
                heading_in(corpus.provision(e), r, lang, own)
            });
            context! {
                address => r,
                heading => known.as_ref().map(|k| k.0.clone()),
                heading_lang => known.map(|k| k.1),
            }
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
                .map(move |r| context! { jurisdiction => j.info().name_in(lang), rule => r.name, outcome => r.outcome, defined_at => r.defined_at })
        })
        .collect();
    let source = p.source.as_ref().unwrap_or(&inst.source);
    // the citation of the wording shown (the latest, or the one in force on `as_of`)
    let cited = match shown {
        Some(_) => crate::cite::cite_at(corpus, entry, &found.address, as_of),
        None => crate::cite::cite(corpus, entry),
    };
    if let Some(format) = query.cite.as_deref() {
        return citation_file(&app, &page, &cited, format);
    }
    let parent = found
        .address
        .rsplit_once('/')
        .map(|(a, _)| a.to_string())
        .filter(|a| corpus.entry(a).is_some());
    let (instrument_title, instrument_title_lang) = title_in(&inst.title, lang, own);
    render(
        &app,
        &page,
        StatusCode::OK,
        "provision.html",
        context! {
            title => format!("{} – {}", cited.native, instrument_title),
            address => found.address,
            native => cited.native,
            native_lang => own,
            citation_line => crate::cite::text(&cited, crate::report::Words::of(page.lang)),
            instrument => inst.id,
            instrument_title,
            instrument_title_lang,
            heading => p.heading,
            division => p.division,
            division_lang => own,
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

/// A provision's heading in `lang` (see [`title_in`]), or its number as its statutes
/// write it when it has none; with the language it is in.
fn heading_in(p: &Provision, address: &str, lang: &str, own: &str) -> (String, String) {
    match title_in(&p.heading, lang, own) {
        (h, _) if h.is_empty() => match crate::cite::native_section(address) {
            Some(n) => (n, own.to_string()),
            None => (
                crate::corpus::citation::display_citation(address),
                "en".to_string(),
            ),
        },
        found => found,
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
pub async fn instrument(
    State(app): State<Arc<App>>,
    page: Page,
    Path(id): Path<String>,
) -> Response {
    let lang = page.lang;
    let corpus = &app.corpus;
    let Some(position) = corpus.instruments.iter().position(|i| i.id == id) else {
        let ids: Vec<&str> = corpus.instruments.iter().map(|i| i.id.as_str()).collect();
        let help = crate::diagnostic::did_you_mean(&id, ids.iter().copied())
            .unwrap_or_else(|| format!("instruments: {}", ids.join(", ")));
        return error_page(
            &app,
            &page,
            StatusCode::NOT_FOUND,
            &filled("no_instrument", lang, &[("id", &quoted(&id))]),
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
    let own = inst.jurisdiction.info().language();
    let holdings = holdings_line(&entries, lang);
    let contents = contents_tree(&entries, lang, own);
    let (title, title_lang) = title_in(&inst.title, lang, own);
    render(
        &app,
        &page,
        StatusCode::OK,
        "instrument.html",
        context! {
            title,
            title_lang,
            own,
            id => inst.id,
            titles => inst.title,
            jurisdiction => inst.jurisdiction.info().name_in(lang),
            status => inst.status,
            effective => inst.effective.map(|d| d.to_string()),
            document_number => inst.document_number,
            source => inst.source,
            holdings,
            contents,
        },
    )
}

/// The query of the classify form: a shipped scheme to start from (the language is the
/// page's, [`Page`]).
#[derive(Debug, Default, Deserialize)]
pub struct FormQuery {
    scheme: Option<String>,
}

/// What a question takes, in the page's language.
fn describe_in(ty: &FactType, lang: &str) -> &'static str {
    let key = match ty {
        FactType::Bool => "type_bool",
        FactType::Integer => "type_integer",
        FactType::Money => "type_money",
        FactType::Date => "type_date",
        FactType::Currency => "type_currency",
        FactType::Enum(_) => "type_enum",
    };
    i18n::word(key, lang)
}

/// A fact's value as a page shows it in `lang`: yes or no, an enum value's label where the
/// rules give one (with the label's language), else the value as written (`code`).
fn value_shown(facts: &crate::facts::Vocabulary, fact: &str, value: &str, lang: &str) -> Value {
    let Some(def) = facts.get(fact) else {
        return context! { code => value };
    };
    match &def.ty {
        FactType::Bool => {
            let key = if value == "true" { "yes" } else { "no" };
            context! { label => i18n::word(key, lang), lang }
        }
        FactType::Enum(_) => match def.label(value, lang) {
            (label, Some(l)) => context! { label, lang => l },
            (_, None) => context! { code => value },
        },
        _ => context! { code => value },
    }
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
    page: Page,
    Query(query): Query<FormQuery>,
) -> Response {
    let state = match query.scheme.as_deref().filter(|s| !s.is_empty()) {
        None => FormState::default(),
        Some(name) => match app.scheme_file(name) {
            Some(source) => match crate::scheme::load_scheme(source, &app.rules.facts) {
                Ok(s) => FormState::of_scheme(&s),
                Err(d) => return input_error_page(&app, &page, Error::Input(d)),
            },
            None => {
                return error_page(
                    &app,
                    &page,
                    StatusCode::NOT_FOUND,
                    &filled("no_scheme", page.lang, &[("name", &quoted(name))]),
                    &[],
                )
            }
        },
    };
    form_page(&app, &page, query.scheme.as_deref(), &state)
}

/// The classify form in the page's language: its fields filled from `state`, the
/// problems beside them (400 when there are any), and the date today's when none is
/// given. The form's own language buttons post its answers again in the language chosen
/// (the page's switch does the same with JavaScript).
fn form_page(app: &App, page: &Page, chosen: Option<&str>, state: &FormState) -> Response {
    let lang = page.lang;
    let own_groups: Vec<(String, String)> = app
        .corpus
        .jurisdictions()
        .into_iter()
        .map(|j| {
            let only = filled("only_in", lang, &[("name", j.info().name_in(lang))]);
            (j.code().to_string(), only)
        })
        .collect();
    let groups: Vec<Value> = FACT_GROUPS
        .iter()
        .map(|(g, h)| (g.to_string(), i18n::word(h, lang).to_string()))
        .chain(own_groups)
        .filter_map(|(group, heading)| {
            let facts: Vec<Value> = app
                .rules
                .facts
                .values()
                .filter(|d| d.name.split_once('.').is_some_and(|(g, _)| g == group))
                .map(|d| {
                    let yes_no = |v: &str| {
                        let key = if v == "true" { "yes" } else { "no" };
                        context! { value => v, label => i18n::word(key, lang), lang }
                    };
                    let (kind, values): (&str, Vec<Value>) = match &d.ty {
                        FactType::Bool => ("bool", vec![yes_no("true"), yes_no("false")]),
                        FactType::Enum(v) => (
                            "enum",
                            v.iter()
                                .map(|value| {
                                    let (label, label_lang) = d.label(value, lang);
                                    // a value without a label is the rules' own word
                                    context! { value, label, lang => label_lang.unwrap_or("en") }
                                })
                                .collect(),
                        ),
                        _ => ("text", Vec::new()),
                    };
                    let (question, question_lang) = match d.question(lang) {
                        Some(q) => (q, lang),
                        None => (d.question("en").unwrap_or(&d.name), "en"),
                    };
                    context! {
                        name => d.name,
                        question,
                        question_lang,
                        kind,
                        values,
                        describe => describe_in(&d.ty, lang),
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
    let title = if state.errors.is_empty() {
        "classify_title"
    } else {
        "classify_title_problems"
    };
    render(
        app,
        page,
        status,
        "classify.html",
        context! {
            title => i18n::word(title, lang),
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
const SCHEME_FORM_FIELDS: [&str; 9] = [
    "lang",
    "relang",
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

    /// The language of the page answering the form: the one the language switch chose
    /// (`relang`), else the form's own (`lang`), else the request's.
    fn page(&self, page: &Page) -> Page {
        match self
            .switched()
            .or_else(|| self.get("lang").and_then(i18n::known))
        {
            Some(l) => page.in_lang(l),
            None => page.clone(),
        }
    }

    /// The language the switch chose, when the form was posted by it: the form is to be
    /// shown again in that language, not sent.
    fn switched(&self) -> Option<&'static str> {
        self.get("relang").and_then(i18n::known)
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
    lang: &str,
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
                        Diagnostic::error(filled("not_a_date", lang, &[("why", &e)]))
                            .help(i18n::word("date_help", lang)),
                    ));
                    None
                }
            },
            None => {
                problems.push((
                    "as_of".to_string(),
                    Diagnostic::error(i18n::word("give_date", lang))
                        .help(i18n::word("give_date_help", lang)),
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
                    let describe = describe_in(&app.rules.facts[name].ty, lang);
                    problems.push((
                        name.clone(),
                        Diagnostic::error(filled(
                            "not_an_answer",
                            lang,
                            &[("value", &quoted(value.trim()))],
                        ))
                        .help(filled(
                            "give_what",
                            lang,
                            &[("what", describe)],
                        )),
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

/// A jurisdiction's name in `lang`.
fn jurisdiction_in(code: &str, lang: &str) -> &'static str {
    Jurisdiction::from_code(code).map_or("?", |j| j.info().name_in(lang))
}

/// A question still open in `lang`, else in English; with the language it is in.
fn question_in<'a>(m: &'a crate::rules::outcome::MissingFact, lang: &str) -> (&'a str, &'a str) {
    let given = match lang {
        "zh" => m.question_zh.as_deref(),
        "ja" => m.question_ja.as_deref(),
        _ => None,
    };
    match given {
        Some(q) => (q, if lang == "zh" { "zh" } else { "ja" }),
        None => (&m.question_en, "en"),
    }
}

/// One jurisdiction's answer with its reasoning, in `lang`, for the template: the report's
/// words for kinds, compliance and rule statuses (each kind in its system's own term), and
/// the language of every reason, warning and question the rules give.
fn answer_context(e: &Evaluation, lang: &str) -> Value {
    let w = Words::of(lang);
    let contested: Vec<Value> = e
        .contested
        .iter()
        .map(|c| {
            context! {
                outcome => c.outcome,
                kind => w.kind_in(c.kind, &e.jurisdiction),
                if_facts_hold => c.holds == crate::rules::outcome::Truth::Unknown,
                because => c.because,
                because_lang => c.because_language.clone().unwrap_or_else(|| lang.to_string()),
                citations => c.citations,
            }
        })
        .collect();
    let open: Vec<Value> = e
        .undecided_by
        .iter()
        .map(|m| {
            let (question, question_lang) = question_in(m, lang);
            context! { fact => m.fact, question, question_lang }
        })
        .collect();
    let statuses: Vec<&str> = e.rules.iter().map(|r| w.rule_status(r.status)).collect();
    context! {
        code => e.jurisdiction,
        jurisdiction => jurisdiction_in(&e.jurisdiction, lang),
        answer => answer_line(e, lang),
        kind => w.kind_in(e.kind, &e.jurisdiction),
        compliance => if e.outcome.is_some() { w.compliance(e.compliance) } else { w.no_answer(!e.conflicts.is_empty()) },
        decided => e.outcome.is_some(),
        contested,
        open,
        statuses,
        eval => Value::from_serialize(e),
    }
}

/// An answer as a page shows it, in `lang`: its words (`unregulated mutual aid; no licence
/// needed`, `相互保险组织；已取得许可`) and the outcome's name (`mutual_aid_plan`), which the
/// page shows as code.
fn answer_line(e: &Evaluation, lang: &str) -> Value {
    let w = Words::of(lang);
    let text = match &e.outcome {
        Some(_) => format!(
            "{}{}{}",
            w.kind_in(e.kind, &e.jurisdiction),
            if lang == "en" { "; " } else { "；" },
            w.compliance(e.compliance)
        ),
        None => w.no_answer(!e.conflicts.is_empty()).to_string(),
    };
    context! { text, outcome => e.outcome }
}

/// A scheme posted from a page's form: the form, the page answering it (in the form's
/// language), the scheme read from it, the date to apply the law as of and the scheme as
/// YAML.
struct SchemeForm {
    form: FormFields,
    page: Page,
    scheme: crate::scheme::Scheme,
    as_of: NaiveDate,
    yaml: String,
}

/// Reads a posted form and the scheme it describes, or the error page to answer with.
async fn read_scheme_form(
    app: &App,
    page: &Page,
    form: Multipart,
) -> Result<SchemeForm, Box<Response>> {
    let form = FormFields::read(form, &SCHEME_FORM_FIELDS, Some(&app.rules.facts))
        .await
        .map_err(|e| Box::new(api_error_page(app, page, e)))?;
    let page = form.page(page);
    let (scheme, as_of, yaml) = scheme_from_form(app, &form, page.lang)
        .map_err(|p| Box::new(input_error_page(app, &page, form_problems(p))))?;
    Ok(SchemeForm {
        form,
        page,
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
pub async fn classify(
    State(app): State<Arc<App>>,
    page: Page,
    work: Work,
    form: Multipart,
) -> Response {
    let form = match FormFields::read(form, &SCHEME_FORM_FIELDS, Some(&app.rules.facts)).await {
        Ok(f) => f,
        Err(e) => return api_error_page(&app, &page, e),
    };
    let page = form.page(&page);
    if form.switched().is_some() {
        // the language switch: the same form, every answer kept, in the language chosen
        let page = page.at(format!("/classify?lang={}", page.lang));
        return form_page(&app, &page, None, &FormState::of_form(&form));
    }
    let (scheme, as_of, yaml) = match scheme_from_form(&app, &form, page.lang) {
        Ok(read) => read,
        Err(problems) => {
            let mut state = FormState::of_form(&form);
            for (field, d) in problems {
                state.problem(&field, d);
            }
            return form_page(&app, &page, None, &state);
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
    classify_page(&app, &page, work, scheme, as_of, only, yaml, before, None).await
}

/// The query of a result's address: the scheme (`s`, see [`super::link`]), the language
/// and the jurisdiction.
#[derive(Debug, Deserialize)]
pub struct ResultQuery {
    s: Option<String>,
    jurisdiction: Option<String>,
    /// What the result was made with ([`super::link::made_with`]).
    v: Option<String>,
}

impl ResultQuery {
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
    page: Page,
    work: Work,
    Query(query): Query<ResultQuery>,
) -> Response {
    let Some(read) = query.scheme(&app) else {
        return Redirect::to(&page.link("/classify")).into_response();
    };
    let (scheme, as_of, yaml) = match read {
        Ok(r) => r,
        Err(e) => return api_error_page(&app, &page, e),
    };
    let only = query
        .jurisdiction
        .as_deref()
        .and_then(Jurisdiction::from_code);
    let elsewhere = made_elsewhere(query.v.as_deref(), page.lang);
    classify_page(
        &app, &page, work, scheme, as_of, only, yaml, None, elsewhere,
    )
    .await
}

/// The note a result opened from an address made with other law shows, in `lang`.
fn made_elsewhere(v: Option<&str>, lang: &str) -> Option<String> {
    super::link::made_elsewhere(v)?;
    let v = quoted(v.unwrap_or_default().trim());
    let here = super::link::made_with();
    Some(filled(
        "made_elsewhere",
        lang,
        &[("v", &v), ("here", &here)],
    ))
}

/// The result page of a classification; `before`, the scheme before a change a what-if
/// applied (and the change), makes the page say what the change did.
#[allow(clippy::too_many_arguments)]
async fn classify_page(
    app: &Arc<App>,
    page: &Page,
    work: Work,
    scheme: crate::scheme::Scheme,
    as_of: NaiveDate,
    only: Option<Jurisdiction>,
    yaml: String,
    before: Option<(crate::scheme::Scheme, Vec<String>)>,
    elsewhere: Option<String>,
) -> Response {
    let lang = page.lang;
    let worker = app.clone();
    let language = lang.to_string();
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
        Err(e) => return api_error_page(app, page, e),
    };
    let applied = before.map(|(old_evals, old, sets)| {
        let facts: Vec<Value> = sets
            .iter()
            .filter_map(|s| s.split_once('='))
            .map(|(fact, value)| {
                let (fact, value) = (fact.trim(), value.trim());
                let was = old.facts.get(fact).map(typed);
                let facts = &app.rules.facts;
                context! {
                    fact,
                    value => value_shown(facts, fact, value, lang),
                    was => was.map(|w| value_shown(facts, fact, &w, lang)),
                }
            })
            .collect();
        let answers: Vec<Value> = old_evals
            .iter()
            .zip(&evals)
            .map(|(b, a)| {
                let (before, after) = (answer_line(b, lang), answer_line(a, lang));
                context! {
                    jurisdiction => jurisdiction_in(&a.jurisdiction, lang),
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
                let (question, question_lang) = question_in(m, lang);
                context! { fact => m.fact, question, question_lang }
            })
            .collect()
    };
    let link = result_address("/classify/result", &yaml, lang, only);
    let whatif_link = result_address("/whatif", &yaml, lang, only);
    render(
        app,
        &page.at(&link),
        StatusCode::OK,
        "result.html",
        context! {
            title => filled("classification_title", lang, &[("name", &scheme.name)]),
            name => scheme.name,
            as_of => as_of.to_string(),
            yaml,
            link,
            whatif_link,
            elsewhere,
            applied,
            answers => evals.iter().map(|e| answer_context(e, lang)).collect::<Vec<_>>(),
            missing,
        },
    )
}

/// `POST /classify/download`: the scheme file, the Markdown or Word memo or the JSON
/// report.
pub async fn download(
    State(app): State<Arc<App>>,
    page: Page,
    work: Work,
    form: Multipart,
) -> Response {
    let SchemeForm {
        form,
        page,
        scheme,
        as_of,
        yaml,
    } = match read_scheme_form(&app, &page, form).await {
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
            match classify_posted(&app, work, scheme, as_of, None, page.lang).await {
                Ok((scheme, evals)) => {
                    let body = match format {
                        Some(format) => {
                            crate::report::classify::render(&scheme, &evals, &[], format)
                                .into_bytes()
                        }
                        None => match crate::report::docx::render(&scheme, &evals, &[]) {
                            Ok(bytes) => bytes,
                            Err(e) => return api_error_page(&app, &page, e.into()),
                        },
                    };
                    (body, kind, ext)
                }
                Err(e) => return api_error_page(&app, &page, e),
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
fn citation_file(app: &App, page: &Page, cited: &crate::cite::Cited, format: &str) -> Response {
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
                page,
                StatusCode::BAD_REQUEST,
                &filled(
                    "no_citation_format",
                    page.lang,
                    &[("format", &quoted(format))],
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
pub async fn whatif(
    State(app): State<Arc<App>>,
    page: Page,
    work: Work,
    form: Multipart,
) -> Response {
    let SchemeForm {
        form,
        page,
        scheme,
        as_of,
        yaml,
    } = match read_scheme_form(&app, &page, form).await {
        Ok(f) => f,
        Err(page) => return *page,
    };
    let only = form.jurisdiction();
    whatif_page(&app, &page, work, scheme, as_of, only, yaml, None).await
}

/// `GET /whatif?s=…`: the what-if of the scheme the address holds; without one, the
/// classify form (a what-if starts from a classification).
pub async fn whatif_result(
    State(app): State<Arc<App>>,
    page: Page,
    work: Work,
    Query(query): Query<ResultQuery>,
) -> Response {
    let Some(read) = query.scheme(&app) else {
        return Redirect::to(&page.link("/classify")).into_response();
    };
    let (scheme, as_of, yaml) = match read {
        Ok(r) => r,
        Err(e) => return api_error_page(&app, &page, e),
    };
    let only = query
        .jurisdiction
        .as_deref()
        .and_then(Jurisdiction::from_code);
    let elsewhere = made_elsewhere(query.v.as_deref(), page.lang);
    whatif_page(&app, &page, work, scheme, as_of, only, yaml, elsewhere).await
}

/// The changes of a what-if grouped by the facts they change: per group, each change
/// (the facts' values now and after) with the answer it gives in each jurisdiction, and
/// each rule's reason once.
fn whatif_groups(
    results: &[crate::rules::whatif::WhatIf],
    facts: &crate::facts::Vocabulary,
    lang: &str,
) -> Vec<Value> {
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
                jurisdiction => w.jurisdiction.info().name_in(lang),
                code => w.jurisdiction.code(),
                answer => answer_line(&c.to, lang),
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
                            let shown = value_shown(facts, &fact, &value, lang);
                            context! { fact, value, shown, assignment }
                        })
                        .collect();
                    context! { set, answers }
                })
                .collect();
            let now: Vec<Value> = g
                .now
                .into_iter()
                .map(|(fact, value)| {
                    let shown = value.as_deref().map(|v| value_shown(facts, &fact, v, lang));
                    context! { fact, value, shown }
                })
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
    page: &Page,
    work: Work,
    scheme: crate::scheme::Scheme,
    as_of: NaiveDate,
    only: Option<Jurisdiction>,
    yaml: String,
    elsewhere: Option<String>,
) -> Response {
    let lang = page.lang;
    let worker = app.clone();
    let name = scheme.name.clone();
    let language = lang.to_string();
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
        Err(e) => return api_error_page(app, page, e),
    };
    let now: Vec<Value> = results
        .iter()
        .map(|w| {
            context! {
                jurisdiction => w.jurisdiction.info().name_in(lang),
                code => w.jurisdiction.code(),
                now => answer_line(&w.now, lang),
                found => w.changes.len(),
                exhausted => w.exhausted_budget,
            }
        })
        .collect();
    let groups = whatif_groups(&results, &app.rules.facts, lang);
    let link = result_address("/whatif", &yaml, lang, only);
    render(
        app,
        &page.at(&link),
        StatusCode::OK,
        "whatif.html",
        context! { title => filled("whatif_title", lang, &[("name", &name)]), name, yaml, link, elsewhere, now, groups },
    )
}

/// `GET /diff`: choose a proposal and schemes; with a proposal in the query (`proposal`, a
/// shipped one, or `pt`, a proposal's text as [`super::link`] writes it) and `scheme`s,
/// the diff itself, as the page it was copied from.
pub async fn diff_form(
    State(app): State<Arc<App>>,
    page: Page,
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
            &page,
            StatusCode::OK,
            "diff.html",
            context! { title => i18n::word("diff_title", page.lang), proposals, schemes, report => None::<Value> },
        );
    }
    let text = match get("pt").map(super::link::decode).transpose() {
        Ok(t) => t,
        Err(e) => return api_error_page(&app, &page, e),
    };
    if let Some(t) = &text {
        if let Err(e) = api::plain_text("the linked proposal", t) {
            return api_error_page(&app, &page, e);
        }
    }
    let chosen: Vec<String> = query
        .iter()
        .filter(|(n, v)| n == "scheme" && !v.trim().is_empty())
        .map(|(_, v)| v.clone())
        .collect();
    let elsewhere = made_elsewhere(get("v"), page.lang);
    diff_page(
        &app,
        &page,
        work,
        get("proposal"),
        text.as_deref(),
        chosen,
        elsewhere,
    )
    .await
}

/// `POST /diff`: every answer a proposal changes over the chosen schemes, with both
/// explanations side by side.
pub async fn diff(
    State(app): State<Arc<App>>,
    page: Page,
    work: Work,
    form: Multipart,
) -> Response {
    let form = match FormFields::read(form, &DIFF_FORM_FIELDS, None).await {
        Ok(f) => f,
        Err(e) => return api_error_page(&app, &page, e),
    };
    let page = form.page(&page);
    let text = form.get("proposal_file").or(form.get("proposal_text"));
    let chosen = form.all("scheme");
    diff_page(&app, &page, work, form.get("proposal"), text, chosen, None).await
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
    page: &Page,
    work: Work,
    name: Option<&str>,
    text: Option<&str>,
    chosen: Vec<String>,
    elsewhere: Option<String>,
) -> Response {
    let lang = page.lang;
    let proposal = match api::proposal_source(app, name, text) {
        Ok(p) => p,
        Err(e) => return api_error_page(app, page, e),
    };
    let link = diff_address(name, text, &chosen, lang);
    let schemes: Vec<SourceFile> = app
        .schemes
        .iter()
        .filter(|s| chosen.is_empty() || chosen.contains(&s.name))
        .cloned()
        .collect();
    let worker = app.clone();
    let report = match work
        .run(move |deadline| api::diff_schemes(&worker, &proposal, &schemes, lang, deadline))
        .await
    {
        Ok(r) => r,
        Err(e) => return api_error_page(app, page, e),
    };
    let side = |e: &Evaluation| {
        let rule = crate::rules::diff::deciding_rule(e);
        context! {
            answer => answer_line(e, lang),
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
                jurisdiction => c.jurisdiction.info().name_in(lang),
                before => side(&c.before),
                after => side(&c.after),
            }
        })
        .collect();
    let proposals: Vec<&str> = app.proposals.iter().map(|s| s.name.as_str()).collect();
    let all: Vec<&str> = app.schemes.iter().map(|s| s.name.as_str()).collect();
    render(
        app,
        &page.at(&link),
        StatusCode::OK,
        "diff.html",
        context! {
            title => i18n::word("diff_title", lang),
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
    /// The provision's address, its number as its statutes write it (第一条, 第1条, § 1),
    /// its heading and the heading's language, and whether its text is held.
    address: Option<String>,
    number: Option<String>,
    heading: Option<String>,
    heading_lang: Option<String>,
    has_text: bool,
    /// What the division holds, or the provision's parts.
    children: Vec<TocNode>,
}

/// The table of contents of an instrument as a tree: each part, chapter and section once,
/// holding its provisions, each provision holding its parts; headings in `lang` where the
/// corpus has them, else in `own`, the instrument's language.
fn contents_tree(
    entries: &[(&crate::corpus::Entry, &Provision)],
    lang: &str,
    own: &str,
) -> Vec<TocNode> {
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
        let number = crate::cite::native_section(&e.address);
        let (heading, heading_lang) = match title_in(&p.heading, lang, own) {
            (h, _) if h.is_empty() => (None, None),
            (h, l) => match &number {
                Some(n) => (beyond_number(&h, n), Some(l)),
                None => (Some(h), Some(l)),
            },
        };
        let heading = match (&number, heading) {
            (None, None) => Some(crate::corpus::citation::display_citation(&e.address)),
            (_, h) => h,
        };
        level.push(TocNode {
            address: Some(e.address.clone()),
            number,
            heading,
            heading_lang,
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
fn holdings_line(entries: &[(&crate::corpus::Entry, &Provision)], lang: &str) -> String {
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
    let (n, text, parts) = (
        top.len().to_string(),
        with_text.to_string(),
        (entries.len() - top.len()).to_string(),
    );
    let key = if top.len() == 1 { "holds_one" } else { "holds" };
    let held = filled(key, lang, &[("n", &n), ("text", &text), ("parts", &parts)]);
    let whole = match (numbers.first(), numbers.last()) {
        (Some(&first), Some(&last)) => {
            let key = if last - first + 1 > numbers.len() as u64 {
                "holds_selection"
            } else {
                "holds_whole"
            };
            let (first, last, n) = (
                first.to_string(),
                last.to_string(),
                numbers.len().to_string(),
            );
            filled(key, lang, &[("first", &first), ("last", &last), ("n", &n)])
        }
        _ => String::new(),
    };
    held + &whole
}

/// `/api`: the JSON API described for people, from the same OpenAPI document the server
/// sends at `/api/v1/openapi.json`.
pub async fn api_page(State(app): State<Arc<App>>, page: Page) -> Response {
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
        &page,
        StatusCode::OK,
        "api.html",
        context! {
            title => i18n::word("api_title", page.lang),
            description => doc["info"]["description"].as_str(),
            operations,
        },
    )
}

/// `/compare`: the topics that can be compared.
pub async fn topics(State(app): State<Arc<App>>, page: Page) -> Response {
    render(
        &app,
        &page,
        StatusCode::OK,
        "topics.html",
        context! {
            title => i18n::word("compare_title", page.lang),
            topics => app
                .vocabulary
                .topics
                .iter()
                .map(|x| {
                    let (title, question, english) = x.text_in(page.lang);
                    context! { id => x.id, title, question, lang => if english { "en" } else { page.lang } }
                })
                .collect::<Vec<_>>(),
        },
    )
}

/// `/compare/{topic}`: the provisions of each jurisdiction on a topic, side by side.
pub async fn compare(
    State(app): State<Arc<App>>,
    page: Page,
    Path(topic): Path<String>,
    Query(query): Query<ProvisionQuery>,
) -> Response {
    let lang = page.lang;
    let as_of = match as_of_param(&app, &page, query.as_of.as_deref()) {
        Ok(d) => d,
        Err(page) => return *page,
    };
    match api::run_compare(&app, &topic, as_of, crate::report::Words::of(lang)) {
        Ok(c) => {
            let (topic_title, topic_question, topic_english) = c.topic.text_in(lang);
            let topic_lang = if topic_english { "en" } else { lang };
            let cells: Vec<Value> = c
                .cells
                .iter()
                .map(|cell| {
                    let own = cell.jurisdiction.info().language();
                    let content_langs: Vec<&str> = cell
                        .provisions
                        .iter()
                        .map(|p| match p.basis {
                            crate::compare::Basis::Summary => "en",
                            _ => i18n::language_of(&p.content, own),
                        })
                        .collect();
                    let headings: Vec<Value> = cell
                        .provisions
                        .iter()
                        .map(|p| {
                            let (text, lang) = app.corpus.entry(&p.address).map_or_else(
                                || {
                                    (
                                        p.heading.clone(),
                                        i18n::language_of(&p.heading, own).to_string(),
                                    )
                                },
                                |e| heading_in(app.corpus.provision(e), &p.address, lang, own),
                            );
                            context! { text, lang }
                        })
                        .collect();
                    context! {
                        jurisdiction => cell.jurisdiction.info().name_in(lang),
                        own,
                        content_langs,
                        headings,
                        cell => Value::from_serialize(cell),
                    }
                })
                .collect();
            render(
                &app,
                &page,
                StatusCode::OK,
                "compare.html",
                context! { title => topic_title, topic => Value::from_serialize(&c.topic), topic_title, topic_question, topic_lang, as_of => as_of.map(|d| d.to_string()), cells },
            )
        }
        Err(e) => api_error_page(&app, &page, e),
    }
}

/// `/sources`: where each instrument's text comes from.
pub async fn sources(State(app): State<Arc<App>>, page: Page) -> Response {
    render(
        &app,
        &page,
        StatusCode::OK,
        "sources.html",
        context! { title => i18n::word("sources_title", page.lang), sources => Value::from_serialize(&app.sources) },
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
pub async fn not_found(State(app): State<Arc<App>>, page: Page) -> Response {
    let example = crate::corpus::citation::examples(&app.corpus)
        .into_iter()
        .next()
        .map_or_else(|| "ADDRESS".to_string(), |(address, _)| address);
    render(
        &app,
        &page,
        StatusCode::NOT_FOUND,
        "error.html",
        context! {
            title => i18n::word("error_title", page.lang),
            status => 404,
            message => i18n::word("no_page", page.lang),
            message_lang => page.lang,
            example => format!("/p/{example}"),
        },
    )
}
