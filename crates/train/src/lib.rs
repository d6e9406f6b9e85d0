//! Training and evaluation of the slides' network, behind the `ann` command.
pub mod artifacts;
pub mod bench;
pub mod backend;
pub mod config;
pub mod data;
pub mod eval;
pub mod export;
pub mod gradcheck;
pub mod interrupt;
pub mod manual;
pub mod predict;
pub mod report;
pub mod renderer;
pub mod training;
pub mod web;

pub use backend::{Backend, Precision};
pub use config::{Config, ConfigError, TrainingConfig};
