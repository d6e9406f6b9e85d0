//! The slides' network: three fully connected layers, a hidden activation, softmax on the output.
// The slides' formulas stand as doc comments on the lines that compute them.
#![allow(unused_doc_comments)]

mod classes;
mod config;
mod cost;
mod gradients;
mod mlp;
#[cfg(feature = "train")]
mod step;

pub use classes::{Batch, are_digits, digit_names, hits, most_probable, predicted};
pub use config::{Activation, BiasInit, INPUTS, Invalid, Loss, MAX_CLASSES, ModelConfig, parameters, sigmoid};
pub use cost::{Cost, cross_entropy_of_sigmoid, one_hot};
pub use gradients::{EVERY as GRADIENT_EVERY, GradientMeans, GradientProbe};
pub use mlp::{Mlp, xavier_bound};
