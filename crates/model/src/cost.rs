//! The cost `E` the network is trained on, and the one-hot targets it compares with.
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
