//! `metrics.json` and the per-epoch figures of a run.
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::ArtifactError;
use crate::atomic::write_atomic;

pub const METRICS: &str = "metrics.json";

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
    /// may be absent (a metrics file without it still reads).
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
    /// Class k's name, the order of `per_class_accuracy` and `confusion` (absent: the digits).
    #[serde(default = "digits")]
    pub classes: Vec<String>,
    pub per_class_accuracy: Vec<f64>,
    pub confusion: Vec<Vec<u64>>,
}

fn digits() -> Vec<String> {
    ann_model::digit_names(10)
}

pub fn save_metrics(metrics: &Metrics, dir: &Path) -> anyhow::Result<()> {
    write_atomic(&dir.join(METRICS), serde_json::to_string_pretty(metrics)?.as_bytes())
}

/// `metrics.json` of a finished run, or an error naming the folder and what is wrong.
pub fn read_metrics(dir: &Path) -> Result<Metrics, ArtifactError> {
    let path = dir.join(METRICS);
    let bad = |message: String| ArtifactError::NotARun { dir: dir.into(), message };
    if !dir.is_dir() {
        return Err(bad("no such folder".into()));
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| bad(format!("cannot read {} ({e}); is this the --artifacts folder of a finished `ann train`?", path.display())))?;
    serde_json::from_str(&text).map_err(|e| bad(format!("{} is damaged ({e}); train again or restore it", path.display())))
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
