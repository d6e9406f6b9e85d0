//! Manual gradients against burn's autodiff of the same `E_total`, on the same model and batch.
use ann_model::{Mlp, one_hot};
use burn::module::Module;
use burn::tensor::{Int, Tensor};

use crate::{E_total, Net, backward, forward};

/// One parameter's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `W(1)`, `b(1)`, …
    pub name: String,
    pub shape: Vec<usize>,
    pub max_abs_diff: f64,
    /// `max |Δ|` over the largest `|∂E_total/∂θ|` of the autodiff gradient of this tensor.
    pub max_rel_err: f64,
}

/// The per-parameter gradients `∂E_total/∂θ` from burn's autodiff, in `W(1), b(1), …` order.
///
/// `model` must live on an autodiff device; the cost is the one the Learner trains on
/// (`Mlp::loss`) plus `(λ/2) Σ_l ‖W(l)‖²`.
pub fn autodiff_gradients(model: &Mlp, x: Tensor<2>, targets: Tensor<1, Int>, lambda: f64) -> (f64, Vec<Vec<f64>>) {
    let device = model.fc1.weight.device();
    let (x, targets) = (x.to_device(&device), targets.to_device(&device));
    let mut e_total = model.loss(model.forward(x), targets);
    for layer in model.layers() {
        e_total = e_total + layer.weight.val().powi_scalar(2).sum() * (lambda / 2.0);
    }
    let grads = e_total.backward();
    let mut out = Vec::new();
    for layer in model.layers() {
        out.push(values(layer.weight.grad(&grads).expect("W has a gradient")));
        out.push(values(layer.bias.as_ref().unwrap().grad(&grads).expect("b has a gradient")));
    }
    (e_total.into_scalar::<f64>(), out)
}

/// The same gradients by the δ formulas, on the model's plain (non-autodiff) copy; `x` and
/// `targets` on that plain device.
pub fn manual_gradients(model: &Mlp, x: Tensor<2>, targets: Tensor<1, Int>, lambda: f64) -> (f64, Vec<Vec<f64>>) {
    let model = model.valid();
    let net = Net::of(&model);
    let k = net.W(net.L()).dims()[1];
    let t = one_hot(targets, k);
    let fwd = forward(&net, x);
    let g = backward(&net, &fwd, t, lambda);
    let mut out = Vec::new();
    for (dw, db) in g.dW.into_iter().zip(g.db) {
        out.push(values(dw));
        out.push(values(db));
    }
    (E_total(&net, g.E, lambda).into_scalar::<f64>(), out)
}

/// Compares the two on one batch: `x` `[N, D]` and `targets` `[N]` on the plain device,
/// `model` on its autodiff twin.
pub fn compare(model: &Mlp, x: Tensor<2>, targets: Tensor<1, Int>, lambda: f64) -> Vec<Row> {
    let (_, auto) = autodiff_gradients(model, x.clone(), targets.clone(), lambda);
    let (_, manual) = manual_gradients(model, x, targets, lambda);
    let shapes: Vec<Vec<usize>> = model
        .layers()
        .iter()
        .flat_map(|l| [l.weight.dims().to_vec(), l.bias.as_ref().unwrap().dims().to_vec()])
        .collect();
    auto.iter()
        .zip(&manual)
        .zip(shapes)
        .enumerate()
        .map(|(i, ((a, m), shape))| {
            let max_abs_diff = a.iter().zip(m).map(|(a, m)| (a - m).abs()).fold(0.0, f64::max);
            let scale = a.iter().fold(0.0f64, |s, v| s.max(v.abs()));
            let max_rel_err = if scale > 0.0 { max_abs_diff / scale } else { max_abs_diff };
            let name = format!("{}({})", if i % 2 == 0 { "W" } else { "b" }, i / 2 + 1);
            Row { name, shape, max_abs_diff, max_rel_err }
        })
        .collect()
}

/// A tensor's values as f64, whatever its float type.
pub fn values<const D: usize>(t: Tensor<D>) -> Vec<f64> {
    t.into_data().convert::<f64>().try_to_vec::<f64>().expect("converted to f64")
}
