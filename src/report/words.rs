//! The words of mutua's own reports in English, Chinese and Japanese: headings, labels,
//! the names of outcome kinds and compliance statuses, the status of quoted texts and the
//! provenance line. Each word is a `match` over the three languages, so none can be
//! missing. A report in Chinese reads as a Chinese legal memo (结论、理由、所依据的条文、尚待确认
//! 的事实), not as a translation of an English one.

use crate::rules::outcome::{Compliance, Kind};

mod corpus;
mod suite;

/// The language of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// English.
    En,
    /// Chinese (simplified).
    Zh,
    /// Japanese.
    Ja,
}

impl Words {
    /// The words of a language code (`en`, `zh`, `ja`); English for any other.
    pub fn of(language: &str) -> Words {
        match language {
            "zh" => Words::Zh,
            "ja" => Words::Ja,
            _ => Words::En,
        }
    }

    /// The language code.
    pub fn code(self) -> &'static str {
        match self {
            Words::En => "en",
            Words::Zh => "zh",
            Words::Ja => "ja",
        }
    }

    /// `CODE: ` after a label: a colon and a space in English, a full-width colon in
    /// Chinese and Japanese.
    pub fn colon(self) -> &'static str {
        match self {
            Words::En => ": ",
            Words::Zh | Words::Ja => "：",
        }
    }

    /// The title of a classification.
    pub fn classification_title(self, scheme: &str, date: &str) -> String {
        match self {
            Words::En => format!("{scheme}: classification as of {date}"),
            Words::Zh => format!("{scheme}：法律定性（适用{date}有效的法律）"),
            Words::Ja => format!("{scheme}：法的性質の判定（{date}時点の法令による）"),
        }
    }

    /// The rows of a Markdown memo's title block.
    pub fn title_block(self) -> [&'static str; 5] {
        match self {
            Words::En => [
                "Scheme",
                "Law applied as of",
                "Produced by",
                "Corpus",
                "Rules",
            ],
            Words::Zh => ["计划", "适用法律的日期", "生成工具", "语料库", "规则"],
            Words::Ja => [
                "制度",
                "適用法令の基準日",
                "作成ツール",
                "コーパス",
                "ルール",
            ],
        }
    }

    /// The line saying proposed rules were applied instead of the law in force.
    pub fn proposed(self, title: &str, file: &str, jurisdiction: &str) -> String {
        match self {
            Words::En => format!(
                "PROPOSED RULES applied, not the law in force: \"{title}\" ({file}, changes {jurisdiction})"
            ),
            Words::Zh => format!(
                "适用的是拟议规则，而非现行法律：“{title}”（{file}，修改{jurisdiction}的规则）"
            ),
            Words::Ja => format!(
                "現行法ではなく改正案のルールを適用：「{title}」（{file}、{jurisdiction}のルールを変更）"
            ),
        }
    }

    /// The headings of the summary table: jurisdiction, answer, outcome.
    pub fn summary_heads(self) -> [&'static str; 3] {
        match self {
            Words::En => ["Jurisdiction", "Answer", "Outcome"],
            Words::Zh => ["法域", "结论", "结果"],
            Words::Ja => ["法域", "結論", "判定結果"],
        }
    }

    /// The headings of the full report's summary table.
    pub fn full_summary_heads(self) -> [&'static str; 4] {
        match self {
            Words::En => ["Jurisdiction", "Kind", "Compliance", "Outcome"],
            Words::Zh => ["法域", "性质", "合规状态", "结果"],
            Words::Ja => ["法域", "性質", "適法性", "判定結果"],
        }
    }

    /// A kind of arrangement, in plain words.
    pub fn kind(self, k: Kind) -> &'static str {
        match (self, k) {
            (Words::En, Kind::Insurance) => "insurance",
            (Words::En, Kind::MutualInsuranceSociety) => "mutual insurance society",
            (Words::En, Kind::UnregulatedMutualAid) => "unregulated mutual aid",
            (Words::En, Kind::Undetermined) => "undetermined",
            (Words::Zh, Kind::Insurance) => "保险",
            (Words::Zh, Kind::MutualInsuranceSociety) => "相互保险组织",
            (Words::Zh, Kind::UnregulatedMutualAid) => "不属保险监管范围的互助",
            (Words::Zh, Kind::Undetermined) => "无法确定",
            (Words::Ja, Kind::Insurance) => "保険",
            (Words::Ja, Kind::MutualInsuranceSociety) => "相互保険組織",
            (Words::Ja, Kind::UnregulatedMutualAid) => "保険規制の対象外の共済・互助",
            (Words::Ja, Kind::Undetermined) => "判定不能",
        }
    }

    /// A compliance status, in plain words (`open` where none is decided).
    pub fn compliance(self, c: Option<Compliance>) -> &'static str {
        match (self, c) {
            (Words::En, Some(Compliance::Licensed)) => "licensed",
            (Words::En, Some(Compliance::Exempt)) => "exempt",
            (Words::En, Some(Compliance::NoLicenceNeeded)) => "no licence needed",
            (Words::En, Some(Compliance::Unlicensed)) => "UNLICENSED",
            (Words::En, None) => "open",
            (Words::Zh, Some(Compliance::Licensed)) => "已取得许可",
            (Words::Zh, Some(Compliance::Exempt)) => "依法豁免",
            (Words::Zh, Some(Compliance::NoLicenceNeeded)) => "无需许可",
            (Words::Zh, Some(Compliance::Unlicensed)) => "未经许可（违法经营）",
            (Words::Zh, None) => "待定",
            (Words::Ja, Some(Compliance::Licensed)) => "免許等あり",
            (Words::Ja, Some(Compliance::Exempt)) => "適用除外",
            (Words::Ja, Some(Compliance::NoLicenceNeeded)) => "免許不要",
            (Words::Ja, Some(Compliance::Unlicensed)) => "無免許（違法）",
            (Words::Ja, None) => "未確定",
        }
    }

    /// A compliance status in a system's own terms: in Chinese and Japanese, the
    /// permission is named as the glossary renders that system's term (China's 批准 is a
    /// 許可 in Japanese, Japan's 免許 a 执照 in Chinese); in English, and where the glossary
    /// has no term, as [`Words::compliance`] names it.
    pub fn compliance_in(self, c: Option<Compliance>, jurisdiction: &str) -> String {
        let term =
            crate::corpus::glossary::Glossary::current().term("licence", jurisdiction, self.code());
        match (self, c, term) {
            (Words::Zh, Some(Compliance::Licensed), Some(t)) => format!("已取得{t}"),
            (Words::Zh, Some(Compliance::NoLicenceNeeded), Some(t)) => format!("无需{t}"),
            (Words::Zh, Some(Compliance::Unlicensed), Some(t)) => {
                format!("未取得{t}（违法经营）")
            }
            (Words::Ja, Some(Compliance::Licensed), Some(t)) => format!("{t}等あり"),
            (Words::Ja, Some(Compliance::NoLicenceNeeded), Some(t)) => format!("{t}不要"),
            (Words::Ja, Some(Compliance::Unlicensed), Some(t)) => format!("無{t}（違法）"),
            _ => self.compliance(c).to_string(),
        }
    }

    /// A kind as a system's statute names it, where the glossary gives its term
    /// (`corpus/glossary.yaml`: Japan's mutual insurer is a 相互会社), else in plain words.
    pub fn kind_in(self, k: Kind, jurisdiction: &str) -> &'static str {
        let code = match k {
            Kind::Insurance => "insurance",
            Kind::MutualInsuranceSociety => "mutual_insurance_society",
            Kind::UnregulatedMutualAid => "unregulated_mutual_aid",
            Kind::Undetermined => return self.kind(k),
        };
        crate::corpus::glossary::Glossary::current()
            .kind_term(code, jurisdiction, self.code())
            .unwrap_or_else(|| self.kind(k))
    }

    /// An answer without a compliance status: a conflict in the rules, or undetermined.
    pub fn no_answer(self, conflict: bool) -> &'static str {
        match (self, conflict) {
            (Words::En, true) => "conflict in the rules",
            (Words::En, false) => "undetermined",
            (Words::Zh, true) => "规则相互冲突",
            (Words::Zh, false) => "无法确定",
            (Words::Ja, true) => "ルールの衝突",
            (Words::Ja, false) => "判定不能",
        }
    }

    /// Marks an outcome that has a contested reading.
    pub fn contested_mark(self) -> &'static str {
        match self {
            Words::En => " (contested)",
            Words::Zh => "（存在争议）",
            Words::Ja => "（異論あり）",
        }
    }

    /// The labels of a memo's parts.
    pub fn label(self, part: Part) -> &'static str {
        use Part::*;
        match (self, part) {
            (Words::En, Answer) => "Answer",
            (Words::En, Conflict) => "Conflict",
            (Words::En, Why) => "Why",
            (Words::En, FactsRelied) => "Facts relied on",
            (Words::En, Rule) => "Rule",
            (Words::En, Ask) => "To decide it, ask",
            (Words::En, Warning) => "Warning",
            (Words::En, Provisions) => "Provisions relied on",
            (Words::En, Cited) => "Provisions cited",
            (Words::En, Arguably) => "Arguably",
            (Words::En, Result) => "Result",
            (Words::En, Deciding) => "Facts that would decide it",
            (Words::En, Reasoning) => "Reasoning",
            (Words::En, NotApplying) => "Rules that do not apply",
            (Words::Zh, Answer) => "结论",
            (Words::Zh, Conflict) => "规则冲突",
            (Words::Zh, Why) => "理由",
            (Words::Zh, FactsRelied) => "所依据的事实",
            (Words::Zh, Rule) => "规则",
            (Words::Zh, Ask) => "尚待确认的事实",
            (Words::Zh, Warning) => "提示",
            (Words::Zh, Provisions) => "所依据的条文",
            (Words::Zh, Cited) => "引用条文",
            (Words::Zh, Arguably) => "另一种观点",
            (Words::Zh, Result) => "结论",
            (Words::Zh, Deciding) => "尚待确认的事实",
            (Words::Zh, Reasoning) => "推理过程",
            (Words::Zh, NotApplying) => "不适用的规则",
            (Words::Ja, Answer) => "結論",
            (Words::Ja, Conflict) => "ルールの衝突",
            (Words::Ja, Why) => "理由",
            (Words::Ja, FactsRelied) => "前提とした事実",
            (Words::Ja, Rule) => "ルール",
            (Words::Ja, Ask) => "確認を要する事実",
            (Words::Ja, Warning) => "注意",
            (Words::Ja, Provisions) => "根拠条文",
            (Words::Ja, Cited) => "引用条文",
            (Words::Ja, Arguably) => "異なる見解",
            (Words::Ja, Result) => "結論",
            (Words::Ja, Deciding) => "確認を要する事実",
            (Words::Ja, Reasoning) => "判断の過程",
            (Words::Ja, NotApplying) => "適用されないルール",
        }
    }

    /// Said of a contested reading that depends on facts not given.
    pub fn if_borne_out(self) -> &'static str {
        match self {
            Words::En => " (if the facts not given bear it out)",
            Words::Zh => "（取决于尚未提供的事实）",
            Words::Ja => "（未回答の事実次第）",
        }
    }

    /// What a reader must know about a quoted text of this status.
    pub fn text_status(self, status: &str) -> String {
        let s = match (self, status) {
            (Words::En, "verbatim") => "verbatim",
            (Words::En, "unverified") => "UNVERIFIED transcription, check the official text",
            (Words::En, "translation") => "translation by mutua, not the authentic text",
            (Words::En, "modified") => {
                "MODIFIED since it was fetched or imported, not the official text"
            }
            (Words::En, "not_transcribed" | "") => "no text held; see the official text",
            (Words::Zh, "verbatim") => "原文",
            (Words::Zh, "unverified") => "未经核对的转录，请以官方文本为准",
            (Words::Zh, "translation") => "mutua 的译文，非正式文本",
            (Words::Zh, "modified") => "获取或导入后已被修改，非官方文本",
            (Words::Zh, "not_transcribed" | "") => "未收录条文文本，请查阅官方文本",
            (Words::Ja, "verbatim") => "原文",
            (Words::Ja, "unverified") => "未照合の転記。公式の本文を確認してください",
            (Words::Ja, "translation") => "mutuaによる翻訳。正文ではありません",
            (Words::Ja, "modified") => "取得・取込後に変更あり。公式の本文ではありません",
            (Words::Ja, "not_transcribed" | "") => "本文未収録。公式の本文を参照してください",
            (_, other) => return other.to_string(),
        };
        s.to_string()
    }

    /// A rule's part in the answer, in the full report.
    pub fn rule_status(self, status: crate::rules::outcome::RuleStatus) -> &'static str {
        use crate::rules::outcome::RuleStatus::*;
        match (self, status) {
            (Words::En, Fired) => "applies",
            (Words::En, Failed) => "does not apply",
            (Words::En, Possible) => "may apply (depends on unknown facts)",
            (Words::En, Defeated) => "applies but yields",
            (Words::En, NotInForce) => "not in force on this date",
            (Words::Zh, Fired) => "适用",
            (Words::Zh, Failed) => "不适用",
            (Words::Zh, Possible) => "可能适用（取决于未知事实）",
            (Words::Zh, Defeated) => "适用但让位于",
            (Words::Zh, NotInForce) => "该日期未生效",
            (Words::Ja, Fired) => "適用される",
            (Words::Ja, Failed) => "適用されない",
            (Words::Ja, Possible) => "適用の可能性あり（未知の事実次第）",
            (Words::Ja, Defeated) => "適用されるが次に譲る",
            (Words::Ja, NotInForce) => "この日には施行されていない",
        }
    }

    /// A true or false fact, in words (`true` and `false` in English, as scheme files
    /// write them).
    pub fn yes_no(self, b: bool) -> &'static str {
        match (self, b) {
            (Words::En, true) => "true",
            (Words::En, false) => "false",
            (Words::Zh, true) => "是",
            (Words::Zh, false) => "否",
            (Words::Ja, true) => "はい",
            (Words::Ja, false) => "いいえ",
        }
    }

    /// A fact whose value is not known.
    pub fn unknown(self) -> &'static str {
        match self {
            Words::En => "unknown",
            Words::Zh => "未知",
            Words::Ja => "不明",
        }
    }

    /// The closing line naming what produced a report.
    pub fn produced_by(self, version: &str, corpus: &str, rules: &str) -> String {
        match self {
            Words::En => format!("Produced by mutua {version}, corpus {corpus}, rules {rules}."),
            Words::Zh => format!("由 mutua {version} 生成，语料库 {corpus}，规则 {rules}。"),
            Words::Ja => format!("mutua {version} により作成、コーパス {corpus}、ルール {rules}。"),
        }
    }

    /// The heading of a memo's summary of the answers.
    pub fn summary(self) -> &'static str {
        match self {
            Words::En => "Summary",
            Words::Zh => "结论概要",
            Words::Ja => "結論の概要",
        }
    }

    /// The heading of the summary's column of what to read before relying on an answer.
    pub fn notes_head(self) -> &'static str {
        match self {
            Words::En => "Read before relying on it",
            Words::Zh => "使用前须注意",
            Words::Ja => "依拠する前の留意点",
        }
    }

    /// Notes a summary row gives: a contested reading, `warnings` warnings and `open`
    /// questions still open.
    pub fn summary_notes(self, contested: bool, warnings: usize, open: usize) -> String {
        let mut notes: Vec<String> = Vec::new();
        if contested {
            notes.push(
                match self {
                    Words::En => "contested",
                    Words::Zh => "存在争议",
                    Words::Ja => "異論あり",
                }
                .to_string(),
            );
        }
        if warnings > 0 {
            notes.push(match self {
                Words::En if warnings == 1 => "1 warning".to_string(),
                Words::En => format!("{warnings} warnings"),
                Words::Zh => format!("提示 {warnings} 条"),
                Words::Ja => format!("注意 {warnings} 件"),
            });
        }
        if open > 0 {
            notes.push(match self {
                Words::En if open == 1 => "1 fact to ask".to_string(),
                Words::En => format!("{open} facts to ask"),
                Words::Zh => format!("待确认事实 {open} 项"),
                Words::Ja => format!("確認事項 {open} 件"),
            });
        }
        let sep = match self {
            Words::En => "; ",
            Words::Zh | Words::Ja => "；",
        };
        notes.join(sep)
    }

    /// A quoted text's label: its language and what a reader must know of its status.
    pub fn quote_label(self, language: &str, status: &str) -> String {
        let status = self.text_status(status);
        match self {
            Words::En => format!("[{language}, {status}]"),
            Words::Zh | Words::Ja => format!("〔{language}，{status}〕"),
        }
    }

    /// A provision's heading (or citation) with its address in the corpus.
    pub fn cited_as(self, citation: &str, address: &str) -> String {
        match self {
            Words::En => format!("{citation} (address {address})"),
            Words::Zh => format!("{citation}（地址 {address}）"),
            Words::Ja => format!("{citation}（アドレス {address}）"),
        }
    }

    /// The line on which texts are the law and which are translations: `untranslated`
    /// texts were shown in English, marked `[en]`.
    pub fn texts_line(self, untranslated: usize) -> String {
        match self {
            Words::En => "Texts: quoted provisions are marked verbatim, unverified or translation; the reasons, warnings and labels are mutua's own words, not the law.".to_string(),
            Words::Zh => {
                let mut s = "文本说明：所引条文分别标明为原文、未经核对的转录或译文；理由、提示和选项文字由 mutua 撰写或翻译，并非法律文本。".to_string();
                if untranslated > 0 {
                    s.push_str(&format!("另有 {untranslated} 处文字尚无中文版本，以英文显示并标注 [en]。"));
                }
                s
            }
            Words::Ja => {
                let mut s = "本文について：引用条文には原文・未照合の転記・翻訳の別を示した。理由、注意書き及び選択肢の文言は mutua が作成又は翻訳したものであり、法令の本文ではない。".to_string();
                if untranslated > 0 {
                    s.push_str(&format!("このほか {untranslated} 箇所は日本語版がないため英語で表示し、[en] と記した。"));
                }
                s
            }
        }
    }
}

