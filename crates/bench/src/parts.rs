//! Where a training step's time goes: each part of the step timed alone on the same device, in
//! µs per sample, next to the step's matrix products alone at their own shapes (the real limit
//! at this batch size, lower than the square-matrix peak).
use std::time::{Duration, Instant};

use ann_artifacts::Config;
use ann_backprop::{Net, Sgd, backward, forward};
use ann_data::{MnistBatcher, MnistDataset, PIXELS};
use ann_model::{Mlp, one_hot};
use ann_train::Engine;
use ann_train::optimizer::optimizer;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Distribution, Tensor};
use serde::Serialize;

/// Passes over the measured batches; each part reports its median pass.
const PASSES: usize = 5;
/// Batches per pass (fewer if the training set is smaller).
const BATCHES: usize = 50;

/// µs per sample of each part of a training step.
#[derive(Debug, Clone, Serialize)]
pub struct Parts {
    /// Distorting one image on one core (`Augment::apply`); 0 without `[data.augment]`. The
    /// batcher shares a batch's images among the cores.
    pub distortions: f64,
    /// Building a batch from undistorted images: gathering, scaling to 0..1, the tensors.
    pub batch: f64,
    /// The forward pass: the slides' formulas (manual), or the model's forward and its cost
    /// on autodiff (learner).
    pub forward: f64,
    /// The gradients: the cost and the δ formulas (manual), or autodiff's backward pass and
    /// the gradients by parameter (learner).
    pub backward: f64,
    /// The update rule on every parameter.
    pub update: f64,
    /// The step's eight matrix products alone, at its own shapes: three forward, three ∂E/∂W,
    /// two δ.
    pub products: f64,
}

impl Parts {
    /// The step's parts as training pays them on `cores` cores (distortions shared among them).
    pub fn step(&self, cores: usize) -> f64 {
        self.distortions / cores.max(1) as f64 + self.batch + self.forward + self.backward + self.update
    }
}

