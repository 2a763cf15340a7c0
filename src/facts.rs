//! The fact vocabulary: the facts a scheme file may state, as declared in the rule files
//! (`fact NAME TYPE question ...`), their types and values, and the known facts of one
//! scheme. Scheme loading, rule checking and evaluation all speak these types, so that
//! each stage depends only on the ones before it: load, then check, then eval.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::diagnostic::quoted;

/// Every declared fact by name, in declaration order.
pub type Vocabulary = IndexMap<String, FactDef>;

/// Fact values by name, in the order given. Evaluation looks facts up by name at every
/// condition, so the map hashes with FxHash (fast on short keys; the names come from the
/// rules and the scheme files, not from a network peer).
pub type FactMap = IndexMap<String, FactValue, rustc_hash::FxBuildHasher>;

/// The type of a declared fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FactType {
    /// true / false.
    Bool,
    /// A whole number.
    Integer,
    /// An amount in a currency.
    Money,
    /// A date.
    Date,
    /// An ISO currency code (`CNY`).
    Currency,
    /// One of the listed values.
    Enum(Vec<String>),
}

impl FactType {
    /// How the type is named in messages.
    pub fn describe(&self) -> String {
        match self {
            FactType::Bool => "true or false".into(),
            FactType::Integer => "a number".into(),
            FactType::Money => "an amount of money".into(),
            FactType::Date => "a date".into(),
            FactType::Currency => "a currency code".into(),
            FactType::Enum(values) => format!("one of {}", values.join(", ")),
        }
    }
}

/// A declared fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactDef {
    /// Its name (`benefits.enforceable`).
    pub name: String,
    /// Its type.
    pub ty: FactType,
    /// Its questions by language (`en`, `zh`, ...).
    pub questions: IndexMap<String, String>,
    /// How its enum values read, by value and language (`label VALUE zh "…"`). (Never
    /// skipped when empty: the build's MessagePack copy of the rules is positional.)
    #[serde(default)]
    pub labels: IndexMap<String, IndexMap<String, String>>,
    /// `file:line` of the declaration.
    pub defined_at: String,
    /// The least value of an integer or money fact (`integer >= 1`); counts and amounts
    /// are at least 0 unless declared otherwise.
    pub min: Option<i64>,
    /// The greatest value of an integer or money fact (`integer <= 100`), if bounded.
    pub max: Option<i64>,
    /// The value a scheme that does not give the fact is taken to have (`default none`),
    /// where the rules declare one; reports say it was assumed.
    #[serde(with = "tagged::option")]
    pub default: Option<FactValue>,
    /// The jurisdiction whose rule file declares the fact (`None` for the shared fact
    /// declarations): a default applies to that jurisdiction's answer only.
    pub scope: Option<crate::corpus::Jurisdiction>,
}

impl FactDef {
    /// The question in a language, if declared.
    pub fn question(&self, language: &str) -> Option<&str> {
        self.questions.get(language).map(String::as_str)
    }

    /// How an enum value reads in a language: its label there, else its English label,
    /// else the value itself; with the language of the text given (`None` for the value).
    pub fn label<'a>(&'a self, value: &'a str, language: &str) -> (&'a str, Option<&'a str>) {
        let Some(labels) = self.labels.get(value) else {
            return (value, None);
        };
        match labels
            .get_key_value(language)
            .or_else(|| labels.get_key_value(crate::lang::BASE))
        {
            Some((l, t)) => (t.as_str(), Some(l.as_str())),
            None => (value, None),
        }
    }
}

/// A value of a fact, as known for a scheme.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum FactValue {
    /// true / false.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// An amount in a currency.
    Money {
        /// The amount.
        amount: i64,
        /// ISO currency code.
        currency: String,
    },
    /// A date, YYYY-MM-DD.
    Date(chrono::NaiveDate),
    /// One of an enum's values.
    Enum(String),
}

/// [`FactValue`] stored with the name of its variant, for the checked rules built into
/// the binary (`rules::prechecked`): its own serialization (as reports write it) leaves the
/// variant out, and a date and an enum value are then both strings. Use with
/// `#[serde(with = "tagged")]` (a value), `tagged::option` or `tagged::vec`.
pub mod tagged {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::FactValue;

    /// A fact value by the name of its variant.
    #[derive(Serialize, Deserialize)]
    enum Tagged {
        Bool(bool),
        Integer(i64),
        Money { amount: i64, currency: String },
        Date(chrono::NaiveDate),
        Enum(String),
    }

