//! The TOML config: `[model]`, `[data]`, `[training]`; unknown keys and out-of-range values
//! are rejected with the file, the key and the allowed range.
use std::path::{Path, PathBuf};

use ann_data::DataConfig;
use ann_model::ModelConfig;
use serde::{Deserialize, Serialize};

/// A whole config file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub model: ModelConfig,
    pub data: DataConfig,
    pub training: TrainingConfig,
}

/// The `[training]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TrainingConfig {
    /// Passes over the training set.
    pub epochs: usize,
    /// Samples per gradient step: 1 is stochastic, the training-set size is batch gradient descent.
    pub batch_size: usize,
    /// η in `W ← W − η ∂E_total/∂W`.
    pub learning_rate: f64,
    /// If set, η falls linearly from `learning_rate` to this over the run (absent: constant η).
    pub final_learning_rate: Option<f64>,
    /// Momentum μ (0: plain gradient descent, as the slides).
    pub momentum: f64,
    /// λ in `E_total = E + (λ/2)‖W‖²` (weights only, never biases).
    pub lambda: f64,
    /// Seed of the weight initialisation (and of the shuffle unless `data.shuffle_seed` is set).
    pub seed: u64,
}

impl Default for TrainingConfig {
    fn default() -> Self {
        Self { epochs: 10, batch_size: 100, learning_rate: 0.1, final_learning_rate: None, momentum: 0.0, lambda: 0.0, seed: 42 }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source} (or name a recipe built into ann: {})", crate::recipes::names())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("config {path}: `{key}` = {value} is out of range: {allowed}")]
    Value { path: PathBuf, key: &'static str, value: String, allowed: String },
}

impl Config {
    /// The config at `path`, with `data_dir` (the command line's `--data-dir`) in place of its
    /// `data.dir` when given. A relative `--data-dir` is taken from the current folder; a
    /// relative `data.dir` from the current folder, or else from the config's own folder.
    /// Either is made absolute, so that the run's saved config means the same folder wherever
    /// `ann eval` runs later.
    pub fn load_with_data_dir(path: &Path, data_dir: Option<PathBuf>) -> Result<Self, ConfigError> {
        let mut config = Self::load(path)?;
        config.data.dir = match (data_dir, config.data.dir.take()) {
            (Some(dir), _) => Some(dir),
            (None, Some(dir)) if dir.is_relative() && !dir.exists() => {
                let beside_config = path.parent().unwrap_or(Path::new(".")).join(&dir);
                Some(if beside_config.exists() { beside_config } else { dir })
            }
            (None, dir) => dir,
        };
        config.data.dir = config.data.dir.map(|dir| std::path::absolute(&dir).unwrap_or(dir));
        Ok(config)
    }

    /// Reads and validates a config file, or the built-in recipe `path` names ([`crate::recipes`]).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        if let Some((name, text)) = crate::recipes::builtin(path) {
            let label = crate::recipes::label(name);
            let config = Self::parse(text, &label)?;
            config.validate(&label)?;
            return Ok(config);
        }
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.into(), source })?;
        let config = Self::parse(&text, path)?;
        config.validate(path)?;
        Ok(config)
    }

    /// Parses TOML text; `path` only names the source in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        // toml's message already quotes the line and names the key.
        toml::from_str(text).map_err(|e| ConfigError::Parse { path: path.into(), message: format!("\n{e}") })
    }

    /// Checks every value against its allowed range.
    pub fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let bad = |key, value: &dyn std::fmt::Display, allowed: &str| ConfigError::Value {
            path: path.into(),
            key,
            value: value.to_string(),
            allowed: allowed.into(),
        };
        let t = &self.training;
        if !(t.learning_rate > 0.0 && t.learning_rate.is_finite()) {
            return Err(bad("training.learning_rate", &t.learning_rate, "must be a finite number > 0"));
        }
        if let Some(last) = t.final_learning_rate {
            // burn's linear scheduler takes rates in (0, 1].
            if t.learning_rate > 1.0 {
                return Err(bad("training.learning_rate", &t.learning_rate, "must be ≤ 1 when final_learning_rate is set"));
            }
            if !(0.0..=t.learning_rate).contains(&last) {
                return Err(bad("training.final_learning_rate", &last, "must be in [0, learning_rate]"));
            }
        }
        if t.batch_size == 0 {
            return Err(bad("training.batch_size", &t.batch_size, "must be ≥ 1"));
        }
        if t.epochs == 0 {
            return Err(bad("training.epochs", &t.epochs, "must be ≥ 1"));
        }
        if !(t.lambda >= 0.0 && t.lambda.is_finite()) {
            return Err(bad("training.lambda", &t.lambda, "must be a finite number ≥ 0"));
        }
        if !(0.0..1.0).contains(&t.momentum) {
            return Err(bad("training.momentum", &t.momentum, "must be in [0, 1)"));
        }
        let layers = self.model.layers;
        if layers[0] != ann_data::PIXELS {
            return Err(bad("model.layers", &format!("{layers:?}"), "the first layer must be 784 (28×28 pixels)"));
        }
        if layers.contains(&0) {
            return Err(bad("model.layers", &format!("{layers:?}"), "every layer needs at least 1 unit"));
        }
        if layers[3] < 2 || layers[3] > ann_data::folder::MAX_CLASSES {
            return Err(bad("model.layers", &format!("{layers:?}"), "the last layer (one unit per class) must be 2 to 256"));
        }
        let classes = &self.model.classes;
        if !classes.is_empty() && classes.len() != layers[3] {
            return Err(bad(
                "model.classes",
                &format!("{} names", classes.len()),
                &format!("must name each of the {} output units of model.layers {layers:?}", layers[3]),
            ));
        }
        let d = &self.data;
        if !(d.valid_fraction > 0.0 && d.valid_fraction < 1.0) {
            return Err(bad("data.valid_fraction", &d.valid_fraction, "must be in (0, 1)"));
        }
        if !(d.test_fraction > 0.0 && d.test_fraction < 1.0) {
            return Err(bad("data.test_fraction", &d.test_fraction, "must be in (0, 1)"));
        }
        if let Some(name) = d.dataset.as_deref().filter(|n| ann_data::family::family(n).is_none()) {
            return Err(bad("data.dataset", &format!("\"{name}\""), &format!("must be one of {}", ann_data::family::names())));
        }
        if let Some((key, value, allowed)) = d.augment.as_ref().and_then(|a| a.invalid()) {
            return Err(bad(key, &value, allowed));
        }
        if d.train_samples == Some(0) {
            return Err(bad("data.train_samples", &0, "must be ≥ 1 (or left out to use every image)"));
        }
        Ok(())
    }

    /// The shuffle seed: `data.shuffle_seed`, else `training.seed`.
    pub fn shuffle_seed(&self) -> u64 {
        self.data.shuffle_seed.unwrap_or(self.training.seed)
    }
}
