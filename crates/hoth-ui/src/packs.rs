//! The council's policy pack, given to the widget at run time.
//!
//! The widget's WebAssembly carries no pack: a page uses one council's rules, so the element
//! script fetches that council's pack (`policy-<id>.json`, a same-origin file beside the
//! widget's own, checked by Subresource Integrity) and hands its text to [`provide`]. The core
//! takes it only when it is byte for byte this release's pack (`Policy::from_builtin_text`):
//! that pack was checked when the release was built and tested, so the page only reads it and
//! compiles its conditions, and the checks are not in the widget's WebAssembly. A pack is
//! loaded once per page and kept for the page's life (at most one per built-in id).
//!
//! Natively (the reducer's tests) the core's built-in packs are compiled in and [`get`] falls
//! back to them.

use std::cell::RefCell;

use hoth_core::Policy;
use hoth_core::policy::BUILTIN_IDS;

thread_local! {
    static LOADED: RefCell<Vec<&'static Policy>> = const { RefCell::new(Vec::new()) };
}

/// The pack for `id`, if it has been given (or is compiled in).
pub fn get(id: &str) -> Option<&'static Policy> {
    LOADED
        .with_borrow(|loaded| loaded.iter().copied().find(|p| p.id() == id))
        .or_else(|| Policy::builtin(id))
}

/// Whether `id` names one of the packs this release is built with.
pub fn is_builtin(id: &str) -> bool {
    BUILTIN_IDS.contains(&id)
}

/// Load the pack `text` as the built-in pack `id`. An error (in plain words) when `id` is not
/// a built-in pack, or when the text is not this release's pack `id` (another council's pack,
/// another release's, an edited file); the widget then says it could not load the council's
/// rules. Giving a pack twice keeps the first.
pub fn provide(id: &str, text: &str) -> Result<(), String> {
    if !is_builtin(id) {
        return Err(format!(
            "\"{id}\" is not one of this form's council policies"
        ));
    }
    if LOADED.with_borrow(|loaded| loaded.iter().any(|p| p.id() == id)) {
        return Ok(());
    }
    let policy = Policy::from_builtin_text(id, text).map_err(|e| e.to_string())?;
    // Kept for the page's life, as the core keeps its built-in packs: a widget's state holds
    // `&'static Policy`, and there is at most one per built-in id.
    let policy: &'static Policy = Box::leak(Box::new(policy));
    LOADED.with_borrow_mut(|loaded| loaded.push(policy));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{get, provide};
    use hoth_core::policy::BUILTIN;

    fn text(id: &str) -> &'static str {
        BUILTIN
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, t)| *t)
            .unwrap()
    }

    #[test]
    fn a_given_pack_is_loaded_once_and_used() {
        assert_eq!(provide("wokingham", text("wokingham")), Ok(()));
        let given = get("wokingham").unwrap();
        assert!(!std::ptr::eq(
            given,
            hoth_core::Policy::builtin("wokingham").unwrap()
        ));
        // A second copy keeps the first.
        assert_eq!(provide("wokingham", text("wokingham")), Ok(()));
        assert!(std::ptr::eq(get("wokingham").unwrap(), given));
    }

    #[test]
    fn a_pack_that_is_not_the_one_asked_for_is_refused() {
        assert_eq!(
            provide("gloucestershire", text("tower-hamlets")),
            Err(
                "policy pack: this is not the \"gloucestershire\" pack this release was built with"
                    .to_owned()
            )
        );
        // The same pack, indented: not the served text, so not taken.
        let pretty = serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(text("tower-hamlets")).unwrap(),
        )
        .unwrap();
        assert!(provide("tower-hamlets", &pretty).is_err());
        assert!(provide("tower-hamlets", "{").is_err());
        assert!(provide("tower-hamlets", "<!doctype html><p>Not found</p>").is_err());
        assert_eq!(
            provide("atlantis", text("wokingham")),
            Err("\"atlantis\" is not one of this form's council policies".to_owned())
        );
    }
}
