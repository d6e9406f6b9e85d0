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
    /// Fraction of each class held out for testing when a folder of pictures has no `test/`
    /// (written to a run's config only when not the default: MNIST has its own test set).
    #[serde(skip_serializing_if = "is_default_test_fraction")]
    pub test_fraction: f64,
    /// Seed of the shuffle of the training set (the training seed if absent).
    pub shuffle_seed: Option<u64>,
    /// Random shifts, rotations and scaling of the training images (absent: none).
    pub augment: Option<crate::Augment>,
}

const TEST_FRACTION: f64 = 0.2;

fn is_default_test_fraction(fraction: &f64) -> bool {
    *fraction == TEST_FRACTION
}

impl Default for DataConfig {
    fn default() -> Self {
        Self { dataset: None, dir: None, train_samples: None, valid_fraction: 0.1, test_fraction: TEST_FRACTION, shuffle_seed: None, augment: None }
    }
}
