//! Completion: what may be written at the cursor, from the words before it on its line.

use crate::corpus::Corpus;
use crate::facts::{FactType, Vocabulary};

use super::symbols::Role;
use super::workspace::SetFile;

/// The most provision addresses one completion lists.
pub const MAX_ADDRESSES: usize = 200;

/// What may be written at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// A provision address (after `cites` or a comma of its list).
    Address,
    /// An outcome (after `->`).
    Outcome,
    /// A rule (after `unless` or a comma of its list).
    Rule,
    /// A value of this fact (after `FACT =`, `FACT !=`, inside `FACT in {…}`).
    Value(String),
    /// A fact or a definition (in a condition).
    Condition,
    /// Nothing in particular.
    Nothing,
}

/// One proposal: the text to write, what it is, and more about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The whole word to write in place of the one being typed.
    pub text: String,
    /// What kind of thing it is.
    pub role: Role,
    /// A short description (a fact's type, a provision's caption).
    pub detail: Option<String>,
    /// A longer one (a fact's question).
    pub documentation: Option<String>,
}

/// The word being typed before the cursor: its byte length, counted back from the cursor.
pub fn typed(line_before: &str) -> &str {
    let start = line_before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-')))
        .map_or(0, |i| i + 1);
    &line_before[start..]
}

/// What the text before the word being typed asks for.
pub fn wanted(line_before_word: &str, word: &str) -> Wanted {
    let before = line_before_word.trim_end();
    let last_word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let in_list = |keyword: &str| {
        before.ends_with(',')
            && before
                .split_whitespace()
                .rev()
                .find(|w| !w.ends_with(','))
                .is_some_and(|w| w == keyword)
    };
    if last_word == "cites" || in_list("cites") {
        return Wanted::Address;
    }
    if before.ends_with("->") {
        return Wanted::Outcome;
    }
    if last_word == "unless" || in_list("unless") {
        return Wanted::Rule;
    }
    // `FACT =`, `FACT !=`, `FACT in {a, `
    if let Some(open) = before.rfind('{') {
        if !before[open..].contains('}') {
            let head = before[..open].trim_end();
            if let Some(head) = head.strip_suffix(" in") {
                if let Some(fact) = head.split_whitespace().last() {
                    return Wanted::Value(fact.trim_start_matches('(').to_string());
                }
            }
        }
    }
    for op in ["!=", "="] {
        if let Some(head) = before.strip_suffix(op) {
            let fact = head.split_whitespace().last().unwrap_or("");
            let fact = fact.trim_start_matches('(');
            if !fact.is_empty() && fact.contains('.') {
                return Wanted::Value(fact.to_string());
            }
        }
    }
    let condition_words = ["when", "and", "or", "not", "=", "("];
    if word.contains('.')
        || condition_words
            .iter()
            .any(|w| last_word == *w || last_word.ends_with('('))
    {
        return Wanted::Condition;
    }
    Wanted::Nothing
}

/// The jurisdiction a parsed rule file states (`jurisdiction cn`, `extends cn`).
pub fn jurisdiction_of(file: &SetFile) -> Option<String> {
    use crate::rules::ast::Declaration;
    file.tree
        .as_ref()?
        .declarations
        .iter()
        .find_map(|d| match d {
            Declaration::Jurisdiction(n) => Some(n.text.clone()),
            Declaration::Proposal(p) => Some(p.extends.text.clone()),
            _ => None,
        })
}

/// The jurisdiction a rule file's text states, read from its words (the file need not
/// parse).
pub fn jurisdiction_in_text(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let mut words = l.split_whitespace();
        match words.next()? {
            "jurisdiction" => words.next().map(str::to_string),
            "proposal" => {
                let rest = l.rsplit_once("extends")?.1;
                rest.split_whitespace().next().map(str::to_string)
            }
            _ => None,
        }
    })
}

