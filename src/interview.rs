//! The interview: a scheme described by answering questions, one at a time.
//!
//! Each round classifies what is known so far, in every jurisdiction asked for. Of the
//! facts that can still settle a rule of an open answer, it asks the most decisive one
//! first: the fact that settles the most such rules. It says why it asks (the rules and
//! provisions the answer decides), validates each answer (choices numbered, numbers with units, dates) and asks
//! again when an answer is not understood. "Don't know" (`?`, an empty line) leaves a fact
//! unknown and it is not asked again. An answer is shown as soon as a jurisdiction is
//! decided. When nothing more can change an answer the interview returns the scheme,
//! which [`scheme_yaml`] writes out as a scheme file. Input that ends while a question is
//! open is an error, not an answer: nothing is written.
//!
//! Input is read line by line and prompts are plain text, so the same interview runs at a
//! terminal and with answers piped in.

use std::io::{BufRead, Write};

use chrono::NaiveDate;
use indexmap::IndexMap;

use crate::corpus::{Corpus, Jurisdiction};
use crate::diagnostic::SourceFile;
use crate::facts::{FactDef, FactType, FactValue, Vocabulary};
use crate::rules::RuleSet;
use crate::scheme::{Scheme, CURRENCY_FACT};

/// What an interview is about and in which language it asks.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    /// The rules (with their fact declarations and questions).
    pub rules: &'a RuleSet,
    /// The corpus the rules cite.
    pub corpus: &'a Corpus,
    /// The jurisdictions to classify in.
    pub jurisdictions: Vec<Jurisdiction>,
    /// `en`, `zh` or `ja`: the language of the questions (English where one is missing).
    pub language: &'a str,
}

/// Words of the interview in its language.
fn words(language: &str) -> [&'static str; 9] {
    match language {
        "zh" => [
            "计划名称？",
            "按哪一天的法律判断？(YYYY-MM-DD)",
            "不知道请输入 ?",
            "无法理解：",
            "原因：",
            "已确定",
            "请输入名称",
            "请按 YYYY-MM-DD 格式输入，例如 2019-11-27",
            "规则",
        ],
        "ja" => [
            "制度の名称は？",
            "どの日付の法律で判断しますか。(YYYY-MM-DD)",
            "分からない場合は ? と入力",
            "理解できません：",
            "理由：",
            "決定",
            "名称を入力してください",
            "YYYY-MM-DD の形式で入力してください（例：2019-11-27）",
            "ルール",
        ],
        _ => [
            "What is the scheme called?",
            "As of which date should the law be applied? (YYYY-MM-DD)",
            "? if you don't know",
            "Not understood:",
            "Why this is asked:",
            "Decided",
            "a name is needed",
            "YYYY-MM-DD, e.g. 2019-11-27",
            "rule",
        ],
    }
}

/// Runs the interview on `input`, writing questions and answers to `out`.
pub fn run(
    setup: &Setup<'_>,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> std::io::Result<Scheme> {
    let w = words(setup.language);
    let input = &mut Answers {
        reader: input,
        line: 0,
    };
    let name = loop {
        writeln!(out, "{}", w[0])?;
        match input.next()? {
            None => return Err(ended("the scheme's name")),
            Some(l) if !l.trim().is_empty() => break l.trim().to_string(),
            Some(_) => writeln!(out, "{} {}", w[3], w[6])?,
        }
    };
    let as_of = loop {
        writeln!(out, "{}", w[1])?;
        match input.next()? {
            None => return Err(ended("the date as of which the law is applied")),
            Some(l) => match NaiveDate::parse_from_str(l.trim(), "%Y-%m-%d") {
                Ok(d) => break d,
                Err(_) => writeln!(out, "{} `{}`: {}", w[3], l.trim(), w[7])?,
            },
        }
    };
    let mut scheme = Scheme {
        name,
        as_of: Some(as_of),
        facts: crate::facts::FactMap::default(),
        source: SourceFile::new("<interview>", ""),
    };
    let mut dont_know: Vec<String> = Vec::new();
    let mut announced: Vec<Jurisdiction> = Vec::new();
    loop {
        // the outcome decided in each jurisdiction so far (a cheap check each round)
        let decided: Vec<bool> = setup
            .jurisdictions
            .iter()
            .map(|&j| {
                setup.rules.of(j).is_some_and(|rules| {
                    let facts = crate::facts::Facts::new(&scheme.facts);
                    crate::rules::eval::decided_outcome(rules, &facts, as_of).is_some()
                })
            })
            .collect();
        for (&j, &done) in setup.jurisdictions.iter().zip(&decided) {
            if done && !announced.contains(&j) {
                announced.push(j);
                let e = crate::rules::evaluate(setup.rules, j, &scheme, as_of, setup.corpus, "en");
                writeln!(
                    out,
                    "  → {} {}: {}",
                    w[5],
                    j.name(),
                    crate::report::classify::answer_line(&e)
                )?;
            }
        }
        let Some((fact, decides)) = next_question(setup, &scheme, as_of, &decided, &dont_know)
        else {
            break;
        };
        let Some(def) = setup.rules.facts.get(&fact) else {
            dont_know.push(fact);
            continue;
        };
        // an amount needs its currency first
        if def.ty == FactType::Money && !scheme.facts.contains_key(CURRENCY_FACT) {
            if let Some(currency) = setup.rules.facts.get(CURRENCY_FACT) {
                match ask(setup, currency, &decides, &scheme, input, out)? {
                    Answer::Value(v) => {
                        scheme.facts.insert(CURRENCY_FACT.to_string(), v);
                    }
                    Answer::DontKnow => dont_know.push(CURRENCY_FACT.to_string()),
                    Answer::End => return Err(ended(&format!("`{CURRENCY_FACT}`"))),
                }
            }
        }
        match ask(setup, def, &decides, &scheme, input, out)? {
            Answer::Value(v) => {
                scheme.facts.insert(fact, v);
            }
            Answer::DontKnow => dont_know.push(fact),
            Answer::End => return Err(ended(&format!("`{fact}`"))),
        }
    }
    Ok(scheme)
}

