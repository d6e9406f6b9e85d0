//! The trained network in the browser: the page draws, this computes. Every number the page
//! shows comes from the project's own crates compiled to WebAssembly: the input from
//! `ann-preprocess` (as `ann predict` makes it), `x(l)` and `y` from `ann-backprop`'s forward
//! pass, the δs and gradients from its δ formulas, the learning step from its `Sgd`.
//!
//! Results cross into JavaScript as small structs ([`Activations`], [`Deltas`]) whose vectors
//! the page reads by name, as `Float32Array`s; the page frees each one after use.
// The formulas carry the slides' notation as doc comments on the lines that compute them.
#![allow(unused_doc_comments)]

use ann_backprop::{Net, Sgd, backward, forward};
use ann_model::{Activation, Loss, Mlp, one_hot};
use burn::module::Param;
use burn::nn::Linear;
use burn::tensor::{Device, Int, Tensor, TensorData};
use wasm_bindgen::prelude::*;

pub mod archive;
pub mod characters;
mod data;
pub mod run_folder;
pub mod slides;
mod train;
pub use archive::{PictureSet, SetZip};
pub use data::{Data, Splits, parse_idx};
pub use train::{Controls, Settings, Trainer};

/// The page's copy of the trained network; `learn` changes the copy, `reset` restores it.
#[wasm_bindgen]
pub struct Network {
    trained: Mlp,
    model: Mlp,
    lambda: f64,
    device: Device,
}

/// `x(l)` for every hidden layer, then `y`: what one forward pass shows.
#[wasm_bindgen]
pub struct Activations {
    /// `x(1)`, …, `x(L−1)`.
    #[wasm_bindgen(skip)]
    pub hidden: Vec<Vec<f32>>,
    #[wasm_bindgen(skip)]
    pub y: Vec<f32>,
}

#[wasm_bindgen]
impl Activations {
    /// `x(l)` of hidden layer `l` (1-based, as the slides count); undefined for any other `l`.
    pub fn hidden(&self, l: usize) -> Option<Vec<f32>> {
        self.hidden.get(l.checked_sub(1)?).cloned()
    }

    /// The output `y`.
    #[wasm_bindgen(getter)]
    pub fn y(&self) -> Vec<f32> {
        self.y.clone()
    }
}

/// One sample's back-propagation: `δ(l)` for l = 1..=L and the size of each `∂E_total/∂W(l)`.
#[wasm_bindgen]
pub struct Deltas {
    /// `δ(1)`, …, `δ(L)`.
    #[wasm_bindgen(skip)]
    pub delta: Vec<Vec<f32>>,
    /// mean |∂E_total/∂W(l)|, l = 1..=L.
    #[wasm_bindgen(skip)]
    pub gradient_size: Vec<f32>,
}

#[wasm_bindgen]
impl Deltas {
    /// `δ(l)` of layer `l` = 1..=L; undefined for any other `l`.
    pub fn delta(&self, l: usize) -> Option<Vec<f32>> {
        self.delta.get(l.checked_sub(1)?).cloned()
    }

    /// mean |∂E_total/∂W(l)| for l = 1..=L.
    #[wasm_bindgen(getter)]
    pub fn gradient_sizes(&self) -> Vec<f32> {
        self.gradient_size.clone()
    }
}

/// `value` (a JavaScript number) as a count when it is a whole number in `range`: nothing is
/// silently rounded or wrapped.
fn count_in(value: f64, range: std::ops::RangeInclusive<usize>) -> Option<usize> {
    (value.fract() == 0.0 && (*range.start() as f64..=*range.end() as f64).contains(&value)).then_some(value as usize)
}

fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().convert::<f32>().try_into_vec::<f32>().unwrap_or_default()
}

impl Network {
    /// The network from its weights: `W(1), b(1), W(2), b(2), W(3), b(3)` one after the other,
    /// each `W(l)` `[in, out]` row-major (burn's layout), widths `layers`.
    pub fn try_new(weights: &[f32], layers: &[u32], activation: &str, loss: &str, lambda: f64) -> Result<Self, String> {
        if layers.len() != 4 {
            return Err(format!("expected 4 layer widths, got {}", layers.len()));
        }
        let widths: Vec<usize> = layers.iter().map(|&w| w as usize).collect();
        let expected = ann_model::parameters(&widths);
        if weights.len() != expected {
            return Err(format!("expected {expected} weights for layers {widths:?}, got {}", weights.len()));
        }
        let activation = Activation::parse(activation)?;
        let loss = Loss::from_name(loss).ok_or_else(|| format!("unknown loss {loss:?}"))?;
        let device = Device::flex();
        let mut rest = weights;
        let mut take = |n: usize| {
            let (head, tail) = rest.split_at(n);
            rest = tail;
            head.to_vec()
        };
        let mut layer = |fan_in: usize, fan_out: usize| Linear {
            weight: Param::from_tensor(Tensor::from_data(TensorData::new(take(fan_in * fan_out), [fan_in, fan_out]), &device)),
            bias: Some(Param::from_tensor(Tensor::from_data(TensorData::new(take(fan_out), [fan_out]), &device))),
        };
        let layers = [layer(widths[0], widths[1]), layer(widths[1], widths[2]), layer(widths[2], widths[3])];
        let model = Mlp::from_layers(layers, activation, loss);
        Ok(Self { trained: model.clone(), model, lambda, device })
    }

