//! A 64-bit FNV-1a digest of a built-in pack's text (the minified text the core embeds and
//! `./x build` serves beside the widget). Shared by the core's build script, which writes each
//! built-in pack's length and digest into the library, and `Policy::from_builtin_text`, which
//! takes a pack only when its text is byte for byte that one. It tells one release's pack from
//! another's (a mixed deployment, an edited file); the browser's Subresource Integrity check
//! (SHA-384) is what stops a tampered file.

/// FNV-1a, 64 bits, over `bytes`.
pub const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}