enum Answer {
    Value(FactValue),
    DontKnow,
    End,
}

/// A rule an answer to a question would decide: (jurisdiction, rule, its citations).
type Decides = (Jurisdiction, String, Vec<String>);

/// The next fact to ask, with the rules its answer decides: of the facts not yet given (nor
/// answered "don't know"), the one that settles the most open rules of the jurisdictions
/// still undecided. A rule is settled by a fact when some value of it makes the rule's
/// condition true or false where it is unknown now.
fn next_question(
    setup: &Setup<'_>,
    scheme: &Scheme,
    as_of: NaiveDate,
    decided: &[bool],
    dont_know: &[String],
) -> Option<(String, Vec<Decides>)> {
    use crate::rules::eval::{fact_domains, truth};
    use crate::rules::outcome::Truth;
    let mut decides: IndexMap<String, Vec<Decides>> = IndexMap::new();
    for (&j, &done) in setup.jurisdictions.iter().zip(decided) {
        if done {
            continue;
        }
        let Some(rules) = setup.rules.of(j) else {
            continue;
        };
        let now = crate::facts::Facts::new(&scheme.facts);
        let open: Vec<_> = rules
            .rules
            .iter()
            .filter(|r| r.in_force(as_of))
            .filter_map(|r| r.when.as_ref().map(|w| (r, w)))
            .filter(|(_, w)| truth(w, rules, &now) == Truth::Unknown)
            .collect();
        for (fact, values) in fact_domains(setup.rules, rules, as_of) {
            if scheme.facts.contains_key(&fact) || dont_know.contains(&fact) {
                continue;
            }
            for (r, w) in &open {
                let settles = values.iter().any(|v| {
                    let mut facts = scheme.facts.clone();
                    facts.insert(fact.clone(), v.clone());
                    truth(w, rules, &crate::facts::Facts::new(&facts)) != Truth::Unknown
                });
                if settles {
                    decides.entry(fact.clone()).or_default().push((
                        j,
                        r.name.clone(),
                        r.cites.clone(),
                    ));
                }
            }
        }
    }
    let best = decides.values().map(Vec::len).max()?;
    decides.into_iter().find(|(_, d)| d.len() == best)
}

/// Asks for one fact until the answer is understood.
fn ask(
    setup: &Setup<'_>,
    def: &FactDef,
    decides: &[Decides],
    scheme: &Scheme,
    input: &mut Answers<'_>,
    out: &mut dyn Write,
) -> std::io::Result<Answer> {
    let w = words(setup.language);
    let question = def
        .question(setup.language)
        .or_else(|| def.question("en"))
        .unwrap_or(&def.name);
    writeln!(out, "\n{question}  [{}]", def.name)?;
    let why: Vec<String> = decides
        .iter()
        .take(6)
        .map(|(j, rule, cites)| {
            format!(
                "{}: {} `{rule}` ({})",
                j.info().name_in(setup.language),
                w[8],
                cites.join(", ")
            )
        })
        .collect();
    if !why.is_empty() {
        writeln!(out, "  {}", w[4])?;
        for line in why {
            writeln!(out, "    - {line}")?;
        }
    }
    if let FactType::Enum(values) = &def.ty {
        // each value as its label reads in the interview's language, and as typed
        for (i, v) in values.iter().enumerate() {
            match def.label(v, setup.language) {
                (label, Some(l)) if label != v => {
                    let mark = if l == setup.language {
                        String::new()
                    } else {
                        format!("[{l}] ")
                    };
                    writeln!(out, "    {}. {mark}{label} ({v})", i + 1)?;
                }
                _ => writeln!(out, "    {}. {v}", i + 1)?,
            }
        }
    } else if def.ty == FactType::Bool {
        writeln!(out, "    yes / no")?;
    }
    let currency = match scheme.facts.get(CURRENCY_FACT) {
        Some(FactValue::Enum(c)) => Some(c.clone()),
        _ => None,
    };
    loop {
        writeln!(out, "  ({})", w[2])?;
        let Some(line) = input.next()? else {
            return Ok(Answer::End);
        };
        let t = line.trim();
        if t.is_empty()
            || t == "?"
            || t.eq_ignore_ascii_case("don't know")
            || t.eq_ignore_ascii_case("unknown")
        {
            return Ok(Answer::DontKnow);
        }
        match def.parse(t, currency.as_deref()) {
            Ok(FactValue::Money { currency: c, .. })
                if currency.as_deref().is_some_and(|have| have != c) =>
            {
                writeln!(
                    out,
                    "{} the scheme's amounts are in {}: give the amount in {} too",
                    w[3],
                    currency.as_deref().unwrap_or_default(),
                    currency.as_deref().unwrap_or_default()
                )?;
            }
            Ok(v) => return Ok(Answer::Value(v)),
            Err(e) => writeln!(out, "{} {e}", w[3])?,
        }
    }
}

