//! `ann bench`: training and evaluation throughput on real MNIST, and how close training comes
//! to what the backend's arithmetic allows (a matrix-product peak measured on the same device).
mod parts;

use std::path::PathBuf;
use std::time::Instant;

use burn::tensor::{Device, Distribution, Tensor};
use serde::Serialize;

use ann_artifacts::Config;
use ann_backend::Backend;

use ann_artifacts::splits;
use ann_eval::eval;
use ann_train::learner::{self, Show};
use ann_train::manual;
use ann_train::{Engine, RunOptions};
pub use parts::Parts;

/// Evaluation passes over the test set; the median is reported.
const EVAL_ROUNDS: usize = 5;
/// Square matrix sizes tried for the peak; the best is reported.
const PEAK_SIZES: [usize; 3] = [512, 1024, 2048];
/// Time spent on each size of the peak measurement.
const PEAK_SECONDS: f64 = 0.5;

#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub backend: String,
    pub engine: String,
    pub layers: [usize; 4],
    pub batch_size: usize,
    /// Hardware threads the process may use.
    pub threads: usize,
    pub train_samples: usize,
    /// Training alone: no start-up, no validation.
    pub train_seconds: f64,
    pub train_samples_per_second: f64,
    pub eval_images: usize,
    /// Median over several passes of the whole test set (accuracy, loss, confusion matrix).
    pub eval_seconds: f64,
    pub eval_images_per_second: f64,
    /// Multiply-adds × 2 of one training sample: forward, ∂E/∂W, and δ for every layer but the first.
    pub train_flop_per_sample: f64,
    pub train_gflops: f64,
    /// The fastest square matrix product measured on this device, and its size.
    pub matmul_gflops: f64,
    pub matmul_size: usize,
    /// `train_gflops / matmul_gflops`.
    pub fraction_of_peak: f64,
    /// `matmul_gflops / train_flop_per_sample`: samples/s if training ran at the peak.
    pub limit_samples_per_second: f64,
    /// µs per sample of each part of the step, each timed alone.
    pub parts: Parts,
    /// µs per sample that training took beyond its parts (the Learner's metrics and events,
    /// waiting between parts): the measured time less [`Parts::step`].
    pub other: f64,
    /// GFLOP/s of the step's matrix products alone at their own shapes.
    pub products_gflops: f64,
    /// Samples/s if the step took only its matrix products: the real limit at this batch size.
    pub step_limit_samples_per_second: f64,
    /// `train_samples_per_second / step_limit_samples_per_second`.
    pub fraction_of_step_limit: f64,
}

/// FLOP of one training sample through `layers`: 2·Σ in·out forward, the same for every
/// `∂E/∂W(l)`, and 2·Σ in·out for every δ(l−1) except below the first layer (not needed).
pub fn train_flop_per_sample(layers: &[usize]) -> f64 {
    let products: Vec<f64> = layers.windows(2).map(|w| (w[0] * w[1]) as f64).collect();
    let all: f64 = products.iter().sum();
    2.0 * (all + all + (all - products[0]))
}

/// Trains for `samples` samples (the training set repeated as needed, batches as the config
/// says, one epoch), times it, evaluates the test set, and measures the matmul peak.
pub fn run(config: &Config, config_path: PathBuf, backend: Backend, engine: Engine, samples: usize) -> anyhow::Result<BenchReport> {
    let device = backend.device()?;
    let (mut config, splits) = splits::load(config, &config_path)?;
    let train = splits.train.repeated(samples);
    config.training.epochs = 1;
    let scratch = tempfile::tempdir()?;
    let options = RunOptions { backend, engine, artifacts: scratch.path().into(), config_path, resume: false, force: false };

    let (model, train_seconds) = match engine {
        Engine::Learner => {
            let trained = learner::learn(&config, &options, &device, &train, &splits.valid, None, Show::Nothing)?;
            (trained.model, trained.train_seconds)
        }
        Engine::Manual => {
            let mut trainer = manual::Trainer::new(&config, &device, &train);
            let started = Instant::now();
            trainer.epoch(1, &config, &options)?;
            device.sync()?;
            (trainer.model, started.elapsed().as_secs_f64())
        }
    };

    let eval_device = model.fc1.weight.device();
    let mut eval_times: Vec<f64> = (0..EVAL_ROUNDS)
        .map(|_| {
            let started = Instant::now();
            eval::evaluate(&model, &splits.test, &splits.classes, &eval_device);
            started.elapsed().as_secs_f64()
        })
        .collect();
    eval_times.sort_by(f64::total_cmp);
    let eval_seconds = eval_times[EVAL_ROUNDS / 2];

    let (matmul_size, matmul_gflops) = matmul_peak(&device)?;
    let parts = parts::measure(&config, engine, &train, &device)?;
    let layers = config.model.layers;
    let flop = train_flop_per_sample(&layers);
    let train_samples_per_second = train.len() as f64 / train_seconds;
    let train_gflops = train_samples_per_second * flop / 1e9;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let step_limit_samples_per_second = 1e6 / parts.products;
    Ok(BenchReport {
        backend: backend.name().into(),
        engine: engine.name().into(),
        layers,
        batch_size: config.training.batch_size,
        threads,
        train_samples: train.len(),
        train_seconds,
        train_samples_per_second,
        eval_images: splits.test.len(),
        eval_seconds,
        eval_images_per_second: splits.test.len() as f64 / eval_seconds,
        train_flop_per_sample: flop,
        train_gflops,
        matmul_gflops,
        matmul_size,
        fraction_of_peak: train_gflops / matmul_gflops,
        limit_samples_per_second: matmul_gflops * 1e9 / flop,
        other: 1e6 / train_samples_per_second - parts.step(threads),
        products_gflops: flop * step_limit_samples_per_second / 1e9,
        step_limit_samples_per_second,
        fraction_of_step_limit: train_samples_per_second / step_limit_samples_per_second,
        parts,
    })
}

