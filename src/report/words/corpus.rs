//! The words of the commands that read the corpus: `show` (a provision, its sources and an
//! instrument's table of contents), `search`, `cite` and `compare`. Each is a `match` over
//! the three languages, as in the parent module; the English texts are those the commands
//! have always printed.

use chrono::NaiveDate;

use super::Words;
use crate::corpus::model::{EventKind, InstrumentStatus};
use crate::corpus::TextStatus;

/// The words of `show`.
impl Words {
    /// `Note: …` (how a citation was read).
    pub fn note(self, note: &str) -> String {
        match self {
            Words::En => format!("Note: {note}"),
            Words::Zh => format!("注：{note}"),
            Words::Ja => format!("注：{note}"),
        }
    }

    /// The line giving the dates of the text shown, with notes on its wording.
    pub fn text_in_force(
        self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        notes: &[String],
    ) -> String {
        let (lead, open, close, sep) = match self {
            Words::En => ("Text in force: ", " (", ")", "; "),
            Words::Zh => ("文本施行期间：", "（", "）", "；"),
            Words::Ja => ("本文の施行期間：", "（", "）", "；"),
        };
        let dates = match (self, from, to) {
            (Words::En, None, _) => "dates not recorded".to_string(),
            (Words::En, Some(f), None) => format!("from {f}"),
            (Words::En, Some(f), Some(t)) => format!("from {f} to {t}"),
            (Words::Zh, None, _) => "未记录日期".to_string(),
            (Words::Zh, Some(f), None) => format!("自{f}起"),
            (Words::Zh, Some(f), Some(t)) => format!("自{f}起至{t}止"),
            (Words::Ja, None, _) => "日付の記録なし".to_string(),
            (Words::Ja, Some(f), None) => format!("{f}から"),
            (Words::Ja, Some(f), Some(t)) => format!("{f}から{t}まで"),
        };
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("{open}{}{close}", notes.join(sep))
        };
        format!("{lead}{dates}{notes}")
    }

    /// How many versions of a provision are held.
    pub fn versions_held(self, n: usize) -> String {
        match self {
            Words::En => format!("{n} versions held, use --as-of"),
            Words::Zh => format!("共收录{n}个版本，可用 --as-of 指定日期"),
            Words::Ja => format!("{n}版を収録。--as-of で日付を指定できる"),
        }
    }

    /// Where the wording of a text comes from: `wording of`, `as enacted`, or `consolidated
    /// text after` the event named.
    pub fn wording(self, wording: crate::corpus::history::Wording) -> String {
        use crate::corpus::history::{event_name, Wording};
        let (kind, e) = match wording {
            Wording::Of(e) => (0, e),
            Wording::ConsolidatedAfter(e) if e.kind == Some(EventKind::Adopted) => (1, e),
            Wording::ConsolidatedAfter(e) => (2, e),
        };
        let name = event_name(e);
        match (self, kind) {
            (Words::En, 0) => format!("wording of {name}"),
            (Words::En, 1) => format!("as enacted, {name}"),
            (Words::En, _) => format!("consolidated text after {name}"),
            (Words::Zh, 0) => format!("依{name}的文本"),
            (Words::Zh, 1) => format!("制定时的文本，{name}"),
            (Words::Zh, _) => format!("{name}后的现行文本"),
            (Words::Ja, 0) => format!("{name}による文言"),
            (Words::Ja, 1) => format!("制定時の文言、{name}"),
            (Words::Ja, _) => format!("{name}後の現行の文言"),
        }
    }

    /// `verbatim (one copy)`, `verbatim (checked against 2 copies)`.
    pub fn copies(self, copies: usize) -> String {
        match (self, copies <= 1) {
            (Words::En, true) => "verbatim (one copy)".to_string(),
            (Words::En, false) => format!("verbatim (checked against {copies} copies)"),
            (Words::Zh, true) => "原文（一份副本）".to_string(),
            (Words::Zh, false) => format!("原文（已与{copies}份副本核对）"),
            (Words::Ja, true) => "原文（写し一部）".to_string(),
            (Words::Ja, false) => format!("原文（写し{copies}部と照合済み）"),
        }
    }

    /// The status of a text as `show` labels it: `copies` is the number of copies a
    /// verbatim text was checked against; `of_unverified` says a translation was made from
    /// a transcription not checked against the official text.
    pub fn held_text(self, status: TextStatus, copies: usize, of_unverified: bool) -> String {
        if of_unverified {
            return match self {
                Words::En => {
                    "translation of an UNVERIFIED transcription, not the authentic text".into()
                }
                Words::Zh => "据未经核对的转录所作的译文，非正式文本".into(),
                Words::Ja => "未照合の転記からの翻訳。正文ではありません".into(),
            };
        }
        let s = match (self, status) {
            (_, TextStatus::Verbatim) => return self.copies(copies),
            (Words::En, TextStatus::Unverified) => {
                "UNVERIFIED transcription: check the official text"
            }
            (Words::En, TextStatus::Translation) => "translation, not the authentic text",
            (Words::En, TextStatus::Modified) => {
                "MODIFIED since it was fetched or imported: not the official text"
            }
            (Words::Zh, TextStatus::Unverified) => "未经核对的转录：请以官方文本为准",
            (Words::Zh, TextStatus::Translation) => "译文，非正式文本",
            (Words::Zh, TextStatus::Modified) => "获取或导入后已被修改：非官方文本",
            (Words::Ja, TextStatus::Unverified) => "未照合の転記：公式の本文を確認してください",
            (Words::Ja, TextStatus::Translation) => "翻訳。正文ではありません",
            (Words::Ja, TextStatus::Modified) => "取得・取込後に変更あり：公式の本文ではありません",
        };
        s.to_string()
    }

    /// The line shown when the corpus holds no text of a provision: `parts` says its parts
    /// are listed below, `see` is where the official text is.
    pub fn no_text_held(self, parts: bool, see: &str) -> String {
        match (self, parts) {
            (Words::En, false) => format!("The corpus holds no text of this provision; see {see}."),
            (Words::En, true) => format!(
                "The corpus holds no text of this provision itself (its parts are listed below); see {see}."
            ),
            (Words::Zh, false) => format!("语料库未收录本条文本，请查阅 {see}。"),
            (Words::Zh, true) => {
                format!("语料库未收录本条自身的文本（其下各部分列于后）；请查阅 {see}。")
            }
            (Words::Ja, false) => format!("コーパスはこの規定の本文を収録していない。{see} を参照。"),
            (Words::Ja, true) => format!(
                "コーパスはこの規定自体の本文を収録していない（下位の規定は後掲）。{see} を参照。"
            ),
        }
    }

    /// The label of mutua's summary of a provision. Summaries are written in English, so a
    /// Chinese or Japanese report marks it `[en]`.
    pub fn summary_label(self) -> &'static str {
        match self {
            Words::En => "Summary (mutua): ",
            Words::Zh => "mutua 摘要 [en]：",
            Words::Ja => "mutua による要約 [en]：",
        }
    }

    /// The labels of a provision's parts, concept tags and related provisions.
    pub fn provision_labels(self) -> [&'static str; 3] {
        match self {
            Words::En => ["Parts: ", "Concepts: ", "See also: "],
            Words::Zh => ["下位条款：", "概念：", "另见："],
            Words::Ja => ["下位の規定：", "概念：", "関連規定："],
        }
    }

    /// The labels of the source lines: the source, its note, the official text to check a
    /// transcription against, the official text, the source's checksum, a copy it was
    /// checked against.
    pub fn source_labels(self) -> [&'static str; 6] {
        match self {
            Words::En => [
                "Source: ",
                "Source note: ",
                "Official text (check against it): ",
                "Official text: ",
                "Source sha256: ",
                "Checked against: ",
            ],
            Words::Zh => [
                "来源：",
                "来源说明 [en]：",
                "官方文本（请据以核对）：",
                "官方文本：",
                "来源 sha256：",
                "核对副本：",
            ],
            Words::Ja => [
                "出典：",
                "出典の注記 [en]：",
                "公式の本文（照合先）：",
                "公式の本文：",
                "出典の sha256：",
                "照合した写し：",
            ],
        }
    }

    /// What a comparison with a copy found, with its checksum and date.
    pub fn checked(
        self,
        copy: &str,
        sha256: Option<&str>,
        on: Option<NaiveDate>,
        agrees: bool,
    ) -> String {
        let mut about = Vec::new();
        if let Some(h) = sha256 {
            about.push(format!("sha256 {h}"));
        }
        if let Some(d) = on {
            about.push(match self {
                Words::En => format!("compared {d}"),
                Words::Zh => format!("{d}核对"),
                Words::Ja => format!("{d}照合"),
            });
        }
        let result = match (self, agrees) {
            (Words::En, true) => "agrees",
            (Words::En, false) => "differs",
            (Words::Zh, true) => "一致",
            (Words::Zh, false) => "不一致",
            (Words::Ja, true) => "一致",
            (Words::Ja, false) => "相違あり",
        };
        match self {
            Words::En if about.is_empty() => format!("{copy}: {result}"),
            Words::En => format!("{copy} ({}): {result}", about.join(", ")),
            _ if about.is_empty() => format!("{copy}：{result}"),
            _ => format!("{copy}（{}）：{result}", about.join("，")),
        }
    }

    /// Where two copies of a text differ, and which reading is kept.
    pub fn copies_differ(
        self,
        language: &str,
        at: usize,
        kept: (&str, &str),
        other: (&str, &str),
    ) -> String {
        match self {
            Words::En => format!(
                "Copies differ ({language}, character {at}): 「{}」 in {}, kept; 「{}」 in {}",
                kept.0, kept.1, other.0, other.1
            ),
            Words::Zh => format!(
                "副本之间有差异（{language}，第{at}字）：采用{}的「{}」；{}作「{}」",
                kept.1, kept.0, other.1, other.0
            ),
            Words::Ja => format!(
                "写しの間に相違あり（{language}、{at}文字目）：{}の「{}」を採用、{}では「{}」",
                kept.1, kept.0, other.1, other.0
            ),
        }
    }
}

