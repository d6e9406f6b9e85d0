//! Deck 003's "Hidden layers: the more, the merrier?": one data set (two interleaved
//! spirals), networks with 1, 3 and 50 hidden layers trained side by side by `ann-backprop`.
use ann_slides::plane::{accuracy, spirals};
use ann_slides::scalar::{Cost, F};
use ann_slides::{Exercise, Sample};
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

use super::one;

/// The depths compared.
pub const DEPTHS: [usize; 3] = [1, 3, 50];
/// Samples per mini-batch.
const BATCH: usize = 20;

#[wasm_bindgen]
pub struct Depth {
    nets: Vec<Exercise>,
    train: Vec<Sample>,
    test: Vec<Sample>,
    steps: usize,
}

impl Depth {
    /// Hidden layers of `width` units with activation `f`, a sigmoid output, cross-entropy.
    pub fn try_new(f: &str, width: &str, eta: &str, seed: u32) -> Result<Depth, String> {
        let width = one(width, "units per layer")?;
        if !(1.0..=32.0).contains(&width) || width.fract() != 0.0 {
            return Err("units per layer: a whole number from 1 to 32".into());
        }
        let (f, eta) = (F::parse(f)?, one(eta, "η")?);
        let nets = DEPTHS
            .iter()
            .map(|&depth| {
                let layers: Vec<usize> = std::iter::once(2).chain(std::iter::repeat_n(width as usize, depth)).chain([1]).collect();
                Exercise::xavier(&layers, f, F::Sigmoid, Cost::CrossEntropy, eta, seed.into())
            })
            .collect();
        // Training and test points from the same spirals, jittered differently. The training
        // points shuffled once, so each batch holds both classes at every radius.
        let mut train = spirals(100, 0.04, 1);
        ann_data::order::shuffle(&mut train, 9);
        Ok(Depth { nets, train, test: spirals(100, 0.04, 2), steps: 0 })
    }

    /// `n` mini-batch steps of every network, the batches taken in turn.
    pub fn try_train(&mut self, n: usize) -> Result<(), String> {
        for _ in 0..n {
            let start = (self.steps * BATCH) % self.train.len();
            let batch: Vec<Sample> = self.train.iter().cycle().skip(start).take(BATCH).cloned().collect();
            for net in &mut self.nets {
                net.mini_batch(&batch)?;
            }
            self.steps += 1;
        }
        Ok(())
    }

    /// Per depth: train and test cost, test accuracy, and the mean |∂C/∂w(1)| over the first
    /// training batch (the vanishing gradient: tiny with fifty sigmoid layers).
    pub fn try_state(&self) -> Result<Value, String> {
        let mut per_depth = serde_json::Map::new();
        let mut accuracies = serde_json::Map::new();
        for (depth, net) in DEPTHS.iter().zip(&self.nets) {
            let mut first = 0.0;
            for (x, y) in &self.train[..BATCH] {
                let dw = &net.run(x, y)?.dw[0];
                first += dw.iter().flatten().map(|g| g.abs()).sum::<f64>() / (dw.len() * dw[0].len()) as f64;
            }
            let test_accuracy = accuracy(net, &self.test);
            accuracies.insert(depth.to_string(), json!(test_accuracy));
            per_depth.insert(
                depth.to_string(),
                json!({
                    "train_cost": net.mean_cost(&self.train)?, "test_cost": net.mean_cost(&self.test)?,
                    "train_accuracy": accuracy(net, &self.train), "test_accuracy": test_accuracy,
                    "first_layer_gradient": first / BATCH as f64,
                }),
            );
        }
        Ok(json!({ "steps": self.steps, "result": accuracies, "depths": per_depth }))
    }
}

#[wasm_bindgen]
impl Depth {
    #[wasm_bindgen(constructor)]
    pub fn new(f: &str, width: &str, eta: &str, seed: u32) -> Result<Depth, JsError> {
        Self::try_new(f, width, eta, seed).map_err(|e| JsError::new(&e))
    }

    /// `n` more steps, then the state as JSON; its `result` is `{"1": acc, "3": acc, "50": acc}`.
    pub fn train(&mut self, n: usize) -> String {
        super::answer(|| {
            self.try_train(n)?;
            self.try_state()
        })
    }

    /// `n` more steps without the state (which costs more than a step): `{"steps"}`.
    pub fn steps(&mut self, n: usize) -> String {
        super::answer(|| {
            self.try_train(n)?;
            Ok(json!({ "steps": self.steps }))
        })
    }

    /// The points, for drawing: x₁, x₂, class, one after the other (training, then test).
    pub fn points(&self) -> Vec<f64> {
        self.train.iter().chain(&self.test).flat_map(|(x, y)| [x[0], x[1], y[0]]).collect()
    }

    /// Network `k`'s (0, 1, 2: 1, 3, 50 hidden layers) output on an `n`×`n` grid over `[lo, hi]²`.
    pub fn region(&self, k: usize, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        self.nets.get(k).map(|net| super::grid(net, n, lo, hi)).unwrap_or_default()
    }
}
