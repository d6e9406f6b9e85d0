//! The slides' back-propagation, by hand: the forward pass keeps every `a(l)` and `x(l)`,
//! the backward pass applies the δ formulas of deck 000, and [`check`] compares the result
//! with burn's autodiff. No autodiff is used here: the tensors live on a plain device.
// The formulas carry the slides' notation as doc comments on the lines that compute them.
#![allow(unused_doc_comments)]

mod backward;
#[cfg(feature = "check")]
pub mod check;
mod forward;
mod net;
mod schedule;
mod settings;
mod sgd;
mod update;

pub use backward::{E_total, Gradients, backward};
pub use forward::{Forward, forward};
pub use net::Net;
pub use schedule::{Schedule, steps_per_epoch};
pub use settings::TrainingConfig;
pub use sgd::{Sgd, Step};
pub use update::update;
