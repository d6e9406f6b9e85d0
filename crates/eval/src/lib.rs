//! How well a trained network does: test accuracy and loss, per class, the confusion matrix and
//! the most confident mistakes (`eval`, `ann eval`); the run's report gathered from its
//! artifacts and the comparison of runs (`report`, `ann report`, `ann compare`).
pub mod eval;
pub mod report;

pub use eval::{EvalReport, evaluate, evaluate_saved};
