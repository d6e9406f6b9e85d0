//! What a run leaves in its artifact directory: `model.bpk`, `config.toml`, `metrics.json`,
//! and burn's `checkpoint/`, `train/`, `valid/`. Files are written to a temporary name and
//! renamed, so a crash leaves either the old complete file or the new one.
use std::fs;
use std::path::{Path, PathBuf};

use ann_model::Mlp;
use anyhow::Context;
use burn::module::Module;
use burn::tensor::Device;
use burn::train::checkpoint::{Checkpoint, Checkpointer, CheckpointerError, FileCheckpointer};
use serde::{Deserialize, Serialize};

use crate::Config;

pub const MODEL: &str = "model.bpk";
pub const CONFIG: &str = "config.toml";
pub const METRICS: &str = "metrics.json";
pub const CHECKPOINTS: &str = "checkpoint";

/// Loss and accuracy (fraction 0..1) of one epoch. A value that was not finite is written
/// as `null` (JSON has no NaN) and read back as NaN.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochRecord {
    pub epoch: usize,
    #[serde(deserialize_with = "nan_if_null")]
    pub train_loss: f64,
    #[serde(deserialize_with = "nan_if_null")]
    pub train_accuracy: f64,
    #[serde(deserialize_with = "nan_if_null")]
    pub valid_loss: f64,
    #[serde(deserialize_with = "nan_if_null")]
    pub valid_accuracy: f64,
    /// Mean |∂E/∂W(l)| for l = 1, 2, 3 over the epoch's measured steps (`ann_model::gradients`);
    /// absent in runs made before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gradient_mean_abs: Option<[f64; 3]>,
}

fn nan_if_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

/// `metrics.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub test_accuracy: f64,
    pub test_loss: f64,
    pub backend: String,
    pub engine: String,
    pub epochs: usize,
    pub train_samples: usize,
    pub valid_samples: usize,
    pub test_samples: usize,
    pub seed: u64,
    /// Wall-clock seconds of training (this invocation; not the final evaluation).
    pub seconds: f64,
    /// Training samples processed per second in this invocation.
    pub samples_per_second: f64,
    pub history: Vec<EpochRecord>,
    pub per_class_accuracy: Vec<f64>,
    pub confusion: Vec<Vec<u64>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    #[error(
        "{dir} already holds the artifacts of another run; pass --resume to continue it, \
         --force to replace it, or choose another --artifacts directory"
    )]
    Occupied { dir: PathBuf },
    #[error("{dir} has no checkpoint to resume from (expected {dir}/checkpoint/model-<epoch>.bpk)")]
    NothingToResume { dir: PathBuf },
    #[error("cannot load the model {path}: {message}")]
    BadModel { path: PathBuf, message: String },
    #[error("{dir} is not a finished run: {message}")]
    NotARun { dir: PathBuf, message: String },
}

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
        for file in [MODEL, CONFIG, METRICS, "experiment.log"] {
            let _ = fs::remove_file(dir.join(file));
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create the artifact directory {}", dir.display()))
}

/// What a Learner checkpoint of one epoch consists of: `<part>-<epoch>.bpk` each.
pub const LEARNER_PARTS: [&str; 3] = ["model", "optim", "scheduler"];

/// `checkpoint/<part>-<epoch>.bpk`: the names burn's checkpointers use, for both engines.
pub fn checkpoint_file(dir: &Path, part: &str, epoch: usize) -> PathBuf {
    dir.join(CHECKPOINTS).join(format!("{part}-{epoch}.bpk"))
}

/// The newest epoch for which every one of `parts` was written completely.
pub fn last_checkpoint(dir: &Path, parts: &[&str]) -> Option<usize> {
    let entries = fs::read_dir(dir.join(CHECKPOINTS)).ok()?;
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_prefix("model-")?.strip_suffix(".bpk")?.parse::<usize>().ok())
        .filter(|&epoch| parts.iter().all(|part| checkpoint_file(dir, part, epoch).is_file()))
        .max()
}

/// burn's `FileCheckpointer`, except that each file is written under a temporary name and
/// renamed: a `kill -9` leaves the old complete files and, at most, a stray `*.tmp.bpk`.
pub struct AtomicCheckpointer {
    files: FileCheckpointer,
    dir: PathBuf,
    part: &'static str,
}

impl AtomicCheckpointer {
    pub fn new(dir: &Path, part: &'static str) -> Self {
        Self { files: FileCheckpointer::new(dir.join(CHECKPOINTS), part), dir: dir.into(), part }
    }
}

