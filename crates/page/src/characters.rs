//! The characters page (`characters.html`): a student's own classes, drawn or uploaded, made
//! into a data set as `ann train --data-dir` makes the downloaded folder of them (the same
//! preprocessing, class order, split and reading order), and the slides' network trained on
//! it by the page's [`Trainer`] with the run's distortions.
use std::rc::Rc;

use ann_data::order::{reading_order, split, split_per_class};
use ann_data::{Augment, MnistDataset};
use ann_model::{Activation, BiasInit, Loss, MAX_CLASSES, ModelConfig};
use ann_backprop::TrainingConfig;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::mnist::{PIXELS, Splits};
use crate::train::{Settings, Trainer, whole};

/// Characters a file or folder name cannot hold on some system: a set must unzip anywhere.
const NOT_IN_NAMES: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];
/// A class name's length at most, in characters.
pub const MAX_NAME: usize = 64;

/// Why `name` cannot be a class beside `existing`, or `None`. A class becomes a folder of the
/// downloaded set, so its name must be a folder name `ann train --data-dir` reads as a class.
pub fn name_problem(name: &str, existing: &[String]) -> Option<String> {
    let problem = if name.trim().is_empty() {
        "a class needs a name: type one (any script: 日, ア, अ, Ω, hello)".to_string()
    } else if name != name.trim() {
        format!("`{name}` starts or ends with a space; leave it out")
    } else if existing.iter().any(|e| e == name) {
        format!("there is a class `{name}` already; pick it in the list to add to it")
    } else if name.chars().count() > MAX_NAME {
        format!("a class name has at most {MAX_NAME} characters")
    } else if let Some(c) = name.chars().find(|c| NOT_IN_NAMES.contains(c) || c.is_control()) {
        format!("`{name}` holds {c:?}, which a folder name cannot hold on every system (the set downloads as a folder per class)")
    } else if name.starts_with('.') || name.ends_with('.') {
        format!("`{name}` starts or ends with a dot: `ann train` skips such folders")
    } else if name == "train" || name == "test" {
        format!("`{name}` names a split folder for `ann train --data-dir`; pick another name")
    } else if existing.len() >= MAX_CLASSES {
        format!("there are {MAX_CLASSES} classes already, the most a network here may have")
    } else {
        return None;
    };
    Some(problem)
}

/// Why `name` cannot be a new class beside `existing`, or undefined.
#[wasm_bindgen]
pub fn class_name_problem(name: &str, existing: Vec<String>) -> Option<String> {
    name_problem(name, &existing)
}

/// The most classes a set may have.
#[wasm_bindgen]
pub fn max_classes() -> usize {
    MAX_CLASSES
}

/// A picture file's bytes (a drawing's PNG, an uploaded picture) made into the network's
/// input `x(0)` exactly as `ann predict` and `ann train --data-dir` make the file.
#[wasm_bindgen]
pub fn picture_input(bytes: &[u8]) -> Result<Vec<f32>, JsError> {
    ann_preprocess::file::from_bytes(bytes).map(|x| x.to_vec()).map_err(|e| JsError::new(&e))
}

/// The page's set: each example's input (`PIXELS` values in 0..1) and class.
pub struct Set<'a> {
    pub classes: &'a [String],
    pub inputs: &'a [f32],
    pub labels: &'a [u8],
}