/// The words of `whatif`.
impl Words {
    /// The title of a what-if report.
    pub fn whatif_title(self, scheme: &str) -> String {
        match self {
            Words::En => format!("{scheme}: what would change the answer"),
            Words::Zh => format!("{scheme}：哪些事实变化会改变结论"),
            Words::Ja => format!("{scheme}：結論を変える事実の変化"),
        }
    }

    /// A jurisdiction's answer now.
    pub fn now(self, jurisdiction: &str, answer: &str) -> String {
        match self {
            Words::En => format!("{jurisdiction} now: {answer}"),
            Words::Zh => format!("{jurisdiction}（现状）：{answer}"),
            Words::Ja => format!("{jurisdiction}（現状）：{answer}"),
        }
    }

    /// No change within the bound gives another answer.
    pub fn no_change(self, max: usize) -> String {
        match self {
            Words::En => format!("No change of up to {max} facts gives another answer."),
            Words::Zh => format!("改变至多 {max} 项事实均不会得出其他结论。"),
            Words::Ja => format!("{max} 個までの事実の変更では、別の結論にならない。"),
        }
    }

    /// `FACT were VALUE (now VALUE)`.
    pub fn were(self, fact: &str, value: &str, now: Option<&str>) -> String {
        match (self, now) {
            (Words::En, Some(n)) => format!("{fact} were {value} (now {n})"),
            (Words::En, None) => format!("{fact} were {value} (now not given)"),
            (Words::Zh, Some(n)) => format!("{fact} 为 {value}（现为 {n}）"),
            (Words::Zh, None) => format!("{fact} 为 {value}（现未提供）"),
            (Words::Ja, Some(n)) => format!("{fact} が {value}（現在 {n}）"),
            (Words::Ja, None) => format!("{fact} が {value}（現在未回答）"),
        }
    }

