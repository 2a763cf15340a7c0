//! What hovering over a name shows: a provision's text with its status and dates, a fact's
//! type and question, a declaration with its citations.

use std::fmt::Write as _;

use crate::corpus::{Corpus, Entry, Version};
use crate::facts::{FactDef, FactType};

use super::symbols::{Occurrence, Role};
use super::workspace::SetFile;

/// The version of a provision shown: the newest of its own, else the newest of the
/// provision whose text holds it (a paragraph held within its article's text), with the
/// address of that provision.
fn newest_version<'a>(corpus: &'a Corpus, entry: &Entry) -> Option<(&'a Version, String)> {
    let mut at = entry.address.clone();
    loop {
        let e = corpus.entry(&at)?;
        if let Some(v) = corpus.provision(e).versions.last() {
            return Some((v, at));
        }
        let cut = at.rfind('/')?;
        at.truncate(cut);
    }
}

/// A provision: its citation and caption, its text in `language` (else in the language of
/// its jurisdiction), the status of that text and the dates it is in force.
pub fn address(corpus: &Corpus, address: &str, language: Option<&str>) -> Option<String> {
    let entry = corpus.entry(address)?;
    let cited = crate::cite::cite(corpus, entry);
    let inst = corpus.instrument_of(entry);
    let provision = corpus.provision(entry);
    let lang = language.unwrap_or(cited.language);
    let pick = |m: &indexmap::IndexMap<String, String>| {
        m.get(lang)
            .or_else(|| m.get(cited.language))
            .or_else(|| m.values().next())
            .cloned()
    };
    let mut out = format!("**{}**", cited.native);
    if let Some(caption) = pick(&provision.heading) {
        if !cited.native.ends_with(caption.as_str()) {
            let _ = write!(out, " — {caption}");
        }
    }
    let _ = write!(out, "\n\n{}", pick(&inst.title).unwrap_or_default());
    match newest_version(corpus, entry) {
        Some((version, holder)) => {
            let text = version
                .text
                .get(lang)
                .map(|t| (lang, t))
                .or_else(|| {
                    version
                        .text
                        .get(cited.language)
                        .map(|t| (cited.language, t))
                })
                .or_else(|| version.text.iter().next().map(|(l, t)| (l.as_str(), t)));
            if let Some((text_lang, text)) = text {
                out.push_str("\n\n");
                for line in text.text.lines() {
                    let _ = writeln!(out, "> {line}");
                }
                let source = provision.source.as_ref().unwrap_or(&inst.source);
                let _ = write!(out, "\nText ({text_lang}): {}", text.status_label(source));
                if version.translation_of_unverified(text_lang) {
                    out.push_str(", translated from an unverified transcription");
                }
                if holder != entry.address {
                    let _ = write!(out, "; the corpus holds it within `{holder}`");
                }
                // a text in another language than the law's: the law's own text beside it
                if text_lang != cited.language {
                    if let Some(own) = version.text.get(cited.language) {
                        out.push_str("\n\n");
                        for line in own.text.lines() {
                            let _ = writeln!(out, "> {line}");
                        }
                        let _ = write!(
                            out,
                            "\nText ({}): {}",
                            cited.language,
                            own.status_label(source)
                        );
                    }
                }
            }
            let from = version.from.or(inst.effective);
            let _ = write!(
                out,
                "\n\nIn force: {} to {}",
                from.map_or("(no date held)".to_string(), |d| d.to_string()),
                version.to.map_or("now".to_string(), |d| d.to_string())
            );
            let versions = &corpus.provision(corpus.entry(&holder)?).versions;
            if versions.len() > 1 {
                let periods: Vec<String> = versions
                    .iter()
                    .map(|v| {
                        format!(
                            "{} to {}",
                            v.from
                                .or(inst.effective)
                                .map_or("?".to_string(), |d| d.to_string()),
                            v.to.map_or("now".to_string(), |d| d.to_string())
                        )
                    })
                    .collect();
                let _ = write!(out, " (versions: {})", periods.join("; "));
            }
        }
        None => {
            match &provision.summary {
                Some(summary) => {
                    let _ = write!(
                        out,
                        "\n\n> {summary}\n\nText: summary (written for mutua: the corpus holds none of the provision's own text)"
                    );
                }
                None => {
                    let _ = write!(out, "\n\nText: {}", cited.text_label());
                }
            }
            let _ = write!(
                out,
                "\n\nIn force: {} to {} (the instrument's dates)",
                inst.effective
                    .map_or("(no date held)".to_string(), |d| d.to_string()),
                inst.in_force_until
                    .map_or("now".to_string(), |d| d.to_string())
            );
        }
    }
    let _ = write!(out, "\n\n`{address}`");
    Some(out)
}

