//! `mutua serve`: the pages and the JSON API answered in process (one server state for
//! the file), hostile input, the limits, and the committed OpenAPI document; and the
//! binary started on a free port.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use mutua::corpus::CorpusFiles;
use mutua::web::{self, App, Limits};
use tower::ServiceExt;

/// The server state, loaded once for every test of this file.
fn app() -> Arc<App> {
    static APP: OnceLock<Arc<App>> = OnceLock::new();
    APP.get_or_init(|| {
        // one cache for every run, so that runs do not leave indexes behind
        let cache = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-app-cache");
        std::env::set_var("MUTUA_CACHE_DIR", &cache);
        Arc::new(App::load(&CorpusFiles::shipped(), true).expect("the shipped corpus loads"))
    })
    .clone()
}

/// A response: status, headers and body as text.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// The limits of the tests: the defaults, with time enough for what-if and diff in an
/// unoptimised build on a busy machine (the time limit has its own test).
fn limits() -> Limits {
    Limits {
        timeout: std::time::Duration::from_secs(300),
        ..Limits::default()
    }
}

fn send(request: Request<Body>) -> Answer {
    send_with(request, limits())
}

fn send_with(request: Request<Body>, limits: Limits) -> Answer {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let response = web::router(app(), limits).oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    })
}

fn get(uri: &str) -> Answer {
    send(Request::get(uri).body(Body::empty()).unwrap())
}

fn post(uri: &str, content_type: &str, body: impl Into<Body>) -> Answer {
    send(
        Request::post(uri)
            .header(header::CONTENT_TYPE, content_type)
            .body(body.into())
            .unwrap(),
    )
}

/// A multipart form body from fields (name, bytes), and its content type.
fn multipart(fields: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "mutua-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post_form(uri: &str, fields: &[(&str, &[u8])]) -> Answer {
    let (content_type, body) = multipart(fields);
    post(uri, &content_type, body)
}

fn scheme_text(name: &str) -> String {
    std::fs::read_to_string(format!("corpus/schemes/{name}")).unwrap()
}

#[test]
fn search_api_finds_provisions_with_their_text_status() {
    let a = get("/api/v1/search?q=%E7%9B%B8%E4%BA%92%E4%BF%9D%E9%99%A9&limit=5");
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v["query"], "相互保险");
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 5);
    for h in hits {
        assert!(h["address"].as_str().unwrap().contains('/'));
        assert!(["verbatim", "unverified", "translation", "summary"]
            .contains(&h["text_status"].as_str().unwrap()));
    }
    let only_jp = get("/api/v1/search?q=mutual&jurisdiction=jp").json();
    assert!(only_jp["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["jurisdiction"] == "jp"));
}

#[test]
fn search_api_says_what_is_wrong_with_a_bad_request() {
    for (uri, says) in [
        ("/api/v1/search?q=", "empty"),
        ("/api/v1/search?q=mutual&as_of=2019-13-01", "YYYY-MM-DD"),
        (
            "/api/v1/search?q=mutual&jurisdiction=fr",
            "one of cn, ny, jp",
        ),
        ("/api/v1/search?q=mutual&limit=0", "1 to 100"),
    ] {
        let a = get(uri);
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}");
        let v = a.json();
        assert_eq!(v["status"], 400);
        assert!(v["message"].as_str().unwrap().contains(says), "{uri}: {v}");
    }
}

#[test]
fn provision_api_gives_the_shape_of_show() {
    let a = get("/api/v1/provisions/cn/insurance-law/art-2");
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v["address"], "cn/insurance-law/art-2");
    assert_eq!(v["instrument"], "cn/insurance-law");
    assert!(v["text_status"].is_object());
    let missing = get("/api/v1/provisions/cn/insurance-law/art-9999");
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.json()["message"]
        .as_str()
        .unwrap()
        .contains("no provision"));
}

#[test]
fn classify_api_answers_as_the_command_line_does() {
    let text = scheme_text("xiang-hu-bao-2019.yaml");
    let a = post("/api/v1/classify", "application/yaml", text.clone());
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let cache = tempfile::tempdir().unwrap();
    let out = common::mutua(cache.path())
        .args(["classify", "--format", "json", "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    // the same answer; only the scheme's file differs (`<stdin>` on the command line)
    let (mut served, mut printed) = (a.json(), common::json(&out));
    served["scheme"]["file"] = serde_json::Value::Null;
    printed["scheme"]["file"] = serde_json::Value::Null;
    assert_eq!(served, printed);
    // and with every rule considered, as `--explain full` gives it
    let full = post(
        "/api/v1/classify?explain=full",
        "application/yaml",
        text.clone(),
    );
    let out = common::mutua(cache.path())
        .args(["classify", "--format", "json", "--explain", "full", "-"])
        .write_stdin(text)
        .output()
        .unwrap();
    let (mut served, mut printed) = (full.json(), common::json(&out));
    served["scheme"]["file"] = serde_json::Value::Null;
    printed["scheme"]["file"] = serde_json::Value::Null;
    assert_eq!(served, printed);
    assert!(
        served["results"][0]["explanation"]["rules"]
            .as_array()
            .unwrap()
            .len()
            > 1
    );
    let bad = post(
        "/api/v1/classify?explain=all",
        "application/yaml",
        "name: x\nas_of: 2019-11-27\n",
    );
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["message"]
        .as_str()
        .unwrap()
        .contains("brief or full"));
    // JSON is a scheme file too
    let json = r#"{"name": "a plan", "as_of": "2019-11-27", "benefits": {"enforceable": false}}"#;
    let a = post("/api/v1/classify?jurisdiction=cn", "application/json", json);
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["results"].as_array().unwrap().len(), 1);
}

#[test]
fn a_malformed_scheme_gets_its_diagnostics_with_line_and_column() {
    let a = post(
        "/api/v1/classify",
        "application/yaml",
        "name: x\nas_of: 2019-11-27\nbenefits:\n  enforcable: false\n",
    );
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let v = a.json();
    let d = &v["diagnostics"][0];
    assert_eq!(d["location"]["line"], 4, "{v}");
    assert_eq!(d["location"]["column"], 3, "{v}");
    assert!(d["help"].as_str().unwrap().contains("enforceable"), "{v}");
    let broken = post(
        "/api/v1/classify",
        "application/yaml",
        &b"name: \xff\xfe\n"[..],
    );
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(broken.json()["message"]
        .as_str()
        .unwrap()
        .contains("not UTF-8"));
}

