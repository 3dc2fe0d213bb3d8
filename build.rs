//! Links the `talkarchive` binary as a position-dependent executable on Linux.
//!
//! The default position-independent executable carries about 87,000 relocations (pointer tables
//! of the Chinese conversion and pinyin data, syntect, tera): the dynamic loader patches them at
//! every start, touching 11 MB of `.data.rel.ro` (2,800 page faults, 10-30 ms before `main` on
//! the benchmark machine, where a page fault is expensive). A fixed-address executable has them
//! resolved by the linker, and its data pages are loaded only when used.
fn main() {
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
