use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The `[data]` table of a config file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DataConfig {
    /// Folder with the four MNIST files; if absent: `$MNIST_DIR`, then `data/mnist/`.
    pub dir: Option<PathBuf>,
    /// Use only the first N training images (all if absent).
    pub train_samples: Option<usize>,
    /// Fraction of the training images held out for validation, taken from the end.
    pub valid_fraction: f64,
    /// Seed of the shuffle of the training set (the training seed if absent).
    pub shuffle_seed: Option<u64>,
    /// Random shifts, rotations and scaling of the training images (absent: none).
    pub augment: Option<crate::Augment>,
}

impl Default for DataConfig {
    fn default() -> Self {
        Self { dir: None, train_samples: None, valid_fraction: 0.1, shuffle_seed: None, augment: None }
    }
}
