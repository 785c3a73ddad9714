//! Embeds the scenario library (`tests/scenarios/<policy>/*.json`) and the base referrals
//! (`tests/fixtures/referrals/*.json`) the scenarios build on: the same files the tests use.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn json_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let root = Path::new(&manifest).join("../..");
    let scenarios = root.join("tests/scenarios");
    let referrals = root.join("tests/fixtures/referrals");
    println!("cargo:rerun-if-changed={}", scenarios.display());
    println!("cargo:rerun-if-changed={}", referrals.display());
    let mut out = String::from(
        "/// (policy, name, JSON) for every scenario fixture.\npub const SCENARIOS: &[(&str, &str, &str)] = &[\n",
    );
    let mut dirs: Vec<_> = fs::read_dir(&scenarios)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    for dir in &dirs {
        println!("cargo:rerun-if-changed={}", dir.display());
        for file in json_files(dir) {
            let _ = writeln!(
                out,
                "    ({:?}, {:?}, include_str!({:?})),",
                stem(dir),
                stem(&file),
                file.display().to_string()
            );
        }
    }
    out.push_str(
        "];\n\n/// (name, JSON) for every base referral.\npub const BASES: &[(&str, &str)] = &[\n",
    );
    for file in json_files(&referrals) {
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            stem(&file),
            file.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("library.rs");
    if let Err(e) = fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
