//! hoth-ui: the `<hoth-referral>` widget, a Yew wizard for the Multi-Agency Referral Form with
//! the harm-outside-the-home screening tool and a live route panel, over `hoth-core`.
//!
//! The custom element itself is a small hand-written script (`js/hoth-referral.js`): it
//! attaches an open shadow root, links the widget's stylesheet and calls [`mount`]. Attribute
//! changes and the `value` property go through the returned [`Widget`].
//!
//! Layout (folders by role): `state` (the reducer, pure and tested natively), `form` (the
//! questions as data), `pages` and `components` (Yew views), `browser` (clock, focus,
//! storage, events, WebCrypto), `draft` (draft and saved-copy formats).
//!
//! No domain logic lives here: issues, the screening level and the route all come from the
//! core. The widget prints nothing to the console (a panic prints one fixed sentence, never
//! its message) and makes no network request.

pub mod app;
pub mod browser;
pub mod components;
pub mod draft;
pub mod form;
pub mod packs;
pub mod pages;
pub mod state;

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Element, ShadowRoot};
use yew::AppHandle;

use crate::app::{App, AppProps, Bridge, Options, submit_timeout_ms};
use crate::browser::events::{from_js, to_js};
use crate::components::Headings;
use crate::draft::Mode;
use crate::state::Action;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// What a panic writes to the console, in place of Yew's default hook
/// (`console_error_panic_hook`), which prints the panic's message: a message may quote what
/// was typed, and a council's console capture must never see a child's data. Fixed text only.
const PANIC_MESSAGE: &str = "hoth-referral stopped after an internal error. \
    The details are withheld because they could include what was typed.";

fn quiet_panics() {
    yew::set_custom_panic_hook(Box::new(|_| console_error(PANIC_MESSAGE)));
}

/// Give the widget the council's policy pack `id` (the bytes of `policies/<id>.json`, which the
/// element fetches beside the widget's files). Undefined when it loaded; else a sentence saying
/// why not, and the form then says it could not load the council's rules.
///
/// Bytes rather than a string: the pack's 30 KB are copied into the wasm's memory at once,
/// where a string is encoded a character at a time by the glue's JavaScript, still cold on a
/// page's first load. Bytes that are not UTF-8 are not this release's pack (refused as any
/// other text that is not).
#[wasm_bindgen(js_name = providePolicy)]
pub fn provide_policy(id: &str, bytes: &[u8]) -> Option<String> {
    packs::provide(id, std::str::from_utf8(bytes).unwrap_or_default()).err()
}

/// A JSON value's compact text, the same as its `Display`, written through a `Vec`:
/// `Display` goes through a formatter adapter whose I/O error (never raised) links std's
/// string error and its `Debug`, and with it core's Unicode tables (about 3 KB compressed).
pub(crate) fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A running widget, as the element holds it.
#[wasm_bindgen]
pub struct Widget {
    handle: Option<AppHandle<App>>,
    options: Options,
    bridge: Rc<Bridge>,
}

fn text(options: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

/// Start the widget in `root` (an element inside the custom element's shadow root).
///
/// `options`: `{ policy, councilName, draftKey, draft, headingLevel, pageTitle, submitTimeout,
/// value }`, the element's attributes
/// and a `value` set before the module loaded. Events fire on the shadow root's host.
#[wasm_bindgen]
pub fn mount(root: Element, options: JsValue) -> Widget {
    quiet_panics();
    let host = root
        .get_root_node()
        .dyn_into::<ShadowRoot>()
        .map(|shadow| shadow.host())
        .unwrap_or_else(|_| root.clone());
    let opts = Options {
        policy: text(&options, "policy").unwrap_or_default(),
        council_name: text(&options, "councilName"),
        draft_key: text(&options, "draftKey"),
        draft: Mode::from_attribute(text(&options, "draft").as_deref()),
        headings: Headings::from_attribute(text(&options, "headingLevel").as_deref()),
        page_title: text(&options, "pageTitle"),
        submit_timeout_ms: submit_timeout_ms(text(&options, "submitTimeout").as_deref()),
    };
    let bridge = Rc::new(Bridge::new(Some(host), browser::today()));
    let preset = js_sys::Reflect::get(&options, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| from_js(&v))
        .filter(Value::is_object);
    *bridge.preset.borrow_mut() = preset;
    let handle = yew::Renderer::<App>::with_root_and_props(
        root,
        AppProps {
            options: opts.clone(),
            bridge: bridge.clone(),
        },
    )
    .render();
    Widget {
        handle: Some(handle),
        options: opts,
        bridge,
    }
}

#[wasm_bindgen]
impl Widget {
    /// The referral as it would be sent (a plain object).
    pub fn value(&self) -> JsValue {
        to_js(&self.bridge.value.borrow())
    }

    /// Replace the answers. Anything that is not an object is ignored (the element throws
    /// first). `value` reads the new referral at once, before the form has re-rendered.
    #[wasm_bindgen(js_name = setValue)]
    pub fn set_value(&self, value: JsValue) {
        if let Some(referral) = from_js(&value).filter(Value::is_object) {
            if let (Some(policy), Some(today)) =
                (packs::get(self.options.policy.trim()), self.bridge.today)
            {
                let state = state::State::unchecked(policy, today).with_answers(
                    referral.clone(),
                    form::Page::Child,
                    None,
                );
                *self.bridge.value.borrow_mut() = state.referral;
            } else {
                *self.bridge.value.borrow_mut() = referral.clone();
            }
            self.bridge.send(Action::Preset(Some(referral)));
        }
    }

    /// An attribute changed (`policy`, `council-name`, `draft-key`, `draft`,
    /// `heading-level`, `page-title`, `submit-timeout`).
    #[wasm_bindgen(js_name = setOption)]
    pub fn set_option(&mut self, name: &str, value: Option<String>) {
        match name {
            "policy" => self.options.policy = value.unwrap_or_default(),
            "council-name" => self.options.council_name = value,
            "draft-key" => self.options.draft_key = value,
            "draft" => self.options.draft = Mode::from_attribute(value.as_deref()),
            "heading-level" => self.options.headings = Headings::from_attribute(value.as_deref()),
            "page-title" => self.options.page_title = value,
            "submit-timeout" => {
                self.options.submit_timeout_ms = submit_timeout_ms(value.as_deref())
            }
            _ => return,
        }
        if let Some(handle) = self.handle.as_mut() {
            handle.update(AppProps {
                options: self.options.clone(),
                bridge: self.bridge.clone(),
            });
        }
    }

    /// Take the app down (the element left the page).
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}
