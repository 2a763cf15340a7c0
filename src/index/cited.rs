//! A query that is a citation or a bare provision number (`§ 4522`, `4522`, `s 1101(a)`,
//! `第181条`, `第2条の2`, `保险法第一百八十一条`, `保険業法第2条`) names the provisions it
//! cites, which a search puts first, before the hits on its words.

use crate::corpus::citation;
use crate::corpus::numerals::parse_number;
use crate::corpus::Corpus;

/// The most provisions a bare number brings forward (`2` is an article of every statute).
const MAX_CITED: usize = 5;

/// The addresses of the provisions `query` cites, most specific first; empty when it is
/// not a citation. `within` keeps only addresses that start with one of its prefixes
/// (a jurisdiction's or an instrument's), when it is not empty.
pub fn cited_by_query(corpus: &Corpus, query: &str, within: &[String]) -> Vec<String> {
    let q = query.trim();
    if q.is_empty() || q.chars().count() > citation::MAX_CITATION_CHARS || !has_number(q) {
        return Vec::new();
    }
    let keep = |a: &String| within.is_empty() || within.iter().any(|w| a.starts_with(w.as_str()));
    if let Ok(r) = citation::resolve(corpus, q) {
        return [r.address].into_iter().filter(keep).collect();
    }
    let Some((number, subdivisions)) = bare_number(q) else {
        return Vec::new();
    };
    // an article or section of that number, in every instrument that has one
    let mut found = Vec::new();
    for inst in &corpus.instruments {
        for segment in [format!("art-{number}"), format!("s-{number}")] {
            let mut address = format!("{}/{segment}", inst.id);
            if corpus.entry(&address).is_none() {
                continue;
            }
            // as deep as the subdivisions given go
            for sub in &subdivisions {
                let deeper = format!("{address}/{sub}");
                if corpus.entry(&deeper).is_none() {
                    break;
                }
                address = deeper;
            }
            if keep(&address) {
                found.push(address);
            }
        }
    }
    found.truncate(MAX_CITED);
    found
}

/// Whether `query` may be a citation (it holds a number), so that the corpus is worth
/// loading to read it.
pub fn might_cite(query: &str) -> bool {
    has_number(query.trim())
}

/// The address prefixes a search's filters keep (`cn/`, `jp/iba/`).
pub fn within(jurisdiction: Option<&str>, instrument: Option<&str>) -> Vec<String> {
    match (instrument, jurisdiction) {
        (Some(i), _) => vec![format!("{i}/")],
        (None, Some(j)) => vec![format!("{}/", j.to_lowercase())],
        (None, None) => Vec::new(),
    }
}

fn has_number(q: &str) -> bool {
    q.chars().any(|c| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十百".contains(c)
    })
}

/// A bare provision number: `4522`, `§ 4522`, `s 1101(a)(1)`, `section 4501`, `art. 2`,
/// `第181条`, `第一百八十一条`, `第2条の2`, `第2条之一`. Gives the number as a path segment
/// (`4522`, `2-2`) and the subdivisions in parentheses (`a`, `1`).
fn bare_number(q: &str) -> Option<(String, Vec<String>)> {
    let lower = q.to_lowercase();
    let mut rest = lower.trim();
    for prefix in [
        "§§", "§", "section", "sec.", "sec", "s.", "s ", "article", "art.", "art",
    ] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r.trim_start();
            break;
        }
    }
    if let Some(inner) = rest.strip_prefix('第') {
        // 第181条, 第一百八十一条, 第2条の2, 第2条之一 (a paragraph or item after it is
        // left to the article)
        let (num, after) = inner.split_once(['条', '條'])?;
        let n = parse_number(num)?;
        let branch = after
            .strip_prefix('の')
            .or_else(|| after.strip_prefix('之'))
            .map(|b| {
                b.chars()
                    .take_while(|c| !matches!(c, '第' | '項' | '款' | '项' | '号' | '號'))
                    .collect::<String>()
            })
            .and_then(|b| parse_number(&b));
        let number = match branch {
            Some(b) => format!("{n}-{b}"),
            None => n.to_string(),
        };
        return Some((number, Vec::new()));
    }
    // 4522, 1101(a)(1), 5-2
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    if digits.is_empty() || digits.starts_with('-') || digits.ends_with('-') {
        return None;
    }
    let mut subs = Vec::new();
    let mut tail = rest[digits.len()..].trim_start();
    while let Some(open) = tail.strip_prefix('(') {
        let (sub, after) = open.split_once(')')?;
        if sub.is_empty() || !sub.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        subs.push(sub.to_string());
        tail = after.trim_start();
    }
    if !tail.is_empty() {
        return None;
    }
    // subdivision labels keep their case in addresses (`s-1101/b/1/B`): take them as
    // typed
    let typed_subs = original_subdivisions(q);
    if typed_subs.len() == subs.len() {
        subs = typed_subs;
    }
    Some((digits, subs))
}

/// The parenthesised labels of `q` as typed (`(a)(1)(B)` → `a`, `1`, `B`).
fn original_subdivisions(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = q;
    while let Some(i) = rest.find('(') {
        let after = &rest[i + 1..];
        let Some(j) = after.find(')') else { break };
        out.push(after[..j].to_string());
        rest = &after[j + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(q: &str) -> Vec<String> {
        let corpus = crate::corpus::load_embedded().unwrap();
        cited_by_query(&corpus, q, &[])
    }

    #[test]
    fn citations_and_bare_numbers_name_their_provisions() {
        assert_eq!(cited("§ 4522"), ["ny/ins/s-4522"]);
        assert_eq!(cited("4522"), ["ny/ins/s-4522"]);
        assert_eq!(cited("§4522"), ["ny/ins/s-4522"]);
        assert_eq!(cited("s 1101(a)"), ["ny/ins/s-1101/a"]);
        assert_eq!(cited("保险法第一百八十一条"), ["cn/insurance-law/art-181"]);
        assert_eq!(cited("保険業法第2条"), ["jp/iba/art-2"]);
        assert!(cited("第181条").contains(&"cn/insurance-law/art-181".to_string()));
        assert!(cited("第272条の2").contains(&"jp/iba/art-272-2".to_string()));
        assert!(cited("相互保险").is_empty());
        assert!(cited("insurer's liability").is_empty());
    }

    #[test]
    fn filters_keep_only_their_provisions() {
        let corpus = crate::corpus::load_embedded().unwrap();
        let within = ["jp/".to_string()];
        assert_eq!(cited_by_query(&corpus, "第2条", &within), ["jp/iba/art-2"]);
    }
}
