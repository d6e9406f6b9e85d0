use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The `[data]` table of a config file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DataConfig {
    /// A member of the MNIST-format family: `mnist`, `fashion-mnist`, `kmnist`,
    /// `emnist-letters`, `emnist-digits` (absent: MNIST, or the folder of pictures `dir` names).
    pub dataset: Option<String>,
    /// Folder with the four IDX files, or with pictures in class folders; if absent:
    /// `$MNIST_DIR` (MNIST), then `data/<dataset>/`.
    pub dir: Option<PathBuf>,
    /// Use only the first N training images (all if absent).
    pub train_samples: Option<usize>,
    /// Fraction of the training images held out for validation, taken from the end.
    pub valid_fraction: f64,
    /// Fraction of each class held out for testing when a folder of pictures has no `test/`.
    pub test_fraction: f64,
    /// Seed of the shuffle of the training set (the training seed if absent).
    pub shuffle_seed: Option<u64>,
    /// Random shifts, rotations and scaling of the training images (absent: none).
    pub augment: Option<crate::Augment>,
}

impl Default for DataConfig {
    fn default() -> Self {
        Self { dataset: None, dir: None, train_samples: None, valid_fraction: 0.1, test_fraction: 0.2, shuffle_seed: None, augment: None }
    }
}
