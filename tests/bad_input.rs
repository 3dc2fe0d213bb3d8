//! Bad input: clear errors, nothing lost.
//!
//! Each folder in `tests/fixtures/bad/<case>/` holds the files that differ from
//! `tests/fixtures/basic/` and an `expect.toml`. For every case the driver copies the basic site,
//! builds it once (the "previous output"), lays the case's files over it and builds again into
//! the same output folder. A failing case must exit with the expected code, print every expected
//! substring (file, `:line`, what to do) and leave every byte of the site folder, output included,
//! as it was. A case expected to succeed must build and its pages must show the listed text.
//!
//! Inputs that cannot live in a folder (50 MB, symbolic links, a port in use, an output path
//! under a file) are made in code below and checked the same way.

mod common;
use common::*;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// What the case is, for the report.
    about: String,
    /// Extra arguments of `talkarchive build`.
    #[serde(default)]
    args: Vec<String>,
    /// Files of the basic fixture to delete before the build.
    #[serde(default)]
    remove: Vec<String>,
    exit_code: i32,
    /// Substrings stderr must contain.
    #[serde(default)]
    stderr: Vec<String>,
    /// For cases that must build: text the named output files must contain.
    #[serde(default)]
    output: Vec<OutputCheck>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutputCheck {
    file: String,
    contains: String,
}

fn bad_dir() -> PathBuf {
    repo_root().join("tests/fixtures/bad")
}

/// Every file under `dir` (relative path → SHA-256), symbolic links as their targets (never
/// followed, some cases loop). Two equal
/// maps mean not one byte, name or file changed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk the site");
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("prefix")
            .to_path_buf();
        let ft = entry.file_type();
        let digest = if ft.is_symlink() {
            let target = std::fs::read_link(entry.path()).expect("read link");
            format!("link -> {}", target.display())
        } else if ft.is_dir() {
            "dir".to_string()
        } else {
            // Streamed, so that the 50 MB case never sits in this process's memory.
            let mut hasher = Sha256::new();
            let mut file = std::fs::File::open(entry.path()).expect("open file");
            std::io::copy(&mut file, &mut hasher).expect("read file");
            format!("{:x}", hasher.finalize())
        };
        files.insert(rel, digest);
    }
    files
}

