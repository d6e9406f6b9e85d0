//! Training in the browser: the slides' BP loop as `ann train --engine manual` runs it (the
//! same step `Sgd::learn`, shuffle `epoch_order` and η `Schedule`), a few steps at a time, so
//! that a Web Worker can report between calls.
use std::rc::Rc;

use ann_backprop::{Net, Schedule, Sgd, TrainingConfig, forward, steps_per_epoch};
use ann_data::Augment;
use ann_data::order::epoch_order;
use ann_model::{Activation, BiasInit, Loss, Mlp, ModelConfig};
use burn::tensor::Device;
use wasm_bindgen::prelude::*;

use ann_data::MnistDataset;

use crate::data::{Data, PIXELS, Splits, accuracy, batch};
use crate::values;

/// Every choice of the slides for one run: the network's and the training's, as a config
/// file's `[model]` and `[training]` tables hold them and checked by the same code. The page's
/// defaults are `configs/plain.toml`'s (the default recipe on MNIST as it is); the characters
/// page's are `configs/characters.toml`'s, distortions included.
#[derive(Clone, Debug)]
pub struct Settings {
    pub model: ModelConfig,
    pub training: TrainingConfig,
    /// `[data.augment]`: each training image distorted as drawn from (seed, epoch, image).
    pub augment: Option<Augment>,
}

/// The page's training controls, as JavaScript numbers.
pub struct Controls<'a> {
    pub hidden1: f64,
    pub hidden2: f64,
    pub activation_name: &'a str,
    pub batch_size: f64,
    pub learning_rate: f64,
    /// < 0 (or NaN): η constant.
    pub final_learning_rate: f64,
    pub momentum: f64,
    pub lambda: f64,
    pub epochs: f64,
    pub seed: f64,
}

impl Settings {
    /// The controls as a run's settings for `data` (an output unit per class); `augment`: a
    /// recipe's `[data.augment]` table as JSON, or none. Counts are refused unless whole and
    /// in range, so that nothing is silently rounded.
    pub fn from_controls(data: &Data, c: &Controls, augment: Option<&str>) -> Result<Self, String> {
        let names = &data.splits.names;
        let model = ModelConfig {
            layers: [PIXELS, whole(c.hidden1, "model.layers[1]")?, whole(c.hidden2, "model.layers[2]")?, names.len()],
            activation: Activation::parse(c.activation_name)?,
            bias_init: BiasInit::Zeros,
            loss: Loss::CrossEntropy,
            // As `ann train` records them: MNIST's digits need no names.
            classes: if ann_model::are_digits(names) { Vec::new() } else { names.clone() },
        };
        let augment = match augment {
            None | Some("null") => None,
            Some(json) => Some(serde_json::from_str::<Augment>(json).map_err(|e| format!("`data.augment`: {e}"))?),
        };
        let training = TrainingConfig {
            epochs: whole(c.epochs, "training.epochs")?,
            batch_size: whole(c.batch_size, "training.batch_size")?,
            learning_rate: c.learning_rate,
            final_learning_rate: (c.final_learning_rate >= 0.0).then_some(c.final_learning_rate),
            momentum: c.momentum,
            lambda: c.lambda,
            seed: whole(c.seed, "training.seed")? as u64,
        };
        Ok(Settings { model, training, augment })
    }
}

/// `value` as a count, or a message naming `key` when it is not a whole number ≥ 0.
pub(crate) fn whole(value: f64, key: &str) -> Result<usize, String> {
    crate::count_in(value, 0..=u32::MAX as usize).ok_or_else(|| format!("`{key}` = {value} must be a whole number ≥ 0"))
}