/// A set made into the splits `ann train --data-dir` makes of it downloaded: classes sorted by
/// name (output unit k is the k-th name), each class's examples in order, quantised to bytes,
/// split per class into training and test, training in its reading order, validation its last
/// `valid_fraction`. Gives the splits and the class names in output order.
pub fn splits(set: &Set, valid_fraction: f64, test_fraction: f64, seed: u64) -> Result<(Splits, Vec<String>), String> {
    let k = set.classes.len();
    match k {
        0 | 1 => return Err("a classifier needs at least two classes: add another".into()),
        k if k > MAX_CLASSES => return Err(format!("{k} classes; at most {MAX_CLASSES} are supported")),
        _ => {}
    }
    for (i, name) in set.classes.iter().enumerate() {
        if let Some(problem) = name_problem(name, &set.classes[..i]) {
            return Err(problem);
        }
    }
    if set.inputs.len() != set.labels.len() * PIXELS {
        return Err(format!("{} inputs of {PIXELS} values for {} labels", set.inputs.len() as f64 / PIXELS as f64, set.labels.len()));
    }
    if let Some(&bad) = set.labels.iter().find(|&&l| l as usize >= k) {
        return Err(format!("label {bad} names no class (there are {k})"));
    }
    for (c, name) in set.classes.iter().enumerate() {
        match set.labels.iter().filter(|&&l| l as usize == c).count() {
            0 => return Err(format!("class `{name}` has no examples: draw some, or delete it")),
            1 => return Err(format!("class `{name}` has one example: each class needs at least two, one to train on and one to test")),
            _ => {}
        }
    }
    // The downloaded set's folders, as `ann train` lists them: sorted by name.
    let mut sorted: Vec<usize> = (0..k).collect();
    sorted.sort_by(|&a, &b| set.classes[a].cmp(&set.classes[b]));
    let mut unit = vec![0u8; k];
    for (u, &c) in sorted.iter().enumerate() {
        unit[c] = u as u8;
    }
    let mut listing: Vec<usize> = (0..set.labels.len()).collect();
    listing.sort_by_key(|&i| unit[set.labels[i] as usize]);
    let labels: Vec<u8> = listing.iter().map(|&i| unit[set.labels[i] as usize]).collect();
    let (train, test) = split_per_class(&labels, k, test_fraction, seed);
    let train: Vec<usize> = reading_order(train.len(), seed).into_iter().map(|i| train[i]).collect();
    let Some((fit, valid)) = split(train.len(), valid_fraction) else {
        return Err(format!(
            "{} examples to train on are too few to hold {valid_fraction} of them out for validation: draw more",
            train.len()
        ));
    };
    let dataset = |picks: &[usize]| {
        let pixels = picks.iter().flat_map(|&p| set.inputs[listing[p] * PIXELS..][..PIXELS].iter().map(|&v| ann_preprocess::byte(v))).collect();
        MnistDataset::from_raw(pixels, picks.iter().map(|&p| labels[p]).collect())
    };
    let names = sorted.iter().map(|&c| set.classes[c].clone()).collect();
    Ok((Splits { train: dataset(&train[fit]), valid: dataset(&train[valid]), test: dataset(&test), classes: k }, names))
}

/// The characters page's run: the set's splits, the trainer, and what a run folder records.
#[wasm_bindgen]
pub struct CharacterTrainer {
    trainer: Trainer,
    splits: Rc<Splits>,
    classes: Vec<String>,
    valid_fraction: f64,
    test_fraction: f64,
}

/// A number of the settings' JSON, or a message naming its key.
fn number(settings: &Value, key: &str) -> Result<f64, String> {
    settings.get(key).and_then(Value::as_f64).ok_or_else(|| format!("the setting `{key}` must be a number"))
}

impl CharacterTrainer {
    /// `settings`: the page's controls as JSON (see [`CharacterTrainer::new`]).
    pub fn try_new(set: &Set, settings: &str) -> Result<Self, String> {
        let s: Value = serde_json::from_str(settings).map_err(|e| format!("the settings are not JSON: {e}"))?;
        let augment = match s.get("augment") {
            None | Some(Value::Null) | Some(Value::Bool(false)) => None,
            Some(a) => Some(serde_json::from_value::<Augment>(a.clone()).map_err(|e| format!("the setting `augment`: {e}"))?),
        };
        let final_learning_rate = match s.get("final_learning_rate") {
            None | Some(Value::Null) => None,
            Some(_) => Some(number(&s, "final_learning_rate")?),
        };
        let training = TrainingConfig {
            epochs: whole(number(&s, "epochs")?, "training.epochs")?,
            batch_size: whole(number(&s, "batch_size")?, "training.batch_size")?,
            learning_rate: number(&s, "learning_rate")?,
            final_learning_rate,
            momentum: number(&s, "momentum")?,
            lambda: number(&s, "lambda")?,
            seed: whole(number(&s, "seed")?, "training.seed")? as u64,
        };
        // Left out (as a recipe leaves out its default), `ann train`'s own.
        let fraction = |key| if s.get(key).is_none_or(Value::is_null) { Ok(None) } else { number(&s, key).map(Some) };
        let defaults = ann_data::DataConfig::default();
        let valid_fraction = fraction("valid_fraction")?.unwrap_or(defaults.valid_fraction);
        let test_fraction = fraction("test_fraction")?.unwrap_or(defaults.test_fraction);
        for (key, f) in [("data.valid_fraction", valid_fraction), ("data.test_fraction", test_fraction)] {
            if !(f > 0.0 && f < 1.0) {
                return Err(format!("`{key}` = {f} must be in (0, 1)"));
            }
        }
        let (splits, classes) = splits(set, valid_fraction, test_fraction, training.seed)?;
        let model = ModelConfig {
            layers: [PIXELS, whole(number(&s, "hidden1")?, "model.layers[1]")?, whole(number(&s, "hidden2")?, "model.layers[2]")?, classes.len()],
            activation: Activation::Relu,
            bias_init: BiasInit::Zeros,
            loss: Loss::CrossEntropy,
            classes: classes.clone(),
        };
        let splits = Rc::new(splits);
        let trainer = Trainer::on(splits.clone(), Settings { model, training, augment })?;
        Ok(Self { trainer, splits, classes, valid_fraction, test_fraction })
    }

    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    pub fn trainer_mut(&mut self) -> &mut Trainer {
        &mut self.trainer
    }

