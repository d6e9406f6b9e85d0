//! Gradient descent on an [`Exercise`] network over many samples: stochastic (one update per
//! sample) and mini-batch (one update per batch), deck 004's update rules.
use crate::Exercise;

/// The slides' update of one parameter `p` by its gradient `g`: `p ← p − η g`. Every small
/// network of the slides page takes its steps through here.
pub fn descend(p: f64, eta: f64, g: f64) -> f64 {
    p - eta * g
}

/// One sample: input `x` and target `y`.
pub type Sample = (Vec<f64>, Vec<f64>);

impl Exercise {
    /// Stochastic descent: one update `w ← w − η ∂C/∂w` per sample, in order. Returns the
    /// mean cost of the samples before each one's update.
    pub fn stochastic(&mut self, samples: &[Sample]) -> Result<f64, String> {
        let mut total = 0.0;
        for (x, y) in samples {
            let pass = self.run(x, y)?;
            total += pass.cost;
            (self.w, self.b) = (pass.w_after, pass.b_after);
        }
        Ok(total / samples.len() as f64)
    }

    /// Mini-batch descent: one update from the mean gradient of `samples`. Returns their mean
    /// cost before the update.
    #[allow(non_snake_case)]
    pub fn mini_batch(&mut self, samples: &[Sample]) -> Result<f64, String> {
        let N = samples.len() as f64;
        let passes = samples.iter().map(|(x, y)| self.run(x, y)).collect::<Result<Vec<_>, _>>()?;
        for l in 0..self.w.len() {
            for j in 0..self.w[l].len() {
                for i in 0..self.w[l][j].len() {
                    /// w(l) → w(l) − (η/N) Σ_n δ(n,l) (a(n,l−1))ᵀ
                    let w_next = descend(self.w[l][j][i], self.eta / N, passes.iter().map(|p| p.delta[l][j] * p.a[l][i]).sum::<f64>());
                    self.w[l][j][i] = w_next;
                }
                /// b(l) → b(l) − (η/N) Σ_n δ(n,l)
                let b_next = descend(self.b[l][j], self.eta / N, passes.iter().map(|p| p.delta[l][j]).sum::<f64>());
                self.b[l][j] = b_next;
            }
        }
        Ok(passes.iter().map(|p| p.cost).sum::<f64>() / N)
    }

    /// The mean cost of `samples`, without updating.
    pub fn mean_cost(&self, samples: &[Sample]) -> Result<f64, String> {
        let costs = samples.iter().map(|(x, y)| self.run(x, y).map(|p| p.cost)).collect::<Result<Vec<_>, _>>()?;
        Ok(costs.iter().sum::<f64>() / costs.len() as f64)
    }

    /// `a(L)` for input `x` (a forward pass only).
    pub fn output(&self, x: &[f64]) -> Vec<f64> {
        let mut a = x.to_vec();
        for (l, (w, b)) in self.w.iter().zip(&self.b).enumerate() {
            let f = if l + 1 == self.w.len() { self.output } else { self.f };
            /// a(l) = f(w(l) a(l−1) + b(l))
            let a_l = w.iter().zip(b).map(|(row, b)| f.f(row.iter().zip(&a).map(|(w, a)| w * a).sum::<f64>() + b)).collect();
            a = a_l;
        }
        a
    }
}
