//! Native citations resolved to addresses: `保险法第一百八十一条`, `Insurance Law art. 181`,
//! `N.Y. Ins. Law § 1101(a)(1)`, `保険業法第2条第1項第3号`, `保険業法第2条第1項第2号ロ`,
//! `第二百七十二条の二`, or an address itself (`cn/insurance-law/art-181`,
//! `jp/iba/art-2/para-1/item-2/sub-ロ`).

use super::numerals::{iroha_kana, iroha_label, parse_number};
use super::Corpus;
use crate::diagnostic::{quoted, Diagnostic, Error, Result};

/// A citation resolved against the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The address of the provision shown.
    pub address: String,
    /// A remark when the citation was narrower than what the corpus holds (a paragraph
    /// of an article stored as a whole).
    pub note: Option<String>,
    /// The narrower address cited, when the corpus holds it within `address`'s text.
    pub part: Option<String>,
}

/// Turns a citation into the address it names, without checking that the address exists.
/// Returns `None` when the citation's form is not recognised.
pub fn to_address(corpus: &Corpus, citation: &str) -> Option<String> {
    let c = citation.trim();
    if c.contains('/') && !c.contains(' ') {
        return Some(normalise_address(c.trim_end_matches('/')));
    }
    let candidates = match_instrument(corpus, c);
    let mut first = None;
    // titles can be shared ("Insurance Law"): prefer the instrument holding the provision
    for (instrument, rest) in candidates {
        let rest = rest
            .trim()
            .trim_start_matches(['》', '」', ',', '，'])
            .trim();
        let Some(path) = native_path(rest).or_else(|| english_path(rest)) else {
            continue;
        };
        let address = format!("{instrument}/{path}");
        if corpus.entry(&address).is_some() {
            return Some(address);
        }
        first.get_or_insert(address);
    }
    first
}

/// An address with its sub-item labels as the corpus spells them: a sub-item written in
/// kana (`sub-ロ`, or `ロ` alone after an item) becomes `sub-ro`.
fn normalise_address(address: &str) -> String {
    let mut segs: Vec<String> = Vec::new();
    for seg in address.split('/') {
        let label = seg.strip_prefix("sub-").unwrap_or(seg);
        let mut chars = label.chars();
        let kana = match (chars.next(), chars.next()) {
            (Some(c), None) => iroha_label(c),
            _ => None,
        };
        let after_item = segs
            .last()
            .is_some_and(|p| p.starts_with("item-") || p.starts_with("sub-"));
        match kana {
            Some(r) if seg.starts_with("sub-") || after_item => segs.push(format!("sub-{r}")),
            _ => segs.push(seg.to_string()),
        }
    }
    segs.join("/")
}

/// The ids of the instruments a citation may name: the instrument whose id begins an
/// address, or those whose title or short title begins the citation (longest name first).
/// Only the instruments' titles are read, not their provisions.
pub fn instruments_cited(corpus: &Corpus, citation: &str) -> Vec<String> {
    let c = citation.trim();
    let mut ids: Vec<String> = if c.contains('/') && !c.contains(' ') {
        corpus
            .instruments
            .iter()
            .filter(|i| c == i.id || c.starts_with(&format!("{}/", i.id)))
            .map(|i| i.id.clone())
            .collect()
    } else {
        match_instrument(corpus, c)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    };
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    ids
}

/// The longest citation or address read, in characters: no provision's comes near it.
pub const MAX_CITATION_CHARS: usize = 300;

/// Resolves a citation to an existing provision, or explains why it cannot.
pub fn resolve(corpus: &Corpus, citation: &str) -> Result<Resolved> {
    let length = citation.chars().count();
    if length > MAX_CITATION_CHARS {
        return Err(Error::input(
            Diagnostic::error(format!(
                "`{}` is {length} characters long, and no citation is longer than {MAX_CITATION_CHARS}",
                quoted(citation)
            ))
            .help(write_a_citation(corpus)),
        ));
    }
    let Some(address) = to_address(corpus, citation) else {
        return Err(Error::input(
            Diagnostic::error(format!(
                "`{}` is not a citation mutua understands",
                quoted(citation)
            ))
            .help(write_a_citation(corpus)),
        ));
    };
    if corpus.entry(&address).is_some() {
        return Ok(Resolved {
            address,
            note: None,
            part: None,
        });
    }
    // a paragraph or item of an article the corpus holds whole
    let mut parent = address.as_str();
    while let Some(cut) = parent.rfind('/') {
        parent = &parent[..cut];
        if let Some(e) = corpus.entry(parent) {
            if corpus.provision(e).children.is_empty() {
                return Ok(Resolved {
                    address: parent.to_string(),
                    note: Some(format!(
                        "the corpus holds {parent} as one text; `{}` is part of it",
                        quoted(&address)
                    )),
                    part: Some(address.clone()),
                });
            }
            break;
        }
    }
    let near = corpus.nearest_addresses(&address, 3);
    Err(Error::input(
        Diagnostic::error(format!(
            "no provision `{}` in the corpus (from `{}`)",
            quoted(&address),
            quoted(citation)
        ))
        .help(format!("nearest addresses: {}", near.join(", "))),
    ))
}

