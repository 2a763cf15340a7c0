//! Jieba's segmentation over a dictionary compiled at build time.
//!
//! jieba-rs builds its dictionary, a trie of about 349,000 words, each time a process first
//! segments Chinese (about 100 ms), and offers no way to hand it a prebuilt one. `build.rs`
//! compiles the same word list (jieba-rs's own `src/data/dict.txt`, from the package of the
//! version `Cargo.toml` pins) into an FST of word → frequency that the binary holds as it
//! is, so opening it parses nothing. This module runs jieba-rs's segmentation over it: the
//! same split of the text into blocks, the same graph of dictionary words, the same route
//! of greatest log-probability (computed with the same floating-point operations, ties
//! going to the longer word), and, for the runs of single characters the route leaves, the
//! same HMM, run by jieba-rs itself (an instance with no dictionary, which sends a run
//! straight to its HMM). The two modes mutua uses are reproduced: [`cut`] (jieba-rs's
//! `cut(text, true)`) and [`cut_for_search`] (`cut_for_search(text, true)`).
//!
//! The segmentation code follows jieba-rs 0.11 (`src/lib.rs`, MIT licence, © 2018 messense
//! and the jieba-rs contributors), written again over the FST. It stays in step with
//! upstream by test: `tests/jieba_tokens.rs` compares the tokens of every provision of the
//! shipped corpus, and of every article of the LawRefBook data set, with jieba-rs's own.
//! Upgrading jieba-rs means changing its pinned version in `Cargo.toml` (the word list then
//! follows), running those tests, and following any change they reveal here.

use std::sync::OnceLock;

use jieba_rs::{Jieba, Token};
use tantivy_fst::raw::{Fst, Output};

/// The compiled dictionary: word → frequency, in the FST format of `tantivy-fst`.
static DICT_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba-dict.fst"));

/// The sum of the frequencies of every line of the word list.
const TOTAL: &str = env!("MUTUA_JIEBA_TOTAL");

/// The dictionary, opened on first use.
struct Dictionary {
    fst: Fst<&'static [u8]>,
    /// `ln` of the total frequency, as jieba-rs computes it.
    log_total: f64,
}

static DICTIONARY: OnceLock<Option<Dictionary>> = OnceLock::new();

/// jieba-rs with no dictionary: it sends every run of two or more characters to its HMM.
static HMM: OnceLock<Jieba> = OnceLock::new();

fn dictionary() -> Option<&'static Dictionary> {
    DICTIONARY
        .get_or_init(|| {
            let fst = Fst::new(DICT_FST).ok()?;
            let total: usize = TOTAL.parse().ok()?;
            Some(Dictionary {
                fst,
                log_total: (total as f64).ln(),
            })
        })
        .as_ref()
}

/// Opens the dictionary (without reading it: the FST is used in place) and says whether it
/// opened; a build whose FST were damaged would segment every text as single characters.
pub fn load() -> bool {
    dictionary().is_some()
}

/// Whether the dictionary has been opened in this process.
pub fn loaded() -> bool {
    DICTIONARY.get().is_some()
}

/// The number of words in the compiled dictionary.
pub fn word_count() -> usize {
    dictionary().map_or(0, |d| d.fst.len())
}

/// The frequency of `word` in the dictionary, if it is there.
pub fn frequency(word: &str) -> Option<u64> {
    dictionary()?.fst.get(word).map(Output::value)
}

// The character classes of jieba-rs (`is_han_default` and the CJK ranges it uses).

fn is_cjk_extension(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
    )
}

/// jieba's `RE_HAN_DEFAULT`: CJK ideographs, ASCII alphanumerics and `+#&._%-`.
fn is_han_default(c: char) -> bool {
    if matches!(c, '\u{4E00}'..='\u{9FFF}') {
        true
    } else if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        is_cjk_extension(c)
    }
}

/// The characters that join the parts of an alphanumeric compound (`WES-5.4.5`).
fn is_connector(c: char) -> bool {
    matches!(c, '.' | '_' | '-')
}

thread_local! {
    /// The dictionary's state after each character read from its start, as found: every
    /// word of a text is looked up from each of its characters, and most texts use a few
    /// thousand characters, so the first steps of the walk are taken once.
    static AFTER_FIRST: std::cell::RefCell<rustc_hash::FxHashMap<char, Option<(usize, u64)>>> =
        std::cell::RefCell::default();
}

/// The state of the dictionary's FST after the bytes of `c` from its root (the node's
/// address and the output so far), or `None` when no word starts with `c`.
fn after_first(dict: &Dictionary, c: char) -> Option<(usize, u64)> {
    AFTER_FIRST.with(|cache| {
        *cache.borrow_mut().entry(c).or_insert_with(|| {
            let fst = &dict.fst;
            let mut node = fst.root();
            let mut out = Output::zero();
            let mut utf8 = [0u8; 4];
            for &b in c.encode_utf8(&mut utf8).as_bytes() {
                let t = node.transition(node.find_input(b)?);
                out = out.cat(t.out);
                node = fst.node(t.addr);
            }
            Some((node.addr(), out.value()))
        })
    })
}

