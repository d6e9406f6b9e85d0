//! The page's data, split as `ann train` splits it: MNIST's four IDX files as the server hands
//! them out (gunzipped by the page), a served run's own data in the same form, or the
//! characters page's set; and a model's accuracy on it.
use std::path::Path;
use std::rc::Rc;

use ann_backprop::{Net, forward};
use ann_data::{Augment, MnistBatcher, MnistDataset};
use ann_model::{Batch, Mlp};
use burn::tensor::{Device, Int, Tensor};
use wasm_bindgen::prelude::*;

use crate::values;

pub use ann_idx::PIXELS;

/// `x(0)` of the images `indices` and their labels, batched as `ann train` batches them.
/// With `augment` = (distortions, seed, epoch) each image is distorted as `ann train` distorts it.
pub(crate) fn batch(data: &MnistDataset, indices: &[usize], augment: Option<(&Augment, u64, usize)>, device: &Device) -> (Tensor<2>, Tensor<1, Int>) {
    let Batch { images, targets } = MnistBatcher::gather(data, indices, augment, device);
    (images, targets)
}

/// An IDX pair (raw or gzipped) of `classes` classes: images and labels, read by `ann-idx` as
/// `ann train` reads them.
pub fn parse_idx(images: &[u8], labels: &[u8], what: &str, classes: usize) -> Result<MnistDataset, String> {
    let (images_name, labels_name) = (format!("{what} images"), format!("{what} labels"));
    let (pixels, mut labels) =
        ann_idx::pair_from(images, Path::new(&images_name), labels, Path::new(&labels_name)).map_err(|e| e.to_string())?;
    ann_idx::check_labels(&mut labels, Path::new(&labels_name), 0, classes).map_err(|e| e.to_string())?;
    Ok(MnistDataset::from_raw(pixels, labels))
}

/// The three splits, as `ann train` makes them: validation is the last `valid_fraction` of
/// the training images; the test set is the data's own (MNIST's) or drawn per class (a set).
pub struct Splits {
    pub train: MnistDataset,
    pub valid: MnistDataset,
    pub test: MnistDataset,
    /// Output unit k's class name (MNIST's: its digits); the labels are below their count.
    pub names: Vec<String>,
    /// How the data was split: the `[data]` table of a run folder trained on it.
    pub config: ann_data::DataConfig,
}

/// MNIST in the page, the data a served run was trained on (a folder of pictures, another
/// member of the MNIST family, served as IDX files), or the characters page's set: shared by
/// every trainer of the worker (the race runs three on it).
#[wasm_bindgen]
pub struct Data {
    pub(crate) splits: Rc<Splits>,
}

impl Data {
    pub fn try_new(
        train_images: &[u8], train_labels: &[u8], test_images: &[u8], test_labels: &[u8], valid_fraction: f64, classes: usize,
    ) -> Result<Self, String> {
        if !(2..=ann_model::MAX_CLASSES).contains(&classes) {
            return Err(format!("{classes} classes: the data needs 2 to {}", ann_model::MAX_CLASSES));
        }
        let all = parse_idx(train_images, train_labels, "training", classes)?;
        let test = parse_idx(test_images, test_labels, "test", classes)?;
        let n = all.len();
        let (train, valid) = ann_data::order::split(n, valid_fraction)
            .ok_or_else(|| format!("valid_fraction {valid_fraction} leaves no training or no validation image of {n}"))?;
        let config = ann_data::DataConfig { valid_fraction, ..Default::default() };
        let splits = Splits { train: all.slice(train), valid: all.slice(valid), test, names: ann_model::digit_names(classes), config };
        Ok(Self { splits: Rc::new(splits) })
    }

    pub fn try_from_set(set: &crate::characters::Set, valid_fraction: f64, test_fraction: Option<f64>, seed: f64) -> Result<Self, String> {
        let test_fraction = test_fraction.unwrap_or(ann_data::DataConfig::default().test_fraction);
        for (key, f) in [("data.valid_fraction", valid_fraction), ("data.test_fraction", test_fraction)] {
            if !(f > 0.0 && f < 1.0) {
                return Err(format!("`{key}` = {f} must be in (0, 1)"));
            }
        }
        let seed = crate::train::whole(seed, "training.seed")? as u64;
        Ok(Self { splits: Rc::new(crate::characters::splits(set, valid_fraction, test_fraction, seed)?) })
    }

    pub fn splits(&self) -> &Splits {
        &self.splits
    }
}

#[wasm_bindgen]
impl Data {
    /// The gunzipped IDX files of `classes` classes; validation is the last `valid_fraction` of
    /// the training file.
    #[wasm_bindgen(constructor)]
    pub fn new(
        train_images: &[u8], train_labels: &[u8], test_images: &[u8], test_labels: &[u8], valid_fraction: f64, classes: usize,
    ) -> Result<Data, JsError> {
        Self::try_new(train_images, train_labels, test_images, test_labels, valid_fraction, classes).map_err(|e| JsError::new(&e))
    }

    /// The characters page's set (see [`crate::characters::splits`]): `inputs` holds
    /// `labels.len()` inputs of 784 values (from `picture_input`), `labels[i]` indexes
    /// `classes`; `test_fraction` left out is `ann train`'s default.
    #[wasm_bindgen(js_name = fromSet)]
    pub fn from_set(
        classes: Vec<String>, inputs: &[f32], labels: &[u8], valid_fraction: f64, test_fraction: Option<f64>, seed: f64,
    ) -> Result<Data, JsError> {
        let set = crate::characters::Set { classes: &classes, inputs, labels };
        Self::try_from_set(&set, valid_fraction, test_fraction, seed).map_err(|e| JsError::new(&e))
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

    /// Test image `i`'s 784 bytes (0..=255).
    pub fn test_image(&self, i: usize) -> Vec<u8> {
        self.splits.test.image(i).to_vec()
    }

    /// The first `n` test labels.
    pub fn test_labels(&self, n: usize) -> Vec<u8> {
        self.splits.test.labels()[..n.min(self.splits.test.len())].to_vec()
    }
}

/// The fraction of `images[..n]` whose most probable digit (in `model`'s `y`) is the label.
pub fn accuracy(model: &Mlp, images: &MnistDataset, n: usize, device: &Device) -> f32 {
    let n = n.min(images.len());
    if n == 0 {
        return f32::NAN;
    }
    let net = Net::of(model);
    let mut correct = 0.0;
    for from in (0..n).step_by(500) {
        let (x0, t) = batch(images, &(from..(from + 500).min(n)).collect::<Vec<_>>(), None, device);
        let y = forward(&net, x0).y;
        correct += values(ann_model::hits(y, t).float())[0];
    }
    correct / n as f32
}

