//! The root component: the element's options in, the wizard out, and the side effects of
//! state changes (drafts, events, focus) in one place.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chrono::NaiveDate;
use hoth_core::Policy;
use serde_json::{Value, json};
use web_sys::{Element, MouseEvent};
use yew::prelude::*;

use crate::browser::events::HandOver;
use crate::browser::{self, events, history, storage};
use crate::components::route::{RouteJump, RoutePanel};
use crate::components::{DangerPanel, Headings, NoticeBanner, Store};
use crate::draft::{self, Draft, Mode};
use crate::form::Page;
use crate::packs;
use crate::pages::{CheckPage, ConfirmationPage, QuestionPage};
use crate::state::{Action, Notice, PolicyRef, SendAnswer, State, path};

/// The element's attributes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    pub policy: String,
    pub council_name: Option<String>,
    pub draft_key: Option<String>,
    pub draft: Mode,
    /// `heading-level`: the level of the page heading (the portal may keep its own `h1`).
    pub headings: Headings,
    /// `page-title`: when set, the widget keeps `document.title` as "[Error: ]<step> - <this>".
    pub page_title: Option<String>,
    /// `submit-timeout`: how long to wait for the portal's answer to `hoth-submit`, in ms.
    pub submit_timeout_ms: u32,
}

/// How long the widget waits for the portal to confirm or fail a referral it took with
/// `preventDefault()`, unless `submit-timeout` says otherwise: 30 seconds.
pub const DEFAULT_SUBMIT_TIMEOUT_MS: u32 = 30_000;

/// `submit-timeout` in whole seconds (1 to 600), as milliseconds. (Parsed as an integer:
/// float parsing would add its code to the wasm.)
pub fn submit_timeout_ms(attribute: Option<&str>) -> u32 {
    attribute
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|s| (1..=600).contains(s))
        .map_or(DEFAULT_SUBMIT_TIMEOUT_MS, |s| s * 1000)
}

/// What the referrer reads when the portal did not take the referral.
pub const NOT_TAKEN: &str = "This page did not take your referral.";
/// ... or did not answer in time.
pub const NO_ANSWER: &str = "There was no answer from this page in time.";

/// How the element (JavaScript) and the running app talk: actions in, the referral out.
#[derive(Default)]
pub struct Bridge {
    dispatch: RefCell<Option<Callback<Action>>>,
    pending: RefCell<Vec<Action>>,
    /// The referral as it would be sent, for the `value` property.
    pub value: RefCell<Value>,
    /// Set before the app started (`el.value = ...` before the module loaded).
    pub preset: RefCell<Option<Value>>,
    /// The element events are fired on.
    pub host: Option<Element>,
    pub today: Option<NaiveDate>,
}

impl Bridge {
    pub fn new(host: Option<Element>, today: Option<NaiveDate>) -> Bridge {
        Bridge {
            host,
            today,
            ..Bridge::default()
        }
    }

    /// Send an action to the app, or keep it until the app is running.
    pub fn send(&self, action: Action) {
        let dispatch = self.dispatch.borrow().clone();
        match dispatch {
            Some(dispatch) => dispatch.emit(action),
            None => self.pending.borrow_mut().push(action),
        }
    }

    fn connect(&self, dispatch: Callback<Action>) {
        for action in self.pending.borrow_mut().drain(..) {
            dispatch.emit(action);
        }
        *self.dispatch.borrow_mut() = Some(dispatch);
    }
}

