//! Writes the embedded data (the built-in policy packs from `policies/`; the screening
//! catalogue and the bank holiday table from `schemas/`) into `OUT_DIR` minified: the same
//! JSON without indentation, so that every build of the core, the browser module above all,
//! embeds less text.

use std::error::Error;
use std::path::PathBuf;
use std::{env, fs};

#[path = "build/minify.rs"]
mod minify;

/// The files the core embeds, from the repository root; each is written to the same path
/// under `OUT_DIR` (`policies/wokingham.json`) or, from `schemas/`, to its name alone.
const EMBEDDED: &[&str] = &[
    "policies/gloucestershire.json",
    "policies/tower-hamlets.json",
    "policies/wokingham.json",
    "schemas/screening.json",
    "schemas/bank-holidays.json",
];

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?).join("../..");
    let out = PathBuf::from(env::var("OUT_DIR")?);
    println!("cargo::rerun-if-changed=build");
    for file in EMBEDDED {
        let from = root.join(file);
        println!("cargo::rerun-if-changed={}", from.display());
        let text = fs::read_to_string(&from)?;
        let to = out.join(file.strip_prefix("schemas/").unwrap_or(file));
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(to, minify::minify(&text))?;
    }
    Ok(())
}
