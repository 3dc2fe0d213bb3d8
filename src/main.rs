//! The `talkarchive` command.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use talkarchive::diagnostics::Diagnostics;
use talkarchive::load::Kind;
use talkarchive::serve::Ranges;

/// mimalloc: a build allocates and frees millions of small strings from two threads; glibc's
/// allocator spent a fifth of the build's CPU time on it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No transparent huge pages for this process. mimalloc asks for them (`MADV_HUGEPAGE`), and on
/// a machine whose memory is fragmented by other work the kernel then compacts memory and zeroes
/// 2 MiB on a page fault: at 1x that was 0.6–0.9 s of system time against 0.07 s without
/// (and 140 against 87 MiB peak), with the same user time (bench/RESULTS.md, 2026-12-06).
/// Applies to every later page fault, including in memory mapped before `main`.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[derive(Parser)]
#[command(
    name = "talkarchive",
    version,
    about = "Builds a searchable static archive of conference talks"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only if the build succeeds)
    Build {
        /// The site folder (holds talkarchive.toml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// Serve from another address than talkarchive.toml's base_url
        #[arg(long)]
        base_url: Option<String>,
        /// Print nothing but errors
        #[arg(long, short)]
        quiet: bool,
        /// Do not minify HTML (for debugging templates)
        #[arg(long)]
        no_minify: bool,
        /// Print how long each stage of the build took
        #[arg(long)]
        timings: bool,
        /// Include draft talks (`draft = true`), marked as drafts
        #[arg(long)]
        drafts: bool,
    },
    /// Load, validate and render everything, and check every internal link; write nothing
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, short)]
        quiet: bool,
    },
    /// Write talk bodies from their `[source] lines` (after a boundary moved); print what changed
    Fill {
        /// Talk files (content/talks/<event>/<talk>.md) or <event>/<talk>; none: every talk
        /// with `[source] lines`
        talks: Vec<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build, serve on 127.0.0.1, rebuild on every change and reload open pages
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, short, default_value = "public")]
        output: PathBuf,
        /// The port to listen on
        #[arg(long, short, default_value_t = 8080)]
        port: u16,
        #[arg(long, short)]
        quiet: bool,
        /// Answer byte ranges as this kind of static host does, to see how the site (its
        /// search) behaves there; text files sent whole are gzipped in every mode, as hosts do
        #[arg(long, value_enum, default_value_t = Ranges::Multi)]
        ranges: Ranges,
        /// Serve the output folder as it is: no build, no watching, no live reload
        #[arg(long)]
        no_build: bool,
        /// With --no-build: the address the folder was built for (served under its path)
        #[arg(long, requires = "no_build")]
        base_url: Option<String>,
    },
    /// Write a skeleton content file that loads as it is
    New {
        /// What to create
        kind: NewKind,
        /// The new file's slug (its name without .md)
        slug: String,
        /// For a talk: the event it belongs to
        #[arg(long)]
        event: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new archive in DIR: settings, one example of each record, sources/, a README
    Init {
        /// The new archive's folder (new or empty)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The language of the interface and of the examples: en or zh-CN
        #[arg(long, default_value = "en")]
        language: String,
        /// The archive's title
        #[arg(long)]
        title: Option<String>,
        /// The address the site will be published at
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Copy a transcript (or Markdown article) into sources/ and write draft talks for it
    Import {
        /// The plain-text transcript or Markdown article
        source: PathBuf,
        /// The event the talks belong to
        #[arg(long)]
        event: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Suggest what to curate (`suggest aliases`: misheard names not yet recorded)
    Suggest {
        #[command(subcommand)]
        what: SuggestWhat,
    },
}

#[derive(Subcommand)]
enum SuggestWhat {
    /// Spans of talk text that sound like a speaker's or org's name but are not yet its aliases
    Aliases {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print a JSON array of {target, form, count, score, at}, best first
        #[arg(long)]
        json: bool,
        /// Only suggestions scoring at least this (0 to 1)
        #[arg(long, default_value_t = talkarchive::suggest::DEFAULT_MIN_SCORE)]
        min_score: f64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Talk,
    Speaker,
    Org,
    Event,
    Trend,
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    let result: Result<(), Diagnostics> = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            quiet,
            no_minify,
            timings,
            drafts,
        } => talkarchive::commands::build::run(
            &root,
            &output,
            base_url.as_deref(),
            quiet,
            talkarchive::commands::build::Flags {
                no_minify,
                timings,
                drafts,
            },
        ),
        Command::Check { root, quiet } => talkarchive::commands::check::run(&root, quiet),
        Command::Fill { talks, root } => {
            talkarchive::commands::fill::run(&root, &talks).map(|changes| {
                for c in &changes {
                    println!("{}: {}", c.path.display(), c.summary);
                }
                if changes.is_empty() {
                    eprintln!("every body already holds its source lines; nothing written");
                }
            })
        }
        Command::Serve {
            root,
            output,
            port,
            quiet,
            ranges,
            no_build,
            base_url,
        } => talkarchive::serve::run(talkarchive::serve::ServeOptions {
            root,
            output,
            port,
            quiet,
            ranges,
            no_build,
            base_url,
        }),
        Command::New {
            kind,
            slug,
            event,
            root,
        } => {
            let kind = match kind {
                NewKind::Talk => Kind::Talk,
                NewKind::Speaker => Kind::Speaker,
                NewKind::Org => Kind::Org,
                NewKind::Event => Kind::Event,
                NewKind::Trend => Kind::Trend,
            };
            talkarchive::commands::new::run(&root, kind, &slug, event.as_deref())
                .map(|path| eprintln!("wrote {}", path.display()))
                .map_err(Diagnostics::from)
        }
        Command::Init {
            dir,
            language,
            title,
            base_url,
        } => talkarchive::commands::init::run(&talkarchive::commands::init::InitOptions {
            dir: &dir,
            language: &language,
            title: title.as_deref(),
            base_url: base_url.as_deref(),
        })
        .map(|files| {
            eprintln!(
                "wrote a new archive of {} files into {}; next: cd there and run `talkarchive serve` (see its README.md)",
                files.len(),
                dir.display()
            )
        })
        .map_err(Diagnostics::from),
        Command::Import {
            source,
            event,
            root,
        } => talkarchive::commands::import::run(&root, &source, &event),
        Command::Suggest {
            what:
                SuggestWhat::Aliases {
                    root,
                    json,
                    min_score,
                },
        } => talkarchive::commands::suggest::aliases(&root, json, min_score),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            eprintln!("{diags}");
            ExitCode::FAILURE
        }
    }
}
