//! Deck 003's XOR problem: the perceptron rule against a network with one hidden layer
//! (trained by `ann-backprop`), both stepped by the page so their regions are drawn live.
use ann_slides::plane::{Perceptron, accuracy, xor};
use ann_slides::scalar::{Cost, F};
use ann_slides::{Exercise, Sample};
use serde_json::json;
use wasm_bindgen::prelude::*;

use super::one;

#[wasm_bindgen]
pub struct Xor {
    points: Vec<Sample>,
    perceptron: Perceptron,
    /// The best accuracy the perceptron reached so far.
    perceptron_best: f64,
    net: Exercise,
    steps: usize,
    /// The step at which the network first classified all four points.
    solved_at: Option<usize>,
}

impl Xor {
    /// A 2-`hidden`-1 network with hidden activation `f`, a sigmoid output and the
    /// cross-entropy cost, Xavier weights from `seed`.
    pub fn try_new(hidden: &str, f: &str, eta: &str, seed: u32) -> Result<Xor, String> {
        let hidden = one(hidden, "hidden units")?;
        if !(1.0..=64.0).contains(&hidden) || hidden.fract() != 0.0 {
            return Err("hidden units: a whole number from 1 to 64".into());
        }
        let net = Exercise::xavier(&[2, hidden as usize, 1], F::parse(f)?, F::Sigmoid, Cost::CrossEntropy, one(eta, "η")?, seed.into());
        Ok(Xor { points: xor(), perceptron: Perceptron::new(2), perceptron_best: 0.0, net, steps: 0, solved_at: None })
    }

    /// `n` more epochs of the perceptron rule and `n` mini-batch steps of the network.
    pub fn try_train(&mut self, n: usize) -> Result<serde_json::Value, String> {
        for _ in 0..n {
            self.perceptron.epoch(&self.points);
            self.perceptron_best = self.perceptron_best.max(self.perceptron.accuracy(&self.points));
            self.net.mini_batch(&self.points)?;
            self.steps += 1;
            if self.solved_at.is_none() && accuracy(&self.net, &self.points) == 1.0 {
                self.solved_at = Some(self.steps);
            }
        }
        Ok(self.state())
    }

    /// `perceptron_accuracy` is the best the perceptron ever reached.
    pub fn state(&self) -> serde_json::Value {
        json!({
            "perceptron_accuracy": self.perceptron_best, "hidden_accuracy": accuracy(&self.net, &self.points),
            "steps": self.steps, "solved_at": self.solved_at, "cost": self.net.mean_cost(&self.points).ok(),
            "perceptron": { "w": self.perceptron.w, "b": self.perceptron.b },
        })
    }
}

#[wasm_bindgen]
impl Xor {
    #[wasm_bindgen(constructor)]
    pub fn new(hidden: &str, f: &str, eta: &str, seed: u32) -> Result<Xor, JsError> {
        Self::try_new(hidden, f, eta, seed).map_err(|e| JsError::new(&e))
    }

    pub fn train(&mut self, n: usize) -> String {
        super::answer(|| self.try_train(n))
    }

    /// The network's output a(2) on an `n`×`n` grid over `[lo, hi]²`, row by row from the top.
    pub fn region(&self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        super::grid(&self.net, n, lo, hi)
    }
}
