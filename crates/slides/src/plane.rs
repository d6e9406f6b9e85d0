//! Deck 003's 2-D classification problems: XOR's four points, two interleaved spirals, the
//! single-layer perceptron `ŷ = sign(wᵀx + b)` and the accuracy of a network on them.
use std::f64::consts::PI;

use crate::init::Rng;
use crate::{Exercise, Sample};

/// XOR: (0, 0) and (1, 1) are class 0, (0, 1) and (1, 0) class 1.
pub fn xor() -> Vec<Sample> {
    [([0.0, 0.0], 0.0), ([0.0, 1.0], 1.0), ([1.0, 0.0], 1.0), ([1.0, 1.0], 0.0)].into_iter().map(|(x, y)| (x.to_vec(), vec![y])).collect()
}

/// Two interleaved spirals of one turn in [−1, 1]², `n` points each (class 0 and 1), ordered
/// from the centre out; `noise` their jitter.
pub fn spirals(n: usize, noise: f64, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut samples = Vec::with_capacity(2 * n);
    for i in 0..n {
        let r = 0.9 * (i as f64 + 0.5) / n as f64;
        let angle = 2.0 * PI * (i as f64 + 0.5) / n as f64;
        for class in [0.0, 1.0] {
            let turn = angle + class * PI;
            let x = [r * turn.cos() + rng.uniform(-noise, noise), r * turn.sin() + rng.uniform(-noise, noise)];
            samples.push((x.to_vec(), vec![class]));
        }
    }
    samples
}

/// The share of `samples` a network puts on the right side of ½.
pub fn accuracy(ex: &Exercise, samples: &[Sample]) -> f64 {
    let right = samples.iter().filter(|(x, y)| (ex.output(x)[0] > 0.5) == (y[0] > 0.5)).count();
    right as f64 / samples.len() as f64
}

/// The single-layer perceptron of deck 003.
#[derive(Debug, Clone, PartialEq)]
pub struct Perceptron {
    pub w: Vec<f64>,
    pub b: f64,
}

impl Perceptron {
    pub fn new(inputs: usize) -> Self {
        Self { w: vec![0.0; inputs], b: 0.0 }
    }

    /// `ŷ = sign(wᵀx + b)`, +1 or −1 (+1 on the line itself).
    #[allow(clippy::let_and_return)]
    pub fn predict(&self, x: &[f64]) -> f64 {
        let wx: f64 = self.w.iter().zip(x).map(|(w, x)| w * x).sum();
        /// ŷ = sign(wᵀx + b)
        let y_hat = if wx + self.b >= 0.0 { 1.0 } else { -1.0 };
        y_hat
    }

    /// One pass of the perceptron rule over `samples` (class 1 is +1, class 0 is −1):
    /// `w ← w + y x`, `b ← b + y` for each misclassified point. Returns how many were.
    pub fn epoch(&mut self, samples: &[Sample]) -> usize {
        let mut mistakes = 0;
        for (x, t) in samples {
            let y = if t[0] > 0.5 { 1.0 } else { -1.0 };
            if self.predict(x) != y {
                mistakes += 1;
                for (w, x) in self.w.iter_mut().zip(x) {
                    /// w ← w + y x
                    let w_next = *w + y * x;
                    *w = w_next;
                }
                /// b ← b + y
                let b_next = self.b + y;
                self.b = b_next;
            }
        }
        mistakes
    }

    /// The share of `samples` on the right side of the line `wᵀx + b = 0`.
    pub fn accuracy(&self, samples: &[Sample]) -> f64 {
        let right = samples.iter().filter(|(x, t)| (self.predict(x) > 0.0) == (t[0] > 0.5)).count();
        right as f64 / samples.len() as f64
    }
}

/// A network's output `a(L)_1` on an `n`×`n` grid over `[lo, hi]²`, row by row from the top:
/// the region it draws.
pub fn grid(net: &Exercise, n: usize, lo: f64, hi: f64) -> Vec<f64> {
    let at = |k: usize| lo + (hi - lo) * (k as f64 + 0.5) / n as f64;
    (0..n).flat_map(|r| (0..n).map(move |c| (at(c), at(n - 1 - r)))).map(|(x1, x2)| net.output(&[x1, x2])[0]).collect()
}