impl<R: Checkpoint> Checkpointer<R> for AtomicCheckpointer {
    fn save(&self, epoch: usize, record: R) -> Result<(), CheckpointerError> {
        let path = checkpoint_file(&self.dir, self.part, epoch);
        let tmp = path.with_extension("tmp.bpk");
        record.save(tmp.clone())?;
        fs::rename(&tmp, &path).map_err(CheckpointerError::IOError)
    }

    fn delete(&self, epoch: usize) -> Result<(), CheckpointerError> {
        Checkpointer::<R>::delete(&self.files, epoch)
    }

    fn restore(&self, epoch: usize) -> Result<R, CheckpointerError> {
        self.files.restore(epoch)
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
}

pub fn save_model(model: &Mlp, dir: &Path) -> anyhow::Result<()> {
    save_model_as(model, &dir.join(MODEL))
}

/// `checkpoint/model-<epoch>.bpk`, the name burn's Learner checkpoints use.
pub fn save_checkpoint(model: &Mlp, dir: &Path, epoch: usize) -> anyhow::Result<()> {
    let folder = dir.join(CHECKPOINTS);
    fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
    save_model_as(model, &checkpoint_file(dir, "model", epoch))
}

fn save_model_as(model: &Mlp, path: &Path) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp.bpk");
    model.clone().save_file(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
}

pub fn save_config(config: &Config, dir: &Path) -> anyhow::Result<()> {
    let text = toml::to_string_pretty(config).context("cannot serialise the config")?;
    write_atomic(&dir.join(CONFIG), text.as_bytes())
}

pub fn save_metrics(metrics: &Metrics, dir: &Path) -> anyhow::Result<()> {
    write_atomic(&dir.join(METRICS), serde_json::to_string_pretty(metrics)?.as_bytes())
}

/// A finished run's config, and its model on `backend`'s device.
pub fn open_run(dir: &Path, backend: crate::Backend) -> anyhow::Result<(Config, Device, Mlp)> {
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

/// Per-epoch figures read back from burn's metric logs (`<split>/epoch-N/<Metric>.log`).
pub fn history(dir: &Path, epochs: usize) -> Vec<EpochRecord> {
    let read = |split: &str, epoch: usize, metric: &str| {
        let text = fs::read_to_string(dir.join(split).join(format!("epoch-{epoch}")).join(format!("{metric}.log")));
        text.ok().and_then(|t| epoch_value(&t)).unwrap_or(f64::NAN)
    };
    (1..=epochs)
        .map(|epoch| EpochRecord {
            epoch,
            train_loss: read("train", epoch, "Loss"),
            train_accuracy: read("train", epoch, "Accuracy") / 100.0,
            valid_loss: read("valid", epoch, "Loss"),
            valid_accuracy: read("valid", epoch, "Accuracy") / 100.0,
            gradient_mean_abs: read_gradients(dir, epoch),
        })
        .collect()
}

/// `train/epoch-N/GradientSize.log`: the Learner's gradient sizes of one epoch, written
/// beside burn's own metric logs so that a resumed run still has every epoch's.
pub fn gradients_file(dir: &Path, epoch: usize) -> PathBuf {
    dir.join("train").join(format!("epoch-{epoch}")).join("GradientSize.log")
}

pub fn write_gradients(dir: &Path, epoch: usize, sizes: [f64; 3]) -> anyhow::Result<()> {
    let path = gradients_file(dir, epoch);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    write_atomic(&path, format!("{},{},{}\n", sizes[0], sizes[1], sizes[2]).as_bytes())
}

fn read_gradients(dir: &Path, epoch: usize) -> Option<[f64; 3]> {
    let text = fs::read_to_string(gradients_file(dir, epoch)).ok()?;
    let values: Vec<f64> = text.trim().split(',').map(|v| v.trim().parse().ok()).collect::<Option<_>>()?;
    values.try_into().ok()
}

/// The epoch figure of a metric log: its `value,final` line, or the count-weighted mean of
/// its `value,count` lines.
fn epoch_value(text: &str) -> Option<f64> {
    let (mut sum, mut count) = (0.0, 0.0);
    for line in text.lines() {
        let (value, weight) = line.split_once(',')?;
        let value: f64 = value.trim().parse().ok()?;
        if weight.trim() == "final" {
            return Some(value);
        }
        let weight: f64 = weight.trim().parse().ok()?;
        sum += value * weight;
        count += weight;
    }
    (count > 0.0).then(|| sum / count)
}