/// Citations this corpus resolves, one per jurisdiction in the registry's order: a
/// provision of its first instrument with a short title, cited by that title and
/// [`display_citation`] (`保险法 Art. 2`, `Insurance Law § 1101`), with its address.
pub fn examples(corpus: &Corpus) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for j in corpus.jurisdictions() {
        let example = corpus
            .instruments
            .iter()
            .filter(|i| i.jurisdiction == j)
            .find_map(|i| {
                let title = i
                    .short_titles
                    .get(j.info().language())
                    .or_else(|| i.short_titles.values().next())?
                    .first()?;
                // the second provision, where there is one: the first is often the purpose
                let p = i.provisions.get(1).or_else(|| i.provisions.first())?;
                let address = format!("{}/{}", i.id, p.path);
                Some((
                    address.clone(),
                    format!("{title} {}", display_citation(&address)),
                ))
            });
        out.extend(example);
    }
    out
}

/// What to write where a citation is not understood, with examples from `corpus`.
fn write_a_citation(corpus: &Corpus) -> String {
    let examples = examples(corpus);
    let Some((address, _)) = examples.first() else {
        return "write an address (`INSTRUMENT-ID/art-2`) or a citation".into();
    };
    let cited: Vec<String> = examples.iter().map(|(_, c)| format!("`{c}`")).collect();
    format!(
        "write an address (`{address}`) or a citation such as {}",
        cited.join(", ")
    )
}

/// A short citation for display, written from an address with the marks its
/// jurisdiction's citation style gives (see `jurisdictions.yaml`): `§ 1101(a)(1)` where
/// sections are marked `§`, else `Art. 2(1)(iii)`.
pub fn display_citation(address: &str) -> String {
    let mut parts = address.split('/').skip(2);
    let Some(first) = parts.next() else {
        return address.to_string();
    };
    let marked = super::Jurisdiction::of_address(address).and_then(|j| {
        let (kind, number) = first.split_once('-')?;
        Some((j.info().citation.marks.get(kind)?, number))
    });
    if let Some((mark, number)) = marked {
        let subs: String = parts.map(|p| format!("({p})")).collect();
        return format!("{mark}{number}{subs}");
    }
    let mut out = match first.strip_prefix("art-") {
        Some(n) => format!("Art. {n}"),
        None => first.to_string(),
    };
    let mut sub_depth = 0;
    for p in parts {
        if let Some(n) = p.strip_prefix("para-") {
            out.push_str(&format!("({n})"));
        } else if let Some(n) = p.strip_prefix("item-") {
            let roman = n.parse::<usize>().ok().and_then(|i| {
                ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
                    .get(i.wrapping_sub(1))
                    .copied()
            });
            out.push_str(&format!("({})", roman.unwrap_or(n)));
        } else {
            sub_depth += 1;
            out.push_str(&format!("({})", sub_item_display(p, sub_depth == 1)));
        }
    }
    out
}

/// A Japanese sub-item as written: `sub-ro` → ロ at the first level below an item (イ, ロ …);
/// deeper levels, numbered (1) or lettered (i), keep their label.
pub fn sub_item_display(segment: &str, first_level: bool) -> String {
    let label = segment.trim_start_matches("sub-");
    match iroha_kana(label) {
        Some(k) if first_level && segment.starts_with("sub-") => k.to_string(),
        _ => label.to_string(),
    }
}

