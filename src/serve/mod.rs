//! `talkarchive serve`: build, serve the output on 127.0.0.1, rebuild when content, templates,
//! static files or the config change, and reload open browser tabs.
//!
//! Reloading uses long polling (`__livereload?v=<build>` answers when the build number changes),
//! which needs nothing but `fetch` in the page and no streaming in the server.
//!
//! `--ranges` makes it answer byte ranges as one of three kinds of static host does, and it
//! gzips text files sent whole as hosts do (gzip.rs), so that the browser tests and the search
//! bench see what a reader of a deployed site would.

mod connection;
mod gzip;
mod http;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::RenderOptions;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The number of the last successful build; pages wait on it to reload.
pub struct BuildCounter {
    version: Mutex<u64>,
    changed: Condvar,
}

impl BuildCounter {
    fn bump(&self) {
        if let Ok(mut v) = self.version.lock() {
            *v += 1;
        }
        self.changed.notify_all();
    }

    /// Waits until the version differs from `seen` or `timeout` passes; returns the version.
    pub fn wait_for_change(&self, seen: Option<u64>, timeout: Duration) -> u64 {
        let Ok(guard) = self.version.lock() else {
            return 0;
        };
        let Some(seen) = seen else {
            return *guard;
        };
        match self
            .changed
            .wait_timeout_while(guard, timeout, |v| *v == seen)
        {
            Ok((v, _)) => *v,
            Err(_) => 0,
        }
    }
}

/// How `serve` answers `Range` headers: as one of the three kinds of static host (see
/// docs/deploy.md for which host does what). The same kind a site's `[search] host_ranges` names.
pub use crate::config::Ranges;

pub struct ServeOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub port: u16,
    pub quiet: bool,
    pub ranges: Ranges,
    /// Serve `output` as it is: no build, no watching, no live reload.
    pub no_build: bool,
    /// With `no_build`: the address `output` was built for (its path is where it is served);
    /// otherwise talkarchive.toml's.
    pub base_url: Option<String>,
}

/// What every request of one `serve` shares.
pub struct Host {
    pub ranges: Ranges,
    gzip: gzip::GzipCache,
}

pub fn run(opts: ServeOptions) -> Result<(), Diagnostics> {
    if opts.no_build && !opts.output.join("index.html").is_file() {
        return Err(Diagnostics::from(
            Diagnostic::in_file(&opts.output, "there is no built site to serve here").help(
                "build it first (`talkarchive build --output …`), or serve without --no-build",
            ),
        ));
    }
    let listener = std::net::TcpListener::bind(("127.0.0.1", opts.port))
        .map_err(|e| Diagnostics::from(listen_error(opts.port, &e)))?;
    let config = crate::config::Config::load(&opts.root).map_err(Diagnostics::from)?;
    let config = match &opts.base_url {
        Some(url) => config.with_base_url(url),
        None => config,
    };
    let base_path = config.base_path().to_string();
    let base_url = format!("http://127.0.0.1:{}{}", opts.port, base_path);
    let counter = Arc::new(BuildCounter {
        version: Mutex::new(0),
        changed: Condvar::new(),
    });

    if !opts.no_build {
        let warm = Arc::new(Mutex::new(crate::site::Warm::default()));
        rebuild(&opts, &base_url, &counter, &warm);
        spawn_watcher(&opts, base_url.clone(), counter.clone(), warm)?;
    }
    if !opts.quiet {
        eprintln!(
            "serving {} at {base_url}, ranges answered as `--ranges {}` (Ctrl+C to stop)",
            opts.output.display(),
            format!("{:?}", opts.ranges).to_lowercase()
        );
    }

    let output = Arc::new(opts.output.clone());
    let host = Arc::new(Host {
        ranges: opts.ranges,
        gzip: gzip::GzipCache::default(),
    });
    connection::serve_forever(listener, move |request| {
        http::respond(request, &output, &base_path, &counter, &host)
    });
    Ok(())
}

