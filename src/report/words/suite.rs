//! The words of `mutua test`: a failing case's differences, coverage and the closing line.
//! The marks at the start of each line (`ok`, `FAIL`, `ERROR`) and the expected and actual
//! values (as case files write them) stay as they are in every language, for the programs
//! that read them.

use super::Words;

impl Words {
    /// The closing line: `N passed, N failed`.
    pub fn passed_failed(self, passed: usize, failed: usize) -> String {
        match self {
            Words::En => format!("{passed} passed, {failed} failed"),
            Words::Zh => format!("通过 {passed} 个，失败 {failed} 个"),
            Words::Ja => format!("成功 {passed} 件、失敗 {failed} 件"),
        }
    }

    /// A difference between the answer a case expects and the one given.
    pub fn mismatch(
        self,
        jurisdiction: &str,
        field: &str,
        expected: &str,
        actual: &str,
        at: &str,
    ) -> String {
        match self {
            Words::En => {
                format!(
                    "{jurisdiction} {field}: expected {expected}, got {actual}  (expected at {at})"
                )
            }
            Words::Zh => {
                format!("{jurisdiction} {field}：预期 {expected}，实际 {actual}（预期写于 {at}）")
            }
            Words::Ja => {
                format!("{jurisdiction} {field}：期待値 {expected}、結果 {actual}（期待値の記載箇所 {at}）")
            }
        }
    }

    /// The rule that decided an answer a case did not expect.
    pub fn decided_by(self, rule: &str) -> String {
        match self {
            Words::En => format!("decided by {rule}"),
            Words::Zh => format!("由规则 {rule} 决定"),
            Words::Ja => format!("ルール {rule} により判定"),
        }
    }

    /// A case that cannot be run.
    pub fn cannot_run(self) -> &'static str {
        match self {
            Words::En => "the case cannot be run",
            Words::Zh => "该案例无法运行",
            Words::Ja => "このケースは実行できない",
        }
    }

    /// The heading of a suite's coverage.
    pub fn coverage(self) -> &'static str {
        match self {
            Words::En => "Coverage:",
            Words::Zh => "覆盖情况：",
            Words::Ja => "カバレッジ：",
        }
    }

    /// How many rules decided an answer and how many provisions were cited, of all.
    pub fn coverage_line(
        self,
        fired: usize,
        rules: usize,
        cited: usize,
        provisions: usize,
    ) -> String {
        match self {
            Words::En => format!(
                "{fired} of {rules} rules decided an answer; {cited} of {provisions} provisions cited"
            ),
            Words::Zh => format!(
                "{rules} 条规则中有 {fired} 条决定了结论；{provisions} 个条文中有 {cited} 个被引用"
            ),
            Words::Ja => format!(
                "ルール {rules} 件中 {fired} 件が結論を決定；規定 {provisions} 件中 {cited} 件を引用"
            ),
        }
    }

    /// The labels of the rules that never decided and the provisions never relied on.
    pub fn never(self) -> [&'static str; 2] {
        match self {
            Words::En => ["rules that never decided: ", "provisions never relied on: "],
            Words::Zh => ["从未决定结论的规则：", "从未被援引的条文："],
            Words::Ja => ["結論を決定しなかったルール：", "根拠とされなかった規定："],
        }
    }
}
