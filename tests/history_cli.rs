//! Instruments' dates and histories, as `show` gives them on the shipped corpus, and a
//! corpus whose header disagrees with its history refused.

mod common;

use std::process::Output;

fn show(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = common::mutua(dir.path());
    cmd.arg("show").args(args);
    cmd.output().unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_insurance_business_act_is_in_force_since_1996_with_its_amendments() {
    let text = stdout(&show(&["jp/iba"]));
    assert!(
        text.contains("平成七年法律第百五号; promulgated 1995-06-07; in force since 1996-04-01; text held: as in force from 2006-04-01"),
        "{text}"
    );
    assert!(
        text.contains("1995-06-07  adopted  平成七年法律第百五号; in force 1996-04-01"),
        "{text}"
    );
    assert!(
        text.contains("2005-05-02  amended  平成17年法律第38号; in force 2006-04-01"),
        "{text}"
    );
    let order = stdout(&show(&["jp/iba-order"]));
    assert!(order.contains("in force since 1996-04-01"), "{order}");
}

#[test]
fn the_2006_definition_of_insurance_business_reads_as_it_did_then() {
    let then = stdout(&show(&["jp/iba/art-2/para-1", "--as-of", "2008-01-01"]));
    assert!(then.contains("人の生死に関し"), "{then}");
    assert!(then.contains("wording of 平成17年法律第38号"), "{then}");
    let now = stdout(&show(&["jp/iba/art-2/para-1"]));
    assert!(now.contains("人の生存又は死亡に関し"), "{now}");
}

#[test]
fn criminal_law_articles_176_and_192_are_in_force_from_amendment_xi() {
    for art in ["cn/criminal-law/art-176", "cn/criminal-law/art-192"] {
        let text = stdout(&show(&[art, "--as-of", "2022-01-01"]));
        assert!(
            text.contains("Text in force: from 2021-03-01 (wording of 刑法修正案（十一）)"),
            "{text}"
        );
        // before Amendment XI the corpus holds no wording of these articles
        let before = show(&[art, "--as-of", "2020-06-01"]);
        assert_eq!(before.status.code(), Some(2));
    }
    let header = stdout(&show(&["cn/criminal-law"]));
    assert!(
        header.contains("2020-12-26  amended  刑法修正案（十一）; in force 2021-03-01"),
        "{header}"
    );
}

#[test]
fn the_2016_campaign_ran_its_course() {
    let text = stdout(&show(&["cn/mutual-aid-campaign-2016"]));
    assert!(
        text.contains("in force 2016-12-20 to 2017-02-28; expired (ran its course)"),
        "{text}"
    );
    let json = common::json(&{
        let dir = tempfile::tempdir().unwrap();
        common::mutua(dir.path())
            .args(["show", "cn/mutual-aid-campaign-2016", "--format", "json"])
            .output()
            .unwrap()
    });
    assert_eq!(json["status"], "expired");
    assert_eq!(json["in_force_until"], "2017-02-28");
}

#[test]
fn the_agricultural_regulations_show_their_first_entry_into_force_and_the_2016_revision() {
    let text = stdout(&show(&["cn/agricultural-insurance-regulations"]));
    assert!(
        text.contains("中华人民共和国国务院令第629号; promulgated 2012-11-12; in force since 2013-03-01; text held: as in force from 2016-02-06"),
        "{text}"
    );
    assert!(
        text.contains("2016-02-06  amended  国务院令第666号"),
        "{text}"
    );
}

#[test]
fn a_header_that_disagrees_with_its_history_is_refused_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = common::one_instrument_corpus(
        dir.path(),
        "id: cn/law\njurisdiction: cn\ntitle: {zh: 法}\npromulgated: 2000-01-01\nfirst_in_force: 2001-01-01\nstatus: in_force\nhistory:\n  - date: 2000-01-01\n    kind: adopted\n    in_force: 2000-06-01\n    event: adopted\nsource: {address: here, official: there}\nprovisions:\n  - path: art-1\n    versions:\n      - from: 1999-01-01\n        amendment: nothing\n",
    );
    let out = common::mutua(dir.path())
        .args(["show", "cn/law", "--corpus"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("law.yaml:5:17"), "{err}");
    assert!(
        err.contains("the header says first in force 2001-01-01, but the history's adoption (history[0]) came into force 2000-06-01"),
        "{err}"
    );
    assert!(
        err.contains("before the instrument first came into force (2001-01-01)"),
        "{err}"
    );
    assert!(
        err.contains("the history holds no event of `nothing`"),
        "{err}"
    );
}