/// A declared fact: its type, allowed values (with their labels), bounds, default and
/// question, in `language` (else English).
pub fn fact(def: &FactDef, language: &str) -> String {
    let mut out = format!("**fact `{}`**: ", def.name);
    match &def.ty {
        FactType::Enum(values) => {
            out.push_str("one of");
            for v in values {
                let (label, _) = def.label(v, language);
                if label == v {
                    let _ = write!(out, "\n- `{v}`");
                } else {
                    let _ = write!(out, "\n- `{v}`: {label}");
                }
            }
        }
        other => out.push_str(&other.describe()),
    }
    match (def.min, def.max) {
        (Some(min), Some(max)) => {
            let _ = write!(out, "\n\nfrom {min} to {max}");
        }
        (Some(min), None) if min != 0 => {
            let _ = write!(out, "\n\nat least {min}");
        }
        (None, Some(max)) => {
            let _ = write!(out, "\n\nat most {max}");
        }
        _ => {}
    }
    if let Some(d) = &def.default {
        let _ = write!(out, "\n\ndefault: `{d:?}`");
    }
    if let Some(q) = def
        .question(language)
        .or_else(|| def.question(crate::lang::BASE))
    {
        let _ = write!(out, "\n\n{q}");
    }
    let _ = write!(out, "\n\ndeclared at {}", def.defined_at);
    out
}

/// A declaration (definition, outcome, rule, warning) as written, with the captions of
/// the provisions it cites; for an outcome, the rules that give it.
pub fn declaration(
    corpus: &Corpus,
    file: &SetFile,
    decl: &Occurrence,
    set: &[SetFile],
    language: Option<&str>,
) -> String {
    let text = file
        .source
        .text
        .get(decl.declaration.clone())
        .unwrap_or_default();
    // the declaration's own lines, without the comments that follow it
    let mut lines: Vec<&str> = text.lines().collect();
    while lines
        .last()
        .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        lines.pop();
    }
    let mut out = format!("```\n{}\n```", lines.join("\n"));
    let cites: Vec<&Occurrence> = file
        .occurrences
        .iter()
        .filter(|o| o.declaration == decl.declaration && o.role == Role::Address)
        .collect();
    if !cites.is_empty() {
        out.push_str("\n\nCites:");
        for c in cites {
            let _ = write!(out, "\n- {}", caption(corpus, &c.name, language));
        }
    }
    if decl.role == Role::Outcome {
        let jurisdiction = super::complete::jurisdiction_of(file);
        let rules: Vec<String> = set
            .iter()
            .filter(|f| super::complete::jurisdiction_of(f) == jurisdiction)
            .flat_map(|f| {
                f.occurrences
                    .iter()
                    .filter(|o| o.role == Role::Rule && o.declares)
                    .filter(|r| {
                        f.occurrences.iter().any(|o| {
                            o.declaration == r.declaration
                                && o.role == Role::Outcome
                                && o.name == decl.name
                        })
                    })
                    .map(|r| format!("`{}`", r.name))
            })
            .collect();
        if !rules.is_empty() {
            let _ = write!(out, "\n\nGiven by: {}", rules.join(", "));
        }
    }
    out
}

/// An address with its citation and caption, for lists.
pub fn caption(corpus: &Corpus, address: &str, language: Option<&str>) -> String {
    let Some(entry) = corpus.entry(address) else {
        return format!("`{address}` (not in the corpus)");
    };
    let cited = crate::cite::cite(corpus, entry);
    let heading = corpus.provision(entry).heading.clone();
    let lang = language.unwrap_or(cited.language);
    match heading
        .get(lang)
        .or_else(|| heading.get(cited.language))
        .or_else(|| heading.values().next())
    {
        Some(h) if !cited.native.ends_with(h.as_str()) => {
            format!("`{address}` {} — {h}", cited.native)
        }
        _ => format!("`{address}` {}", cited.native),
    }
}
