//! `ann gradcheck`: the slides' δ formulas against burn's autodiff on a real MNIST batch.
use std::path::Path;

use ann_backprop::check::{self, Row};
use ann_data::MnistBatcher;
use ann_model::Mlp;
use serde::Serialize;

use ann_artifacts::Config;
use ann_backend::{Backend, Precision};

use ann_artifacts::splits;

/// The largest relative error that passes, per precision: f32's rounding leaves ~1e-5.
pub fn tolerance(precision: Precision) -> f64 {
    match precision {
        Precision::F32 => 1e-4,
        Precision::F64 => 1e-10,
    }
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub backend: &'static str,
    /// The CPU's vector instructions the matrix products run with (`ann_backend::cpu_kernels`).
    pub cpu_kernels: &'static str,
    pub precision: Precision,
    pub batch: usize,
    pub lambda: f64,
    pub tolerance: f64,
    pub passed: bool,
    pub rows: Vec<JsonRow>,
}

#[derive(Debug, Serialize)]
pub struct JsonRow {
    pub parameter: String,
    pub shape: Vec<usize>,
    pub max_abs_diff: f64,
    pub max_rel_err: f64,
    pub passed: bool,
}

/// Compares the gradients of every parameter on the first `batch` training images.
pub fn run(config: &Config, config_path: &Path, backend: Backend, precision: Precision, batch: usize) -> anyhow::Result<Report> {
    let device = backend.device_with(precision)?;
    let (config, splits) = splits::load(config, config_path)?;
    let config = &config;
    let batch = batch.min(splits.train.len());
    anyhow::ensure!(batch >= 1, "--batch must be at least 1");
    let images = splits.train.slice(0..batch);
    device.seed(config.training.seed);
    let model = Mlp::new(&config.model, &device.clone().autodiff());
    let x = MnistBatcher::from_bytes(images.pixels(), images.labels(), &device);
    let lambda = config.training.lambda;
    let tolerance = tolerance(precision);
    let rows: Vec<JsonRow> = check::compare(&model, x.images, x.targets, lambda)
        .into_iter()
        .map(|Row { name, shape, max_abs_diff, max_rel_err }| JsonRow {
            parameter: name,
            shape,
            max_abs_diff,
            passed: max_rel_err <= tolerance,
            max_rel_err,
        })
        .collect();
    let passed = rows.iter().all(|r| r.passed);
    Ok(Report { backend: backend.name(), cpu_kernels: ann_backend::cpu_kernels(), precision, batch, lambda, tolerance, passed, rows })
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "manual δ-formula gradients vs burn autodiff: {} ({} CPU kernels) {:?}, batch {}, λ {}, pass if relative error ≤ {:e}",
            self.backend, self.cpu_kernels, self.precision, self.batch, self.lambda, self.tolerance
        )?;
        writeln!(f, "{:<10} {:<12} {:>12} {:>14}  result", "parameter", "shape", "max |Δ|", "max rel. err")?;
        for r in &self.rows {
            let shape = r.shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×");
            let result = if r.passed { "pass" } else { "FAIL" };
            writeln!(f, "{:<10} {:<12} {:>12.3e} {:>14.3e}  {result}", r.parameter, shape, r.max_abs_diff, r.max_rel_err)?;
        }
        Ok(())
    }
}
