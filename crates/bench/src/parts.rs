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
use burn::optim::ModuleOptimizer;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Distribution, Tensor};
use serde::Serialize;

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

/// Times the parts of `engine`'s step pass by pass, so that the passes can sit between slices
/// of the timed training: this machine's speed drifts within seconds, and a fraction of two
/// figures taken apart would carry that drift.
pub struct Meter<'a> {
    config: &'a Config,
    train: &'a MnistDataset,
    device: Device,
    /// The batches each pass steps through, in file order.
    batches: Vec<Vec<usize>>,
    step: Step,
    products: Products,
    /// µs per sample of each pass: distortions, batch, forward, backward, update, products.
    passes: Vec<[f64; 6]>,
}

/// The network and update rule that a pass steps, for one engine.
enum Step {
    Manual { model: Mlp, sgd: Sgd },
    /// `model` is `None` only while the optimizer holds it; `device` is autodiff's.
    Learner { model: Option<Mlp>, optim: ModuleOptimizer, device: Device },
}

impl<'a> Meter<'a> {
    /// A meter of `engine`'s step on `train` with `config`'s network, batch and distortions.
    pub fn new(config: &'a Config, engine: Engine, train: &'a MnistDataset, device: &Device) -> Self {
        let t = &config.training;
        let b = t.batch_size.min(train.len()).max(1);
        let batches = (0..train.len()).collect::<Vec<_>>().chunks_exact(b).take(BATCHES).map(<[usize]>::to_vec).collect();
        let step = match engine {
            Engine::Manual => Step::Manual { model: Mlp::new(&config.model, device), sgd: Sgd::new(t.learning_rate, t.momentum) },
            Engine::Learner => {
                let device = device.clone().autodiff();
                Step::Learner { model: Some(Mlp::new(&config.model, &device)), optim: optimizer(t), device }
            }
        };
        let products = Products::new(config, b, device);
        Self { config, train, device: device.clone(), batches, step, products, passes: Vec::new() }
    }

    /// Times one pass of every part (one image's distortions, the step's parts, the products
    /// alone); returns the products' µs per sample in it.
    pub fn pass(&mut self) -> anyhow::Result<f64> {
        let samples = (self.batches.len() * self.batches.first().map_or(1, Vec::len)) as f64;
        let per_sample = |d: Duration| d.as_secs_f64() * 1e6 / samples;
        let distortions = self.distortions();
        let step = match &mut self.step {
            Step::Manual { model, sgd } => manual_pass(self.config, self.train, &self.batches, model, sgd, &self.device)?,
            Step::Learner { model, optim, device } => learner_pass(self.config, self.train, &self.batches, model, optim, device)?,
        };
        let products = per_sample(self.products.pass(self.batches.len(), &self.device)?);
        let [batch, forward, backward, update] = step.map(per_sample);
        self.passes.push([distortions, batch, forward, backward, update, products]);
        Ok(products)
    }

    /// Each part's median pass so far (at least one).
    pub fn parts(&self) -> Parts {
        let median = |part: usize| crate::median(self.passes.iter().map(|p| p[part]).collect());
        Parts { distortions: median(0), batch: median(1), forward: median(2), backward: median(3), update: median(4), products: median(5) }
    }

    /// µs per image of `Augment::apply` on this thread alone, over a pass's images; 0 without
    /// distortions.
    fn distortions(&self) -> f64 {
        let Some(augment) = &self.config.data.augment else { return 0.0 };
        let mut out = Vec::with_capacity(PIXELS);
        let pass = self.passes.len() + 1;
        let started = Instant::now();
        for &i in self.batches.iter().flatten() {
            out.clear();
            augment.apply(self.train.image(i), self.config.training.seed, pass, i, &mut out);
        }
        std::hint::black_box(&out);
        started.elapsed().as_secs_f64() * 1e6 / self.batches.iter().map(Vec::len).sum::<usize>().max(1) as f64
    }
}

/// (batch, forward, backward, update) of one pass of the manual engine's step.
fn manual_pass(config: &Config, train: &MnistDataset, batches: &[Vec<usize>], model: &mut Mlp, sgd: &mut Sgd, device: &Device) -> anyhow::Result<[Duration; 4]> {
    let t = &config.training;
    let classes = config.model.layers[3];
    let mut pass = [Duration::ZERO; 4];
    for indices in batches {
        let mut clock = Clock::start(device);
        let batch = MnistBatcher::gather(train, indices, None, device);
        pass[0] += clock.lap()?;
        let net = Net::of(model);
        let fwd = forward(&net, batch.images);
        pass[1] += clock.lap()?;
        // As `Sgd::learn`: λ W(l) is added by the update.
        let g = backward(&net, &fwd, one_hot(batch.targets, classes), 0.0);
        pass[2] += clock.lap()?;
        drop((net, fwd));
        sgd.step(model.layers_mut(), g, t.lambda);
        pass[3] += clock.lap()?;
    }
    Ok(pass)
}

/// (batch, forward, backward, update) of one pass of the Learner's step on autodiff: the
/// model's forward and cost, autodiff's backward pass and the gradients by parameter, the
/// optimizer.
fn learner_pass(config: &Config, train: &MnistDataset, batches: &[Vec<usize>], model: &mut Option<Mlp>, optim: &mut ModuleOptimizer, device: &Device) -> anyhow::Result<[Duration; 4]> {
    let t = &config.training;
    let mut pass = [Duration::ZERO; 4];
    for indices in batches {
        let mut clock = Clock::start(device);
        let batch = MnistBatcher::gather(train, indices, None, device);
        pass[0] += clock.lap()?;
        let stepped = model.take().expect("the model is back after each step");
        let output = stepped.forward_classification(batch);
        pass[1] += clock.lap()?;
        let grads = GradientsParams::from_grads(output.loss.backward(), &stepped);
        pass[2] += clock.lap()?;
        // Moved, not cloned, into the optimizer: as burn's Learner steps it.
        *model = Some(optim.step(t.learning_rate, stepped, grads));
        pass[3] += clock.lap()?;
    }
    Ok(pass)
}

/// The step's eight matrix products at batch `b`, on random values of their shapes.
struct Products {
    x: [Tensor<2>; 3],
    w: [Tensor<2>; 3],
    delta: [Tensor<2>; 3],
}

impl Products {
    fn new(config: &Config, b: usize, device: &Device) -> Self {
        let [d, m, n, k] = config.model.layers;
        let random = |rows: usize, cols: usize| Tensor::<2>::random([rows, cols], Distribution::Uniform(-1.0, 1.0), device);
        Self {
            x: [random(b, d), random(b, m), random(b, n)],
            w: [random(d, m), random(m, n), random(n, k)],
            delta: [random(b, m), random(b, n), random(b, k)],
        }
    }

    fn step(&self) {
        let Self { x, w, delta } = self;
        for l in 0..3 {
            // a(l) = x(l−1) W(l)
            drop(x[l].clone().matmul(w[l].clone()));
            // ∂E/∂W(l) = x(l−1)ᵀ δ(l)
            drop(x[l].clone().transpose().matmul(delta[l].clone()));
        }
        for l in [2, 1] {
            // δ(l) = δ(l+1) W(l+1)ᵀ, for the two layers below the output
            drop(delta[l].clone().matmul(w[l].clone().transpose()));
        }
    }

    /// `steps` steps' products, after one not timed.
    fn pass(&self, steps: usize, device: &Device) -> anyhow::Result<Duration> {
        self.step();
        device.sync()?;
        let started = Instant::now();
        for _ in 0..steps {
            self.step();
        }
        device.sync()?;
        Ok(started.elapsed())
    }
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