    /// The picture (RGBA bytes, as a canvas gives them) as the network's input `x(0)`: 784
    /// intensities, or the reason there is nothing to predict ("draw a character").
    pub fn try_input(rgba: &[u8], width: usize, height: usize) -> Result<Vec<f32>, String> {
        ann_preprocess::to_mnist_rgba8(width, height, rgba).map(|x| x.to_vec()).map_err(|e| e.to_string())
    }

    /// One step `W ← W − η ∂E_total/∂W`, `b ← b − η ∂E_total/∂b` for this input and target.
    pub fn step(&mut self, input: &[f32], target: u8, eta: f64) {
        learn_one(&mut self.model, input, target, eta, self.lambda);
    }
}

/// Every parameter of `model` in [`Network::new`]'s layout: `W(1), b(1), W(2), b(2), W(3), b(3)`,
/// each `W(l)` `[in, out]` row-major.
pub fn weights(model: &Mlp) -> Vec<f32> {
    let net = Net::of(model);
    (1..=net.L()).flat_map(|l| values(net.W(l)).into_iter().chain(values(net.b(l)))).collect()
}

/// One input as a batch of one, `x(0)` `[1, n]`, and its true digit.
fn sample(input: &[f32], target: u8, device: &Device) -> (Tensor<2>, Tensor<1, Int>) {
    let x0 = Tensor::from_data(TensorData::new(input.to_vec(), [1, input.len()]), device);
    (x0, Tensor::from_data(TensorData::new(vec![target as i64], [1]), device))
}

/// The page's "learn this": one plain step (no momentum, no schedule) on one input.
pub(crate) fn learn_one(model: &mut Mlp, input: &[f32], target: u8, eta: f64, lambda: f64) {
    let (x0, t) = sample(input, target, &model.fc1.weight.device());
    Sgd::new(eta, 0.0).learn(model, x0, t, lambda, false);
}

#[wasm_bindgen]
impl Network {
    #[wasm_bindgen(constructor)]
    pub fn new(weights: &[f32], layers: &[u32], activation: &str, loss: &str, lambda: f64) -> Result<Network, JsError> {
        Self::try_new(weights, layers, activation, loss, lambda).map_err(|e| JsError::new(&e))
    }

    /// `x(0)`: 784 values in 0..1; throws "… draw a character" for an empty canvas or a dot.
    pub fn input(&self, rgba: &[u8], width: usize, height: usize) -> Result<Vec<f32>, JsError> {
        Self::try_input(rgba, width, height).map_err(|e| JsError::new(&e))
    }

    /// The forward pass of one input: `x(1)`, `x(2)` and `y`.
    pub fn forward(&self, input: &[f32]) -> Activations {
        let net = Net::of(&self.model);
        let (x0, _) = sample(input, 0, &self.device);
        let fwd = forward(&net, x0);
        Activations { hidden: fwd.x[1..].iter().map(|x| values(x.clone())).collect(), y: values(fwd.y) }
    }

    /// Back-propagation of one input with true digit `target`: every `δ(l)` and the size of
    /// every `∂E_total/∂W(l)`.
    #[allow(non_snake_case)]
    pub fn backprop(&self, input: &[f32], target: u8) -> Deltas {
        let net = Net::of(&self.model);
        let (x0, t) = sample(input, target, &self.device);
        let fwd = forward(&net, x0);
        let t = one_hot(t, fwd.y.dims()[1]);
        let g = backward(&net, &fwd, t, self.lambda);
        let gradient_size = g.dW.iter().map(|dW| values(dW.clone().abs().mean())[0]).collect();
        Deltas { delta: g.delta.into_iter().map(values).collect(), gradient_size }
    }

    /// One learning step on the page's copy of the network.
    pub fn learn(&mut self, input: &[f32], target: u8, eta: f64) {
        self.step(input, target, eta);
    }

    /// Back to the trained weights.
    pub fn reset(&mut self) {
        self.model = self.trained.clone();
    }

    /// The parameters in the constructor's layout: `W(1), b(1), W(2), b(2), W(3), b(3)`.
    pub fn weights(&self) -> Vec<f32> {
        weights(&self.model)
    }

    /// Accuracy on the first `n` test digits of `mnist`: what a learning step cost.
    pub fn test_accuracy(&self, mnist: &Data, n: usize) -> f32 {
        data::accuracy(&self.model, &mnist.splits().test, n, &self.device)
    }
}
