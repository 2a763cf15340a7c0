//! `fetch` installs only the law asked for, with the provisions the rules cite, within its
//! `--timeout`; and a fetched text edited by hand afterwards is `modified` wherever it is
//! quoted, in `sources`, and in the corpus hash. The fixtures are synthetic text in the
//! official structures, served by a local HTTP server on 127.0.0.1.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{json, mutua};

/// 保険業法施行令, as e-Gov serves it (arts. 1-2 to 1-7 and 2-2).
const ORDER: &str = "tests/fixtures/fetch/iba-order-20230401.xml";
/// Another law: 令和二年試験政令第一号 試験令.
const OTHER_LAW: &str = "tests/fixtures/egov/TEST0000000001_20230401_TEST0000000030.xml";
/// 保険業法, with the articles the shipped corpus annotates.
const ACT: &str = "tests/fixtures/fetch/iba-20060401.xml";
/// An Open Legislation tree of the Insurance Law (ISC, chapter 28).
const ISC: &str = "tests/fixtures/openleg/ISC-2021-01-01.json";

/// A local server playing e-Gov and Open Legislation. The first segment of the path says
/// what it serves as the law: `iba-order` and `iba` the law asked for, `other-law` another
/// law, `missing` the Order without arts. 1-5 and 1-6, `trickle` a few bytes and then one
/// a second, `ny-other` another of the Consolidated Laws.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    format!("http://{addr}")
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (mode, rest) = path[1..].split_once('/').unwrap_or(("", ""));
    let head = |length: usize| {
        format!("HTTP/1.1 200 OK\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n")
    };
    let body: Vec<u8> = if let Some(law_id) = rest.strip_prefix("law_revisions/") {
        format!(
            r#"{{"law_info":{{"law_id":"{law_id}"}},"revisions":[{{"law_revision_id":"{law_id}_20060401_417AC0000000038","amendment_enforcement_date":"2006-04-01","amendment_law_num":"平成十七年法律第三十八号","current_revision_status":"CurrentEnforced"}}]}}"#
        )
        .into_bytes()
    } else if rest.starts_with("law_file/xml/") {
        match mode {
            "iba-order" => std::fs::read(ORDER).unwrap(),
            "iba" => std::fs::read(ACT).unwrap(),
            "other-law" => std::fs::read(OTHER_LAW).unwrap(),
            "missing" => {
                let xml = std::fs::read_to_string(ORDER).unwrap();
                without_articles(&xml, &["1_5", "1_6"]).into_bytes()
            }
            "trickle" => {
                let _ = stream.write_all(head(1000).as_bytes());
                let _ = stream.write_all(b"<?xml vers");
                // one byte a second, for longer than any test waits
                for _ in 0..120 {
                    std::thread::sleep(Duration::from_secs(1));
                    if stream.write_all(b" ").and_then(|_| stream.flush()).is_err() {
                        return;
                    }
                }
                return;
            }
            _ => Vec::new(),
        }
    } else if rest.starts_with("api/3/laws/ISC") {
        let tree = std::fs::read_to_string(ISC).unwrap();
        match mode {
            "ny-other" => tree
                .replace("\"ISC\"", "\"BNK\"")
                .replace("\"chapter\": \"28\"", "\"chapter\": \"2\"")
                .replace("\"name\": \"Testing\"", "\"name\": \"Banking\"")
                .into_bytes(),
            _ => tree.into_bytes(),
        }
    } else {
        Vec::new()
    };
    let _ = stream.write_all(head(body.len()).as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut sink = Vec::new();
    let _ = stream.read_to_end(&mut sink);
}

/// The e-Gov XML without the articles numbered `nums`.
fn without_articles(xml: &str, nums: &[&str]) -> String {
    let mut out = xml.to_string();
    for num in nums {
        let start = out
            .find(&format!("<Article Num=\"{num}\">"))
            .expect("the article is in the fixture");
        let end = start + out[start..].find("</Article>").unwrap() + "</Article>".len();
        out.replace_range(start..end, "");
    }
    out
}

fn fetch(cache: &Path, args: &[&str]) -> std::process::Output {
    mutua(cache)
        .arg("fetch")
        .args(args)
        .args(["--timeout", "10"])
        .env_remove("MUTUA_OPENLEG_KEY")
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap()
}

/// The user's corpus folder of a test.
fn overlay(cache: &Path) -> PathBuf {
    cache.join("data").join("corpus")
}