/// The words of an instrument's table of contents.
impl Words {
    /// `promulgated DATE`.
    pub fn promulgated(self, d: NaiveDate) -> String {
        match self {
            Words::En => format!("promulgated {d}"),
            Words::Zh => format!("{d}公布"),
            Words::Ja => format!("{d}公布"),
        }
    }

    /// When an instrument was in force: since, from and to, or until a date.
    pub fn instrument_in_force(self, first: Option<NaiveDate>, until: Option<NaiveDate>) -> String {
        match (self, first, until) {
            (_, None, None) => String::new(),
            (Words::En, Some(f), Some(u)) => format!("in force {f} to {u}"),
            (Words::En, Some(f), None) => format!("in force since {f}"),
            (Words::En, None, Some(u)) => format!("in force until {u}"),
            (Words::Zh, Some(f), Some(u)) => format!("{f}至{u}有效"),
            (Words::Zh, Some(f), None) => format!("自{f}起施行"),
            (Words::Zh, None, Some(u)) => format!("有效至{u}"),
            (Words::Ja, Some(f), Some(u)) => format!("{f}から{u}まで施行"),
            (Words::Ja, Some(f), None) => format!("{f}施行"),
            (Words::Ja, None, Some(u)) => format!("{u}まで施行"),
        }
    }

