//! What evaluation returns: per jurisdiction, the outcome, its kind and compliance, the
//! provisions relied on, the facts that would decide an undetermined answer, and the
//! explanation tree (outcome → rule → conditions → facts). Data only; rendering is in
//! `report`.

use serde::{Deserialize, Serialize};

/// The canonical kind of a scheme in law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Insurance business under the jurisdiction's insurance statute.
    Insurance,
    /// Insurance by a member-owned organisation the law recognises as a mutual.
    MutualInsuranceSociety,
    /// Risk sharing outside insurance regulation.
    UnregulatedMutualAid,
    /// The facts given do not decide it.
    Undetermined,
}

/// Whether the scheme holds what the law requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compliance {
    /// Carried on under the licence, approval or registration required.
    Licensed,
    /// Excluded from the licensing requirement by a provision.
    Exempt,
    /// Outside the regulated activity; no licence needed.
    NoLicenceNeeded,
    /// Needs a licence it lacks.
    Unlicensed,
}

pub use crate::facts::FactValue;

/// `100000000` → `100,000,000`, for amounts and counts in reports.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Three-valued truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Depends on facts not given.
    Unknown,
}

/// What became of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleStatus {
    /// Its condition holds and no exception or higher-priority rule defeats it.
    Fired,
    /// Its condition does not hold.
    Failed,
    /// Its condition depends on unknown facts.
    Possible,
    /// Its condition holds but an exception (`unless`) or a rule of higher priority won.
    Defeated,
    /// Not in force on the scheme's date (`from`/`until`).
    NotInForce,
}

/// A fact the answer still needs, with the question to ask.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingFact {
    /// The fact's name (`benefits.enforceable`).
    pub fact: String,
    /// The question in English.
    pub question_en: String,
    /// The question in Chinese, if declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question_zh: Option<String>,
    /// The question in Japanese, if declared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question_ja: Option<String>,
}

/// A provision a rule relies on, quoted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedProvision {
    /// Its address.
    pub address: String,
    /// Its heading in the requested language (or the first available).
    pub heading: String,
    /// Its text in the requested language, if the corpus holds one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The language of `text`.
    pub language: String,
    /// `verbatim`, `unverified`, `translation`, `modified` (changed since it was fetched or
    /// imported), or `not_transcribed` when no text is held.
    pub text_status: String,
    /// When `text` is a translation: the authentic text the corpus holds, for the reader
    /// to quote beside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentic: Option<AuthenticText>,
    /// Set when the provision is not recorded as in force on the date asked: the text
    /// quoted is then the newest the corpus holds, and this says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_in_force: Option<String>,
}

/// The authentic (non-translated) text of a cited provision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuthenticText {
    /// Its language.
    pub language: String,
    /// The text.
    pub text: String,
    /// `verbatim`, `unverified` or `modified`.
    pub text_status: String,
}

/// One condition of a rule or definition, with its value and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionTrace {
    /// The condition as written in the rule file.
    pub source: String,
    /// Its value for this scheme.
    pub value: Truth,
    /// Facts it read, with their values (`None` when unknown).
    pub facts: Vec<(String, Option<FactValue>)>,
    /// For a condition that names a definition: the definition's own conditions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ConditionTrace>,
    /// A note, e.g. why a money comparison is unknown (another currency).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One rule's part in the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleTrace {
    /// The rule's name.
    pub rule: String,
    /// The outcome it gives.
    pub outcome: String,
    /// What became of it.
    pub status: RuleStatus,
    /// Its conditions (`when`), each traced.
    pub conditions: Vec<ConditionTrace>,
    /// The provisions it cites, quoted.
    pub cites: Vec<CitedProvision>,
    /// Its `because` note, in the language asked for where the rules give it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because: Option<String>,
    /// The language `because` is in when it is not the one asked for (`en`: the rules
    /// give no text in that language).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because_language: Option<String>,
    /// For a defeated rule, the rules that defeated it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub defeated_by: Vec<String>,
    /// `file:line` where the rule is written.
    pub defined_at: String,
}

/// Another reading of the law beside the answer (a rule's `arguably -> ...`): where the law
/// is unsettled, what a lawyer would write after "arguably".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContestedOutcome {
    /// The rule that decided the answer and carries this reading.
    pub rule: String,
    /// The outcome on this reading.
    pub outcome: String,
    /// Its kind.
    pub kind: Kind,
    /// Its compliance.
    pub compliance: Compliance,
    /// Addresses of the provisions it rests on.
    pub citations: Vec<String>,
    /// Why it can be argued, in the language asked for where the rules give it.
    pub because: String,
    /// The language `because` is in when it is not the one asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub because_language: Option<String>,
    /// `true` when its condition holds; `unknown` when it depends on facts not given.
    pub holds: Truth,
    /// The provisions it rests on, quoted.
    pub quotes: Vec<CitedProvision>,
}

/// One of the outcomes of a conflict, with the rules (in rule order) that give it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictingOutcome {
    /// The outcome's name.
    pub outcome: String,
    /// The rules that apply and give it.
    pub rules: Vec<String>,
}

/// The result for one jurisdiction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// `cn`, `ny` or `jp`.
    pub jurisdiction: String,
    /// The outcome's name, or `None` when undetermined or in conflict.
    pub outcome: Option<String>,
    /// The canonical kind.
    pub kind: Kind,
    /// Compliance, or `None` when undetermined.
    pub compliance: Option<Compliance>,
    /// Addresses of the provisions the answer relies on.
    pub citations: Vec<String>,
    /// Facts that would decide an undetermined answer (smallest set found), with questions.
    pub undecided_by: Vec<MissingFact>,
    /// The outcomes in conflict, each with the rules that give it: rules that apply with
    /// different outcomes and nothing between them (no `unless`, no priority). Empty when
    /// there is no conflict; otherwise one entry per outcome, so a conflict grows with the
    /// rules in it, not with their pairs.
    pub conflicts: Vec<ConflictingOutcome>,
    /// The rules in force on the date, with their traces: the rule that decided first,
    /// then those that fired, were defeated or stay possible, then those that failed.
    pub rules: Vec<RuleTrace>,
    /// Other readings of the law beside the answer (only when the answer is decided).
    pub contested: Vec<ContestedOutcome>,
    /// Warnings to show with the answer (e.g. illegal deposit taking risk).
    pub warnings: Vec<String>,
    /// The date the law was applied as of.
    pub as_of: chrono::NaiveDate,
    /// The language asked for (`en`, `zh`, `ja`): of its quotations' translations, its
    /// reasons and its warnings, where the rules and the corpus give them.
    pub language: String,
    /// How the values of the scheme's enum facts read in `language` (fact name → label),
    /// for reports in a language other than English; JSON gives the values themselves.
    #[serde(skip)]
    pub value_labels: Vec<(String, String)>,
}
