//! `hoth batch` (CSV and JSON Lines rows, the sandbox's export format) and `hoth synth`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use assert_cmd::Command;

fn hoth() -> Command {
    Command::cargo_bin("hoth").unwrap()
}

fn stdout(args: &[&str], input: Option<&str>) -> String {
    let mut cmd = hoth();
    cmd.args(args);
    if let Some(input) = input {
        cmd.write_stdin(input.to_owned());
    }
    let output = cmd.output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn synth_is_json_lines_and_repeats_for_a_seed() {
    let a = stdout(
        &[
            "synth",
            "--seed",
            "9",
            "--count",
            "25",
            "--today",
            "2026-03-10",
        ],
        None,
    );
    let b = stdout(
        &[
            "synth",
            "--seed",
            "9",
            "--count",
            "25",
            "--today",
            "2026-03-10",
        ],
        None,
    );
    let c = stdout(
        &[
            "synth",
            "--seed",
            "10",
            "--count",
            "25",
            "--today",
            "2026-03-10",
        ],
        None,
    );
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.lines().count(), 25);
    for line in a.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(value["referralDate"], "2026-03-10");
    }
}

#[test]
fn batch_csv_has_a_row_per_referral_and_policy() {
    let referrals = stdout(
        &[
            "synth",
            "--seed",
            "3",
            "--count",
            "20",
            "--today",
            "2026-03-10",
        ],
        None,
    );
    let csv = stdout(
        &[
            "batch",
            "--policy",
            "wokingham",
            "--policy",
            "gloucestershire",
            "--today",
            "2026-03-10",
            "-",
        ],
        Some(&referrals),
    );
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], hoth_core::batch::csv_header());
    assert_eq!(
        lines.len(),
        1 + 40 + 1,
        "header, 40 rows, and the empty rest after the last CRLF"
    );
    assert!(lines[1].starts_with("1,wokingham,"));
    assert!(lines[2].starts_with("1,gloucestershire,"));
    assert!(lines[40].starts_with("20,gloucestershire,"));
}

#[test]
fn batch_jsonl_and_a_json_array_give_the_same_rows() {
    let referrals = stdout(
        &[
            "synth",
            "--seed",
            "4",
            "--count",
            "5",
            "--today",
            "2026-03-10",
        ],
        None,
    );
    let array = format!(
        "[{}]",
        referrals.trim().lines().collect::<Vec<_>>().join(",")
    );
    let args = [
        "batch",
        "--policy",
        "tower-hamlets",
        "--format",
        "jsonl",
        "--today",
        "2026-03-10",
        "-",
    ];
    let from_lines = stdout(&args, Some(&referrals));
    let from_array = stdout(&args, Some(&array));
    assert_eq!(from_lines, from_array);
    assert_eq!(from_lines.lines().count(), 5);
    let row: serde_json::Value = serde_json::from_str(from_lines.lines().next().unwrap()).unwrap();
    assert_eq!(row["policy"], "tower-hamlets");
    assert_eq!(row["valid"], true);
}

#[test]
fn batch_rejects_an_unknown_policy_and_a_broken_array() {
    hoth()
        .args(["batch", "--policy", "nowhere", "-"])
        .write_stdin("[]")
        .assert()
        .code(2);
    hoth()
        .args(["batch", "--policy", "wokingham", "-"])
        .write_stdin("[{}")
        .assert()
        .code(2);
}