    /// An instrument's status in words.
    pub fn instrument_status(self, s: InstrumentStatus) -> &'static str {
        use InstrumentStatus::*;
        match (self, s) {
            (Words::En, s) => s.describe(),
            (Words::Zh, InForce) => "现行有效",
            (Words::Zh, Repealed) => "已废止",
            (Words::Zh, Draft) => "草案，从未施行",
            (Words::Zh, Expired) => "已失效（期限届满）",
            (Words::Ja, InForce) => "現行",
            (Words::Ja, Repealed) => "廃止",
            (Words::Ja, Draft) => "案。施行されていない",
            (Words::Ja, Expired) => "失効（期間満了）",
        }
    }

    /// The date from which the text held was in force, when it is not the first.
    pub fn text_held_from(self, d: NaiveDate) -> String {
        match self {
            Words::En => format!("text held: as in force from {d}"),
            Words::Zh => format!("所收录文本：{d}起施行的文本"),
            Words::Ja => format!("収録した本文：{d}施行のもの"),
        }
    }

    /// How many provisions are recorded, in a division when one is named.
    pub fn provisions_recorded(self, n: usize, division: Option<&str>) -> String {
        match (self, division) {
            (Words::En, d) => format!(
                "{n} provision{} recorded{}",
                if n == 1 { "" } else { "s" },
                d.map_or(String::new(), |d| format!(" in {d}"))
            ),
            (Words::Zh, None) => format!("收录{n}个条款"),
            (Words::Zh, Some(d)) => format!("{d}中收录{n}个条款"),
            (Words::Ja, None) => format!("{n}規定を収録"),
            (Words::Ja, Some(d)) => format!("{d}のうち{n}規定を収録"),
        }
    }

    /// The heading of an instrument's history.
    pub fn history(self) -> &'static str {
        match self {
            Words::En => "History:",
            Words::Zh => "沿革：",
            Words::Ja => "沿革：",
        }
    }

    /// The kind of an event of an instrument's history.
    pub fn event(self, kind: Option<EventKind>) -> &'static str {
        use EventKind::*;
        match (self, kind) {
            (Words::En, None) => "event",
            (Words::En, Some(k)) => k.describe(),
            (Words::Zh, None) => "事件",
            (Words::Zh, Some(Adopted)) => "通过",
            (Words::Zh, Some(Revised)) => "修订",
            (Words::Zh, Some(Amended)) => "修正",
            (Words::Zh, Some(Published)) => "发布",
            (Words::Zh, Some(Repealed)) => "废止",
            (Words::Zh, Some(Ended)) => "终止",
            (Words::Ja, None) => "事項",
            (Words::Ja, Some(Adopted)) => "制定",
            (Words::Ja, Some(Revised)) => "全部改正",
            (Words::Ja, Some(Amended)) => "一部改正",
            (Words::Ja, Some(Published)) => "公表",
            (Words::Ja, Some(Repealed)) => "廃止",
            (Words::Ja, Some(Ended)) => "終了",
        }
    }

    /// `; in force DATE` after an event.
    pub fn event_in_force(self, d: NaiveDate) -> String {
        match self {
            Words::En => format!("; in force {d}"),
            Words::Zh => format!("；{d}施行"),
            Words::Ja => format!("；{d}施行"),
        }
    }

    /// After an event no source confirmed.
    pub fn not_checked(self) -> &'static str {
        match self {
            Words::En => " (not checked against a source)",
            Words::Zh => "（未经来源核对）",
            Words::Ja => "（出典と未照合）",
        }
    }
}

