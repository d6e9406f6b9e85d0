//! Accuracy, loss, per-class accuracy and the confusion matrix of a trained model.
use std::path::{Path, PathBuf};

use ann_backend::Backend;
use ann_data::{MnistBatcher, MnistDataset, PIXELS};
use ann_model::Mlp;
use burn::tensor::Device;
use serde::{Deserialize, Serialize};

use ann_artifacts::splits;

/// Images per forward pass during evaluation.
const CHUNK: usize = 1000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    pub samples: usize,
    /// Fraction of images classified correctly, 0..1.
    pub accuracy: f64,
    /// Mean cost `E` (cross-entropy or quadratic, as the model was trained).
    pub loss: f64,
    /// Class k's name.
    pub classes: Vec<String>,
    /// Accuracy on the images of each class.
    pub per_class_accuracy: Vec<f64>,
    /// `confusion[true][predicted]`: image counts.
    pub confusion: Vec<Vec<u64>>,
}

/// Evaluates `model` on every image of `data`; `classes` names its output units.
pub fn evaluate(model: &Mlp, data: &MnistDataset, classes: &[String], device: &Device) -> EvalReport {
    let k = classes.len();
    let mut confusion = vec![vec![0u64; k]; k];
    let mut loss_sum = 0.0;
    let (pixels, labels) = (data.pixels(), data.labels());
    for (px, lb) in pixels.chunks(CHUNK * PIXELS).zip(labels.chunks(CHUNK)) {
        let batch = MnistBatcher::from_bytes(px, lb, device);
        let n = lb.len();
        let a3 = model.forward(batch.images);
        loss_sum += model.loss(a3.clone(), batch.targets).into_scalar::<f64>() * n as f64;
        let predicted = ann_model::predicted(a3).into_data().convert::<i64>();
        for (&truth, &guess) in lb.iter().zip(predicted.as_slice::<i64>().unwrap()) {
            confusion[truth as usize][guess as usize] += 1;
        }
    }
    let samples = labels.len();
    let correct: u64 = (0..k).map(|k| confusion[k][k]).sum();
    let per_class_accuracy = (0..k)
        .map(|k| {
            let total: u64 = confusion[k].iter().sum();
            if total == 0 { f64::NAN } else { confusion[k][k] as f64 / total as f64 }
        })
        .collect();
    EvalReport {
        samples,
        accuracy: correct as f64 / samples as f64,
        loss: loss_sum / samples as f64,
        classes: classes.to_vec(),
        per_class_accuracy,
        confusion,
    }
}

/// Evaluates the model saved in `dir` on the test set (`ann eval`); with `figures`, also draws
/// this evaluation's confusion matrix and most confident mistakes there.
pub fn evaluate_saved(dir: &Path, backend: Backend, data_dir: Option<&Path>, figures: Option<&Path>) -> anyhow::Result<(EvalReport, Vec<PathBuf>)> {
    let (config, device, model) = ann_artifacts::open_run(dir, backend)?;
    let test = splits::test_set(&config, data_dir)?;
    let report = evaluate(&model, &test, &config.model.class_names(), &device);
    let drawn = match figures {
        None => Vec::new(),
        Some(out) => {
            let mistakes = crate::report::confident_mistakes(&model, &test, &device, crate::report::MISTAKES);
            ann_report::write_evaluation(out, &report.confusion, &report.classes, &mistakes)?
        }
    };
    Ok((report, drawn))
}

impl std::fmt::Display for EvalReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "test accuracy {:.2}% ({} images), test loss {:.4}", self.accuracy * 100.0, self.samples, self.loss)?;
        let label = self.classes.iter().map(|c| c.chars().count()).max().unwrap_or(1);
        let cell = self.classes.iter().map(|c| c.chars().count()).max().unwrap_or(1).max(5) + 1;
        writeln!(f, "\nper-class accuracy:")?;
        for (name, acc) in self.classes.iter().zip(&self.per_class_accuracy) {
            match acc.is_nan() {
                true => writeln!(f, "  {name:>label$}:  no test pictures")?,
                false => writeln!(f, "  {name:>label$}: {:6.2}%", acc * 100.0)?,
            }
        }
        writeln!(f, "\nconfusion matrix (rows: true class, columns: predicted):")?;
        write!(f, "  {:label$}  ", "")?;
        for name in &self.classes {
            write!(f, "{name:>cell$}")?;
        }
        for (name, row) in self.classes.iter().zip(&self.confusion) {
            write!(f, "\n  {name:>label$}: ")?;
            for count in row {
                write!(f, "{count:>cell$}")?;
            }
        }
        writeln!(f)
    }
}
