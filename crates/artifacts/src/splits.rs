//! The three splits the run uses: training, validation (held out from training for the
//! Learner), and test (touched only by the final evaluation), with the data's class names.
use std::path::Path;

use crate::{Config, ConfigError};
use ann_data::{MnistDataset, Source};

pub struct Splits {
    pub train: MnistDataset,
    pub valid: MnistDataset,
    pub test: MnistDataset,
    /// Output unit k's class name, from the data.
    pub classes: Vec<String>,
    /// What was read ("mnist in DIR", "pictures in DIR").
    pub origin: String,
}

/// The test set of a saved run: from `data_dir` if given, else where its config says. Its
/// classes must be the ones the model was trained on.
pub fn test_set(config: &Config, data_dir: Option<&Path>) -> anyhow::Result<MnistDataset> {
    let mut data = config.data.clone();
    if data_dir.is_some() {
        data.dir = data_dir.map(Path::to_path_buf);
    }
    let mut source = Source::find(&data, config.shuffle_seed())?;
    source.adopt_classes(&config.model.class_names())?;
    Ok(source.test()?)
}

/// Finds, reads and splits the data as `config` says; `config_path` names the file in errors.
/// Also gives back `config` fitted to the data ([`fit`]).
pub fn load(config: &Config, config_path: &Path) -> anyhow::Result<(Config, Splits)> {
    let labelled = Source::find(&config.data, config.shuffle_seed())?.read(config.shuffle_seed())?;
    let fitted = fit(config, config_path, &labelled.classes, &labelled.origin)?;
    let config = &config.data;
    let available = labelled.train.len();
    let n = match config.train_samples {
        Some(n) if n > available => {
            return Err(ConfigError::Value {
                path: config_path.into(),
                key: "data.train_samples",
                value: n.to_string(),
                allowed: format!("{} holds only {available} training images", labelled.origin),
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
    let (all, test) = (labelled.train, labelled.test);
    Ok((fitted, Splits { train: all.slice(train), valid: all.slice(valid), test, classes: labelled.classes, origin: labelled.origin }))
}

/// `config` with one output unit per class of the data and the data's class names (kept
/// only where they are not just the unit's index: MNIST's digits need no names).
/// `model.layers` ending in another number is overruled with a note; `model.classes` naming
/// other classes is an error.
pub fn fit(config: &Config, config_path: &Path, classes: &[String], origin: &str) -> anyhow::Result<Config> {
    let mut fitted = config.clone();
    let model = &mut fitted.model;
    if !model.classes.is_empty() && model.classes != classes {
        return Err(ConfigError::Value {
            path: config_path.into(),
            key: "model.classes",
            value: model.classes.join(", "),
            allowed: format!("the data ({origin}) has the classes {}; leave model.classes out to take them from the data", classes.join(", ")),
        }
        .into());
    }
    let k = classes.len();
    if model.layers[3] != k {
        eprintln!(
            "note: {origin} has {k} classes, so the output layer has {k} units (model.layers {:?} ends in {})",
            model.layers, model.layers[3]
        );
        model.layers[3] = k;
    }
    model.classes = if ann_model::are_digits(classes) { Vec::new() } else { classes.to_vec() };
    Ok(fitted)
}
