//! What a training run looked like, as pictures: the curves, the confusion matrix, the test
//! images it got most confidently wrong, what each hidden unit looks for, and how large each
//! layer's gradient was; an offline `report.html` that shows them; and several runs' curves in
//! one figure. Plain data in, files out: no burn here.
mod figures;
mod html;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// One epoch's figures; accuracies are fractions. Non-finite values are not drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochPoint {
    pub epoch: usize,
    pub train_loss: f64,
    pub train_accuracy: f64,
    pub valid_loss: f64,
    pub valid_accuracy: f64,
}

/// A test image the network got wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    /// 784 bytes, MNIST's layout, ink = 255.
    pub pixels: Vec<u8>,
    pub truth: u8,
    pub predicted: u8,
    /// The probability given to `predicted`.
    pub probability: f64,
}

/// Mean |∂E/∂W(l)| for l = 1, 2, 3 over one epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct GradientPoint {
    pub epoch: usize,
    pub mean_abs: [f64; 3],
}

/// Everything the report of one run shows.
pub struct RunReport<'a> {
    pub title: &'a str,
    /// Key facts, shown as a table.
    pub summary: &'a [(String, String)],
    /// The run's config, shown verbatim.
    pub config_toml: &'a str,
    pub history: &'a [EpochPoint],
    pub test_accuracy: f64,
    pub test_loss: f64,
    /// Output unit k's class name (MNIST: the digits).
    pub classes: &'a [String],
    /// Test accuracy of each class, fraction 0..1 (NaN for a class with no test image).
    pub per_class_accuracy: &'a [f64],
    /// `confusion[true][predicted]`, K × K for K classes.
    pub confusion: &'a [Vec<u64>],
    /// Most confident first.
    pub mistakes: &'a [Mistake],
    /// `W(1)`'s rows: one vector of 784 weights per hidden unit.
    pub first_layer: &'a [Vec<f32>],
    /// Empty for runs that did not record it.
    pub gradients: &'a [GradientPoint],
}

/// What [`write_report`] wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub html: PathBuf,
    pub figures: Vec<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{0:#}")]
    Replace(anyhow::Error),
    #[error("cannot draw {figure}: {message}")]
    Draw { figure: String, message: String },
    #[error("nothing to compare: name at least one finished run")]
    NoRuns,
    #[error("{0}")]
    Input(String),
}

/// One curve of one run in the comparison figure.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRun {
    /// Shown in the legend, e.g. "gd-batch (relu, batch 4500, η 0.5)".
    pub label: String,
    pub history: Vec<EpochPoint>,
}

/// Writes the figures and `report.html` into `dir`; nothing else there is touched.
pub fn write_report(dir: &Path, report: &RunReport) -> Result<Written, ReportError> {
    let k = report.classes.len();
    if report.per_class_accuracy.len() != k {
        return Err(ReportError::Input(format!("the per-class accuracies must be for the {k} classes")));
    }
    check_classes(report.classes, report.confusion, report.mistakes)?;
    let mut figures = vec![
        figures::curves(dir, report)?,
        figures::confusion(dir, report.confusion, report.classes)?,
        figures::weights(dir, report.first_layer)?,
    ];
    if !report.mistakes.is_empty() {
        figures.push(figures::mistakes(dir, report.mistakes, report.classes)?);
    }
    if !report.gradients.is_empty() {
        figures.push(figures::gradients(dir, report.gradients)?);
    }
    let html = dir.join("report.html");
    write_atomic(&html, html::page(report, &figures).as_bytes())?;
    Ok(Written { html, figures })
}

/// The figures of one evaluation (`ann eval --figures`): `confusion.png` and, when the model
/// got any picture wrong, `mistakes.png`, written into `dir` (made if missing).
pub fn write_evaluation(dir: &Path, confusion: &[Vec<u64>], classes: &[String], mistakes: &[Mistake]) -> Result<Vec<PathBuf>, ReportError> {
    check_classes(classes, confusion, mistakes)?;
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Write { path: dir.into(), source })?;
    let mut written = vec![figures::confusion(dir, confusion, classes)?];
    if !mistakes.is_empty() {
        written.push(figures::mistakes(dir, mistakes, classes)?);
    }
    Ok(written)
}

/// The confusion matrix is K × K and every mistake names one of the K classes.
fn check_classes(classes: &[String], confusion: &[Vec<u64>], mistakes: &[Mistake]) -> Result<(), ReportError> {
    let k = classes.len();
    if confusion.len() != k || confusion.iter().any(|row| row.len() != k) {
        return Err(ReportError::Input(format!("the confusion matrix must be for the {k} classes")));
    }
    if mistakes.iter().any(|m| m.truth as usize >= k || m.predicted as usize >= k) {
        return Err(ReportError::Input(format!("a mistake names a class beyond the {k} classes")));
    }
    Ok(())
}

/// One figure with the validation loss, validation accuracy and training loss of every run.
pub fn compare(runs: &[CompareRun], out: &Path) -> Result<(), ReportError> {
    if runs.is_empty() {
        return Err(ReportError::NoRuns);
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| ReportError::Write { path: parent.into(), source })?;
    }
    figures::compare(runs, out)
}

/// Written under a temporary name and renamed, as every artifact is.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    ann_artifacts::write_atomic(path, bytes).map_err(ReportError::Replace)
}
