//! `hoth`: validate and route MARF referrals natively, with the same core as the browser.
//!
//! Exit codes: 0 ok; 1 the referral is invalid (issues on stdout), or `fmt --check` found a
//! file out of layout; 2 usage, unreadable input,
//! or an unknown or malformed policy (a message on stderr). JSON goes to stdout. `--today`
//! defaults to the system date: the command's only clock read.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use hoth_core::policy::{Policy, Registry};
use hoth_core::{Decision, ValidationResult, batch, schema, synthetic};
use serde_json::{Value, json};

#[derive(Parser)]
#[command(
    name = "hoth",
    version,
    about = "Validate and route referrals about children harmed outside the home"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a referral: prints {"valid": bool, "issues": [...]}; exit 1 when invalid.
    Validate {
        /// Also check this policy's requirements: a built-in id or a pack file.
        #[arg(long)]
        policy: Option<String>,
        /// The date to judge dates against (YYYY-MM-DD); defaults to today.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// The referral JSON file, or - for standard input.
        file: String,
    },
    /// Recommend the route for referrals: a decision, or JSON Lines with "file" for several.
    Route {
        /// A built-in policy id (see `hoth policies`) or a pack file.
        #[arg(long)]
        policy: String,
        /// The date to judge dates against (YYYY-MM-DD); defaults to today.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// json (default) or text: a short summary for people, with the reasons and citations.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Referral JSON files, or - for standard input.
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Route a batch file (a JSON array or JSON Lines of referrals) under one or several
    /// policies: one CSV or JSON Lines row per referral and policy, the sandbox's export format.
    Batch {
        /// A built-in policy id or a pack file; repeat for several (rows follow this order).
        #[arg(long, required = true)]
        policy: Vec<String>,
        /// The date to judge dates against (YYYY-MM-DD); defaults to today.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// csv (default) or jsonl.
        #[arg(long, value_enum, default_value_t = BatchFormat::Csv)]
        format: BatchFormat,
        /// The batch file, or - for standard input.
        file: String,
    },
    /// Print synthetic referrals (made up, valid) as JSON Lines: the same seed gives the same set.
    Synth {
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many (at most 100000).
        #[arg(long, default_value_t = 100)]
        count: usize,
        /// The referral date (YYYY-MM-DD); defaults to today.
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// List the built-in policy packs.
    Policies,
    /// Rewrite policy pack files in the canonical layout (a folder: every *.json in it);
    /// --check rewrites nothing, names the files that are not tidy and exits 1.
    Fmt {
        /// Only check: exit 1 naming each file that `hoth fmt` would change.
        #[arg(long)]
        check: bool,
        /// Pack files, or folders of them (e.g. policies/).
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Print a policy pack as a Markdown rulebook for people to read and sign off: each rule's
    /// condition, outcomes, who acts, by when, its basis and citation, and the scenarios that
    /// test it.
    Rulebook {
        /// A built-in policy id (see `hoth policies`) or a pack file.
        #[arg(long)]
        policy: String,
        /// The folder of scenario files (`*.json`) whose `expect.rules` name the rules they
        /// test; defaults to tests/scenarios/<pack id> when there is one.
        #[arg(long)]
        scenarios: Option<String>,
    },
    /// Print a JSON Schema: referral, policy, decision, screening or bank-holidays.
    Schema {
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(schema::NAMES))]
        name: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Json,
    Text,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum BatchFormat {
    Csv,
    Jsonl,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("\"{text}\" is not a date like 2026-03-10"))
}

/// A failure that exits 2 with a message: usage, unreadable input, bad policy.
struct Fatal(anyhow::Error);

impl<E: Into<anyhow::Error>> From<E> for Fatal {
    fn from(error: E) -> Self {
        Fatal(error.into())
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return match error.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(Fatal(error)) => {
            eprintln!("hoth: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Validate {
            policy,
            today,
            file,
        } => {
            let today = today.unwrap_or_else(system_today);
            let referral = read_referral(&file)?;
            let validated = match policy {
                Some(policy) => load_policy(&policy)?.validate(&referral, today),
                None => hoth_core::validate_value(&referral, today),
            };
            let valid = validated.is_valid();
            print_json(&mut out, &validated.result())?;
            Ok(exit(valid))
        }
        Command::Route {
            policy,
            today,
            format,
            files,
        } => {
            let today = today.unwrap_or_else(system_today);
            let policy = load_policy(&policy)?;
            let several = files.len() > 1;
            let mut all_valid = true;
            for file in &files {
                let referral = read_referral(file)?;
                if format == Format::Text {
                    match policy.route(&referral, today) {
                        Ok(decision) => write_text(&mut out, file, &policy.pack().name, &decision)?,
                        Err(issues) => {
                            all_valid = false;
                            writeln!(out, "{file}: not valid, so no route:")?;
                            for issue in issues {
                                writeln!(
                                    out,
                                    "  {} ({}): {}",
                                    issue.path, issue.code, issue.message
                                )?;
                            }
                        }
                    }
                    continue;
                }
                let result = policy.route(&referral, today);
                all_valid &= result.is_ok();
                if several {
                    let result = match result {
                        Ok(decision) => serde_json::to_value(decision)?,
                        Err(issues) => serde_json::to_value(ValidationResult::new(issues))?,
                    };
                    let mut line = json!({ "file": file });
                    if let (Value::Object(line), Value::Object(result)) = (&mut line, result) {
                        line.extend(result);
                    }
                    writeln!(out, "{}", serde_json::to_string(&line)?)?;
                } else {
                    match result {
                        Ok(decision) => print_json(&mut out, &decision)?,
                        Err(issues) => print_json(&mut out, &ValidationResult::new(issues))?,
                    }
                }
            }
            Ok(exit(all_valid))
        }
        Command::Batch {
            policy,
            today,
            format,
            file,
        } => {
            let today = today.unwrap_or_else(system_today);
            let policies = policy
                .iter()
                .map(|p| load_policy(p))
                .collect::<Result<Vec<_>>>()?;
            let refs: Vec<&Policy> = policies.iter().collect();
            let entries = batch::parse(&read_input(&file)?).map_err(|e| anyhow!("{file}: {e}"))?;
            let rows = batch::route(&entries, &refs, today);
            let text = match format {
                BatchFormat::Csv => batch::to_csv(&rows),
                BatchFormat::Jsonl => batch::to_json_lines(&rows),
            };
            out.write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Synth { seed, count, today } => {
            if count > synthetic::MAX_COUNT {
                return Err(anyhow!("--count is at most {}", synthetic::MAX_COUNT).into());
            }
            let today = today.unwrap_or_else(system_today);
            for referral in synthetic::referrals(seed, count, today) {
                writeln!(out, "{}", serde_json::to_string(&referral)?)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Policies => {
            print_json(&mut out, &Registry::new().summaries())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Fmt { check, files } => {
            let mut untidy = 0;
            for file in pack_files(&files)? {
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let tidy = hoth_core::layout::tidy(&text)
                    .with_context(|| format!("{} is not JSON", file.display()))?;
                if tidy == text {
                    continue;
                }
                if check {
                    untidy += 1;
                    eprintln!(
                        "hoth: {} is not in the canonical layout: run hoth fmt {}",
                        file.display(),
                        file.display()
                    );
                } else {
                    std::fs::write(&file, tidy)
                        .with_context(|| format!("cannot write {}", file.display()))?;
                }
            }
            Ok(exit(untidy == 0))
        }
        Command::Rulebook { policy, scenarios } => {
            let policy = load_policy(&policy)?;
            let dir = match scenarios {
                Some(dir) => Some(std::path::PathBuf::from(dir)),
                None => Some(Path::new("tests/scenarios").join(policy.id())).filter(|d| d.is_dir()),
            };
            let scenarios = match &dir {
                Some(dir) => read_scenarios(dir)?,
                None => Vec::new(),
            };
            let tested = hoth_core::rulebook::tested_by(
                scenarios
                    .iter()
                    .map(|(name, scenario)| (name.as_str(), scenario)),
            );
            out.write_all(hoth_core::rulebook::rulebook(policy.pack(), &tested).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { name } => {
            let text =
                schema::schema(&name).ok_or_else(|| anyhow!("no schema called \"{name}\""))?;
            out.write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The decision as the referrer reads it (`hoth_core::advice`), after the file's name.
fn write_text(out: &mut impl Write, file: &str, council: &str, decision: &Decision) -> Result<()> {
    writeln!(out, "{file}")?;
    out.write_all(hoth_core::advice::text(decision, council).as_bytes())?;
    Ok(())
}

fn exit(valid: bool) -> ExitCode {
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn system_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// JSON as `hoth_core::json_text` writes it: the back-end service sends the same bytes.
fn print_json<T: serde::Serialize + ?Sized>(out: &mut impl Write, value: &T) -> Result<()> {
    out.write_all(hoth_core::json_text(value)?.as_bytes())?;
    Ok(())
}

fn read_input(file: &str) -> Result<String> {
    if file == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input")?;
        Ok(text)
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {file}"))
    }
}

/// Read a referral file. Text that is not JSON is an unreadable input (exit 2); JSON of the
/// wrong shape is the validator's business (issues, exit 1).
fn read_referral(file: &str) -> Result<Value> {
    let text = read_input(file)?;
    serde_json::from_str(&text).with_context(|| format!("{file} is not JSON"))
}

/// The files named, each folder replaced by the `*.json` files in it (sorted).
fn pack_files(paths: &[String]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let path = PathBuf::from(path);
        if path.is_dir() {
            let mut inside = Vec::new();
            for entry in std::fs::read_dir(&path)
                .with_context(|| format!("cannot read {}", path.display()))?
            {
                let entry = entry?.path();
                if entry.is_file() && entry.extension().is_some_and(|e| e == "json") {
                    inside.push(entry);
                }
            }
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

/// Every scenario file in a folder, by file name, in name order.
fn read_scenarios(dir: &Path) -> Result<Vec<(String, hoth_core::scenario::Scenario)>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the scenarios folder {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let scenario = serde_json::from_str(&text)
                .with_context(|| format!("{} is not a scenario", path.display()))?;
            Ok((name, scenario))
        })
        .collect()
}

/// A built-in policy id, or a path to a pack file.
fn load_policy(policy: &str) -> Result<Policy> {
    let looks_like_file =
        policy.ends_with(".json") || policy.contains('/') || Path::new(policy).exists();
    if !looks_like_file || Policy::builtin(policy).is_some() {
        return Ok(Registry::new().get(policy)?.clone());
    }
    let text = read_input(policy)?;
    Policy::from_json(&text).map_err(|e| anyhow!("{policy}: {e}"))
}