/// Times each part of `engine`'s step on `train` with `config`'s network, batch and distortions.
pub fn measure(config: &Config, engine: Engine, train: &MnistDataset, device: &Device) -> anyhow::Result<Parts> {
    let b = config.training.batch_size.min(train.len()).max(1);
    let batches: Vec<Vec<usize>> = (0..train.len()).collect::<Vec<_>>().chunks_exact(b).take(BATCHES).map(<[usize]>::to_vec).collect();
    let samples = (batches.len() * b) as f64;
    let per_sample = |d: Duration| d.as_secs_f64() * 1e6 / samples;
    let median = |mut passes: Vec<[Duration; 4]>, part: usize| {
        let mut times: Vec<f64> = passes.iter_mut().map(|p| per_sample(p[part])).collect();
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let passes = match engine {
        Engine::Manual => manual_step(config, train, &batches, device)?,
        Engine::Learner => learner_step(config, train, &batches, device)?,
    };
    Ok(Parts {
        distortions: distortions(config, train, &batches),
        batch: median(passes.clone(), 0),
        forward: median(passes.clone(), 1),
        backward: median(passes.clone(), 2),
        update: median(passes, 3),
        products: products(config, b, device)?,
    })
}

/// Median µs per image of `Augment::apply`, on this thread alone.
fn distortions(config: &Config, train: &MnistDataset, batches: &[Vec<usize>]) -> f64 {
    let Some(augment) = &config.data.augment else { return 0.0 };
    let mut out = Vec::with_capacity(PIXELS);
    let mut times: Vec<f64> = (0..PASSES)
        .map(|pass| {
            let started = Instant::now();
            for &i in batches.iter().flatten() {
                out.clear();
                augment.apply(train.image(i), config.training.seed, pass + 1, i, &mut out);
            }
            std::hint::black_box(&out);
            started.elapsed().as_secs_f64() * 1e6 / batches.iter().map(Vec::len).sum::<usize>() as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[PASSES / 2]
}

/// (batch, forward, backward, update) of the manual engine's step, per pass.
fn manual_step(config: &Config, train: &MnistDataset, batches: &[Vec<usize>], device: &Device) -> anyhow::Result<Vec<[Duration; 4]>> {
    let t = &config.training;
    let mut model = Mlp::new(&config.model, device);
    let mut sgd = Sgd::new(t.learning_rate, t.momentum);
    let classes = config.model.layers[3];
    let mut passes = Vec::with_capacity(PASSES);
    for _ in 0..PASSES {
        let mut pass = [Duration::ZERO; 4];
        for indices in batches {
            let mut clock = Clock::start(device);
            let batch = MnistBatcher::gather(train, indices, None, device);
            pass[0] += clock.lap()?;
            let net = Net::of(&model);
            let fwd = forward(&net, batch.images);
            pass[1] += clock.lap()?;
            // As `Sgd::learn`: λ W(l) is added by the update.
            let g = backward(&net, &fwd, one_hot(batch.targets, classes), 0.0);
            pass[2] += clock.lap()?;
            drop((net, fwd));
            sgd.step(model.layers_mut(), g, t.lambda);
            pass[3] += clock.lap()?;
        }
        passes.push(pass);
    }
    Ok(passes)
}

/// (batch, forward, backward, update) of the Learner's step on autodiff, per pass: the model's
/// forward and cost, autodiff's backward pass and the gradients by parameter, the optimizer.
fn learner_step(config: &Config, train: &MnistDataset, batches: &[Vec<usize>], device: &Device) -> anyhow::Result<Vec<[Duration; 4]>> {
    let t = &config.training;
    let device = device.clone().autodiff();
    let mut model = Mlp::new(&config.model, &device);
    let mut optim = optimizer(t);
    let mut passes = Vec::with_capacity(PASSES);
    for _ in 0..PASSES {
        let mut pass = [Duration::ZERO; 4];
        for indices in batches {
            let mut clock = Clock::start(&device);
            let batch = MnistBatcher::gather(train, indices, None, &device);
            pass[0] += clock.lap()?;
            let output = model.forward_classification(batch);
            pass[1] += clock.lap()?;
            let grads = GradientsParams::from_grads(output.loss.backward(), &model);
            pass[2] += clock.lap()?;
            model = optim.step(t.learning_rate, model, grads);
            pass[3] += clock.lap()?;
        }
        passes.push(pass);
    }
    Ok(passes)
}

/// Median µs per sample of the step's eight matrix products at batch `b`.
fn products(config: &Config, b: usize, device: &Device) -> anyhow::Result<f64> {
    let [d, m, n, k] = config.model.layers;
    let random = |rows: usize, cols: usize| Tensor::<2>::random([rows, cols], Distribution::Uniform(-1.0, 1.0), device);
    let (x0, x1, x2) = (random(b, d), random(b, m), random(b, n));
    let (w1, w2, w3) = (random(d, m), random(m, n), random(n, k));
    let (d1, d2, d3) = (random(b, m), random(b, n), random(b, k));
    let step = || {
        // a(l) = x(l−1) W(l)
        drop(x0.clone().matmul(w1.clone()));
        drop(x1.clone().matmul(w2.clone()));
        drop(x2.clone().matmul(w3.clone()));
        // ∂E/∂W(l) = x(l−1)ᵀ δ(l)
        drop(x0.clone().transpose().matmul(d1.clone()));
        drop(x1.clone().transpose().matmul(d2.clone()));
        drop(x2.clone().transpose().matmul(d3.clone()));
        // δ(l) = δ(l+1) W(l+1)ᵀ
        drop(d3.clone().matmul(w3.clone().transpose()));
        drop(d2.clone().matmul(w2.clone().transpose()));
    };
    step();
    let mut times = Vec::with_capacity(PASSES);
    for _ in 0..PASSES {
        let started = Instant::now();
        for _ in 0..BATCHES {
            step();
        }
        device.sync()?;
        times.push(started.elapsed().as_secs_f64() * 1e6 / (BATCHES * b) as f64);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[PASSES / 2])
}

/// Laps between points where the device has finished its queued work.
struct Clock<'a> {
    device: &'a Device,
    last: Instant,
}

impl<'a> Clock<'a> {
    fn start(device: &'a Device) -> Self {
        Self { device, last: Instant::now() }
    }

    fn lap(&mut self) -> anyhow::Result<Duration> {
        self.device.sync()?;
        let now = Instant::now();
        Ok(now - std::mem::replace(&mut self.last, now))
    }
}