/// The best GFLOP/s of `n × n` f32 products on `device` over [`PEAK_SIZES`], and its `n`.
pub fn matmul_peak(device: &Device) -> anyhow::Result<(usize, f64)> {
    let mut best = (0, 0.0);
    for n in PEAK_SIZES {
        let a = Tensor::<2>::random([n, n], Distribution::Uniform(-1.0, 1.0), device);
        let b = Tensor::<2>::random([n, n], Distribution::Uniform(-1.0, 1.0), device);
        // Warm-up: first-use allocation, kernel compilation on GPUs.
        drop(a.clone().matmul(b.clone()));
        device.sync()?;
        let (started, mut products) = (Instant::now(), 0usize);
        while products == 0 || started.elapsed().as_secs_f64() < PEAK_SECONDS {
            drop(a.clone().matmul(b.clone()));
            device.sync()?;
            products += 1;
        }
        let gflops = products as f64 * 2.0 * (n * n * n) as f64 / started.elapsed().as_secs_f64() / 1e9;
        if gflops > best.1 {
            best = (n, gflops);
        }
    }
    Ok(best)
}

impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let l = self.layers;
        writeln!(
            f,
            "ann bench: {} backend, {} engine, {}-{}-{}-{}, batch {}, {} threads",
            self.backend, self.engine, l[0], l[1], l[2], l[3], self.batch_size, self.threads
        )?;
        writeln!(
            f,
            "training    {:>7} samples in {:.3} s: {:>9.0} samples/s  ({:.1} GFLOP/s at {:.3} MFLOP per sample)",
            self.train_samples,
            self.train_seconds,
            self.train_samples_per_second,
            self.train_gflops,
            self.train_flop_per_sample / 1e6
        )?;
        writeln!(
            f,
            "evaluation  {:>7} images  in {:.3} s: {:>9.0} images/s   (median of {EVAL_ROUNDS} passes)",
            self.eval_images, self.eval_seconds, self.eval_images_per_second
        )?;
        writeln!(
            f,
            "matmul peak {0}×{0} f32: {1:.1} GFLOP/s, so at most {2:.0} samples/s; training reaches {3:.0}% of it",
            self.matmul_size,
            self.matmul_gflops,
            self.limit_samples_per_second,
            self.fraction_of_peak * 100.0
        )?;
        let p = &self.parts;
        writeln!(f, "where a step's time goes, µs per sample (each part timed alone):")?;
        if p.distortions > 0.0 {
            writeln!(f, "  distortions {:>7.2}  per image on one core; the batcher shares them among {} cores", p.distortions, self.threads)?;
        }
        writeln!(f, "  batch       {:>7.2}  gathering and scaling the images, the tensors", p.batch)?;
        writeln!(f, "  forward     {:>7.2}", p.forward)?;
        writeln!(f, "  backward    {:>7.2}", p.backward)?;
        writeln!(f, "  update      {:>7.2}", p.update)?;
        writeln!(f, "  other       {:>7.2}  what training took beyond the parts", self.other)?;
        writeln!(
            f,
            "matrix products alone at the step's shapes: {:.2} µs per sample ({:.1} GFLOP/s), so at most {:.0} samples/s; training reaches {:.0}% of it",
            p.products,
            self.products_gflops,
            self.step_limit_samples_per_second,
            self.fraction_of_step_limit * 100.0
        )
    }
}

#[cfg(test)]
mod tests {
    use super::train_flop_per_sample;

    #[test]
    fn flop_count_follows_the_layer_products() {
        // Forward 4·3 + 3·2, the same for ∂E/∂W, and δ(1) from δ(2) through W(2): 3·2.
        assert_eq!(train_flop_per_sample(&[4, 3, 2]), 2.0 * (18.0 + 18.0 + 6.0));
        // The slides' network: 266,200 + 297,200 multiply-adds.
        assert_eq!(train_flop_per_sample(&[784, 300, 100, 10]), 2.0 * (266_200.0 + 297_200.0));
    }
}
