//! Which texts of rule files lack a language: `mutua check --lang zh` lists every reason,
//! contested reading, warning, question and enum label that has no Chinese text, each at
//! its file:line:col, so that a translator can work through them. A missing text is not an
//! error of the rules (the English one is shown, marked as such); asked for, it is a
//! warning, and `check` fails while any is left.

use super::ast::{Clause, Declaration, FactDecl, FactTypeAst, Said};
use super::syntax;
use crate::diagnostic::{Diagnostic, SourceFile};

/// How the languages are named in messages.
fn language_name(code: &str) -> &'static str {
    match code {
        "zh" => "Chinese",
        "ja" => "Japanese",
        _ => "English",
    }
}

/// Every text of `files` with no version in `language`, as warnings at their places.
/// Files that do not parse are left to the checker, which reports why.
pub fn missing_texts(files: &[SourceFile], language: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in files {
        let Ok(tree) = syntax::parse_file(file) else {
            continue;
        };
        for decl in &tree.declarations {
            missing_in(file, decl, language, &mut out);
        }
    }
    out
}

fn missing_in(file: &SourceFile, decl: &Declaration, language: &str, out: &mut Vec<Diagnostic>) {
    let name = language_name(language);
    let mut missing = |span: std::ops::Range<usize>, what: String, help: String| {
        out.push(
            Diagnostic::warning(format!("{what} has no {name} text"))
                .at(file.span(span))
                .help(help),
        );
    };
    let has = |said: &[&Said]| said.iter().any(|s| s.code() == language);
    match decl {
        Declaration::Fact(f) => fact_texts(f, language, &mut missing),
        Declaration::Rule(r) => {
            let because: Vec<&Said> = r
                .clauses
                .iter()
                .filter_map(|c| match &c.clause {
                    Clause::Because(s) => Some(s),
                    _ => None,
                })
                .collect();
            if !because.is_empty() && !has(&because) {
                missing(
                    r.name.span.clone(),
                    format!("the reason of rule `{}`", r.name.text),
                    format!("add `because {language} \"…\"` after its `because`"),
                );
            }
            for c in &r.clauses {
                if let Clause::Contested(reading) = &c.clause {
                    let said: Vec<&Said> = reading.because.iter().collect();
                    if !has(&said) {
                        missing(
                            reading.outcome.span.clone(),
                            format!(
                                "the contested reading `{}` of rule `{}`",
                                reading.outcome.text, r.name.text
                            ),
                            format!("add `because {language} \"…\"` after the reading's `because`"),
                        );
                    }
                }
            }
        }
        Declaration::Warning(w) => {
            let says: Vec<&Said> = w
                .clauses
                .iter()
                .filter_map(|c| match &c.clause {
                    Clause::Says(s) => Some(s),
                    _ => None,
                })
                .collect();
            if !has(&says) {
                missing(
                    w.name.span.clone(),
                    format!("warning `{}`", w.name.text),
                    format!("add `says {language} \"…\"` to the warning"),
                );
            }
        }
        Declaration::Replace(r) => missing_in(file, &r.declaration, language, out),
        _ => {}
    }
}

