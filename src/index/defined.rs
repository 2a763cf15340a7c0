//! Terms a provision defines, read from the statutes' own defining forms, so that a query
//! asking for a term (`保险代理人`, `保险 定义`, `少額短期保険業とは`, `insurance contract`)
//! ranks its definition above the provisions that merely use it:
//!
//! - Chinese: `本法所称保险，是指…`, `保险代理人是根据保险人的委托…`
//! - Japanese: `この法律において「保険業」とは…`
//! - English: `"Insurance contract" means…`

/// The longest defined term read, in characters, in Chinese or Japanese.
const MAX_TERM: usize = 24;

/// The longest defined term read in English, in letters and digits once folded (spaces
/// and hyphens taken out): "small-amount short-term insurance business" has 37.
const MAX_LATIN_TERM: usize = 64;

/// Whether a folded term is short enough to be a defined term rather than a sentence.
fn short_enough(folded: &str) -> bool {
    let max = if folded.is_ascii() {
        MAX_LATIN_TERM
    } else {
        MAX_TERM
    };
    folded.chars().count() <= max
}

/// The terms `text` defines, folded as [`fold`] folds a query.
pub fn defined_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // 所称X，是指 / 所称X是指
    for (i, _) in text.match_indices("所称") {
        let rest = &text[i + "所称".len()..];
        if let Some(end) = rest.find("是指") {
            let term = rest[..end].trim_end_matches(['，', ',']);
            push(&mut out, term);
        }
    }
    // X是根据… / X是基于… / X是指… at the start of the text or of a paragraph
    for line in text.lines() {
        for marker in ["是根据", "是基于", "是指"] {
            if let Some(end) = line.find(marker) {
                let term = &line[..end];
                if !term.contains(['，', '。', '、', ' ']) {
                    push(&mut out, term);
                }
            }
        }
    }
    // 「X」とは
    let mut rest = text;
    while let Some(open) = rest.find('「') {
        let after = &rest[open + '「'.len_utf8()..];
        let Some(close) = after.find('」') else {
            break;
        };
        if after[close + '」'.len_utf8()..].starts_with("とは") {
            push(&mut out, &after[..close]);
        }
        rest = &after[close..];
    }
    // "X" means
    for (open, close) in [('"', '"'), ('\u{201c}', '\u{201d}')] {
        let mut rest = text;
        while let Some(o) = rest.find(open) {
            let after = &rest[o + open.len_utf8()..];
            let Some(c) = after.find(close) else { break };
            if after[c + close.len_utf8()..]
                .trim_start()
                .starts_with("means")
            {
                push(&mut out, &after[..c]);
            }
            rest = &after[c + close.len_utf8()..];
        }
    }
    out.sort();
    out.dedup();
    out
}

fn push(out: &mut Vec<String>, term: &str) {
    let folded = fold(term);
    if !folded.is_empty() && short_enough(&folded) {
        out.push(folded);
    }
}

/// A term as it is compared: lower case, without spaces, quotes or punctuation.
pub fn fold(term: &str) -> String {
    term.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words that ask for a definition (`保险 定义`, `少額短期保険業とは`,
/// `definition of insurance contract`), taken off a query to leave the term asked.
const ASKING: &[&str] = &[
    "的定义",
    "定义",
    "的含义",
    "含义",
    "是什么",
    "什么是",
    "の定義",
    "定義",
    "とは何か",
    "とは",
    "definition of",
    "definition",
    "meaning of",
    "what is",
    "define",
];

/// The query without the words that ask for a definition (`保险 定义` → `保险`,
/// `insurance contract definition` → `insurance contract`), so that the provisions searched
/// need not hold them: the definition is found by the term. English words are taken off
/// only whole. The query as it is when nothing else would be left.
pub fn without_asking(query: &str) -> String {
    let lower = query.to_lowercase();
    if lower.len() != query.len() {
        // a letter whose lower case is longer or shorter: the places would not match
        return query.to_string();
    }
    let mut keep = vec![true; query.len()];
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    for w in ASKING {
        for (i, _) in lower.match_indices(w) {
            let end = i + w.len();
            let whole = !w.is_ascii()
                || (!word_char(lower[..i].chars().next_back())
                    && !word_char(lower[end..].chars().next()));
            if whole {
                keep[i..end].iter_mut().for_each(|k| *k = false);
            }
        }
    }
    let bytes: Vec<u8> = query
        .bytes()
        .zip(&keep)
        .filter_map(|(b, k)| k.then_some(b))
        .collect();
    match String::from_utf8(bytes) {
        Ok(rest) if rest.chars().any(char::is_alphanumeric) => {
            rest.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        _ => query.to_string(),
    }
}

/// The term a query asks for: the query without the words that ask for a definition,
/// folded. None when nothing is left.
pub fn asked_term(query: &str) -> Option<String> {
    let mut q = query.to_lowercase();
    for w in ASKING {
        q = q.replace(w, " ");
    }
    let term = fold(&q);
    (!term.is_empty() && short_enough(&term)).then_some(term)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defining_forms_of_the_three_systems_are_read() {
        assert_eq!(
            defined_terms("本法所称保险，是指投保人根据合同约定"),
            ["保险"]
        );
        assert_eq!(
            defined_terms("保险代理人是根据保险人的委托，向保险人收取佣金"),
            ["保险代理人"]
        );
        assert_eq!(
            defined_terms("この法律において「保険業」とは、人の生死に関し"),
            ["保険業"]
        );
        assert_eq!(
            defined_terms("\"Insurance contract\" means any agreement"),
            ["insurancecontract"]
        );
        assert!(defined_terms("保险公司应当按照规定，是指定的").is_empty());
        // an English term is counted in letters, not as a run of Han characters
        assert_eq!(
            defined_terms("In these Measures, \"internet insurance business\" means insurance"),
            ["internetinsurancebusiness"]
        );
    }

    #[test]
    fn a_query_asking_for_a_definition_gives_its_term() {
        assert_eq!(asked_term("保险 定义").as_deref(), Some("保险"));
        assert_eq!(
            asked_term("少額短期保険業とは").as_deref(),
            Some("少額短期保険業")
        );
        assert_eq!(
            asked_term("definition of insurance contract").as_deref(),
            Some("insurancecontract")
        );
        assert_eq!(asked_term("保险代理人").as_deref(), Some("保险代理人"));
        assert_eq!(asked_term("定义"), None);
    }

    #[test]
    fn the_words_asking_for_a_definition_are_taken_off_the_query() {
        assert_eq!(without_asking("保险 定义"), "保险");
        assert_eq!(without_asking("保険業 定義"), "保険業");
        assert_eq!(
            without_asking("insurance contract Definition"),
            "insurance contract"
        );
        assert_eq!(
            without_asking("definitions of insurer"),
            "definitions of insurer"
        );
        assert_eq!(without_asking("定义"), "定义");
        assert_eq!(without_asking("相互保险 OR 互助"), "相互保险 OR 互助");
        assert_eq!(
            asked_term("internet insurance business").as_deref(),
            Some("internetinsurancebusiness")
        );
    }
}