#[derive(Properties, Clone)]
pub struct AppProps {
    pub options: Options,
    pub bridge: Rc<Bridge>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        self.options == other.options && Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

/// Unknown policy: a clear message in the element, never a blank box.
#[component]
pub fn App(props: &AppProps) -> Html {
    match packs::get(props.options.policy.trim()) {
        Some(policy) => {
            html! { <Wizard policy={PolicyRef(policy)} options={props.options.clone()} bridge={props.bridge.clone()} /> }
        }
        None => {
            // The form is taken down: keep its answers to start from when the page names a
            // known policy again (with draft="off" there is no draft to restore them from).
            let answers = props.bridge.value.borrow().clone();
            let mut preset = props.bridge.preset.borrow_mut();
            if preset.is_none() && answers.is_object() {
                *preset = Some(answers);
            }
            unknown_policy(&props.options.policy, props.options.headings)
        }
    }
}

fn unknown_policy(id: &str, h: Headings) -> Html {
    let known = Policy::builtin_ids().collect::<Vec<_>>().join(", ");
    if packs::is_builtin(id.trim()) {
        // A known council whose pack file did not arrive (offline, or a file that failed its
        // integrity check): the answers are kept, as for an unknown policy.
        return html! {
            <div class="hoth-root">
                <div class="hoth-unavailable" id="hoth-unknown-policy" role="alert">
                    { h.heading(2, "govuk-heading-m", None, false, html! { <>{ "Sorry, this referral form cannot be shown" }</> }) }
                    <p class="govuk-body">{ "The form could not load the council's rules for where a referral goes next. Your answers are kept while this page stays open." }</p>
                    <p class="govuk-body">{ "To make a referral now, phone the council's children's services front door. If a child is in immediate danger, call 999." }</p>
                    <p class="govuk-body-s">{ format!("For the website team: policy-{}.json did not load beside the widget's files.", id.trim()) }</p>
                </div>
            </div>
        };
    }
    let asked = if id.trim().is_empty() {
        "The page did not say which council's policy to use (the policy attribute is missing)."
            .to_owned()
    } else {
        format!(
            "The page asked for a council policy called \u{201c}{}\u{201d}, which this form does not have.",
            id.trim()
        )
    };
    html! {
        <div class="hoth-root">
            <div class="hoth-unavailable" id="hoth-unknown-policy" role="alert">
                { h.heading(2, "govuk-heading-m", None, false, html! { <>{ "Sorry, this referral form cannot be shown" }</> }) }
                <p class="govuk-body">{ asked }</p>
                <p class="govuk-body">{ "To make a referral now, phone the council's children's services front door. If a child is in immediate danger, call 999." }</p>
                <p class="govuk-body-s">{ format!("For the website team: set policy to one of {known}.") }</p>
            </div>
        </div>
    }
}

#[derive(Properties)]
pub struct WizardProps {
    pub policy: PolicyRef,
    pub options: Options,
    pub bridge: Rc<Bridge>,
}

impl PartialEq for WizardProps {
    fn eq(&self, other: &Self) -> bool {
        self.policy == other.policy
            && self.options == other.options
            && Rc::ptr_eq(&self.bridge, &other.bridge)
    }
}

fn storage_key(options: &Options) -> String {
    draft::storage_key(options.draft_key.as_deref(), &options.policy)
}

/// The first state: a kept draft if there is one, else the preset value, else blank. A blank
/// form is not checked by the core before its first page shows (see [`State::unchecked`]);
/// given answers are (loading them asks the core).
fn initial(props: &WizardProps) -> State {
    let today = props.bridge.today.unwrap_or_default();
    let state = State::unchecked(props.policy.0, today);
    let preset = props.bridge.preset.borrow_mut().take();
    match storage::load(props.options.draft, &storage_key(&props.options)) {
        storage::Found::Draft(kept) => {
            state.with_answers(kept.referral, kept.page, Some(Notice::DraftRestored))
        }
        found => {
            let notice = match found {
                storage::Found::Notice(notice) => Some(notice),
                _ => None,
            };
            match preset {
                Some(referral) => state.with_answers(referral, Page::Child, notice),
                None => State { notice, ..state },
            }
        }
    }
}

#[component]
fn Wizard(props: &WizardProps) -> Html {
    let store = use_reducer(|| initial(props));
    let root = use_node_ref();
    let last_revision = use_mut_ref(|| store.revision);

    // Connect the element's bridge once; a blank form's first page is on screen, so now ask
    // the core about it (after the browser has painted: a frame, then a task).
    {
        let bridge = props.bridge.clone();
        let dispatcher = store.dispatcher();
        let unchecked = store.unchecked;
        use_effect_with((), move |_| {
            if unchecked {
                let dispatcher = dispatcher.clone();
                browser::after_paint(move || dispatcher.dispatch(Action::Check));
            }
            bridge.connect(Callback::from(move |a| dispatcher.dispatch(a)));
        });
    }
    // A new policy attribute.
    {
        let dispatcher = store.dispatcher();
        let current = store.policy;
        use_effect_with(props.policy, move |policy| {
            if *policy != current {
                dispatcher.dispatch(Action::SetPolicy(*policy));
            }
        });
    }
    // Every change of an answer or page: keep the draft (it restores to the same page). Not
    // on mount: opening the page is not a change (and must not extend a local draft's life).
    {
        let store = store.clone();
        let options = props.options.clone();
        let mounted = use_mut_ref(|| false);
        use_effect_with((store.revision, store.page), move |_| {
            if std::mem::replace(&mut *mounted.borrow_mut(), true) && !store.submitted {
                keep_draft(&store, &options);
            }
        });
    }
    // Every change of an answer: tell the portal, update `value`.
    {
        let store = store.clone();
        let bridge = props.bridge.clone();
        let last = last_revision.clone();
        use_effect_with(store.revision, move |revision| {
            *bridge.value.borrow_mut() = store.referral.clone();
            let changed = *last.borrow() != *revision;
            *last.borrow_mut() = *revision;
            if let (true, false, Some(host)) = (changed, store.submitted, &bridge.host) {
                let decision = store
                    .route
                    .as_ref()
                    .filter(|r| !r.provisional)
                    .map(|r| json!(r.decision))
                    .unwrap_or(Value::Null);
                events::dispatch(
                    host,
                    "hoth-change",
                    &json!({
                        "referral": store.referral,
                        "valid": store.issues.is_empty(),
                        "issues": store.issues,
                        "decision": decision,
                    }),
                );
            }
        });
    }
    // Confirmed by the portal: only now is the draft forgotten.
    {
        let options = props.options.clone();
        use_effect_with(store.submitted, move |submitted| {
            if *submitted {
                let key = storage_key(&options);
                storage::clear(options.draft, &key);
                storage::clear_set_aside(options.draft, &key);
            }
        });
    }
    // "Accept and send": hand the referral to the portal and wait for its answer.
    {
        let store = store.clone();
        let bridge = props.bridge.clone();
        let timeout = props.options.submit_timeout_ms;
        use_effect_with(store.sending, move |sending| {
            if let Some(seq) = *sending {
                let answer = {
                    let dispatcher = store.dispatcher();
                    Callback::from(move |answer| {
                        dispatcher.dispatch(Action::SendAnswered { seq, answer })
                    })
                };
                let settled = Rc::new(Cell::new(false));
                let detail = store
                    .route
                    .as_ref()
                    .map(|route| json!({ "referral": store.referral, "decision": route.decision }));
                let handed = match (&bridge.host, detail) {
                    (Some(host), Some(detail)) => {
                        events::submit(host, &detail, settled.clone(), answer.clone())
                    }
                    _ => HandOver::Unheard,
                };
                match handed {
                    HandOver::Answered => {}
                    HandOver::Unheard => answer.emit(SendAnswer::Failed(NOT_TAKEN.into())),
                    HandOver::Waiting => browser::after(timeout, move || {
                        if !settled.replace(true) {
                            answer.emit(SendAnswer::Failed(NO_ANSWER.into()));
                        }
                    }),
                }
            }
        });
    }
    // Back and Forward: one history entry per page (state only, the URL untouched).
    {
        let key = storage_key(&props.options);
        let dispatcher = store.dispatcher();
        use_effect_with(key, move |key| {
            // After the browser has finished the traversal: on an address with a fragment
            // (`#content`), Chromium moves focus to the page after `popstate`, which would
            // take it from the step's heading.
            let listener = history::listen(
                key.clone(),
                Callback::from(move |page| {
                    let dispatcher = dispatcher.clone();
                    browser::after(0, move || dispatcher.dispatch(Action::Visit(page)));
                }),
            );
            move || drop(listener)
        });
    }
    {
        let key = storage_key(&props.options);
        let via_history = store.via_history;
        let marked = use_mut_ref(|| false);
        use_effect_with(store.page, move |page| {
            if !std::mem::replace(&mut *marked.borrow_mut(), true) {
                history::mark(&key, *page);
            } else if !via_history {
                history::push(&key, *page);
            }
        });
    }
    // The document's title, when the portal asked for it: the step, "Error: " first when
    // the error summary shows.
    {
        let title = props.options.page_title.clone();
        let errors = !store.errors.is_empty() || store.send_error.is_some();
        use_effect_with((store.page, errors, title), move |(page, errors, title)| {
            if let Some(title) = title.as_deref().filter(|t| !t.trim().is_empty()) {
                let error = if *errors { "Error: " } else { "" };
                browser::set_title(&format!("{error}{} - {}", page.title(), title.trim()));
            }
        });
    }
    // Focus requests.
    {
        let root = root.clone();
        use_effect_with(store.focus.clone(), move |focus| {
            if let (Some(focus), Some(root)) = (focus, root.cast::<Element>()) {
                browser::focus_target(&root, &focus.target);
            }
        });
    }

    let council: AttrValue = props
        .options
        .council_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| props.policy.0.pack().name.clone())
        .into();
    let danger = path::get(&store.answers, "concerns.immediateDanger") == Some(&Value::Bool(true))
        && store.page != Page::Confirmation;
    let back = store.back_page().map(|page| {
        let store = store.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            store.dispatch(Action::Back);
        });
        html! {
            <a href={format!("#hoth-page-{}", page.code())} class="govuk-back-link hoth-no-print" id="hoth-back" {onclick}>{ "Back" }</a>
        }
    });
    let notice = store.notice.map(|notice| {
        let start_again = {
            let store = store.clone();
            Callback::from(move |_: MouseEvent| store.dispatch(Action::StartAgain))
        };
        let dismiss = {
            let store = store.clone();
            Callback::from(move |_: MouseEvent| store.dispatch(Action::Notify(None)))
        };
        html! { <NoticeBanner {notice} on_start_again={start_again} on_dismiss={dismiss} /> }
    });
    let page = match store.page {
        Page::Check => html! { <CheckPage /> },
        Page::Confirmation => html! { <ConfirmationPage council={council.clone()} /> },
        _ => html! { <QuestionPage council={council.clone()} /> },
    };
    let side = (store.page != Page::Confirmation).then(|| {
        html! {
            <div class="hoth-side">
                <RoutePanel council={council.clone()} />
            </div>
        }
    });
    let jump = (store.page != Page::Confirmation).then(|| html! { <RouteJump /> });
    html! {
        <ContextProvider<Headings> context={props.options.headings}>
        <ContextProvider<Store> context={store.clone()}>
            <div class="hoth-root" ref={root} data-page={store.page.code()}>
                if danger {
                    <DangerPanel />
                }
                { notice.unwrap_or_default() }
                { back.unwrap_or_default() }
                { jump.unwrap_or_default() }
                <div class={classes!("hoth-layout", side.is_none().then_some("hoth-layout--single"))}>
                    <div class="hoth-main">{ page }</div>
                    { side.unwrap_or_default() }
                </div>
            </div>
        </ContextProvider<Store>>
        </ContextProvider<Headings>>
    }
}

/// Keep (or, for a blank form, forget) the draft; say so once if the browser will not.
fn keep_draft(store: &Store, options: &Options) {
    if options.draft == Mode::Off {
        return;
    }
    let key = storage_key(options);
    if store.is_blank() {
        storage::clear(options.draft, &key);
        return;
    }
    let kept = storage::save(
        options.draft,
        &key,
        &Draft {
            referral: store.answers.clone(),
            page: store.page,
            saved_at: browser::now_ms(),
        },
    );
    if !kept && store.notice != Some(Notice::StorageUnavailable) {
        store.dispatch(Action::Notify(Some(Notice::StorageUnavailable)));
    }
}
