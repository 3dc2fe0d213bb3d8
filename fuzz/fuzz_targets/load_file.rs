//! Loads one content file from arbitrary bytes, then renders its Markdown body; see
//! `talkarchive::fuzzing::load_file`. Neither may panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    talkarchive::fuzzing::load_file(data);
});
