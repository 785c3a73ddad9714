//! Drafts in `sessionStorage` or `localStorage` (the element's `draft` attribute). Storage
//! that is blocked or full is never an error for the referrer: the form keeps working in
//! memory and says the draft cannot be saved.

use web_sys::Storage;

use crate::draft::{self, Draft, Mode, Read};
use crate::state::Notice;

/// The storage for a mode; `None` when the mode keeps nothing or the browser refuses.
fn storage(mode: Mode) -> Option<Storage> {
    let window = web_sys::window()?;
    match mode {
        Mode::Session => window.session_storage().ok().flatten(),
        Mode::Local => window.local_storage().ok().flatten(),
        Mode::Off => None,
    }
}

/// What was found when the form started.
pub enum Found {
    Nothing,
    Draft(Draft),
    /// Nothing to restore, and something to tell the referrer.
    Notice(Notice),
}

/// Read the kept draft, setting aside one that cannot be read and deleting an expired one.
pub fn load(mode: Mode, key: &str) -> Found {
    if mode == Mode::Off {
        return Found::Nothing;
    }
    let Some(storage) = storage(mode) else {
        return Found::Notice(Notice::StorageUnavailable);
    };
    let text = match storage.get_item(key) {
        Ok(Some(text)) => text,
        Ok(None) => return Found::Nothing,
        Err(_) => return Found::Notice(Notice::StorageUnavailable),
    };
    match draft::read(&text, super::now_ms(), mode.ttl_ms()) {
        Read::Draft(draft) => Found::Draft(draft),
        Read::Expired => {
            let _ = storage.remove_item(key);
            Found::Notice(Notice::DraftExpired)
        }
        Read::Unreadable => {
            let _ = storage.set_item(&draft::set_aside_key(key), &text);
            let _ = storage.remove_item(key);
            Found::Notice(Notice::DraftSetAside)
        }
    }
}

/// Keep the draft. `false` when the browser would not (blocked, full, private mode).
pub fn save(mode: Mode, key: &str, draft: &Draft) -> bool {
    match mode {
        Mode::Off => true,
        _ => storage(mode).is_some_and(|s| s.set_item(key, &draft.to_json()).is_ok()),
    }
}

/// Delete the draft (on submit, on "start again", or when the form is blank again). A
/// set-aside draft goes too: the referrer has moved on.
pub fn clear(mode: Mode, key: &str) {
    if let Some(storage) = storage(mode) {
        let _ = storage.remove_item(key);
    }
}

/// Delete a set-aside draft (when the referral it may have been is sent or started again).
pub fn clear_set_aside(mode: Mode, key: &str) {
    if let Some(storage) = storage(mode) {
        let _ = storage.remove_item(&draft::set_aside_key(key));
    }
}