#[test]
fn whatif_and_diff_apis_answer() {
    let a = post(
        "/api/v1/whatif?jurisdiction=cn",
        "application/yaml",
        scheme_text("xiang-hu-bao-2019.yaml"),
    );
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.json()["changes"].is_array(), "{}", a.body);
    let proposal = &app().proposals[0].name;
    let request = serde_json::json!({ "proposal": proposal }).to_string();
    let d = post("/api/v1/diff", "application/json", request);
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    let v = d.json();
    assert_eq!(v["schemes"], app().schemes.len(), "{v}");
    assert!(!v["changes"].as_array().unwrap().is_empty(), "{v}");
    let bad = post(
        "/api/v1/diff",
        "application/json",
        r#"{"proposal": "nope"}"#,
    );
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.json()["message"].as_str().unwrap().contains("shipped"));
}

#[test]
fn the_committed_openapi_document_is_the_one_generated() {
    let generated = web::api::openapi_json();
    let path = std::path::Path::new("src/web/openapi.json");
    if std::env::var_os("MUTUA_UPDATE_OPENAPI").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "src/web/openapi.json is stale: the API's types changed. Run scripts/regenerate (or `MUTUA_UPDATE_OPENAPI=1 cargo test --test web_app openapi`) and commit the file."
    );
    let served = get("/api/v1/openapi.json");
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.body, generated);
    let v = served.json();
    for route in [
        "/api/v1/search",
        "/api/v1/provisions/{address}",
        "/api/v1/classify",
        "/api/v1/whatif",
        "/api/v1/diff",
        "/api/v1/compare/{topic}",
        "/api/v1/sources",
    ] {
        assert!(v["paths"][route].is_object(), "{route} is not documented");
    }
}