fn normalise_latin(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '《' && *c != '「')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The instruments whose title or short title starts the citation, longest match first,
/// each with the rest of the citation.
fn match_instrument<'a>(corpus: &Corpus, citation: &'a str) -> Vec<(String, &'a str)> {
    let mut found: Vec<(usize, String, &'a str)> = Vec::new();
    for inst in &corpus.instruments {
        let names = inst
            .title
            .values()
            .chain(inst.short_titles.values().flatten());
        for name in names {
            let want = normalise_latin(name);
            if want.is_empty() {
                continue;
            }
            // walk the citation until its normalised prefix equals the name
            let mut acc = String::new();
            for (i, ch) in citation.char_indices() {
                if !(ch.is_whitespace() || ch == '.' || ch == '《' || ch == '「') {
                    acc.extend(ch.to_lowercase());
                }
                if acc.len() > want.len() {
                    break;
                }
                if acc == want {
                    found.push((want.len(), inst.id.clone(), &citation[i + ch.len_utf8()..]));
                    break;
                }
            }
        }
    }
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().map(|(_, id, rest)| (id, rest)).collect()
}

/// 第一百八十一条, 第2条第1項第3号, 第二百七十二条の二, 第九条第二款, 第一百二十条之一, and
/// the sub-items of a Japanese item: 第2号ロ, 第2号ロ(1), or romanised as a fallback, 第2号ro.
fn native_path(rest: &str) -> Option<String> {
    let mut segs: Vec<String> = Vec::new();
    let mut s = rest;
    while !s.is_empty() {
        s = s.trim_start();
        if s.is_empty() {
            break;
        }
        let below_item = segs
            .last()
            .is_some_and(|p| p.starts_with("item-") || p.starts_with("sub-"));
        if below_item && !s.starts_with('第') {
            let (label, after) = sub_item(s)?;
            segs.push(format!("sub-{label}"));
            s = after;
            continue;
        }
        let body = s.strip_prefix('第')?;
        let end = body.find(['条', '條', '款', '項', '项', '号', '號'])?;
        // 第（三）项: a Chinese item number in brackets
        let n = parse_number(body[..end].trim_matches(['（', '）', '(', ')']))?;
        let marker = body[end..].chars().next()?;
        s = &body[end + marker.len_utf8()..];
        let kind = match marker {
            '条' | '條' => "art",
            '款' | '項' => "para",
            '项' | '号' | '號' => "item",
            _ => return None,
        };
        let mut seg = format!("{kind}-{n}");
        // branch articles and items: の二 (Japan: 第272条の2, 第3号の2), 之一 (China)
        if kind != "para" {
            for joiner in ["の", "之"] {
                if let Some(after) = s.strip_prefix(joiner) {
                    let stop = after
                        .find(|c: char| {
                            c == '第' || iroha_label(c).is_some() || c == '(' || c == '（'
                        })
                        .unwrap_or(after.len());
                    let m = parse_number(&after[..stop])?;
                    seg = format!("{seg}-{m}");
                    s = &after[stop..];
                }
            }
        }
        segs.push(seg);
    }
    (!segs.is_empty()).then(|| segs.join("/"))
}

/// The label of the sub-item that starts `s`, and the rest: ロ (katakana or hiragana), a
/// romanised `ro`, or a parenthesised label such as (1), （１）, (i), （ロ）.
fn sub_item(s: &str) -> Option<(String, &str)> {
    let first = s.chars().next()?;
    if let Some(r) = iroha_label(first) {
        return Some((r.to_string(), &s[first.len_utf8()..]));
    }
    if let Some(inner) = s.strip_prefix(['(', '（']) {
        let end = inner.find([')', '）'])?;
        let close = inner[end..].chars().next()?.len_utf8();
        let label = sub_label(&inner[..end])?;
        return Some((label, &inner[end + close..]));
    }
    let end = s
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len());
    let word = &s[..end];
    iroha_kana(word)?;
    Some((word.to_ascii_lowercase(), &s[end..]))
}

