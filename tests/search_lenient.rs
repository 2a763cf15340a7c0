//! What a scholar types into `mutua search`: punctuation that is not an operator is read as
//! part of the words, never as a syntax error; a citation or a bare number puts its
//! provision first; a term held in a summary (共済) is found.

mod common;

fn search(args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    common::mutua(dir.path())
        .arg("search")
        .args(args)
        .output()
        .unwrap()
}

fn first_hit(query: &str) -> String {
    let out = search(&[query, "--format", "json", "--limit", "3"]);
    assert!(
        out.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = common::json(&out);
    v["hits"][0]["address"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn punctuation_that_does_not_parse_is_read_as_words() {
    for q in [
        "insurer's liability",
        "definitions: insurance",
        "\"unclosed quote",
        "art. (2",
    ] {
        let out = search(&[q]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Syntax Error"), "{q}: {stderr}");
    }
    // operators still work where they parse
    let out = search(&["\"fortuitous event\"", "-j", "ny", "--limit", "1"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("ny/ins/s-1101/a/2"));
}

#[test]
fn a_citation_or_a_bare_number_puts_its_provision_first() {
    for (q, first) in [
        ("§ 4522", "ny/ins/s-4522"),
        ("4522", "ny/ins/s-4522"),
        ("s 1101(a)", "ny/ins/s-1101/a"),
        ("保险法第一百八十一条", "cn/insurance-law/art-181"),
        ("保険業法第2条", "jp/iba/art-2"),
    ] {
        assert_eq!(first_hit(q), first, "{q}");
    }
    // a bare article number: every statute's article of that number, first
    let out = search(&["第181条", "-j", "cn"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(" 1. cn/insurance-law/art-181  [cited]"),
        "{text}"
    );
}

#[test]
fn a_term_held_in_a_summary_is_found_in_its_own_script() {
    let hit = first_hit("共済");
    assert!(hit.starts_with("jp/iba/art-2"), "{hit}");
}

#[test]
fn a_search_counts_every_match_and_pages_through_them() {
    let page = |offset: &str| {
        let out = search(&[
            "保险", "--limit", "3", "--offset", offset, "--format", "json",
        ]);
        assert!(out.status.success());
        common::json(&out)
    };
    let first = page("0");
    let second = page("3");
    let total = first["total"].as_u64().unwrap();
    assert!(total > 6, "{first}");
    assert_eq!(second["total"], first["total"]);
    assert_eq!(second["offset"], 3);
    let addresses = |v: &serde_json::Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["address"].as_str().unwrap().to_string())
            .collect()
    };
    let (a, b) = (addresses(&first), addresses(&second));
    assert_eq!(a.len(), 3);
    assert!(b.iter().all(|x| !a.contains(x)), "{a:?} {b:?}");
    // the text report says which hits it shows of how many
    let out = search(&["保险", "--limit", "3"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "Hits 1 to 3 of {total} provisions that match; --offset 3 for the next."
        )),
        "{text}"
    );
    // Chinese words must all match: fewer provisions hold 相互 and 保险 than either
    let both = common::json(&search(&["相互保险", "--format", "json"]))["total"]
        .as_u64()
        .unwrap();
    let either = common::json(&search(&["相互 OR 保险", "--format", "json"]))["total"]
        .as_u64()
        .unwrap();
    assert!(both > 0 && both * 10 < either, "{both} {either}");
}

#[test]
fn the_2016_campaign_notice_is_found_by_the_words_of_its_title() {
    assert_eq!(first_hit("互助计划"), "cn/mutual-aid-campaign-2016/targets");
    assert_eq!(
        first_hit("网络互助计划"),
        "cn/mutual-aid-campaign-2016/targets"
    );
}

#[test]
fn a_provision_of_several_versions_comes_once() {
    // jp/iba/art-2/para-1 holds three versions
    let out = search(&["保険業", "--limit", "50", "--format", "json"]);
    let v = common::json(&out);
    let addresses: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["address"].as_str().unwrap())
        .collect();
    let mut unique = addresses.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), addresses.len(), "{addresses:?}");
    assert!(addresses.contains(&"jp/iba/art-2/para-1"), "{addresses:?}");
}

