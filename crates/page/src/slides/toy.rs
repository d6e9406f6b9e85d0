//! Deck 000's toy table trained one sample at a time, every number of the last step shown.
use ann_slides::worked::toy_table;
use ann_slides::{Exercise, Pass, Sample};
use serde_json::json;
use wasm_bindgen::prelude::*;

use super::{one, pass_json};

/// The 3-…-2 sigmoid network of the table, with `E = ½[(o1 − l1)² + (o2 − l2)²]`.
#[wasm_bindgen]
pub struct Toy {
    ex: Exercise,
    samples: Vec<Sample>,
    steps: usize,
    last: Option<(usize, Pass)>,
}

impl Toy {
    /// From the typed matrices (3 inputs, 2 outputs) and η.
    pub fn try_new(w: &str, eta: &str) -> Result<Toy, String> {
        let ex = Exercise::parse(w, "sigmoid", "quadratic", one(eta, "η")?)?;
        let layers = ex.layers();
        if layers[0] != 3 || layers[layers.len() - 1] != 2 {
            return Err(format!("the table has 3 inputs and 2 labels, but the matrices make {}", super::architecture(&layers)));
        }
        Ok(Toy { ex, samples: toy_table(), steps: 0, last: None })
    }

    /// One update on the next sample of the table.
    pub fn try_step(&mut self) -> Result<(), String> {
        let n = self.steps % self.samples.len();
        let (x, y) = &self.samples[n];
        let pass = self.ex.run(x, y)?;
        (self.ex.w, self.ex.b) = (pass.w_after.clone(), pass.b_after.clone());
        self.last = Some((n, pass));
        self.steps += 1;
        Ok(())
    }

    /// The table now: each row's outputs and E, their sum, and the last step's numbers.
    pub fn try_state(&self) -> Result<serde_json::Value, String> {
        let passes = self.samples.iter().map(|(x, y)| self.ex.run(x, y)).collect::<Result<Vec<_>, _>>()?;
        let rows: Vec<_> = self.samples.iter().zip(&passes).map(|((x, l), p)| json!({ "x": x, "l": l, "o": p.a.last(), "E": p.cost })).collect();
        let total: f64 = passes.iter().map(|p| p.cost).sum();
        let last = self.last.as_ref().map(|(n, pass)| json!({ "sample": n + 1, "pass": pass_json(&self.ex, pass) }));
        Ok(json!({ "steps": self.steps, "epochs": self.steps as f64 / self.samples.len() as f64, "rows": rows, "E": total, "last": last, "w": self.ex.w, "b": self.ex.b }))
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
        super::answer(|| {
            for _ in 0..n {
                self.try_step()?;
            }
            self.try_state()
        })
    }

    pub fn state(&self) -> String {
        super::answer(|| self.try_state())
    }
}
