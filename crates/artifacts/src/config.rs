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

/// The `[training]` table, checked where the page checks it too.
pub use ann_backprop::TrainingConfig;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source} (or name a recipe built into ann: {})", crate::recipes::names())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("config {path}: `{key}` = {value} is out of range: {allowed}")]
    Value { path: PathBuf, key: &'static str, value: String, allowed: String },
}

/// What the command line puts in place of a config's own values (`--data-dir`, `--dataset`,
/// `--epochs`, `--seed`).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub data_dir: Option<PathBuf>,
    pub dataset: Option<String>,
    pub epochs: Option<usize>,
    pub seed: Option<u64>,
}

impl Config {
    /// The config at `path` (a file, or the built-in recipe it names: [`crate::recipes`]) with
    /// `overrides` in place, checked once. A relative `--data-dir` is taken from the current
    /// folder; a relative `data.dir` from the current folder, or else from the config's own
    /// folder. Either is made absolute, so that the run's saved config means the same folder
    /// wherever `ann eval` runs later.
    pub fn load_with(path: &Path, overrides: &Overrides) -> Result<Self, ConfigError> {
        let (mut config, label) = match crate::recipes::builtin(path) {
            Some((name, text)) => {
                let label = crate::recipes::label(name);
                (Self::parse(text, &label)?, label)
            }
            None => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.into(), source })?;
                (Self::parse(&text, path)?, path.to_path_buf())
            }
        };
        if let Some(dataset) = &overrides.dataset {
            config.data.dataset = Some(dataset.clone());
        }
        config.training.epochs = overrides.epochs.unwrap_or(config.training.epochs);
        config.training.seed = overrides.seed.unwrap_or(config.training.seed);
        config.data.dir = match (overrides.data_dir.clone(), config.data.dir.take()) {
            (Some(dir), _) => Some(dir),
            (None, Some(dir)) if dir.is_relative() && !dir.exists() => {
                let beside_config = path.parent().unwrap_or(Path::new(".")).join(&dir);
                Some(if beside_config.exists() { beside_config } else { dir })
            }
            (None, dir) => dir,
        };
        config.data.dir = config.data.dir.map(|dir| std::path::absolute(&dir).unwrap_or(dir));
        config.validate(&label)?;
        Ok(config)
    }

    /// Reads and checks a config file, or the built-in recipe `path` names, as it is.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        Self::load_with(path, &Overrides::default())
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
        if let Some(invalid) = self.model.invalid().or_else(|| self.training.invalid()) {
            return Err(ConfigError::Value { path: path.into(), key: invalid.key, value: invalid.value, allowed: invalid.allowed });
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