#[test]
fn a_japanese_phrase_matches_only_where_its_characters_stand_together() {
    let dir = tempfile::tempdir().unwrap();
    // art-2 holds every bigram of 相互会社 (相互, 互会, 会社), none of them together
    let corpus = common::one_instrument_corpus(
        dir.path(),
        "id: jp/law\njurisdiction: jp\ntitle: {ja: 法}\nstatus: in_force\nsource: {address: written for the test, official: none}\nprovisions:\n  - path: art-1\n    versions:\n      - text:\n          ja: {status: unverified, text: 相互会社は、法人とする。}\n  - path: art-2\n    versions:\n      - text:\n          ja: {status: unverified, text: 会社と相互の互会。}\n",
    );
    let out = common::mutua(dir.path())
        .args(["search", "相互会社", "--format", "json", "--corpus"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = common::json(&out);
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["hits"][0]["address"], "jp/law/art-1");
}

#[test]
fn a_cited_provision_comes_in_the_version_the_search_is_on() {
    // the shipped jp/iba/art-2/para-1 holds three versions: none before 2006, then 人の生死,
    // then 人の生存又は死亡 from 2010-04-01
    let snippet = |args: &[&str]| {
        let out = search(args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v = common::json(&out);
        assert_eq!(v["hits"][0]["address"], "jp/iba/art-2/para-1", "{v}");
        assert_eq!(v["hits"][0]["matched"], "citation");
        v["hits"][0]["snippet"].as_str().unwrap().to_string()
    };
    let now = snippet(&["保険業法第2条第1項", "--format", "json"]);
    assert!(now.contains("人の生存又は死亡"), "{now}");
    let then = snippet(&[
        "保険業法第2条第1項",
        "--as-of",
        "2008-01-01",
        "--format",
        "json",
    ]);
    assert!(then.contains("人の生死"), "{then}");
    // the text of the version, not the summary that speaks of both
    for s in [&now, &then] {
        assert!(s.starts_with("この法律において"), "{s}");
    }
    assert!(!then.contains("生存又は死亡"), "{then}");
}

#[test]
fn chinese_words_typed_together_match_only_where_they_stand_together() {
    let dir = tempfile::tempdir().unwrap();
    // 非保险机构 is cut into 非 and 保险机构; art-2 holds both, apart
    let corpus = common::one_instrument_corpus(
        dir.path(),
        "id: cn/law\njurisdiction: cn\ntitle: {zh: 法}\nstatus: in_force\nsource: {address: written for the test, official: none}\nprovisions:\n  - path: art-1\n    versions:\n      - text:\n          zh: {status: unverified, text: 非保险机构不得开展互联网保险业务。}\n  - path: art-2\n    versions:\n      - text:\n          zh: {status: unverified, text: 保险机构销售的产品，非保险产品的，应当说明。}\n",
    );
    let found = |query: &str| {
        let out = common::mutua(dir.path())
            .args(["search", query, "--format", "json", "--corpus"])
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{query}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        common::json(&out)
    };
    let v = found("非保险机构");
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["hits"][0]["address"], "cn/law/art-1");
    // words typed apart need only all be there
    let v = found("非 保险机构");
    assert_eq!(v["total"], 2, "{v}");
    // an exclusion is kept: the phrase is not loosened to find something
    let v = found("保险机构 -互联网");
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["hits"][0]["address"], "cn/law/art-2");
    let v = found("非保险机构 -互联网");
    assert_eq!(v["total"], 0, "{v}");
}

#[test]
fn the_provision_holding_every_word_comes_before_those_holding_one() {
    // art. 2(1) is long and holds all three; art. 2(4) is short and holds 損害 alone
    assert_eq!(first_hit("偶然の事故 損害 てん補"), "jp/iba/art-2/para-1");
    // `insurer` as typed weighs above `insurance`, which has the same stem
    let hit = first_hit("insurer's liability");
    assert!(
        ["cn/insurance-law/art-2", "cn/insurance-law/art-10"].contains(&hit.as_str()),
        "{hit}"
    );
}

#[test]
fn an_english_term_of_art_finds_its_definition() {
    // "internet insurance business" has 25 letters, more than a Chinese term may have
    assert_eq!(
        first_hit("internet insurance business"),
        "cn/internet-insurance-measures/art-2"
    );
    // the query begins the term defined: "small-amount short-term insurance business"
    assert_eq!(
        first_hit("small-amount short-term insurance"),
        "jp/iba/art-2/para-17"
    );
    // the word asking for it need not be in the provision
    assert_eq!(
        first_hit("insurance contract definition"),
        "ny/ins/s-1101/a/1"
    );
}
