//! Training the slides' network: `run::train` is one `ann train` from top to bottom; the two
//! engines (`learner`: burn's Learner on autodiff; `manual`: the slides' δ formulas by hand)
//! share the splits, the update rule, the progress display, the signals and the evaluation.
pub mod bench;
pub mod divergence;
pub mod engine;
pub mod eval;
pub mod gradcheck;
pub mod learner;
pub mod manual;
pub mod optimizer;
pub mod progress;
pub mod report;
pub mod run;
pub mod signals;
pub mod splits;

pub use engine::{Engine, RunOptions};