/// The words of `search`.
impl Words {
    /// No provision matches the query.
    pub fn no_match(self, query: &str) -> String {
        match self {
            Words::En => format!("No provision matches `{query}`."),
            Words::Zh => format!("没有与“{query}”相符的条文。"),
            Words::Ja => format!("「{query}」に該当する規定はない。"),
        }
    }

    /// A page past the last hit.
    pub fn past_the_end(self, query: &str, total: usize, from: usize) -> String {
        match self {
            Words::En => format!(
                "{total} provisions match `{query}`; none from hit {from} on (use a smaller --offset)."
            ),
            Words::Zh => format!(
                "与“{query}”相符的条文共{total}条；第{from}条以后没有结果（请用更小的 --offset）。"
            ),
            Words::Ja => format!(
                "「{query}」に該当する規定は{total}件。{from}件目以降はない（--offset を小さくしてください）。"
            ),
        }
    }

    /// The mark of a hit's text status, after its label; `None` for a status that needs
    /// no mark.
    pub fn hit_status(self, status: &str, copies: usize) -> Option<String> {
        let s = match (self, status) {
            (_, "verbatim") => return Some(self.copies(copies)),
            (Words::En, "unverified") => "unverified text",
            (Words::En, "translation") => "translation",
            (Words::En, "modified") => "MODIFIED text",
            (Words::Zh, "unverified") => "未经核对的文本",
            (Words::Zh, "translation") => "译文",
            (Words::Zh, "modified") => "已修改的文本",
            (Words::Ja, "unverified") => "未照合の本文",
            (Words::Ja, "translation") => "翻訳",
            (Words::Ja, "modified") => "変更された本文",
            _ => return None,
        };
        Some(s.to_string())
    }

    /// The mark of a hit the query cites (it has no score).
    pub fn cited(self) -> &'static str {
        match self {
            Words::En => "cited",
            Words::Zh => "引用",
            Words::Ja => "引用",
        }
    }

    /// A hit's score, in Markdown.
    pub fn score(self, score: &str) -> String {
        match self {
            Words::En => format!("score {score}"),
            Words::Zh => format!("得分 {score}"),
            Words::Ja => format!("スコア {score}"),
        }
    }

    /// Which hits a page shows of how many, and the offset of the next page if any.
    pub fn hits(self, first: usize, last: usize, total: usize, next: Option<usize>) -> String {
        match self {
            Words::En => format!(
                "Hits {first} to {last} of {total} provisions that match{}.",
                next.map_or(String::new(), |n| format!("; --offset {n} for the next"))
            ),
            Words::Zh => format!(
                "相符条文共{total}条，此为第{first}至{last}条{}。",
                next.map_or(String::new(), |n| format!("；下一页用 --offset {n}"))
            ),
            Words::Ja => format!(
                "該当する規定{total}件のうち{first}件目から{last}件目{}。",
                next.map_or(String::new(), |n| format!("。次は --offset {n}"))
            ),
        }
    }
}

