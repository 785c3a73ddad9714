//! Drafts: the referral as it stands, kept so that a reload or a crash loses nothing.
//!
//! This module is the format only (pure, tested natively); `browser::storage` reads and
//! writes it. A draft that cannot be read (corrupt, or from another version of the form) is
//! never a crash: the caller sets it aside and says so.

pub mod copy;

use serde_json::{Value, json};

use crate::form::Page;

/// What a draft file says it is.
pub const FORMAT: &str = "hoth-draft";
/// The draft format this build writes and reads.
pub const VERSION: u64 = 1;
/// How long a `local` draft is kept: 72 hours, in milliseconds.
pub const LOCAL_TTL_MS: u64 = 72 * 60 * 60 * 1000;

/// Where drafts are kept (the element's `draft` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `sessionStorage`: survives a reload, gone when the tab closes (the default).
    #[default]
    Session,
    /// `localStorage`, deleted after 72 hours or on submit (opt-in by the portal).
    Local,
    /// Nothing is kept.
    Off,
}

impl Mode {
    /// From the attribute; anything unknown is the safe default, `session`.
    pub fn from_attribute(value: Option<&str>) -> Mode {
        match value.map(str::trim) {
            Some("local") => Mode::Local,
            Some("off") => Mode::Off,
            _ => Mode::Session,
        }
    }

    /// How long a draft may be kept, if the mode limits it.
    pub fn ttl_ms(self) -> Option<u64> {
        (self == Mode::Local).then_some(LOCAL_TTL_MS)
    }
}

/// The storage key for a form: one draft per `draft-key` (or per policy without one).
pub fn storage_key(draft_key: Option<&str>, policy: &str) -> String {
    match draft_key.map(str::trim).filter(|k| !k.is_empty()) {
        Some(key) => format!("hoth-referral:{key}"),
        None => format!("hoth-referral:{policy}"),
    }
}

/// Where an unreadable draft is moved, so that it is not lost (and not read again).
pub fn set_aside_key(key: &str) -> String {
    format!("{key}:set-aside")
}

/// A draft as kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub referral: Value,
    pub page: Page,
    /// Milliseconds since 1970 (JavaScript's `Date.now()`), a whole number.
    pub saved_at: u64,
}

impl Draft {
    pub fn to_json(&self) -> String {
        crate::json_text(&json!({
            "format": FORMAT,
            "version": VERSION,
            "savedAt": self.saved_at,
            "page": self.page.code(),
            "referral": self.referral,
        }))
    }
}

/// What reading a kept draft gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Read {
    Draft(Draft),
    /// Older than the mode allows: delete it.
    Expired,
    /// Not a draft this version can read: set it aside.
    Unreadable,
}

/// Read a kept draft at `now` (ms since 1970), with an optional time limit.
pub fn read(text: &str, now: u64, ttl_ms: Option<u64>) -> Read {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return Read::Unreadable;
    };
    let (Some(FORMAT), Some(VERSION), Some(saved_at), Some(referral)) = (
        value.get("format").and_then(Value::as_str),
        value.get("version").and_then(Value::as_u64),
        value.get("savedAt").and_then(Value::as_u64),
        value.get("referral").filter(|r| r.is_object()),
    ) else {
        return Read::Unreadable;
    };
    if ttl_ms.is_some_and(|ttl| now.saturating_sub(saved_at) > ttl || saved_at > now + 60_000) {
        return Read::Expired;
    }
    let page = value
        .get("page")
        .and_then(Value::as_str)
        .and_then(Page::from_code)
        .filter(|p| *p != Page::Confirmation)
        .unwrap_or(Page::Child);
    Read::Draft(Draft {
        referral: referral.clone(),
        page,
        saved_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            referral: json!({"child": {"firstName": "Sam"}}),
            page: Page::Consent,
            saved_at: 1_000,
        }
    }

    #[test]
    fn round_trip() {
        let text = draft().to_json();
        assert_eq!(read(&text, 2_000, None), Read::Draft(draft()));
        assert_eq!(read(&text, 2_000, Some(LOCAL_TTL_MS)), Read::Draft(draft()));
    }

    #[test]
    fn local_drafts_expire_after_72_hours() {
        let text = draft().to_json();
        assert_eq!(
            read(&text, 1_000 + LOCAL_TTL_MS + 1, Some(LOCAL_TTL_MS)),
            Read::Expired
        );
        assert!(matches!(
            read(&text, 1_000 + LOCAL_TTL_MS + 1, None),
            Read::Draft(_)
        ));
    }

    #[test]
    fn corrupt_or_old_drafts_are_unreadable() {
        assert_eq!(read("{not json", 0, None), Read::Unreadable);
        assert_eq!(read("[]", 0, None), Read::Unreadable);
        let old = draft().to_json().replace("\"version\":1", "\"version\":0");
        assert_eq!(read(&old, 2_000, None), Read::Unreadable);
        let no_referral = r#"{"format":"hoth-draft","version":1,"savedAt":1,"referral":3}"#;
        assert_eq!(read(no_referral, 2, None), Read::Unreadable);
    }

    #[test]
    fn an_unknown_page_starts_at_the_beginning() {
        let text = draft().to_json().replace("\"consent\"", "\"nowhere\"");
        let Read::Draft(d) = read(&text, 2_000, None) else {
            panic!("not read")
        };
        assert_eq!(d.page, Page::Child);
    }

    #[test]
    fn modes_and_keys() {
        assert_eq!(Mode::from_attribute(None), Mode::Session);
        assert_eq!(Mode::from_attribute(Some("local")), Mode::Local);
        assert_eq!(Mode::from_attribute(Some("off")), Mode::Off);
        assert_eq!(Mode::from_attribute(Some("cloud")), Mode::Session);
        assert_eq!(
            storage_key(Some(" portal-1 "), "wokingham"),
            "hoth-referral:portal-1"
        );
        assert_eq!(
            storage_key(Some(""), "wokingham"),
            "hoth-referral:wokingham"
        );
    }
}
