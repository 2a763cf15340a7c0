//! The language of a page and the words of the web pages in English, Chinese and Japanese.
//!
//! A page is in one language: the one its address asks for (`?lang=zh`), else the one the
//! `lang` cookie remembers (set whenever an address asks for one), else the first of the
//! browser's `Accept-Language` that mutua speaks, else English. Every word of the pages'
//! own is a row of [`WORDS`] with its text in each of the three languages, so none can be
//! missing; the templates read them as `t.KEY`, and a test checks that every key a template
//! uses is a row. Texts of the corpus and the rules keep their own language, marked on
//! their element (`lang="en"` for a reason the rules give only in English).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Uri};
use minijinja::value::{Kwargs, Value};

/// The languages of the pages with their own names, in the order the switch lists them.
pub const LANGUAGES: [(&str, &str); 3] = [("en", "English"), ("zh", "中文"), ("ja", "日本語")];

/// The name of the cookie that remembers the language chosen.
pub const COOKIE: &str = "lang";

/// The language code among [`LANGUAGES`] that `code` names, if any.
pub fn known(code: &str) -> Option<&'static str> {
    LANGUAGES
        .iter()
        .map(|(c, _)| *c)
        .find(|c| c.eq_ignore_ascii_case(code.trim()))
}

/// The `lang` parameter of a query string, when it names a language of the pages.
pub fn query_lang(query: Option<&str>) -> Option<&'static str> {
    url_pairs(query.unwrap_or_default())
        .into_iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| known(&v))
}

/// The pairs of a query string, decoded.
fn url_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(&s.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

/// The language the `lang` cookie remembers.
fn cookie_lang(headers: &HeaderMap) -> Option<&'static str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| known(value))
}

/// The first language of `Accept-Language` (by its weights, then its order) that the
/// pages speak: `zh-CN`, `zh-TW` → `zh`; `ja-JP` → `ja`; `en-GB` → `en`.
pub fn accepted(header: &str) -> Option<&'static str> {
    let mut offered: Vec<(f32, usize, &'static str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split(['-', '_']).next()?;
            let code = known(primary)?;
            (q > 0.0).then_some((q, i, code))
        })
        .collect();
    offered.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    offered.first().map(|(_, _, code)| *code)
}

/// The language of a request's page: its address's `lang`, else its cookie, else its
/// `Accept-Language`, else English.
pub fn of_request(uri: &Uri, headers: &HeaderMap) -> &'static str {
    query_lang(uri.query())
        .or_else(|| cookie_lang(headers))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(accepted)
        })
        .unwrap_or("en")
}

/// What a page needs to know of the request that asked for it: its language and its own
/// address (the language switch links to it in the other languages).
#[derive(Debug, Clone)]
pub struct Page {
    /// The page's language.
    pub lang: &'static str,
    /// The page's address (path and query) the switch links to; a result page sets it to
    /// the result's own address.
    pub here: String,
}

impl Page {
    /// The page of a request.
    pub fn of(uri: &Uri, headers: &HeaderMap) -> Page {
        Page {
            lang: of_request(uri, headers),
            here: uri
                .path_and_query()
                .map_or_else(|| "/".to_string(), |p| p.as_str().to_string()),
        }
    }

    /// The same page in another language (a form posted with `lang`).
    pub fn in_lang(&self, lang: &str) -> Page {
        Page {
            lang: known(lang).unwrap_or(self.lang),
            ..self.clone()
        }
    }

    /// The page at another address.
    pub fn at(&self, here: impl Into<String>) -> Page {
        Page {
            here: here.into(),
            ..self.clone()
        }
    }

    /// A link from this page to `address`, in the page's language (`address` as it is in
    /// English, the language of an address that says none).
    pub fn link(&self, address: &str) -> String {
        match self.lang {
            "en" => address.to_string(),
            l => with_lang(address, l),
        }
    }

    /// The language switch: each language with the address of this page in it.
    pub fn switch(&self) -> Vec<Value> {
        LANGUAGES
            .iter()
            .map(|(code, name)| {
                minijinja::context! {
                    code, name,
                    href => with_lang(&self.here, code),
                    current => *code == self.lang,
                }
            })
            .collect()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Page, Self::Rejection> {
        Ok(Page::of(&parts.uri, &parts.headers))
    }
}

/// `address` (a path and query) with its `lang` set to `lang`.
pub fn with_lang(address: &str, lang: &str) -> String {
    let (path, query) = address.split_once('?').unwrap_or((address, ""));
    let mut kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some("lang"))
        .collect();
    let pair = format!("lang={lang}");
    kept.push(&pair);
    format!("{path}?{}", kept.join("&"))
}