/// The words of `cite`'s line.
impl Words {
    /// What text the corpus holds of a cited provision; `label` is the status of a
    /// verbatim text, `within` the whole it is held in.
    pub fn cite_held(self, status: &str, label: &str, within: Option<&str>) -> String {
        let held = match (self, status) {
            (Words::En, "no text") => "no text held".to_string(),
            (Words::En, "translation") => "text held in translation only".to_string(),
            (Words::En, "modified") => {
                "MODIFIED text held, changed since it was fetched or imported".to_string()
            }
            (Words::En, "verbatim") => format!("text held: {label}"),
            (Words::En, s) => format!("{s} text held"),
            (Words::Zh, "no text") => "未收录文本".to_string(),
            (Words::Zh, "translation") => "仅收录译文".to_string(),
            (Words::Zh, "modified") => "收录的文本在获取或导入后已被修改".to_string(),
            (Words::Zh, "verbatim") => format!("收录文本：{label}"),
            (Words::Zh, "unverified") => "收录未经核对的文本".to_string(),
            (Words::Zh, s) => format!("收录文本：{s}"),
            (Words::Ja, "no text") => "本文未収録".to_string(),
            (Words::Ja, "translation") => "翻訳のみ収録".to_string(),
            (Words::Ja, "modified") => "収録した本文は取得・取込後に変更あり".to_string(),
            (Words::Ja, "verbatim") => format!("収録した本文：{label}"),
            (Words::Ja, "unverified") => "未照合の本文を収録".to_string(),
            (Words::Ja, s) => format!("収録した本文：{s}"),
        };
        match (self, within) {
            (_, None) => held,
            (Words::En, Some(w)) => format!("{held} of {w} as a whole"),
            (Words::Zh, Some(w)) => format!("{held}（{w}整体）"),
            (Words::Ja, Some(w)) => format!("{held}（{w}全体）"),
        }
    }

    /// `WARNING: …` before a warning of `cite`.
    pub fn warning_mark(self) -> &'static str {
        match self {
            Words::En => "WARNING: ",
            Words::Zh => "注意：",
            Words::Ja => "注意：",
        }
    }

    /// The number of a provision is inferred (`true`) or only not confirmed.
    pub fn number_doubt(self, inferred: bool) -> &'static str {
        match (self, inferred) {
            (Words::En, true) => {
                "the number is inferred, not confirmed against a copy: check it before citing"
            }
            (Words::En, false) => {
                "the number was not confirmed against a copy: check it before citing"
            }
            (Words::Zh, true) => "条号系推定，未经副本核对：引用前请核实",
            (Words::Zh, false) => "条号未经副本核对：引用前请核实",
            (Words::Ja, true) => "条番号は推定で、写しと照合していない：引用前に確認してください",
            (Words::Ja, false) => "条番号は写しと照合していない：引用前に確認してください",
        }
    }

    /// A record that summarises part of an instrument, which is cited as a whole.
    pub fn not_an_article(self, part: &str) -> String {
        match self {
            Words::En => format!(
                "not an article: the corpus's record `{part}` summarises part of the instrument, which is cited as a whole"
            ),
            Words::Zh => format!("并非条文：语料库的记录 `{part}` 概述法规的一部分，引用时以整部法规为准"),
            Words::Ja => format!("条ではない：コーパスの記録 `{part}` は法令の一部を要約したもので、法令全体として引用する"),
        }
    }

    /// No date is held for the text cited; `publisher` names the volumes that give one.
    pub fn no_date_held(self, publisher: Option<&str>) -> String {
        match (self, publisher) {
            (Words::En, Some(p)) => {
                format!("no date held: add the year of the {p} volume or supplement you cite")
            }
            (Words::En, None) => "no date held for this text".to_string(),
            (Words::Zh, Some(p)) => format!("未收录日期：请补充所引 {p} 卷册或增补本的年份"),
            (Words::Zh, None) => "未收录该文本的日期".to_string(),
            (Words::Ja, Some(p)) => {
                format!("日付の記録なし：引用する {p} の巻又は追補の年を補ってください")
            }
            (Words::Ja, None) => "この本文の日付の記録なし".to_string(),
        }
    }

    /// The text cited was in force between two dates only.
    pub fn in_force_between(self, from: NaiveDate, to: NaiveDate) -> String {
        match self {
            Words::En => format!("text in force from {from} to {to}"),
            Words::Zh => format!("该文本自{from}起至{to}止有效"),
            Words::Ja => format!("この本文は{from}から{to}まで施行"),
        }
    }
}

