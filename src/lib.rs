//! talkarchive: a static-site generator for searchable archives of conference talks.
//!
//! The pipeline, one module per stage:
//! `load` (read content/) → `graph` (resolve references) → `render` (pages, feeds, data) and
//! `search` (the client-side index) → `output` (write atomically). `site` runs the stages;
//! `commands` and `serve` are the command line.

pub mod commands;
pub mod config;
pub mod connect;
pub mod diagnostics;
pub mod digest;
pub mod fast_hash;
#[doc(hidden)]
pub mod fuzzing;
pub mod graph;
pub mod i18n;
pub mod import;
pub mod load;
pub mod output;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod sources;
pub mod suggest;
pub mod timings;
