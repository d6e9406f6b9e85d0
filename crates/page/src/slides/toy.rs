//! Deck 000's toy table (`ann_slides::toy`) for the page: the typed matrices read, every number
//! of the last step as JSON.
use ann_slides::Exercise;
use serde_json::json;
use wasm_bindgen::prelude::*;

use super::{answer, one, pass_json};

#[wasm_bindgen]
pub struct Toy(ann_slides::toy::Toy);

impl Toy {
    /// From the typed matrices (3 inputs, 2 outputs) and η.
    pub fn try_new(w: &str, eta: &str) -> Result<Toy, String> {
        Ok(Toy(ann_slides::toy::Toy::new(Exercise::parse(w, "sigmoid", "quadratic", one(eta, "η")?)?)?))
    }

    /// The table now: each row's outputs and E, their sum, and the last step's numbers.
    pub fn try_state(&self) -> Result<serde_json::Value, String> {
        let toy = &self.0;
        let passes = toy.passes()?;
        let rows: Vec<_> = toy.samples.iter().zip(&passes).map(|((x, l), p)| json!({ "x": x, "l": l, "o": p.a.last(), "E": p.cost })).collect();
        let total: f64 = passes.iter().map(|p| p.cost).sum();
        let last = toy.last.as_ref().map(|(n, pass)| json!({ "sample": n + 1, "pass": pass_json(&toy.ex, pass) }));
        let epochs = toy.steps as f64 / toy.samples.len() as f64;
        Ok(json!({ "steps": toy.steps, "epochs": epochs, "rows": rows, "E": total, "last": last, "w": toy.ex.w, "b": toy.ex.b }))
    }
}

#[wasm_bindgen]
impl Toy {
    #[wasm_bindgen(constructor)]
    pub fn new(w: &str, eta: &str) -> Result<Toy, JsError> {
        Self::try_new(w, eta).map_err(|e| JsError::new(&e))
    }

    /// `n` updates, one sample each, then the state as JSON.
    pub fn steps(&mut self, n: usize) -> String {
        answer(|| {
            for _ in 0..n {
                self.0.step()?;
            }
            self.try_state()
        })
    }

    pub fn state(&self) -> String {
        answer(|| self.try_state())
    }
}
