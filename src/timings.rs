//! `build --timings`: how long each stage of one build took, printed after the build: wall time,
//! and the CPU time of the whole process (all threads) during the stage, which says more than
//! the wall time on a busy machine, and whether a stage kept both cores busy.
//!
//! A process-wide recorder, off unless `enable` is called, so that stages deep in the pipeline
//! can be timed without threading a handle through every function.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static STAGES: Mutex<Vec<(&'static str, Duration, Duration)>> = Mutex::new(Vec::new());

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
    let cpu = cpu_time();
    let out = f();
    let cpu = cpu_time().saturating_sub(cpu);
    if let Ok(mut stages) = STAGES.lock() {
        stages.push((stage, started.elapsed(), cpu));
    }
    out
}

/// User + system CPU time of the process so far (zero where it cannot be read).
fn cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage writes a rusage into the pointer it is given, which is valid.
        let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
        if ok {
            // SAFETY: initialised by the successful call above.
            let u = unsafe { usage.assume_init() };
            let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
            return Duration::from_micros(micros(u.ru_utime) + micros(u.ru_stime));
        }
    }
    Duration::ZERO
}

/// The recorded stages in the order they finished, as lines of
/// `wall milliseconds  CPU milliseconds  stage`.
pub fn report() -> Vec<String> {
    let Ok(stages) = STAGES.lock() else {
        return Vec::new();
    };
    if stages.is_empty() {
        return Vec::new();
    }
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let mut lines = vec!["    wall ms     CPU ms  stage".to_string()];
    lines.extend(
        stages
            .iter()
            .map(|(stage, wall, cpu)| format!("{:>11.1} {:>10.1}  {stage}", ms(wall), ms(cpu))),
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_when_enabled() {
        assert_eq!(time("off", || 1), 1);
        assert!(report().is_empty(), "nothing, not even a header, when off");
        enable();
        assert_eq!(time("on", || 2), 2);
        assert!(report().iter().any(|l| l.ends_with("  on")));
    }
}
