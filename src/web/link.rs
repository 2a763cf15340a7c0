//! The address of a result: the scheme it is of, written into the URL (its canonical YAML,
//! deflated, in URL-safe base64), so that a classification or a what-if opened elsewhere,
//! on another server of the same corpus and rules, gives the same result. The server keeps
//! nothing.

use std::io::{Read, Write};

use axum::http::StatusCode;
use base64::Engine;

use super::api::ApiError;

/// The largest scheme an address is read into, in bytes (a scheme file is a few
/// kilobytes; this bounds what a crafted address can make the server inflate).
const MOST_SCHEME_BYTES: u64 = 256 * 1024;

/// The text of a scheme as the `s` parameter of a result's address.
pub fn encode(yaml: &str) -> String {
    let mut deflate = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // writing to memory does not fail
    let _ = deflate.write_all(yaml.as_bytes());
    let bytes = deflate.finish().unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The text of a scheme from the `s` parameter of an address, or a 400 saying the
/// address is damaged.
pub fn decode(token: &str) -> Result<String, ApiError> {
    let damaged = |why: &str| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("the address of this result is damaged ({why})"),
        )
        .with_hint(
            "copy the whole link again (with the copy-link button of the result page), or fill in the form again",
        )
    };
    if token.trim().is_empty() {
        return Err(damaged("its `s` is empty"));
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token.trim().trim_end_matches('='))
        .map_err(|_| damaged("its `s` is not URL-safe base64"))?;
    let mut text = Vec::new();
    flate2::read::DeflateDecoder::new(bytes.as_slice())
        .take(MOST_SCHEME_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(|_| damaged("its `s` does not inflate"))?;
    if text.len() as u64 > MOST_SCHEME_BYTES {
        return Err(damaged("its scheme is larger than 256 KB"));
    }
    String::from_utf8(text).map_err(|_| damaged("its scheme is not UTF-8 text"))
}

/// What this server's results are made with: the first 12 characters of the corpus's and
/// of the rules' hashes (`24b352b9e832-7d4a48c76ba8`), written into a result's address as
/// `v`, so that an address opened on a server of other law says so.
pub fn made_with() -> String {
    match crate::report::provenance() {
        Some(p) => format!(
            "{}-{}",
            p.corpus_hash.get(..12).unwrap_or(&p.corpus_hash),
            p.rules_hash.get(..12).unwrap_or(&p.rules_hash)
        ),
        None => String::new(),
    }
}

/// The note a result opened from an address made with other law (`v`) shows: its answer
/// may differ from the one sent.
pub fn made_elsewhere(v: Option<&str>) -> Option<String> {
    let v = v.map(str::trim).filter(|v| !v.is_empty())?;
    let here = made_with();
    (v != here).then(|| {
        format!(
            "This address was made with corpus and rules {}; this server has {here}. The law or the rules differ, so the answer below may differ from the one that was sent.",
            crate::diagnostic::quoted(v)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheme_comes_back_from_its_address() {
        let yaml = "name: A scheme 相互\nas_of: 2019-11-27\nfacts:\n  operator.bears_risk: false\n";
        let token = encode(yaml);
        assert!(token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&token).unwrap(), yaml);
    }

    #[test]
    fn a_damaged_address_is_a_400_that_says_so() {
        for token in ["not base64!", "AAAA", ""] {
            let e = decode(token)
                .err()
                .unwrap_or_else(|| panic!("{token} decoded"));
            assert_eq!(e.status, 400);
            assert!(e.message.contains("damaged"), "{}", e.message);
        }
    }

    #[test]
    fn a_bomb_is_refused() {
        let mut deflate =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        deflate.write_all(&vec![b'a'; 1024 * 1024]).unwrap();
        let token =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflate.finish().unwrap());
        assert!(token.len() < 8 * 1024, "small enough for an address");
        let e = decode(&token).unwrap_err();
        assert!(e.message.contains("larger than 256 KB"), "{}", e.message);
    }
}
