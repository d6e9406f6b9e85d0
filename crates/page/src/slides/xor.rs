//! Deck 003's XOR problem (`ann_slides::xor`) for the page: the typed settings read, the state
//! as JSON, the network's region for drawing.
use ann_slides::plane::{accuracy, grid};
use ann_slides::scalar::F;
use serde_json::json;
use wasm_bindgen::prelude::*;

use super::{answer, one, whole};

#[wasm_bindgen]
pub struct Xor(ann_slides::xor::Xor);

impl Xor {
    pub fn try_new(hidden: &str, f: &str, eta: &str, seed: u32) -> Result<Xor, String> {
        let hidden = whole(hidden, "hidden units", ann_slides::xor::HIDDEN)?;
        Ok(Xor(ann_slides::xor::Xor::new(hidden, F::parse(f)?, one(eta, "η")?, seed.into())?))
    }

    /// `perceptron_accuracy` is the best the perceptron ever reached.
    pub fn state(&self) -> serde_json::Value {
        let x = &self.0;
        json!({
            "perceptron_accuracy": x.perceptron_best, "hidden_accuracy": accuracy(&x.net, &x.points),
            "steps": x.steps, "solved_at": x.solved_at, "cost": x.net.mean_cost(&x.points).ok(),
            "perceptron": { "w": x.perceptron.w, "b": x.perceptron.b },
        })
    }
}

#[wasm_bindgen]
impl Xor {
    #[wasm_bindgen(constructor)]
    pub fn new(hidden: &str, f: &str, eta: &str, seed: u32) -> Result<Xor, JsError> {
        Self::try_new(hidden, f, eta, seed).map_err(|e| JsError::new(&e))
    }

    /// `n` more epochs of the perceptron rule and `n` mini-batch steps of the network.
    pub fn train(&mut self, n: usize) -> String {
        answer(|| {
            self.0.train(n)?;
            Ok(self.state())
        })
    }

    /// The network's output a(2) on an `n`×`n` grid over `[lo, hi]²`, row by row from the top.
    pub fn region(&self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        grid(&self.0.net, n, lo, hi)
    }
}
