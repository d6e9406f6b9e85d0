use ann_model::Loss;
use burn::tensor::{Tensor, activation};

use crate::{Forward, Net};

/// `∂E_total/∂W(l)` and `∂E_total/∂b(l)` for l = 1..=L (index l − 1).
#[allow(non_snake_case)]
pub struct Gradients {
    pub dW: Vec<Tensor<2>>,
    pub db: Vec<Tensor<1>>,
    /// `E` of the batch (without the L2 term), as a one-element tensor.
    pub E: Tensor<1>,
    /// `δ(l)` for l = 1..=L (index l − 1), each `[N, width of layer l]`, already divided by N.
    pub delta: Vec<Tensor<2>>,
}

/// `E_total = E + (λ/2) Σ_l ‖W(l)‖²` for the batch cost `E`. Not part of [`backward`]:
/// training needs only its gradient, and the norms cost a pass over every weight.
#[allow(non_snake_case, clippy::let_and_return)]
pub fn E_total(net: &Net, E: Tensor<1>, lambda: f64) -> Tensor<1> {
    let W_norms = (1..=net.L()).map(|l| net.W(l).powi_scalar(2).sum()).reduce(|s, w| s + w).unwrap();
    /// E_total = E + (λ/2) Σ_l ‖W(l)‖²
    let E_total = E + W_norms * (lambda / 2.0);
    E_total
}

/// The slides' BP step for targets `t` (one-hot rows) and L2 weight `λ`.
#[allow(non_snake_case)]
pub fn backward(net: &Net, fwd: &Forward, t: Tensor<2>, lambda: f64) -> Gradients {
    let L = net.L();
    let N = t.dims()[0] as f64;
    let y = fwd.y.clone();

    let E = match net.loss {
        /// E = (1/N) Σ_n Σ_k −t_nk ln y_nk   (ln y through log-softmax, which cannot underflow)
        Loss::CrossEntropy => (t.clone() * activation::log_softmax(fwd.a[L - 1].clone(), 1)).sum().neg() / N,
        /// E = (1/N) Σ_n ½ Σ_k (y_nk − t_nk)²
        Loss::Quadratic => (y.clone() - t.clone()).powi_scalar(2).sum() * (0.5 / N),
    };

    let mut delta = match net.loss {
        /// δ(L) = y − t
        Loss::CrossEntropy => y - t,
        /// δ(L) = (a − t) ⊙ f'(z(L)), with σ'(z) = y(1 − y)
        Loss::Quadratic => (y.clone() - t) * (y.clone() * (y.neg() + 1.0)),
    };
    // The batch mean's 1/N, applied once to the [N, K] δ(L) instead of to every ∂E/∂W(l) and
    // ∂E/∂b(l): the δs are linear in δ(L), so every gradient below carries it.
    delta = delta / N;
    let mut dW = Vec::with_capacity(L);
    let mut db = Vec::with_capacity(L);
    let mut deltas = Vec::with_capacity(L);
    for l in (1..=L).rev() {
        /// ∂E/∂W(l) = x(l−1)ᵀ δ(l)   (the batch's 1/N is in δ(l))
        let dE_dW_l = fwd.x[l - 1].clone().transpose().matmul(delta.clone());
        /// ∂E_total/∂W(l) = ∂E/∂W(l) + λ W(l)   (λ = 0: left to the update, [`crate::Sgd`])
        let dW_l = if lambda == 0.0 { dE_dW_l } else { dE_dW_l + net.W(l) * lambda };
        /// ∂E_total/∂b(l) = Σ_n δ(l)_n   (the batch's 1/N is in δ(l))
        let db_l = delta.clone().sum_dim(0).squeeze_dim(0);
        dW.push(dW_l);
        db.push(db_l);
        deltas.push(delta.clone());
        if l > 1 {
            /// δ(l) = δ(l+1) W(l+1)ᵀ ⊙ f'(x(l)), one layer down: δ(l−1) from δ(l)
            let delta_below = delta.matmul(net.W(l).transpose()) * net.f_prime(&fwd.x[l - 1]);
            delta = delta_below;
        }
    }
    dW.reverse();
    db.reverse();
    deltas.reverse();
    Gradients { dW, db, E, delta: deltas }
}
