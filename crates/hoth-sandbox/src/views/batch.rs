//! Panel 5: a file of referrals, or a synthetic set, routed in Web Workers; the results
//! filtered and exported.

use std::rc::Rc;

use hoth_core::batch::{self, Row};
use hoth_core::synthetic;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlInputElement, HtmlSelectElement, MessageEvent};
use yew::prelude::*;

use super::StoreProps;
use crate::browser;
use crate::state::Action;
use crate::worker::{FromWorker, Job, Source};

/// The running worker and its message handler (kept alive while it runs).
type Running = Vec<(web_sys::Worker, Closure<dyn FnMut(MessageEvent)>)>;

/// Rows shown at most in the results table (the exports have them all).
const SHOWN: usize = 200;

/// Batch: a file of referrals, or a synthetic set, routed in a Web Worker.
#[function_component(BatchPanel)]
pub fn batch_panel(props: &StoreProps) -> Html {
    let store = &props.store;
    let worker = use_mut_ref(Running::new);
    let seed = use_state(|| "1".to_owned());
    let count = use_state(|| "1000".to_owned());
    let file_input = use_node_ref();
    let filter_policy = use_state(String::new);
    let filter_pathway = use_state(String::new);
    let filter_level = use_state(String::new);
    let invalid_only = use_state(|| false);
    let problem = use_state(|| None::<String>);

    // Start the workers, each with its part of the batch (the protocol is in `worker`).
    let start = {
        let store = store.clone();
        let worker = worker.clone();
        let problem = problem.clone();
        Rc::new(move |what: String, source: Source| {
            let chosen = store.chosen();
            if chosen.is_empty() {
                problem.set(Some("Choose at least one policy above.".to_owned()));
                return;
            }
            problem.set(None);
            for (old, _) in worker.borrow_mut().drain(..) {
                old.terminate();
            }
            let policies: Vec<String> = chosen.iter().map(|c| c.spec()).collect();
            let parts = browser::worker_count();
            let what = format!(
                "{what} under {} {}",
                chosen.len(),
                if chosen.len() == 1 {
                    "policy"
                } else {
                    "policies"
                }
            );
            store.dispatch(Action::BatchStart {
                what,
                parts,
                now_ms: browser::now_ms(),
            });
            for part in 0..parts {
                let Some(w) = browser::start_worker() else {
                    store.dispatch(Action::BatchFailed(
                        "This browser cannot start the batch worker.".to_owned(),
                    ));
                    return;
                };
                let on_message = {
                    let store = store.clone();
                    let worker = worker.clone();
                    Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                        match FromWorker::from_js(&event.data()) {
                            FromWorker::Start { total } => {
                                store.dispatch(Action::BatchTotal(total))
                            }
                            FromWorker::Rows { routed, rows } => {
                                store.dispatch(Action::BatchRows { part, routed, rows })
                            }
                            FromWorker::Done => {
                                // Stop it; its handler (running now) is dropped at the next start.
                                if let Some((w, _)) = worker.borrow().get(part) {
                                    w.terminate();
                                }
                                store.dispatch(Action::BatchPartDone {
                                    now_ms: browser::now_ms(),
                                });
                            }
                            FromWorker::Failed(message) => {
                                for (w, _) in worker.borrow().iter() {
                                    w.terminate();
                                }
                                store.dispatch(Action::BatchFailed(message));
                            }
                        }
                    })
                };
                w.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
                let job = Job {
                    source: &source,
                    policies: &policies,
                    today: store.today,
                    part,
                    parts,
                };
                if w.post_message(&job.message()).is_err() {
                    store.dispatch(Action::BatchFailed("The batch could not start.".to_owned()));
                }
                worker.borrow_mut().push((w, on_message));
            }
        })
    };
    let run_file = {
        let start = start.clone();
        let file_input = file_input.clone();
        let problem = problem.clone();
        Callback::from(move |_| {
            let Some(file) = file_input
                .cast::<HtmlInputElement>()
                .and_then(|i| browser::chosen_file(&i))
            else {
                problem.set(Some("Choose a batch file first.".to_owned()));
                return;
            };
            start(file.name(), Source::File(file));
        })
    };
    let parsed_seed = seed.trim().parse::<u64>().ok();
    let parsed_count = count
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=synthetic::MAX_COUNT).contains(n));
    let run_synth = {
        let start = start.clone();
        let problem = problem.clone();
        Callback::from(move |_| match (parsed_seed, parsed_count) {
            (Some(seed), Some(count)) => start(
                format!("{count} synthetic referrals (seed {seed})"),
                Source::Synthetic { seed, count },
            ),
            _ => problem.set(Some(format!(
                "Enter a seed (a whole number) and a count from 1 to {}.",
                synthetic::MAX_COUNT
            ))),
        })
    };
    let download_synth = {
        let problem = problem.clone();
        let today = store.today;
        Callback::from(move |_| match (parsed_seed, parsed_count) {
            (Some(seed), Some(count)) => {
                let mut text = String::new();
                for r in synthetic::referrals(seed, count, today) {
                    text.push_str(&serde_json::to_string(&r).unwrap_or_default());
                    text.push('\n');
                }
                browser::download(
                    &format!("synthetic-seed-{seed}-{count}.jsonl"),
                    "application/x-ndjson",
                    &text,
                );
            }
            _ => problem.set(Some(format!(
                "Enter a seed (a whole number) and a count from 1 to {}.",
                synthetic::MAX_COUNT
            ))),
        })
    };
    let cancel = {
        let store = store.clone();
        let worker = worker.clone();
        Callback::from(move |_| {
            let running: Vec<_> = worker.borrow_mut().drain(..).collect();
            if !running.is_empty() {
                for (w, _) in &running {
                    w.terminate();
                }
                store.dispatch(Action::BatchCancelled);
            }
        })
    };
    let batch = &store.batch;
    let rows = batch.rows.borrow();
    let export = |csv: bool| {
        let rows = batch.rows.clone();
        Callback::from(move |_| {
            let rows = rows.borrow();
            if csv {
                browser::download("hoth-batch.csv", "text/csv", &batch::to_csv(&rows));
            } else {
                browser::download(
                    "hoth-batch.jsonl",
                    "application/x-ndjson",
                    &batch::to_json_lines(&rows),
                );
            }
        })
    };
    let select = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let distinct = |get: &dyn Fn(&Row) -> String| {
        let mut values: Vec<String> = rows.iter().map(get).collect();
        values.sort();
        values.dedup();
        values
    };
    let show_results = !batch.running && !rows.is_empty();
    let (policies, pathways, levels) = if show_results {
        (
            distinct(&|r| r.policy.clone()),
            distinct(&|r| r.pathway.clone()),
            distinct(&|r| r.level.clone()),
        )
    } else {
        Default::default()
    };
    let matching: Vec<&Row> = if show_results {
        rows.iter()
            .filter(|r| filter_policy.is_empty() || r.policy == *filter_policy)
            .filter(|r| filter_pathway.is_empty() || r.pathway == *filter_pathway)
            .filter(|r| filter_level.is_empty() || r.level == *filter_level)
            .filter(|r| !*invalid_only || !r.valid)
            .collect()
    } else {
        Vec::new()
    };
    let options = |values: &[String], chosen: &str, empty: &str| {
        html! {
            <>
                <option value="" selected={chosen.is_empty()}>{ "any" }</option>
                { for values.iter().map(|v| html! {
                    <option value={v.clone()} selected={chosen == v}>{ if v.is_empty() { empty.to_owned() } else { v.clone() } }</option>
                }) }
            </>
        }
    };
    let status = if batch.running {
        format!(
            "Routing {}: {} of {} referrals",
            batch.what, batch.done, batch.total
        )
    } else if let Some(message) = &batch.message {
        message.clone()
    } else if let Some(ms) = batch.elapsed_ms {
        format!(
            "Routed {}: {} referrals, {} rows, in {:.0} ms.",
            batch.what,
            batch.total,
            rows.len(),
            ms
        )
    } else {
        String::new()
    };
    let elapsed = batch.elapsed_ms.map(|ms| format!("{ms:.1}"));
    html! {
        <section class="panel" aria-labelledby="batch-heading">
            <h2 id="batch-heading">{ "5. Batch" }</h2>
            <p>{ "Route a whole file of referrals under the policies chosen above, in the background. A batch file is a JSON array of referrals or JSON Lines (one referral per line)." }</p>
            <div class="grid">
                <div class="field">
                    <label for="batch-file">{ "Batch file (.json or .jsonl)" }</label>
                    <input type="file" id="batch-file" accept=".json,.jsonl,.ndjson,application/json" ref={file_input} />
                    <button type="button" class="button" id="batch-run-file" onclick={run_file} disabled={batch.running}>{ "Route the file" }</button>
                </div>
                <fieldset class="field synth">
                    <legend>{ "Or synthetic referrals (made up, valid; the same seed gives the same set)" }</legend>
                    <label for="synth-seed">{ "Seed" }</label>
                    <input type="text" inputmode="numeric" id="synth-seed" class="short" value={(*seed).clone()}
                        oninput={{ let seed = seed.clone(); Callback::from(move |e: InputEvent| seed.set(e.target_unchecked_into::<HtmlInputElement>().value())) }} />
                    <label for="synth-count">{ "How many" }</label>
                    <input type="text" inputmode="numeric" id="synth-count" class="short" value={(*count).clone()}
                        oninput={{ let count = count.clone(); Callback::from(move |e: InputEvent| count.set(e.target_unchecked_into::<HtmlInputElement>().value())) }} />
                    <div class="buttons">
                        <button type="button" class="button" id="synth-run" onclick={run_synth} disabled={batch.running}>{ "Route synthetic referrals" }</button>
                        <button type="button" class="button button--secondary" id="synth-download" onclick={download_synth}>{ "Download them (JSON Lines)" }</button>
                    </div>
                </fieldset>
            </div>
            if let Some(p) = &*problem { <p class="error" role="alert" id="batch-problem">{ p }</p> }
            <div class="progress-row">
                <progress id="batch-progress" aria-label="Batch progress" max={batch.total.max(1).to_string()} value={batch.done.to_string()} />
                <button type="button" class="button button--warning" id="batch-cancel" onclick={cancel} disabled={!batch.running}>{ "Cancel" }</button>
            </div>
            <p id="batch-status" role="status" data-state={if batch.running { "running" } else if batch.elapsed_ms.is_some() { "done" } else { "idle" }} data-elapsed-ms={elapsed}>{ status }</p>
            if show_results {
                <div class="results" id="batch-results">
                    <div class="buttons">
                        <button type="button" class="button" id="export-csv" onclick={export(true)}>{ "Export CSV" }</button>
                        <button type="button" class="button" id="export-jsonl" onclick={export(false)}>{ "Export JSON Lines" }</button>
                    </div>
                    <div class="filters grid">
                        <div class="field"><label for="filter-policy">{ "Policy" }</label>
                            <select id="filter-policy" onchange={select(&filter_policy)}>{ options(&policies, &filter_policy, "") }</select></div>
                        <div class="field"><label for="filter-pathway">{ "Pathway" }</label>
                            <select id="filter-pathway" onchange={select(&filter_pathway)}>{ options(&pathways, &filter_pathway, "none") }</select></div>
                        <div class="field"><label for="filter-level">{ "Level" }</label>
                            <select id="filter-level" onchange={select(&filter_level)}>{ options(&levels, &filter_level, "not valid") }</select></div>
                        <div class="check">
                            <input type="checkbox" id="filter-invalid" checked={*invalid_only}
                                onchange={{ let invalid_only = invalid_only.clone(); Callback::from(move |_: Event| invalid_only.set(!*invalid_only)) }} />
                            <label for="filter-invalid">{ "Only referrals that are not valid" }</label>
                        </div>
                    </div>
                    <p id="batch-count">{ format!("{} matching rows{}", matching.len(), if matching.len() > SHOWN { format!(" (the first {SHOWN} shown; the exports have every row)") } else { String::new() }) }</p>
                    <div class="scroll" tabindex="0" role="region" aria-label="Batch results">
                        <table class="table table--compact" id="batch-table">
                            <thead><tr>
                                { for ["#", "Policy", "Valid", "Level", "Pathway", "Plan", "Outcomes", "Issues"].iter().map(|h| html! { <th scope="col">{ *h }</th> }) }
                            </tr></thead>
                            <tbody>
                                { for matching.iter().take(SHOWN).map(|r| html! {
                                    <tr class={classes!((!r.valid).then_some("invalid"))}>
                                        <td>{ r.index }</td><td>{ &r.policy }</td><td>{ if r.valid { "yes" } else { "no" } }</td>
                                        <td>{ &r.level }</td><td>{ &r.pathway }</td><td>{ &r.plan }</td>
                                        <td class="wrap">{ r.codes() }</td><td class="wrap">{ r.issue_list() }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                </div>
            }
        </section>
    }
}
