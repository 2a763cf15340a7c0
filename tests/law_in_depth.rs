//! The law's elements, exemptions, exclusions and transitions, each shown on a scheme
//! written from the statutes by someone who had not read the rules (`corpus/cases/review/`,
//! whose expected answers were decided before the rules were run). Each test checks what a
//! lawyer would: the answer, the provision applied, cited at the level applied, and that
//! the reasons printed never assert a fact the scheme contradicts.

mod common;

use common::{json, mutua};

fn classify(file: &str, jurisdiction: &str, extra: &[&str]) -> serde_json::Value {
    let cache = tempfile::tempdir().unwrap();
    let mut args = vec![
        "classify".to_string(),
        format!("corpus/cases/review/{file}.yaml"),
        "-j".into(),
        jurisdiction.into(),
        "--format".into(),
        "json".into(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let out = mutua(cache.path()).args(&args).output().unwrap();
    json(&out)["results"][0].clone()
}

fn answer(r: &serde_json::Value) -> (String, String) {
    (
        r["kind"].as_str().unwrap_or_default().to_string(),
        r["compliance"].as_str().unwrap_or("none").to_string(),
    )
}

fn cites(r: &serde_json::Value) -> Vec<String> {
    r["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

fn contested(r: &serde_json::Value) -> Vec<String> {
    r["contested"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["outcome"].as_str().unwrap().to_string())
        .collect()
}

fn pair(kind: &str, compliance: &str) -> (String, String) {
    (kind.to_string(), compliance.to_string())
}

#[test]
fn china_a_unions_non_profit_plan_is_contested_never_a_bare_crime() {
    let r = classify("review-cn-union-mutual-aid", "cn", &[]);
    assert_eq!(
        answer(&r),
        pair("unregulated_mutual_aid", "no_licence_needed")
    );
    assert_eq!(contested(&r), ["unlicensed_insurance"]);
    assert!(cites(&r).contains(&"cn/insurance-law/art-181".to_string()));
}

#[test]
fn no_premium_and_no_insured_event_are_not_insurance_in_any_system() {
    for j in ["cn", "jp"] {
        let r = classify("review-cn-employer-own-medical", j, &[]);
        assert_eq!(
            answer(&r),
            pair("unregulated_mutual_aid", "no_licence_needed"),
            "{j}"
        );
    }
    // New York: federal preemption of an employer's own plan, not § 4522
    let r = classify("review-cn-employer-own-medical", "ny", &[]);
    assert_eq!(
        answer(&r),
        pair("unregulated_mutual_aid", "no_licence_needed")
    );
    assert!(
        !cites(&r).iter().any(|c| c.starts_with("ny/ins/s-4522")),
        "{:?}",
        cites(&r)
    );
    assert!(
        r["explanation"].to_string().contains("ERISA")
            || r["explanation"].to_string().contains("29 U.S.C.")
    );
    for (file, j) in [
        ("review-cn-prepaid-dental-care", "cn"),
        ("review-ny-prepaid-oil-burner-maintenance", "ny"),
        ("review-jp-prepaid-health-checkup", "jp"),
    ] {
        let r = classify(file, j, &[]);
        assert_eq!(
            answer(&r),
            pair("unregulated_mutual_aid", "no_licence_needed"),
            "{file}"
        );
        assert!(r["undecided_by"].as_array().unwrap().is_empty(), "{file}");
    }
}

#[test]
fn a_prefunded_pool_is_insurance_whether_it_pays_indemnity_or_fixed_sums() {
    for file in [
        "review-cn-prefunded-pool-indemnity",
        "review-cn-prefunded-pool-fixed-sum",
    ] {
        for j in ["cn", "jp"] {
            let r = classify(file, j, &[]);
            assert_eq!(answer(&r), pair("insurance", "unlicensed"), "{file} in {j}");
        }
    }
}

#[test]
fn new_york_section_4522_holds_every_condition_and_cites_the_paragraph_applied() {
    for (file, expected, cited) in [
        (
            "review-ny-craft-union-death",
            pair("unregulated_mutual_aid", "exempt"),
            "ny/ins/s-4522/a/1",
        ),
        (
            "review-ny-employee-assoc-medical-8000",
            pair("unregulated_mutual_aid", "exempt"),
            "ny/ins/s-4522/a/2",
        ),
        (
            "review-ny-benevolent-funeral-400",
            pair("unregulated_mutual_aid", "exempt"),
            "ny/ins/s-4522/a/3",
        ),
        (
            "review-ny-benevolent-funeral-2000",
            pair("insurance", "unlicensed"),
            "ny/ins/s-1102/a",
        ),
        (
            "review-ny-benevolent-sick-benefit-600",
            pair("insurance", "unlicensed"),
            "ny/ins/s-1102/a",
        ),
        (
            "review-ny-general-union-death",
            pair("insurance", "unlicensed"),
            "ny/ins/s-1102/a",
        ),
    ] {
        let r = classify(file, "ny", &[]);
        assert_eq!(answer(&r), expected, "{file}");
        let c = cites(&r);
        assert!(c.contains(&cited.to_string()), "{file}: {c:?}");
        if expected.1 == "exempt" {
            let paragraphs = c
                .iter()
                .filter(|a| a.starts_with("ny/ins/s-4522/a/"))
                .count();
            assert_eq!(
                paragraphs, 1,
                "{file}: one paragraph of § 4522(a), the one applied: {c:?}"
            );
            assert!(!c.contains(&"ny/ins/s-4522/a".to_string()), "{file}: {c:?}");
        }
    }
    // the proviso on medical benefits needs the employer's size
    let r = classify("review-ny-employee-assoc-medical-300", "ny", &[]);
    assert_eq!(r["kind"], "undetermined");
    assert!(
        r["undecided_by"]
            .to_string()
            .contains("participants.employer_employees"),
        "{r}"
    );
}

#[test]
fn new_york_registered_service_contracts_are_exempt_under_article_79() {
    let r = classify("review-ny-appliance-service-contract", "ny", &[]);
    assert_eq!(answer(&r), pair("unregulated_mutual_aid", "exempt"));
    assert!(
        cites(&r).contains(&"ny/ins/s-7903/a".to_string()),
        "{:?}",
        cites(&r)
    );
}

#[test]
fn new_yorks_cost_sharing_reading_does_not_need_a_profit() {
    // a non-profit ministry that shares bills after the event and pays them as a matter of
    // course, with no pool of fixed contributions (which would be a promise in substance)
    let r = classify(
        "review-ny-health-care-sharing",
        "ny",
        &[
            "--set",
            "benefits.paid_as_of_course=true",
            "--set",
            "contributions.timing=after_loss",
            "--set",
            "contributions.pooled_fund=false",
        ],
    );
    assert_eq!(
        answer(&r),
        pair("unregulated_mutual_aid", "no_licence_needed")
    );
    assert_eq!(contested(&r), ["unlicensed_insurance"]);
    // sharing at the ministry's discretion is not routine payment: no such reading
    let r = classify("review-ny-health-care-sharing", "ny", &[]);
    assert_eq!(
        answer(&r),
        pair("unregulated_mutual_aid", "no_licence_needed")
    );
    assert!(contested(&r).is_empty());
}

#[test]
fn japan_two_exclusions_give_one_answer_citing_the_first_item_applied() {
    let r = classify("review-jp-small-company-kyosai", "jp", &[]);
    assert_eq!(answer(&r), pair("unregulated_mutual_aid", "exempt"));
    let c = cites(&r);
    assert!(
        c.contains(&"jp/iba/art-2/para-1/item-2/sub-ro".to_string()),
        "{c:?}"
    );
    assert!(
        !c.contains(&"jp/iba/art-2/para-1/item-2".to_string()),
        "not the chapeau: {c:?}"
    );
    assert!(
        !c.iter()
            .any(|a| a.ends_with("/sub-ha") || a.ends_with("/sub-i")),
        "{c:?}"
    );
}

#[test]
fn japan_caps_follow_what_is_paid_and_the_transitional_relief_applies() {
    for (file, expected) in [
        (
            "review-jp-ssti-accident-indemnity-1m",
            pair("insurance", "unlicensed"),
        ),
        (
            "review-jp-ssti-accident-indemnity-700k",
            pair("insurance", "licensed"),
        ),
        (
            "review-jp-ssti-former-specified-death-2015",
            pair("insurance", "licensed"),
        ),
        (
            "review-jp-ssti-former-specified-death-2020-5m",
            pair("insurance", "licensed"),
        ),
        (
            "review-jp-ssti-former-specified-death-2020-8m",
            pair("insurance", "unlicensed"),
        ),
        ("review-jp-tokurei-minpo-2012", pair("insurance", "exempt")),
        (
            "review-jp-tokurei-minpo-2014",
            pair("insurance", "unlicensed"),
        ),
        (
            "review-jp-small-enterprise-kyosai",
            pair("unregulated_mutual_aid", "exempt"),
        ),
    ] {
        let r = classify(file, "jp", &[]);
        assert_eq!(answer(&r), expected, "{file}");
    }
}

#[test]
fn dates_before_the_law_get_no_later_law() {
    for (file, j, held_from) in [
        ("review-cn-1990-premium-scheme", "cn", "1995-10-01"),
        ("review-jp-1990-open-kyosai", "jp", "1996-04-01"),
    ] {
        let r = classify(file, j, &[]);
        assert_eq!(r["kind"], "undetermined", "{file}");
        let w = r["explanation"]["warnings"].to_string();
        assert!(w.contains("the corpus holds no law of"), "{file}: {w}");
        assert!(w.contains(held_from), "{file}: {w}");
    }
    // a registration that did not exist yet is named as wrong facts
    let r = classify("review-jp-ssti-licence-2005", "jp", &[]);
    let w = r["explanation"]["warnings"].to_string();
    assert!(w.contains("exists only from 2006-04-01"), "{w}");
}

#[test]
fn a_reason_never_asserts_a_fact_the_scheme_contradicts() {
    // a pre-funded plan is not told that members pay after the event, and a plan whose
    // operator backs nothing is not told of the operator's backing
    for file in [
        "review-cn-ex-post-sharing-plan",
        "review-cn-prefunded-pool-fixed-sum",
    ] {
        for j in common::jurisdiction_codes() {
            let j = j.as_str();
            let r = classify(file, j, &[]);
            let text = r.to_string();
            assert!(
                !text.contains("after the event (risk decentralisation)"),
                "{file} {j}"
            );
            assert!(
                !text.contains("the operator's backing of the payouts is practice"),
                "{file} {j}"
            );
        }
    }
}
