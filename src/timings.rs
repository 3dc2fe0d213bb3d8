//! `build --timings`: how long each stage of one build took, printed after the build.
//!
//! A process-wide recorder, off unless `enable` is called, so that stages deep in the pipeline
//! can be timed without threading a handle through every function.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static STAGES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Starts recording.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Runs `f`, recording its wall time under `stage` when recording.
pub fn time<T>(stage: &'static str, f: impl FnOnce() -> T) -> T {
    if !ENABLED.load(Ordering::Relaxed) {
        return f();
    }
    let started = Instant::now();
    let out = f();
    if let Ok(mut stages) = STAGES.lock() {
        stages.push((stage, started.elapsed()));
    }
    out
}

/// The recorded stages in the order they finished, as lines of `milliseconds  stage`.
pub fn report() -> Vec<String> {
    let Ok(stages) = STAGES.lock() else {
        return Vec::new();
    };
    stages
        .iter()
        .map(|(stage, d)| format!("{:>8.1} ms  {stage}", d.as_secs_f64() * 1000.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_when_enabled() {
        assert_eq!(time("off", || 1), 1);
        assert!(report().iter().all(|l| !l.ends_with(" off")));
        enable();
        assert_eq!(time("on", || 2), 2);
        assert!(report().iter().any(|l| l.ends_with("  on")));
    }
}
