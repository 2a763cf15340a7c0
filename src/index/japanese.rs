//! Japanese text as character bigrams that know their place: the bigram starting at the
//! n-th character has position n, so that a phrase (`"相互会社"`, a run of kanji typed
//! together) matches only where its characters stand together. tantivy's `NgramTokenizer`
//! gives every bigram position 0, so that a phrase matched any text holding its bigrams
//! anywhere.

use tantivy::tokenizer::{Token, Tokenizer};

use super::tokens::TokenList;

/// Splits text into overlapping pairs of characters, each at the position of its first
/// character. A text of one character gives none.
#[derive(Debug, Clone, Default)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = TokenList;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TokenList {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let end = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
        let tokens = match chars.len() {
            // a single kanji says too little to look for, as with tantivy's bigrams
            0 | 1 => Vec::new(),
            n => (0..n - 1)
                .map(|i| Token {
                    offset_from: chars[i].0,
                    offset_to: end(i + 2),
                    position: i,
                    text: text[chars[i].0..end(i + 2)].to_string(),
                    position_length: 1,
                })
                .collect(),
        };
        TokenList::new(tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TokenStream;

    #[test]
    fn each_bigram_stands_at_the_place_of_its_first_character() {
        let mut t = BigramTokenizer;
        let mut s = t.token_stream("相互会社");
        let mut got = Vec::new();
        while s.advance() {
            let tok = s.token();
            got.push((tok.position, tok.text.clone()));
        }
        assert_eq!(
            got,
            [(0, "相互".into()), (1, "互会".into()), (2, "会社".into())]
        );
    }
}