/// Every candidate for `wanted`, whose text starts with `word`.
pub fn candidates(
    wanted: &Wanted,
    word: &str,
    jurisdiction: Option<&str>,
    set: &[SetFile],
    vocabulary: &Vocabulary,
    corpus: &Corpus,
    language: &str,
) -> (Vec<Candidate>, bool) {
    let declared = |role: Role| -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        for f in set {
            let theirs = jurisdiction_of(f);
            if jurisdiction.is_some() && theirs.is_some() && theirs.as_deref() != jurisdiction {
                continue;
            }
            for o in &f.occurrences {
                if o.role == role && o.declares && o.name.starts_with(word) {
                    if out.iter().any(|c| c.text == o.name) {
                        continue;
                    }
                    let first_line = f
                        .source
                        .text
                        .get(o.declaration.clone())
                        .and_then(|t| t.lines().next())
                        .map(str::to_string);
                    out.push(Candidate {
                        text: o.name.clone(),
                        role,
                        detail: first_line,
                        documentation: None,
                    });
                }
            }
        }
        out
    };
    let facts = || -> Vec<Candidate> {
        vocabulary
            .values()
            .filter(|d| d.name.starts_with(word))
            .filter(|d| {
                d.scope
                    .is_none_or(|s| jurisdiction.is_none_or(|j| s.code() == j))
            })
            .map(|d| Candidate {
                text: d.name.clone(),
                role: Role::Fact,
                detail: Some(d.ty.describe()),
                documentation: d
                    .question(language)
                    .or_else(|| d.question(crate::lang::BASE))
                    .map(str::to_string),
            })
            .collect()
    };
    match wanted {
        Wanted::Address => {
            let prefix = match (word.is_empty(), jurisdiction) {
                (true, Some(j)) => format!("{j}/"),
                _ => word.to_string(),
            };
            let mut matching = corpus.addresses().filter(|a| a.starts_with(&prefix));
            let mut out = Vec::new();
            for address in matching.by_ref().take(MAX_ADDRESSES) {
                out.push(Candidate {
                    text: address.to_string(),
                    role: Role::Address,
                    detail: Some(super::hover::caption(corpus, address, Some(language))),
                    documentation: None,
                });
            }
            let more = matching.next().is_some();
            (out, more)
        }
        Wanted::Outcome => (declared(Role::Outcome), false),
        Wanted::Rule => (declared(Role::Rule), false),
        Wanted::Value(fact) => {
            let Some(def) = vocabulary.get(fact) else {
                return (Vec::new(), false);
            };
            let values = match &def.ty {
                FactType::Enum(values) => values.clone(),
                FactType::Bool => vec!["true".into(), "false".into()],
                _ => Vec::new(),
            };
            let out = values
                .into_iter()
                .filter(|v| v.starts_with(word))
                .map(|v| Candidate {
                    detail: Some(def.label(&v, language).0.to_string()),
                    text: v,
                    role: Role::Value,
                    documentation: None,
                })
                .collect();
            (out, false)
        }
        Wanted::Condition => {
            let mut out = facts();
            if !word.contains('.') {
                out.extend(declared(Role::Definition));
            }
            (out, false)
        }
        Wanted::Nothing => (Vec::new(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_before_the_cursor_say_what_is_wanted() {
        assert_eq!(wanted("  when ", "benefits."), Wanted::Condition);
        assert_eq!(wanted("  cites ", ""), Wanted::Address);
        assert_eq!(
            wanted("  cites cn/insurance-law/art-2, ", "cn/"),
            Wanted::Address
        );
        assert_eq!(wanted("rule r ->", ""), Wanted::Outcome);
        assert_eq!(wanted("  unless a, ", ""), Wanted::Rule);
        assert_eq!(
            wanted("  when licences.cn = ", "ins"),
            Wanted::Value("licences.cn".into())
        );
        assert_eq!(
            wanted("  and (benefits.trigger in {none, ", ""),
            Wanted::Value("benefits.trigger".into())
        );
        assert_eq!(wanted("  because ", ""), Wanted::Nothing);
        assert_eq!(typed("  when benefits.enf"), "benefits.enf");
    }
}
