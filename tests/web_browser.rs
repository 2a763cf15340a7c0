//! `mutua serve` in a real browser: headless Chromium driven through chromedriver.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`apt-get install chromium
//! chromium-driver`); `.ci/run` installs them and sets `MUTUA_REQUIRE_BROWSER=1`, which
//! turns their absence into a failure. Without them, and without that variable, the test
//! says loudly that it did not run and how to run it.
//!
//! One browser session walks every page in turn, each step bounded in time: search and
//! open a hit, follow a cross-reference, switch a provision's version, fill the classify
//! form for Xiang Hu Bao and read its three answers, upload a malformed scheme, run a
//! what-if, open a result's address in a fresh session (the same answers), give a wrong
//! answer in the form (the problem beside its field, every answer kept), and fit every
//! page at 390 and 1280 px (no page wider than the window); last, fill part of the form,
//! switch it to 中文 and then 日本語 (every answer kept, the page in that language, no
//! English left unmarked) and read Xiang Hu Bao's answers in Japanese. Every page is screenshotted
//! (at both widths, `NAME-390.png` and `NAME-1280.png`) into the test's output folder
//! (`web-screenshots` under Cargo's target tmp folder, or `MUTUA_SCREENSHOTS=DIR`) and
//! fails the test if it renders blank or logs a console error (a
//! Content-Security-Policy violation is one). With `MUTUA_AXE_JS` naming axe-core's
//! `axe.min.js`, axe-core runs over every page at desktop width (the classification with
//! every reasoning tree open) and any violation fails the test; `.ci/run` installs it and
//! sets `MUTUA_REQUIRE_AXE`, which makes its absence a failure.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use mutua::corpus::{load_embedded, CorpusFiles, Jurisdiction};
use mutua::diagnostic::SourceFile;

/// The longest one step may take (the widest loads some twenty pages, each checked by
/// axe-core when it is given).
const STEP: Duration = Duration::from_secs(240);

/// A program on PATH, or at one of `also`.
fn find_program(names: &[&str], also: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in names {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    also.iter().map(PathBuf::from).find(|p| p.is_file())
}

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts `mutua serve` on a free loopback port; its address.
fn start_server(cache: &Path) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mutua"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("MUTUA_CACHE_DIR", cache)
        .stderr(Stdio::piped())
        .spawn()
        .expect("mutua serve starts");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    stderr
        .read_line(&mut line)
        .expect("a line from mutua serve");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("mutua serve printed no address: `{line}`"))
        .to_string();
    // keep reading the request log so that the server never blocks on a full pipe
    std::thread::spawn(move || for _ in stderr.lines() {});
    (Killed(child), format!("http://{addr}"))
}

