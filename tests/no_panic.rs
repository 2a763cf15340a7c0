//! No input makes mutua panic: arbitrary text is fed to the citation parser, the numeral
//! reader, the LawRefBook parser, the corpus loader and the YAML locator; each must answer
//! with a value or an error.

use std::sync::OnceLock;

use mutua::corpus::import::lawrefbook::parse_lawrefbook;
use mutua::corpus::locate::YamlPositions;
use mutua::corpus::{citation, load, numerals, Corpus, CorpusFiles};
use mutua::diagnostic::SourceFile;
use mutua::rules::{self, RuleSet};
use proptest::prelude::*;

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| mutua::corpus::load_embedded().unwrap())
}

fn shipped_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        rules::load_rules(
            &rules::shipped_rule_files(&CorpusFiles::shipped()),
            corpus(),
        )
        .unwrap()
    })
}

/// Text mixing the characters citations and statutes are made of with anything else.
fn statute_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "保险法",
        "第",
        "条",
        "款",
        "项",
        "之",
        "の",
        "一",
        "二",
        "十",
        "百",
        "千",
        "〇",
        "条の",
        "保険業法",
        "項",
        "号",
        "§",
        "(",
        ")",
        "a",
        "1",
        "İ",
        "ß",
        " ",
        "art.",
        "Article ",
        "N.Y. Ins. Law",
        "Insurance Law",
        "/",
        "cn/insurance-law/",
        "#",
        "\n",
        "：",
        "—",
        "rule r -> o",
        "when",
        "not",
        "and",
        "or",
        "cites",
        "benefits.enforceable",
        "= ",
        "CNY 1_000",
        "{",
        "}",
        "\"",
        "proposal \"p\" extends cn",
        "replace",
        "repeal",
        "jurisdiction cn",
        "outcome o kind insurance compliance licensed",
        "name: x",
        "as_of: 2019-11-27",
        "benefits:",
        "  enforceable: ",
        "true",
        "- ",
        ": ",
        "~",
    ]);
    prop_oneof![
        prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat()),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn citations_never_panic(s in statute_like()) {
        let _ = citation::to_address(corpus(), &s);
        let _ = citation::resolve(corpus(), &s);
        let _ = citation::display_citation(&s);
    }

    #[test]
    fn numerals_never_panic(s in statute_like()) {
        let _ = numerals::parse_number(&s);
    }

    #[test]
    fn lawrefbook_parser_never_panics(s in statute_like()) {
        let text = format!("# 标题\n\n<!-- INFO END -->\n{s}\n第一条 {s}\n");
        let _ = parse_lawrefbook(&SourceFile::new("x.md", text));
        let _ = parse_lawrefbook(&SourceFile::new("y.md", s));
    }

    #[test]
    fn corpus_loader_never_panics(s in statute_like()) {
        let yaml = format!("id: cn/x\njurisdiction: cn\ntitle: {{zh: {s:?}}}\neffective: 2015-01-01\nstatus: in_force\nsource: {{address: a, official: b}}\nprovisions:\n  - path: {s:?}\n    refs: [{s:?}]\n");
        for text in [yaml, s.clone()] {
            let files = CorpusFiles { files: vec![("cn/x.yaml".into(), text.into())], origin: "t".into(), known_hash: None };
            if let Err(e) = load::load(&files) {
                for d in e.diagnostics() {
                    let _ = d.render(false);
                }
            }
        }
        let _ = YamlPositions::of(&s);
    }
}

proptest! {
    // checking a whole rule set is slower: fewer cases
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn rule_files_never_panic(s in statute_like()) {
        let mut files = rules::shipped_rule_files(&CorpusFiles::shipped());
        files.push(SourceFile::new("fuzz.rules", s));
        if let Err(diags) = rules::load_rules(&files, corpus()) {
            for d in diags {
                let _ = d.render(false);
            }
        }
    }

    #[test]
    fn scheme_files_never_panic(s in statute_like()) {
        match mutua::scheme::load_scheme(&SourceFile::new("fuzz.yaml", s), &shipped_rules().facts) {
            Ok(scheme) => {
                let date = scheme.as_of.unwrap_or_default();
                for j in mutua::corpus::Jurisdiction::all() {
                    let _ = rules::evaluate(shipped_rules(), j, &scheme, date, corpus(), "en");
                }
            }
            Err(diags) => {
                for d in diags {
                    let _ = d.render(false);
                }
            }
        }
    }
}