/// A sub-item label as the corpus spells it: ロ or `ro` → `ro`, （１） → `1`, (ii) → `ii`.
fn sub_label(label: &str) -> Option<String> {
    let label = label.trim();
    let mut chars = label.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if let Some(r) = iroha_label(c) {
            return Some(r.to_string());
        }
    }
    if let Some(n) = parse_number(label) {
        return Some(n.to_string());
    }
    let ascii: String = label
        .chars()
        .map(|c| match c {
            'ａ'..='ｚ' => char::from_u32(c as u32 - 'ａ' as u32 + 'a' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    (!ascii.is_empty() && ascii.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| ascii.to_ascii_lowercase())
}

/// `art. 181`, `article 2(1)(iii)`, `§ 1101(a)(1)`, `s. 1101`, `art. 272-2 para. 1 item 3`.
fn english_path(rest: &str) -> Option<String> {
    let s = rest.trim();
    let lower = s.to_lowercase();
    // the prefix is matched on the text itself (not its lower case, whose length may
    // differ), so that the case of subsection labels is kept: (b)(1)(A)
    let section = ["§", "section", "sec.", "s."].iter().find_map(|p| {
        s.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| &s[p.len()..])
    });
    if let Some(original) = section {
        let original = original.trim();
        let num_end = original
            .find(|c: char| !(c.is_ascii_digit() || c == '-'))
            .unwrap_or(original.len());
        if num_end == 0 {
            return None;
        }
        let mut segs = vec![format!("s-{}", &original[..num_end])];
        segs.extend(paren_labels(&original[num_end..])?);
        return Some(segs.join("/"));
    }
    let mut words = lower
        .strip_prefix("article")
        .or_else(|| lower.strip_prefix("art."))
        .or_else(|| lower.strip_prefix("art"))?
        .trim()
        .to_string();
    let num_end = words
        .find(|c: char| !(c.is_ascii_digit() || c == '-'))
        .unwrap_or(words.len());
    if num_end == 0 {
        return None;
    }
    let mut segs = vec![format!("art-{}", &words[..num_end])];
    words = words[num_end..].trim().to_string();
    if words.starts_with('(') {
        // 2(1)(iii): paragraph, then item in Arabic or Roman numerals
        let labels = paren_labels(&words)?;
        for (i, l) in labels.iter().enumerate() {
            if i >= 2 {
                // a sub-item of the item: (ロ), (ro), (1)
                segs.push(format!("sub-{}", sub_label(l)?));
                continue;
            }
            let n = l.parse::<u64>().ok().or_else(|| roman(l))?;
            segs.push(if i == 0 {
                format!("para-{n}")
            } else {
                format!("item-{n}")
            });
        }
        return Some(segs.join("/"));
    }
    let mut it = words.split_whitespace();
    while let Some(w) = it.next() {
        let n: u64 = it.next()?.trim_end_matches(',').parse().ok()?;
        match w.trim_end_matches('.') {
            "para" | "paragraph" | "p" => segs.push(format!("para-{n}")),
            "item" | "no" | "number" => segs.push(format!("item-{n}")),
            _ => return None,
        }
    }
    Some(segs.join("/"))
}

fn paren_labels(s: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut s = s.trim();
    while let Some(body) = s.strip_prefix('(') {
        let end = body.find(')')?;
        let label = body[..end].trim();
        if label.is_empty()
            || !label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || iroha_label(c).is_some())
        {
            return None;
        }
        out.push(label.to_string());
        s = body[end + 1..].trim();
    }
    s.is_empty().then_some(out)
}

fn roman(s: &str) -> Option<u64> {
    let table = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
    table.iter().position(|r| *r == s).map(|p| p as u64 + 1)
}

