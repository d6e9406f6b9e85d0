//! How large each layer's gradient is during training, for the report's figure of the
//! vanishing gradient (deck 004): with sigmoid, `∂E/∂W(1)` is far smaller than `∂E/∂W(3)`.
//! One step in [`EVERY`] is measured, so the cost is a fraction of a percent of training.
use std::sync::{Arc, Mutex};

/// Measure one step in this many (the first of each [`EVERY`] of an epoch).
pub const EVERY: usize = 25;

/// The mean of some steps' mean |∂E/∂W(l)|, l = 1, 2, 3 (the cost `E` without the L2 term).
#[derive(Clone, Copy, Debug, Default)]
pub struct GradientMeans {
    sums: [f64; 3],
    samples: usize,
}

impl GradientMeans {
    /// Adds one measured step.
    pub fn add(&mut self, mean_abs: [f64; 3]) {
        for (sum, value) in self.sums.iter_mut().zip(mean_abs) {
            *sum += value;
        }
        self.samples += 1;
    }

    /// The mean per layer, if any step was measured.
    pub fn mean(&self) -> Option<[f64; 3]> {
        (self.samples > 0).then(|| self.sums.map(|s| s / self.samples as f64))
    }
}

/// One run's measurements, shared by the model burn's Learner trains (which measures in its
/// training step) and the run's monitor (which takes each epoch's means). Clones share it.
#[derive(Clone, Debug, Default)]
pub struct GradientProbe(Arc<Mutex<(usize, GradientMeans)>>);

impl GradientProbe {
    fn log(&self) -> std::sync::MutexGuard<'_, (usize, GradientMeans)> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts a training step; true on the steps to measure.
    pub fn sampled(&self) -> bool {
        let mut log = self.log();
        log.0 += 1;
        (log.0 - 1).is_multiple_of(EVERY)
    }

    /// Adds one measured step.
    pub fn record(&self, mean_abs: [f64; 3]) {
        self.log().1.add(mean_abs);
    }

    /// The means of the steps measured since the last call, and a fresh start.
    pub fn take(&self) -> Option<[f64; 3]> {
        std::mem::take(&mut *self.log()).1.mean()
    }
}
