//! The `hoth` command: exit codes, stdin, files, JSON output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn charlene() -> PathBuf {
    root().join("tests/fixtures/referrals/charlene.json")
}

fn hoth() -> Command {
    Command::cargo_bin("hoth").unwrap()
}

fn json_out(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

#[test]
fn a_complete_referral_is_valid() {
    let output = hoth()
        .args(["validate", "--today", "2026-03-10"])
        .arg(charlene())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "{\n  \"valid\": true,\n  \"issues\": []\n}"
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let text = std::fs::read_to_string(charlene()).unwrap();
    hoth()
        .args(["validate", "--today", "2026-03-10", "-"])
        .write_stdin(text)
        .assert()
        .code(0);
}

#[test]
fn an_invalid_referral_exits_1_with_its_issues() {
    let output = hoth()
        .args(["validate", "--today", "2026-03-10", "-"])
        .write_stdin(r#"{"schemaVersion": "1", "child": {"dateOfBirth": 5}}"#)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = json_out(&output);
    assert_eq!(out["valid"], false);
    let issues = out["issues"].as_array().unwrap();
    assert!(
        issues
            .iter()
            .any(|i| i["path"] == "child.dateOfBirth" && i["code"] == "invalid_type")
    );
    assert!(
        issues
            .iter()
            .any(|i| i["path"] == "referralDate" && i["code"] == "required")
    );
}

#[test]
fn every_invalid_validation_fixture_exits_1_with_its_code() {
    let dir = root().join("tests/fixtures/validation");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut parts = name.split('.');
        let (code, kind) = (parts.next().unwrap(), parts.next().unwrap());
        let fixture: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut referral: Value =
            serde_json::from_str(&std::fs::read_to_string(charlene()).unwrap()).unwrap();
        hoth_core::scenario::merge_patch(&mut referral, &fixture["patch"]);
        let mut cmd = hoth();
        cmd.args(["validate", "--today", fixture["today"].as_str().unwrap()]);
        if let Some(policy) = fixture["policy"].as_str() {
            cmd.args(["--policy", policy]);
        }
        let output = cmd
            .arg("-")
            .write_stdin(referral.to_string())
            .output()
            .unwrap();
        let out = json_out(&output);
        if kind == "invalid" {
            assert_eq!(output.status.code(), Some(1), "{name}");
            assert!(
                out["issues"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|i| i["code"] == code),
                "{name}: {out}"
            );
        } else {
            assert_eq!(output.status.code(), Some(0), "{name}: {out}");
        }
        checked += 1;
    }
    assert!(checked >= 32);
}

#[test]
fn unreadable_input_exits_2_with_a_message() {
    hoth()
        .args(["validate", "no/such/file.json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("cannot read no/such/file.json"));
}

#[test]
fn malformed_json_exits_2_with_a_message() {
    hoth()
        .args(["validate", "-"])
        .write_stdin("{\"schemaVersion\": ")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not JSON"));
}

#[test]
fn usage_errors_exit_2() {
    hoth().assert().code(2);
    hoth().args(["validate"]).assert().code(2);
    hoth()
        .args(["validate", "--today", "10/03/2026", "x.json"])
        .assert()
        .code(2);
    hoth().args(["schema", "nonsense"]).assert().code(2);
    hoth()
        .args(["route", "--policy", "wokingham"])
        .assert()
        .code(2);
}

#[test]
fn an_unknown_policy_exits_2_naming_the_built_in_ones() {
    hoth()
        .args(["route", "--policy", "atlantis"])
        .arg(charlene())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unknown policy \"atlantis\"")
                .and(predicate::str::contains("wokingham")),
        );
}

#[test]
fn route_prints_a_cited_decision_with_a_same_day_strategy_meeting() {
    let output = hoth()
        .args(["route", "--policy", "wokingham", "--today", "2026-03-10"])
        .arg(charlene())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let decision = json_out(&output);
    assert_eq!(decision["policy"]["id"], "wokingham");
    assert_eq!(decision["pathway"], "strategy_meeting");
    let meeting = decision["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "strategy_meeting")
        .unwrap();
    assert_eq!(meeting["due"], "2026-03-10");
    assert!(!meeting["cite"]["quote"].as_str().unwrap().is_empty());
    assert!(!meeting["why"].as_str().unwrap().is_empty());
}

#[test]
fn route_of_an_invalid_referral_gives_issues_and_exit_1() {
    let output = hoth()
        .args([
            "route",
            "--policy",
            "tower-hamlets",
            "--today",
            "2026-03-10",
            "-",
        ])
        .write_stdin(r#"{"schemaVersion": "1"}"#)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let out = json_out(&output);
    assert_eq!(out["valid"], false);
    assert!(out.get("outcomes").is_none());
}

#[test]
fn several_files_give_json_lines_with_the_file() {
    let output = hoth()
        .args([
            "route",
            "--policy",
            "gloucestershire",
            "--today",
            "2026-03-10",
        ])
        .arg(charlene())
        .arg(charlene())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for line in lines {
        assert!(line["file"].as_str().unwrap().ends_with("charlene.json"));
        assert_eq!(line["policy"]["id"], "gloucestershire");
    }
}

#[test]
fn a_policy_file_can_be_loaded_and_a_broken_one_exits_2_naming_rule_and_field() {
    let pack = root().join("policies/wokingham.json");
    hoth()
        .args(["route", "--today", "2026-03-10", "--policy"])
        .arg(&pack)
        .arg(charlene())
        .assert()
        .code(0);

    let broken = root().join("tests/fixtures/policies/unknown-fact.json");
    hoth()
        .args(["route", "--today", "2026-03-10", "--policy"])
        .arg(&broken)
        .arg(charlene())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("rule \"").and(predicate::str::contains("field \"when\"")),
        );

    // Every problem at once, one a line.
    let several = root().join("tests/fixtures/policies/several-errors.json");
    hoth()
        .args(["validate", "--policy"])
        .arg(&several)
        .arg(charlene())
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("6 problems:")
                .and(predicate::str::contains("field \"version\""))
                .and(predicate::str::contains(
                    "rule \"level-4-strategy-meeting\", field \"then[0].code\"",
                ))
                .and(predicate::str::contains("field \"cite.quote\"")),
        );
}

#[test]
fn every_malformed_pack_fixture_exits_2_with_its_message() {
    let dir = root().join("tests/fixtures/policies");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    for (name, want) in expected.as_object().unwrap() {
        let output = hoth()
            .args(["route", "--today", "2026-03-10", "--policy"])
            .arg(dir.join(format!("{name}.json")))
            .arg(charlene())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(want["contains"].as_str().unwrap()),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn policies_lists_the_built_in_packs() {
    let output = hoth().arg("policies").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let list = json_out(&output);
    let ids: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["gloucestershire", "tower-hamlets", "wokingham"]);
}

#[test]
fn schema_prints_the_committed_schemas() {
    for name in [
        "referral",
        "policy",
        "decision",
        "screening",
        "bank-holidays",
    ] {
        let committed =
            std::fs::read_to_string(root().join(format!("schemas/{name}.schema.json"))).unwrap();
        hoth()
            .args(["schema", name])
            .assert()
            .code(0)
            .stdout(committed);
    }
}

/// A scratch folder of this test's own, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hoth-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn fmt_check_names_untidy_files_and_fmt_tidies_them() {
    let dir = scratch("fmt");
    let untidy = dir.join("pack.json");
    let text = "{\n \"id\": \"x\",\n \"rules\": [\n  {\"when\": {\"var\": \"child\"}}\n ]\n}";
    std::fs::write(&untidy, text).unwrap();
    hoth()
        .args(["fmt", "--check"])
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "pack.json is not in the canonical layout",
        ));
    assert_eq!(
        std::fs::read_to_string(&untidy).unwrap(),
        text,
        "--check writes nothing"
    );

    hoth().arg("fmt").arg(&untidy).assert().code(0);
    let tidy = std::fs::read_to_string(&untidy).unwrap();
    assert_eq!(
        tidy,
        "{\"id\": \"x\", \"rules\": [{\"when\": {\"var\": \"child\"}}]}\n"
    );
    hoth()
        .args(["fmt", "--check"])
        .arg(&untidy)
        .assert()
        .code(0);

    std::fs::write(dir.join("broken.json"), "{").unwrap();
    hoth()
        .args(["fmt", "--check"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("broken.json is not JSON"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The built-in packs are kept in the layout `hoth fmt` writes.
#[test]
fn the_packs_in_policies_are_tidy() {
    hoth()
        .args(["fmt", "--check"])
        .arg(root().join("policies"))
        .assert()
        .code(0);
}

#[test]
fn rulebook_writes_the_committed_rulebook() {
    for id in ["wokingham", "gloucestershire", "tower-hamlets"] {
        let output = hoth()
            .current_dir(root())
            .args(["rulebook", "--policy", id])
            .output()
            .unwrap();
        assert!(output.status.success());
        let committed =
            std::fs::read_to_string(root().join(format!("docs/rulebooks/{id}.md"))).unwrap();
        assert_eq!(String::from_utf8(output.stdout).unwrap(), committed, "{id}");
    }
    // From elsewhere, with no scenarios folder, the rules are still all there.
    hoth()
        .current_dir(root().join("crates"))
        .args(["rulebook", "--policy", "wokingham"])
        .assert()
        .success()
        .stdout(predicate::str::contains("**Tested by:** no scenario yet."))
        .stdout(predicate::str::contains("## 38. `"));
    hoth()
        .args(["rulebook", "--policy", "nowhere"])
        .assert()
        .code(2);
}
