//! Queries: the user's text is read in its own script (Chinese segmented with jieba,
//! Japanese as bigrams, English stemmed and also run against summaries), filtered by
//! jurisdiction, instrument, concept and date, ranked by BM25, with highlighted snippets.

use std::ops::Bound;

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, EmptyQuery, Occur, Query, QueryParser, QueryParserError, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, Searcher, TantivyDocument, Term};

use super::{day_number, schema};
use crate::diagnostic::{Diagnostic, Error, Result};

/// Filters and limits of a search.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    /// Only this jurisdiction (`cn`, `ny`, `jp`).
    pub jurisdiction: Option<String>,
    /// Only this instrument id.
    pub instrument: Option<String>,
    /// Only provisions tagged with this concept.
    pub concept: Option<String>,
    /// Only versions in force on this date.
    pub as_of: Option<NaiveDate>,
    /// How many hits at most.
    pub limit: usize,
    /// How many of the best hits to pass over (the page's start).
    pub offset: usize,
    /// The provisions the query cites (see [`super::cited::cited_by_query`]), put first.
    pub cited: Vec<String>,
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The provision's address.
    pub address: String,
    /// BM25 score.
    pub score: f32,
    /// The matching passage, matches in `**bold**`.
    pub snippet: String,
    /// `cn`, `ny` or `jp`.
    pub jurisdiction: String,
    /// The instrument id.
    pub instrument: String,
    /// The language of the snippet.
    pub language: String,
    /// How far the snippet's text can be trusted: `verbatim`, `unverified`, `translation`
    /// or `modified` for the provision's text, `summary` for the project's summary, none
    /// when only a heading matched.
    pub text_status: Option<String>,
    /// How many copies a verbatim text was checked against (the one it was taken from
    /// included); none for other texts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copies: Option<u64>,
    /// The instrument's title and the provision's heading.
    pub label: String,
    /// Why it matched: `citation` (the query cites it) or `words` (its text or summary
    /// holds the query's words).
    pub matched: &'static str,
}

#[derive(Debug, PartialEq, Eq)]
enum Script {
    Chinese,
    Japanese,
    Latin,
}

/// Kanji of the Japanese statutes that simplified Chinese writes otherwise (険 for 险, 業
/// for 业, 務 for 务): a query holding one is Japanese even without kana. Taken from the
/// characters of the shipped Japanese texts that no LawRefBook statute uses, less those
/// that simplified Chinese has too (臣, 昭, 係).
const JAPANESE_KANJI: &str = "併働円処別労務収員営団囲図場懲払拠掲損書業構機況済準産発確種範約組経総縁縦罰義補規覧親設許該説護財資運違適録間関閣険項額類";

fn script_of(q: &str) -> Script {
    let kana = q.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c))
        || q.chars().any(|c| JAPANESE_KANJI.contains(c));
    let han = q.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if kana {
        Script::Japanese
    } else if han {
        Script::Chinese
    } else {
        Script::Latin
    }
}

