//! The slides' back-propagation, by hand: the forward pass keeps every `a(l)` and `x(l)`,
//! the backward pass applies the δ formulas of deck 000, and [`check`] compares the result
//! with burn's autodiff. No autodiff is used here: the tensors live on a plain device.
//!
//! The slides page's hand-sized examples ([`Exercise`], [`scalar`], [`worked`], [`plane`],
//! [`gd`]) are written on plain f64 numbers in deck 004's `[out, in]` layout: a typed exercise
//! keeps f64's digits, where the page's MNIST network is burn's f32.
// The formulas carry the slides' notation as doc comments on the lines that compute them.
#![allow(unused_doc_comments)]

mod backward;
mod descent;
mod exercise;
#[cfg(feature = "check")]
pub mod check;
mod forward;
pub mod gd;
mod init;
mod net;
mod schedule;
pub mod parse;
pub mod plane;
pub mod scalar;
pub mod worked;
mod sgd;
mod update;

pub use backward::{E_total, Gradients, backward};
pub use descent::Sample;
pub use exercise::{Exercise, Pass, marks};
pub use forward::{Forward, forward};
pub use init::Rng;
pub use net::Net;
pub use schedule::Schedule;
pub use sgd::{Sgd, Step};
pub use update::update;
