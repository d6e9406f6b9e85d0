//! Deck 003's "Hidden layers: the more, the merrier?": one data set (two interleaved
//! spirals), networks with 1, 3 and 50 hidden layers trained side by side.
use crate::plane::{accuracy, grid, spirals};
use crate::scalar::{Cost, F};
use crate::{Exercise, Sample};

/// The depths compared.
pub const DEPTHS: [usize; 3] = [1, 3, 50];
/// Units per hidden layer the view allows.
pub const WIDTHS: std::ops::RangeInclusive<usize> = 1..=32;
/// Samples per mini-batch.
const BATCH: usize = 20;

pub struct Depth {
    pub nets: Vec<Exercise>,
    pub train: Vec<Sample>,
    pub test: Vec<Sample>,
    pub steps: usize,
}

/// How one of the networks does now.
pub struct DepthState {
    pub depth: usize,
    pub train_cost: f64,
    pub test_cost: f64,
    pub train_accuracy: f64,
    pub test_accuracy: f64,
    /// Mean |∂C/∂w(1)| over the first training batch: the vanishing gradient, tiny with fifty
    /// sigmoid layers.
    pub first_layer_gradient: f64,
}

impl Depth {
    /// Hidden layers of `width` units ([`WIDTHS`]) with activation `f`, a sigmoid output,
    /// cross-entropy, Xavier weights from `seed`.
    pub fn new(f: F, width: usize, eta: f64, seed: u64) -> Result<Depth, String> {
        if !WIDTHS.contains(&width) {
            return Err(format!("units per layer: a whole number from {} to {}", WIDTHS.start(), WIDTHS.end()));
        }
        let nets = DEPTHS
            .iter()
            .map(|&depth| {
                let layers: Vec<usize> = std::iter::once(2).chain(std::iter::repeat_n(width, depth)).chain([1]).collect();
                Exercise::xavier(&layers, f, F::Sigmoid, Cost::CrossEntropy, eta, seed)
            })
            .collect();
        // Training and test points from the same spirals, jittered differently. The training
        // points shuffled once, so each batch holds both classes at every radius.
        let mut train = spirals(100, 0.04, 1);
        ann_data::order::shuffle(&mut train, 9);
        Ok(Depth { nets, train, test: spirals(100, 0.04, 2), steps: 0 })
    }

    /// `n` mini-batch steps of every network, the batches taken in turn.
    pub fn train(&mut self, n: usize) -> Result<(), String> {
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

    /// Each network's costs, accuracies and first-layer gradient, in the order of [`DEPTHS`].
    pub fn state(&self) -> Result<Vec<DepthState>, String> {
        DEPTHS
            .iter()
            .zip(&self.nets)
            .map(|(&depth, net)| {
                let mut first = 0.0;
                for (x, y) in &self.train[..BATCH] {
                    let dw = &net.run(x, y)?.dw[0];
                    first += dw.iter().flatten().map(|g| g.abs()).sum::<f64>() / (dw.len() * dw[0].len()) as f64;
                }
                Ok(DepthState {
                    depth,
                    train_cost: net.mean_cost(&self.train)?,
                    test_cost: net.mean_cost(&self.test)?,
                    train_accuracy: accuracy(net, &self.train),
                    test_accuracy: accuracy(net, &self.test),
                    first_layer_gradient: first / BATCH as f64,
                })
            })
            .collect()
    }

    /// The points, for drawing: x₁, x₂, class, one after the other (training, then test).
    pub fn points(&self) -> Vec<f64> {
        self.train.iter().chain(&self.test).flat_map(|(x, y)| [x[0], x[1], y[0]]).collect()
    }

    /// Network `k`'s (0, 1, 2: 1, 3, 50 hidden layers) output on an `n`×`n` grid over `[lo, hi]²`.
    pub fn region(&self, k: usize, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        self.nets.get(k).map(|net| grid(net, n, lo, hi)).unwrap_or_default()
    }
}
