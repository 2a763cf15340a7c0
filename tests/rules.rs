//! Library-level tests of the rule language over the shipped corpus: the shipped rules
//! check clean, every shipped scheme loads and gets the expected answer in each
//! jurisdiction, the 2005/2009 Japanese case, and an undetermined case.

use chrono::NaiveDate;
use mutua::corpus::{load_embedded, Corpus, CorpusFiles, Jurisdiction};
use mutua::diagnostic::{Diagnostic, Severity, SourceFile};
use mutua::rules::outcome::{Compliance, Evaluation, Kind, RuleStatus};
use mutua::rules::{self, RuleSet};
use mutua::scheme::{load_scheme, Scheme};

fn setup() -> (Corpus, RuleSet) {
    let corpus = load_embedded().expect("the shipped corpus loads");
    let files = rules::shipped_rule_files(&CorpusFiles::shipped());
    let set = rules::load_rules(&files, &corpus).unwrap_or_else(|d| panic!("{}", render(&d)));
    (corpus, set)
}

fn render(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

fn scheme(set: &RuleSet, name: &str) -> Scheme {
    let files = CorpusFiles::shipped();
    let (_, text) = files
        .files
        .iter()
        .find(|(n, _)| n == &format!("schemes/{name}"))
        .unwrap_or_else(|| panic!("no shipped scheme {name}"));
    let file = SourceFile::new(format!("corpus/schemes/{name}"), &**text);
    load_scheme(&file, &set.facts).unwrap_or_else(|d| panic!("{}", render(&d)))
}

fn classify(corpus: &Corpus, set: &RuleSet, s: &Scheme, j: Jurisdiction) -> Evaluation {
    let as_of = s.as_of.expect("shipped schemes give as_of");
    rules::evaluate(set, j, s, as_of, corpus, "en")
}

#[test]
fn shipped_rules_check_clean() {
    let (_, set) = setup();
    assert_eq!(
        set.jurisdictions(),
        vec![
            Jurisdiction::from_code("cn").unwrap(),
            Jurisdiction::from_code("ny").unwrap(),
            Jurisdiction::from_code("jp").unwrap()
        ]
    );
    let problems: Vec<&Diagnostic> = set
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    assert!(
        problems.is_empty(),
        "{}",
        problems.iter().map(|d| d.render(false)).collect::<String>()
    );
}

/// (scheme, jurisdiction, kind, compliance, a citation expected)
type Expected = (
    &'static str,
    &'static str,
    Kind,
    Option<Compliance>,
    &'static str,
);

const EXPECTED: &[Expected] = {
    use Compliance::*;
    use Kind::*;
    &[
        (
            "xiang-hu-bao-2019.yaml",
            "cn",
            UnregulatedMutualAid,
            Some(NoLicenceNeeded),
            "cn/insurance-law/art-2",
        ),
        (
            "xiang-hu-bao-2019.yaml",
            "ny",
            UnregulatedMutualAid,
            Some(NoLicenceNeeded),
            "ny/ins/s-1101/a/1",
        ),
        (
            "xiang-hu-bao-2019.yaml",
            "jp",
            UnregulatedMutualAid,
            Some(NoLicenceNeeded),
            "jp/iba/art-2/para-1",
        ),
        (
            "xiang-hu-bao-2018-insurance.yaml",
            "cn",
            MutualInsuranceSociety,
            Some(Licensed),
            "cn/pilot-measures/art-2",
        ),
        (
            "xiang-hu-bao-2018-insurance.yaml",
            "ny",
            Insurance,
            Some(Unlicensed),
            "ny/ins/s-1102/a",
        ),
        (
            "xiang-hu-bao-2018-insurance.yaml",
            "jp",
            Undetermined,
            None,
            "jp/iba/art-2/para-1/item-3",
        ),
        (
            "cn-commercial-critical-illness.yaml",
            "cn",
            Insurance,
            Some(Licensed),
            "cn/insurance-law/art-6",
        ),
        (
            "cn-commercial-critical-illness.yaml",
            "ny",
            Insurance,
            Some(Unlicensed),
            "ny/ins/s-1102/a",
        ),
        (
            "cn-commercial-critical-illness.yaml",
            "jp",
            Insurance,
            Some(Unlicensed),
            "jp/iba/art-3/para-1",
        ),
        (
            "jp-mutual-life-company.yaml",
            "cn",
            Insurance,
            Some(Unlicensed),
            "cn/insurance-law/art-158",
        ),
        (
            "jp-mutual-life-company.yaml",
            "ny",
            Insurance,
            Some(Unlicensed),
            "ny/ins/s-1102/a",
        ),
        (
            "jp-mutual-life-company.yaml",
            "jp",
            MutualInsuranceSociety,
            Some(Licensed),
            "jp/iba/art-2/para-5",
        ),
        (
            "jp-ja-kyosai.yaml",
            "cn",
            Insurance,
            Some(Unlicensed),
            "cn/insurance-law/art-6",
        ),
        (
            "jp-ja-kyosai.yaml",
            "ny",
            Insurance,
            Some(Unlicensed),
            "ny/ins/s-1102/a",
        ),
        (
            "jp-ja-kyosai.yaml",
            "jp",
            MutualInsuranceSociety,
            Some(Exempt),
            "jp/iba/art-2/para-1/item-1",
        ),
        (
            "jp-members-only-kyosai-2005.yaml",
            "cn",
            Insurance,
            Some(Unlicensed),
            "cn/insurance-law/art-6",
        ),
        (
            "jp-members-only-kyosai-2005.yaml",
            "ny",
            Insurance,
            Some(Unlicensed),
            "ny/ins/s-1102/a",
        ),
        (
            "jp-members-only-kyosai-2005.yaml",
            "jp",
            UnregulatedMutualAid,
            Some(NoLicenceNeeded),
            "jp/iba/art-2/para-1",
        ),
        (
            "jp-members-only-kyosai-2009.yaml",
            "cn",
            Insurance,
            Some(Unlicensed),
            "cn/insurance-law/art-6",
        ),
        (
            "jp-members-only-kyosai-2009.yaml",
            "ny",
            Insurance,
            Some(Unlicensed),
            "ny/ins/s-1102/a",
        ),
        (
            "jp-members-only-kyosai-2009.yaml",
            "jp",
            Insurance,
            Some(Unlicensed),
            "jp/iba/art-315/item-1",
        ),
        (
            "ny-mutual-life.yaml",
            "cn",
            Insurance,
            Some(Unlicensed),
            "cn/insurance-law/art-6",
        ),
        (
            "ny-mutual-life.yaml",
            "ny",
            MutualInsuranceSociety,
            Some(Licensed),
            "ny/ins/s-1211",
        ),
        (
            "ny-mutual-life.yaml",
            "jp",
            Undetermined,
            None,
            "jp/iba/art-2/para-1/item-3",
        ),
        (
            "undetermined-startup.yaml",
            "cn",
            Undetermined,
            None,
            "cn/insurance-law/art-2",
        ),
        (
            "undetermined-startup.yaml",
            "ny",
            Undetermined,
            None,
            "ny/ins/s-1101/a/1",
        ),
        (
            "undetermined-startup.yaml",
            "jp",
            Undetermined,
            None,
            "jp/iba/art-2/para-1",
        ),
    ]
};

#[test]
fn every_shipped_scheme_has_a_case_with_its_answers() {
    // the answers of every shipped scheme in every jurisdiction are pinned by a case of
    // corpus/cases/schemes (run through the binary by tests/cases_cli.rs); the table above
    // checks the first schemes again through the library
    let files = CorpusFiles::shipped();
    for (name, _) in files.files.iter() {
        let Some(scheme) = name.strip_prefix("schemes/") else {
            continue;
        };
        let case = std::fs::read_to_string(format!("corpus/cases/schemes/{scheme}"))
            .unwrap_or_else(|e| panic!("no case for the shipped scheme {scheme}: {e}"));
        assert!(
            case.contains(&format!("scheme: ../../schemes/{scheme}")),
            "{scheme}"
        );
        for j in Jurisdiction::all() {
            assert!(
                case.contains(&format!("\n  {}:\n    kind:", j.code())),
                "{scheme}: no expectation in {j}"
            );
        }
    }
}

#[test]
fn shipped_schemes_classify_as_expected() {
    let (corpus, set) = setup();
    let mut failures = Vec::new();
    let mut table = String::new();
    for (name, j, kind, compliance, citation) in EXPECTED {
        let s = scheme(&set, name);
        let ev = classify(&corpus, &set, &s, Jurisdiction::from_code(j).unwrap());
        table.push_str(&format!(
            "{name:40} {j} {:?} {:?} {:?} undecided_by={:?}\n",
            ev.outcome,
            ev.kind,
            ev.compliance,
            ev.undecided_by
                .iter()
                .map(|m| m.fact.as_str())
                .collect::<Vec<_>>()
        ));
        if ev.kind != *kind
            || ev.compliance != *compliance
            || !ev.citations.iter().any(|c| c == citation)
        {
            failures.push(format!(
                "{name} in {j}: got {:?}/{:?} citing {:?}; expected {kind:?}/{compliance:?} citing {citation}",
                ev.kind, ev.compliance, ev.citations
            ));
        }
        if ev.kind != Kind::Undetermined {
            assert_eq!(
                ev.rules[0].status,
                RuleStatus::Fired,
                "{name} {j}: the deciding rule comes first"
            );
            assert!(ev.undecided_by.is_empty());
        }
    }
    println!("{table}");
    assert!(failures.is_empty(), "{}\n\n{table}", failures.join("\n"));
}

#[test]
fn members_only_kyosai_changes_with_the_2005_amendment() {
    let (corpus, set) = setup();
    let s2005 = scheme(&set, "jp-members-only-kyosai-2005.yaml");
    let s2009 = scheme(&set, "jp-members-only-kyosai-2009.yaml");
    // only the date differs between the two files
    assert_eq!(s2005.facts, s2009.facts);
    let before = classify(
        &corpus,
        &set,
        &s2005,
        Jurisdiction::from_code("jp").unwrap(),
    );
    let after = classify(
        &corpus,
        &set,
        &s2009,
        Jurisdiction::from_code("jp").unwrap(),
    );
    assert_eq!(before.outcome.as_deref(), Some("outside_the_act"));
    assert_eq!(after.outcome.as_deref(), Some("unlicensed_insurance"));
    // the same scheme as of another date, through the override
    let moved = rules::evaluate(
        &set,
        Jurisdiction::from_code("jp").unwrap(),
        &s2005,
        NaiveDate::from_ymd_opt(2009, 6, 30).unwrap(),
        &corpus,
        "ja",
    );
    assert_eq!(moved.outcome, after.outcome);
    // the 2006 provision's text is quoted in 2009, in Japanese
    let cited = &moved.rules[0].cites[0];
    assert_eq!(cited.address, "jp/iba/art-2/para-1");
    assert_eq!(cited.language, "ja");
    assert_eq!(cited.text_status, "unverified");
    assert!(cited.text.as_deref().unwrap_or("").contains("保険業"));
    // in 2005 the earlier version has no text in the corpus
    assert_eq!(before.rules[0].cites[0].text, None);
}

#[test]
fn undetermined_startup_names_the_deciding_facts() {
    let (corpus, set) = setup();
    let s = scheme(&set, "undetermined-startup.yaml");
    for j in Jurisdiction::all() {
        let ev = classify(&corpus, &set, &s, j);
        assert_eq!(ev.kind, Kind::Undetermined, "{j}");
        assert_eq!(ev.outcome, None);
        assert_eq!(ev.compliance, None);
        let facts: Vec<&str> = ev.undecided_by.iter().map(|m| m.fact.as_str()).collect();
        assert!(facts.contains(&"benefits.enforceable"), "{j}: {facts:?}");
        assert!(ev.undecided_by.iter().all(|m| !m.question_en.is_empty()));
        assert!(ev.undecided_by.iter().all(|m| m.question_zh.is_some()));
        // nothing fired; what is not possible or defeated failed on a known fact
        assert!(ev.rules.iter().all(|r| matches!(
            r.status,
            RuleStatus::Possible | RuleStatus::Defeated | RuleStatus::Failed
        )));
        assert!(ev.rules.iter().any(|r| r.status == RuleStatus::Possible));
    }
    let cn = classify(&corpus, &set, &s, Jurisdiction::from_code("cn").unwrap());
    let mut facts: Vec<&str> = cn.undecided_by.iter().map(|m| m.fact.as_str()).collect();
    facts.sort();
    // a promise in the terms, or in substance (a backstop, or a pool paid out as of course),
    // and then the licence
    assert_eq!(
        facts,
        vec![
            "benefits.enforceable",
            "benefits.paid_as_of_course",
            "contributions.pooled_fund",
            "licences.cn",
            "operator.bears_risk"
        ]
    );
}
