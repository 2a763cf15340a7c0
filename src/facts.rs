//! The fact vocabulary: the facts a scheme file may state, as declared in the rule files
//! (`fact NAME TYPE question ...`), their types and values, and the known facts of one
//! scheme. Scheme loading, rule checking and evaluation all speak these types, so that
//! each stage depends only on the ones before it: load, then check, then eval.

use indexmap::IndexMap;
use serde::Serialize;

/// Every declared fact by name, in declaration order.
pub type Vocabulary = IndexMap<String, FactDef>;

/// The type of a declared fact.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct FactDef {
    /// Its name (`benefits.enforceable`).
    pub name: String,
    /// Its type.
    pub ty: FactType,
    /// Its questions by language (`en`, `zh`, ...).
    pub questions: IndexMap<String, String>,
    /// `file:line` of the declaration.
    pub defined_at: String,
}

impl FactDef {
    /// The question in a language, if declared.
    pub fn question(&self, language: &str) -> Option<&str> {
        self.questions.get(language).map(String::as_str)
    }
}

/// A value of a fact, as known for a scheme.
#[derive(Debug, Clone, PartialEq, Serialize)]
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

/// The known facts of a scheme.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    values: &'a IndexMap<String, FactValue>,
}

impl<'a> Facts<'a> {
    /// Facts from a map of known values; a fact not in the map is unknown.
    pub fn new(values: &'a IndexMap<String, FactValue>) -> Facts<'a> {
        Facts { values }
    }

    /// The value of a fact, if known.
    pub fn get(&self, name: &str) -> Option<&'a FactValue> {
        self.values.get(name)
    }
}
