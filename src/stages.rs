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
}