/// Every file below `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files(&p));
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn another_law_served_is_refused_and_the_user_corpus_is_left_as_it_was() {
    let server = serve();
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path();
    let o = fetch(
        c,
        &["jp/iba-order", "--endpoint", &format!("{server}/iba-order")],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let shown = json(
        &mutua(c)
            .args(["show", "--format", "json", "jp/iba-order/art-1-5/para-2"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        shown["text_status"]["ja"], "verbatim",
        "the law asked for is in use"
    );
    let before = files(&overlay(c));
    assert_eq!(before.len(), 1, "{before:?}");
    // e-Gov answers the Order's law id with another law
    let o = fetch(
        c,
        &["jp/iba-order", "--endpoint", &format!("{server}/other-law")],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("asked for 平成七年政令第四百二十五号 保険業法施行令"),
        "{err}"
    );
    assert!(err.contains("got 令和二年試験政令第一号 試験令"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(err.contains("help:"), "{err}");
    assert_eq!(files(&overlay(c)), before, "the user corpus is unchanged");
    // so does Open Legislation, over a corpus whose rules cite nothing in it
    let o = mutua(c)
        .args([
            "fetch",
            "--corpus",
            "tests/fixtures/verify-official",
            "ny/ins",
        ])
        .args([
            "--endpoint",
            &format!("{server}/ny-other"),
            "--api-key",
            "KEY",
        ])
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("asked for ISC (chapter 28)"), "{err}");
    assert!(err.contains("got BNK (chapter 2, Banking)"), "{err}");
    assert_eq!(files(&overlay(c)), before, "the user corpus is unchanged");
}

#[test]
fn the_law_asked_for_without_provisions_the_rules_cite_is_refused() {
    let server = serve();
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path();
    let o = fetch(
        c,
        &["jp/iba-order", "--endpoint", &format!("{server}/missing")],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("serves 平成七年政令第四百二十五号 保険業法施行令 without 2 provisions the rules cite in jp/iba-order: jp/iba-order/art-1-5, jp/iba-order/art-1-6;"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(files(&c.join("data")).is_empty(), "nothing is written");
}

#[test]
fn the_timeout_bounds_the_whole_download() {
    let server = serve();
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mutua"))
        .args(["fetch", "jp/iba-order", "--timeout", "2", "--endpoint"])
        .arg(format!("{server}/trickle"))
        .env("MUTUA_CACHE_DIR", c)
        .env("MUTUA_DATA_DIR", c.join("data"))
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // the server goes on trickling for two minutes; the fetch gives up long before
    let waited = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if waited.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`fetch --timeout 2` was still downloading a trickle after 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(
        err.contains("did not finish in time (--timeout 2 s bounds the whole download)"),
        "{err}"
    );
    assert!(err.contains("--timeout SECONDS"), "{err}");
    assert!(files(&c.join("data")).is_empty(), "nothing is written");
}

/// `mutua --version`'s corpus hash.
fn version_hash(c: &Path) -> String {
    let out = stdout(&mutua(c).arg("--version").output().unwrap());
    out.lines()
        .find_map(|l| l.strip_prefix("corpus "))
        .unwrap_or_else(|| panic!("no corpus line in {out}"))
        .to_string()
}

/// One instrument of `mutua sources --format json`.
fn source_of(c: &Path, id: &str) -> serde_json::Value {
    let v = json(
        &mutua(c)
            .args(["sources", "--format", "json"])
            .output()
            .unwrap(),
    );
    v["instruments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {v}"))
        .clone()
}

/// The text status of the Japanese text of a provision, as `show --format json` gives it.
fn shown_status(c: &Path, address: &str) -> serde_json::Value {
    let v = json(
        &mutua(c)
            .args(["show", "--format", "json", address])
            .output()
            .unwrap(),
    );
    v["text_status"]["ja"].clone()
}

/// The authentic texts `classify --format json` quotes for `address`, with their status.
fn quoted_statuses(report: &serde_json::Value, address: &str) -> Vec<String> {
    fn walk(v: &serde_json::Value, address: &str, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if o.get("address").and_then(|a| a.as_str()) == Some(address) {
                    if let Some(s) = o.get("authentic").and_then(|a| a["text_status"].as_str()) {
                        out.push(s.to_string());
                    }
                    if o.get("language").and_then(|l| l.as_str()) == Some("ja") {
                        out.push(o["text_status"].as_str().unwrap_or("").to_string());
                    }
                }
                o.values().for_each(|v| walk(v, address, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, address, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(report, address, &mut out);
    out
}

const EDITED: &str = "jp/iba/art-2/para-1";
const SCHEME: &str = "corpus/schemes/jp-small-scale-1001.yaml";

fn classify(c: &Path, format: &str) -> std::process::Output {
    mutua(c)
        .args([
            "classify",
            "--jurisdiction",
            "jp",
            "--format",
            format,
            SCHEME,
        ])
        .output()
        .unwrap()
}

#[test]
fn a_fetched_text_edited_by_hand_is_modified_wherever_it_is_shown() {
    let server = serve();
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path();
    let shipped_hash = mutua::corpus::load::SHIPPED_CONTENT_HASH;
    assert_eq!(version_hash(c), shipped_hash);
    let o = fetch(c, &["jp/iba", "--endpoint", &format!("{server}/iba")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file = overlay(c).join("jp/iba.yaml");
    let written = std::fs::read_to_string(&file).unwrap();
    // as fetched: verbatim, intact, and a corpus hash of its own
    assert_eq!(shown_status(c, EDITED), "verbatim");
    let fetched_hash = version_hash(c);
    assert_ne!(
        fetched_hash, shipped_hash,
        "--version names the corpus in use"
    );
    let s = source_of(c, "jp/iba");
    assert_eq!(s["origin"], "fetched");
    assert_eq!(s["texts"]["status"], "intact");
    assert_eq!(s["counts"]["modified"], 0);
    let report = json(&classify(c, "json"));
    assert_eq!(report["provenance"]["corpus_hash"], fetched_hash.as_str());
    let quoted = quoted_statuses(&report, EDITED);
    assert!(
        !quoted.is_empty(),
        "the scheme's answer quotes {EDITED}: {report}"
    );
    assert!(quoted.iter().all(|s| s == "verbatim"), "{quoted:?}");

    // one character of art. 2(1) changed by hand
    let original = "試験のために書かれた架空の定義をいう。";
    assert!(written.contains(original), "{written}");
    std::fs::write(
        &file,
        written.replace(original, "試験のために書かれた架空の定議をいう。"),
    )
    .unwrap();

    assert_eq!(shown_status(c, EDITED), "modified");
    assert_eq!(shown_status(c, "jp/iba/art-2/para-5"), "verbatim");
    let text = stdout(&mutua(c).args(["show", EDITED]).output().unwrap());
    assert!(
        text.contains("[ja, MODIFIED since it was fetched or imported"),
        "{text}"
    );
    let md = stdout(
        &mutua(c)
            .args(["show", "--format", "markdown", EDITED])
            .output()
            .unwrap(),
    );
    assert!(md.contains("**ja** (MODIFIED since it was fetched"), "{md}");
    let cited = stdout(&mutua(c).args(["cite", EDITED]).output().unwrap());
    assert!(cited.contains("MODIFIED text held"), "{cited}");
    let csl = json(
        &mutua(c)
            .args(["cite", "--format", "csl-json", EDITED])
            .output()
            .unwrap(),
    );
    assert!(csl.to_string().contains("text held: modified"), "{csl}");

    let report = json(&classify(c, "json"));
    let quoted = quoted_statuses(&report, EDITED);
    assert!(!quoted.is_empty(), "{report}");
    assert!(quoted.iter().all(|s| s == "modified"), "{quoted:?}");
    let edited_hash = version_hash(c);
    assert_ne!(edited_hash, fetched_hash, "the hash covers the edit");
    assert_ne!(edited_hash, shipped_hash);
    assert_eq!(report["provenance"]["corpus_hash"], edited_hash.as_str());
    for format in ["text", "markdown"] {
        let out = stdout(&classify(c, format));
        assert!(
            out.contains("MODIFIED since it was fetched or imported, not the official text"),
            "{format}: {out}"
        );
        assert!(out.contains(&edited_hash[..12]), "{format}: {out}");
    }

    let hits = json(
        &mutua(c)
            .args([
                "search",
                "--format",
                "json",
                "定議",
                "--instrument",
                "jp/iba",
            ])
            .output()
            .unwrap(),
    );
    let hit = hits["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["address"] == EDITED)
        .unwrap_or_else(|| panic!("the edited text is found: {hits}"));
    assert_eq!(hit["text_status"], "modified");

    let s = source_of(c, "jp/iba");
    assert_eq!(s["texts"]["status"], "modified");
    assert_eq!(s["counts"]["modified"], 1);
    let recorded = written
        .lines()
        .find_map(|l| l.trim().strip_prefix("text_sha256: "))
        .expect("the file records the checksum of its texts");
    assert_eq!(s["texts"]["expected_sha256"], recorded);
    let actual = s["texts"]["actual_sha256"].as_str().unwrap().to_string();
    assert_ne!(actual, recorded);
    let listed = stdout(&mutua(c).arg("sources").output().unwrap());
    let line = format!("texts sha256 expected {recorded}, now {actual}");
    assert!(
        listed.contains("MODIFIED: texts changed since they were written, in 1 of its provisions"),
        "{listed}"
    );
    assert!(listed.contains(&line), "{listed}");

    // the pages say so too
    let pages = served(c, &[&format!("/p/{EDITED}"), "/sources"]);
    assert!(pages[0].contains("status-modified"), "{}", pages[0]);
    assert!(pages[1].contains(&actual), "{}", pages[1]);
}

/// The bodies of pages `mutua serve` answers, started on a free port.
fn served(c: &Path, paths: &[&str]) -> Vec<String> {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mutua"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("MUTUA_CACHE_DIR", c)
        .env("MUTUA_DATA_DIR", c.join("data"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut log = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    log.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in `{line}`"))
        .to_string();
    let pages = paths
        .iter()
        .map(|path| {
            let mut stream = TcpStream::connect(&addr).unwrap();
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut page = String::new();
            stream.read_to_string(&mut page).unwrap();
            assert!(page.starts_with("HTTP/1.1 200"), "{path}: {page}");
            page
        })
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    pages
}