    impl From<&FactValue> for Tagged {
        fn from(v: &FactValue) -> Tagged {
            match v.clone() {
                FactValue::Bool(b) => Tagged::Bool(b),
                FactValue::Integer(n) => Tagged::Integer(n),
                FactValue::Money { amount, currency } => Tagged::Money { amount, currency },
                FactValue::Date(d) => Tagged::Date(d),
                FactValue::Enum(s) => Tagged::Enum(s),
            }
        }
    }

    impl From<Tagged> for FactValue {
        fn from(v: Tagged) -> FactValue {
            match v {
                Tagged::Bool(b) => FactValue::Bool(b),
                Tagged::Integer(n) => FactValue::Integer(n),
                Tagged::Money { amount, currency } => FactValue::Money { amount, currency },
                Tagged::Date(d) => FactValue::Date(d),
                Tagged::Enum(s) => FactValue::Enum(s),
            }
        }
    }

    /// Writes a value with its variant.
    pub fn serialize<S: Serializer>(v: &FactValue, s: S) -> Result<S::Ok, S::Error> {
        Tagged::from(v).serialize(s)
    }

    /// Reads a value written by [`serialize`].
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FactValue, D::Error> {
        Tagged::deserialize(d).map(FactValue::from)
    }

    /// `Option<FactValue>` with its variant.
    pub mod option {
        use super::*;

        /// Writes an optional value with its variant.
        pub fn serialize<S: Serializer>(v: &Option<FactValue>, s: S) -> Result<S::Ok, S::Error> {
            v.as_ref().map(Tagged::from).serialize(s)
        }

        /// Reads an optional value written by [`serialize`].
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<FactValue>, D::Error> {
            Ok(Option::<Tagged>::deserialize(d)?.map(FactValue::from))
        }
    }

    /// `Vec<FactValue>` with each value's variant.
    pub mod vec {
        use super::*;

        /// Writes values with their variants.
        pub fn serialize<S: Serializer>(v: &[FactValue], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(v.iter().map(Tagged::from))
        }

        /// Reads values written by [`serialize`].
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<FactValue>, D::Error> {
            Ok(Vec::<Tagged>::deserialize(d)?
                .into_iter()
                .map(FactValue::from)
                .collect())
        }
    }
}

/// The known facts of a scheme.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    values: &'a FactMap,
}

impl<'a> Facts<'a> {
    /// Facts from a map of known values; a fact not in the map is unknown.
    pub fn new(values: &'a FactMap) -> Facts<'a> {
        Facts { values }
    }

    /// The value of a fact, if known.
    pub fn get(&self, name: &str) -> Option<&'a FactValue> {
        self.values.get(name)
    }
}

impl FactDef {
    /// Whether `n` lies within the fact's bounds (`min`, `max`); if not, what it must be.
    pub fn check_range(&self, n: i64) -> Result<(), String> {
        match (self.min, self.max) {
            (Some(lo), _) if n < lo => {
                Err(format!("`{}` must be at least {lo}, found {n}", self.name))
            }
            (_, Some(hi)) if n > hi => {
                Err(format!("`{}` must be at most {hi}, found {n}", self.name))
            }
            _ => Ok(()),
        }
    }

    /// Reads a value of this fact as a person types it: `true`/`false` or `yes`/`no`;
    /// `1,000`, `100 million`, `10万`; money with or without its currency (`CNY 300000`,
    /// `300000` in `currency`); `2019-11-27`; an enum value by name or by its number in
    /// the list (from 1). The error says what is expected.
    pub fn parse(&self, text: &str, currency: Option<&str>) -> Result<FactValue, String> {
        let t = text.trim();
        match &self.ty {
            FactType::Bool => match t.to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" | "是" | "はい" => Ok(FactValue::Bool(true)),
                "false" | "no" | "n" | "否" | "いいえ" => Ok(FactValue::Bool(false)),
                _ => Err(format!(
                    "`{}` is not yes or no; answer true or false",
                    quoted(t)
                )),
            },
            FactType::Integer => {
                let n = parse_number(t)?;
                self.check_range(n)?;
                Ok(FactValue::Integer(n))
            }
            FactType::Money => {
                let (code, amount) = match t.split_once(char::is_whitespace) {
                    Some((c, rest))
                        if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) =>
                    {
                        (Some(c), rest)
                    }
                    _ => (None, t),
                };
                let Some(code) = code.or(currency) else {
                    return Err(format!(
                        "`{}` has no currency: write it before the amount, e.g. `CNY {}`",
                        quoted(t),
                        quoted(t)
                    ));
                };
                let amount = parse_number(amount)?;
                self.check_range(amount)?;
                Ok(FactValue::Money {
                    amount,
                    currency: code.to_string(),
                })
            }
            FactType::Date => parse_date(t).map(FactValue::Date).ok_or_else(|| {
                format!(
                    "`{}` is not a date; write YYYY-MM-DD, e.g. 2019-11-27",
                    quoted(t)
                )
            }),
            FactType::Currency => {
                let code = t.to_ascii_uppercase();
                if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
                    Ok(FactValue::Enum(code))
                } else {
                    Err(format!(
                        "`{}` is not a currency code; write three letters, e.g. CNY",
                        quoted(t)
                    ))
                }
            }
            FactType::Enum(values) => {
                if let Some(v) = values.iter().find(|v| v.eq_ignore_ascii_case(t)) {
                    return Ok(FactValue::Enum(v.clone()));
                }
                if let Some(v) = t
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| n.checked_sub(1))
                    .and_then(|i| values.get(i))
                {
                    return Ok(FactValue::Enum(v.clone()));
                }
                Err(format!(
                    "`{}` is not one of {}",
                    quoted(t),
                    values.join(", ")
                ))
            }
        }
    }
}

