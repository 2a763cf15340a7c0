//! The token stream of the project's own tokenizers: tokens worked out in full for one
//! text, handed out in order.

use tantivy::tokenizer::{Token, TokenStream};

/// The tokens of one text, in text order.
#[derive(Debug)]
pub struct TokenList {
    tokens: Vec<Token>,
    next: usize,
    current: Token,
}

impl TokenList {
    /// A stream of `tokens`, in the order given.
    pub fn new(tokens: Vec<Token>) -> TokenList {
        TokenList {
            tokens,
            next: 0,
            current: Token::default(),
        }
    }
}

impl TokenStream for TokenList {
    fn advance(&mut self) -> bool {
        match self.tokens.get_mut(self.next) {
            Some(t) => {
                self.current = std::mem::take(t);
                self.next += 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}
