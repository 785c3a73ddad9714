//! "Save a copy to continue later": the file format of a draft encrypted with the referrer's
//! passphrase. The encryption itself is WebCrypto's (`browser::crypto`): AES-GCM with a
//! 256-bit key derived by PBKDF2-SHA-256 from the passphrase and a random salt.
//!
//! ```json
//! { "format": "hoth-draft-copy", "version": 1, "kdf": "PBKDF2-SHA-256",
//!   "iterations": 600000, "cipher": "AES-GCM", "salt": "<base64>", "iv": "<base64>",
//!   "data": "<base64 ciphertext of the draft JSON>" }
//! ```
//!
//! Nothing in the file is readable without the passphrase: not the child's name, not the date.

use serde_json::{Value, json};

pub const FORMAT: &str = "hoth-draft-copy";
pub const VERSION: u64 = 1;
/// PBKDF2-SHA-256 iterations (OWASP's 2023 recommendation).
pub const ITERATIONS: u32 = 600_000;
pub const SALT_BYTES: usize = 16;
pub const IV_BYTES: usize = 12;
/// The shortest passphrase accepted.
pub const MIN_PASSPHRASE: usize = 8;
/// The largest file "Continue from a saved copy" reads (a full referral is a few KB).
pub const MAX_FILE_BYTES: f64 = 1_000_000.0;

/// An encrypted copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub iv: Vec<u8>,
    pub data: Vec<u8>,
}

impl Sealed {
    pub fn to_json(&self) -> String {
        crate::json_text(&json!({
            "format": FORMAT,
            "version": VERSION,
            "kdf": "PBKDF2-SHA-256",
            "iterations": self.iterations,
            "cipher": "AES-GCM",
            "salt": base64_encode(&self.salt),
            "iv": base64_encode(&self.iv),
            "data": base64_encode(&self.data),
        }))
    }

    /// Read a file; `None` when it is not an encrypted copy of this form.
    pub fn from_json(text: &str) -> Option<Sealed> {
        let value: Value = serde_json::from_str(text).ok()?;
        if value.get("format")?.as_str()? != FORMAT || value.get("version")?.as_u64()? != VERSION {
            return None;
        }
        let bytes = |key: &str| value.get(key)?.as_str().and_then(base64_decode);
        let iterations = u32::try_from(value.get("iterations")?.as_u64()?).ok()?;
        let sealed = Sealed {
            iterations,
            salt: bytes("salt")?,
            iv: bytes("iv")?,
            data: bytes("data")?,
        };
        let sane = (100_000..=10_000_000).contains(&iterations)
            && sealed.salt.len() == SALT_BYTES
            && sealed.iv.len() == IV_BYTES
            && !sealed.data.is_empty();
        sane.then_some(sealed)
    }
}

/// The file name of a copy: no child's name in it, only the date.
pub fn file_name(today: chrono::NaiveDate) -> String {
    format!("referral-draft-{today}.hoth")
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64, padding required; `None` for anything else.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for (index, chunk) in text.chunks(4).enumerate() {
        let last = index == text.len() / 4 - 1;
        let mut n = 0u32;
        let mut pad = 0;
        for (i, &c) in chunk.iter().enumerate() {
            let v = match c {
                b'=' if last && i >= 2 => {
                    pad += 1;
                    0
                }
                _ if pad > 0 => return None,
                _ => ALPHABET.iter().position(|&a| a == c)? as u32,
            };
            n = (n << 6) | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).as_deref(), Some(plain.as_bytes()));
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&all)), Some(all));
        assert_eq!(base64_decode("Zm9"), None);
        assert_eq!(base64_decode("Z=9v"), None);
        assert_eq!(base64_decode("Zm9*"), None);
    }

    #[test]
    fn sealed_round_trip_and_rejects() {
        let sealed = Sealed {
            iterations: ITERATIONS,
            salt: vec![1; SALT_BYTES],
            iv: vec![2; IV_BYTES],
            data: vec![3, 4, 5],
        };
        assert_eq!(Sealed::from_json(&sealed.to_json()), Some(sealed.clone()));
        assert_eq!(Sealed::from_json("not json"), None);
        assert_eq!(Sealed::from_json(r#"{"format":"hoth-draft"}"#), None);
        let short_salt = Sealed {
            salt: vec![1; 4],
            ..sealed
        };
        assert_eq!(Sealed::from_json(&short_salt.to_json()), None);
    }
}
