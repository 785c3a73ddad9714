//! The service over real HTTP, as the built binary on a free port: every scenario's decision
//! is byte for byte `hoth route`'s, each error path has its status and code, the token, the
//! body limit, the timeout, draining on SIGTERM, packs checked at start, and the OpenAPI
//! document. No wall-clock thresholds: timing is measured in BENCHMARKS.md, not asserted.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Server, connect, head, read_reply, root};
use hoth_core::scenario::Scenario;
use serde_json::Value;

const TODAY: &str = "2026-03-10";

fn charlene() -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/referrals/charlene.json")).unwrap()
}

/// `hoth ARGS... -` with `input` on stdin: (exit code, stdout).
fn cli(args: &[&str], input: &[u8]) -> (i32, Vec<u8>) {
    let mut child = Command::new(common::hoth_cli())
        .args(args)
        .args(if args == ["policies"] {
            None
        } else {
            Some("-")
        })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    (output.status.code().unwrap(), output.stdout)
}

/// Every scenario fixture, resolved as the core's scenario runner resolves it.
fn scenarios() -> Vec<(String, String, Scenario, Vec<u8>)> {
    let bases = |name: &str| -> Option<Value> {
        let text =
            std::fs::read_to_string(root().join(format!("tests/fixtures/referrals/{name}.json")))
                .ok()?;
        serde_json::from_str(&text).ok()
    };
    let mut all = Vec::new();
    let dir = root().join("tests/scenarios");
    let mut policies: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    policies.sort();
    for policy_dir in policies {
        let policy = policy_dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let mut files: Vec<_> = std::fs::read_dir(&policy_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let scenario: Scenario =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let referral = scenario.referral(&bases).unwrap();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            all.push((
                policy.clone(),
                name,
                scenario,
                serde_json::to_vec(&referral).unwrap(),
            ));
        }
    }
    all
}

#[test]
fn every_scenario_routes_and_validates_byte_for_byte_as_the_cli() {
    let server = Server::start(&[]);
    let all = scenarios();
    assert!(all.len() >= 60, "only {} scenarios", all.len());
    let (mut decisions, mut invalid) = (0, 0);
    for (policy, name, scenario, referral) in &all {
        let today = scenario.today.as_str();
        let (code, expected) = cli(&["route", "--policy", policy, "--today", today], referral);
        let reply = server.post_json(
            &format!("/v1/route?policy={policy}&today={today}"),
            referral,
        );
        let want_status = match code {
            0 => 200,
            1 => 422,
            other => panic!("{policy}/{name}: hoth route exited {other}"),
        };
        assert_eq!(
            reply.status,
            want_status,
            "{policy}/{name}: {}",
            reply.text()
        );
        assert_eq!(
            reply.text(),
            String::from_utf8_lossy(&expected),
            "{policy}/{name}: the service's answer differs from hoth route's"
        );
        assert_eq!(reply.header("content-type"), Some("application/json"));
        if code == 0 {
            decisions += 1;
            let reference = reply.header("hoth-reference").unwrap();
            assert!(reference.starts_with("HOTH-"), "{reference}");
        } else {
            invalid += 1;
            assert!(reply.header("hoth-reference").is_none());
        }

        let (code, expected) = cli(
            &["validate", "--policy", policy, "--today", today],
            referral,
        );
        let reply = server.post_json(
            &format!("/v1/validate?policy={policy}&today={today}"),
            referral,
        );
        assert_eq!(reply.status, 200, "{policy}/{name}");
        assert_eq!(
            reply.text(),
            String::from_utf8_lossy(&expected),
            "{policy}/{name}"
        );
        assert_eq!(reply.json()["valid"], Value::Bool(code == 0));
    }
    assert!(
        decisions > 0 && invalid > 0,
        "{decisions} decisions, {invalid} invalid"
    );
}

#[test]
fn the_same_request_gets_the_same_answer_and_reference_from_another_copy() {
    let one = Server::start(&[]);
    let two = Server::start(&[]);
    let path = format!("/v1/route?policy=wokingham&today={TODAY}");
    let a = one.post_json(&path, &charlene());
    let b = two.post_json(&path, &charlene());
    assert_eq!(a.status, 200);
    assert_eq!(a.body, b.body);
    assert_eq!(a.header("hoth-reference"), b.header("hoth-reference"));
}

