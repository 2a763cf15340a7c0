//! When an evaluation gives up: a [`Deadline`] (a time, and flags another thread may
//! raise), checked at the natural steps of the work (each assignment a search tries, each
//! rule traced, each scheme of a diff), so that work nobody waits for any more ends at its
//! next step instead of running to its end. [`Unbounded`] never gives up, and its
//! evaluations cannot fail for want of time.

use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Whether work must stop now.
pub trait Stop {
    /// What stopping reports.
    type Stopped;
    /// `Err` when the work must stop: it returns the error at once.
    fn check(&self) -> Result<(), Self::Stopped>;
}

/// No limit: the work runs to its end.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unbounded;

impl Stop for Unbounded {
    type Stopped = Infallible;

    fn check(&self) -> Result<(), Infallible> {
        Ok(())
    }
}

/// A point in time after which work stops, and flags that stop it earlier when raised
/// (the request it answers was dropped, the server is stopping).
#[derive(Debug, Clone)]
pub struct Deadline {
    at: Instant,
    flags: Vec<Arc<AtomicBool>>,
}

impl Deadline {
    /// Work stops at `at`.
    pub fn at(at: Instant) -> Deadline {
        Deadline {
            at,
            flags: Vec::new(),
        }
    }

    /// Work also stops as soon as `flag` is raised.
    pub fn or_when(mut self, flag: Arc<AtomicBool>) -> Deadline {
        self.flags.push(flag);
        self
    }

    /// Whether the time is past or a flag is raised.
    pub fn is_over(&self) -> bool {
        Instant::now() >= self.at || self.flags.iter().any(|f| f.load(Ordering::Relaxed))
    }
}

impl Stop for Deadline {
    type Stopped = OutOfTime;

    fn check(&self) -> Result<(), OutOfTime> {
        if self.is_over() {
            Err(OutOfTime)
        } else {
            Ok(())
        }
    }
}

/// Work stopped at its [`Deadline`] before it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfTime;

impl std::fmt::Display for OutOfTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the evaluation stopped at its deadline before it ended")
    }
}

impl std::error::Error for OutOfTime {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_stops_when_its_time_passes_or_a_flag_is_raised() {
        let later = Instant::now() + std::time::Duration::from_secs(3600);
        let flag = Arc::new(AtomicBool::new(false));
        let deadline = Deadline::at(later).or_when(flag.clone());
        assert_eq!(deadline.check(), Ok(()));
        flag.store(true, Ordering::Relaxed);
        assert_eq!(deadline.check(), Err(OutOfTime));
        assert_eq!(Deadline::at(Instant::now()).check(), Err(OutOfTime));
        let Ok(()) = Unbounded.check();
    }
}
