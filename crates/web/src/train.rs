//! Training in the browser: the slides' BP loop
//! (`ann-backprop`'s `forward`, `backward` and `Sgd`, as `ann train --engine manual` runs it)
//! a few steps at a time, so that a Web Worker can report between calls.
use std::rc::Rc;

use ann_backprop::{Net, Sgd, backward, forward};
use ann_model::{Activation, BiasInit, Loss, Mlp, ModelConfig, one_hot};
use burn::tensor::Device;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use wasm_bindgen::prelude::*;

use crate::mnist::{Images, Mnist, PIXELS, Splits, accuracy};
use crate::{Network, values};

/// Every choice of the slides for one run; the page's defaults are `configs/plain.toml`'s
/// (the default recipe on MNIST as it is: the page does not distort its training images).
#[derive(Clone, Debug)]
pub struct Settings {
    pub layers: [usize; 4],
    pub activation: Activation,
    /// Samples per step: 1 stochastic, the training-set size batch gradient descent.
    pub batch_size: usize,
    pub learning_rate: f64,
    /// η falls linearly from `learning_rate` to this over `epochs` (None: constant η).
    pub final_learning_rate: Option<f64>,
    pub momentum: f64,
    pub lambda: f64,
    pub epochs: usize,
    pub seed: u64,
}

/// The slides' BP loop on the page's MNIST.
#[wasm_bindgen]
pub struct Trainer {
    splits: Rc<Splits>,
    settings: Settings,
    model: Option<Mlp>,
    sgd: Sgd,
    device: Device,
    /// Epochs finished.
    epoch: usize,
    /// Steps taken in the run (the η schedule's clock).
    steps: usize,
    /// This epoch's order of the training images and how far it has got.
    order: Vec<usize>,
    position: usize,
    /// mean |∂E/∂W(l)| (without λW) of the last measured step.
    gradient_size: [f32; 3],
}

fn activation(name: &str) -> Result<Activation, String> {
    match name {
        "relu" => Ok(Activation::Relu),
        "sigmoid" => Ok(Activation::Sigmoid),
        "tanh" => Ok(Activation::Tanh),
        other => Err(format!("unknown activation {other:?}")),
    }
}

impl Trainer {
    pub fn try_new(mnist: &Mnist, settings: Settings) -> Result<Self, String> {
        if settings.layers[0] != PIXELS || settings.layers[3] != 10 {
            return Err(format!("MNIST needs 784 inputs and 10 outputs, not {:?}", settings.layers));
        }
        if settings.layers[1] == 0 || settings.layers[2] == 0 || settings.batch_size == 0 || settings.epochs == 0 {
            return Err("widths, batch size and epochs must be at least 1".into());
        }
        if !(settings.learning_rate > 0.0) {
            return Err(format!("η must be > 0, not {}", settings.learning_rate));
        }
        if !(0.0..1.0).contains(&settings.momentum) || !(settings.lambda >= 0.0) {
            return Err("momentum must be in [0, 1) and λ ≥ 0".into());
        }
        let device = Device::flex();
        device.seed(settings.seed);
        let config = ModelConfig { layers: settings.layers, activation: settings.activation, bias_init: BiasInit::Zeros, loss: Loss::CrossEntropy };
        let model = Mlp::new(&config, &device);
        let sgd = Sgd::new(settings.learning_rate, settings.momentum);
        let mut trainer = Self { splits: mnist.splits.clone(), settings, model: Some(model), sgd, device, epoch: 0, steps: 0, order: Vec::new(), position: 0, gradient_size: [f32::NAN; 3] };
        trainer.shuffle();
        Ok(trainer)
    }

    fn model(&self) -> &Mlp {
        self.model.as_ref().expect("the model is only taken out during a step")
    }

    fn steps_per_epoch(&self) -> usize {
        self.splits.train.len().div_ceil(self.settings.batch_size.min(self.splits.train.len()))
    }

