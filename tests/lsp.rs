//! `mutua lsp` through the protocol: a client starts the server, opens the shipped
//! `corpus/rules/cn.rules` with a misspelt fact in it, and checks the diagnostics, a hover
//! over a cited provision, go to definition, a quick fix and completion, as an editor would.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// How long the client waits for any one message before it gives up.
const PATIENCE: Duration = Duration::from_secs(120);

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    pending: Vec<Value>,
}

/// Reads one message framed with `Content-Length`.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mutua"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("mutua lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(m) = read_message(&mut reader) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
            pending: Vec::new(),
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(PATIENCE)
            .expect("the server answers in time")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.receive();
            if m.get("id") == Some(&json!(id)) {
                assert!(m.get("error").is_none(), "{method} failed: {m}");
                return m["result"].clone();
            }
            self.pending.push(m);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let m = match self
                .pending
                .iter()
                .position(|m| m["method"] == "textDocument/publishDiagnostics")
            {
                Some(i) => self.pending.remove(i),
                None => self.receive(),
            };
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"]
                    .as_array()
                    .expect("a list")
                    .clone();
            }
        }
    }
}

/// The protocol position (line, UTF-16 column) of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": before[start..].encode_utf16().count()})
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn uri(path: &Path) -> String {
    url::Url::from_file_path(path)
        .expect("an absolute path")
        .to_string()
}

#[test]
fn an_editor_sees_diagnostics_hovers_definitions_fixes_and_completions() {
    let root = root();
    let path = root.join("corpus/rules/cn.rules");
    let uri = uri(&path);
    let shipped = std::fs::read_to_string(&path).expect("cn.rules");
    let correct = "when not benefits.enforceable and not promise_in_substance";
    assert!(shipped.contains(correct));
    let text = shipped.replacen(
        correct,
        "when not benefits.enforcable and not promise_in_substance",
        1,
    );
    let misspelt_at = text.find("benefits.enforcable").expect("inserted");

    let mut client = Client::start(&root);
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": self::uri(&root), "capabilities": {}}),
    );
    assert_eq!(init["serverInfo"]["name"], "mutua");
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "mutua-rules", "version": 1, "text": text}}),
    );

    // the misspelt fact, and nothing else, at its place, with the fix in its hint
    let diags = client.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "mutua");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown fact or definition `benefits.enforcable`"),
        "{d}"
    );
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `benefits.enforceable`"));
    assert_eq!(d["range"]["start"], position(&text, misspelt_at));
    assert_eq!(
        d["range"]["end"],
        position(&text, misspelt_at + "benefits.enforcable".len())
    );

    // hover over a cited provision: its verbatim Chinese text and the text's status
    let corpus = mutua::corpus::load_embedded().expect("corpus");
    let entry = corpus.entry("cn/insurance-law/art-2").expect("art-2");
    let article = &corpus
        .provision(entry)
        .versions
        .last()
        .expect("a version")
        .text["zh"];
    assert_eq!(article.status, mutua::corpus::TextStatus::Verbatim);
    let cited = text.find("cites cn/insurance-law/art-2").unwrap() + "cites cn/insur".len();
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position(&text, cited)}),
    );
    let shown = hover["contents"]["value"].as_str().expect("markdown");
    let first_line = article.text.lines().next().unwrap();
    assert!(shown.contains(first_line), "{shown}");
    assert!(shown.contains("Text (zh): verbatim"), "{shown}");
    assert!(shown.contains("In force: "), "{shown}");
    assert!(shown.contains("第二条"), "{shown}");

    // go to definition of a defined name used in a rule
    let used = text.find("and not promise_in_substance").unwrap() + "and not ".len();
    let defined = text.find("define promise_in_substance =").unwrap() + "define ".len();
    let found = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": position(&text, used + 3)}),
    );
    assert_eq!(found["uri"], uri);
    assert_eq!(found["range"]["start"], position(&text, defined));

    // go to definition of a fact opens facts.rules at its declaration
    let fact = text.find("operator.bears_risk").unwrap();
    let found = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": position(&text, fact + 2)}),
    );
    let facts = std::fs::read_to_string(root.join("corpus/rules/facts.rules")).unwrap();
    assert_eq!(
        found["uri"],
        self::uri(&root.join("corpus/rules/facts.rules"))
    );
    assert_eq!(
        found["range"]["start"],
        position(
            &facts,
            facts.find("fact operator.bears_risk").unwrap() + "fact ".len()
        )
    );

    // the quick fix puts the suggested name in place of the misspelt one
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let action = &actions[0];
    assert_eq!(action["title"], "Replace with `benefits.enforceable`");
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "benefits.enforceable");
    assert_eq!(edit["range"], d["range"]);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": shipped}]}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());

    // completion after `when benefits.`: the facts of that group
    let typing = format!("{shipped}\nrule probe -> mutual_aid_plan\n  when benefits.");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": typing}]}),
    );
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": position(&typing, typing.len())}),
    );
    let labels: Vec<&str> = completion["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"benefits.enforceable"), "{labels:?}");
    assert!(labels.contains(&"benefits.trigger"), "{labels:?}");
    assert!(
        labels.iter().all(|l| l.starts_with("benefits.")),
        "{labels:?}"
    );

    // completion of a citation lists addresses with their captions
    let citing =
        format!("{shipped}\nrule probe -> mutual_aid_plan\n  cites cn/insurance-law/art-1");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": citing}]}),
    );
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": position(&citing, citing.len())}),
    );
    let items = completion["items"].as_array().expect("items");
    let art_181 = items
        .iter()
        .find(|i| i["label"] == "cn/insurance-law/art-181")
        .expect("art. 181 offered");
    assert!(
        art_181["detail"]
            .as_str()
            .unwrap()
            .contains("第一百八十一条"),
        "{art_181}"
    );

    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("the server exits");
    assert!(status.success(), "{status}");
}