/// The dictionary words of one block of text: from each character, the words starting
/// there, shortest first, as (index of the character after the word, frequency).
#[derive(Default)]
struct Dag {
    edges: Vec<(usize, u64)>,
    /// Where each character's words start in `edges`; one more entry than characters.
    starts: Vec<usize>,
}

impl Dag {
    fn build(&mut self, dict: Option<&Dictionary>, block: &str, chars: &[(usize, char)]) {
        self.edges.clear();
        self.starts.clear();
        let bytes = block.as_bytes();
        for (i, &(_, first)) in chars.iter().enumerate() {
            self.starts.push(self.edges.len());
            let Some(dict) = dict else { continue };
            let fst = &dict.fst;
            // the words starting here start with this character: take its state from the
            // cache, then walk on through the characters after it
            let Some((addr, first_out)) = after_first(dict, first) else {
                continue;
            };
            let mut node = fst.node(addr);
            let mut out = Output::new(first_out);
            let mut end = i + 1;
            if node.is_final() {
                self.edges.push((end, out.cat(node.final_output()).value()));
            }
            let mut at = chars.get(end).map_or(bytes.len(), |&(b, _)| b);
            'walk: while end < chars.len() {
                let next = chars.get(end + 1).map_or(bytes.len(), |&(b, _)| b);
                while at < next {
                    let Some(t) = node.find_input(bytes[at]).map(|k| node.transition(k)) else {
                        break 'walk;
                    };
                    out = out.cat(t.out);
                    node = fst.node(t.addr);
                    at += 1;
                }
                end += 1;
                if node.is_final() {
                    self.edges.push((end, out.cat(node.final_output()).value()));
                }
            }
        }
        self.starts.push(self.edges.len());
    }

    fn edges(&self, i: usize) -> &[(usize, u64)] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.edges[a..b],
            _ => &[],
        }
    }

    /// Whether characters `x..y` of the block are a dictionary word.
    fn is_word(&self, x: usize, y: usize) -> bool {
        self.edges(x).iter().any(|&(end, _)| end == y)
    }
}

/// The route through a block of greatest log-probability: from each character, the index
/// of the character after the word taken there.
fn route(dict: Option<&Dictionary>, dag: &Dag, n: usize) -> Vec<usize> {
    let log_total = dict.map_or(f64::NEG_INFINITY, |d| d.log_total);
    let log1 = 0.0f64 - log_total;
    let mut prob = vec![0.0f64; n + 1];
    let mut next = vec![n; n + 1];
    for idx in (0..n).rev() {
        let mut best: Option<(f64, usize)> = None;
        for &(end, freq) in dag.edges(idx) {
            let p = (freq as f64).ln() - log_total + prob[end];
            match best {
                Some((bp, be)) if !(p > bp || (p == bp && end > be)) => {}
                _ => best = Some((p, end)),
            }
        }
        let (p, end) = best.unwrap_or((log1 + prob[idx + 1], idx + 1));
        prob[idx] = p;
        next[idx] = end;
    }
    next
}

/// Where a token of a dictionary block sits: the block's word graph, its characters (with
/// their byte offsets in the sentence) and the index of the token's first character.
type InBlock<'b> = Option<(&'b Dag, &'b [(usize, char)], usize)>;

/// A token of the sentence, from its byte range and its first character's index.
fn token<'a>(sentence: &'a str, from: usize, to: usize, start: usize) -> Token<'a> {
    let word = &sentence[from..to];
    Token {
        word,
        start,
        end: start + word.chars().count(),
        byte_start: from,
        byte_end: to,
    }
}

