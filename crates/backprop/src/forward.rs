use ann_model::{Loss, sigmoid};
use burn::tensor::{Tensor, activation};

use crate::Net;

/// Every layer's values for one batch (rows are samples).
pub struct Forward {
    /// `x[l]` is `x(l)`: `x(0)` the input, then each hidden layer's activation; L entries.
    pub x: Vec<Tensor<2>>,
    /// `a[l − 1]` is `a(l)`, the pre-activation of layer l; L entries.
    pub a: Vec<Tensor<2>>,
    /// The output `y`: softmax or sigmoid of `a(L)`.
    pub y: Tensor<2>,
}

/// Runs `x(0)` through the network, keeping every `a(l)` and `x(l)`.
#[allow(non_snake_case)]
pub fn forward(net: &Net, x0: Tensor<2>) -> Forward {
    let mut x = vec![x0];
    let mut a = Vec::new();
    for l in 1..=net.L() {
        /// a(l) = x(l−1) W(l) + b(l)
        let a_l = x[l - 1].clone().matmul(net.W(l)) + net.b(l).unsqueeze_dim(0);
        if l < net.L() {
            /// x(l) = f(a(l))
            let x_l = net.f(a_l.clone());
            x.push(x_l);
        }
        a.push(a_l);
    }
    let a_L = a[net.L() - 1].clone();
    let y = match net.loss {
        /// y = softmax(a(L))
        Loss::CrossEntropy => activation::softmax(a_L, 1),
        /// y = σ(a(L))
        Loss::Quadratic => sigmoid(a_L),
    };
    Forward { x, a, y }
}