#[test]
fn policies_schemas_health_and_validate_without_a_policy_are_the_clis() {
    let server = Server::start(&[]);
    let reply = server.request("GET", "/v1/policies", &[], None);
    assert_eq!(reply.status, 200);
    let (code, expected) = cli(&["policies"], b"");
    assert_eq!(code, 0);
    assert_eq!(reply.body, expected);
    for name in hoth_core::schema::NAMES {
        let reply = server.request("GET", &format!("/v1/schemas/{name}"), &[], None);
        assert_eq!(reply.status, 200, "{name}");
        let committed =
            std::fs::read_to_string(root().join(format!("schemas/{name}.schema.json"))).unwrap();
        assert_eq!(reply.text(), committed, "{name}");
    }
    let (code, expected) = cli(&["validate", "--today", TODAY], &charlene());
    assert_eq!(code, 0);
    let reply = server.post_json(&format!("/v1/validate?today={TODAY}"), &charlene());
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, expected);
    let reply = server.request("GET", "/healthz", &[], None);
    assert_eq!(
        (reply.status, reply.json()["status"].as_str()),
        (200, Some("ok"))
    );
}

#[test]
fn each_error_has_its_status_and_stable_code() {
    let server = Server::start(&[]);
    let route = format!("/v1/route?policy=wokingham&today={TODAY}");
    let cases: Vec<(common::Reply, u16, &str)> = vec![
        (
            server.request(
                "POST",
                &route,
                &[("Content-Type", "text/plain")],
                Some(&charlene()),
            ),
            415,
            "unsupported_media_type",
        ),
        (
            server.request("POST", &route, &[], Some(&charlene())),
            415,
            "unsupported_media_type",
        ),
        (
            server.post_json(&route, b"{\"child\": "),
            400,
            "invalid_json",
        ),
        (server.post_json(&route, b"not json"), 400, "invalid_json"),
        (
            server.post_json(&route, "[".repeat(200).as_bytes()),
            400,
            "invalid_json",
        ),
        (
            server.post_json("/v1/route", &charlene()),
            400,
            "invalid_argument",
        ),
        (
            server.post_json("/v1/route?policy=wokingham&today=10/03/2026", &charlene()),
            400,
            "invalid_argument",
        ),
        (
            server.post_json("/v1/route?policy=atlantis", &charlene()),
            404,
            "unknown_policy",
        ),
        (
            server.post_json("/v1/validate?policy=atlantis", &charlene()),
            404,
            "unknown_policy",
        ),
        (
            server.request("GET", "/v1/schemas/everything", &[], None),
            404,
            "unknown_schema",
        ),
        (
            server.request("GET", "/v2/route", &[], None),
            404,
            "not_found",
        ),
        (
            server.request("GET", "/v1/route", &[], None),
            405,
            "method_not_allowed",
        ),
        (
            server.request("DELETE", "/v1/policies", &[], None),
            405,
            "method_not_allowed",
        ),
    ];
    for (reply, status, code) in cases {
        assert_eq!(reply.status, status, "{code}: {}", reply.text());
        assert_eq!(reply.code(), code);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert!(
            !reply.json()["error"]["message"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }
    let unknown = server.post_json("/v1/route?policy=atlantis", &charlene());
    assert!(
        unknown.text().contains("wokingham"),
        "names the known policies"
    );

    // An invalid referral: 422 with its issues, never a decision; /validate says 200, valid false.
    let reply = server.post_json(&route, br#"{"child": {"dateOfBirth": "yesterday"}}"#);
    assert_eq!(reply.status, 422);
    let body = reply.json();
    assert_eq!(body["valid"], Value::Bool(false));
    assert!(!body["issues"].as_array().unwrap().is_empty());
    assert!(body.get("outcomes").is_none() && body.get("pathway").is_none());
    let reply = server.post_json(
        &format!("/v1/validate?today={TODAY}"),
        br#"{"child": {"dateOfBirth": "yesterday"}}"#,
    );
    assert_eq!(
        (reply.status, reply.json()["valid"].clone()),
        (200, Value::Bool(false))
    );

    let metrics = server.request("GET", "/metrics", &[], None);
    assert_eq!(metrics.status, 200);
    let text = metrics.text();
    for line in [
        "hoth_http_errors_total{code=\"unsupported_media_type\"} 2",
        "hoth_http_errors_total{code=\"invalid_json\"} 3",
        "hoth_http_errors_total{code=\"unknown_policy\"} 3",
        "hoth_http_errors_total{code=\"invalid_referral\"} 1",
        "hoth_http_requests_total{endpoint=\"/v1/route\",method=\"POST\",status=\"422\"} 1",
        "hoth_http_request_duration_seconds_count{endpoint=\"/v1/validate\"} 2",
        "hoth_http_requests_total{endpoint=\"other\",method=\"GET\",status=\"404\"} 1",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
}

#[test]
fn a_body_over_the_limit_is_cut_off_with_413() {
    let server = Server::start(&[]);
    let route = format!("/v1/route?policy=wokingham&today={TODAY}");
    // Declared too large: refused before the body is read.
    let huge = vec![b' '; 2_000_000];
    let reply = server.post_json(&route, &huge);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (413, "input_too_large")
    );
    // Just over the limit.
    let reply = server.post_json(&route, &vec![b' '; hoth_server::MAX_BODY_BYTES + 1]);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (413, "input_too_large")
    );
    // No length given (chunked), and more than the limit: cut off once past it.
    let mut stream = connect(server.addr);
    stream
        .write_all(&head(
            "POST",
            &route,
            &[
                ("Content-Type", "application/json"),
                ("Transfer-Encoding", "chunked"),
            ],
            None,
        ))
        .unwrap();
    let chunk = vec![b' '; 100_000];
    for _ in 0..20 {
        let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
        frame.extend_from_slice(&chunk);
        frame.extend_from_slice(b"\r\n");
        if stream.write_all(&frame).is_err() {
            break; // the server already answered and closed
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let reply = read_reply(&mut stream);
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (413, "input_too_large")
    );
    // At the limit, whitespace around a referral is fine.
    let mut padded = charlene();
    padded.resize(hoth_server::MAX_BODY_BYTES, b' ');
    assert_eq!(server.post_json(&route, &padded).status, 200);
}

#[test]
fn a_slow_body_is_cut_off_by_the_timeout() {
    let server = Server::start(&["--timeout", "1"]);
    let body = charlene();
    let mut stream = connect(server.addr);
    stream
        .write_all(&head(
            "POST",
            &format!("/v1/route?policy=wokingham&today={TODAY}"),
            &[("Content-Type", "application/json")],
            Some(body.len()),
        ))
        .unwrap();
    stream.write_all(&body[..10]).unwrap();
    // ... and never the rest: the service answers 408 rather than waiting for ever.
    let reply = read_reply(&mut stream);
    assert_eq!((reply.status, reply.code().as_str()), (408, "timeout"));
    let metrics = server.request("GET", "/metrics", &[], None).text();
    assert!(
        metrics.contains("hoth_http_errors_total{code=\"timeout\"} 1"),
        "{metrics}"
    );
}

#[test]
fn the_token_is_enforced_when_set() {
    let dir = tempdir("token");
    let file = dir.join("token");
    std::fs::write(&file, "s3cret-token-for-the-tests-0123456789\n").unwrap();
    let server = Server::start(&["--token-file", file.to_str().unwrap()]);
    let route = format!("/v1/route?policy=wokingham&today={TODAY}");
    let json = ("Content-Type", "application/json");
    let none = server.request("POST", &route, &[json], Some(&charlene()));
    assert_eq!((none.status, none.code().as_str()), (401, "unauthorized"));
    assert!(none.header("www-authenticate").is_some());
    for wrong in [
        "Bearer nope",
        "Bearer s3cret-token-for-the-tests-012345678",
        "s3cret-token-for-the-tests-0123456789",
        "Basic czNjcmV0",
    ] {
        let reply = server.request(
            "POST",
            &route,
            &[json, ("Authorization", wrong)],
            Some(&charlene()),
        );
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (401, "unauthorized"),
            "{wrong}"
        );
    }
    let right = (
        "Authorization",
        "Bearer s3cret-token-for-the-tests-0123456789",
    );
    assert_eq!(
        server
            .request("POST", &route, &[json, right], Some(&charlene()))
            .status,
        200
    );
    assert_eq!(
        server.request("GET", "/v1/policies", &[right], None).status,
        200
    );
    assert_eq!(server.request("GET", "/metrics", &[], None).status, 401);
    assert_eq!(
        server.request("GET", "/healthz", &[], None).status,
        200,
        "health needs no token"
    );

    // A short token is refused at start.
    std::fs::write(&file, "short").unwrap();
    let output = start_output("--token-file", &file);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn sigterm_lets_the_request_in_flight_finish() {
    let mut server = Server::start(&[]);
    let body = charlene();
    let path = format!("/v1/route?policy=wokingham&today={TODAY}");
    let mut stream = connect(server.addr);
    stream
        .write_all(&head(
            "POST",
            &path,
            &[("Content-Type", "application/json")],
            Some(body.len()),
        ))
        .unwrap();
    stream.write_all(&body[..body.len() / 2]).unwrap();
    // The request is in flight (half its body read) when the signal arrives.
    wait_for(|| server.log().contains("listening"));
    std::thread::sleep(Duration::from_millis(300));
    server.terminate();
    wait_for(|| server.log().contains("shutting down"));
    std::thread::sleep(Duration::from_millis(200));
    // The service is stopping, but the request in flight is answered in full.
    stream.write_all(&body[body.len() / 2..]).unwrap();
    let reply = read_reply(&mut stream);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let (_, expected) = cli(&["route", "--policy", "wokingham", "--today", TODAY], &body);
    assert_eq!(reply.body, expected);
    let status = server.wait();
    assert_eq!(status.code(), Some(0), "{}", server.log());
    assert!(server.log().contains("stopped"));
}

#[test]
fn council_packs_load_at_start_and_a_bad_one_stops_it_naming_rule_and_field() {
    // A good folder: a council's own pack, and a copy of a built-in (known as id@version).
    let dir = tempdir("packs");
    let mut own: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/policies/valid-minimal.json"))
            .unwrap(),
    )
    .unwrap();
    own["id"] = Value::String("eastmere".into());
    std::fs::write(dir.join("eastmere.json"), own.to_string()).unwrap();
    std::fs::copy(
        root().join("policies/wokingham.json"),
        dir.join("wokingham.json"),
    )
    .unwrap();
    std::fs::write(dir.join("README.txt"), "not a pack").unwrap();
    let server = Server::start(&["--policies", dir.to_str().unwrap()]);
    let list = server.request("GET", "/v1/policies", &[], None).json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let version = Policy::builtin("wokingham").unwrap().pack().version.clone();
    assert_eq!(
        ids,
        [
            "gloucestershire",
            "tower-hamlets",
            "wokingham",
            "eastmere",
            &format!("wokingham@{version}")
        ]
    );
    let reply = server.post_json(
        &format!("/v1/route?policy=eastmere&today={TODAY}"),
        &charlene(),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["policy"]["id"], "eastmere");
    let (_, expected) = cli(
        &[
            "route",
            "--policy",
            dir.join("eastmere.json").to_str().unwrap(),
            "--today",
            TODAY,
        ],
        &charlene(),
    );
    assert_eq!(
        reply.body, expected,
        "the same bytes as hoth route --policy FILE"
    );
    let reply = server.post_json(
        &format!("/v1/route?policy=wokingham%40{version}&today={TODAY}"),
        &charlene(),
    );
    assert_eq!(reply.status, 200);

    // Every malformed pack fixture stops the start: exit 2, naming the file, rule and field.
    let fixtures = root().join("tests/fixtures/policies");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("expected.json")).unwrap())
            .unwrap();
    for (name, want) in expected.as_object().unwrap() {
        let bad = tempdir(&format!("bad-{name}"));
        std::fs::copy(
            fixtures.join(format!("{name}.json")),
            bad.join(format!("{name}.json")),
        )
        .unwrap();
        let output = start_output("--policies", &bad);
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}: it must not have started");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&format!("{name}.json")), "{name}: {stderr}");
        assert!(
            stderr.contains(want["contains"].as_str().unwrap()),
            "{name}: {stderr}"
        );
        if let Some(rule) = want.get("rule").and_then(Value::as_str) {
            assert!(
                stderr.contains(&format!("rule \"{rule}\"")),
                "{name}: {stderr}"
            );
        }
        if let Some(field) = want
            .get("field")
            .and_then(Value::as_str)
            .filter(|f| !f.is_empty())
        {
            assert!(
                stderr.contains(&format!("field \"{field}\"")),
                "{name}: {stderr}"
            );
        }
    }
    // A pack with several problems names them all, each with its rule and field.
    let several = tempdir("bad-several");
    std::fs::copy(
        fixtures.join("several-errors.json"),
        several.join("several-errors.json"),
    )
    .unwrap();
    let output = start_output("--policies", &several);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for part in [
        "6 problems",
        "field \"version\"",
        "rule \"level-4-strategy-meeting\", field \"then[0].code\"",
        "rule \"catch-all-advice\", field \"why\"",
        "rule \"catch-all-advice\", field \"when\"",
    ] {
        assert!(stderr.contains(part), "{part}: {stderr}");
    }
    // Two packs with one id in one folder is a mistake.
    let twice = tempdir("twice");
    std::fs::write(twice.join("a.json"), own.to_string()).unwrap();
    std::fs::write(twice.join("b.json"), own.to_string()).unwrap();
    let output = start_output("--policies", &twice);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("eastmere"));
}

