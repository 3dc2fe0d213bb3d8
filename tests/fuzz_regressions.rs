//! Replays every input in tests/fixtures/fuzz-regressions/ through the fuzz target's code
//! (`talkarchive::fuzzing::load_file`): each once made it panic, or is a hand-made edge case.
//! The first byte of each file picks the kind (0 event, 1 talk, 2 speaker, 3 org, 4 trend).

use std::path::PathBuf;

#[test]
fn every_kept_fuzz_input_loads_without_panicking() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-regressions");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/fuzz-regressions")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    for input in &inputs {
        let data = std::fs::read(input).expect("read input");
        let outcome = std::panic::catch_unwind(|| talkarchive::fuzzing::load_file(&data));
        assert!(outcome.is_ok(), "{} panics again", input.display());
    }
    eprintln!("{} fuzz inputs replayed", inputs.len());
}