/// The words of the pages: a key and its text in English, Chinese and Japanese. Texts
/// with `{name}` in them are filled by the templates' `fill` filter.
pub const WORDS: &[(&str, [&str; 3])] = &[
    // every page
    ("skip", ["Skip to the content", "跳至正文", "本文へ移動"]),
    ("nav_label", ["Pages", "页面", "ページ"]),
    ("nav_search", ["Search", "检索", "検索"]),
    ("nav_classify", ["Classify", "定性分析", "性質の判定"]),
    ("nav_compare", ["Compare", "比较", "比較"]),
    ("nav_diff", ["Proposal diff", "拟议规则的影响", "改正案の影響"]),
    ("nav_sources", ["Sources", "文本来源", "出典"]),
    ("nav_api", ["API", "API", "API"]),
    ("switch_label", ["Language", "语言", "言語"]),
    ("relang_note", ["Show this form, with the answers given, in:", "保留已填写的回答，以其他语言显示本表单：", "入力済みの回答を残したまま、このフォームを次の言語で表示："]),
    ("footer", [
        "a citable corpus of insurance, mutual insurance and mutual aid law. Not legal advice: every quotation says whether its text is verbatim, unverified, modified since it was fetched, or a translation.",
        "可供引用的保险、相互保险与互助法律语料库。本工具不构成法律意见：每段引文均注明其文本为原文、未经核对的转录、获取后经修改的文本，抑或译文。",
        "保険・相互保険・共済の法令を引用できる形で収めたコーパス。法律上の助言ではない。各引用には、その本文が原文、未照合の転記、取得後に変更されたもの、翻訳のいずれであるかを示す。",
    ]),
    ("lang_en", ["English", "英文", "英語"]),
    ("lang_zh", ["Chinese", "中文", "中国語"]),
    ("lang_ja", ["Japanese", "日文", "日本語"]),
    ("st_verbatim", ["verbatim", "原文", "原文"]),
    ("st_unverified", ["unverified", "未经核对", "未照合"]),
    ("st_translation", ["translation", "译文", "翻訳"]),
    ("st_modified", ["modified", "已被修改", "変更あり"]),
    ("st_summary", ["summary by mutua", "mutua 撰写的摘要", "mutuaによる要約"]),
    ("st_none", ["no text held", "未收录文本", "本文未収録"]),
    ("yes", ["yes", "是", "はい"]),
    ("no", ["no", "否", "いいえ"]),
    ("unknown", ["unknown", "未知", "不明"]),
    ("as_of", ["as of", "基准日", "基準日"]),
    ("in_english", ["(in English: no text in this language)", "（尚无中文文本，以英文显示）", "（日本語の本文がないため英語で表示）"]),
    // search
    ("search_title", ["Search", "检索", "検索"]),
    ("search_h1", ["Search the law of {names}", "检索{names}的法律", "{names}の法令を検索"]),
    ("search_placeholder", ["相互保险, mutual aid, 共済 …", "相互保险、互助、共済 …", "相互会社、共済、相互保险 …"]),
    ("search_query", ["Query", "检索词", "検索語"]),
    ("jurisdiction", ["Jurisdiction", "法域", "法域"]),
    ("instrument", ["Instrument", "法律文件", "法令"]),
    ("concept", ["Concept", "概念", "概念"]),
    ("all_jurisdictions", ["All jurisdictions", "全部法域", "すべての法域"]),
    ("all_instruments", ["All instruments", "全部法律文件", "すべての法令"]),
    ("all_concepts", ["All concepts", "全部概念", "すべての概念"]),
    ("search_button", ["Search", "检索", "検索"]),
    ("hits_count_one", ["1 provision matches", "共 1 条规定符合", "該当する規定は 1 件"]),
    ("hits_count", ["{n} provisions match", "共 {n} 条规定符合", "該当する規定は {n} 件"]),
    ("hits_range", ["hits {from} to {to} of {n}", "显示第 {from} 至 {to} 条，共 {n} 条", "全 {n} 件中 {from}〜{to} 件目"]),
    ("cited_by_query", ["cited by the query", "检索词所引用的条文", "検索語が引用する条文"]),
    ("hits_pages", ["Pages of hits", "检索结果分页", "検索結果のページ"]),
    ("previous_n", ["Previous {n}", "上 {n} 条", "前の {n} 件"]),
    ("next_n", ["Next {n}", "下 {n} 条", "次の {n} 件"]),
    ("no_match", ["No provision matches", "没有符合的规定：", "該当する規定はない："]),
    ("instruments", ["Instruments", "法律文件", "法令"]),
    // provision
    ("up", ["up", "上一级", "上位"]),
    ("permalink", ["Permalink", "固定链接", "固定リンク"]),
    ("cite_as", ["cite as", "引用格式", "引用形式"]),
    ("versions", ["Versions", "版本", "版"]),
    ("versions_label", ["Versions:", "版本：", "版："]),
    ("from_start", ["from the start", "自始", "当初から"]),
    ("in_force", ["in force", "现行有效", "現行"]),
    ("start", ["start", "初版", "当初"]),
    ("compare_version", ["Compare version", "比较版本", "比較する版"]),
    ("compare_with", ["with", "与版本", "と比較する版"]),
    ("show_changes", ["Show changes", "显示修改内容", "変更箇所を表示"]),
    ("no_version_on", ["No version of this provision is in force on {date}.", "本条在 {date} 没有有效的版本。", "本条には {date} に施行されている版がない。"]),
    ("changes_from_to", ["Changes from version {from} to version {to}", "第 {from} 版至第 {to} 版的修改", "第 {from} 版から第 {to} 版への変更"]),
    ("no_common_language", ["The two versions hold no text in a common language.", "两个版本没有同一语言的文本。", "二つの版に共通する言語の本文がない。"]),
    ("translated_by", [", by {by}", "，译者：{by}", "、訳：{by}"]),
    ("no_text_held", ["The corpus holds no text of this provision.", "语料库未收录本条文本。", "コーパスには本条の本文が収録されていない。"]),
    ("no_text_parts", ["The corpus holds no text of this provision itself; its parts are listed below.", "语料库未收录本条本身的文本；其各款项列于下方。", "コーパスには本条自体の本文が収録されていない。その項・号を下に示す。"]),
    ("see", ["See:", "请参阅：", "参照："]),
    ("summary_by_mutua", ["Summary (mutua, not the law):", "摘要（由 mutua 撰写，并非法律文本）：", "要約（mutuaによる。法令の本文ではない）："]),
    ("parts", ["Parts", "下设款项", "項・号"]),
    ("cross_references", ["Cross-references", "相关条文", "参照条文"]),
    ("not_in_corpus", ["(not in the corpus)", "（语料库未收录）", "（コーパスに未収録）"]),
    ("concepts", ["Concepts:", "概念：", "概念："]),
    ("rules_citing", ["Rules that cite it", "引用本条的规则", "本条を引用するルール"]),
    ("source", ["Source", "来源", "出典"]),
    ("taken_from", ["Taken from", "取自", "取得元"]),
    ("official_text", ["Official text", "官方文本", "公式の本文"]),
    ("retrieved", ["Retrieved", "获取日期", "取得日"]),
    ("sha256_none", ["none recorded (no official file imported)", "未记录（未导入官方文件）", "記録なし（公式ファイル未取込）"]),
    ("note", ["Note", "备注", "備考"]),
    ("provision_json", ["This provision as JSON", "本条的 JSON 格式", "本条の JSON"]),
    // instrument
    ("contents", ["Contents", "目录", "目次"]),
    ("in_force_from", ["in force from {date}", "自 {date} 起施行", "{date} 施行"]),
    ("source_line", ["Source:", "来源：", "出典："]),
    ("official_line", ["official text:", "官方文本：", "公式の本文："]),
    ("status_in_force", ["in force", "现行有效", "現行法"]),
    ("status_repealed", ["repealed", "已废止", "廃止"]),
    ("status_draft", ["draft", "草案", "案"]),
    ("status_expired", ["expired", "已失效", "失効"]),
    ("holds_one", ["The corpus holds 1 provision of this instrument at its top level ({text} with text), and {parts} parts of them.", "语料库收录本文件的条文 1 条（其中 {text} 条有文本），以及其下的款项 {parts} 个。", "コーパスには本法令の条 1 件（うち本文あり {text} 件）と、その項・号 {parts} 件を収録している。"]),
    ("holds", ["The corpus holds {n} provisions of this instrument at its top level ({text} with text), and {parts} parts of them.", "语料库收录本文件的条文 {n} 条（其中 {text} 条有文本），以及其下的款项 {parts} 个。", "コーパスには本法令の条 {n} 件（うち本文あり {text} 件）と、その項・号 {parts} 件を収録している。"]),
    ("holds_selection", [" It is a selection: {n} of the numbers from {first} to {last} are held, the rest are not; the official text has the whole instrument.", "所收录的是节选：第 {first} 条至第 {last} 条之间收录了 {n} 条，其余未收录；全文请以官方文本为准。", "抜粋である：第 {first} 条から第 {last} 条までのうち {n} 条を収録し、その他は収録していない。全文は公式の本文による。"]),
    ("holds_whole", [" Their numbers run from {first} to {last} without a gap; anything after {last} is not held.", "条文编号自第 {first} 条至第 {last} 条连续无缺；第 {last} 条之后的条文未收录。", "条番号は第 {first} 条から第 {last} 条まで欠けなく続く。第 {last} 条より後は収録していない。"]),
    // classify form
    ("classify_title", ["Classify a scheme", "计划的法律定性", "制度の法的性質の判定"]),
    ("classify_title_problems", ["Classify a scheme: some answers need another look", "计划的法律定性：部分回答需要修改", "制度の法的性質の判定：見直しを要する回答がある"]),
    ("classify_intro", ["Describe the scheme by its facts: what it does, not what it calls itself. Leave a fact at “unknown” when it is not known; the answer then says which facts would settle it.", "请按事实描述计划：看其实际运作，而非其自称。不清楚的事实请保留为“未知”；结论将说明哪些事实可以确定定性。", "制度を事実によって記述する。名称ではなく実態による。不明な事実は「不明」のままにしておけば、結論を確定させる事実が示される。"]),
    ("start_from", ["Start from a shipped scheme", "从示例计划开始", "収録済みの制度例から始める"]),
    ("blank", ["(blank)", "（空白）", "（空欄）"]),
    ("fill_form", ["Fill the form", "填入表单", "フォームに入力"]),
    ("problems_h2", ["Some answers need another look", "部分回答需要修改", "見直しを要する回答がある"]),
    ("problems_one", ["Nothing was classified: 1 answer could not be read. It is marked below, beside its question; every other answer is kept as you gave it.", "尚未进行定性：有 1 项回答无法读取，已在下方对应问题旁标出；其他回答均按原样保留。", "判定は行っていない：1 件の回答を読み取れなかった。該当する質問の横に示した。その他の回答は入力のまま残してある。"]),
    ("problems_many", ["Nothing was classified: {n} answers could not be read. Each is marked below, beside its question; every other answer is kept as you gave it.", "尚未进行定性：有 {n} 项回答无法读取，已在下方对应问题旁分别标出；其他回答均按原样保留。", "判定は行っていない：{n} 件の回答を読み取れなかった。それぞれ該当する質問の横に示した。その他の回答は入力のまま残してある。"]),
    ("the_scheme", ["The scheme", "计划", "制度"]),
    ("name", ["Name", "名称", "名称"]),
    ("law_as_of", ["Law applied as of", "适用法律的日期", "適用法令の基準日"]),
    ("as_of_today", ["Today's date ({today}), filled in: the law in force today is applied. Change it to apply the law of another day.", "已填入今天的日期（{today}）：适用今天有效的法律。如需适用其他日期的法律，请修改。", "本日の日付（{today}）を入力済み：本日施行されている法令を適用する。別の日の法令を適用するには変更する。"]),
    ("as_of_given", ["The law in force on this day is applied.", "适用该日有效的法律。", "この日に施行されている法令を適用する。"]),
    ("as_of_file", ["A scheme file's own date is used instead when one is given below.", "如在下方提供计划文件，则以文件中的日期为准。", "下で制度ファイルを与えた場合は、そのファイルの日付を用いる。"]),
    ("all_of_them", ["all of them", "全部法域", "すべての法域"]),
    ("only_in", ["{name} only", "仅适用于{name}", "{name}のみ"]),
    ("group_operator", ["Operator", "运营者", "運営者"]),
    ("group_participants", ["Participants", "参加者", "加入者"]),
    ("group_contributions", ["Contributions", "缴费", "拠出"]),
    ("group_benefits", ["Benefits", "给付", "給付"]),
    ("group_finance", ["Finance", "资金", "財務"]),
    ("group_governance", ["Governance", "治理", "ガバナンス"]),
    ("group_licences", ["Licences", "许可", "免許等"]),
    ("type_bool", ["yes or no", "是或否", "はい又はいいえ"]),
    ("type_integer", ["a number", "数字", "数値"]),
    ("type_money", ["an amount of money, e.g. CNY 100000000", "金额，例如 CNY 100000000", "金額（例：JPY 100000000）"]),
    ("type_date", ["a date", "日期", "日付"]),
    ("type_currency", ["a currency code, e.g. CNY", "货币代码，例如 CNY", "通貨コード（例：JPY）"]),
    ("type_enum", ["one of the answers listed", "所列选项之一", "示された選択肢のいずれか"]),
    ("unknown_of", ["unknown ({what})", "未知（{what}）", "不明（{what}）"]),
    ("or_file", ["Or give a scheme file", "或提供计划文件", "または制度ファイルを与える"]),
    ("file_note", ["A YAML scheme file replaces the fields above; its form is given by", "YAML 格式的计划文件将取代上方各栏；其格式见以下命令的说明：", "YAML 形式の制度ファイルは上の各欄に代わる。その形式は次のコマンドで示される："]),
    ("upload", ["Upload", "上传", "アップロード"]),
    ("paste", ["Paste", "粘贴", "貼り付け"]),
    ("classify_button", ["Classify", "进行定性", "判定する"]),
    ("to_correct", ["To correct it:", "修改方法：", "直し方："]),
    ("not_a_date", ["This is not a date: {why}.", "这不是日期：{why}。", "日付ではない：{why}。"]),
    ("date_help", ["write the date as year-month-day, e.g. 2019-11-27", "请按“年-月-日”填写，例如 2019-11-27", "年-月-日の形で書く（例：2019-11-27）"]),
    ("give_date", ["Give the date whose law is to be applied.", "请填写适用哪一天的法律。", "どの日の法令を適用するか日付を入力する。"]),
    ("give_date_help", ["the law in force on that day is applied; today's is usual", "将适用该日有效的法律；通常填写今天", "その日に施行されている法令を適用する。通常は本日"]),
    ("not_an_answer", ["“{value}” is not an answer this question takes.", "“{value}”不是本问题可接受的回答。", "「{value}」はこの質問の回答として受け付けられない。"]),
    ("give_what", ["give {what}, or leave it empty for unknown", "请填写{what}，如不清楚请留空", "{what}を入力する。不明なら空欄にする"]),
    // result
    ("classification_title", ["{name} – classification", "{name}：法律定性", "{name}：法的性質の判定"]),
    ("law_as_of_date", ["The law as of {date}.", "适用 {date} 有效的法律。", "{date} 時点の法令による。"]),
    ("what_change_did", ["What the change did", "该变化的效果", "変更の効果"]),
    ("changed", ["Changed:", "变更：", "変更："]),
    ("unchanged", ["unchanged,", "未变，", "変化なし、"]),
    ("permalink_line", ["This result has an address:", "本结果有固定地址：", "この結果には固定のアドレスがある："]),
    ("permalink_link", ["link to this result", "本结果的链接", "この結果へのリンク"]),
    ("permalink_same", ["whoever opens it gets the same answer from the same corpus and rules.", "任何人打开它，都会依据同一语料库和规则得到相同的结论。", "開いた人は、同じコーパスとルールから同じ結論を得る。"]),
    ("copy_link", ["Copy link", "复制链接", "リンクをコピー"]),
    ("link_copied", ["Link copied.", "链接已复制。", "リンクをコピーした。"]),
    ("copy_this_link", ["Copy this link:", "请复制此链接：", "このリンクをコピーする："]),
    ("made_elsewhere", ["This address was made with corpus and rules {v}; this server has {here}. The law or the rules differ, so the answer below may differ from the one that was sent.", "此地址生成时使用的语料库和规则为 {v}，本服务器为 {here}。法律或规则有所不同，因此下方结论可能与发送时的结论不同。", "このアドレスはコーパスとルール {v} で作られた。本サーバーは {here} である。法令又はルールが異なるため、下の結論は送られたものと異なる場合がある。"]),
    ("summary_label", ["Summary of the answers", "结论概要", "結論の概要"]),
    ("what_it_is", ["What it is", "性质", "性質"]),
    ("licence", ["Licence", "许可", "免許等"]),
    ("outcome", ["Outcome", "结果", "判定結果"]),
    ("contested", ["contested", "存在争议", "異論あり"]),
    ("warnings_one", ["1 warning", "提示 1 条", "注意 1 件"]),
    ("warnings_many", ["{n} warnings", "提示 {n} 条", "注意 {n} 件"]),
    ("facts_one", ["1 fact to ask", "待确认事实 1 项", "確認事項 1 件"]),
    ("facts_many", ["{n} facts to ask", "待确认事实 {n} 项", "確認事項 {n} 件"]),
    ("notes_head", ["Read before relying on it", "使用前须注意", "依拠する前の留意点"]),
    ("answer", ["Answer", "结论", "結論"]),
    ("arguably", ["Arguably", "另一种观点", "異なる見解"]),
    ("warning", ["Warning", "提示", "注意"]),
    ("reasoning", ["Reasoning", "推理过程", "判断の過程"]),
    ("undetermined", ["undetermined", "无法确定", "判定不能"]),
    ("ask_client", ["What to ask the client", "需向客户确认的事实", "依頼者に確認すべき事項"]),
    ("whatif_button", ["What would change the answer?", "哪些事实变化会改变结论？", "どの事実が変われば結論が変わるか"]),
    ("download_yaml", ["Download the scheme (YAML)", "下载计划文件（YAML）", "制度ファイルをダウンロード（YAML）"]),
    ("download_md", ["Download the memo (Markdown)", "下载法律意见（Markdown）", "意見書をダウンロード（Markdown）"]),
    ("download_docx", ["Download the memo (Word)", "下载法律意见（Word）", "意見書をダウンロード（Word）"]),
    ("download_json", ["Download the report (JSON)", "下载报告（JSON）", "報告をダウンロード（JSON）"]),
    ("expand_all", ["Expand every reasoning tree", "展开全部推理过程", "判断の過程をすべて開く"]),
    ("collapse_all", ["Collapse every reasoning tree", "收起全部推理过程", "判断の過程をすべて閉じる"]),
    ("if_facts_hold", ["if its facts hold", "前提是相关事实成立", "その事実が成り立つ場合"]),
    ("still_open", ["Still open: ask the client", "尚待确认：请向客户询问", "未確定：依頼者に確認する"]),
    ("defeated_by", ["defeated by", "让位于", "次に譲る："]),
    ("truth_true", ["true", "成立", "成立"]),
    ("truth_false", ["false", "不成立", "不成立"]),
    ("truth_unknown", ["unknown", "未知", "不明"]),
    ("authentic_text", ["authentic text", "正式文本", "正文"]),
    ("scheme_file", ["The scheme file", "计划文件", "制度ファイル"]),
    // what-if
    ("whatif_title", ["{name} – what if", "{name}：假设分析", "{name}：仮定の分析"]),
    ("whatif_intro", ["The smallest sets of fact changes that give another answer, found by trying the values the rules distinguish, grouped by the facts they change.", "以下为能得出其他结论的最小事实变化组合：逐一尝试规则所区分的取值而得出，按所改变的事实分组。", "別の結論をもたらす最小の事実の変更を、ルールが区別する値を試して求め、変更する事実ごとにまとめた。"]),
    ("answers_now", ["The answers now", "现有结论", "現在の結論"]),
    ("answer_now", ["The answer now", "现有结论", "現在の結論"]),
    ("changes_found", ["Changes found", "找到的变化", "見つかった変更"]),
    ("search_stopped", ["(the search stopped at its bounds; larger changes were not tried)", "（搜索已达上限；未尝试更大的变化）", "（探索は上限で停止した。より大きな変更は試していない）"]),
    ("if_changed", ["If these facts changed:", "如果以下事实发生变化：", "次の事実が変われば："]),
    ("now", ["Now:", "现为：", "現在："]),
    ("apply_change", ["Apply this change", "应用此变化", "この変更を適用"]),
    ("why", ["Why", "理由", "理由"]),
    ("no_change_three", ["No change of up to three facts gives another answer.", "改变至多三项事实均不会得出其他结论。", "三つまでの事実の変更では、別の結論にならない。"]),
    // diff
    ("diff_title", ["Proposal diff", "拟议规则的影响", "改正案の影響"]),
    ("diff_h1", ["What would a proposal change?", "拟议规则会改变哪些结论？", "改正案はどの結論を変えるか"]),
    ("answers_change_one", ["1 answer changes", "1 项结论发生变化", "1 件の結論が変わる"]),
    ("answers_change", ["{n} answers change", "{n} 项结论发生变化", "{n} 件の結論が変わる"]),
    ("under", ["Under", "适用拟议规则", "改正案"]),
    ("runs", ["{schemes} schemes run, {compared} answers compared.", "运行了 {schemes} 个计划，比较了 {compared} 项结论。", "{schemes} 件の制度を実行し、{compared} 件の結論を比較した。"]),
    ("now_side", ["Now", "现行规则下", "現行ルール"]),
    ("proposal_side", ["Under the proposal", "拟议规则下", "改正案"]),
    ("by_rule", ["by", "依据规则", "ルール"]),
    ("run_another", ["Run another diff", "再次比较", "別の比較を行う"]),
    ("the_proposal", ["The proposal", "拟议规则", "改正案"]),
    ("shipped_proposal", ["A shipped proposal", "示例拟议规则", "収録済みの改正案"]),
    ("or_upload", ["or upload one", "或上传", "またはアップロード"]),
    ("or_paste", ["or paste one", "或粘贴", "または貼り付け"]),
    ("the_schemes", ["The schemes (none ticked: all)", "计划（未勾选则全部运行）", "制度（未選択ならすべて）"]),
    ("compare_button", ["Compare", "比较", "比較する"]),
    // compare and topics
    ("compare_title", ["Compare", "比较", "比較"]),
    ("compare_h1", ["Compare {names}", "比较{names}", "{names}の比較"]),
    ("law_as_of_paren", [" (the law as of {date})", "（{date} 有效的法律）", "（{date} 時点の法令）"]),
    ("any_tag", ["Any concept tag works too:", "也可使用任一概念标签：", "概念タグも使える："]),
    ("no_provision_topic", ["No provision on this topic in the corpus.", "语料库中没有关于此主题的规定。", "コーパスにはこの主題の規定がない。"]),
    ("compare_json", ["This comparison as JSON", "本比较的 JSON 格式", "この比較の JSON"]),
    ("other_topics", ["Other topics", "其他主题", "他の主題"]),
    // sources
    ("sources_title", ["Sources", "文本来源", "出典"]),
    ("sources_h1", ["Where the texts come from", "文本的来源", "本文の出典"]),
    ("sources_label", ["Where each instrument's text comes from", "各法律文件文本的来源", "各法令の本文の出典"]),
    ("origin", ["Origin", "来历", "由来"]),
    ("no_text", ["No text", "无文本", "本文なし"]),
    ("texts_changed", ["texts changed since written: sha256 expected {expected}, now {actual}", "文本在写入后已被修改：应为 sha256 {expected}，现为 {actual}", "記録後に本文が変更された：sha256 は {expected} のはずが、現在 {actual}"]),
    ("official", ["official:", "官方：", "公式："]),
    ("retrieved_on", ["retrieved {date}", "获取于 {date}", "{date} 取得"]),
    // API page
    ("api_title", ["JSON API", "JSON API", "JSON API"]),
    ("api_h1", ["The JSON API", "JSON 接口说明", "JSON API の説明"]),
    ("api_errors", ["Every error is JSON:", "所有错误均以 JSON 返回：", "エラーはすべて JSON で返す："]),
    ("api_no_store", ["Answers that hold a client's facts carry the header", "包含客户事实的响应带有以下标头：", "依頼者の事実を含む応答には次のヘッダーを付ける："]),
    ("api_machine", ["The machine-readable description:", "机器可读的说明：", "機械可読の説明："]),
    ("api_english", ["The API's own descriptions below are in English.", "以下 API 的说明为英文。", "以下の API の説明は英語である。"]),
    ("openapi_doc", ["the OpenAPI document", "OpenAPI 文档", "OpenAPI 文書"]),
    ("routes", ["Routes", "路由", "ルート"]),
    ("parameters", ["Parameters", "参数", "パラメータ"]),
    ("param_in", ["In", "位置", "位置"]),
    ("required", ["Required", "必填", "必須"]),
    ("what_it_is_param", ["What it is", "说明", "説明"]),
    ("body", ["Body", "请求体", "本文"]),
    ("responses", ["Answers", "响应", "応答"]),
    // errors
    ("error_title", ["Error", "错误", "エラー"]),
    ("no_provision", ["No provision “{address}”", "没有条文“{address}”", "条文「{address}」はない"]),
    ("no_instrument", ["No instrument “{id}”", "没有法律文件“{id}”", "法令「{id}」はない"]),
    ("no_scheme", ["No shipped scheme “{name}”", "没有示例计划“{name}”", "収録済みの制度「{name}」はない"]),
    ("no_page", ["There is no page here. Search the corpus, or open a provision by its address, e.g.", "此处没有页面。请检索语料库，或按地址打开条文，例如：", "ここにはページがない。コーパスを検索するか、アドレスで条文を開く。例："]),
    ("no_citation_format", ["No citation format “{format}”: ask for bibtex or csl-json", "没有引用格式“{format}”：请使用 bibtex 或 csl-json", "引用形式「{format}」はない：bibtex 又は csl-json を指定する"]),
    ("bad_date", ["This is not a date: {why}", "这不是日期：{why}", "日付ではない：{why}"]),
    ("request_failed", ["The request could not be answered", "无法处理该请求", "要求に応じられなかった"]),
    ("details_english", ["The details below are mutua's messages, in English.", "以下详细信息为 mutua 的英文提示。", "以下の詳細は mutua の英語のメッセージである。"]),
];

