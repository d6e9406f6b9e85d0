//! The slides' network: three fully connected layers, a hidden activation, softmax on the output.
mod config;
mod cost;
mod gradients;
mod mlp;
#[cfg(feature = "train")]
mod step;

pub use config::{Activation, BiasInit, Loss, ModelConfig, sigmoid};
pub use cost::one_hot;
pub use gradients::{EVERY as GRADIENT_EVERY, GradientMeans, GradientProbe};
pub use mlp::Mlp;