/// Segments `sentence` as jieba-rs's `cut(sentence, true)` does, handing each token to
/// `emit` with, for a token of a dictionary block, the block's word graph, characters
/// (byte offsets in the sentence) and the index of the token's first character in it.
fn cut_each<'a>(sentence: &'a str, mut emit: impl FnMut(Token<'a>, InBlock<'_>)) {
    let dict = dictionary();
    let hmm = HMM.get_or_init(Jieba::empty);
    let mut dag = Dag::default();
    let mut chars: Vec<(usize, char)> = Vec::new();
    let mut unicode = 0usize;
    let mut rest = sentence.char_indices().peekable();
    while let Some(&(block_start, first)) = rest.peek() {
        let matched = is_han_default(first);
        chars.clear();
        while let Some(&(at, c)) = rest.peek() {
            if is_han_default(c) != matched {
                break;
            }
            chars.push((at, c));
            rest.next();
        }
        let block_end = rest.peek().map_or(sentence.len(), |&(at, _)| at);
        if !matched {
            let mut i = 0;
            while let Some(&(at, c)) = chars.get(i) {
                let count = if c == '\r' && matches!(chars.get(i + 1), Some(&(_, '\n'))) {
                    2
                } else {
                    1
                };
                let to = chars.get(i + count).map_or(block_end, |&(b, _)| b);
                emit(token(sentence, at, to, unicode), None);
                unicode += count;
                i += count;
            }
            continue;
        }
        let block = &sentence[block_start..block_end];
        let local: Vec<(usize, char)> = chars.iter().map(|&(b, c)| (b - block_start, c)).collect();
        dag.build(dict, block, &local);
        let next = route(dict, &dag, chars.len());
        let n = chars.len();
        let byte = |i: usize| chars.get(i).map_or(block_end, |&(b, _)| b);
        let block_unicode = unicode;
        let word = |x: usize, y: usize, emit: &mut dyn FnMut(Token<'a>, InBlock<'_>)| {
            emit(
                token(sentence, byte(x), byte(y), block_unicode + x),
                Some((&dag, &chars, x)),
            );
        };
        // a run of single characters left by the route: one word if the dictionary has it,
        // else cut by the HMM
        let run = |x: usize, y: usize, emit: &mut dyn FnMut(Token<'a>, InBlock<'_>)| {
            if y - x == 1 || dag.is_word(x, y) {
                for i in x..y {
                    word(i, i + 1, emit);
                }
                return;
            }
            let from = byte(x);
            let mut at = x;
            for t in hmm.cut(&sentence[from..byte(y)], true) {
                let len = t.end - t.start;
                word(at, at + len, emit);
                at += len;
            }
        };
        let mut x = 0;
        let mut left: Option<usize> = None;
        while x < n {
            let y = next[x];
            if y - x == 1 {
                left.get_or_insert(x);
            } else {
                if let Some(start) = left.take() {
                    run(start, x, &mut emit);
                }
                word(x, y, &mut emit);
            }
            x = y;
        }
        if let Some(start) = left {
            run(start, n, &mut emit);
        }
        unicode += n;
    }
}

/// jieba-rs's `cut(sentence, true)`: the words of the route, runs of unknown characters cut
/// by the HMM.
pub fn cut(sentence: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    cut_each(sentence, |t, _| tokens.push(t));
    tokens
}

/// jieba-rs's `cut_for_search(sentence, true)`: each word of [`cut`], preceded by the parts
/// of an alphanumeric compound (two characters or more, with a letter) and by the
/// dictionary words of two and of three characters inside a longer word.
pub fn cut_for_search(sentence: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    cut_each(sentence, |t, block| {
        if t.word.chars().any(is_connector) {
            let mut offset = 0;
            for part in t.word.split(is_connector) {
                if part.len() >= 2 && part.bytes().any(|b| b.is_ascii_alphabetic()) {
                    let byte_start = t.byte_start + offset;
                    let start = t.start + t.word[..offset].chars().count();
                    tokens.push(Token {
                        word: part,
                        start,
                        end: start + part.chars().count(),
                        byte_start,
                        byte_end: byte_start + part.len(),
                    });
                }
                offset += part.len() + 1;
            }
        }
        let Some((dag, chars, x)) = block else {
            tokens.push(t);
            return;
        };
        let count = t.end - t.start;
        let byte = |k: usize| {
            if k == count {
                t.byte_end
            } else {
                chars.get(x + k).map_or(t.byte_end, |&(b, _)| b)
            }
        };
        let mut gram = |i: usize, len: usize| {
            if dag.is_word(x + i, x + i + len) {
                let (from, to) = (byte(i), byte(i + len));
                tokens.push(Token {
                    word: &t.word[from - t.byte_start..to - t.byte_start],
                    start: t.start + i,
                    end: t.start + i + len,
                    byte_start: from,
                    byte_end: to,
                });
            }
        };
        if count > 2 {
            for i in 0..count - 1 {
                gram(i, 2);
            }
        }
        if count > 3 {
            for i in 0..count - 2 {
                gram(i, 3);
            }
        }
        tokens.push(t);
    });
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(tokens: Vec<Token<'_>>) -> Vec<&str> {
        tokens.into_iter().map(|t| t.word).collect()
    }

    #[test]
    fn the_compiled_dictionary_opens_and_holds_jiebas_words() {
        assert!(load());
        assert!(word_count() > 300_000, "{}", word_count());
        assert!(frequency("保险").is_some());
        assert_eq!(frequency("保险保险保险"), None);
    }

    #[test]
    fn cuts_as_jieba_does() {
        assert_eq!(
            words(cut("我们中出了一个叛徒")),
            ["我们", "中出", "了", "一个", "叛徒"]
        );
        let s = words(cut_for_search("中华人民共和国保险法"));
        assert!(
            s.contains(&"中华人民共和国") && s.contains(&"人民"),
            "{s:?}"
        );
    }
}
