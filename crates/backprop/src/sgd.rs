use burn::nn::Linear;
use burn::tensor::Tensor;

use crate::Gradients;

/// The slides' update `W ← W − η ∂E_total/∂W`, `b ← b − η ∂E_total/∂b`, with optional
/// momentum `v ← μ v + g`, `W ← W − η v` (μ = 0: plain gradient descent).
pub struct Sgd {
    pub eta: f64,
    pub mu: f64,
    velocity: Option<(Vec<Tensor<2>>, Vec<Tensor<1>>)>,
}

impl Sgd {
    pub fn new(eta: f64, mu: f64) -> Self {
        Self { eta, mu, velocity: None }
    }

    /// Applies one step to `layers` (input side first), returning the updated layers.
    #[allow(non_snake_case)]
    pub fn step(&mut self, layers: Vec<Linear>, grads: Gradients) -> Vec<Linear> {
        let (dW, db) = match (self.velocity.take(), self.mu > 0.0) {
            (Some((vW, vb)), true) => (
                vW.into_iter().zip(grads.dW).map(|(v, g)| v * self.mu + g).collect(),
                vb.into_iter().zip(grads.db).map(|(v, g)| v * self.mu + g).collect(),
            ),
            _ => (grads.dW, grads.db),
        };
        if self.mu > 0.0 {
            self.velocity = Some((dW.clone(), db.clone()));
        }
        let eta = self.eta;
        layers
            .into_iter()
            .zip(dW.into_iter().zip(db))
            .map(|(layer, (dW, db))| {
                /// W ← W − η ∂E_total/∂W
                let weight = layer.weight.map(|W| W - dW * eta);
                /// b ← b − η ∂E_total/∂b
                let bias = layer.bias.map(|b| b.map(|b| b - db * eta));
                Linear { weight, bias }
            })
            .collect()
    }
}
