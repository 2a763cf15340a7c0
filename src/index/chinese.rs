//! Chinese word segmentation: jieba's, over its dictionary compiled at build time (see
//! [`super::jieba`]), opened on first use (so an English or Japanese query never opens it)
//! and shared by the index's tokenizer and the query segmenter.

use tantivy::tokenizer::{Token, Tokenizer};

use super::jieba;
use super::tokens::TokenList;

/// Opens the jieba dictionary (costs about nothing: it is compiled into the binary) and
/// says whether it opened.
pub fn load_dictionary() -> bool {
    jieba::load()
}

/// Whether the jieba dictionary has been opened in this process.
pub fn dictionary_loaded() -> bool {
    jieba::loaded()
}

/// The tokenizer of Chinese fields: jieba in search mode (a long word and the shorter words
/// inside it), with tokens ordered by where they start in the text, then by where they end.
///
/// Jieba's search mode gives the words inside a compound before the compound itself, so a
/// token can start before the one given just before it. Tantivy's snippet generator assumes
/// tokens come in text order; ordering them here keeps its highlighted ranges inside the
/// fragment it cuts.
#[derive(Debug, Clone, Default)]
pub struct ChineseTokenizer;

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = TokenList;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenList {
        let mut tokens: Vec<Token> = if text.is_empty() {
            Vec::new()
        } else {
            jieba::cut_for_search(text)
                .into_iter()
                .map(|t| Token {
                    offset_from: t.byte_start,
                    offset_to: t.byte_end,
                    position: t.start,
                    text: folded(t.word),
                    position_length: t.end - t.start,
                })
                .collect()
        };
        tokens.sort_by_key(|t| (t.offset_from, t.offset_to));
        TokenList::new(tokens)
    }
}

/// A word in lower case, as tantivy's `LowerCaser` gives it (character by character), with
/// Han characters, kana and lower-case ASCII, which have no case, passed over without a
/// look-up: nearly all of a Chinese text.
fn folded(word: &str) -> String {
    let caseless = |c: char| {
        (c.is_ascii() && !c.is_ascii_uppercase())
            || ('\u{3000}'..='\u{9fff}').contains(&c)
            || ('\u{f900}'..='\u{faff}').contains(&c)
            || ('\u{20000}'..='\u{3134f}').contains(&c)
    };
    if word.chars().all(caseless) {
        word.to_string()
    } else {
        word.chars().flat_map(char::to_lowercase).collect()
    }
}

/// The query's Chinese words separated by spaces (jieba's default mode), leaving quoted
/// phrases, operators (`AND`, `OR`, `-word`) and Latin words as they are. With `together`,
/// the words of a run typed without a space or punctuation between them (`非保险机构`, cut
/// into 非 and 保险机构) are a phrase: they match only where they stand together.
pub fn segment_query(q: &str, together: bool) -> String {
    let mut out = String::new();
    for (i, part) in q.split('"').enumerate() {
        if i % 2 == 1 {
            out.push_str(" \"");
            out.push_str(part);
            out.push_str("\" ");
            continue;
        }
        for chunk in part.split_whitespace() {
            if matches!(chunk, "AND" | "OR" | "NOT") {
                out.push(' ');
                out.push_str(chunk);
                continue;
            }
            let (sign, rest) = match chunk.strip_prefix(['-', '+']) {
                Some(rest) => (&chunk[..1], rest),
                None => ("", chunk),
            };
            // the runs of words between punctuation
            let mut runs: Vec<Vec<String>> = vec![Vec::new()];
            for w in jieba::cut(rest) {
                if w.word.chars().any(char::is_alphanumeric) {
                    if let Some(run) = runs.last_mut() {
                        run.push(w.word.to_string());
                    }
                } else {
                    runs.push(Vec::new());
                }
            }
            for run in runs.into_iter().filter(|run| !run.is_empty()) {
                out.push(' ');
                if together && run.len() > 1 {
                    out.push_str(sign);
                    out.push('"');
                    out.push_str(&run.concat());
                    out.push('"');
                } else {
                    for w in run {
                        out.push(' ');
                        out.push_str(sign);
                        out.push_str(&w);
                    }
                }
            }
        }
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    fn tokens(text: &str) -> Vec<(usize, usize, String)> {
        let mut t = ChineseTokenizer;
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            let k = s.token();
            out.push((k.offset_from, k.offset_to, k.text.clone()));
        }
        out
    }

    #[test]
    fn tokens_come_in_text_order_and_cover_the_compound() {
        let t = tokens("中华人民共和国保险法");
        assert!(t.windows(2).all(|w| w[0].0 <= w[1].0), "{t:?}");
        assert!(t.iter().any(|k| k.2 == "中华人民共和国"), "{t:?}");
        assert!(t.iter().any(|k| k.2 == "人民"), "{t:?}");
        for (from, to, text) in &t {
            assert_eq!(&"中华人民共和国保险法"[*from..*to], text);
        }
    }

    #[test]
    fn segments_keeping_phrases() {
        let s = segment_query("非法经营 \"商业保险\"", false);
        assert!(s.contains("\"商业保险\""), "{s}");
        assert!(s.contains("非法"), "{s}");
    }

    #[test]
    fn words_typed_together_are_a_phrase() {
        assert_eq!(segment_query("非保险机构", false), "非 保险机构");
        assert_eq!(segment_query("非保险机构", true), "\"非保险机构\"");
        assert_eq!(
            segment_query("非保险机构 互联网保险", true),
            "\"非保险机构\" \"互联网保险\""
        );
        // one word is a word; punctuation and spaces part phrases; operators stay
        assert_eq!(segment_query("保险", true), "保险");
        assert_eq!(segment_query("保险，相互", true), "保险 相互");
        assert_eq!(
            segment_query("保险 -相互 OR 互助", true),
            "保险 -相互 OR 互助"
        );
    }
}
