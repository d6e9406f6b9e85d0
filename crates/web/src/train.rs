//! Training in the browser: the slides' BP loop as `ann train --engine manual` runs it (the
//! same step `Sgd::learn`, shuffle `epoch_order` and η `Schedule`), a few steps at a time, so
//! that a Web Worker can report between calls.
use std::rc::Rc;

use ann_backprop::{Net, Schedule, Sgd, forward, steps_per_epoch};
use ann_data::order::epoch_order;
use ann_model::{Activation, BiasInit, Loss, Mlp, ModelConfig};
use burn::tensor::Device;
use wasm_bindgen::prelude::*;

use crate::mnist::{Images, Mnist, PIXELS, Splits, accuracy};
use crate::values;

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
    model: Mlp,
    sgd: Sgd,
    schedule: Schedule,
    device: Device,
    /// Epochs finished.
    epoch: usize,
    /// This epoch's order of the training images and how far it has got.
    order: Vec<usize>,
    position: usize,
    /// mean |∂E/∂W(l)| (without λW) of the last measured step.
    gradient_size: [f32; 3],
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
        let config = ModelConfig { layers: settings.layers, activation: settings.activation, bias_init: BiasInit::Zeros, loss: Loss::CrossEntropy, classes: Vec::new() };
        let model = Mlp::new(&config, &device);
        let sgd = Sgd::new(settings.learning_rate, settings.momentum);
        let steps = settings.epochs * steps_per_epoch(mnist.splits.train.len(), settings.batch_size);
        let schedule = Schedule::new(settings.learning_rate, settings.final_learning_rate, steps);
        let (splits, order) = (mnist.splits.clone(), Vec::new());
        let mut trainer = Self { splits, settings, model, sgd, schedule, device, epoch: 0, order, position: 0, gradient_size: [f32::NAN; 3] };
        trainer.shuffle();
        Ok(trainer)
    }

    /// The network as trained so far.
    pub fn model(&self) -> &Mlp {
        &self.model
    }

    fn steps_per_epoch(&self) -> usize {
        steps_per_epoch(self.splits.train.len(), self.settings.batch_size)
    }

    /// The order of epoch `epoch + 1`, as `ann train`'s loader draws it.
    fn shuffle(&mut self) {
        self.order = epoch_order(self.splits.train.len(), self.settings.seed, self.epoch + 1);
        self.position = 0;
    }

    /// One step of the slides' BP on the next batch; returns `E` of the batch and, when
    /// `measure` is set, records mean |∂E/∂W(l)|.
    pub fn step(&mut self, measure: bool) -> f32 {
        let n = self.settings.batch_size.min(self.order.len() - self.position);
        let (x0, targets) = self.splits.train.batch(self.order[self.position..self.position + n].iter().copied(), &self.device);
        self.position += n;
        self.sgd.eta = self.schedule.next();
        let done = self.sgd.learn(&mut self.model, x0, targets, self.settings.lambda, measure);
        if let Some(size) = done.gradient_size {
            for (kept, size) in self.gradient_size.iter_mut().zip(size) {
                *kept = size as f32;
            }
        }
        if self.position >= self.order.len() {
            self.epoch += 1;
            self.shuffle();
        }
        values(done.E)[0]
    }

    /// The fraction of `images[..n]` whose most probable digit is the label.
    pub fn accuracy_on(&self, images: &Images, n: usize) -> f32 {
        accuracy(&self.model, images, n, &self.device)
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
            activation: Activation::from_name(activation_name)
                .ok_or_else(|| JsError::new(&format!("unknown activation {activation_name:?}")))?,
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
            let measure = measure_every > 0 && (self.schedule.taken + 1).is_multiple_of(measure_every);
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
        self.schedule.taken
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
        self.schedule.eta()
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
        values(forward(&Net::of(&self.model), x0).y)
    }

    /// Every parameter as [`Network::new`] takes them: `W(1), b(1), W(2), b(2), W(3), b(3)`,
    /// each `W(l)` `[in, out]` row-major.
    pub fn weights(&self) -> Vec<f32> {
        crate::weights(&self.model)
    }

    /// The layer widths, for [`Network::new`].
    pub fn layers(&self) -> Vec<u32> {
        self.settings.layers.iter().map(|&w| w as u32).collect()
    }

    /// One plain step `W ← W − η ∂E_total/∂W` on one input (the drawing), outside the run's
    /// schedule and momentum: the page's "learn this".
    pub fn learn(&mut self, input: &[f32], target: u8, eta: f64) {
        crate::learn_one(&mut self.model, input, target, eta, self.settings.lambda);
    }
}