/// Japanese content words: the runs of kanji, katakana and Latin letters, split at
/// hiragana (particles and endings such as は, の, とは), leaving quoted phrases whole.
/// Each run is matched as a sequence of character bigrams.
fn japanese_words(q: &str) -> String {
    let mut out = String::new();
    for (i, part) in q.split('"').enumerate() {
        if i % 2 == 1 {
            out.push_str(&format!(" \"{part}\" "));
            continue;
        }
        for c in part.chars() {
            let hiragana = ('\u{3040}'..='\u{309f}').contains(&c);
            let punct = c.is_whitespace() || "、。，．・「」（）()".contains(c);
            out.push(if hiragana || punct { ' ' } else { c });
        }
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A page of hits and the number of provisions that match in all.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    /// The hits of the page, best first.
    pub hits: Vec<Hit>,
    /// How many provisions match the query (the provisions it cites and those its words
    /// find), within the filters.
    pub total: usize,
    /// How many of the best hits the page passes over.
    pub offset: usize,
}

/// Runs a query against the index.
pub fn search(index: &Index, query: &str, opts: &SearchOptions) -> Result<Found> {
    let reader = index
        .reader()
        .map_err(|e| Error::msg(format!("search failed: {e}")))?;
    search_with_reader(index, &reader, query, opts)
}

/// [`search`] through a reader kept open between queries (a server's): opening a reader
/// opens every segment, which costs more than many queries.
pub fn search_with_reader(
    index: &Index,
    reader: &IndexReader,
    query: &str,
    opts: &SearchOptions,
) -> Result<Found> {
    let prepared = prepare(index, query, opts)?;
    run(&reader.searcher(), &prepared, opts).map_err(|e| Error::msg(format!("search failed: {e}")))
}

/// A query read and ready to run: the full query (text and filters), the text query alone
/// (for snippets) and the fields it reads.
pub(super) struct Prepared {
    full: BooleanQuery,
    /// The query with any word of a Chinese query enough, to run when every word finds
    /// nothing, and its text query.
    relaxed: Option<(BooleanQuery, Box<dyn Query>)>,
    text_query: Box<dyn Query>,
    /// Per provision the query cites, the query finding its version.
    cited: Vec<BooleanQuery>,
    fields: Vec<Field>,
}

/// Reads the user's query (the errors are the user's: a query that cannot be read).
pub(super) fn prepare(index: &Index, query: &str, opts: &SearchOptions) -> Result<Prepared> {
    let (_, f) = schema();
    if query.trim().is_empty() {
        return Err(Error::input(
            Diagnostic::error("the query is empty")
                .help("give words to look for, e.g. `mutua search 相互保险`"),
        ));
    }
    let script = script_of(query);
    // a query asking for a definition finds it by the term (see `DEFINITION_WEIGHT`): the
    // provisions need not hold the word `definition`
    let asked = query;
    let query = &super::defined::without_asking(query);
    // each field gets the query read the way its text was indexed: per field, the text
    // read when every word must be there and the text read when any will do (they differ
    // for Chinese, whose words typed together are then a phrase)
    let same = |fields: Vec<Field>, text: String| (fields, text.clone(), text);
    let chinese = |fields: Vec<Field>, text: &str| {
        (
            fields,
            super::chinese::segment_query(text, true),
            super::chinese::segment_query(text, false),
        )
    };
    let parts: Vec<(Vec<Field>, String, String)> = match script {
        Script::Chinese => {
            // Han-only text may be Chinese (words found by jieba) or Japanese (kanji
            // compounds such as 保険業, matched as bigrams)
            let mut parts = vec![chinese(vec![f.zh], query)];
            let japanese_possible = opts
                .jurisdiction
                .as_deref()
                .and_then(crate::corpus::Jurisdiction::from_code)
                .is_none_or(|j| j.info().languages.iter().any(|l| l == "ja"));
            if japanese_possible {
                parts.push(same(vec![f.ja], japanese_words(query)));
            }
            // summaries written in English carry the original terms (共済, 网络互助计划)
            parts.push(same(vec![f.summary], query.to_string()));
            parts.push(chinese(vec![f.summary_zh], query));
            parts
        }
        Script::Japanese => vec![
            same(vec![f.ja], japanese_words(query)),
            same(vec![f.summary], japanese_words(query)),
            chinese(vec![f.summary_zh], &japanese_words(query)),
        ],
        Script::Latin => vec![same(
            vec![f.en, f.summary, f.heading_en],
            without_possessives(query),
        )],
    };
    let fields: Vec<Field> = parts.iter().flat_map(|(fs, _, _)| fs.clone()).collect();
    // `all_words`: every word of the query must be there (in one of the fields read the
    // same way): the words jieba finds in Chinese, the kanji and katakana runs of Japanese,
    // the words of English
    let read = |all_words: bool| -> Result<Box<dyn Query>> {
        let mut queries: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (part_fields, strict, loose) in &parts {
            let text = if all_words { strict } else { loose };
            let mut parser = QueryParser::for_index(index, part_fields.clone());
            if script == Script::Latin {
                parser.set_field_boost(f.en, 1.5);
                parser.set_field_boost(f.heading_en, 2.0);
            }
            if all_words {
                // OR between them matched most of the statutes for 相互保险, and put a short
                // provision holding one word of a question above the long one holding them
                // all; OR still works when written
                parser.set_conjunction_by_default();
            }
            let q = match read_leniently(&parser, text) {
                Ok(q) => q,
                // a citation alone, such as `第181条`, leaves no word: its provisions still come
                Err(_) if !opts.cited.is_empty() => Box::new(EmptyQuery),
                Err(e) => {
                    let excludes = query.split_whitespace().any(|w| w.starts_with('-'));
                    return Err(Error::input(match e {
                    QueryParserError::AllButQueryForbidden if !excludes => Diagnostic::error(format!(
                        "the query `{query}` leaves no word to look for once particles and endings are dropped"
                    ))
                    .help("Japanese is matched as pairs of kanji or katakana, without the hiragana between them: give a word of at least two such characters, e.g. `相互会社`"),
                    QueryParserError::AllButQueryForbidden => Diagnostic::error(format!(
                        "the query `{query}` only excludes words"
                    ))
                    .help("give at least one word to look for beside the -words, e.g. `保险 -相互`"),
                    e => Diagnostic::error(format!("cannot read the query `{query}`: {e}"))
                        .help("put phrases in double quotes and close them; use AND, OR and - (not) between words"),
                }));
                }
            };
            queries.push((Occur::Should, q));
        }
        Ok(if queries.len() == 1 {
            queries.remove(0).1
        } else {
            Box::new(BooleanQuery::new(queries))
        })
    };
    let text_query = read(true)?;
    // a query whose words segment otherwise than the statutes' text (保险业务经, cut in
    // the middle of 经营), or that names more than any one provision holds, may find
    // nothing with every word: then any word will do (a quoted phrase stays a phrase). Not
    // when the query is written with AND, OR or -word: it says how its words go together
    let operators = query
        .split_whitespace()
        .any(|w| matches!(w, "AND" | "OR" | "NOT") || w.starts_with(['-', '+']));
    let relaxed = if operators { None } else { Some(read(false)?) };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(j) = &opts.jurisdiction {
        clauses.push((Occur::Must, term_query(f.jurisdiction, &j.to_lowercase())));
    }
    if let Some(i) = &opts.instrument {
        clauses.push((Occur::Must, term_query(f.instrument, i)));
    }
    if let Some(c) = &opts.concept {
        clauses.push((Occur::Must, term_query(f.concept, c)));
    }
    if script == Script::Latin {
        // the words as typed, unstemmed, weigh beside the stems: `insurer` above
        // `insurance`, which has the same stem; a provision holding every word as typed
        // weighs them twice, above one holding some only through their stems
        let mut parser = QueryParser::for_index(index, vec![f.en_exact]);
        let typed = without_possessives(query);
        if let Ok(exact) = read_leniently(&parser, &typed) {
            clauses.push((Occur::Should, exact));
        }
        parser.set_conjunction_by_default();
        if let Ok(every) = read_leniently(&parser, &typed) {
            clauses.push((Occur::Should, every));
        }
    }
    if let Some(term) = super::defined::asked_term(asked) {
        // a query that names a term the statutes define ranks the definition first
        clauses.push((
            Occur::Should,
            Box::new(tantivy::query::ConstScoreQuery::new(
                term_query(f.defines, &term),
                DEFINITION_WEIGHT,
            )),
        ));
        // and the definition of a longer term it begins (`small-amount short-term
        // insurance` → "small-amount short-term insurance business") next
        if term.chars().count() >= MIN_BEGUN_TERM {
            let mut beyond = term.clone();
            beyond.push(char::MAX);
            clauses.push((
                Occur::Should,
                Box::new(tantivy::query::ConstScoreQuery::new(
                    Box::new(RangeQuery::new(
                        Bound::Excluded(Term::from_field_text(f.defines, &term)),
                        Bound::Excluded(Term::from_field_text(f.defines, &beyond)),
                    )),
                    DEFINITION_WEIGHT / 2.0,
                )),
            ));
        }
    }
    // which version of each provision: the newest, or the one in force on the date asked
    let mut version: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    match opts.as_of {
        None => version.push((Occur::Must, term_query(f.newest, "yes"))),
        Some(d) => {
            let day = day_number(d);
            version.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Included(Term::from_field_i64(f.from_day, day)),
                )),
            ));
            version.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(f.to_day, day)),
                    Bound::Unbounded,
                )),
            ));
        }
    }
    // a cited provision in the same version as the hits on words
    let cited = opts
        .cited
        .iter()
        .map(|address| {
            let mut q = vec![(Occur::Must, term_query(f.address, address))];
            q.extend(version.iter().map(|(o, v)| (*o, v.box_clone())));
            BooleanQuery::new(q)
        })
        .collect();
    clauses.extend(version);
    let with_filters = |text: &dyn Query| {
        let mut all = vec![(Occur::Must, text.box_clone())];
        all.extend(clauses.iter().map(|(o, q)| (*o, q.box_clone())));
        BooleanQuery::new(all)
    };
    Ok(Prepared {
        full: with_filters(&*text_query),
        cited,
        relaxed: relaxed.map(|r| (with_filters(&*r), r)),
        text_query,
        fields,
    })
}

