//! Deck 003's "The Gradient Descent in Action": the path of the steps on a cost surface.
use ann_slides::gd::{Surface, descend};
use serde_json::json;
use wasm_bindgen::prelude::*;

use super::{answer, numbers, one};

/// Descends `surface` (`parabola` or `valley`) from `start` with `η` and `μ`, at most
/// `max_steps` steps: `{"steps", "final", "diverged", "w": the path, "cost": its costs}`.
#[wasm_bindgen]
pub fn descent(surface: &str, start: &str, eta: &str, mu: &str, max_steps: usize) -> String {
    answer(|| {
        let surface = Surface::parse(surface)?;
        let start = numbers(start, "start")?;
        let wanted = if surface == Surface::Parabola { 1 } else { 2 };
        if start.len() != wanted {
            return Err(format!("start: this cost has {wanted} parameter(s), {} given", start.len()));
        }
        let path = descend(surface, &start, one(eta, "η")?, one(mu, "μ")?, max_steps.min(10_000));
        Ok(json!({
            "steps": path.w.len() - 1, "final": path.cost.last(), "diverged": path.diverged,
            "w": path.w, "cost": path.cost,
        }))
    })
}

/// The cost on a grid over `[lo, hi]` (parabola: `n` values) or `[lo, hi]²` (valley: `n`×`n`,
/// row by row from the top), for drawing the surface under the path.
#[wasm_bindgen]
pub fn surface(surface: &str, n: usize, lo: f64, hi: f64) -> Vec<f64> {
    Surface::parse(surface).map(|s| s.grid(n, lo, hi)).unwrap_or_default()
}
