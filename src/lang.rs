//! The languages mutua speaks (English, Chinese, Japanese) and texts given in several of
//! them. A text a user reads — a rule's reason, a warning, a contested reading, the label
//! of a fact's value — is written in English and may be given in Chinese and Japanese
//! beside it (`because zh "…"` in the rule language). Where the language asked for is
//! missing, the English text is shown, and the output says so: a text never falls back
//! silently.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The languages of reports, questions and quotations, in the order they are listed.
pub const LANGUAGES: [&str; 3] = ["en", "zh", "ja"];

/// The language of the text written without a language (`because "…"`).
pub const BASE: &str = "en";

/// Whether `code` is one of [`LANGUAGES`].
pub fn is_language(code: &str) -> bool {
    LANGUAGES.contains(&code)
}

/// The language a user's locale asks for: `zh` for `zh_*`, `ja` for `ja_*`, else English.
/// `LC_ALL` wins over `LC_MESSAGES`, which wins over `LANG`, as with other command-line
/// tools; an empty variable counts as unset.
pub fn from_locale() -> &'static str {
    from_locale_vars(|name| std::env::var(name).ok())
}

/// [`from_locale`] over a lookup of environment variables.
pub fn from_locale_vars(var: impl Fn(&str) -> Option<String>) -> &'static str {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    let tag = locale.to_ascii_lowercase();
    if tag.starts_with("zh") {
        "zh"
    } else if tag.starts_with("ja") {
        "ja"
    } else {
        "en"
    }
}

/// A text in one language or more, by language code; the English text is always there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Texts(pub IndexMap<String, String>);

/// A text picked in a language: the text and the language it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picked<'a> {
    /// The text.
    pub text: &'a str,
    /// Its language: the one asked for, or English where that one is missing.
    pub language: &'a str,
}

impl Picked<'_> {
    /// Whether the text is not in `asked`, the English one shown instead.
    pub fn fell_back(&self, asked: &str) -> bool {
        self.language != asked
    }
}

impl Texts {
    /// An English text only.
    pub fn english(text: impl Into<String>) -> Texts {
        let mut map = IndexMap::new();
        map.insert(BASE.to_string(), text.into());
        Texts(map)
    }

    /// The English text.
    pub fn en(&self) -> &str {
        self.0.get(BASE).map_or("", String::as_str)
    }

    /// The text in `language`, else the English one.
    pub fn pick(&self, language: &str) -> Picked<'_> {
        match self.0.get_key_value(language) {
            Some((l, t)) => Picked {
                text: t,
                language: l,
            },
            None => Picked {
                text: self.en(),
                language: BASE,
            },
        }
    }

    /// Whether the text is given in `language`.
    pub fn has(&self, language: &str) -> bool {
        self.0.contains_key(language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_picks_the_language() {
        fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        }
        assert_eq!(from_locale_vars(env(&[("LANG", "zh_CN.UTF-8")])), "zh");
        assert_eq!(from_locale_vars(env(&[("LANG", "ja_JP.UTF-8")])), "ja");
        assert_eq!(from_locale_vars(env(&[("LANG", "de_DE.UTF-8")])), "en");
        assert_eq!(from_locale_vars(env(&[])), "en");
        // LC_ALL wins; an empty one counts as unset
        let both = [("LC_ALL", "ja_JP.UTF-8"), ("LANG", "zh_TW.UTF-8")];
        assert_eq!(from_locale_vars(env(&both)), "ja");
        let empty = [("LC_ALL", ""), ("LANG", "zh_TW.UTF-8")];
        assert_eq!(from_locale_vars(env(&empty)), "zh");
    }

    #[test]
    fn a_missing_language_falls_back_to_english_and_says_so() {
        let mut t = Texts::english("Insurance.");
        t.0.insert("zh".into(), "保险。".into());
        assert_eq!(t.pick("zh").text, "保险。");
        assert!(!t.pick("zh").fell_back("zh"));
        let ja = t.pick("ja");
        assert_eq!(ja.text, "Insurance.");
        assert!(ja.fell_back("ja"));
        assert!(!t.pick("en").fell_back("en"));
    }
}
