//! Writes the embedded data (the built-in policy packs from `policies/`; the screening
//! catalogue and the bank holiday table from `schemas/`) into `OUT_DIR` minified: the same
//! JSON without indentation, so that every build of the core, the browser module above all,
//! embeds less text.

use std::error::Error;
use std::path::PathBuf;
use std::{env, fs};

#[path = "build/digest.rs"]
mod digest;
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
    let mut digests = String::new();
    for file in EMBEDDED {
        let from = root.join(file);
        println!("cargo::rerun-if-changed={}", from.display());
        let text = fs::read_to_string(&from)?;
        let to = out.join(file.strip_prefix("schemas/").unwrap_or(file));
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir)?;
        }
        let small = minify::minify(&text);
        if let Some(id) = file
            .strip_prefix("policies/")
            .and_then(|f| f.strip_suffix(".json"))
        {
            digests.push_str(&format!(
                "    (\"{id}\", {}, 0x{:016x}),\n",
                small.len(),
                digest::fnv1a(small.as_bytes())
            ));
        }
        fs::write(to, small)?;
    }
    // Each built-in pack's id, length and digest (build/digest.rs), compiled in with or
    // without the packs' text: the widget takes a served pack only when it is this text.
    fs::write(out.join("pack_digests.rs"), format!("[\n{digests}]\n"))?;
    Ok(())
}