#[test]
fn a_scheme_file_is_checked_against_the_facts() {
    let root = root();
    let path = root.join("corpus/schemes/probe-scheme.yaml");
    let uri = uri(&path);
    let text = "name: a plan\nas_of: 2019-11-27\nbenefits:\n  enforcable: false\n";
    let mut client = Client::start(&root);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": self::uri(&root), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let diags = client.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `enforceable`"),
        "{diags:#?}"
    );
    assert_eq!(diags[0]["range"]["start"]["line"], 3);
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().expect("exits").success());
}

/// `text` with the protocol's edits made.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let units = p["character"].as_u64().unwrap() as usize;
        let mut i = start;
        let mut counted = 0;
        for c in text[start..].chars() {
            if counted >= units {
                break;
            }
            counted += c.len_utf16();
            i += c.len_utf8();
        }
        i
    };
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (start, end, new) in spans {
        out.replace_range(start..end, new);
    }
    out
}

#[test]
fn a_citation_not_in_force_is_fixed_by_moving_the_rules_period() {
    let corpus = mutua::corpus::load_embedded().expect("corpus");
    let entry = corpus.entry("cn/insurance-law/art-2").expect("art-2");
    let inst = corpus.instrument_of(entry);
    let versions = &corpus.provision(entry).versions;
    let first = versions
        .iter()
        .filter_map(|v| v.from.or(inst.effective))
        .min()
        .expect("a dated version");
    assert!(versions.last().unwrap().to.is_none(), "art. 2 is in force");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("early.rules");
    let text = "jurisdiction cn\noutcome o kind insurance compliance licensed\nrule r -> o\n  when benefits.enforceable\n  from 1900-01-01\n  until 1900-12-31\n  cites cn/insurance-law/art-2\n  because \"x\"\n";
    std::fs::write(&path, text).unwrap();
    let uri = uri(&path);
    let mut client = Client::start(&root());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": self::uri(&root()), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "mutua-rules", "version": 1, "text": text}}),
    );
    let not_in_force = |d: &&Value| {
        d["message"]
            .as_str()
            .unwrap()
            .starts_with("`cn/insurance-law/art-2` is not in force during the rule's period")
    };
    let diags = client.diagnostics(&uri);
    let d = diags
        .iter()
        .find(not_in_force)
        .unwrap_or_else(|| panic!("{diags:#?}"));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let action = &actions[0];
    assert_eq!(
        action["title"],
        format!("Apply the rule while `cn/insurance-law/art-2` is in force (from {first})")
    );
    let fixed = apply(
        text,
        action["edit"]["changes"][&uri].as_array().expect("edits"),
    );
    assert_eq!(
        fixed,
        text.replace("1900-01-01", &first.to_string())
            .replace("\n  until 1900-12-31", "")
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let diags = client.diagnostics(&uri);
    assert!(!diags.iter().any(|d| not_in_force(&d)), "{diags:#?}");
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().expect("exits").success());
}

#[test]
fn hover_shows_the_clients_language_beside_the_laws_own() {
    let root = root();
    let path = root.join("corpus/rules/cn.rules");
    let uri = uri(&path);
    let text = std::fs::read_to_string(&path).expect("cn.rules");
    let mut client = Client::start(&root);
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": self::uri(&root),
               "capabilities": {}, "initializationOptions": {"language": "en"}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "mutua-rules", "version": 1, "text": text}}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    let cited = text.find("cites cn/insurance-law/art-2").unwrap() + "cites cn/insur".len();
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": position(&text, cited)}),
    );
    let shown = hover["contents"]["value"].as_str().expect("markdown");
    assert!(shown.contains("Article 2"), "{shown}");
    assert!(shown.contains("\"insurance\" means"), "{shown}");
    assert!(shown.contains("Text (en): translation"), "{shown}");
    assert!(shown.contains("本法所称保险"), "{shown}");
    assert!(shown.contains("Text (zh): verbatim"), "{shown}");
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().expect("exits").success());
}
