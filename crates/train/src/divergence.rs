//! Divergence: a batch loss that became NaN, infinite or exploded stops the run there, with
//! what to change.
use std::path::Path;

/// Where the loss first diverged.
#[derive(Debug, Clone, PartialEq)]
pub struct Divergence {
    pub epoch: usize,
    pub step: usize,
    pub loss: f64,
}

/// Above this a batch loss means the weights exploded: with softmax cross-entropy the true
/// class would have probability e^−1000; the quadratic cost cannot pass ½·K = 5.
pub const EXPLODED_LOSS: f64 = 1e3;

/// Whether a batch loss shows divergence: NaN, infinite, or exploded.
pub fn is_divergent(loss: f64) -> bool {
    !loss.is_finite() || loss > EXPLODED_LOSS
}

/// The loss became NaN, infinite or exploded: the run stopped there.
#[derive(Debug, thiserror::Error)]
#[error(
    "training diverged: the loss became {loss:e} at epoch {epoch}, step {step}, with learning rate {learning_rate} (training.learning_rate).\n\
     {kept}\nLower `training.learning_rate` in {config} and train again."
)]
pub struct Diverged {
    loss: f64,
    epoch: usize,
    step: usize,
    learning_rate: f64,
    kept: String,
    config: String,
}

impl Diverged {
    /// `learning_rate`: the configured η, the value to lower (with a decay, the rate at the
    /// step itself was smaller).
    pub fn new(d: Divergence, learning_rate: f64, dir: &Path, config: &Path) -> Self {
        let kept = match ann_artifacts::last_checkpoint(dir, &["model"]) {
            Some(epoch) => format!(
                "The last good checkpoint, epoch {epoch}, is kept in {}; no final model was written.",
                dir.join(ann_artifacts::CHECKPOINTS).display()
            ),
            None => "No epoch was complete, so there is no checkpoint; no model was written.".into(),
        };
        Self { loss: d.loss, epoch: d.epoch, step: d.step, learning_rate, kept, config: config.display().to_string() }
    }
}