/// Starts chromedriver on a free port; its address once it answers.
fn start_chromedriver(driver: &Path) -> (Killed, String) {
    let port = free_port();
    let child = Killed(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return (child, format!("http://127.0.0.1:{port}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("chromedriver did not listen on port {port} within 10 s");
}

/// The browser's console log since the last call (chromedriver's `se/log`).
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (
            axum::http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// One step of the walk through the pages.
type Step =
    for<'a> fn(&'a Session) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>;

/// The browser session and where the pages are; what a fresh session needs.
struct Session {
    client: Client,
    base: String,
    shots: PathBuf,
    caps: serde_json::Map<String, serde_json::Value>,
    driver_url: String,
    /// axe-core's script (`MUTUA_AXE_JS`), run over every page at desktop width.
    axe: Option<String>,
}

impl Session {
    async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    }

    async fn css(&self, selector: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(selector))
            .await
        {
            Ok(e) => e,
            Err(e) => panic!("no `{selector}` on {}: {e}", self.url().await),
        }
    }

    async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    async fn text(&self) -> String {
        self.css("body").await.text().await.unwrap_or_default()
    }

    /// Screenshots the page as `name.png`; fails when it is blank or the console holds
    /// an error.
    async fn check_page(&self, name: &str) {
        self.check(name, false).await
    }

    /// Like [`Session::check_page`] for a page that answers an HTTP error on purpose (the
    /// browser logs its status; nothing else may be logged).
    async fn check_error_page(&self, name: &str) {
        self.check(name, true).await
    }

    /// Runs axe-core over the page (when it was given): no violation of any rule.
    async fn accessible(&self, name: &str) {
        let Some(axe) = &self.axe else {
            return;
        };
        self.client
            .execute(axe, vec![])
            .await
            .expect("axe-core loads");
        let run = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document)\
                   .then(r => done({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id,\
                     impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))}))\
                   .catch(e => done({passes: 0, violations: [{id: 'axe-failed', help: String(e)}]}));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        let violations = &run["violations"];
        let found = violations.as_array().map_or(0, Vec::len);
        assert!(
            found == 0,
            "axe-core finds {found} violations on the {name} page: {violations:#}"
        );
        // the rules that pass: proof that axe-core looked at the page
        assert!(
            run["passes"].as_u64().unwrap_or(0) > 10,
            "axe-core checked too little of the {name} page: {run}"
        );
        eprintln!(
            "axe-core: {name}: no violation, {} rules pass",
            run["passes"]
        );
    }

    async fn check(&self, name: &str, error_status: bool) {
        let png = self.client.screenshot().await.expect("a screenshot");
        std::fs::write(self.shots.join(format!("{name}.png")), &png).expect("screenshot saved");
        if !name.ends_with("-390") {
            self.accessible(name).await;
        }
        let text = self.text().await;
        assert!(
            text.trim().chars().count() > 40 && png.len() > 8_000,
            "the {name} page renders blank ({} bytes of PNG): {text}",
            png.len()
        );
        let log = self.client.issue_cmd(BrowserLog).await.unwrap_or_default();
        let errors: Vec<&serde_json::Value> = log
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|e| e["level"] == "SEVERE")
                    // a download or a favicon the page never asked for is not the page's
                    .filter(|e| !e["message"].as_str().unwrap_or("").contains("favicon.ico"))
                    .filter(|e| !(error_status && e["source"] == "network"))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            errors.is_empty(),
            "console errors on the {name} page: {errors:?}"
        );
    }
}