/// The words of `compare`.
impl Words {
    /// ` (law in force on DATE)` after a topic's title.
    pub fn law_in_force_on(self, d: NaiveDate) -> String {
        match self {
            Words::En => format!(" (law in force on {d})"),
            Words::Zh => format!("（{d}有效的法律）"),
            Words::Ja => format!("（{d}時点の法令）"),
        }
    }

    /// What a cell gives of a provision: mutua's summary or its text of this status.
    pub fn basis(self, basis: crate::compare::Basis) -> &'static str {
        use crate::compare::Basis::*;
        match (self, basis) {
            (Words::En, b) => b.label(),
            (Words::Zh, Summary) => "mutua 摘要 [en]",
            (Words::Zh, Verbatim) => "原文",
            (Words::Zh, Unverified) => "未经核对",
            (Words::Zh, Translation) => "译文",
            (Words::Zh, Modified) => "已修改",
            (Words::Ja, Summary) => "mutua による要約 [en]",
            (Words::Ja, Verbatim) => "原文",
            (Words::Ja, Unverified) => "未照合",
            (Words::Ja, Translation) => "翻訳",
            (Words::Ja, Modified) => "変更あり",
        }
    }

    /// A text status in a cell's status line (`zh verbatim`).
    pub fn status_word(self, status: TextStatus) -> &'static str {
        match (self, status) {
            (Words::En, s) => s.as_str(),
            (_, TextStatus::Verbatim) => "原文",
            (Words::Zh, TextStatus::Unverified) => "未经核对",
            (Words::Zh, TextStatus::Translation) => "译文",
            (Words::Zh, TextStatus::Modified) => "已修改",
            (Words::Ja, TextStatus::Unverified) => "未照合",
            (Words::Ja, TextStatus::Translation) => "翻訳",
            (Words::Ja, TextStatus::Modified) => "変更あり",
        }
    }

    /// A cell's status line: its basis, and the texts held with their status (empty when
    /// none is).
    pub fn cell_status(self, basis: &str, texts: &[String]) -> String {
        match (self, texts.is_empty()) {
            (Words::En, true) => format!("{basis}; no text held"),
            (Words::En, false) => format!("{basis}; text: {}", texts.join(", ")),
            (Words::Zh, true) => format!("{basis}；未收录文本"),
            (Words::Zh, false) => format!("{basis}；文本：{}", texts.join("，")),
            (Words::Ja, true) => format!("{basis}；本文未収録"),
            (Words::Ja, false) => format!("{basis}；本文：{}", texts.join("、")),
        }
    }

    /// The mark before the reason a jurisdiction has no provision on a topic.
    pub fn no_provision(self) -> &'static str {
        match self {
            Words::En => "No provision.",
            Words::Zh => "无相关条文。",
            Words::Ja => "該当規定なし。",
        }
    }

    /// The reason given when the corpus holds no provision with a topic's tags.
    pub fn none_tagged(self, tags: &str, as_of: Option<NaiveDate>) -> String {
        match (self, as_of) {
            (Words::En, None) => format!("The corpus holds no provision tagged {tags}."),
            (Words::En, Some(d)) => {
                format!("The corpus holds no provision tagged {tags} in force on {d}.")
            }
            (Words::Zh, None) => format!("语料库中没有标注为 {tags} 的条文。"),
            (Words::Zh, Some(d)) => format!("语料库中没有标注为 {tags} 且于{d}有效的条文。"),
            (Words::Ja, None) => format!("コーパスには {tags} の付いた規定がない。"),
            (Words::Ja, Some(d)) => {
                format!("コーパスには {tags} の付いた{d}時点で施行中の規定がない。")
            }
        }
    }

    /// The head of the columns of the list of topics, and the line on concept tags.
    pub fn topic_heads(self) -> [&'static str; 3] {
        match self {
            Words::En => ["topic", "title", "tags"],
            Words::Zh => ["主题", "标题", "标签"],
            Words::Ja => ["テーマ", "表題", "タグ"],
        }
    }

    /// After the list of topics: any tag can be compared too.
    pub fn any_tag(self, tags: &str) -> String {
        match self {
            Words::En => format!("\nAny concept tag can be compared too: {tags}"),
            Words::Zh => format!("\n任何概念标签也可用于比较：{tags}"),
            Words::Ja => format!("\n概念タグでも比較できる：{tags}"),
        }
    }
}
