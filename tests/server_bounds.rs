//! `mutua serve` under hostile clients, through a real server on a loopback port: a
//! timed-out evaluation stops and holds its slot until it does; slow and idle connections
//! are closed and their number is capped; over-long addresses get 414 before any work;
//! control characters are refused with their line and column wherever the server takes
//! text; over-long input is quoted in short; a misspelt target or form field is an error;
//! and the binary stops within a bound on SIGINT with a request in flight.
//!
//! Every wait here is a bound on a loop that checks a condition, not a measure of speed.

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use common::{json, mutua};
use mutua::corpus::CorpusFiles;
use mutua::web::{Activity, App, Limits, Server};

/// The index cache the web tests share, so that runs do not leave indexes behind.
fn cache_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-app-cache")
}

/// The server state, loaded once for every test of this file.
fn app() -> Arc<App> {
    static APP: OnceLock<Arc<App>> = OnceLock::new();
    APP.get_or_init(|| {
        std::env::set_var("MUTUA_CACHE_DIR", cache_dir());
        Arc::new(App::load(&CorpusFiles::shipped(), true).expect("the shipped corpus loads"))
    })
    .clone()
}

/// A server running on a free loopback port, on a runtime of its own; stopped when
/// dropped.
struct Running {
    addr: SocketAddr,
    activity: Arc<Activity>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    fn start(limits: Limits) -> Running {
        let app = app();
        let (started, bound) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let loopback = "127.0.0.1:0".parse().unwrap();
                let server = Server::bind(loopback, app, limits).await.unwrap();
                started
                    .send((server.local_addr(), server.activity()))
                    .unwrap();
                server
                    .run(async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
            runtime.shutdown_timeout(Duration::from_secs(1));
        });
        let (addr, activity) = bound.recv().expect("the server starts");
        Running {
            addr,
            activity,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).unwrap();
        // a bound on every read: a test fails rather than hangs
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        stream
    }

    /// Sends one request (with `Connection: close`) and reads the whole answer.
    fn send(&self, method: &str, target: &str, content_type: &str, body: &[u8]) -> Answer {
        send_to(self.connect(), method, target, content_type, body)
    }

    fn get(&self, target: &str) -> Answer {
        self.send("GET", target, "text/plain", b"")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// An answer: its status and body.
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.head, self.body))
    }
}

fn send_to(
    mut stream: TcpStream,
    method: &str,
    target: &str,
    content_type: &str,
    body: &[u8],
) -> Answer {
    let mut request = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    stream.write_all(&request).unwrap();
    read_answer(stream)
}