/// A fact's question and its enum values' labels in `language`.
fn fact_texts(
    f: &FactDecl,
    language: &str,
    missing: &mut impl FnMut(std::ops::Range<usize>, String, String),
) {
    if !f.questions.iter().any(|q| q.language.text == language) {
        missing(
            f.name.span.clone(),
            format!("the question of fact `{}`", f.name.text),
            format!("add `question {language} \"…\"`"),
        );
    }
    if let FactTypeAst::Enum(values) = &f.ty.node {
        for v in values {
            let labelled = f
                .labels
                .iter()
                .any(|l| l.value.text == v.text && l.language.text == language);
            if !labelled {
                missing(
                    v.span.clone(),
                    format!("the value `{}` of fact `{}`", v.text, f.name.text),
                    format!(
                        "add `label {} {language} \"…\"` after the fact's questions",
                        v.text
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped rule files and proposals.
    fn shipped_files() -> Vec<SourceFile> {
        let mut files = Vec::new();
        for dir in ["corpus/rules", "corpus/rules/proposals"] {
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "rules"))
                .collect();
            paths.sort();
            for p in paths {
                let text = std::fs::read_to_string(&p).unwrap();
                files.push(SourceFile::new(p.display().to_string(), text));
            }
        }
        assert!(files.len() >= 5, "{}", files.len());
        files
    }

    /// Every text of a rule file in a language, with the jurisdiction whose law the file
    /// states (its `jurisdiction` line, or the one its proposal extends).
    fn texts_in(file: &SourceFile, language: &str) -> (Option<String>, Vec<String>) {
        let tree = syntax::parse_file(file).unwrap();
        let mut code = None;
        let mut out = Vec::new();
        let said = |s: &Said, out: &mut Vec<String>| {
            if s.code() == language {
                out.push(s.text.node.clone());
            }
        };
        fn walk(
            d: &Declaration,
            language: &str,
            out: &mut Vec<String>,
            said: &dyn Fn(&Said, &mut Vec<String>),
        ) {
            match d {
                Declaration::Rule(r) => {
                    for c in &r.clauses {
                        match &c.clause {
                            Clause::Because(s) => said(s, out),
                            Clause::Contested(reading) => {
                                reading.because.iter().for_each(|s| said(s, out))
                            }
                            _ => {}
                        }
                    }
                }
                Declaration::Warning(w) => {
                    for c in &w.clauses {
                        if let Clause::Says(s) = &c.clause {
                            said(s, out);
                        }
                    }
                }
                Declaration::Fact(f) => {
                    for l in f.labels.iter().filter(|l| l.language.text == language) {
                        out.push(l.text.node.clone());
                    }
                }
                Declaration::Replace(r) => walk(&r.declaration, language, out, said),
                _ => {}
            }
        }
        for d in &tree.declarations {
            match d {
                Declaration::Jurisdiction(j) => code = Some(j.text.clone()),
                Declaration::Proposal(p) => code = Some(p.extends.text.clone()),
                _ => walk(d, language, &mut out, &said),
            }
        }
        (code, out)
    }

    #[test]
    fn the_shipped_translations_use_the_glossary_terms_of_each_system() {
        let glossary = crate::corpus::glossary::Glossary::shipped();
        let mut checked = 0;
        for file in shipped_files() {
            for language in ["zh", "ja"] {
                let (Some(code), texts) = texts_in(&file, language) else {
                    continue;
                };
                for concept in &glossary.concepts {
                    let Some(term) = concept.systems.get(&code) else {
                        continue;
                    };
                    for wrong in term.avoid.get(language).into_iter().flatten() {
                        checked += 1;
                        for t in &texts {
                            assert!(
                                !t.contains(wrong.as_str()),
                                "{}: a {language} text of {code}'s law writes `{wrong}` for {}, which the glossary gives as `{}`: {t}",
                                file.name,
                                concept.concept,
                                term.words[language]
                            );
                        }
                    }
                }
            }
        }
        assert!(checked > 5, "{checked} renderings checked");
    }

    #[test]
    fn the_shipped_rules_and_proposals_have_every_text_in_chinese_and_japanese() {
        let files = shipped_files();
        for language in ["zh", "ja"] {
            let missing: Vec<String> = missing_texts(&files, language)
                .iter()
                .map(|d| d.render_plain())
                .collect();
            assert!(missing.is_empty(), "{language}: {missing:#?}");
        }
    }

    #[test]
    fn every_kind_of_text_without_the_language_is_listed_at_its_place() {
        let text = "jurisdiction cn\n\
            fact a.b enum { x, y }\n  question en \"A?\"\n  question zh \"甲？\"\n  label x zh \"叉\"\n\
            outcome o kind insurance compliance licensed\n\
            rule r -> o when a.b = x cites c/d/e because \"Why.\"\n\
              arguably -> o cites c/d/e because \"Arguably.\" because zh \"或可。\"\n\
            rule s -> o when a.b = y cites c/d/e because \"Why.\" because zh \"为何。\"\n\
            warn w \"Careful.\" when a.b = x cites c/d/e\n";
        let file = SourceFile::new("t.rules", text);
        let zh: Vec<String> = missing_texts(std::slice::from_ref(&file), "zh")
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            zh,
            [
                "the value `y` of fact `a.b` has no Chinese text",
                "the reason of rule `r` has no Chinese text",
                "warning `w` has no Chinese text",
            ]
        );
        let ja = missing_texts(std::slice::from_ref(&file), "ja");
        // the question, both values, both reasons, the reading and the warning
        assert_eq!(ja.len(), 7, "{ja:?}");
        let first = ja[0].location.as_ref().unwrap();
        assert_eq!((first.line, first.column), (2, 6));
    }
}
