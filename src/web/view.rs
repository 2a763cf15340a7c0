//! The templates of the pages (built into the binary, auto-escaping), their filters, and
//! the embedded stylesheet and script.

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment};

/// The stylesheet served at `/static/style.css`.
pub const STYLE: &str = include_str!("static/style.css");
/// The script served at `/static/app.js`: it only enhances pages that work without it.
pub const SCRIPT: &str = include_str!("static/app.js");

/// The page templates by name.
pub(super) const TEMPLATES: [(&str, &str); 16] = [
    ("macros.html", include_str!("templates/macros.html")),
    ("topics.html", include_str!("templates/topics.html")),
    ("compare.html", include_str!("templates/compare.html")),
    ("sources.html", include_str!("templates/sources.html")),
    ("base.html", include_str!("templates/base.html")),
    ("search.html", include_str!("templates/search.html")),
    ("provision.html", include_str!("templates/provision.html")),
    ("instrument.html", include_str!("templates/instrument.html")),
    ("classify.html", include_str!("templates/classify.html")),
    ("result.html", include_str!("templates/result.html")),
    ("whatif.html", include_str!("templates/whatif.html")),
    ("diff.html", include_str!("templates/diff.html")),
    ("error.html", include_str!("templates/error.html")),
    ("permalink.html", include_str!("templates/permalink.html")),
    ("api.html", include_str!("templates/api.html")),
    ("problem.html", include_str!("templates/problem.html")),
];

/// The template environment: every `.html` template escapes what it prints. The corpus's
/// jurisdictions, in display order, are the global `corpus_jurisdictions` (code and name)
/// and `jurisdiction_names` ("China, New York and Japan").
pub fn templates(jurisdictions: &[crate::corpus::Jurisdiction]) -> Environment<'static> {
    let mut env = Environment::new();
    let listed: Vec<Value> = jurisdictions
        .iter()
        .map(|j| minijinja::context! { code => j.code(), name => j.name() })
        .collect();
    env.add_global("corpus_jurisdictions", Value::from(listed));
    env.add_global(
        "jurisdiction_names",
        crate::report::names_joined(jurisdictions),
    );
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
    for (name, source) in TEMPLATES {
        // the templates are part of the binary: one that does not parse fails the tests
        if let Err(e) = env.add_template(name, source) {
            eprintln!("template {name}: {e}");
        }
    }
    env.add_filter("marked", marked);
    env.add_filter("fill", super::i18n::fill);
    env.add_filter("langof", |text: String, han: String| {
        super::i18n::language_of(&text, &han)
    });
    env
}

/// A search snippet (matches in `**bold**`) as HTML: the text escaped, the matches in
/// `<mark>`.
fn marked(snippet: String) -> Value {
    let mut out = String::new();
    for (i, part) in snippet.split("**").enumerate() {
        let escaped = escape(part);
        if i % 2 == 1 {
            out.push_str("<mark>");
            out.push_str(&escaped);
            out.push_str("</mark>");
        } else {
            out.push_str(&escaped);
        }
    }
    Value::from_safe_string(out)
}

/// Text escaped for HTML (element content and quoted attributes).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// A word-level diff of two texts as HTML: removed words in `<del>`, added ones in
/// `<ins>`. Chinese and Japanese, written without spaces, are compared character by
/// character.
pub fn word_diff(old: &str, new: &str) -> Value {
    let cjk = |t: &str| {
        t.chars().any(|c| {
            ('\u{3040}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c)
        })
    };
    let diff = if cjk(old) || cjk(new) {
        similar::TextDiff::from_chars(old, new)
    } else {
        similar::TextDiff::from_words(old, new)
    };
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let text = escape(change.value());
        match change.tag() {
            similar::ChangeTag::Equal => out.push_str(&text),
            similar::ChangeTag::Delete => out.push_str(&format!("<del>{text}</del>")),
            similar::ChangeTag::Insert => out.push_str(&format!("<ins>{text}</ins>")),
        }
    }
    Value::from_safe_string(out)
}
