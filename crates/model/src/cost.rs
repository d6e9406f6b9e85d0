//! The costs: `E`, the batch cost the network is trained on (tensors), with the one-hot targets
//! it compares with; and `C`, one sample's cost, on plain numbers, for the slides' hand-sized
//! networks.
use burn::nn::loss::CrossEntropyLossConfig;
use burn::tensor::{Int, Tensor};

use crate::{Loss, Mlp};

/// `t`: one row per sample, 1 in the column of its class, 0 elsewhere.
pub fn one_hot(targets: Tensor<1, Int>, classes: usize) -> Tensor<2> {
    targets.one_hot(classes).float()
}

impl Mlp {
    /// The batch's cost `E`, averaged over its N samples:
    /// `E = (1/N) Σ_n Σ_k −t_nk ln y_nk` (softmax) or `E = (1/N) Σ_n ½ Σ_k (y_nk − t_nk)²` (sigmoid).
    ///
    /// The L2 term `(λ/2)‖W‖²` is not part of it: the optimizer adds its gradient `λW`.
    pub fn loss(&self, a3: Tensor<2>, targets: Tensor<1, Int>) -> Tensor<1> {
        match self.loss {
            Loss::CrossEntropy => CrossEntropyLossConfig::new().init(&a3.device()).forward(a3, targets),
            Loss::Quadratic => {
                let [n, k] = a3.dims();
                let t = one_hot(targets, k);
                let diff = self.output(a3) - t;
                (diff.clone() * diff).sum().mul_scalar(0.5 / n as f64).reshape([1])
            }
        }
    }
}

/// The cost `C` of one sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cost {
    /// `C = ½ Σ_j (y_j − a_j)²`
    Quadratic,
    /// `C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)]`: defined for outputs in (0, 1).
    CrossEntropy,
}

impl Cost {
    /// `quadratic` or `cross_entropy`.
    pub fn parse(name: &str) -> Result<Cost, String> {
        match name.trim() {
            "quadratic" => Ok(Cost::Quadratic),
            "cross_entropy" => Ok(Cost::CrossEntropy),
            other => Err(format!("unknown cost {other:?}: use quadratic or cross_entropy")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Cost::Quadratic => "quadratic",
            Cost::CrossEntropy => "cross_entropy",
        }
    }

    /// `C(a, y)` for the output `a` and the target `y`.
    pub fn c(self, a: &[f64], y: &[f64]) -> f64 {
        match self {
            /// C = ½ Σ_j (y_j − a_j)²
            Cost::Quadratic => a.iter().zip(y).map(|(a, y)| 0.5 * (y - a) * (y - a)).sum(),
            /// C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)]
            Cost::CrossEntropy => -a.iter().zip(y).map(|(a, y)| y * a.ln() + (1.0 - y) * (1.0 - a).ln()).sum::<f64>(),
        }
    }

    /// `∇ₐC`, one entry per output.
    pub fn gradient(self, a: &[f64], y: &[f64]) -> Vec<f64> {
        match self {
            /// ∂C/∂a_j = a_j − y_j
            Cost::Quadratic => a.iter().zip(y).map(|(a, y)| a - y).collect(),
            /// ∂C/∂a_j = (a_j − y_j) / (a_j (1 − a_j))
            Cost::CrossEntropy => a.iter().zip(y).map(|(a, y)| (a - y) / (a * (1.0 - a))).collect(),
        }
    }
}

/// `ln(1 + e^t)`, without overflow for large t.
fn softplus(t: f64) -> f64 {
    t.max(0.0) + (-t.abs()).exp().ln_1p()
}

/// The cross-entropy of sigmoid outputs `a = σ(z)`, from `z`: finite even where σ(z) rounds
/// to 0 or 1, since `−ln σ(z) = ln(1 + e^−z)` and `−ln(1 − σ(z)) = ln(1 + e^z)`.
pub fn cross_entropy_of_sigmoid(z: &[f64], y: &[f64]) -> f64 {
    /// C = −Σ_j [y_j ln σ(z_j) + (1 − y_j) ln(1 − σ(z_j))]
    let c = z.iter().zip(y).map(|(&z, y)| y * softplus(-z) + (1.0 - y) * softplus(z)).sum();
    c
}