#[test]
fn nothing_of_a_referral_reaches_the_log_or_the_metrics() {
    let server = Server::start(&[]);
    let mut referral: Value = serde_json::from_slice(&charlene()).unwrap();
    referral["child"]["firstName"] = Value::String("Zebedee-Unique-Name".into());
    referral["child"]["address"]["postcode"] = Value::String("ZZ99 9ZZ".into());
    let body = serde_json::to_vec(&referral).unwrap();
    server.post_json(&format!("/v1/route?policy=wokingham&today={TODAY}"), &body);
    server.post_json(&format!("/v1/validate?today={TODAY}"), &body);
    server.post_json(
        "/v1/route?policy=wokingham",
        b"{\"child\": {\"firstName\": \"Zebedee-Unique-Name\"",
    );
    let metrics = server.request("GET", "/metrics", &[], None).text();
    wait_for(|| server.log().matches("/v1/").count() >= 3);
    let log = server.log();
    for secret in ["Zebedee", "ZZ99", "Charlene", "today="] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
        assert!(!metrics.contains(secret), "{secret} in the metrics");
    }
    assert!(log.contains("POST /v1/route 200"), "{log}");
}

#[test]
fn the_committed_openapi_document_is_current_and_served() {
    let committed =
        std::fs::read_to_string(root().join("schemas/openapi.json")).unwrap_or_default();
    let generated = hoth_server::openapi::text().unwrap();
    assert!(
        committed == generated,
        "schemas/openapi.json is stale: run `./x schemas` and commit the result"
    );
    let document: Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    for path in [
        "/v1/validate",
        "/v1/route",
        "/v1/policies",
        "/v1/schemas/{name}",
        "/healthz",
        "/metrics",
    ] {
        assert!(document["paths"].get(path).is_some(), "{path}");
    }
    // The embedded schemas are the committed ones.
    let referral: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/referral.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(document["components"]["schemas"]["Referral"], referral);
    // Every local $ref in the paths points at a component that exists.
    let text = serde_json::to_string(&document["paths"]).unwrap();
    for part in text.split("\"$ref\":\"#/components/").skip(1) {
        let target = part.split('"').next().unwrap();
        let (kind, name) = target.split_once('/').unwrap();
        assert!(document["components"][kind].get(name).is_some(), "{target}");
    }
    let server = Server::start(&[]);
    assert_eq!(
        server.request("GET", "/v1/openapi.json", &[], None).text(),
        committed
    );
}

use hoth_core::Policy;

/// Start the service on a free port with one more option (`--token-file` or `--policies`)
/// naming `path`, for a start that must fail: what it printed, and how it exited.
fn start_output(option: &str, path: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hoth-server"))
        .args(["--listen", "127.0.0.1:0", option])
        .arg(path)
        .output()
        .unwrap()
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("hoth-server-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn wait_for(condition: impl Fn() -> bool) {
    for _ in 0..600 {
        if condition() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("waited 30 s for a condition");
}