/// The answers as they are read, counting lines so that a bad one can be named.
struct Answers<'a> {
    reader: &'a mut dyn BufRead,
    line: usize,
}

impl Answers<'_> {
    /// The next answer, or `None` at the end of the input. An answer holding a control
    /// character (a NUL from a binary file, say) is an error naming its line.
    fn next(&mut self) -> std::io::Result<Option<String>> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        self.line += 1;
        let line = line.trim_end_matches(['\n', '\r']);
        let source = SourceFile::new(format!("line {} of the answers", self.line), line);
        if let Some(d) = source.control_character("the answer") {
            let column = d.location.as_ref().map_or(1, |l| l.column);
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} (line {}, column {column})", d.message, self.line),
            ));
        }
        Ok(Some(line.to_string()))
    }
}

/// The error of an input that ends while a question is open: nothing is written, since
/// an unanswered question is not a "don't know".
fn ended(question: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        format!("the answers ended before {question} was answered"),
    )
}

/// The scheme as a scheme file: `name`, `as_of`, then each known fact under its group,
/// the groups in the order the vocabulary first declares one of their facts (a group's
/// facts may be declared in several rule files: `licences.cn` in China's, `licences.ny` in
/// New York's) and each group's facts in declaration order. Amounts are written without
/// their currency, which `benefits.currency` gives.
pub fn scheme_yaml(scheme: &Scheme, vocabulary: &Vocabulary) -> String {
    let mut out = String::new();
    out.push_str(&format!("name: {}\n", yaml_text(&scheme.name)));
    if let Some(d) = scheme.as_of {
        out.push_str(&format!("as_of: {d}\n"));
    }
    let mut groups: indexmap::IndexMap<&str, Vec<(&str, String)>> = indexmap::IndexMap::new();
    for name in vocabulary.keys() {
        let Some(v) = scheme.facts.get(name) else {
            continue;
        };
        let (g, leaf) = name.split_once('.').unwrap_or(("", name));
        let value = match v {
            FactValue::Bool(b) => b.to_string(),
            FactValue::Integer(n) => n.to_string(),
            FactValue::Money { amount, .. } => amount.to_string(),
            FactValue::Date(d) => d.to_string(),
            FactValue::Enum(e) => e.clone(),
        };
        groups.entry(g).or_default().push((leaf, value));
    }
    for (group, facts) in groups {
        let indent = if group.is_empty() {
            ""
        } else {
            out.push_str(&format!("{group}:\n"));
            "  "
        };
        for (leaf, value) in facts {
            out.push_str(&format!("{indent}{leaf}: {value}\n"));
        }
    }
    out
}

/// A name as a YAML scalar: quoted when it would not read back as the same text.
fn yaml_text(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(char::is_whitespace)
        && serde_yaml::from_str::<String>(s).ok().as_deref() == Some(s);
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

#[cfg(all(test, not(mutua_build)))]
mod tests {
    use super::*;
    use crate::corpus::{load_embedded, CorpusFiles};
    use crate::diagnostic::SourceFile;

    #[test]
    fn a_scheme_written_out_reads_back_with_each_group_once() {
        let corpus = load_embedded().unwrap();
        let files = crate::rules::shipped_rule_files(&CorpusFiles::shipped());
        let rules = crate::rules::load_rules(&files, &corpus).unwrap();
        let text = std::fs::read_to_string("corpus/schemes/xiang-hu-bao-2019.yaml").unwrap();
        let scheme =
            crate::scheme::load_scheme(&SourceFile::new("x.yaml", text), &rules.facts).unwrap();
        // the licences are declared by three rule files, between other groups
        assert!(["licences.cn", "licences.ny", "licences.jp"]
            .iter()
            .all(|f| scheme.facts.contains_key(*f)));
        let yaml = scheme_yaml(&scheme, &rules.facts);
        assert_eq!(yaml.matches("\nlicences:\n").count(), 1, "{yaml}");
        let back =
            crate::scheme::load_scheme(&SourceFile::new("y.yaml", yaml.clone()), &rules.facts)
                .unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        assert_eq!(back.facts, scheme.facts);
        assert_eq!(back.name, scheme.name);
    }
}