/// A whole number as a person writes it: `1,000`, `1_000`, `2.5 million`, `10万`, `3亿`.
fn parse_number(text: &str) -> Result<i64, String> {
    let t = text.trim();
    const UNITS: [(&str, f64); 10] = [
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("bn", 1e9),
        ("k", 1e3),
        ("m", 1e6),
        ("千", 1e3),
        ("万", 1e4),
        ("億", 1e8),
        ("亿", 1e8),
    ];
    let lower = t.to_lowercase();
    let (digits, factor) = UNITS
        .iter()
        .find_map(|(unit, f)| lower.strip_suffix(unit).map(|d| (d.trim().to_string(), *f)))
        .unwrap_or((lower.clone(), 1.0));
    let cleaned: String = digits.chars().filter(|c| !matches!(c, ',' | '_')).collect();
    let bad = || {
        format!(
            "`{}` is not a number; write digits, e.g. 1000 or 1,000 or 2.5 million",
            quoted(t)
        )
    };
    if factor == 1.0 {
        return cleaned.parse::<i64>().map_err(|_| bad());
    }
    let value: f64 = cleaned.parse().map_err(|_| bad())?;
    let n = (value * factor).round();
    if !n.is_finite() || n.abs() > i64::MAX as f64 {
        return Err(bad());
    }
    Ok(n as i64)
}

/// [`parse_date`], with the message a person reads when the date is not one.
pub fn read_date(s: &str) -> Result<chrono::NaiveDate, String> {
    parse_date(s).ok_or_else(|| {
        format!(
            "`{}` is not a date; write YYYY-MM-DD, e.g. 2019-11-27",
            quoted(s)
        )
    })
}

/// A date written `YYYY-MM-DD`, with two-digit month and day: the one way dates are
/// written in scheme files, answers and on the command line.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let b = s.as_bytes();
    let shape = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    let digits = s
        .char_indices()
        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !(shape && digits) {
        return None;
    }
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(ty: FactType) -> FactDef {
        let min = matches!(ty, FactType::Integer | FactType::Money).then_some(0);
        FactDef {
            name: "f".into(),
            ty,
            questions: IndexMap::new(),
            labels: IndexMap::new(),
            defined_at: String::new(),
            min,
            max: None,
            default: None,
            scope: None,
        }
    }

    #[test]
    fn values_as_people_type_them() {
        let count = def(FactType::Integer);
        assert_eq!(count.parse("1,000", None), Ok(FactValue::Integer(1000)));
        assert_eq!(
            count.parse("2.5 million", None),
            Ok(FactValue::Integer(2_500_000))
        );
        assert_eq!(count.parse("10万", None), Ok(FactValue::Integer(100_000)));
        assert!(count.parse("many", None).is_err());
        let money = def(FactType::Money);
        assert_eq!(
            money.parse("USD 500", Some("CNY")),
            Ok(FactValue::Money {
                amount: 500,
                currency: "USD".into()
            })
        );
        assert_eq!(
            money.parse("300000", Some("CNY")),
            Ok(FactValue::Money {
                amount: 300_000,
                currency: "CNY".into()
            })
        );
        assert!(money.parse("300000", None).is_err());
        let kind = def(FactType::Enum(vec![
            "before_loss".into(),
            "after_loss".into(),
        ]));
        assert_eq!(
            kind.parse("2", None),
            Ok(FactValue::Enum("after_loss".into()))
        );
        assert_eq!(
            kind.parse("Before_Loss", None),
            Ok(FactValue::Enum("before_loss".into()))
        );
        assert!(kind.parse("3", None).is_err());
        assert_eq!(
            def(FactType::Bool).parse("no", None),
            Ok(FactValue::Bool(false))
        );
    }
}