/// What changed between two snapshots, for a readable failure.
fn differences(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>) -> String {
    let mut out = Vec::new();
    for (path, digest) in before {
        match after.get(path) {
            None => out.push(format!("removed {}", path.display())),
            Some(d) if d != digest => out.push(format!("changed {}", path.display())),
            _ => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        out.push(format!("added {}", path.display()));
    }
    out.truncate(10);
    out.join(", ")
}

/// Lays `case`'s files (all but expect.toml) over `root`.
fn overlay(case: &Path, root: &Path) {
    for entry in walkdir::WalkDir::new(case).min_depth(1) {
        let entry = entry.expect("walk case");
        let rel = entry.path().strip_prefix(case).expect("prefix");
        if rel == Path::new("expect.toml") {
            continue;
        }
        let target = root.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Runs one folder case; returns what went wrong, if anything.
fn run_case(case: &Path) -> Result<String, String> {
    let name = case.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.unwrap_or_default();
    let text = std::fs::read_to_string(case.join("expect.toml"))
        .map_err(|e| format!("{name}: cannot read expect.toml: {e}"))?;
    let expect: Expect =
        toml::from_str(&text).map_err(|e| format!("{name}: bad expect.toml: {e}"))?;

    let site = fixture("basic");
    let root = site.path();
    let out = build_ok(root, &[]);
    assert!(out.join("index.html").is_file());
    overlay(case, root);
    for r in &expect.remove {
        std::fs::remove_file(root.join(r)).map_err(|e| format!("{name}: remove {r}: {e}"))?;
    }
    let before = snapshot(root);

    let mut args = vec!["build", "--quiet", "--no-minify"];
    args.extend(expect.args.iter().map(String::as_str));
    let o = run(&args, root);
    let err = stderr(&o);
    let mut problems = Vec::new();
    if o.status.code() != Some(expect.exit_code) {
        problems.push(format!(
            "exit code {:?}, expected {}",
            o.status.code(),
            expect.exit_code
        ));
    }
    for s in &expect.stderr {
        if !err.contains(s.as_str()) {
            problems.push(format!("stderr lacks `{s}`"));
        }
    }
    if expect.exit_code != 0 {
        if !err.contains("help:") {
            problems.push("no `help:` line saying what to do".into());
        }
        if err.contains("panicked") {
            problems.push("the program panicked".into());
        }
        let after = snapshot(root);
        if after != before {
            problems.push(format!(
                "the site folder changed: {}",
                differences(&before, &after)
            ));
        }
        // `check` reads the same files and must report the same problem (not for cases about
        // the output folder, which `check` does not write).
        if expect.args.is_empty() {
            let c = run(&["check", "--quiet"], root);
            if c.status.code() != Some(expect.exit_code) {
                problems.push(format!("`check` exit code {:?}", c.status.code()));
            }
            for s in &expect.stderr {
                if !stderr(&c).contains(s.as_str()) {
                    problems.push(format!("`check` stderr lacks `{s}`"));
                }
            }
        }
    }
    for check in &expect.output {
        match std::fs::read_to_string(out.join(&check.file)) {
            Ok(page) if page.contains(&check.contains) => {}
            Ok(_) => problems.push(format!("{} lacks `{}`", check.file, check.contains)),
            Err(e) => problems.push(format!("{}: {e}", check.file)),
        }
    }
    if expect.exit_code == 0 && expect.output.is_empty() {
        problems.push("a case that must build needs [[output]] checks".into());
    }
    if expect.exit_code != 0 && expect.stderr.is_empty() {
        problems.push("a failing case needs `stderr` substrings".into());
    }
    if problems.is_empty() {
        let first = err.lines().next().unwrap_or("(built)");
        Ok(format!("ok   {name:28} {}  [{first}]", expect.about))
    } else {
        Err(format!(
            "FAIL {name}: {}\n  {}\n  stderr was:\n{err}",
            expect.about,
            problems.join("\n  ")
        ))
    }
}

#[test]
fn every_bad_fixture_fails_clearly_and_keeps_the_previous_output() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(bad_dir())
        .expect("tests/fixtures/bad")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("expect.toml").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases found", cases.len());
    let results: Vec<Result<String, String>> = std::thread::scope(|s| {
        let per = cases.len().div_ceil(2);
        let handles: Vec<_> = cases
            .chunks(per)
            .map(|chunk| s.spawn(move || chunk.iter().map(|c| run_case(c)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("case thread"))
            .collect()
    });
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(line) => eprintln!("{line}"),
            Err(f) => failures.push(f),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad-input cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// Builds the basic fixture, applies `change`, builds again with `args` and checks the failure
/// like a folder case: exit code 1, a `help:`, and a site folder unchanged to the byte.
fn failing_build(args: &[&str], change: impl FnOnce(&Path)) -> (tempfile::TempDir, String) {
    let site = fixture("basic");
    build_ok(site.path(), &[]);
    change(site.path());
    let before = snapshot(site.path());
    let mut all = vec!["build", "--quiet", "--no-minify"];
    all.extend_from_slice(args);
    let o = run(&all, site.path());
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("help:"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let after = snapshot(site.path());
    assert!(before == after, "{}", differences(&before, &after));
    (site, err)
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    use std::os::unix::fs::symlink;
    let (_site, err) = failing_build(&[], |root| {
        symlink(root.join("content"), root.join("content/speakers/loop")).unwrap();
    });
    assert!(err.contains("content/speakers/loop"), "{err}");
    assert!(
        err.contains("a symbolic link points back to a folder that contains it"),
        "{err}"
    );
    // Two files that point at each other.
    let (_site, err) = failing_build(&[], |root| {
        symlink("b.md", root.join("content/orgs/a.md")).unwrap();
        symlink("a.md", root.join("content/orgs/b.md")).unwrap();
    });
    assert!(err.contains("content/orgs/a.md"), "{err}");
    assert!(err.contains("symbolic link"), "{err}");
    // A link to nowhere.
    let (_site, err) = failing_build(&[], |root| {
        symlink("gone.md", root.join("content/orgs/dangling.md")).unwrap();
    });
    assert!(err.contains("content/orgs/dangling.md"), "{err}");
    assert!(
        err.contains("points to `gone.md`, which does not exist"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_device_is_not_read_forever() {
    let (_site, err) = failing_build(&[], |root| {
        std::os::unix::fs::symlink("/dev/zero", root.join("content/orgs/zero.md")).unwrap();
    });
    assert!(err.contains("content/orgs/zero.md"), "{err}");
}

#[test]
fn an_output_path_under_a_file_is_not_writable() {
    // Root ignores permissions, so "not writable" is made with a path no one can create.
    let (_site, err) = failing_build(&["--output", "talkarchive.toml/public"], |_| {});
    assert!(err.contains("talkarchive.toml"), "{err}");
    assert!(err.contains("is a file, not a folder"), "{err}");
    assert!(err.contains("--output"), "{err}");
}

#[test]
fn an_output_path_that_is_a_file_is_not_replaced() {
    let (_site, err) = failing_build(&["--output", "notes.txt"], |root| {
        write(&root.join("notes.txt"), "my notes\n");
    });
    assert!(err.contains("`notes.txt` is a file, not a folder"), "{err}");
}

#[test]
fn a_folder_talkarchive_did_not_write_is_not_replaced() {
    let (_site, err) = failing_build(&["--output", "docs"], |root| {
        write(&root.join("docs/thesis.md"), "years of work\n");
    });
    assert!(err.contains("`docs` is not empty"), "{err}");
    assert!(err.contains("--output"), "{err}");
}

/// Runs `cmd` to its end and returns its output and its peak resident memory in KiB.
#[cfg(target_os = "linux")]
#[allow(clippy::zombie_processes)] // reaped by wait4, which also gives the peak RSS
fn run_measured(cmd: &mut Command) -> (Output, i64) {
    let dir = tempfile::tempdir().unwrap();
    let err_path = dir.path().join("stderr");
    let err_file = std::fs::File::create(&err_path).unwrap();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::from(err_file))
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: plain wait4 on our own child, with valid pointers to locals.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid, "wait4");
    use std::os::unix::process::ExitStatusExt;
    let output = Output {
        status: std::process::ExitStatus::from_raw(status),
        stdout: Vec::new(),
        stderr: std::fs::read(&err_path).unwrap(),
    };
    (output, usage.ru_maxrss)
}

#[cfg(target_os = "linux")]
#[test]
fn a_50_mb_file_fails_clearly_without_reading_it_into_memory() {
    let site = fixture("basic");
    let (o, baseline_kib) = run_measured(
        bin()
            .args(["build", "--quiet", "--no-minify"])
            .current_dir(site.path()),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // A 50 MB transcript: real text, so that only its size is wrong. Written in pieces: a child's
    // peak RSS can include what its parent held when it was started.
    let rel = "content/talks/conf-2024/09-huge.md";
    {
        use std::io::Write;
        let file = std::fs::File::create(site.path().join(rel)).unwrap();
        let mut w = std::io::BufWriter::new(file);
        w.write_all(
            "+++\ntitle = \"超长转写\"\nkind = \"remarks\"\norder = 9\nsummary = \"s\"\n+++\n"
                .as_bytes(),
        )
        .unwrap();
        let para = "欢迎各位来到测试大会。下面有请李四发言，谈谈大模型与具身智能。\n\n";
        let mut written = 0;
        while written < 50 * 1024 * 1024 {
            w.write_all(para.as_bytes()).unwrap();
            written += para.len();
        }
        w.flush().unwrap();
    }
    let before = snapshot(site.path());
    let started = Instant::now();
    let (o, peak_kib) = run_measured(
        bin()
            .args(["build", "--quiet", "--no-minify"])
            .current_dir(site.path()),
    );
    let took = started.elapsed();
    let err = stderr(&o);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!(
        "50 MB content file: exit {:?}, peak RSS {:.1} MiB (the basic site's build: {:.1} MiB), \
         {:.2} s (load {})\n{err}",
        o.status.code(),
        peak_kib as f64 / 1024.0,
        baseline_kib as f64 / 1024.0,
        took.as_secs_f64(),
        load.split(' ').take(3).collect::<Vec<_>>().join(" ")
    );
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(rel), "{err}");
    assert!(err.contains("the file is 50.0 MiB"), "{err}");
    assert!(err.contains("help: split a long transcript"), "{err}");
    assert!(snapshot(site.path()) == before, "previous output untouched");
    // The file is refused from its size alone: the process never holds it, so it needs no more
    // memory than building the small site does (give or take 20 MiB of noise).
    assert!(
        peak_kib < baseline_kib + 20 * 1024,
        "peak RSS {peak_kib} KiB against {baseline_kib} KiB: the 50 MB file was read into memory"
    );
}

#[test]
fn serve_on_a_port_in_use_names_the_port_and_suggests_another() {
    let site = fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = bin()
        .args(["serve", "--quiet", "--port", &port])
        .current_dir(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve kept running although port {port} is taken");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("127.0.0.1:{port}")), "{err}");
    assert!(err.contains("--port"), "{err}");
    assert!(err.contains("help:"), "{err}");
    assert!(
        !site.path().join("public").exists(),
        "nothing is built when the server cannot start"
    );
    drop(taken);
}
