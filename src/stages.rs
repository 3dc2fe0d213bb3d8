//! A stopwatch for the stages of a rebuild, so `serve` can say where an edit's time went.

use std::fmt;
use std::time::{Duration, Instant};

/// Time spent per stage, in the order the stages ran.
pub struct Stages {
    done: Vec<(&'static str, Duration)>,
    since: Instant,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            done: Vec::new(),
            since: Instant::now(),
        }
    }
}

impl Stages {
    /// Ends the stage `name`: the time since the previous mark (or since the start) is its own.
    pub fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        self.done.push((name, now - self.since));
        self.since = now;
    }

    pub fn total(&self) -> Duration {
        self.done.iter().map(|(_, d)| *d).sum()
    }
}

impl fmt::Display for Stages {
    /// `load 3.1 ms, resolve 0.4 ms, …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, d)) in self.done.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name} {:.1} ms", d.as_secs_f64() * 1000.0)?;
        }
        Ok(())
    }
}

/// CPU time (user + system, all threads) this process has used so far, where the system says
/// (Linux `/proc/self/stat`, in ticks of 10 ms); `None` elsewhere. A rebuild's CPU time says more
/// than its wall time on a machine busy with other work.
pub fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // /proc counts in USER_HZ, 100 per second on Linux.
    Some(Duration::from_millis(ticks * 10))
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
        assert_eq!(s.total(), s.done[0].1 + s.done[1].1);
    }

    #[test]
    fn cpu_time_grows_with_work() {
        let Some(before) = cpu_time() else {
            return; // not Linux
        };
        let mut x = 0u64;
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_millis(50) {
            x = x.wrapping_add(std::hint::black_box(1));
        }
        assert!(x > 0);
        assert!(cpu_time().is_some_and(|after| after >= before));
    }
}
