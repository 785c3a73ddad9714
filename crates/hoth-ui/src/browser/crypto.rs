//! Encrypting a draft for "Save a copy to continue later", with the browser's WebCrypto:
//! a 256-bit AES-GCM key from the passphrase by PBKDF2-SHA-256 (600,000 iterations, random
//! 16-byte salt), a random 12-byte IV. The file format is `draft::copy`.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesGcmParams, AesKeyGenParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

use crate::draft::copy::{ITERATIONS, IV_BYTES, SALT_BYTES, Sealed};

/// Why a copy could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenError {
    /// The file is not an encrypted copy of this form.
    NotACopy,
    /// The passphrase does not open it (or the file was changed).
    WrongPassphrase,
    /// The browser cannot do the cryptography (too old, or not a secure context).
    Unavailable,
}

fn crypto() -> Option<web_sys::Crypto> {
    web_sys::window()?.crypto().ok()
}

fn random(bytes: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; bytes];
    crypto()?.get_random_values_with_u8_array(&mut out).ok()?;
    Some(out)
}

async fn key(
    subtle: &SubtleCrypto,
    passphrase: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, JsValue> {
    let raw = Uint8Array::from(passphrase.as_bytes());
    let usages = Array::of1(&JsValue::from_str("deriveKey"));
    let base =
        JsFuture::from(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages)?).await?;
    let base: CryptoKey = base.dyn_into()?;
    let params =
        Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &Uint8Array::from(salt));
    let aes = AesKeyGenParams::new("AES-GCM", 256);
    let usages = Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
    let key = JsFuture::from(
        subtle.derive_key_with_object_and_object(&params, &base, &aes, false, &usages)?,
    )
    .await?;
    key.dyn_into()
}

/// Encrypt `plain` (the draft's JSON) with the passphrase.
pub async fn seal(plain: &str, passphrase: &str) -> Option<Sealed> {
    let subtle = crypto()?.subtle();
    let salt = random(SALT_BYTES)?;
    let iv = random(IV_BYTES)?;
    let key = key(&subtle, passphrase, &salt, ITERATIONS).await.ok()?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(iv.as_slice()));
    let promise = subtle
        .encrypt_with_object_and_u8_array(&params, &key, plain.as_bytes())
        .ok()?;
    let data = JsFuture::from(promise).await.ok()?;
    Some(Sealed {
        iterations: ITERATIONS,
        salt,
        iv,
        data: Uint8Array::new(&data).to_vec(),
    })
}

/// Decrypt a copy's file text with the passphrase, giving the draft's JSON.
pub async fn open(file: &str, passphrase: &str) -> Result<String, OpenError> {
    let sealed = Sealed::from_json(file).ok_or(OpenError::NotACopy)?;
    let subtle = crypto().ok_or(OpenError::Unavailable)?.subtle();
    let key = key(&subtle, passphrase, &sealed.salt, sealed.iterations)
        .await
        .map_err(|_| OpenError::Unavailable)?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(sealed.iv.as_slice()));
    let promise = subtle
        .decrypt_with_object_and_u8_array(&params, &key, &sealed.data)
        .map_err(|_| OpenError::Unavailable)?;
    // AES-GCM checks its tag: a wrong key (passphrase) fails here.
    let plain = JsFuture::from(promise)
        .await
        .map_err(|_| OpenError::WrongPassphrase)?;
    String::from_utf8(Uint8Array::new(&plain).to_vec()).map_err(|_| OpenError::WrongPassphrase)
}

/// Offer `text` as a file download (the saved copy of a draft).
pub fn download(name: &str, text: &str) -> bool {
    hoth_web::download(name, "application/octet-stream", text)
}