    /// `if A and B: ANSWER`.
    pub fn if_then(self, parts: &[String], answer: &str) -> String {
        match self {
            Words::En => format!("if {}: {answer}", parts.join(" and ")),
            Words::Zh => format!("如果 {}：{answer}", parts.join("，且 ")),
            Words::Ja => format!("{}であれば：{answer}", parts.join("、かつ ")),
        }
    }

    /// A rule whose reason was given above.
    pub fn as_above(self, rule: &str) -> String {
        match self {
            Words::En => format!("rule `{rule}`, as above"),
            Words::Zh => format!("规则 `{rule}`，同上"),
            Words::Ja => format!("ルール `{rule}`、上記のとおり"),
        }
    }

    /// `because: REASON`.
    pub fn because(self, reason: &str) -> String {
        match self {
            Words::En => format!("because: {reason}"),
            Words::Zh => format!("理由：{reason}"),
            Words::Ja => format!("理由：{reason}"),
        }
    }

    /// The search for changes stopped at its bound.
    pub fn budget_spent(self, budget: usize) -> String {
        match self {
            Words::En => format!(
                "(the search stopped at its bound of {budget} evaluations: other changes may exist)"
            ),
            Words::Zh => format!("（搜索在 {budget} 次评估的上限处停止：可能还有其他变化）"),
            Words::Ja => {
                format!("（探索は {budget} 回の評価の上限で停止した。他の変化もありうる）")
            }
        }
    }
}