#[test]
fn the_pages_work_in_headless_chromium() {
    let chromium = find_program(&["chromium", "chromium-browser"], &["/usr/bin/chromium"]);
    let driver = find_program(&["chromedriver"], &["/usr/bin/chromedriver"]);
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        let message = "\n\
            ==============================================================\n\
            BROWSER TESTS NOT RUN: chromium and chromedriver were not found.\n\
            To run them: apt-get install -y chromium chromium-driver\n\
            then: cargo test --test web_browser\n\
            (.ci/run installs both and requires these tests to run.)\n\
            ==============================================================\n";
        if std::env::var_os("MUTUA_REQUIRE_BROWSER").is_some() {
            panic!("{message}");
        }
        eprintln!("{message}");
        return;
    };
    let axe =
        match std::env::var_os("MUTUA_AXE_JS") {
            Some(path) => Some(std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!("MUTUA_AXE_JS names {}: {e}", Path::new(&path).display())
            })),
            None if std::env::var_os("MUTUA_REQUIRE_AXE").is_some() => {
                panic!("MUTUA_REQUIRE_AXE is set but MUTUA_AXE_JS names no axe.min.js")
            }
            None => {
                eprintln!(
                    "\nACCESSIBILITY NOT CHECKED: set MUTUA_AXE_JS to axe-core's axe.min.js \
                 (npm install axe-core) to run it over every page.\n"
                );
                None
            }
        };
    let cache = tempfile::tempdir().unwrap();
    let (_server, base) = start_server(cache.path());
    let (_driver, driver_url) = start_chromedriver(&driver);
    let shots = std::env::var_os("MUTUA_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("web-screenshots"));
    std::fs::create_dir_all(&shots).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium,
                // no connection anywhere but the server under test: the machines running
                // the tests reach no other host, and refused connections slow Chromium down
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1200,1500", "--lang=en", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--disable-quic"],
            }),
        );
        caps.insert("goog:loggingPrefs".into(), serde_json::json!({"browser": "ALL"}));
        let caps_again = caps.clone();
        let client = tokio::time::timeout(
            STEP,
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps)
                .connect(&driver_url),
        )
        .await
        .expect("chromium starts within a minute")
        .expect("a browser session");
        let s = Session {
            client,
            base,
            shots,
            caps: caps_again,
            driver_url: driver_url.clone(),
            axe,
        };
        let steps: [(&str, Step); 10] = [
            ("search and open a hit", |s| Box::pin(search_and_open(s))),
            ("follow a cross-reference", |s| Box::pin(follow_reference(s))),
            ("switch a version", |s| Box::pin(switch_version(s))),
            ("classify Xiang Hu Bao", |s| Box::pin(classify_xiang_hu_bao(s))),
            ("upload a malformed scheme", |s| Box::pin(upload_malformed(s))),
            ("run a what-if", |s| Box::pin(run_whatif(s))),
            ("open a result's address in a fresh session", |s| {
                Box::pin(open_result_elsewhere(s))
            }),
            ("show a form error beside its field", |s| {
                Box::pin(form_error_beside_field(s))
            }),
            ("fit every page at 390 and 1280 px", |s| Box::pin(no_sideways_scrolling(s))),
            // last: the language chosen is remembered for the pages after it
            ("switch language in the middle of the form", |s| {
                Box::pin(switch_language_mid_form(s))
            }),
        ];
        for (name, step) in steps {
            eprintln!("browser: {name}");
            if tokio::time::timeout(STEP, step(&s)).await.is_err() {
                panic!("`{name}` took more than {} s", STEP.as_secs());
            }
        }
        let _ = s.client.close().await;
    });
}

