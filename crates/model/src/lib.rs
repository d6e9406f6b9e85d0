//! The slides' network: three fully connected layers, a hidden activation, softmax on the output.
mod config;
mod mlp;
mod step;

pub use config::{Activation, BiasInit, Loss, ModelConfig, sigmoid};
pub use step::one_hot;
pub use mlp::Mlp;