/// Why the server could not start on `port`, and which flag to change.
fn listen_error(port: u16, e: &(dyn std::error::Error + 'static)) -> Diagnostic {
    let kind = e.downcast_ref::<std::io::Error>().map(|io| io.kind());
    let other = if port == 8080 { 8081 } else { 8080 };
    let help = match kind {
        Some(std::io::ErrorKind::AddrInUse) => format!(
            "another program (perhaps another `talkarchive serve`) is listening on port {port}; \
             stop it, or pick a free port with --port, e.g. --port {other}"
        ),
        Some(std::io::ErrorKind::PermissionDenied) => format!(
            "ports below 1024 need special rights; pick another with --port, e.g. --port {other}"
        ),
        _ => format!("pick another port with --port, e.g. --port {other}"),
    };
    Diagnostic::new(format!("cannot listen on 127.0.0.1:{port}: {e}")).help(help)
}

fn rebuild(
    opts: &ServeOptions,
    base_url: &str,
    counter: &BuildCounter,
    warm: &Mutex<crate::site::Warm>,
) {
    let started = Instant::now();
    // Minifying is for publishing; serving skips it, which makes each rebuild quicker.
    let render = RenderOptions {
        live_reload: true,
        no_minify: true,
        drafts: true,
        ..Default::default()
    };
    let Ok(mut warm) = warm.lock() else {
        return;
    };
    let bump = || counter.bump();
    match crate::site::rebuild(
        &opts.root,
        &opts.output,
        Some(base_url),
        &render,
        &mut warm,
        &bump,
    ) {
        Ok(done) => {
            if !opts.quiet {
                let cpu = done.stages.cpu_total().as_secs_f64() * 1000.0;
                eprintln!(
                    "built {} pages ({} built, {} rendered, {} files changed) in {:.0} ms, {cpu:.0} ms CPU ({})",
                    done.report.pages,
                    done.built,
                    done.rendered,
                    done.changed,
                    started.elapsed().as_secs_f64() * 1000.0,
                    done.stages
                );
                if let Some(line) = crate::commands::suggest::open_line(done.open_suggestions) {
                    eprintln!("{line}");
                }
            }
        }
        Err(diags) => eprintln!(
            "{diags}\nthe previous build is still being served; fix the errors and save again"
        ),
    }
}

/// How long a burst of file events may pause before it counts as over.
const BURST_QUIET: Duration = Duration::from_millis(20);
/// How long to wait for more after an event that completed a file (closed after writing,
/// renamed into place): an editor that saves several files does so within this.
const SETTLE: Duration = Duration::from_millis(3);

/// Watches what a build reads and rebuilds after each burst of changes.
fn spawn_watcher(
    opts: &ServeOptions,
    base_url: String,
    counter: Arc<BuildCounter>,
    warm: Arc<Mutex<crate::site::Warm>>,
) -> Result<(), Diagnostics> {
    use notify::{RecursiveMode, Watcher};
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
        if let Ok(e) = e {
            // A file closed after writing, or renamed into place, is complete.
            let done = matches!(
                e.kind,
                EventKind::Access(AccessKind::Close(AccessMode::Write))
                    | EventKind::Modify(ModifyKind::Name(_))
            );
            if done || !matches!(e.kind, EventKind::Access(_)) {
                let _ = tx.send((e.paths, done));
            }
        }
    })
    .map_err(|e| Diagnostics::from(Diagnostic::new(format!("cannot watch files: {e}"))))?;
    for dir in ["content", "sources", "templates", "static", "i18n"] {
        let p = opts.root.join(dir);
        if p.is_dir() {
            watcher.watch(&p, RecursiveMode::Recursive).map_err(|e| {
                Diagnostics::from(Diagnostic::in_file(
                    Path::new(dir),
                    format!("cannot watch: {e}"),
                ))
            })?;
        }
    }
    let config = opts.root.join(crate::config::CONFIG_FILE);
    if config.is_file() {
        let _ = watcher.watch(&config, RecursiveMode::NonRecursive);
    }
    let opts = ServeOptions {
        root: opts.root.clone(),
        output: opts.output.clone(),
        port: opts.port,
        quiet: opts.quiet,
        ranges: opts.ranges,
        no_build: false,
        base_url: None,
    };
    std::thread::spawn(move || {
        let _keep = watcher;
        while let Ok((first, mut done)) = rx.recv() {
            let mut paths = first;
            // Editors save in bursts; build once per burst: when no event came for a while, or
            // soon after the last event completed a file (the 20 ms a burst may take were a
            // fifth of an edit's rebuild of the shipped archive).
            loop {
                let quiet = if done { SETTLE } else { BURST_QUIET };
                match rx.recv_timeout(quiet) {
                    Ok((more, d)) => {
                        paths.extend(more);
                        done = d;
                    }
                    Err(_) => break,
                }
            }
            if !opts.quiet {
                if let Some(p) = paths.first() {
                    eprintln!(
                        "changed: {}",
                        p.strip_prefix(&opts.root).unwrap_or(p).display()
                    );
                }
            }
            rebuild(&opts, &base_url, &counter, &warm);
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_in_use_names_the_port_and_another_one() {
        let e = std::io::Error::from(std::io::ErrorKind::AddrInUse);
        let d = listen_error(8080, &e);
        assert!(d.message.contains("127.0.0.1:8080"), "{d}");
        let help = d.help.unwrap_or_default();
        assert!(help.contains("listening on port 8080"), "{help}");
        assert!(help.contains("--port 8081"), "{help}");
        let d = listen_error(8081, &e);
        assert!(d.help.unwrap_or_default().contains("--port 8080"));
    }
}