async fn search_and_open(s: &Session) {
    s.goto("/").await;
    s.check_page("search").await;
    let q = s.css("input[name=q]").await;
    q.send_keys("相互保险").await.unwrap();
    s.css("form.search button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let first = s.css("li.hit a.hit-link").await;
    // the definition of a mutual insurance organisation first, its words marked
    assert!(first.text().await.unwrap().contains("Article 2"));
    let snippet = s.css("li.hit p.snippet").await;
    let marked = snippet
        .find_all(fantoccini::Locator::Css("mark"))
        .await
        .unwrap();
    let mut words = String::new();
    for m in marked {
        words.push_str(&m.text().await.unwrap());
    }
    assert!(words.contains("相互保险"), "{words}");
    s.check_page("search-results").await;
    let href = first.attr("href").await.unwrap().unwrap();
    first.click().await.unwrap();
    s.css("h1 .native").await;
    assert!(
        s.url().await.ends_with(&href),
        "{} is not {href}",
        s.url().await
    );
    s.check_page("provision").await;
}

async fn follow_reference(s: &Session) {
    let corpus = load_embedded().unwrap();
    let (from, to) = corpus
        .entries
        .iter()
        .find_map(|e| {
            let p = corpus.provision(e);
            p.refs
                .iter()
                .find(|r| corpus.entry(r).is_some())
                .map(|r| (e.address.clone(), r.clone()))
        })
        .expect("a provision that refers to another");
    s.goto(&format!("/p/{from}")).await;
    s.css("a.xref").await.click().await.unwrap();
    s.css("h1 .native").await;
    assert!(
        s.url().await.ends_with(&format!("/p/{to}")),
        "{}",
        s.url().await
    );
    s.check_page("cross-reference").await;
}

async fn switch_version(s: &Session) {
    let corpus = load_embedded().unwrap();
    let entry = corpus
        .entries
        .iter()
        .find(|e| corpus.provision(e).versions.len() > 1)
        .expect("a provision with two versions");
    s.goto(&format!("/p/{}", entry.address)).await;
    let shown = s.css("a.version.shown").await.text().await.unwrap();
    let other = s.css("a.version:not(.shown)").await;
    let label = other.text().await.unwrap();
    other.click().await.unwrap();
    let now = s.css("a.version.shown").await.text().await.unwrap();
    assert_eq!(now, label, "the version chosen is shown");
    assert_ne!(now, shown);
    assert!(s.url().await.contains("as_of="));
    s.css("form.compare button").await.click().await.unwrap();
    s.css("section.comparison").await;
    s.check_page("version-diff").await;
}

/// The kinds the result page shows, in order.
async fn kinds_shown(client: &Client) -> Vec<String> {
    let rows = client
        .find_all(Locator::Css("tr.answer td.kind"))
        .await
        .unwrap();
    let mut kinds = Vec::new();
    for r in rows {
        kinds.push(r.text().await.unwrap());
    }
    kinds
}

/// The answers the library gives Xiang Hu Bao, as the result page words them in English.
fn expected_answers() -> Vec<String> {
    expected_answers_in("en")
}

/// The answers the library gives Xiang Hu Bao, as the result page words them in `lang`.
fn expected_answers_in(lang: &str) -> Vec<String> {
    let files = CorpusFiles::shipped();
    let corpus = load_embedded().unwrap();
    let rules =
        mutua::rules::load_rules(&mutua::rules::shipped_rule_files(&files), &corpus).unwrap();
    let text = std::fs::read_to_string("corpus/schemes/xiang-hu-bao-2019.yaml").unwrap();
    let scheme =
        mutua::scheme::load_scheme(&SourceFile::new("x.yaml", text), &rules.facts).unwrap();
    Jurisdiction::all()
        .into_iter()
        .map(|j| {
            let e =
                mutua::rules::evaluate(&rules, j, &scheme, scheme.as_of.unwrap(), &corpus, lang);
            match lang {
                "en" => mutua::report::classify::kind_name(e.kind).to_string(),
                _ => mutua::report::words::Words::of(lang)
                    .kind_in(e.kind, j.code())
                    .to_string(),
            }
        })
        .collect()
}

async fn classify_xiang_hu_bao(s: &Session) {
    s.goto("/classify").await;
    s.check_page("classify-form").await;
    s.css("form.start select[name=scheme]")
        .await
        .select_by_value("schemes/xiang-hu-bao-2019.yaml")
        .await
        .unwrap();
    // the script submits on change; without it, the button does
    if !s.url().await.contains("scheme=") {
        s.css("form.start button").await.click().await.unwrap();
    }
    s.css("input[name=as_of][value='2019-11-27']").await;
    s.css("#classify button.primary")
        .await
        .click()
        .await
        .unwrap();
    s.css("tr.answer td.kind").await;
    let rows = s
        .client
        .find_all(Locator::Css("tr.answer td.kind"))
        .await
        .unwrap();
    let mut kinds = Vec::new();
    for r in rows {
        kinds.push(r.text().await.unwrap());
    }
    assert_eq!(kinds, expected_answers());
    let tree = s.css("section.jurisdiction details.rule").await;
    assert_eq!(tree.attr("open").await.unwrap(), None);
    s.css("section.jurisdiction details.rule > summary")
        .await
        .click()
        .await
        .unwrap();
    assert!(tree.attr("open").await.unwrap().is_some(), "the tree opens");
    assert!(
        tree.find(Locator::Css("li.cond")).await.is_ok(),
        "its conditions show"
    );
    // every reasoning tree open, as a reader would see them all
    s.css("#expand-all").await.click().await.unwrap();
    s.check_page("classify-result").await;
}

async fn upload_malformed(s: &Session) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.yaml");
    std::fs::write(
        &file,
        "name: broken\nas_of: 2019-11-27\nbenefits:\n  enforcable: false\n",
    )
    .unwrap();
    s.goto("/classify").await;
    s.css("input[name=scheme_file]")
        .await
        .send_keys(&file.display().to_string())
        .await
        .unwrap();
    s.css("#classify button.primary")
        .await
        .click()
        .await
        .unwrap();
    let place = s.css("code.place").await.text().await.unwrap();
    assert_eq!(place, "uploaded scheme:4:3");
    assert!(
        s.text().await.contains("enforceable"),
        "the error suggests the right name"
    );
    s.check_error_page("malformed-upload").await;
}

