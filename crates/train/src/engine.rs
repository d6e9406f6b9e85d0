//! What both training engines take from the command line and give back.
use std::path::PathBuf;

use ann_artifacts::EpochRecord;
use ann_backend::Backend;
use ann_model::Mlp;

/// How the gradients are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Engine {
    /// burn's Learner on an autodiff device.
    #[default]
    Learner,
    /// The slides' δ formulas by hand (ann-backprop), no autodiff.
    Manual,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Learner => "learner",
            Engine::Manual => "manual",
        }
    }
}

/// What the command line adds to the config.
pub struct RunOptions {
    pub backend: Backend,
    pub engine: Engine,
    pub artifacts: PathBuf,
    pub config_path: PathBuf,
    pub resume: bool,
    pub force: bool,
}

/// A trained network and how it got there.
pub struct Trained {
    pub model: Mlp,
    /// Wall time of this invocation's training.
    pub seconds: f64,
    /// Epochs trained in this invocation (fewer than configured after a resume).
    pub epochs_run: usize,
    /// Every epoch's figures, resumed ones included.
    pub history: Vec<EpochRecord>,
}