/// The slides' BP loop on the page's data (MNIST, or the characters page's set).
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
    pub fn try_new(mnist: &Data, settings: Settings) -> Result<Self, String> {
        Self::on(mnist.splits.clone(), settings)
    }

    /// A fresh network for `splits`, whose labels are below `settings.model.layers[3]`.
    pub fn on(splits: Rc<Splits>, settings: Settings) -> Result<Self, String> {
        if let Some(invalid) = settings.model.invalid().or_else(|| settings.training.invalid()) {
            return Err(invalid.to_string());
        }
        if let Some((key, value, allowed)) = settings.augment.as_ref().and_then(Augment::invalid) {
            return Err(format!("`{key}` = {value} {allowed}"));
        }
        let classes = splits.names.len();
        if settings.model.layers[3] != classes {
            return Err(format!("the data has {classes} classes, so the last layer needs {classes} units, not {:?}", settings.model.layers));
        }
        if splits.train.is_empty() {
            return Err("no training images".into());
        }
        let device = Device::flex();
        let t = &settings.training;
        device.seed(t.seed);
        let model = Mlp::new(&settings.model, &device);
        let sgd = Sgd::new(t.learning_rate, t.momentum);
        let steps = t.epochs * steps_per_epoch(splits.train.len(), t.batch_size);
        let schedule = Schedule::new(t.learning_rate, t.final_learning_rate, steps);
        let order = Vec::new();
        let mut trainer = Self { splits, settings, model, sgd, schedule, device, epoch: 0, order, position: 0, gradient_size: [f32::NAN; 3] };
        trainer.shuffle();
        Ok(trainer)
    }

    /// The network as trained so far.
    pub fn model(&self) -> &Mlp {
        &self.model
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    fn steps_per_epoch(&self) -> usize {
        steps_per_epoch(self.splits.train.len(), self.settings.training.batch_size)
    }

    /// The order of epoch `epoch + 1`, as `ann train`'s loader draws it.
    fn shuffle(&mut self) {
        self.order = epoch_order(self.splits.train.len(), self.settings.training.seed, self.epoch + 1);
        self.position = 0;
    }

    /// One step of the slides' BP on the next batch; returns `E` of the batch and, when
    /// `measure` is set, records mean |∂E/∂W(l)|.
    pub fn step(&mut self, measure: bool) -> f32 {
        let n = self.settings.training.batch_size.min(self.order.len() - self.position);
        let indices = &self.order[self.position..self.position + n];
        // Distorted as `ann train`'s loader distorts epoch `epoch + 1` of the run.
        let augment = self.settings.augment.as_ref().map(|a| (a, self.settings.training.seed, self.epoch + 1));
        let (x0, targets) = batch(&self.splits.train, indices, augment, &self.device);
        self.position += n;
        self.sgd.eta = self.schedule.next();
        let done = self.sgd.learn(&mut self.model, x0, targets, self.settings.training.lambda, measure);
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
    pub fn accuracy_on(&self, images: &MnistDataset, n: usize) -> f32 {
        accuracy(&self.model, images, n, &self.device)
    }

    /// See [`Trainer::model_zip`].
    pub fn run_folder_zip(&self) -> Result<Vec<u8>, String> {
        let data = ann_data::DataConfig { augment: self.settings.augment.clone(), ..self.splits.config.clone() };
        let s = &self.settings;
        crate::run_folder::zip(&self.model, &s.model, data, &s.training, &self.splits.names)
    }

}

#[wasm_bindgen]
impl Trainer {
    /// A fresh network (Xavier-uniform weights from `seed`, zero biases) for `mnist`, with an
    /// output unit per class of its data.
    /// `final_learning_rate` < 0 (or NaN) keeps η constant. Counts come as JavaScript numbers
    /// and are refused unless whole and in range, so that nothing is silently rounded.
    /// `augment`: a recipe's `[data.augment]` table as JSON, to distort every training image as
    /// `ann train` does; left out, none.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        mnist: &Data, hidden1: f64, hidden2: f64, activation_name: &str, batch_size: f64, learning_rate: f64,
        final_learning_rate: f64, momentum: f64, lambda: f64, epochs: f64, seed: f64, augment: Option<String>,
    ) -> Result<Trainer, JsError> {
        let controls = Controls { hidden1, hidden2, activation_name, batch_size, learning_rate, final_learning_rate, momentum, lambda, epochs, seed };
        Settings::from_controls(mnist, &controls, augment.as_deref())
            .and_then(|settings| Self::try_new(mnist, settings))
            .map_err(|e| JsError::new(&e))
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
        self.epoch >= self.settings.training.epochs
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

    /// The run's epochs.
    #[wasm_bindgen(getter)]
    pub fn epochs(&self) -> usize {
        self.settings.training.epochs
    }

    /// Accuracy on the first `n` training images as they are (not distorted).
    pub fn train_accuracy(&self, n: usize) -> f32 {
        self.accuracy_on(&self.splits.train, n)
    }

    /// Output unit k's class name.
    pub fn classes(&self) -> Vec<String> {
        self.splits.names.clone()
    }

    /// The network as a zipped run folder `characters/` (`model.bpk`, `config.toml` with the
    /// class names and the run's settings): what `ann predict --artifacts`, `ann eval` and
    /// `ann web --artifacts` read.
    pub fn model_zip(&self) -> Result<Vec<u8>, JsError> {
        self.run_folder_zip().map_err(|e| JsError::new(&e))
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
        let (x0, _) = batch(&self.splits.test, &(from..to).collect::<Vec<_>>(), None, &self.device);
        values(forward(&Net::of(&self.model), x0).y)
    }

    /// Every parameter as [`Network::new`] takes them: `W(1), b(1), W(2), b(2), W(3), b(3)`,
    /// each `W(l)` `[in, out]` row-major.
    pub fn weights(&self) -> Vec<f32> {
        crate::weights(&self.model)
    }

    /// The layer widths, for [`Network::new`].
    pub fn layers(&self) -> Vec<u32> {
        self.settings.model.layers.iter().map(|&w| w as u32).collect()
    }

    /// One plain step `W ← W − η ∂E_total/∂W` on one input (the drawing), outside the run's
    /// schedule and momentum: the page's "learn this".
    pub fn learn(&mut self, input: &[f32], target: u8, eta: f64) {
        crate::learn_one(&mut self.model, input, target, eta, self.settings.training.lambda);
    }
}
