//! Training the slides' network: `run::train` is one `ann train` from top to bottom; the two
//! engines (`learner`: burn's Learner on autodiff; `manual`: the slides' δ formulas by hand)
//! share the splits, the update rule, the progress display and the divergence check.
pub mod divergence;
pub mod engine;
pub mod learner;
pub mod manual;
pub mod optimizer;
pub mod progress;
pub mod run;

pub use engine::{Engine, RunOptions};
