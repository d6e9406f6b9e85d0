//! The `[training]` table: how gradient descent runs. Checked here once, for config files and
//! for the page's controls alike.
use ann_model::Invalid;
use serde::{Deserialize, Serialize};

/// The `[training]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrainingConfig {
    /// Passes over the training set.
    pub epochs: usize,
    /// Samples per gradient step: 1 is stochastic, the training-set size is batch gradient descent.
    pub batch_size: usize,
    /// η in `W ← W − η ∂E_total/∂W`.
    pub learning_rate: f64,
    /// If set, η falls linearly from `learning_rate` to this over the run (absent: constant η).
    pub final_learning_rate: Option<f64>,
    /// Momentum μ (0: plain gradient descent, as the slides).
    pub momentum: f64,
    /// λ in `E_total = E + (λ/2)‖W‖²` (weights only, never biases).
    pub lambda: f64,
    /// Seed of the weight initialisation (and of the shuffle unless `data.shuffle_seed` is set).
    pub seed: u64,
}

impl Default for TrainingConfig {
    fn default() -> Self {
        Self { epochs: 10, batch_size: 100, learning_rate: 0.1, final_learning_rate: None, momentum: 0.0, lambda: 0.0, seed: 42 }
    }
}

impl TrainingConfig {
    /// The first value out of its range, if any.
    pub fn invalid(&self) -> Option<Invalid> {
        let bad = |key, value: &dyn std::fmt::Display, allowed: &str| Some(Invalid::new(key, value, allowed));
        if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            return bad("training.learning_rate", &self.learning_rate, "must be a finite number > 0");
        }
        if let Some(last) = self.final_learning_rate {
            // burn's linear scheduler takes rates in (0, 1].
            if self.learning_rate > 1.0 {
                return bad("training.learning_rate", &self.learning_rate, "must be ≤ 1 when final_learning_rate is set");
            }
            if !(0.0..=self.learning_rate).contains(&last) {
                return bad("training.final_learning_rate", &last, "must be in [0, learning_rate]");
            }
        }
        if self.batch_size == 0 {
            return bad("training.batch_size", &self.batch_size, "must be ≥ 1");
        }
        if self.epochs == 0 {
            return bad("training.epochs", &self.epochs, "must be ≥ 1");
        }
        if !(self.lambda >= 0.0 && self.lambda.is_finite()) {
            return bad("training.lambda", &self.lambda, "must be a finite number ≥ 0");
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return bad("training.momentum", &self.momentum, "must be in [0, 1)");
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_pass_and_each_bad_value_is_named() {
        assert_eq!(TrainingConfig::default().invalid(), None);
        let base = TrainingConfig::default;
        let cases = [
            (TrainingConfig { learning_rate: 0.0, ..base() }, "training.learning_rate"),
            (TrainingConfig { learning_rate: f64::NAN, ..base() }, "training.learning_rate"),
            (TrainingConfig { learning_rate: 2.0, final_learning_rate: Some(0.1), ..base() }, "training.learning_rate"),
            (TrainingConfig { final_learning_rate: Some(0.5), ..base() }, "training.final_learning_rate"),
            (TrainingConfig { batch_size: 0, ..base() }, "training.batch_size"),
            (TrainingConfig { epochs: 0, ..base() }, "training.epochs"),
            (TrainingConfig { lambda: -1e-4, ..base() }, "training.lambda"),
            (TrainingConfig { momentum: 1.0, ..base() }, "training.momentum"),
        ];
        for (config, key) in cases {
            assert_eq!(config.invalid().map(|i| i.key), Some(key), "{config:?}");
        }
    }
}
