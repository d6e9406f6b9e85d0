/// η for each step of a run: constant, or falling linearly from `learning_rate` at the first
/// step to `final_learning_rate` after `steps` steps (then staying there). Both engines of
/// `ann train` and the page's trainer take η from here.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schedule {
    pub learning_rate: f64,
    pub final_learning_rate: Option<f64>,
    /// Steps of the whole run.
    pub steps: usize,
    /// Steps taken so far.
    pub taken: usize,
}

/// Steps in an epoch of `samples` in batches of `batch_size`: ⌈samples / batch_size⌉, the last
/// batch being the rest.
pub fn steps_per_epoch(samples: usize, batch_size: usize) -> usize {
    samples.div_ceil(batch_size.max(1))
}

impl Schedule {
    pub fn new(learning_rate: f64, final_learning_rate: Option<f64>, steps: usize) -> Self {
        Self { learning_rate, final_learning_rate, steps: steps.max(1), taken: 0 }
    }

    /// η of the next step.
    pub fn eta(&self) -> f64 {
        match self.final_learning_rate {
            None => self.learning_rate,
            Some(last) => {
                // Counted down from the end, as burn's linear scheduler does: the same η to the bit.
                let step_size = (last - self.learning_rate) / self.steps as f64;
                last - step_size * self.steps.saturating_sub(self.taken) as f64
            }
        }
    }

    /// η of the next step, and the clock moved on by one.
    pub fn next(&mut self) -> f64 {
        let eta = self.eta();
        self.taken += 1;
        eta
    }
}
