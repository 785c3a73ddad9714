//! The tidy test: every pack in `policies/` is exactly what `hoth fmt` writes
//! ([`hoth_core::layout`]), so a pack is reviewed in one layout and a diff shows only what
//! changed. Run `hoth fmt policies/` (`cargo run -p hoth-cli -- fmt policies/`) to tidy.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use std::path::Path;

#[test]
fn every_pack_in_policies_is_in_the_canonical_layout() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../policies");
    let mut checked = 0;
    let mut untidy = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        if hoth_core::layout::tidy(&text).unwrap() != text {
            untidy.push(path.display().to_string());
        }
        checked += 1;
    }
    assert!(checked >= 3, "no packs found in {}", dir.display());
    assert!(
        untidy.is_empty(),
        "not in the canonical layout (run hoth fmt policies/): {}",
        untidy.join(", ")
    );
}