    /// The trained network as a run folder `characters/` (`model.bpk` with the class names in
    /// its metadata, `config.toml` with the run's settings), zipped.
    pub fn run_folder_zip(&self) -> Result<Vec<u8>, String> {
        let settings = self.trainer.settings();
        let data = ann_data::DataConfig {
            valid_fraction: self.valid_fraction,
            test_fraction: self.test_fraction,
            augment: settings.augment.clone(),
            ..Default::default()
        };
        crate::run_folder::zip(self.trainer.model(), &settings.model, data, &settings.training, &self.classes)
    }
}

#[wasm_bindgen]
impl CharacterTrainer {
    /// A fresh network for the set: `inputs` holds `labels.len()` inputs of 784 values (from
    /// [`picture_input`]), `labels[i]` indexes `classes`. `settings` is JSON with `hidden1`,
    /// `hidden2`, `epochs`, `batch_size`, `learning_rate`, `final_learning_rate` (null: η
    /// constant), `momentum`, `lambda`, `seed`, `valid_fraction`, `test_fraction` and `augment`
    /// (the recipe's `[data.augment]` table, or null for none); the fractions, left out, are
    /// `ann train`'s defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(classes: Vec<String>, inputs: &[f32], labels: &[u8], settings: &str) -> Result<CharacterTrainer, JsError> {
        Self::try_new(&Set { classes: &classes, inputs, labels }, settings).map_err(|e| JsError::new(&e))
    }

    /// Up to `steps` steps, stopping early at the end of an epoch; each step's `E`.
    pub fn train(&mut self, steps: usize) -> Vec<f32> {
        self.trainer.train(steps, 0)
    }

    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> usize {
        self.trainer.epoch()
    }

    #[wasm_bindgen(getter)]
    pub fn epochs(&self) -> usize {
        self.trainer.settings().training.epochs
    }

    #[wasm_bindgen(getter)]
    pub fn steps(&self) -> usize {
        self.trainer.steps()
    }

    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.trainer.finished()
    }

    #[wasm_bindgen(getter)]
    pub fn steps_per_epoch_count(&self) -> usize {
        self.trainer.steps_per_epoch_count()
    }

    #[wasm_bindgen(getter)]
    pub fn train_len(&self) -> usize {
        self.splits.train.len()
    }

    #[wasm_bindgen(getter)]
    pub fn valid_len(&self) -> usize {
        self.splits.valid.len()
    }

    #[wasm_bindgen(getter)]
    pub fn test_len(&self) -> usize {
        self.splits.test.len()
    }

    /// Accuracy on the training examples as drawn (not distorted).
    pub fn train_accuracy(&self) -> f32 {
        self.trainer.accuracy_on(&self.splits.train, usize::MAX)
    }

    pub fn valid_accuracy(&self) -> f32 {
        self.trainer.accuracy_on(&self.splits.valid, usize::MAX)
    }

    pub fn test_accuracy(&self) -> f32 {
        self.trainer.accuracy_on(&self.splits.test, usize::MAX)
    }

    /// Output unit k's class name: the names sorted, as `ann train` orders class folders.
    pub fn classes(&self) -> Vec<String> {
        self.classes.clone()
    }

    pub fn weights(&self) -> Vec<f32> {
        self.trainer.weights()
    }

    pub fn layers(&self) -> Vec<u32> {
        self.trainer.layers()
    }

    /// The run folder `characters/` zipped: what `ann predict --artifacts`, `ann eval` and
    /// `ann web --artifacts` read.
    pub fn model_zip(&self) -> Result<Vec<u8>, JsError> {
        self.run_folder_zip().map_err(|e| JsError::new(&e))
    }
}
