//! Deck 003's "Hidden layers: the more, the merrier?" (`ann_slides::depth`) for the page: the
//! typed settings read, the state as JSON.
use ann_slides::scalar::F;
use serde_json::json;
use wasm_bindgen::prelude::*;

use super::{answer, one, whole};

#[wasm_bindgen]
pub struct Depth(ann_slides::depth::Depth);

impl Depth {
    pub fn try_new(f: &str, width: &str, eta: &str, seed: u32) -> Result<Depth, String> {
        let width = whole(width, "units per layer", ann_slides::depth::WIDTHS)?;
        Ok(Depth(ann_slides::depth::Depth::new(F::parse(f)?, width, one(eta, "η")?, seed.into())?))
    }

    /// Per depth: train and test cost and accuracy, and the first layer's gradient size.
    pub fn try_state(&self) -> Result<serde_json::Value, String> {
        let (mut per_depth, mut accuracies) = (serde_json::Map::new(), serde_json::Map::new());
        for s in self.0.state()? {
            accuracies.insert(s.depth.to_string(), json!(s.test_accuracy));
            per_depth.insert(
                s.depth.to_string(),
                json!({
                    "train_cost": s.train_cost, "test_cost": s.test_cost, "train_accuracy": s.train_accuracy,
                    "test_accuracy": s.test_accuracy, "first_layer_gradient": s.first_layer_gradient,
                }),
            );
        }
        Ok(json!({ "steps": self.0.steps, "result": accuracies, "depths": per_depth }))
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
        answer(|| {
            self.0.train(n)?;
            self.try_state()
        })
    }

    /// `n` more steps without the state (which costs more than a step): `{"steps"}`.
    pub fn steps(&mut self, n: usize) -> String {
        answer(|| {
            self.0.train(n)?;
            Ok(json!({ "steps": self.0.steps }))
        })
    }

    /// The points, for drawing: x₁, x₂, class, one after the other (training, then test).
    pub fn points(&self) -> Vec<f64> {
        self.0.points()
    }

    /// Network `k`'s (0, 1, 2: 1, 3, 50 hidden layers) output on an `n`×`n` grid over `[lo, hi]²`.
    pub fn region(&self, k: usize, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        self.0.region(k, n, lo, hi)
    }
}