    /// The order of epoch `epoch + 1`, drawn as `ann train`'s loader draws it from (seed, epoch).
    fn shuffle(&mut self) {
        let epoch = self.epoch + 1;
        let mut order: Vec<usize> = (0..self.splits.train.len()).collect();
        let stream = self.settings.seed ^ (epoch as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        order.shuffle(&mut StdRng::seed_from_u64(stream));
        self.order = order;
        self.position = 0;
    }

    /// η of the next step: constant, or falling linearly from `learning_rate` at the first step
    /// to `final_learning_rate` after the run's `epochs × ⌈n / batch⌉` steps (as `ann train`).
    fn eta(&self) -> f64 {
        let s = &self.settings;
        match s.final_learning_rate {
            None => s.learning_rate,
            Some(last) => {
                let total = (s.epochs * self.steps_per_epoch()).max(1);
                let done = (self.steps as f64 / total as f64).min(1.0);
                s.learning_rate + (last - s.learning_rate) * done
            }
        }
    }

    /// One step of the slides' BP on the next batch; returns `E` of the batch and, when
    /// `measure` is set, records mean |∂E/∂W(l)|.
    pub fn step(&mut self, measure: bool) -> f32 {
        let n = self.settings.batch_size.min(self.order.len() - self.position);
        let (x0, targets) = self.splits.train.batch(self.order[self.position..self.position + n].iter().copied(), &self.device);
        self.position += n;
        self.sgd.eta = self.eta();
        let model = self.model.take().expect("a model");
        let lambda = self.settings.lambda;
        let net = Net::of(&model);
        let fwd = forward(&net, x0);
        let g = backward(&net, &fwd, one_hot(targets, 10), lambda);
        drop(fwd);
        if measure {
            // ∂E/∂W(l) without the L2 term: what back-propagation carries down the layers.
            for l in 1..=3 {
                self.gradient_size[l - 1] = values((g.dW[l - 1].clone() - net.W(l) * lambda).abs().mean())[0];
            }
        }
        let loss = values(g.E.clone())[0];
        drop(net);
        let Mlp { fc1, fc2, fc3, activation, loss: cost } = model;
        let mut layers = self.sgd.step(vec![fc1, fc2, fc3], g).into_iter();
        let (fc1, fc2, fc3) = (layers.next().unwrap(), layers.next().unwrap(), layers.next().unwrap());
        self.model = Some(Mlp { fc1, fc2, fc3, activation, loss: cost });
        self.steps += 1;
        if self.position >= self.order.len() {
            self.epoch += 1;
            self.shuffle();
        }
        loss
    }

    /// The fraction of `images[..n]` whose most probable digit is the label.
    pub fn accuracy_on(&self, images: &Images, n: usize) -> f32 {
        accuracy(self.model(), images, n, &self.device)
    }

}

#[wasm_bindgen]
impl Trainer {
    /// A fresh network (Xavier-uniform weights from `seed`, zero biases) for `mnist`.
    /// `final_learning_rate` < 0 (or NaN) keeps η constant.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        mnist: &Mnist, hidden1: usize, hidden2: usize, activation_name: &str, batch_size: usize, learning_rate: f64,
        final_learning_rate: f64, momentum: f64, lambda: f64, epochs: usize, seed: f64,
    ) -> Result<Trainer, JsError> {
        let settings = Settings {
            layers: [PIXELS, hidden1, hidden2, 10],
            activation: activation(activation_name).map_err(|e| JsError::new(&e))?,
            batch_size,
            learning_rate,
            final_learning_rate: (final_learning_rate >= 0.0).then_some(final_learning_rate),
            momentum,
            lambda,
            epochs,
            seed: seed as u64,
        };
        Self::try_new(mnist, settings).map_err(|e| JsError::new(&e))
    }

    /// Up to `steps` steps, stopping early at the end of an epoch; returns each step's `E`.
    /// Every `measure_every`-th step of the run (0: none) also measures mean |∂E/∂W(l)|.
    pub fn train(&mut self, steps: usize, measure_every: usize) -> Vec<f32> {
        let epoch = self.epoch;
        let mut losses = Vec::with_capacity(steps);
        while losses.len() < steps && self.epoch == epoch {
            let measure = measure_every > 0 && (self.steps + 1) % measure_every == 0;
            losses.push(self.step(measure));
        }
        losses
    }

    /// Epochs finished.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Steps taken.
    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Training images seen so far this epoch.
    #[wasm_bindgen(getter)]
    pub fn position(&self) -> usize {
        self.position
    }

    #[wasm_bindgen(getter)]
    pub fn steps_per_epoch_count(&self) -> usize {
        self.steps_per_epoch()
    }

    /// Whether the run's epochs are all done.
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.epoch >= self.settings.epochs
    }

    /// η of the next step.
    #[wasm_bindgen(getter)]
    pub fn learning_rate(&self) -> f64 {
        self.eta()
    }

    /// mean |∂E/∂W(l)| for l = 1, 2, 3 at the last measured step (NaN before one).
    pub fn gradient_sizes(&self) -> Vec<f32> {
        self.gradient_size.to_vec()
    }

    /// Accuracy on the first `n` held-out validation images.
    pub fn valid_accuracy(&self, n: usize) -> f32 {
        self.accuracy_on(&self.splits.valid, n)
    }

    /// Accuracy on the first `n` test images.
    pub fn test_accuracy(&self, n: usize) -> f32 {
        self.accuracy_on(&self.splits.test, n)
    }

    /// `y` of test images `from..from + n`, `[n, 10]` row-major.
    pub fn test_outputs(&self, from: usize, n: usize) -> Vec<f32> {
        let to = (from + n).min(self.splits.test.len());
        let (x0, _) = self.splits.test.batch(from..to, &self.device);
        values(forward(&Net::of(self.model()), x0).y)
    }

    /// Every parameter as [`Network::new`] takes them: `W(1), b(1), W(2), b(2), W(3), b(3)`,
    /// each `W(l)` `[in, out]` row-major.
    pub fn weights(&self) -> Vec<f32> {
        let net = Net::of(self.model());
        (1..=net.L()).flat_map(|l| values(net.W(l)).into_iter().chain(values(net.b(l)))).collect()
    }

    /// The layer widths, for [`Network::new`].
    pub fn layers(&self) -> Vec<u32> {
        self.settings.layers.iter().map(|&w| w as u32).collect()
    }

    /// One plain step `W ← W − η ∂E_total/∂W` on one input (the drawing), outside the run's
    /// schedule and momentum: the page's "learn this".
    pub fn learn(&mut self, input: &[f32], target: u8, eta: f64) {
        let model = self.model.take().expect("a model");
        let mut network = Network::from_model(model, self.settings.lambda);
        network.step(input, target, eta);
        self.model = Some(network.into_model());
    }
}
