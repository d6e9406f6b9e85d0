//! The artifact folder: what a run leaves in it (`model.bpk`, `config.toml`, `metrics.json`,
//! burn's `checkpoint/`, `train/`, `valid/`), and how a finished run is opened again. Files are
//! written to a temporary name and renamed, so a crash leaves either the old complete file or
//! the new one.
use std::fs;
use std::path::Path;

use ann_model::Mlp;
use anyhow::Context;
use burn::module::Module;
use burn::tensor::Device;
use crate::atomic::{write_atomic, write_model, write_named_model};
use crate::checkpoint::{CHECKPOINTS, last_checkpoint};
use crate::metrics::METRICS;
use crate::{ArtifactError, Config};

pub const MODEL: &str = "model.bpk";
pub const CONFIG: &str = "config.toml";

/// Creates `dir` (and its parents) and refuses to overwrite another run unless told to.
pub fn prepare(dir: &Path, resume: bool, force: bool) -> anyhow::Result<()> {
    // Only finished work is protected: debris of a run killed before its first complete
    // epoch holds nothing to lose.
    let occupied = dir.join(METRICS).exists() || last_checkpoint(dir, &["model"]).is_some();
    if occupied && !resume {
        if !force {
            return Err(ArtifactError::Occupied { dir: dir.into() }.into());
        }
        for sub in [CHECKPOINTS, "train", "valid"] {
            let path = dir.join(sub);
            if path.exists() {
                fs::remove_dir_all(&path).with_context(|| format!("cannot remove {}", path.display()))?;
            }
        }
        for file in [MODEL, CONFIG, METRICS] {
            let _ = fs::remove_file(dir.join(file));
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create the artifact directory {}", dir.display()))
}

/// `model.bpk`; with `classes` (a run of other classes than MNIST's digits) their names in its
/// metadata too.
pub fn save_model(model: &Mlp, classes: &[String], dir: &Path) -> anyhow::Result<()> {
    match classes.is_empty() {
        true => write_model(model, &dir.join(MODEL)),
        false => write_named_model(model, classes, &dir.join(MODEL)),
    }
}

pub fn save_config(config: &Config, dir: &Path) -> anyhow::Result<()> {
    let text = toml::to_string_pretty(config).context("cannot serialise the config")?;
    write_atomic(&dir.join(CONFIG), text.as_bytes())
}

/// A finished run's config, and its model on `backend`'s device.
pub fn open_run(dir: &Path, backend: ann_backend::Backend) -> anyhow::Result<(Config, Device, Mlp)> {
    let config = Config::load(&dir.join(CONFIG))?;
    let device = backend.device()?;
    let model = load_model(dir, &config, &device)?;
    Ok((config, device, model))
}

/// Loads `model.bpk` of `dir` into a network shaped as `config` says.
pub fn load_model(dir: &Path, config: &Config, device: &Device) -> Result<Mlp, ArtifactError> {
    load_model_file(&dir.join(MODEL), config, device)
}

/// Loads a model file (`model.bpk` or a checkpoint) into a network shaped as `config` says.
pub fn load_model_file(path: &Path, config: &Config, device: &Device) -> Result<Mlp, ArtifactError> {
    let path = path.to_path_buf();
    let bad = |message: String| ArtifactError::BadModel { path: path.clone(), message };
    if !path.is_file() {
        return Err(bad("no such file; train a model first with `ann train --artifacts DIR`".into()));
    }
    let model = Mlp::new(&config.model, device);
    model.try_load_file(&path).map_err(|e| {
        bad(format!("{e}\n(the model must be a burnpack file saved by `ann train`, with the layer sizes of {} beside it)", CONFIG))
    })
}

