//! A token filter made from a per-token rewrite: the shape every ghirbal filter has.
//!
//! A [`TokenMap`] rewrites one token's text or drops the token; [`MapFilter`] turns it into a
//! tantivy [`TokenFilter`]. Offsets and positions are never touched, so highlights land on the
//! stored text whatever the rewrite did.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// A rewrite of one token's text.
pub trait TokenMap: Clone + Send + Sync + 'static {
    /// Rewrites `text` in place. Returns false to drop the token.
    fn map(&self, text: &mut String) -> bool;
}

/// The [`TokenFilter`] that applies a [`TokenMap`] to every token.
#[derive(Clone, Debug)]
pub struct MapFilter<M>(pub M);

impl<M: TokenMap> TokenFilter for MapFilter<M> {
    type Tokenizer<T: Tokenizer> = MapTokenizer<M, T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MapTokenizer<M, T> {
        MapTokenizer {
            map: self.0,
            inner: tokenizer,
        }
    }
}

/// A tokenizer followed by a [`TokenMap`].
#[derive(Clone, Debug)]
pub struct MapTokenizer<M, T> {
    map: M,
    inner: T,
}

impl<M: TokenMap, T: Tokenizer> Tokenizer for MapTokenizer<M, T> {
    type TokenStream<'a> = MapStream<'a, M, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let MapTokenizer { map, inner } = self;
        MapStream {
            map,
            tail: inner.token_stream(text),
        }
    }
}

/// The token stream of a [`MapTokenizer`].
pub struct MapStream<'a, M, S> {
    map: &'a M,
    tail: S,
}

impl<M: TokenMap, S: TokenStream> TokenStream for MapStream<'_, M, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if self.map.map(&mut self.tail.token_mut().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The tokens `analyzer` makes of `text`, for tests: `(text, from, to)`.
#[cfg(test)]
pub(crate) fn tokens(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    text: &str,
) -> Vec<(String, usize, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from, t.offset_to));
    }
    out
}