#[test]
fn every_response_carries_the_security_headers() {
    for uri in [
        "/",
        "/classify",
        "/api/v1/search?q=mutual",
        "/nowhere",
        "/api/v1/nowhere",
    ] {
        let a = get(uri);
        assert_eq!(
            a.headers[header::CONTENT_SECURITY_POLICY],
            web::CONTENT_SECURITY_POLICY,
            "{uri}"
        );
        assert_eq!(a.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    let api_404 = get("/api/v1/nowhere");
    assert_eq!(api_404.status, StatusCode::NOT_FOUND);
    assert_eq!(api_404.json()["status"], 404);
}

#[test]
fn an_oversized_body_gets_413() {
    let big = "a".repeat(Limits::default().body_bytes + 1);
    let a = post("/api/v1/classify", "application/yaml", big.clone());
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    let b = post_form("/classify", &[("yaml", big.as_bytes())]);
    assert_eq!(b.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn a_request_that_takes_too_long_gets_408() {
    let hurried = Limits {
        timeout: std::time::Duration::from_millis(1),
        ..Limits::default()
    };
    let request = Request::post("/api/v1/whatif")
        .header(header::CONTENT_TYPE, "application/yaml")
        .body(Body::from(scheme_text("xiang-hu-bao-2019.yaml")))
        .unwrap();
    assert_eq!(
        send_with(request, hurried).status,
        StatusCode::REQUEST_TIMEOUT
    );
}

#[test]
fn hostile_queries_come_back_escaped_or_refused() {
    // refused by the query parser or run: either way the page shows it escaped
    let a = get("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert!(!a.body.contains("<script>alert"), "{}", a.body);
    assert!(a
        .body
        .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
    let quotes = get("/?q=%22%20autofocus%20onfocus%3D%22alert(1)");
    assert!(!quotes.body.contains("\" autofocus onfocus=\"alert"));
    assert!(quotes
        .body
        .contains("&quot; autofocus onfocus=&quot;alert(1)"));
    let control = get("/?q=mutual%00%07");
    assert_eq!(control.status, StatusCode::BAD_REQUEST);
    assert!(control.body.contains("control characters"));
    let long = get(&format!("/?q={}", "a".repeat(1_000)));
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
    assert!(long.body.contains("the most is 500"));
    let broken_quote = get("/api/v1/search?q=%22unclosed");
    assert!(broken_quote.status.is_success() || broken_quote.status == StatusCode::BAD_REQUEST);
}

#[test]
fn no_request_reads_a_file() {
    for uri in [
        "/p/../../Cargo.toml",
        "/p/..%2F..%2FCargo.toml",
        "/i/..%2Fsrc",
        "/static/../Cargo.toml",
        "/api/v1/provisions/%2Fetc%2Fpasswd",
    ] {
        let a = get(uri);
        assert!(a.status.is_client_error(), "{uri}: {} {}", a.status, a.body);
        assert!(!a.body.contains("[package]") && !a.body.contains("root:x:"));
    }
}

#[test]
fn broken_utf8_and_malformed_schemes_in_forms_are_clear_errors() {
    let broken = post_form("/classify", &[("yaml", b"name: \xc3\x28\n")]);
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert!(broken.body.contains("not UTF-8"), "{}", broken.body);
    let malformed = post_form(
        "/classify",
        &[(
            "scheme_file",
            b"name: x\nas_of: 2019-11-27\nbenefits: [1, 2\n",
        )],
    );
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    // the form again, the problem beside the scheme file, its place given
    assert!(
        malformed
            .body
            .contains("<code class=\"place\">uploaded scheme:4:1</code>"),
        "{}",
        malformed.body
    );
    assert!(malformed.body.contains("id=\"yaml-problem\""));
    let script = post_form(
        "/classify",
        &[(
            "yaml",
            b"name: <script>alert(1)</script>\nas_of: 2019-11-27\n",
        )],
    );
    assert_eq!(script.status, StatusCode::OK, "{}", script.body);
    assert!(!script.body.contains("<script>alert"));
    assert!(script
        .body
        .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
}

#[test]
fn provision_pages_show_text_versions_references_and_source() {
    let a = get("/p/cn/insurance-law/art-2");
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    for part in ["Permalink", "sha256", "Versions", "status-"] {
        assert!(a.body.contains(part), "{part}");
    }
    // a citation leads to the permalink
    let c = get("/p/%E4%BF%9D%E9%99%A9%E6%B3%95%E7%AC%AC%E4%BA%8C%E6%9D%A1");
    assert_eq!(c.status, StatusCode::SEE_OTHER);
    assert_eq!(c.headers[header::LOCATION], "/p/cn/insurance-law/art-2");
    let missing = get("/p/cn/insurance-law/art-9999");
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("nearest addresses"));
    let toc = get("/i/cn/insurance-law");
    assert_eq!(toc.status, StatusCode::OK);
    // (templates escape `/` in what they print, as `&#x2f;`)
    assert!(toc.body.contains("cn&#x2f;insurance-law&#x2f;art-181"));
}

#[test]
fn a_provision_with_two_versions_shows_their_word_diff() {
    let app = app();
    let entry = app
        .corpus
        .entries
        .iter()
        .find(|e| {
            let v = &app.corpus.provision(e).versions;
            v.len() > 1
                && v[0]
                    .text
                    .iter()
                    .any(|(lang, t)| v[1].text.get(lang).is_some_and(|u| u.text != t.text))
        })
        .expect("the corpus holds a provision whose text changed");
    let a = get(&format!("/p/{}?from=1&to=2", entry.address));
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("Changes from version 1 to version 2"));
    assert!(a.body.contains("<ins>") || a.body.contains("<del>"));
}

#[test]
fn the_classify_form_is_generated_from_the_fact_declarations() {
    let a = get("/classify?lang=zh");
    assert_eq!(a.status, StatusCode::OK);
    for fact in app().rules.facts.values() {
        assert!(
            a.body.contains(&format!("name=\"f:{}\"", fact.name)),
            "{} missing",
            fact.name
        );
        if let Some(q) = fact.question("zh") {
            assert!(a.body.contains(&minijinja_escape(q)), "{q}");
        }
    }
    assert!(a.body.contains("<option value=\"\">未知</option>"));
    let filled = get("/classify?scheme=schemes/xiang-hu-bao-2019.yaml");
    assert!(filled.body.contains("value=\"2019-11-27\""));
}

fn minijinja_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

#[test]
fn classify_whatif_download_and_diff_pages_work_without_javascript() {
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let result = post_form("/classify", &[("yaml", yaml.as_bytes())]);
    assert_eq!(result.status, StatusCode::OK, "{}", result.body);
    assert_eq!(result.body.matches("<tr class=\"answer\"").count(), 3);
    assert!(result.body.contains("<details class=\"rule"));
    let whatif = post_form(
        "/whatif",
        &[("yaml", yaml.as_bytes()), ("jurisdiction", b"cn")],
    );
    assert_eq!(whatif.status, StatusCode::OK, "{}", whatif.body);
    assert!(whatif.body.contains("Apply this change"));
    let memo = post_form(
        "/classify/download",
        &[("yaml", yaml.as_bytes()), ("format", b"md")],
    );
    assert_eq!(memo.status, StatusCode::OK);
    assert!(memo.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("scheme.md"));
    let proposal = app().proposals[0].name.clone();
    let diff = post_form("/diff", &[("proposal", proposal.as_bytes())]);
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.body);
    assert!(diff.body.contains("Under the proposal"));
}

#[test]
fn the_binary_serves_on_loopback_and_logs_each_request() {
    let cache = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mutua"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("MUTUA_CACHE_DIR", cache.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in `{line}`"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /api/v1/search?q=mutual HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let mut log = String::new();
    stderr.read_line(&mut log).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(log.starts_with("GET /api/v1/search 200"), "{log}");
}

/// A report without its `provenance` (which names the rules of the command that wrote it).
fn without_provenance(mut v: serde_json::Value) -> serde_json::Value {
    if let Some(o) = v.as_object_mut() {
        o.remove("provenance");
    }
    v
}

#[test]
fn compare_and_sources_answer_as_the_command_line_does() {
    let topic = app().vocabulary.topics[0].id.clone();
    let cache = tempfile::tempdir().unwrap();
    let a = get(&format!("/api/v1/compare/{topic}"));
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let out = common::mutua(cache.path())
        .args(["compare", "--format", "json", &topic])
        .output()
        .unwrap();
    assert_eq!(
        without_provenance(a.json()),
        without_provenance(common::json(&out))
    );
    let missing = get("/api/v1/compare/no-such-topic");
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let s = get("/api/v1/sources");
    assert_eq!(s.status, StatusCode::OK);
    let out = common::mutua(cache.path())
        .args(["sources", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        without_provenance(s.json()),
        without_provenance(common::json(&out))
    );
    for page in [
        "/compare".to_string(),
        format!("/compare/{topic}"),
        "/sources".to_string(),
    ] {
        let p = get(&page);
        assert_eq!(p.status, StatusCode::OK, "{page}: {}", p.body);
    }
    assert!(get("/sources").body.contains("sha256") || get("/sources").body.contains("Verbatim"));
}

#[test]
fn a_provision_page_gives_its_citation_for_a_reference_manager() {
    let page = get("/p/cn/insurance-law/art-2");
    assert!(page.body.contains("?cite=bibtex"), "{}", page.body);
    assert!(
        page.body
            .contains("《中华人民共和国保险法》（2015年修正）第二条"),
        "{}",
        page.body
    );
    let bib = get("/p/cn/insurance-law/art-2?cite=bibtex");
    assert_eq!(bib.status, StatusCode::OK, "{}", bib.body);
    assert!(bib.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/x-bibtex"));
    assert!(
        bib.body.starts_with("@legislation{cn_insurance_law_art_2,"),
        "{}",
        bib.body
    );
    assert!(bib.body.contains("text held: verbatim"), "{}", bib.body);
    let csl = get("/p/cn/insurance-law/art-2?cite=csl-json");
    assert_eq!(csl.status, StatusCode::OK, "{}", csl.body);
    assert_eq!(csl.json()[0]["section"], "第二条");
    assert_eq!(csl.json()[0]["container-title"], "中华人民共和国保险法");
    let bad = get("/p/cn/insurance-law/art-2?cite=%3Cscript%3E");
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(!bad.body.contains("<script>"), "{}", bad.body);
}

#[test]
fn search_api_reads_any_query_and_puts_a_cited_provision_first() {
    // an apostrophe, a colon, an unclosed quote: words, never a syntax error
    for q in ["insurer%27s%20liability", "a%3Ab", "%22unclosed"] {
        let a = get(&format!("/api/v1/search?q={q}"));
        assert_eq!(a.status, StatusCode::OK, "{q}: {}", a.body);
    }
    let v = get("/api/v1/search?q=%C2%A7%204522").json();
    assert_eq!(v["hits"][0]["address"], "ny/ins/s-4522", "{v}");
    assert_eq!(v["hits"][0]["matched"], "citation");
    let v = get("/api/v1/search?q=%E5%85%B1%E6%B8%88").json(); // 共済
    assert!(!v["hits"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn the_search_page_puts_a_cited_section_first_and_reads_an_apostrophe() {
    let a = get("/?q=%C2%A7%204522");
    assert_eq!(a.status, StatusCode::OK);
    let first = a.body.find("<li class=\"hit\">").unwrap();
    assert!(a.body[first..].contains("s-4522"), "{}", a.body);
    assert!(a.body[first..].contains("cited by the query"));
    let b = get("/?q=insurer%27s%20liability");
    assert_eq!(b.status, StatusCode::OK);
    assert!(!b.body.contains("Syntax Error"), "{}", b.body);
    assert!(b.body.contains("<li class=\"hit\">"), "{}", b.body);
}

/// A path with its non-ASCII characters percent-encoded, as a browser sends it.
fn encoded(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn a_permalink_takes_sub_items_in_kana_and_cites_the_wording_shown() {
    for wanted in [
        "/p/保険業法第2条第1項第2号ロ",
        "/p/保険業法第2条第1項第2号ro",
        "/p/jp/iba/art-2/para-1/item-2/sub-ロ",
    ] {
        let a = get(&encoded(wanted));
        assert!(a.status.is_redirection(), "{wanted}: {}", a.status);
        assert_eq!(
            a.headers[header::LOCATION],
            "/p/jp/iba/art-2/para-1/item-2/sub-ro",
            "{wanted}"
        );
    }
    let page = get("/p/jp/iba/art-2/para-1/item-2/sub-ro");
    assert!(
        page.body
            .contains("保険業法（平成7年法律第105号）第2条第1項第2号ロ"),
        "{}",
        page.body
    );
    // the wording in force on a date is cited as that wording
    let old = get("/p/jp/iba/art-2/para-1?as_of=2005-06-30");
    assert!(
        old.body
            .contains("平成17年法律第38号による改正前の保険業法"),
        "{}",
        old.body
    );
    let csl = get("/p/jp/iba/art-2/para-1?as_of=2005-06-30&cite=csl-json");
    assert_eq!(csl.json()[0]["issued"]["date-parts"][0][0], 1996);
}

#[test]
fn the_search_page_counts_every_match_and_links_to_the_next_page() {
    let api = get("/api/v1/search?q=%E4%BF%9D%E9%99%A9&limit=3").json();
    let total = api["total"].as_u64().unwrap();
    assert!(total > 3, "{api}");
    let a = get("/?q=%E4%BF%9D%E9%99%A9&limit=3");
    assert!(
        a.body.contains(&format!("{total} provisions match")),
        "{}",
        a.body
    );
    assert!(a.body.contains("rel=\"next\""), "{}", a.body);
    assert!(a.body.contains("offset=3"), "{}", a.body);
    let b = get("/?q=%E4%BF%9D%E9%99%A9&limit=3&offset=3");
    assert!(b.body.contains("rel=\"prev\""), "{}", b.body);
    assert!(b.body.contains("hits 4 to 6"), "{}", b.body);
}

/// An error of the API as a client reads it: JSON with `error.code`, `error.message` and
/// `error.hint`, and the status.
fn api_error(a: &Answer, status: StatusCode, code: &str) -> serde_json::Value {
    assert_eq!(a.status, status, "{}", a.body);
    assert!(
        a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{:?}",
        a.headers
    );
    let v = a.json();
    assert_eq!(v["error"]["code"], code, "{v}");
    assert_eq!(v["status"], status.as_u16(), "{v}");
    for field in ["message", "hint"] {
        assert!(
            v["error"][field].as_str().is_some_and(|t| !t.is_empty()),
            "{field}: {v}"
        );
    }
    v
}

#[test]
fn every_api_error_is_json_with_a_code_a_message_and_a_hint() {
    let missing = get("/api/v1/nowhere");
    api_error(&missing, StatusCode::NOT_FOUND, "not_found");
    let wrong_method = get("/api/v1/classify");
    let v = api_error(
        &wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    assert!(v["error"]["hint"].as_str().unwrap().contains("POST"), "{v}");
    assert!(wrong_method.headers[header::ALLOW]
        .to_str()
        .unwrap()
        .contains("POST"));
    let big = "a".repeat(Limits::default().body_bytes + 1);
    let too_large = post("/api/v1/classify", "application/yaml", big);
    api_error(&too_large, StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    for uri in [
        "/api/v1/search?q=mutual&limit=abc",
        "/api/v1/search?q=mutual&limit=-1",
        "/api/v1/search?q=mutual&limit=1000",
        "/api/v1/search?q=mutual&as_of=yesterday",
    ] {
        api_error(&get(uri), StatusCode::BAD_REQUEST, "bad_request");
    }
    let bad_scheme = post("/api/v1/classify", "application/yaml", "name: [unclosed\n");
    let v = api_error(&bad_scheme, StatusCode::BAD_REQUEST, "bad_request");
    assert!(v["diagnostics"][0]["location"].is_object(), "{v}");
    let no_provision = get("/api/v1/provisions/cn/no-such-law/art-1");
    api_error(&no_provision, StatusCode::NOT_FOUND, "not_found");
    // the pages still answer with pages
    let page = get("/nowhere");
    assert!(page.body.contains("<html"), "{}", page.body);
}

#[test]
fn answers_holding_a_clients_facts_are_not_stored() {
    let scheme = scheme_text("xiang-hu-bao-2019.yaml");
    let api = post("/api/v1/classify", "application/yaml", scheme.clone());
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    assert_eq!(api.headers[header::CACHE_CONTROL], "no-store");
    let page = post_form("/classify", &[("yaml", scheme.as_bytes())]);
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    let search = get("/api/v1/search?q=mutual");
    assert!(search.headers.get(header::CACHE_CONTROL).is_none());
}

/// The address of the result a page shows (`#result-link`), as a client sends it.
fn result_link(body: &str) -> String {
    let at = body
        .find("id=\"result-link\" href=\"")
        .unwrap_or_else(|| panic!("no result link: {body}"));
    let rest = &body[at + "id=\"result-link\" href=\"".len()..];
    let link = &rest[..rest.find('"').unwrap()];
    link.replace("&amp;", "&").replace("&#x2f;", "/")
}

/// The rows of a result's summary table.
fn answer_rows(body: &str) -> Vec<&str> {
    body.lines()
        .filter(|l| l.starts_with("<tr class=\"answer\""))
        .collect()
}

#[test]
fn a_classification_has_an_address_that_gives_the_same_result() {
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let posted = post_form("/classify", &[("yaml", yaml.as_bytes()), ("lang", b"zh")]);
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
    let link = result_link(&posted.body);
    assert!(link.starts_with("/classify/result?s="), "{link}");
    assert!(link.ends_with("&lang=zh"), "{link}");
    assert!(
        link.contains("&v="),
        "what the result was made with: {link}"
    );
    assert!(link.len() < Limits::default().uri_bytes, "{}", link.len());
    let opened = get(&link);
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    assert_eq!(opened.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(answer_rows(&opened.body), answer_rows(&posted.body));
    assert_eq!(answer_rows(&opened.body).len(), 3);
    assert_eq!(result_link(&opened.body), link, "the address is stable");
    assert!(!opened.body.contains("class=\"warning elsewhere\""));
    // opened on a server of other law, the page says the answer may differ
    let made_with = link.split("&v=").nth(1).unwrap().split('&').next().unwrap();
    let other = get(&link.replace(made_with, "000000000000-000000000000"));
    assert_eq!(other.status, StatusCode::OK);
    assert!(
        other.body.contains("下方结论可能与发送时的结论不同"),
        "{}",
        other.body
    );
    // the what-if of the same scheme has its own address, reached by GET
    let whatif_at = opened.body.find("class=\"button whatif\" href=\"").unwrap();
    let rest = &opened.body[whatif_at + "class=\"button whatif\" href=\"".len()..];
    let whatif_link = rest[..rest.find('"').unwrap()]
        .replace("&amp;", "&")
        .replace("&#x2f;", "/");
    assert!(whatif_link.starts_with("/whatif?s="), "{whatif_link}");
    let whatif = get(&format!("{whatif_link}&jurisdiction=cn"));
    assert_eq!(whatif.status, StatusCode::OK, "{}", whatif.body);
    assert!(
        whatif.body.contains("应用此变化"),
        "in the language of its address"
    );
    assert!(result_link(&whatif.body).starts_with("/whatif?s="));
}

#[test]
fn result_pages_answer_get_without_405() {
    for uri in ["/whatif", "/classify/result"] {
        let a = get(uri);
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{uri}: {}", a.body);
        assert_eq!(a.headers[header::LOCATION], "/classify");
    }
    let damaged = get("/classify/result?s=not-a-scheme");
    assert_eq!(damaged.status, StatusCode::BAD_REQUEST);
    assert!(damaged.body.contains("damaged"), "{}", damaged.body);
    assert!(damaged.body.contains("<html"));
}

#[test]
fn a_diff_has_an_address_that_gives_the_same_result() {
    let proposal = app().proposals[0].name.clone();
    let scheme = app().schemes[0].name.clone();
    let posted = post_form(
        "/diff",
        &[
            ("proposal", proposal.as_bytes()),
            ("scheme", scheme.as_bytes()),
        ],
    );
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
    let link = result_link(&posted.body);
    assert!(link.starts_with("/diff?proposal="), "{link}");
    let opened = get(&link);
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    let heading = |b: &str| {
        b.lines()
            .find(|l| l.contains("answer") && l.starts_with("<h2>"))
            .map(str::to_string)
    };
    assert!(heading(&posted.body).is_some(), "{}", posted.body);
    assert_eq!(heading(&opened.body), heading(&posted.body));
    assert!(opened.body.contains(": 1 schemes run"), "{}", opened.body);
    // a pasted proposal travels in the address too
    let text = std::fs::read_to_string(format!("corpus/{proposal}")).unwrap();
    let pasted = post_form("/diff", &[("proposal_text", text.as_bytes())]);
    let link = result_link(&pasted.body);
    assert!(link.starts_with("/diff?pt="), "{link}");
    assert_eq!(heading(&get(&link).body), heading(&pasted.body));
}

#[test]
fn the_result_page_downloads_the_memo_as_a_word_document() {
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let page = post_form("/classify", &[("yaml", yaml.as_bytes())]);
    assert!(
        page.body.contains("Download the memo (Word)"),
        "{}",
        page.body
    );
    let memo = post_form(
        "/classify/download",
        &[("yaml", yaml.as_bytes()), ("format", b"docx")],
    );
    assert_eq!(memo.status, StatusCode::OK, "{}", memo.body);
    assert_eq!(
        memo.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(memo.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("scheme.docx"));
    assert_eq!(memo.headers[header::CACHE_CONTROL], "no-store");
    assert!(memo.body.starts_with("PK"), "a zip package");
    assert!(memo.body.contains("word/document.xml"));
}

#[test]
fn a_form_error_is_shown_beside_its_field_with_the_answers_kept() {
    let a = post_form(
        "/classify",
        &[
            ("name", b"Our plan"),
            ("as_of", b"2019-11-27"),
            ("jurisdiction", b"cn"),
            ("f:operator.bears_risk", b"false"),
            ("f:participants.count", b"many"),
        ],
    );
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("Some answers need another look"));
    // beside the field: its problem, in words, and the field marked
    let field = &a.body[a.body.find("id=\"f-participants.count\"").unwrap()..];
    let problem = &field[..field.find("</div>").unwrap()];
    assert!(problem.contains("aria-invalid=\"true\""), "{problem}");
    assert!(
        problem.contains("id=\"f-participants.count-problem\""),
        "{problem}"
    );
    assert!(
        problem.contains("is not an answer this question takes"),
        "{problem}"
    );
    assert!(
        problem.contains("To correct it: give a number"),
        "{problem}"
    );
    assert!(!a.body.contains("give the as_of parameter"));
    // every answer kept
    assert!(a.body.contains("value=\"Our plan\""));
    assert!(a.body.contains("value=\"2019-11-27\""));
    assert!(a.body.contains("value=\"many\""));
    assert!(a.body.contains("<option value=\"cn\" selected>"));
    let bears = &a.body[a.body.find("id=\"f-operator.bears_risk\"").unwrap()..];
    let bears = &bears[..bears.find("</select>").unwrap()];
    assert!(
        bears.contains("<option value=\"false\" selected>"),
        "{bears}"
    );

    let no_date = post_form("/classify", &[("as_of", b"")]);
    assert_eq!(no_date.status, StatusCode::BAD_REQUEST, "{}", no_date.body);
    assert!(no_date.body.contains("id=\"as_of-problem\""));
    assert!(no_date
        .body
        .contains("Give the date whose law is to be applied"));
}

#[test]
fn the_form_fills_in_todays_date_and_says_so() {
    let a = get("/classify");
    let today = chrono::Local::now().date_naive().to_string();
    assert!(
        a.body
            .contains(&format!("name=\"as_of\" value=\"{today}\"")),
        "{}",
        a.body
    );
    assert!(decode_entities(&a.body).contains(&format!("Today's date ({today}), filled in")));
    let shipped = get("/classify?scheme=schemes/xiang-hu-bao-2019.yaml");
    assert!(shipped.body.contains("name=\"as_of\" value=\"2019-11-27\""));
    assert!(!shipped.body.contains("Today's date"));
}

#[test]
fn applying_a_what_if_change_says_what_it_changed() {
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let a = post_form(
        "/classify",
        &[
            ("yaml", yaml.as_bytes()),
            ("set", b"benefits.enforceable=true"),
        ],
    );
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("What the change did"), "{}", a.body);
    assert!(
        a.body
            .contains("<code>benefits.enforceable</code>: <span lang=\"en\">no</span> → <strong><span lang=\"en\">yes</span></strong>"),
        "{}",
        a.body
    );
    assert!(
        a.body.contains(" → <strong>"),
        "an answer changed: {}",
        a.body
    );
}

#[test]
fn a_what_if_is_grouped_by_fact_with_each_reason_once() {
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let a = post_form("/whatif", &[("yaml", yaml.as_bytes())]);
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let groups: Vec<&str> = a
        .body
        .lines()
        .filter(|l| l.starts_with("<h2>If "))
        .collect();
    assert!(!groups.is_empty(), "{}", a.body);
    let unique: std::collections::HashSet<&&str> = groups.iter().collect();
    assert_eq!(unique.len(), groups.len(), "each group once: {groups:?}");
    let mut reasons = 0;
    for section in a.body.split("<section class=\"whatif-group\">").skip(1) {
        let why = section.split("<h3>Why</h3>").nth(1).unwrap_or_default();
        let items: Vec<&str> = why
            .split("<li>")
            .skip(1)
            .map(|r| r.split("</li>").next().unwrap())
            .collect();
        let distinct: std::collections::HashSet<&&str> = items.iter().collect();
        assert_eq!(distinct.len(), items.len(), "each reason once: {items:?}");
        reasons += items.len();
    }
    assert!(reasons > 0, "the reasons are given: {}", a.body);
}

#[test]
fn an_unknown_what_if_target_is_a_400_listing_the_outcomes() {
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let a = post("/api/v1/whatif?to=insurence", "application/yaml", yaml);
    let v = api_error(&a, StatusCode::BAD_REQUEST, "bad_request");
    let hint = v["error"]["hint"].as_str().unwrap();
    assert!(hint.contains("mutual_aid_plan"), "{hint}");
    assert!(hint.contains("insurance"), "{hint}");
}

#[test]
fn a_table_of_contents_is_a_tree_with_each_division_once() {
    for instrument in app().corpus.instruments.iter() {
        let a = get(&format!("/i/{}", instrument.id));
        assert_eq!(a.status, StatusCode::OK, "{}", instrument.id);
        assert!(
            a.body.contains("<p class=\"holdings\">The corpus holds "),
            "{}",
            instrument.id
        );
        // each division once among its siblings: a division title never follows itself
        let divisions: Vec<&str> = a
            .body
            .split("<span class=\"division\">")
            .skip(1)
            .map(|d| d.split("</span>").next().unwrap())
            .collect();
        for pair in divisions.windows(2) {
            assert_ne!(pair[0], pair[1], "{}: repeated division", instrument.id);
        }
    }
    let cn = get("/i/cn/insurance-law");
    let chapters = cn.body.matches("class=\"toc-division\"").count();
    assert!(
        chapters >= 2,
        "the chapters of the Insurance Law: {}",
        cn.body
    );
    // a provision sits inside its chapter's list
    let first_chapter = cn.body.find("class=\"toc-division\"").unwrap();
    let nested = &cn.body[first_chapter..];
    assert!(
        nested.find("<ul>").unwrap() < nested.find("toc-provision").unwrap(),
        "articles are nested under their chapter"
    );
}

#[test]
fn the_api_page_describes_every_route_from_the_openapi_document() {
    let a = get("/api");
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let doc: serde_json::Value = serde_json::from_str(&web::api::openapi_json()).unwrap();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for method in methods.as_object().unwrap().keys() {
            let route = format!("{} {}", method.to_uppercase(), path).replace('/', "&#x2f;");
            assert!(a.body.contains(&route), "{route}");
        }
    }
    assert!(
        !a.body.contains("http://") && !a.body.contains("https://"),
        "no outside assets"
    );
    assert!(get("/").body.contains("href=\"/api\""));
}

/// Elements whose text is not the page's prose: code, the scheme file, scripts.
const NOT_PROSE: [&str; 6] = ["code", "pre", "script", "style", "textarea", "kbd"];

/// Elements that hold no content and have no closing tag.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// An attribute of a tag's text (`<a lang="zh" href=…>`), decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let value = &tag[at..at + tag[at..].find('"')?];
    Some(decode_entities(value))
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The text of a page a reader takes to be in `lang`: the text of every element whose
/// nearest `lang` is `lang`, and its `aria-label`, `placeholder`, `title` and `alt`, leaving
/// out code, the scheme file and anything marked `translate="no"` (a scheme's own name).
fn text_in(html: &str, lang: &str) -> Vec<String> {
    // (tag name, its lang, whether its text is left out)
    let mut open: Vec<(String, Option<String>, bool)> = Vec::new();
    let mut found = Vec::new();
    let mut rest = html;
    let current = |open: &[(String, Option<String>, bool)]| {
        let l = open.iter().rev().find_map(|(_, l, _)| l.clone());
        let out = open.iter().any(|(_, _, out)| *out);
        (l.unwrap_or_default(), out)
    };
    while let Some(lt) = rest.find('<') {
        let text = decode_entities(&rest[..lt]);
        let (l, out) = current(&open);
        if !out && l == lang && !text.trim().is_empty() {
            found.push(text.trim().to_string());
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = &rest[rest.find("-->").map_or(rest.len(), |e| e + 3)..];
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len() - 1);
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(i) = open.iter().rposition(|(n, _, _)| *n == name) {
                open.truncate(i);
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        // a page's title holds the names of what it shows (a statute, a scheme), and can
        // mark no language within it
        let element = (
            name.clone(),
            attribute(tag, "lang"),
            NOT_PROSE.contains(&name.as_str())
                || name == "title"
                || tag.contains(" translate=\"no\""),
        );
        open.push(element);
        let (l, out) = current(&open);
        if !out && l == lang {
            for a in ["aria-label", "placeholder", "title", "alt"] {
                if let Some(v) = attribute(tag, a) {
                    found.push(v);
                }
            }
        }
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            open.pop();
        }
    }
    found
}

/// The words in Latin letters a Chinese or Japanese page may show in its own language:
/// names of formats and of the tool, currency codes.
const LATIN_ALLOWED: [&str; 14] = [
    "mutua", "HTTP", "API", "JSON", "OpenAPI", "BibTeX", "CSL", "YAML", "Markdown", "Word", "sha",
    "CNY", "JPY", "USD",
];

/// `text` without what it glosses in full-width parentheses: a Chinese or Japanese text of
/// the rules may give the original term of a foreign law beside its translation
/// (分会（lodge）), as legal writing in those languages does.
fn without_glosses(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '（' => depth += 1,
            '）' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The words in Latin letters of `texts` that are not [`LATIN_ALLOWED`] nor glosses, each
/// with its text.
fn english_words(texts: &[String]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for text in texts {
        for word in without_glosses(text).split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() >= 2 && !LATIN_ALLOWED.contains(&word) {
                found.push((word.to_string(), text.clone()));
            }
        }
    }
    found
}

/// The pages of the interface in `lang`, by name: every page of the site, a result, a
/// what-if, a diff, a form with a problem and an error.
fn pages_in(lang: &str) -> Vec<(String, Answer)> {
    let q = format!("lang={lang}");
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let lang_field = lang.as_bytes();
    let result = post_form(
        "/classify",
        &[("yaml", yaml.as_bytes()), ("lang", lang_field)],
    );
    let whatif = get(&result_link(&result.body).replace("/classify/result", "/whatif"));
    let mut pages: Vec<(String, Answer)> = [
        ("search", format!("/?{q}")),
        ("search results", format!("/?q=%E7%9B%B8%E4%BA%92%E4%BF%9D%E9%99%A9&limit=3&{q}")),
        ("provision cn", format!("/p/cn/insurance-law/art-2?{q}")),
        ("provision ny", format!("/p/ny/ins/s-1101?{q}")),
        ("provision jp", format!("/p/jp/iba/art-2?{q}")),
        ("contents cn", format!("/i/cn/insurance-law?{q}")),
        ("contents ny", format!("/i/ny/ins?{q}")),
        ("contents jp", format!("/i/jp/iba?{q}")),
        ("classify form", format!("/classify?scheme=schemes/xiang-hu-bao-2019.yaml&{q}")),
        ("diff form", format!("/diff?{q}")),
        (
            "diff",
            format!("/diff?proposal=rules/proposals/mutual-aid-as-mutual-society.rules&scheme=schemes/xiang-hu-bao-2019.yaml&{q}"),
        ),
        ("topics", format!("/compare?{q}")),
        ("compare", format!("/compare/licensing?{q}")),
        ("sources", format!("/sources?{q}")),
        ("api", format!("/api?{q}")),
        ("not found", format!("/nowhere?{q}")),
    ]
    .into_iter()
    .map(|(name, path)| (name.to_string(), get(&path)))
    .collect();
    let problem = post_form(
        "/classify",
        &[
            ("lang", lang_field),
            ("as_of", b"2019-11-27"),
            ("f:participants.count", "很多".as_bytes()),
        ],
    );
    pages.push(("classify result".into(), result));
    pages.push(("what-if".into(), whatif));
    pages.push(("form problem".into(), problem));
    pages
}

#[test]
fn every_page_in_chinese_and_japanese_speaks_it_and_marks_what_is_not() {
    for lang in ["zh", "ja"] {
        let mut english = Vec::new();
        for (name, page) in pages_in(lang) {
            assert!(
                page.status.is_success() || name == "not found" || name == "form problem",
                "{name} in {lang}: {} {}",
                page.status,
                page.body
            );
            assert!(
                page.body.contains(&format!("<html lang=\"{lang}\">")),
                "{name} in {lang} is not marked so"
            );
            let texts = text_in(&page.body, lang);
            assert!(
                texts.len() > 10,
                "{name} in {lang} has little text: {texts:?}"
            );
            let mut seen = std::collections::HashSet::new();
            for (word, text) in english_words(&texts) {
                if seen.insert(text.clone()) {
                    let short: String = text.chars().take(100).collect();
                    english.push(format!("{name}: `{word}` in “{short}”"));
                }
            }
        }
        assert!(
            english.is_empty(),
            "English words in {lang} pages, not marked lang=\"en\":\n{}",
            english.join("\n")
        );
    }
}

#[test]
fn no_english_word_of_the_interface_is_left_on_a_chinese_page() {
    // every word of the interface whose English differs from its Chinese, absent from the
    // Chinese text of every page (but where the corpus or the rules quote English)
    let words: Vec<&str> = web::i18n::WORDS
        .iter()
        .filter(|(_, t)| t[0] != t[1] && t[0].chars().filter(char::is_ascii_alphabetic).count() > 3)
        .map(|(_, t)| t[0].split('{').next().unwrap_or_default().trim())
        .filter(|w| w.len() > 3)
        .collect();
    for (name, page) in pages_in("zh") {
        let text = text_in(&page.body, "zh").join("\n");
        for w in &words {
            assert!(!text.contains(w), "{name}: “{w}” in its Chinese text");
        }
    }
}

#[test]
fn the_language_comes_from_the_address_then_the_cookie_then_the_browser() {
    let with = |uri: &str, headers: &[(header::HeaderName, &str)]| {
        let mut request = Request::get(uri);
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        send(request.body(Body::empty()).unwrap())
    };
    let html_lang = |a: &Answer| {
        let at = a.body.find("<html lang=\"").unwrap() + 12;
        a.body[at..at + 2].to_string()
    };
    assert_eq!(html_lang(&get("/")), "en");
    let accept = (header::ACCEPT_LANGUAGE, "ja-JP,ja;q=0.9,en;q=0.5");
    assert_eq!(html_lang(&with("/", std::slice::from_ref(&accept))), "ja");
    let cookie = (header::COOKIE, "lang=zh");
    assert_eq!(
        html_lang(&with("/sources", &[accept.clone(), cookie.clone()])),
        "zh"
    );
    // the address wins, and is remembered
    let chosen = with("/sources?lang=en", &[accept, cookie]);
    assert_eq!(html_lang(&chosen), "en");
    let set = chosen.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        set.starts_with("lang=en;") && set.contains("Path=/"),
        "{set}"
    );
    // a page that does not ask sets nothing
    assert!(get("/sources").headers.get(header::SET_COOKIE).is_none());
    // the API keeps English and sets nothing
    let api = get("/api/v1/sources?lang=zh");
    assert!(api.headers.get(header::SET_COOKIE).is_none());
}

#[test]
fn every_link_and_form_of_a_page_keeps_its_language() {
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let result = post_form("/classify", &[("yaml", yaml.as_bytes()), ("lang", b"ja")]);
    let link = result_link(&result.body);
    assert!(link.contains("lang=ja"), "{link}");
    for (name, page) in [
        ("search", get("/?q=%E5%85%B1%E6%B8%88&lang=ja")),
        ("provision", get("/p/jp/iba/art-2?lang=ja")),
        ("contents", get("/i/jp/iba?lang=ja")),
        ("result", result),
        ("what-if", get(&link.replace("/classify/result", "/whatif"))),
    ] {
        let body = page.body.as_str();
        let mut checked = 0;
        for (at, _) in body.match_indices(" href=\"/") {
            let href = &body[at + 7..];
            let href = decode_entities(&href[..href.find('"').unwrap()]);
            let tag = &body[body[..at].rfind('<').unwrap()..at];
            // the stylesheet, the API, a provision's canonical address and the citation
            // files are the same in every language; the switch links to the others
            let same_everywhere = href.starts_with("/static/")
                || href.starts_with("/api/v1/")
                || href.contains("cite=")
                || tag.contains("class=\"permalink\"");
            if same_everywhere || tag.contains("lang-switch") {
                continue;
            }
            assert!(
                href.contains("lang=ja"),
                "{name}: a link without lang=ja: {href}"
            );
            checked += 1;
        }
        assert!(checked > 5, "{name}: {checked} links checked");
        for form in page.body.split("<form").skip(1) {
            let form = &form[..form.find("</form>").unwrap()];
            assert!(
                form.contains("name=\"lang\" value=\"ja\"") || form.contains("lang=ja"),
                "{name}: a form without its language: {form}"
            );
        }
    }
}

#[test]
fn switching_language_shows_the_form_again_with_every_answer_kept() {
    let switched = post_form(
        "/classify?lang=zh",
        &[
            ("lang", b"en"),
            ("relang", b"zh"),
            ("name", b"My plan"),
            ("as_of", b"2019-11-27"),
            ("f:benefits.enforceable", b"false"),
            ("f:participants.count", b"5000"),
        ],
    );
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.body);
    assert!(switched.body.contains("<html lang=\"zh\">"));
    assert!(switched.body.contains("id=\"classify\""), "the form again");
    assert!(
        !switched.body.contains("<tr class=\"answer\""),
        "nothing classified"
    );
    assert!(switched.body.contains("value=\"My plan\""));
    assert!(switched.body.contains("value=\"2019-11-27\""));
    assert!(switched.body.contains("value=\"5000\""));
    let select = &switched.body[switched
        .body
        .find("name=\"f:benefits.enforceable\"")
        .unwrap()..];
    let select = &select[..select.find("</select>").unwrap()];
    assert!(
        select.contains("<option value=\"false\" selected>否</option>"),
        "{select}"
    );
    assert!(switched.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .starts_with("lang=zh"));
    // its buttons switch on, to the other languages
    for l in ["en", "ja"] {
        assert!(switched
            .body
            .contains(&format!("name=\"relang\" value=\"{l}\"")));
    }
}

#[test]
fn tables_of_contents_number_articles_as_each_system_does() {
    for (path, number) in [
        ("/i/cn/insurance-law?lang=zh", "第二条"),
        ("/i/jp/iba?lang=ja", "第2条"),
        ("/i/ny/ins", "§ 1101"),
        ("/i/cn/insurance-law", "第二条"),
    ] {
        let page = get(path);
        assert!(page.body.contains("class=\"toc-number\""), "{path}");
        assert!(page.body.contains(number), "{path} has no {number}");
    }
    // a heading that opens with the article's number does not say it twice
    let jp = get("/i/jp/iba?lang=ja");
    assert!(
        !jp.body.contains("</span> <span lang=\"ja\">第"),
        "a number twice"
    );
    let ny = get("/i/ny/ins");
    assert!(
        !ny.body.contains("<span lang=\"en\">. "),
        "a heading's number left in part"
    );
}

#[test]
fn a_result_in_japanese_names_each_answer_in_japanese() {
    use mutua::report::words::Words;
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let result = post_form("/classify", &[("yaml", yaml.as_bytes()), ("lang", b"ja")]);
    assert_eq!(result.status, StatusCode::OK, "{}", result.body);
    assert!(result.body.contains("<html lang=\"ja\">"));
    let scheme = mutua::scheme::load_scheme(
        &mutua::diagnostic::SourceFile::new("x.yaml", yaml.clone()),
        &app().rules.facts,
    )
    .unwrap();
    for j in mutua::corpus::Jurisdiction::all() {
        let e = mutua::rules::evaluate(
            &app().rules,
            j,
            &scheme,
            scheme.as_of.unwrap(),
            &app().corpus,
            "ja",
        );
        let kind = Words::Ja.kind_in(e.kind, j.code());
        assert!(
            result
                .body
                .contains(&format!("<td class=\"kind\">{kind}</td>")),
            "{kind} for {}",
            j.code()
        );
        assert!(result.body.contains(j.info().name_in("ja")));
    }
}
