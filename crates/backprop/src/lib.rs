//! The slides' back-propagation, by hand: the forward pass keeps every `a(l)` and `x(l)`,
//! the backward pass applies the δ formulas of deck 000, and [`check`] compares the result
//! with burn's autodiff. No autodiff is used here: the tensors live on a plain device.
//!
//! The slides page's hand-sized examples ([`Exercise`], [`scalar`], [`worked`], [`plane`],
//! [`gd`]) live in [`slides`].
// The formulas carry the slides' notation as doc comments on the lines that compute them.
#![allow(unused_doc_comments)]

mod backward;
#[cfg(feature = "check")]
pub mod check;
mod forward;
mod net;
mod schedule;
mod sgd;
pub mod slides;
mod update;

pub use backward::{E_total, Gradients, backward};
pub use slides::descent::Sample;
pub use slides::exercise::{Exercise, Pass, marks};
pub use slides::{gd, parse, plane, scalar, worked};
pub use forward::{Forward, forward};
pub use slides::init::Rng;
pub use net::Net;
pub use schedule::{Schedule, steps_per_epoch};
pub use sgd::{Sgd, Step};
pub use update::update;