/// The text of `key` in `lang` (English for a language the pages do not speak); the key
/// itself when there is no such row, which a test rules out for the shipped templates.
pub fn word(key: &str, lang: &str) -> &'static str {
    let column = LANGUAGES.iter().position(|(c, _)| *c == lang).unwrap_or(0);
    WORDS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, texts)| texts[column])
}

/// The words of one language as the templates' `t`: key → text.
pub fn table(lang: &str) -> Value {
    static TABLES: OnceLock<Vec<Value>> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        (0..LANGUAGES.len())
            .map(|column| {
                let map: BTreeMap<&str, &str> =
                    WORDS.iter().map(|(k, texts)| (*k, texts[column])).collect();
                Value::from_serialize(map)
            })
            .collect()
    });
    let column = LANGUAGES.iter().position(|(c, _)| *c == lang).unwrap_or(0);
    tables[column].clone()
}

/// `{name}` in a text replaced by the value given for it: `t.hits_count|fill(n=12)`.
pub fn fill(text: String, values: Kwargs) -> Result<String, minijinja::Error> {
    let mut out = text;
    for name in values.args() {
        let value: Value = values.get(name)?;
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    Ok(out)
}

/// [`fill`] for Rust: `{name}` in `key`'s text in `lang` replaced by each value.
pub fn filled(key: &str, lang: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(word(key, lang).to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The language a text is written in, as far as its script tells: English where its Latin
/// letters outnumber its Chinese characters and kana four to one (an English note quoting
/// a Japanese title), else Japanese where it holds kana, else `han` (`zh` or `ja`, the
/// page's or the jurisdiction's) where it holds Chinese characters, else English. Marks a
/// reason or a warning the rules give only in English on a Chinese page, or a provision
/// quoted in its own language.
pub fn language_of(text: &str, han: &str) -> &'static str {
    let is_kana =
        |c: &char| ('\u{3040}'..='\u{30ff}').contains(c) || ('\u{31f0}'..='\u{31ff}').contains(c);
    let is_han =
        |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c) || ('\u{3400}'..='\u{4dbf}').contains(c);
    let kana = text.chars().filter(is_kana).count();
    let han_chars = text.chars().filter(is_han).count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    if latin > 4 * (kana + han_chars) {
        "en"
    } else if kana > 0 {
        "ja"
    } else if han_chars > 0 {
        if han == "ja" {
            "ja"
        } else {
            "zh"
        }
    } else {
        "en"
    }
}

/// The names of the jurisdictions in `lang`, joined as a sentence does: "China, New York
/// and Japan", "中国、纽约州和日本", "中国、ニューヨーク州及び日本".
pub fn names_joined(jurisdictions: &[crate::corpus::Jurisdiction], lang: &str) -> String {
    let names: Vec<&str> = jurisdictions
        .iter()
        .map(|j| j.info().name_in(lang))
        .collect();
    let (sep, last) = match lang {
        "zh" => ("、", "和"),
        "ja" => ("、", "及び"),
        _ => (", ", " and "),
    };
    match names.split_last() {
        None => String::new(),
        Some((only, [])) => only.to_string(),
        Some((end, rest)) => format!("{}{last}{end}", rest.join(sep)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_is_given_in_every_language_once() {
        let mut seen = std::collections::HashSet::new();
        for (key, texts) in WORDS {
            assert!(seen.insert(*key), "`{key}` is given twice");
            for (text, (code, _)) in texts.iter().zip(LANGUAGES) {
                assert!(!text.trim().is_empty(), "`{key}` has no {code} text");
            }
            // a Chinese or Japanese text is not the English one left untranslated, except
            // for names the three share (API, JSON)
            let shared = texts[0].chars().all(|c| c.is_ascii_uppercase() || c == ' ');
            for (text, code) in [(texts[1], "zh"), (texts[2], "ja")] {
                assert!(
                    shared || language_of(text, code) == code,
                    "`{key}`'s {code} text is not in {code}: {text}"
                );
            }
        }
    }

    #[test]
    fn every_word_a_template_uses_is_given() {
        let mut used = 0;
        for (name, source) in super::super::view::TEMPLATES {
            for (i, _) in source.match_indices("t.") {
                let before = source[..i].chars().last();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = source[i + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    WORDS.iter().any(|(k, _)| *k == key),
                    "{name} uses `t.{key}`, which is not in WORDS"
                );
                used += 1;
            }
        }
        assert!(used > 150, "only {used} words found in the templates");
        // the words the templates pick by a value: a text's status, a condition's truth,
        // an instrument's status, a language, a download's format
        let picked: [(&str, &[&str]); 5] = [
            (
                "st_",
                &[
                    "verbatim",
                    "unverified",
                    "translation",
                    "modified",
                    "summary",
                ],
            ),
            ("truth_", &["true", "false", "unknown"]),
            ("status_", &["in_force", "repealed", "draft", "expired"]),
            ("lang_", &["en", "zh", "ja"]),
            ("download_", &["yaml", "md", "docx", "json"]),
        ];
        for (prefix, values) in picked {
            for v in values {
                let key = format!("{prefix}{v}");
                assert!(WORDS.iter().any(|(k, _)| *k == key), "no `{key}` in WORDS");
            }
        }
    }

    #[test]
    fn the_language_comes_from_the_address_the_cookie_or_the_browser() {
        let uri: Uri = "/classify?lang=ja".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "theme=dark; lang=zh".parse().unwrap());
        headers.insert(header::ACCEPT_LANGUAGE, "en-GB".parse().unwrap());
        assert_eq!(of_request(&uri, &headers), "ja");
        let plain: Uri = "/classify".parse().unwrap();
        assert_eq!(of_request(&plain, &headers), "zh");
        headers.remove(header::COOKIE);
        assert_eq!(of_request(&plain, &headers), "en");
        assert_eq!(accepted("fr-FR, ja;q=0.8, zh-CN;q=0.9"), Some("zh"));
        assert_eq!(accepted("ja-JP,en;q=0.5"), Some("ja"));
        assert_eq!(accepted("fr, de"), None);
        assert_eq!(of_request(&plain, &HeaderMap::new()), "en");
    }

    #[test]
    fn the_switch_keeps_the_rest_of_the_address() {
        assert_eq!(
            with_lang("/?q=a&lang=zh&offset=10", "ja"),
            "/?q=a&offset=10&lang=ja"
        );
        assert_eq!(with_lang("/classify", "zh"), "/classify?lang=zh");
    }
}