fn read_answer(mut stream: TcpStream) -> Answer {
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .expect("the server answers and closes the connection");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw.as_str(), ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {head}"));
    Answer {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// A multipart form body from fields (name, bytes), and its content type.
fn multipart(fields: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "mutua-test-boundary-5e2a";
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

fn post_form(server: &Running, target: &str, fields: &[(&str, &[u8])]) -> Answer {
    let (content_type, body) = multipart(fields);
    server.send("POST", target, &content_type, &body)
}

fn scheme_text(name: &str) -> String {
    std::fs::read_to_string(format!("corpus/schemes/{name}")).unwrap()
}

/// A diff of a shipped proposal over many schemes of which nothing is known: each needs
/// the full search for the facts that would decide it, so the whole takes minutes.
fn heavy_diff() -> Vec<u8> {
    let scheme = "name: nothing known\nas_of: 2019-11-27\n";
    let proposal = app().proposals[0].name.clone();
    // many schemes: the answers for identical ones are remembered, but each is still
    // compared and reported, which takes seconds in all
    serde_json::json!({ "proposal": proposal, "schemes": vec![scheme; 3000] })
        .to_string()
        .into_bytes()
}

/// Waits, up to `bound`, for `done`; whether it came.
fn within(bound: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < bound {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    done()
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c)
        .map(|run| run.chars().count())
        .max()
        .unwrap_or(0)
}

/// The start of a long text, for a failure message.
fn opening(text: &str) -> String {
    text.chars().take(300).collect()
}

#[test]
fn a_timed_out_evaluation_stops_and_a_later_request_is_served() {
    let server = Running::start(Limits {
        timeout: Duration::from_secs(2),
        concurrency: 1,
        ..Limits::default()
    });
    let addr = server.addr;
    let heavy = std::thread::spawn(move || {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        send_to(
            stream,
            "POST",
            "/api/v1/diff",
            "application/json",
            &heavy_diff(),
        )
    });
    // the evaluation is counted while it runs
    assert!(
        within(Duration::from_secs(20), || server.activity.evaluations()
            == 1),
        "the diff never ran"
    );
    let answer = heavy.join().unwrap();
    assert_eq!(answer.status, 408, "{} {}", answer.head, answer.body);
    let v = answer.json();
    assert_eq!(v["status"], 408);
    assert!(
        v["message"].as_str().unwrap().contains("took longer than"),
        "{v}"
    );
    // the work stopped rather than running on for minutes after its request was answered
    assert!(
        within(Duration::from_secs(20), || server.activity.evaluations()
            == 0),
        "the timed-out diff is still running"
    );
    // and its slot is free again: the only one there is
    let later = server.send(
        "POST",
        "/api/v1/classify?jurisdiction=cn",
        "application/yaml",
        scheme_text("xiang-hu-bao-2019.yaml").as_bytes(),
    );
    assert_eq!(later.status, 200, "{}", later.body);
    assert_eq!(later.json()["results"][0]["outcome"], "mutual_aid_plan");
}

#[test]
fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let server = Running::start(Limits {
        header_timeout: Duration::from_millis(500),
        ..Limits::default()
    });
    let mut slow = server.connect();
    slow.write_all(b"GET /api/v1/sources HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    let mut rest = Vec::new();
    match slow.read_to_end(&mut rest) {
        Ok(_) => {}
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
            panic!("a client that never finished its headers was held for a minute")
        }
        // closed with unread data, the connection may be reset: it is closed all the same
        Err(e) => assert_eq!(e.kind(), ErrorKind::ConnectionReset, "{e}"),
    }
    assert!(
        !String::from_utf8_lossy(&rest).contains("200 OK"),
        "a request with unfinished headers was answered"
    );
    assert_eq!(server.get("/api/v1/sources").status, 200);
}

#[test]
fn connections_past_the_limit_wait_and_idle_ones_are_closed() {
    let cap = 8;
    let server = Running::start(Limits {
        connections: cap,
        header_timeout: Duration::from_millis(500),
        ..Limits::default()
    });
    // watch the connections the server holds open, all along
    let most = Arc::new(AtomicUsize::new(0));
    let watching = Arc::new(AtomicBool::new(true));
    let watcher = {
        let (activity, most, watching) = (server.activity.clone(), most.clone(), watching.clone());
        std::thread::spawn(move || {
            while watching.load(Ordering::SeqCst) {
                most.fetch_max(activity.connections(), Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let idle: Vec<TcpStream> = (0..3 * cap).map(|_| server.connect()).collect();
    assert!(
        within(Duration::from_secs(20), || server.activity.connections()
            >= cap),
        "the server did not take up to its limit of connections"
    );
    // a client behind the idle ones is served once they have been closed
    let served = server.get("/api/v1/search?q=mutual&limit=1");
    assert_eq!(served.status, 200, "{}", served.body);
    watching.store(false, Ordering::SeqCst);
    watcher.join().unwrap();
    let most = most.load(Ordering::SeqCst);
    assert!(
        most <= cap,
        "{most} connections were open at once; the limit is {cap}"
    );
    // the idle ones were closed by the server, not left open
    for mut stream in idle {
        let mut rest = Vec::new();
        let closed = match stream.read_to_end(&mut rest) {
            Ok(_) => true,
            Err(e) => e.kind() == ErrorKind::ConnectionReset,
        };
        assert!(closed, "an idle connection was held open");
    }
}

#[test]
fn an_over_long_address_gets_414_before_any_work() {
    let server = Running::start(Limits::default());
    let long = "a".repeat(Limits::default().uri_bytes + 1);
    let api = server.get(&format!("/api/v1/search?q={long}"));
    assert_eq!(api.status, 414, "{}", api.head);
    let v = api.json();
    assert_eq!(v["status"], 414);
    assert!(
        v["message"].as_str().unwrap().contains("the most is 8192"),
        "{v}"
    );
    let page = server.get(&format!("/p/{long}"));
    assert_eq!(page.status, 414, "{}", page.head);
    assert!(
        page.head.to_lowercase().contains("text/html"),
        "{}",
        page.head
    );
    assert!(page.body.contains("the most is 8192"), "{}", page.body);
    assert!(
        longest_run(&page.body, 'a') <= 80,
        "the page quotes the address"
    );
}

#[test]
fn input_under_the_limits_is_quoted_in_short() {
    let server = Running::start(Limits::default());
    let long = "a".repeat(5000);
    for target in [
        format!("/api/v1/provisions/{long}"),
        format!(
            "/api/v1/provisions/cn/insurance-law/art-{}",
            "2".repeat(5000)
        ),
        format!("/api/v1/compare/{long}"),
        format!("/api/v1/search?q=mutual&as_of={long}"),
        format!("/p/{long}"),
        format!("/i/{long}"),
        format!("/classify?scheme={long}"),
    ] {
        let a = server.get(&target);
        assert!(a.status >= 400, "{target}: {}", a.status);
        for c in ['a', '2'] {
            assert!(
                longest_run(&a.body, c) <= 80,
                "{}: the answer quotes the input whole: {}",
                opening(&target),
                opening(&a.body)
            );
        }
    }
    let to = server.send(
        "POST",
        &format!("/api/v1/whatif?to={long}"),
        "application/yaml",
        scheme_text("xiang-hu-bao-2019.yaml").as_bytes(),
    );
    assert_eq!(to.status, 400);
    assert!(longest_run(&to.body, 'a') <= 80, "{}", opening(&to.body));
    let key = format!("name: x\nas_of: 2019-11-27\n{long}: true\n");
    let scheme = server.send(
        "POST",
        "/api/v1/classify",
        "application/yaml",
        key.as_bytes(),
    );
    assert_eq!(scheme.status, 400);
    let v = scheme.json();
    assert_eq!(v["diagnostics"][0]["location"]["line"], 3, "{v}");
    assert!(
        longest_run(&scheme.body, 'a') <= 80,
        "{}",
        opening(&scheme.body)
    );
    let proposal = serde_json::json!({ "proposal": long }).to_string();
    let diff = server.send(
        "POST",
        "/api/v1/diff",
        "application/json",
        proposal.as_bytes(),
    );
    assert_eq!(diff.status, 400);
    assert!(
        longest_run(&diff.body, 'a') <= 80,
        "{}",
        opening(&diff.body)
    );
}

/// The location of an API error's first diagnostic: (file, line, column).
fn location(v: &serde_json::Value) -> (String, u64, u64) {
    let l = &v["diagnostics"][0]["location"];
    (
        l["file"]
            .as_str()
            .unwrap_or_else(|| panic!("no location: {v}"))
            .to_string(),
        l["line"].as_u64().unwrap(),
        l["column"].as_u64().unwrap(),
    )
}

#[test]
fn control_characters_are_refused_with_line_and_column_wherever_the_server_takes_text() {
    let server = Running::start(Limits::default());
    // a scheme, a search query, a what-if target, a path, a diff's proposal name
    let scheme = server.send(
        "POST",
        "/api/v1/classify",
        "application/yaml",
        b"name: a plan\nas_of: 2019-\x0011-27\n",
    );
    assert_eq!(scheme.status, 400, "{}", scheme.body);
    assert_eq!(location(&scheme.json()), ("scheme".into(), 2, 13));
    assert!(scheme.json()["message"].as_str().unwrap().contains("NUL"));
    let query = server.get("/api/v1/search?q=mu%00tual");
    assert_eq!(query.status, 400, "{}", query.body);
    assert_eq!(
        location(&query.json()),
        ("the query parameter `q`".into(), 1, 3)
    );
    let target = server.send(
        "POST",
        "/api/v1/whatif?to=insurance%07",
        "application/yaml",
        scheme_text("xiang-hu-bao-2019.yaml").as_bytes(),
    );
    assert_eq!(target.status, 400, "{}", target.body);
    assert_eq!(
        location(&target.json()),
        ("the query parameter `to`".into(), 1, 10)
    );
    let path = server.get("/api/v1/provisions/cn/insurance-law/art-2%00");
    assert_eq!(path.status, 400, "{}", path.body);
    assert_eq!(location(&path.json()).1, 1);
    let name = r#"{"proposal": "rules/proposals/a\u0000.rules"}"#;
    let diff = server.send("POST", "/api/v1/diff", "application/json", name.as_bytes());
    assert_eq!(diff.status, 400, "{}", diff.body);
    assert_eq!(
        location(&diff.json()),
        ("the field `proposal`".into(), 1, 18)
    );
    // the fields of the forms, and what is pasted or uploaded in them
    for (form, fields, place) in [
        (
            "/classify",
            vec![("name", &b"A \x01plan"[..]), ("as_of", b"2019-11-27")],
            "the form field `name`:1:3",
        ),
        (
            "/classify",
            vec![(
                "yaml",
                &b"name: a plan\nas_of: 2019-11-27\nbenefits:\n  enforceable: fa\x00lse\n"[..],
            )],
            "the form field `yaml`:4:18",
        ),
        (
            "/whatif",
            vec![
                ("f:benefits.enforceable", &b"false\x1b[2J"[..]),
                ("as_of", b"2019-11-27"),
            ],
            "the form field `f:benefits.enforceable`:1:6",
        ),
        (
            "/diff",
            vec![("proposal_text", &b"proposal \"x\" extends cn\n\x00\n"[..])],
            "the form field `proposal_text`:2:1",
        ),
    ] {
        let a = post_form(&server, form, &fields);
        assert_eq!(a.status, 400, "{form}: {}", a.body);
        assert!(a.body.contains(place), "{form}: no `{place}` in {}", a.body);
        assert!(!a.body.contains('\0') && !a.body.contains('\x1b'), "{form}");
    }
}

#[test]
fn a_misspelt_target_or_form_field_is_an_error_not_a_silent_drop() {
    let server = Running::start(Limits::default());
    let yaml = scheme_text("xiang-hu-bao-2019.yaml");
    let a = server.send(
        "POST",
        "/api/v1/whatif?to=insurence&jurisdiction=cn",
        "application/yaml",
        yaml.as_bytes(),
    );
    assert_eq!(a.status, 400, "{}", a.body);
    let v = a.json();
    assert_eq!(
        v["message"],
        "`to=insurence` is neither an outcome nor a kind"
    );
    let help = v["diagnostics"][0]["help"].as_str().unwrap();
    assert!(help.contains("did you mean `insurance`?"), "{help}");
    for name in [
        "mutual_aid_plan",
        "licensed_insurer",
        "unregulated_mutual_aid",
    ] {
        assert!(help.contains(name), "{name} is not listed: {help}");
    }
    // the command line says the same
    let cache = tempfile::tempdir().unwrap();
    let scheme = "corpus/schemes/xiang-hu-bao-2019.yaml";
    let out = mutua(cache.path())
        .args(["whatif", scheme, "-j", "cn", "--to", "insurence"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(help), "{err}");
    // and a correct target finds the same changes on both
    let found = server.send(
        "POST",
        "/api/v1/whatif?to=insurance&jurisdiction=cn",
        "application/yaml",
        yaml.as_bytes(),
    );
    assert_eq!(found.status, 200, "{}", found.body);
    let out = mutua(cache.path())
        .args([
            "whatif",
            scheme,
            "-j",
            "cn",
            "--to",
            "insurance",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let printed = json(&out);
    assert!(!printed["changes"].as_array().unwrap().is_empty());
    assert_eq!(found.json()["changes"], printed["changes"]);
    // a form field that is not a declared fact
    let misspelt = post_form(
        &server,
        "/classify",
        &[
            ("name", b"A plan"),
            ("as_of", b"2019-11-27"),
            ("f:benefits.enforcable", b"false"),
        ],
    );
    assert_eq!(misspelt.status, 400, "{}", misspelt.body);
    assert!(
        misspelt.body.contains("f:benefits.enforcable")
            && misspelt
                .body
                .contains("did you mean `benefits.enforceable`"),
        "{}",
        misspelt.body
    );
    let unprefixed = post_form(
        &server,
        "/classify",
        &[("as_of", b"2019-11-27"), ("benefit.enforceable", b"false")],
    );
    assert_eq!(unprefixed.status, 400, "{}", unprefixed.body);
    assert!(
        unprefixed.body.contains("no field `benefit.enforceable`"),
        "{}",
        unprefixed.body
    );
    // the form as the page sends it still works
    let good = post_form(
        &server,
        "/classify",
        &[
            ("lang", b"en"),
            ("name", b"A plan"),
            ("as_of", b"2019-11-27"),
            ("jurisdiction", b"cn"),
            ("f:benefits.enforceable", b"false"),
            ("f:operator.bears_risk", b""),
        ],
    );
    assert_eq!(good.status, 200, "{}", good.body);
}

#[test]
fn the_binary_stops_within_a_bound_on_sigint_with_a_request_in_flight() {
    let data = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mutua"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("MUTUA_CACHE_DIR", cache_dir())
        .env("MUTUA_DATA_DIR", data.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    let addr: SocketAddr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no address in `{line}`"));
    // a client that never finishes its headers, and a request that takes minutes
    let mut slow = TcpStream::connect(addr).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let heavy = std::thread::spawn(move || {
        let stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .unwrap();
        send_to(
            stream,
            "POST",
            "/api/v1/diff",
            "application/json",
            &heavy_diff(),
        )
    });
    // give the server the request before it is asked to stop
    std::thread::sleep(Duration::from_millis(1500));
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let mut exited = None;
    let waited = within(Duration::from_secs(20), || {
        exited = child.try_wait().unwrap();
        exited.is_some()
    });
    if !waited {
        let _ = child.kill();
        let _ = child.wait();
    }
    assert!(waited, "mutua serve was still running 20 s after SIGINT");
    assert_eq!(exited.and_then(|s| s.code()), Some(0));
    let answer = heavy.join().unwrap();
    assert_eq!(answer.status, 503, "{} {}", answer.head, answer.body);
    assert!(answer.json()["message"]
        .as_str()
        .unwrap()
        .contains("stopping"));
    let mut log = String::new();
    stderr.read_to_string(&mut log).unwrap();
    assert!(log.contains("mutua serve: stopped"), "{log}");
    drop(slow);
}
