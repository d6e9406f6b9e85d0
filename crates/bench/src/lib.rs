//! `ann bench`: training and evaluation throughput on real MNIST, and how close training comes
//! to what the backend's arithmetic allows (a matrix-product peak measured on the same device).
mod parts;

use std::path::{Path, PathBuf};
use std::time::Instant;

use burn::tensor::{Device, Distribution, Tensor};
use serde::Serialize;

use ann_artifacts::Config;
use ann_backend::Backend;
use ann_data::MnistDataset;
use ann_model::Mlp;

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
/// Slices of the timed training, with a pass of the step's parts before each and after the last:
/// this machine's speed drifts within seconds, and the passes between slices see the same
/// machine as the training does.
const SLICES: usize = 5;

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
    /// Each slice's samples/s over the step limit measured on either side of it, the median
    /// over the slices: the two figures taken a fraction of a second apart, not seconds.
    pub fraction_of_step_limit: f64,
    /// The timed training, slice by slice.
    pub slices: Vec<Slice>,
}

/// One slice of the timed training, and the step's products alone on either side of it.
#[derive(Debug, Clone, Serialize)]
pub struct Slice {
    pub samples: usize,
    pub seconds: f64,
    /// µs per sample of the step's matrix products alone, in the passes just before and after.
    pub products_before: f64,
    pub products_after: f64,
}

impl Slice {
    /// This slice's samples/s over the step limit of the passes around it.
    fn fraction_of_step_limit(&self) -> f64 {
        self.samples as f64 / self.seconds * (self.products_before + self.products_after) / 2.0 / 1e6
    }
}

/// The middle value (the upper of the two middle ones for an even count).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// FLOP of one training sample through `layers`: 2·Σ in·out forward, the same for every
/// `∂E/∂W(l)`, and 2·Σ in·out for every δ(l−1) except below the first layer (not needed).
pub fn train_flop_per_sample(layers: &[usize]) -> f64 {
    let products: Vec<f64> = layers.windows(2).map(|w| (w[0] * w[1]) as f64).collect();
    let all: f64 = products.iter().sum();
    2.0 * (all + all + (all - products[0]))
}

/// Trains for `samples` samples (the training set repeated as needed, batches as the config
/// says, in slices of one epoch each), times it, evaluates the test set, and measures the matmul
/// peak and the step's parts.
pub fn run(config: &Config, config_path: PathBuf, backend: Backend, engine: Engine, samples: usize) -> anyhow::Result<BenchReport> {
    let device = backend.device()?;
    let (mut config, splits) = splits::load(config, &config_path)?;
    let train = splits.train.repeated(samples);
    config.training.epochs = 1;
    // Training in slices of whole batches, each between two passes of the step's parts.
    let mut meter = parts::Meter::new(&config, engine, &train, &device);
    let batches = train.len().div_ceil(config.training.batch_size.max(1));
    let count = SLICES.min(batches);
    let (mut model, mut slices) = (None, Vec::with_capacity(count));
    let mut products_before = meter.pass()?;
    for k in 0..count {
        let edge = |k: usize| (batches * k / count * config.training.batch_size).min(train.len());
        let slice = train.slice(edge(k)..edge(k + 1));
        let (trained, seconds) = train_slice(&config, &config_path, backend, engine, &device, &slice, &splits.valid)?;
        let products_after = meter.pass()?;
        slices.push(Slice { samples: slice.len(), seconds, products_before, products_after });
        (model, products_before) = (Some(trained), products_after);
    }
    let model = model.expect("at least one slice");
    let parts = meter.parts();

    let eval_device = model.fc1.weight.device();
    let eval_times: Vec<f64> = (0..EVAL_ROUNDS)
        .map(|_| {
            let started = Instant::now();
            eval::evaluate(&model, &splits.test, &splits.classes, &eval_device);
            started.elapsed().as_secs_f64()
        })
        .collect();
    let eval_seconds = median(eval_times);

    let (matmul_size, matmul_gflops) = matmul_peak(&device)?;
    let layers = config.model.layers;
    let flop = train_flop_per_sample(&layers);
    let train_seconds: f64 = slices.iter().map(|s| s.seconds).sum();
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
        fraction_of_step_limit: median(slices.iter().map(Slice::fraction_of_step_limit).collect()),
        parts,
        slices,
    })
}

/// Trains a new network on `slice` for one epoch: the model, and the seconds training took
/// (no start-up, no validation).
fn train_slice(config: &Config, config_path: &Path, backend: Backend, engine: Engine, device: &Device, slice: &MnistDataset, valid: &MnistDataset) -> anyhow::Result<(Mlp, f64)> {
    let scratch = tempfile::tempdir()?;
    let options = RunOptions { backend, engine, artifacts: scratch.path().into(), config_path: config_path.into(), resume: false, force: false };
    Ok(match engine {
        Engine::Learner => {
            let trained = learner::learn(config, &options, device, slice, valid, None, Show::Nothing)?;
            (trained.model, trained.train_seconds)
        }
        Engine::Manual => {
            let mut trainer = manual::Trainer::new(config, device, slice);
            let started = Instant::now();
            trainer.epoch(1, config, &options)?;
            device.sync()?;
            (trainer.model, started.elapsed().as_secs_f64())
        }
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
        writeln!(f, "where a step's time goes, µs per sample (each part timed alone, between the slices of training):")?;
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
        )?;
        writeln!(
            f,
            "  (training timed in {} slices, each against the products timed just before and after it; the median slice)",
            self.slices.len()
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
