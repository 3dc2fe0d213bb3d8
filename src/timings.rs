//! A stopwatch for the stages of a build: `build --timings` prints it, `serve` says after every
//! rebuild where the edit's time went. Each stage gets its wall time and the CPU time of the
//! whole process (all threads) during it: on a machine busy with other work the wall times swing
//! by several times, the CPU time much less, and CPU above wall shows a stage used both cores.
//! The peak memory (resident set) so far is noted at the end of each stage: where it jumps is
//! the stage that holds too much.

use std::fmt;
use std::time::{Duration, Instant};

/// Time spent per stage, in the order the stages ran.
pub struct Stages {
    done: Vec<Stage>,
    since: Instant,
    cpu_since: Duration,
}

struct Stage {
    name: &'static str,
    wall: Duration,
    cpu: Duration,
    /// Peak resident memory of the process at the end of the stage, in bytes.
    peak: u64,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            done: Vec::new(),
            since: Instant::now(),
            cpu_since: cpu_time(),
        }
    }
}

impl Stages {
    /// Ends the stage `name`: the time since the previous mark (or since the start) is its own.
    pub fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        let usage = Usage::now();
        let cpu = usage.cpu;
        self.done.push(Stage {
            name,
            wall: now - self.since,
            cpu: cpu.saturating_sub(self.cpu_since),
            peak: usage.peak,
        });
        self.since = now;
        self.cpu_since = cpu;
    }

    pub fn total(&self) -> Duration {
        self.done.iter().map(|s| s.wall).sum()
    }

    pub fn cpu_total(&self) -> Duration {
        self.done.iter().map(|s| s.cpu).sum()
    }

    /// A table of `wall ms  CPU ms  peak MiB  stage` lines, for `build --timings`.
    pub fn table(&self) -> Vec<String> {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
        let mut lines = vec!["    wall ms     CPU ms   peak MiB  stage".to_string()];
        for s in &self.done {
            lines.push(format!(
                "{:>11.1} {:>10.1} {:>10.1}  {}",
                ms(s.wall),
                ms(s.cpu),
                mib(s.peak),
                s.name
            ));
        }
        let peak = self.done.iter().map(|s| s.peak).max().unwrap_or(0);
        lines.push(format!(
            "{:>11.1} {:>10.1} {:>10.1}  (all)",
            ms(self.total()),
            ms(self.cpu_total()),
            mib(peak)
        ));
        lines
    }
}

impl fmt::Display for Stages {
    /// `load 3.1 ms, resolve 0.4 ms, …` (wall times), for `serve`'s one line per rebuild.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.done.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} {:.1} ms", s.name, s.wall.as_secs_f64() * 1000.0)?;
        }
        Ok(())
    }
}

/// User + system CPU time of the process so far, all threads (zero where it cannot be read).
pub fn cpu_time() -> Duration {
    Usage::now().cpu
}

/// What the process used so far (zeros where it cannot be read).
struct Usage {
    /// User + system CPU time, all threads.
    cpu: Duration,
    /// Peak resident memory, in bytes.
    peak: u64,
}

impl Usage {
    fn now() -> Usage {
        #[cfg(unix)]
        {
            let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
            // SAFETY: getrusage writes a rusage into the pointer it is given, which is valid.
            let ok = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0;
            if ok {
                // SAFETY: initialised by the successful call above.
                let u = unsafe { usage.assume_init() };
                let micros = |t: libc::timeval| t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64;
                return Usage {
                    cpu: Duration::from_micros(micros(u.ru_utime) + micros(u.ru_stime)),
                    // Linux counts it in KiB.
                    peak: u.ru_maxrss.max(0) as u64 * 1024,
                };
            }
        }
        Usage {
            cpu: Duration::ZERO,
            peak: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_are_listed_in_order_and_sum_to_the_total() {
        let mut s = Stages::default();
        s.mark("load");
        s.mark("render");
        let shown = s.to_string();
        assert!(shown.starts_with("load "), "{shown}");
        assert!(shown.contains(", render "), "{shown}");
        assert_eq!(s.total(), s.done[0].wall + s.done[1].wall);
        let table = s.table();
        assert!(table[1].ends_with("  load") && table[2].ends_with("  render"));
        assert!(table[3].ends_with("  (all)"));
        #[cfg(target_os = "linux")]
        assert!(s.done[1].peak > 0, "the peak memory is read");
    }

    #[test]
    fn cpu_time_grows_with_work() {
        let before = cpu_time();
        let mut x = 0u64;
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(30) {
            x = x.wrapping_add(std::hint::black_box(1));
        }
        assert!(x > 0);
        assert!(cpu_time() > before, "30 ms of work shows as CPU time");
    }
}
