//! How large each layer's gradient is during training, for the report's figure of the
//! vanishing gradient (deck 004): with sigmoid, `∂E/∂W(1)` is far smaller than `∂E/∂W(3)`.
//! Training calls [`sampled`] every step and, on the steps it picks, [`record`]; the epoch's
//! means are [`take`]n at its end. One step in [`EVERY`] is measured, so the cost is a
//! fraction of a percent of training.
use std::sync::Mutex;

/// Measure one step in this many.
pub const EVERY: usize = 25;

struct Log {
    steps: usize,
    sums: [f64; 3],
    samples: usize,
}

static LOG: Mutex<Log> = Mutex::new(Log { steps: 0, sums: [0.0; 3], samples: 0 });

fn log() -> std::sync::MutexGuard<'static, Log> {
    LOG.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Counts a training step; true on the steps to measure (the first of each [`EVERY`]).
pub fn sampled() -> bool {
    let mut log = log();
    log.steps += 1;
    (log.steps - 1).is_multiple_of(EVERY)
}

/// Adds one measured step: mean |∂E/∂W(l)| for l = 1, 2, 3 (the cost `E` without the L2 term).
pub fn record(mean_abs: [f64; 3]) {
    let mut log = log();
    for (sum, value) in log.sums.iter_mut().zip(mean_abs) {
        *sum += value;
    }
    log.samples += 1;
}

/// The mean of the steps measured since the last call, per layer, and a fresh start.
pub fn take() -> Option<[f64; 3]> {
    let mut log = log();
    let means = (log.samples > 0).then(|| log.sums.map(|s| s / log.samples as f64));
    *log = Log { steps: 0, sums: [0.0; 3], samples: 0 };
    means
}