async fn run_whatif(s: &Session) {
    s.goto("/classify?scheme=schemes/xiang-hu-bao-2019.yaml")
        .await;
    s.css("#classify button.primary")
        .await
        .click()
        .await
        .unwrap();
    s.css("a.whatif").await.click().await.unwrap();
    let apply = s.css("button.apply-change").await;
    s.check_page("whatif").await;
    apply.click().await.unwrap();
    s.css("table.summary").await;
    s.check_page("whatif-applied").await;
}

/// A classification's address, taken from the page (which has put it in the address bar)
/// and opened in a fresh browser session, gives the same answers.
async fn open_result_elsewhere(s: &Session) {
    s.goto("/classify?scheme=schemes/xiang-hu-bao-2019.yaml")
        .await;
    s.css("#classify button.primary")
        .await
        .click()
        .await
        .unwrap();
    s.css("tr.answer td.kind").await;
    let link = s
        .css("#result-link")
        .await
        .attr("href")
        .await
        .unwrap()
        .expect("the result has an address");
    assert!(link.starts_with("/classify/result?s="), "{link}");
    assert!(
        s.url().await.ends_with(&link),
        "the address bar holds the result's address: {}",
        s.url().await
    );
    let copy = s.css("button.copy-link").await;
    assert!(
        copy.is_displayed().await.unwrap(),
        "the copy-link button shows"
    );
    let here = kinds_shown(&s.client).await;
    assert_eq!(here, expected_answers());
    let fresh = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(s.caps.clone())
        .connect(&s.driver_url)
        .await
        .expect("a second browser session");
    fresh
        .goto(&format!("{}{link}", s.base))
        .await
        .expect("the address opens");
    fresh
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("tr.answer td.kind"))
        .await
        .expect("the result shows in the fresh session");
    let there = kinds_shown(&fresh).await;
    let png = fresh.screenshot().await.expect("a screenshot");
    std::fs::write(s.shots.join("result-opened-elsewhere.png"), png).unwrap();
    let _ = fresh.close().await;
    assert_eq!(there, here, "the same answers from the address");
}

/// A wrong answer in the form: the form comes back with the problem beside its field and
/// every answer kept.
async fn form_error_beside_field(s: &Session) {
    s.goto("/classify?scheme=schemes/xiang-hu-bao-2019.yaml")
        .await;
    let count = s.css("input[name='f:participants.count']").await;
    count.clear().await.unwrap();
    count.send_keys("a great many").await.unwrap();
    s.css("#classify button.primary")
        .await
        .click()
        .await
        .unwrap();
    let problem = s.css("[id='f-participants.count-problem']").await;
    assert!(problem.is_displayed().await.unwrap());
    assert!(
        problem
            .text()
            .await
            .unwrap()
            .contains("is not an answer this question takes"),
        "{}",
        problem.text().await.unwrap()
    );
    // the problem sits beside its field: inside the same question's box
    let beside: bool = s
        .client
        .execute(
            "const p = document.getElementById('f-participants.count-problem'); \
             const f = document.getElementById('f-participants.count'); \
             return p.closest('.fact') === f.closest('.fact');",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap_or(false);
    assert!(beside, "the problem is beside its field");
    let kept = s
        .css("input[name='f:participants.count']")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("a great many"));
    s.css("input[name=as_of][value='2019-11-27']").await;
    s.check_error_page("form-error").await;
}

