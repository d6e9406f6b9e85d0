//! Deck 003's XOR problem: the perceptron rule against a network with one hidden layer, both
//! stepped together so their regions can be drawn live.
use crate::plane::{Perceptron, accuracy, xor};
use crate::scalar::{Cost, F};
use crate::{Exercise, Sample};

/// Hidden units the view allows.
pub const HIDDEN: std::ops::RangeInclusive<usize> = 1..=64;

pub struct Xor {
    pub points: Vec<Sample>,
    pub perceptron: Perceptron,
    /// The best accuracy the perceptron reached so far.
    pub perceptron_best: f64,
    pub net: Exercise,
    pub steps: usize,
    /// The step at which the network first classified all four points.
    pub solved_at: Option<usize>,
}

impl Xor {
    /// A 2-`hidden`-1 network ([`HIDDEN`] units) with hidden activation `f`, a sigmoid output
    /// and the cross-entropy cost, Xavier weights from `seed`.
    pub fn new(hidden: usize, f: F, eta: f64, seed: u64) -> Result<Xor, String> {
        if !HIDDEN.contains(&hidden) {
            return Err(format!("hidden units: a whole number from {} to {}", HIDDEN.start(), HIDDEN.end()));
        }
        let net = Exercise::xavier(&[2, hidden, 1], f, F::Sigmoid, Cost::CrossEntropy, eta, seed);
        Ok(Xor { points: xor(), perceptron: Perceptron::new(2), perceptron_best: 0.0, net, steps: 0, solved_at: None })
    }

    /// `n` more epochs of the perceptron rule and `n` mini-batch steps of the network.
    pub fn train(&mut self, n: usize) -> Result<(), String> {
        for _ in 0..n {
            self.perceptron.epoch(&self.points);
            self.perceptron_best = self.perceptron_best.max(self.perceptron.accuracy(&self.points));
            self.net.mini_batch(&self.points)?;
            self.steps += 1;
            if self.solved_at.is_none() && accuracy(&self.net, &self.points) == 1.0 {
                self.solved_at = Some(self.steps);
            }
        }
        Ok(())
    }
}
