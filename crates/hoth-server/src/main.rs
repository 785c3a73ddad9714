//! `hoth-server`: the back-end re-check as an HTTP service (see the crate's library docs).
//!
//! Exit codes: 0 stopped (SIGTERM or Ctrl-C, after the requests in flight were answered);
//! 2 usage, a token file that cannot be read, an address that cannot be bound, or a policy pack
//! that does not load (the message names the file, the rule and the field).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use axum::serve::ListenerExt;
use clap::Parser;
use hoth_core::policy::{MAX_PACK_BYTES, Policy, Registry};
use hoth_server::access_log::{AccessLog, FLUSH_EVERY};
use hoth_server::{Config, router};

/// mimalloc rather than the system allocator: a request makes many small allocations (the
/// referral's JSON, the decision, the answer) on two worker threads; under load glibc's
/// malloc and free were about 14% of the service's CPU time in `perf` (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "hoth-server",
    version,
    about = "Validate and route referrals over HTTP: the back-end re-check, with the same core and packs as the hoth command"
)]
struct Args {
    /// The address to listen on. 127.0.0.1 only unless told otherwise (0.0.0.0:8087 for every
    /// interface, behind the council's TLS reverse proxy); port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8087")]
    listen: SocketAddr,
    /// A folder of the council's own policy packs (*.json), loaded and checked at start, beside
    /// the built-in ones. A pack that does not load stops the start (exit 2).
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    /// A file holding the bearer token every request but /healthz must send
    /// (`Authorization: Bearer <token>`); without it, no token is asked for.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// The longest a request may take, its body included, in seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    timeout: f64,
    /// How many requests are answered at once; more wait, within the timeout.
    #[arg(long, default_value_t = 256, value_name = "N")]
    concurrency: usize,
    /// Write no access log (by default one line per request on stderr: time, method, path,
    /// status and latency, never a body or a query).
    #[arg(long)]
    quiet: bool,
    /// Print the OpenAPI 3.1 document (schemas/openapi.json) and exit.
    #[arg(long)]
    openapi: bool,
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let _ = error.print();
            return match error.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("hoth-server: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<()> {
    if args.openapi {
        print!("{}", hoth_server::openapi::text()?);
        return Ok(());
    }
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout <= 3600.0) {
        return Err(anyhow!("--timeout must be between 0 and 3600 seconds"));
    }
    let mut registry = Registry::new();
    if let Some(dir) = &args.policies {
        load_packs(dir, &mut registry)?;
    }
    let token = match &args.token_file {
        Some(file) => Some(read_token(file)?),
        None => None,
    };
    let access_log = (!args.quiet).then(|| Arc::new(AccessLog::default()));
    let app = router(Config {
        registry,
        token,
        timeout: Duration::from_secs_f64(args.timeout),
        concurrency: args.concurrency,
        access_log: access_log.clone(),
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let address = listener.local_addr()?;
        // The first line on stdout is the address (tests and ./x serve read it).
        println!("http://{address}/");
        eprintln!(
            "hoth-server: listening on http://{address}/ ({}; TLS belongs to the reverse proxy in front)",
            if args.token_file.is_some() {
                "bearer token required"
            } else {
                "no token"
            }
        );
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        if let Some(log) = access_log.clone() {
            tokio::spawn(async move {
                let mut every = tokio::time::interval(FLUSH_EVERY);
                loop {
                    every.tick().await;
                    log.flush();
                }
            });
        }
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await;
        // The last requests' lines before the last word.
        if let Some(log) = &access_log {
            log.flush();
        }
        served.context("the server stopped")?;
        eprintln!("hoth-server: stopped; every request in flight was answered");
        Ok(())
    })
}

/// SIGTERM or Ctrl-C: stop taking connections, answer the requests in flight, then exit.
async fn shutdown() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = terminate => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    eprintln!("hoth-server: shutting down: answering the requests in flight, taking no new ones");
}

/// Every `*.json` in `dir`, in name order, loaded and checked as `hoth route --policy FILE`
/// loads a pack; the first that does not load stops the start naming its file, rule and field.
fn load_packs(dir: &Path, registry: &mut Registry) -> Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the policies folder {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json") && path.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(anyhow!(
            "{} has no policy packs (*.json files)",
            dir.display()
        ));
    }
    for file in files {
        let size = std::fs::metadata(&file)
            .with_context(|| format!("cannot read {}", file.display()))?
            .len();
        if size > MAX_PACK_BYTES as u64 {
            return Err(anyhow!(
                "{}: policy pack: the file is {size} bytes; a pack may be at most {MAX_PACK_BYTES}",
                file.display()
            ));
        }
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let policy = Policy::from_json(&text).map_err(|e| anyhow!("{}: {e}", file.display()))?;
        let id = registry
            .add(policy, false)
            .map_err(|e| anyhow!("{}: {e}", file.display()))?;
        eprintln!(
            "hoth-server: loaded policy \"{id}\" from {}",
            file.display()
        );
    }
    Ok(())
}

fn read_token(file: &Path) -> Result<String> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read the token file {}", file.display()))?;
    let token = text.trim().to_owned();
    if token.len() < 16 {
        return Err(anyhow!(
            "the token in {} is shorter than 16 characters; use a long random one (e.g. `openssl rand -hex 32`)",
            file.display()
        ));
    }
    Ok(token)
}