/// The pages to fit at each width: their name and address.
fn pages_to_fit() -> Vec<(String, String)> {
    let corpus = load_embedded().unwrap();
    let mut pages: Vec<(String, String)> = [
        ("search", "/"),
        ("search-results", "/?q=%E7%9B%B8%E4%BA%92%E4%BF%9D%E9%99%A9"),
        ("provision", "/p/cn/insurance-law/art-2"),
        (
            "classify-form",
            "/classify?scheme=schemes/xiang-hu-bao-2019.yaml",
        ),
        ("compare", "/compare"),
        ("diff", "/diff"),
        ("sources", "/sources"),
        ("api", "/api"),
    ]
    .iter()
    .map(|(n, p)| (n.to_string(), p.to_string()))
    .collect();
    for i in &corpus.instruments {
        pages.push((
            format!("instrument-{}", i.id.replace('/', "-")),
            format!("/i/{}", i.id),
        ));
    }
    pages
}

/// At 390 and 1280 px, no page is wider than the window: wide tables scroll in their own
/// box. Each page is screenshotted at each width.
async fn no_sideways_scrolling(s: &Session) {
    s.goto("/classify?scheme=schemes/xiang-hu-bao-2019.yaml")
        .await;
    s.css("#classify button.primary")
        .await
        .click()
        .await
        .unwrap();
    let result = s
        .css("#result-link")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let whatif = s.css("a.whatif").await.attr("href").await.unwrap().unwrap();
    let mut pages = pages_to_fit();
    pages.push(("classify-result".into(), result));
    pages.push(("whatif".into(), whatif));
    for width in [390, 1280] {
        s.client.set_window_size(width, 1000).await.unwrap();
        for (name, path) in &pages {
            s.goto(path).await;
            s.css("main").await;
            let sizes = s
                .client
                .execute(
                    "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
                    vec![],
                )
                .await
                .unwrap();
            let (scroll, client) = (sizes[0].as_u64().unwrap(), sizes[1].as_u64().unwrap());
            s.check_page(&format!("{name}-{width}")).await;
            assert!(
                scroll <= client,
                "{path} at {width} px is {scroll} px wide, wider than its {client} px"
            );
        }
    }
    s.client.set_window_size(1200, 1500).await.unwrap();
}

