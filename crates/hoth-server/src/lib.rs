//! `hoth-server`: the back-end re-check as a small, stateless HTTP service. A portal must never
//! trust what a browser sends: its back-end posts every submission here and gets the same
//! answer the widget showed, from the same core and packs.
//!
//! **No domain logic.** Every handler reads the request, calls `hoth-core` exactly as the
//! `hoth` command does, and sends the same JSON `hoth` prints (`hoth_core::json_text`; a
//! decision through `Decision::json_bytes`, the same bytes written directly): the decision of
//! `POST /v1/route` is byte for byte `hoth route`'s. What only this boundary does
//! is HTTP: content types, the body limit, the bearer token, timeouts, the concurrency limit,
//! metrics and the access log, which records method, path, status and latency, never
//! anything of a referral.
//!
//! Stateless: the only state is the packs loaded at start (and counters for `/metrics`);
//! `today` is the request's or the server's date, as in the CLI. Any number of copies with the
//! same packs give the same answers.

pub mod access_log;
pub mod app;
pub mod error;
pub mod metrics;
pub mod openapi;

pub use app::{Config, router};

/// The largest body accepted, in bytes: the JavaScript module's limit too.
pub const MAX_BODY_BYTES: usize = 1_000_000;