/// A provision's citation as a lawyer of its jurisdiction writes it:
/// `《保险法》第2条`, `保険業法第2条第1項第3号`, `N.Y. Ins. Law § 1101(a)(1)`.
pub fn native_citation(corpus: &Corpus, address: &str) -> String {
    let Some(entry) = corpus.entry(address) else {
        return address.to_string();
    };
    let inst = corpus.instrument_of(entry);
    let info = inst.jurisdiction.info();
    let lang = info.language();
    let short = |pick: &dyn Fn(&String) -> bool| {
        inst.short_titles
            .get(lang)
            .and_then(|s| s.iter().find(|t| pick(t)))
            .or_else(|| inst.title.get(lang))
            .cloned()
            .unwrap_or_else(|| inst.id.clone())
    };
    if info.citation.style == crate::corpus::jurisdictions::Style::Western {
        let name = short(&|t: &String| t.contains('.'));
        return format!("{name} {}", display_citation(address));
    }
    let name = short(&|_: &String| true);
    let japanese = info.citation.style == crate::corpus::jurisdictions::Style::Japanese;
    let mut out = if info.citation.style == crate::corpus::jurisdictions::Style::Chinese {
        format!("《{name}》")
    } else {
        name
    };
    let mut sub_depth = 0;
    for seg in address.split('/').skip(2) {
        let (kind, n) = seg.split_once('-').unwrap_or(("", seg));
        match (kind, japanese) {
            ("art", _) => match n.split_once('-') {
                Some((a, b)) if japanese => out.push_str(&format!("第{a}条の{b}")),
                Some((a, b)) => out.push_str(&format!("第{a}条之{b}")),
                None => out.push_str(&format!("第{n}条")),
            },
            ("para", true) => out.push_str(&format!("第{n}項")),
            ("para", false) => out.push_str(&format!("第{n}款")),
            ("item", true) => out.push_str(&format!("第{n}号")),
            ("item", false) => out.push_str(&format!("第{n}项")),
            // イ, ロ … under a Japanese item, as its citations write them: 第2号ロ
            ("sub", true) => {
                sub_depth += 1;
                match sub_item_display(seg, sub_depth == 1) {
                    k if sub_depth == 1 && !k.is_ascii() => out.push_str(&k),
                    label => out.push_str(&format!("({label})")),
                }
            }
            _ => out.push_str(&format!("({})", seg.trim_start_matches("sub-"))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_examples_given_in_help_resolve_to_their_addresses() {
        let corpus = crate::corpus::load_embedded().unwrap();
        let examples = examples(&corpus);
        assert_eq!(examples.len(), corpus.jurisdictions().len(), "{examples:?}");
        for (address, citation) in &examples {
            let resolved = resolve(&corpus, citation).unwrap();
            assert_eq!(&resolved.address, address, "{citation}");
        }
        let help = write_a_citation(&corpus);
        assert!(help.contains(&format!("`{}`", examples[0].0)), "{help}");
    }

    #[test]
    fn native_paths() {
        assert_eq!(native_path("第一百八十一条").as_deref(), Some("art-181"));
        assert_eq!(
            native_path("第2条第1項第3号").as_deref(),
            Some("art-2/para-1/item-3")
        );
        assert_eq!(
            native_path("第二百七十二条の二").as_deref(),
            Some("art-272-2")
        );
        assert_eq!(
            native_path("第272条の2第1項").as_deref(),
            Some("art-272-2/para-1")
        );
        assert_eq!(
            native_path("第一百二十条之一").as_deref(),
            Some("art-120-1")
        );
        assert_eq!(native_path("第九条第二款").as_deref(), Some("art-9/para-2"));
        assert_eq!(native_path("Article 9"), None);
        for sub in ["ロ", "ろ", "ro", "（ロ）", "(ro)"] {
            assert_eq!(
                native_path(&format!("第2条第1項第2号{sub}")).as_deref(),
                Some("art-2/para-1/item-2/sub-ro"),
                "{sub}"
            );
        }
        assert_eq!(
            native_path("第2条第1項第2号ヘ(1)").as_deref(),
            Some("art-2/para-1/item-2/sub-he/sub-1")
        );
        assert_eq!(native_path("第2条第1項第2号xyz"), None);
        assert_eq!(
            native_path("第3条第1項第3号の2").as_deref(),
            Some("art-3/para-1/item-3-2")
        );
        assert_eq!(
            native_path("第一百八十一条第一款第（三）项").as_deref(),
            Some("art-181/para-1/item-3")
        );
        assert_eq!(native_path("第2条ロ"), None);
    }

    #[test]
    fn display_citations() {
        assert_eq!(
            display_citation("jp/iba/art-2/para-1/item-3"),
            "Art. 2(1)(iii)"
        );
        assert_eq!(display_citation("ny/ins/s-1101/a/1"), "§ 1101(a)(1)");
        assert_eq!(display_citation("cn/insurance-law/art-181"), "Art. 181");
        assert_eq!(
            display_citation("jp/iba/art-2/para-1/item-2/sub-ni"),
            "Art. 2(1)(ii)(ニ)"
        );
    }

    #[test]
    fn english_paths() {
        assert_eq!(english_path("art. 181").as_deref(), Some("art-181"));
        assert_eq!(
            english_path("Article 2(1)(iii)").as_deref(),
            Some("art-2/para-1/item-3")
        );
        assert_eq!(
            english_path("art. 2 para. 1 item 3").as_deref(),
            Some("art-2/para-1/item-3")
        );
        assert_eq!(english_path("§ 1101(a)(1)").as_deref(), Some("s-1101/a/1"));
        assert_eq!(
            english_path("§1101(b)(1)(A)").as_deref(),
            Some("s-1101/b/1/A")
        );
        assert_eq!(english_path("§ 1101(a"), None);
        assert_eq!(
            english_path("Art. 2(1)(ii)(ロ)").as_deref(),
            Some("art-2/para-1/item-2/sub-ro")
        );
        assert_eq!(
            english_path("art. 2(1)(ii)(ro)").as_deref(),
            Some("art-2/para-1/item-2/sub-ro")
        );
    }

    #[test]
    fn kana_in_addresses() {
        assert_eq!(
            normalise_address("jp/iba/art-2/para-1/item-2/sub-ロ"),
            "jp/iba/art-2/para-1/item-2/sub-ro"
        );
        assert_eq!(
            normalise_address("jp/iba/art-2/para-1/item-2/ロ"),
            "jp/iba/art-2/para-1/item-2/sub-ro"
        );
        assert_eq!(
            normalise_address("jp/iba/art-2/para-1/item-2/sub-ro"),
            "jp/iba/art-2/para-1/item-2/sub-ro"
        );
    }
}
