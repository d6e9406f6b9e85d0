//! The slides' hand-sized worked examples and exercises, on plain f64 numbers in deck 004's
//! `[out, in]` layout: a typed exercise keeps f64's digits, where the page's MNIST network is
//! burn's f32. The activations, the initialisation bound, the parameter count and the
//! generator are the network's own (`ann-model`, `ann-data`); the slides page (`ann-page`)
//! and `ann exercise` show what is computed here.
// The formulas carry the slides' notation as doc comments on the lines that compute them.
#![allow(unused_doc_comments)]

pub mod depth;
pub mod descent;
pub mod exercise;
pub mod gd;
pub mod init;
pub mod parse;
pub mod plane;
pub mod scalar;
pub mod toy;
pub mod worked;
pub mod xor;

pub use descent::Sample;
pub use exercise::{Exercise, Pass, marks};
pub use init::Rng;