/// The words of `diff`.
impl Words {
    /// The title of a proposal's diff, in Markdown.
    pub fn diff_title(self) -> &'static str {
        match self {
            Words::En => "What the proposal changes",
            Words::Zh => "拟议规则带来的变化",
            Words::Ja => "改正案による変化",
        }
    }

    /// A proposal applied: its title, file and the jurisdiction it changes.
    pub fn proposal(self, title: &str, file: &str, jurisdiction: &str, md: bool) -> String {
        match (self, md) {
            (Words::En, true) => {
                format!("- Proposal **{title}** (`{file}`), extends {jurisdiction}")
            }
            (Words::En, false) => format!("Proposal: {title} ({file}), extends {jurisdiction}"),
            (Words::Zh, true) => {
                format!("- 拟议规则 **{title}**（`{file}`），修改{jurisdiction}的规则")
            }
            (Words::Zh, false) => format!("拟议规则：{title}（{file}），修改{jurisdiction}的规则"),
            (Words::Ja, true) => {
                format!("- 改正案 **{title}**（`{file}`）、{jurisdiction}のルールを変更")
            }
            (Words::Ja, false) => {
                format!("改正案：{title}（{file}）、{jurisdiction}のルールを変更")
            }
        }
    }

    /// How many answers were compared and how many changed.
    pub fn compared(self, answers: usize, schemes: usize, changed: usize) -> String {
        let s = |k: usize| if k == 1 { "" } else { "s" };
        match self {
            Words::En => format!(
                "{answers} answer{} compared ({schemes} scheme{} × jurisdictions); {} changed.",
                s(answers),
                s(schemes),
                if changed == 0 { "none".to_string() } else { changed.to_string() }
            ),
            Words::Zh => format!("比较了 {answers} 项结论（{schemes} 个计划 × 各法域）；{changed} 项发生变化。"),
            Words::Ja => format!("{answers} 件の結論を比較した（{schemes} 件の制度 × 各法域）。変化したのは {changed} 件。"),
        }
    }

    /// A changed answer's heading: scheme, jurisdiction, date.
    pub fn change_heading(self, scheme: &str, jurisdiction: &str, date: &str) -> String {
        match self {
            Words::En => format!("{scheme}, {jurisdiction} (as of {date})"),
            Words::Zh => format!("{scheme}，{jurisdiction}（{date}）"),
            Words::Ja => format!("{scheme}、{jurisdiction}（{date}時点）"),
        }
    }

    /// The labels of a diff's parts: before, after, cites, conflict, facts that would
    /// decide it, warning.
    pub fn diff_labels(self) -> [&'static str; 6] {
        match self {
            Words::En => [
                "before",
                "after",
                "cites",
                "conflict",
                "facts that would decide it",
                "warning",
            ],
            Words::Zh => [
                "修改前",
                "修改后",
                "引用",
                "规则冲突",
                "尚待确认的事实",
                "提示",
            ],
            Words::Ja => [
                "改正前",
                "改正後",
                "引用",
                "ルールの衝突",
                "確認を要する事実",
                "注意",
            ],
        }
    }
}

/// The parts of a memo, each with a label per language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The answer.
    Answer,
    /// A conflict in the rules.
    Conflict,
    /// The deciding rule's reason.
    Why,
    /// The facts the deciding rule read.
    FactsRelied,
    /// The deciding rule.
    Rule,
    /// The questions still open.
    Ask,
    /// A warning.
    Warning,
    /// The provisions quoted.
    Provisions,
    /// The list of provisions cited.
    Cited,
    /// A contested reading.
    Arguably,
    /// The full report's answer.
    Result,
    /// The facts that would decide an undetermined answer.
    Deciding,
    /// The full report's reasoning.
    Reasoning,
    /// The rules that do not apply.
    NotApplying,
}
