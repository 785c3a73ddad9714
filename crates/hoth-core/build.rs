//! Writes the embedded data (the built-in policy packs, the screening catalogue, the safety
//! plan and the bank holiday table, all from `schemas/`) into `OUT_DIR` minified: the same
//! JSON without indentation, so that every build of the core, the browser module above all,
//! embeds a third less text.

use std::error::Error;
use std::path::PathBuf;
use std::{env, fs};

#[path = "build/minify.rs"]
mod minify;

/// The files under `schemas/` that the core embeds.
const EMBEDDED: &[&str] = &[
    "policies/gloucestershire.json",
    "policies/tower-hamlets.json",
    "policies/wokingham.json",
    "screening.json",
    "bank-holidays.json",
];

fn main() -> Result<(), Box<dyn Error>> {
    let schemas = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?).join("../../schemas");
    let out = PathBuf::from(env::var("OUT_DIR")?);
    println!("cargo::rerun-if-changed=build");
    for file in EMBEDDED {
        let from = schemas.join(file);
        println!("cargo::rerun-if-changed={}", from.display());
        let text = fs::read_to_string(&from)?;
        let to = out.join(file);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(to, minify::minify(&text))?;
    }
    Ok(())
}