/// The words in Latin letters the page shows as text in `lang` (its own language): the
/// text of every element whose nearest `lang` is `lang`, leaving out code, the scheme file
/// and what is marked `translate="no"`; names of formats and of the tool are allowed, and
/// so is the original term of a foreign law glossed in full-width parentheses (分会（lodge）).
async fn latin_words_in(s: &Session, lang: &str) -> Vec<String> {
    let found = s
        .client
        .execute(
            "const lang = arguments[0];\
             const allowed = new Set(['mutua', 'HTTP', 'API', 'JSON', 'OpenAPI', 'BibTeX', 'CSL',\
               'YAML', 'Markdown', 'Word', 'sha', 'CNY', 'JPY', 'USD']);\
             const words = [];\
             const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);\
             const glosses = /（[^（）]*）/g;\
             while (walk.nextNode()) {\
               const node = walk.currentNode, el = node.parentElement;\
               if (!el || el.closest('code, pre, script, style, textarea, [translate=no]')) continue;\
               const marked = el.closest('[lang]');\
               if (!marked || marked.getAttribute('lang') !== lang) continue;\
               let text = node.textContent, before;\
               do { before = text; text = text.replace(glosses, ''); } while (text !== before);\
               for (const w of text.match(/[A-Za-z]{2,}/g) || []) {\
                 if (!allowed.has(w)) words.push(w + ' in: ' + node.textContent.trim().slice(0, 80));\
               }\
             }\
             return words;",
            vec![serde_json::json!(lang)],
        )
        .await
        .expect("the page's text is read");
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|w| w.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The page's language (`<html lang>`), once it is `lang`.
async fn wait_for_lang(s: &Session, lang: &str) {
    s.css(&format!("html[lang={lang}] main")).await;
}

/// The values of the answers given in the classify form's fields.
async fn answers_given(s: &Session) -> Vec<Option<String>> {
    let mut values = Vec::new();
    for field in [
        "input[name=name]",
        "select[name='f:benefits.enforceable']",
        "input[name='f:participants.count']",
    ] {
        values.push(s.css(field).await.prop("value").await.unwrap());
    }
    values
}

/// Part of the classify form filled in English, then the page switched to 中文: every
/// answer is still there and the page speaks Chinese; then to 日本語 and sent: the result
/// is Japanese. Each page in Chinese and Japanese passes axe-core.
async fn switch_language_mid_form(s: &Session) {
    s.goto("/classify?lang=en").await;
    wait_for_lang(s, "en").await;
    s.css("input[name=name]")
        .await
        .send_keys("Half-filled plan")
        .await
        .unwrap();
    s.css("select[name='f:benefits.enforceable']")
        .await
        .select_by_value("false")
        .await
        .unwrap();
    s.css("input[name='f:participants.count']")
        .await
        .send_keys("5000")
        .await
        .unwrap();
    let given = answers_given(s).await;
    assert_eq!(
        given,
        [
            Some("Half-filled plan".into()),
            Some("false".into()),
            Some("5000".into())
        ]
    );
    s.css("a.lang-switch[data-lang=zh]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_lang(s, "zh").await;
    assert_eq!(
        answers_given(s).await,
        given,
        "the answers survive the switch"
    );
    let legend = s.css("#group-benefits legend").await.text().await.unwrap();
    assert_eq!(legend, "给付");
    let english = latin_words_in(s, "zh").await;
    assert!(
        english.is_empty(),
        "English on the Chinese form: {english:#?}"
    );
    s.check_page("classify-form-zh").await;
    s.css("a.lang-switch[data-lang=ja]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_lang(s, "ja").await;
    assert_eq!(
        answers_given(s).await,
        given,
        "the answers survive a second switch"
    );
    let english = latin_words_in(s, "ja").await;
    assert!(
        english.is_empty(),
        "English on the Japanese form: {english:#?}"
    );
    s.check_page("classify-form-ja").await;
    // Xiang Hu Bao's own answers, sent in Japanese
    s.goto("/classify?scheme=schemes/xiang-hu-bao-2019.yaml")
        .await;
    wait_for_lang(s, "ja").await;
    s.css("#classify button.primary")
        .await
        .click()
        .await
        .unwrap();
    s.css("tr.answer td.kind").await;
    wait_for_lang(s, "ja").await;
    assert_eq!(kinds_shown(&s.client).await, expected_answers_in("ja"));
    let head = s.css("table.summary th").await.text().await.unwrap();
    assert_eq!(head, "法域");
    s.css("#expand-all").await.click().await.unwrap();
    let english = latin_words_in(s, "ja").await;
    assert!(
        english.is_empty(),
        "English in the Japanese result: {english:#?}"
    );
    s.check_page("classify-result-ja").await;
    // a provision and a table of contents in Chinese
    for (name, path) in [
        ("provision-zh", "/p/cn/insurance-law/art-2?lang=zh"),
        ("contents-zh", "/i/cn/insurance-law?lang=zh"),
        (
            "search-zh",
            "/?q=%E7%9B%B8%E4%BA%92%E4%BF%9D%E9%99%A9&lang=zh",
        ),
    ] {
        s.goto(path).await;
        wait_for_lang(s, "zh").await;
        let english = latin_words_in(s, "zh").await;
        assert!(
            english.is_empty(),
            "English on the {name} page: {english:#?}"
        );
        s.check_page(name).await;
    }
    // back to English, for whoever uses the session next
    s.goto("/?lang=en").await;
    wait_for_lang(s, "en").await;
}