/// The fewest characters of a term asked for whose longer terms' definitions gain too: a
/// shorter one (保险, 保険) begins too many.
const MIN_BEGUN_TERM: usize = 4;

/// The score a definition of the term asked gains: more than any text score, so that it
/// comes first among the provisions that match.
const DEFINITION_WEIGHT: f32 = 100.0;

fn term_query(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// An English query without the possessive `'s` (`insurer's liability`): the statutes'
/// text is searched for the noun, which an `'s` would turn into a phrase with a word `s`.
fn without_possessives(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    let mut out = String::with_capacity(query.len());
    let mut i = 0;
    while i < chars.len() {
        let apostrophe = chars[i] == '\'' || chars[i] == '\u{2019}';
        let possessive = apostrophe
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && matches!(chars.get(i + 1), Some('s' | 'S'))
            && chars.get(i + 2).is_none_or(|c| !c.is_alphanumeric());
        if possessive {
            i += 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Reads a query as the user meant it: with its operators (AND, OR, -, "phrase") where
/// they parse, else with the characters that do not parse (an apostrophe, a colon, an
/// unclosed quote, brackets) taken as spaces between words. Only a query that leaves no
/// word to look for is an error.
fn read_leniently(
    parser: &QueryParser,
    text: &str,
) -> std::result::Result<Box<dyn Query>, QueryParserError> {
    match parser.parse_query(text) {
        Ok(q) => Ok(q),
        Err(QueryParserError::AllButQueryForbidden) => Err(QueryParserError::AllButQueryForbidden),
        Err(_) => {
            let balanced = text.matches('"').count().is_multiple_of(2);
            let plain: String = text
                .chars()
                .map(|c| match c {
                    '"' if balanced => c,
                    '\'' | '"' | ':' | '(' | ')' | '[' | ']' | '{' | '}' | '^' | '~' | '*'
                    | '\\' | '!' | '<' | '>' | '=' => ' ',
                    c => c,
                })
                .collect();
            match parser.parse_query(&plain) {
                Ok(q) => Ok(q),
                Err(QueryParserError::AllButQueryForbidden) => {
                    Err(QueryParserError::AllButQueryForbidden)
                }
                Err(_) => Ok(parser.parse_query_lenient(&plain).0),
            }
        }
    }
}

/// The `limit` best documents by score, those of equal score in the corpus's order (see
/// [`super::Fields::order`]), whichever segments hold them.
fn by_score_then_order(
    limit: usize,
) -> impl tantivy::collector::Collector<Fruit = Vec<((f32, std::cmp::Reverse<u64>), tantivy::DocAddress)>>
{
    TopDocs::with_limit(limit).tweak_score(|segment: &tantivy::SegmentReader| {
        let order = segment
            .fast_fields()
            .u64("order")
            .ok()
            .map(|column| column.first_or_default_col(u64::MAX));
        move |doc: tantivy::DocId, score: f32| {
            let place = order.as_ref().map_or(u64::MAX, |c| c.get_val(doc));
            (score, std::cmp::Reverse(place))
        }
    })
}

/// Runs a prepared query (the errors are the index's: it cannot be read).
pub(super) fn run(
    searcher: &Searcher,
    prepared: &Prepared,
    opts: &SearchOptions,
) -> tantivy::Result<Found> {
    let (_, f) = schema();
    let Prepared {
        full,
        relaxed,
        text_query,
        cited: cited_versions,
        fields,
    } = prepared;
    // no more hits than documents: a huge --limit must not reserve room for them all
    let limit = opts.limit.clamp(
        1,
        usize::try_from(searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1),
    );
    // the provisions the query cites first, then those its words find
    let mut found: Vec<(f32, tantivy::DocAddress, &'static str)> = Vec::new();
    for by_address in cited_versions {
        if let Some((_, doc)) = searcher
            .search(by_address, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
        {
            found.push((0.0, doc, "citation"));
        }
    }
    let cited: Vec<tantivy::DocAddress> = found.iter().map(|(_, d, _)| *d).collect();
    let wanted = opts
        .offset
        .saturating_add(limit)
        .saturating_add(cited.len());
    let collector = (
        by_score_then_order(wanted.min(searcher.num_docs() as usize).max(1)),
        tantivy::collector::Count,
    );
    let (mut top, mut matching) = searcher.search(full, &collector)?;
    // when every word finds nothing, any word will do (see `Prepared::relaxed`)
    let (full, text_query) = match relaxed {
        Some((loose, loose_text)) if matching == 0 => {
            (top, matching) = searcher.search(loose, &collector)?;
            (loose, loose_text)
        }
        _ => (full, text_query),
    };
    // a cited provision its words also find is counted once
    let mut found_by_words = 0;
    for address in &opts.cited {
        let both = BooleanQuery::new(vec![
            (Occur::Must, tantivy::query::QueryClone::box_clone(full)),
            (Occur::Must, term_query(f.address, address)),
        ]);
        found_by_words += searcher.search(&both, &tantivy::collector::Count)?;
    }
    let total = (matching + cited.len()).saturating_sub(found_by_words);
    found.extend(
        top.into_iter()
            .filter(|(_, d)| !cited.contains(d))
            .map(|((score, _), d)| (score, d, "words")),
    );
    let mut found: Vec<_> = found.into_iter().skip(opts.offset).collect();
    found.truncate(limit);
    let mut generators = Vec::new();
    for &field in fields {
        let mut g = SnippetGenerator::create(searcher, &**text_query, field)?;
        g.set_max_num_chars(160);
        generators.push((field, g));
    }
    let mut hits = Vec::new();
    for (score, addr, matched) in found {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let get = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let mut snippet = String::new();
        let mut from = None;
        // a cited provision shows the start of its text, not the places of the number
        let highlighted = if matched == "citation" {
            &[][..]
        } else {
            &generators[..]
        };
        for (field, g) in highlighted {
            let s = g.snippet_from_doc(&doc);
            if !s.highlighted().is_empty() {
                snippet = bold(&s);
                from = Some(*field);
                break;
            }
        }
        if snippet.is_empty() {
            // matched on a field without a highlight: show the start of its text
            for field in fields {
                let t = get(*field);
                if !t.is_empty() {
                    snippet = t.chars().take(120).collect();
                    from = Some(*field);
                    break;
                }
            }
        }
        let language = from.map(|field| lang_of(&f, field)).unwrap_or_default();
        let text_status = match from {
            Some(field) if field == f.summary || field == f.summary_zh => {
                Some("summary".to_string())
            }
            Some(field) => f
                .status_of(field)
                .map(get)
                .filter(|status| !status.is_empty()),
            None => None,
        };
        let copies = doc
            .get_first(f.copies)
            .and_then(|v| v.as_u64())
            .filter(|_| text_status.as_deref() == Some("verbatim"));
        hits.push(Hit {
            copies,
            address: get(f.address),
            score,
            snippet: snippet.split_whitespace().collect::<Vec<_>>().join(" "),
            jurisdiction: get(f.jurisdiction),
            instrument: get(f.instrument),
            language,
            text_status,
            label: get(f.label),
            matched,
        });
    }
    Ok(Found {
        hits,
        total,
        offset: opts.offset,
    })
}

fn lang_of(f: &super::Fields, field: Field) -> String {
    if field == f.zh {
        "zh"
    } else if field == f.ja {
        "ja"
    } else if field == f.summary || field == f.summary_zh {
        "summary"
    } else {
        "en"
    }
    .to_string()
}

/// The snippet's fragment with its highlighted ranges in `**bold**`.
fn bold(s: &tantivy::snippet::Snippet) -> String {
    bold_ranges(s.fragment(), s.highlighted())
}

/// `text` with the byte ranges `ranges` in `**bold**`. The ranges may come in any order,
/// overlap, nest, or reach outside `text` or into a character: a range is cut to `text`,
/// widened to character boundaries, and overlapping or adjacent ranges become one run.
fn bold_ranges(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut cut: Vec<std::ops::Range<usize>> = ranges
        .iter()
        .filter(|r| r.start < r.end && r.start < text.len())
        .map(|r| floor(r.start)..ceil(r.end))
        .collect();
    cut.sort_by_key(|r| (r.start, r.end));
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for r in cut {
        match runs.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => runs.push(r),
        }
    }
    let mut out = String::with_capacity(text.len() + 4 * runs.len());
    let mut at = 0;
    for r in runs {
        // runs are sorted, disjoint and on character boundaries
        if let (Some(before), Some(inside)) = (text.get(at..r.start), text.get(r.clone())) {
            out.push_str(before);
            out.push_str("**");
            out.push_str(inside);
            out.push_str("**");
            at = r.end;
        }
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        assert_eq!(script_of("相互会社とは"), Script::Japanese);
        assert_eq!(script_of("非法经营"), Script::Chinese);
        assert_eq!(script_of("mutual insurance"), Script::Latin);
    }

    #[test]
    fn possessives_are_dropped_from_english_queries() {
        assert_eq!(
            without_possessives("insurer's liability"),
            "insurer liability"
        );
        assert_eq!(without_possessives("members’s meeting"), "members meeting");
        assert_eq!(without_possessives("'s"), "'s");
        assert_eq!(without_possessives("o'shea"), "o'shea");
    }

    #[test]
    fn japanese_content_words() {
        assert_eq!(japanese_words("保険業とは"), "保険業");
        assert_eq!(japanese_words("相互会社の社員総会"), "相互会社 社員総会");
        assert_eq!(japanese_words("\"不特定の者\""), "\"不特定の者\"");
    }

    #[test]
    fn bold_takes_any_ranges() {
        let t = "保险业务经营";
        let bold = |pairs: &[(usize, usize)]| {
            let ranges: Vec<std::ops::Range<usize>> = pairs
                .iter()
                .map(|&(start, end)| std::ops::Range { start, end })
                .collect();
            bold_ranges(t, &ranges)
        };
        assert_eq!(bold(&[]), t);
        assert_eq!(bold(&[(6, 12), (0, 6)]), "**保险业务**经营");
        assert_eq!(bold(&[(0, 12), (3, 6)]), "**保险业务**经营");
        assert_eq!(bold(&[(3, 9), (0, 6)]), "**保险业**务经营");
        // inside a character, reversed, empty, beyond the end, wrapped round
        assert_eq!(bold(&[(1, 4)]), "**保险**业务经营");
        assert_eq!(bold(&[(9, 3), (5, 5)]), t);
        assert_eq!(bold(&[(15, 40)]), "保险业务经**营**");
        assert_eq!(bold(&[(usize::MAX - 5, 3)]), t);
        assert_eq!(bold(&[(usize::MAX - 5, usize::MAX)]), t);
    }
}
