//! The three splits the run uses: training, validation (held out from training for the
//! Learner), and test (touched only by the final evaluation).
use std::path::Path;

use ann_data::{DataConfig, Mnist, MnistDataset, download};
use burn::data::dataset::Dataset;

use ann_artifacts::ConfigError;

pub struct Splits {
    pub train: MnistDataset,
    pub valid: MnistDataset,
    pub test: MnistDataset,
}

/// The test set of a saved run: from `data_dir` if given, else where its config says.
pub fn test_set(config: &DataConfig, data_dir: Option<&Path>) -> anyhow::Result<MnistDataset> {
    let files = ann_data::locate(data_dir.or(config.dir.as_deref()), &download::mirrors())?;
    Ok(MnistDataset::load(&files.test_images, &files.test_labels).map_err(ann_data::DataError::from)?)
}

/// Finds, reads and splits MNIST as `config` says; `config_path` names the file in errors.
pub fn load(config: &DataConfig, config_path: &Path) -> anyhow::Result<Splits> {
    let files = ann_data::locate(config.dir.as_deref(), &download::mirrors())?;
    let mnist = Mnist::load(&files).map_err(ann_data::DataError::from)?;
    let available = mnist.train.len();
    let n = match config.train_samples {
        Some(n) if n > available => {
            return Err(ConfigError::Value {
                path: config_path.into(),
                key: "data.train_samples",
                value: n.to_string(),
                allowed: format!("{} holds only {available} training images", files.train_images.display()),
            }
            .into());
        }
        Some(n) => n,
        None => available,
    };
    let Some((train, valid)) = ann_data::order::split(n, config.valid_fraction) else {
        return Err(ConfigError::Value {
            path: config_path.into(),
            key: "data.valid_fraction",
            value: config.valid_fraction.to_string(),
            allowed: format!("with {n} training images it must leave at least one image for training and one for validation"),
        }
        .into());
    };
    Ok(Splits { train: mnist.train.slice(train), valid: mnist.train.slice(valid), test: mnist.test })
}
