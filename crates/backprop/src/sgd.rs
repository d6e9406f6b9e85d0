use ann_model::{Mlp, one_hot};
use burn::module::Param;
use burn::nn::Linear;
use burn::tensor::{Int, Tensor};

use crate::{Gradients, Net, backward, forward, update};

/// The slides' update `W ← W − η ∂E_total/∂W`, `b ← b − η ∂E_total/∂b`, with optional
/// momentum `v ← μ v + g`, `W ← W − η v` (μ = 0: plain gradient descent).
pub struct Sgd {
    pub eta: f64,
    pub mu: f64,
    /// Each layer's velocity `(v_W, v_b)`; empty before the first step with μ > 0.
    velocity: Vec<(Option<Tensor<2>>, Option<Tensor<1>>)>,
}

/// What one step of the BP algorithm saw of its batch.
#[allow(non_snake_case)]
pub struct Step {
    /// `E` of the batch (without the L2 term), as a one-element tensor.
    pub E: Tensor<1>,
    /// The output `y` before the update.
    pub y: Tensor<2>,
    /// mean |∂E/∂W(l)| for l = 1..=L, without the L2 term (as autodiff gives it), when asked for.
    pub gradient_size: Option<Vec<f64>>,
}

impl Sgd {
    pub fn new(eta: f64, mu: f64) -> Self {
        Self { eta, mu, velocity: Vec::new() }
    }

    /// One step of the slides' BP algorithm on a batch `x(0)` with true classes `targets`:
    /// forward pass, δ formulas, then the update of `model` in place.
    #[allow(non_snake_case)]
    pub fn learn(&mut self, model: &mut Mlp, x0: Tensor<2>, targets: Tensor<1, Int>, lambda: f64, measure: bool) -> Step {
        let net = Net::of(model);
        let fwd = forward(&net, x0);
        let K = fwd.y.dims()[1];
        // λ = 0 here: the update adds λ W(l) to ∂E/∂W(l) in its one pass over the weights,
        // rather than two passes of its own (a multiply and an add) in the backward pass.
        let g = backward(&net, &fwd, one_hot(targets, K), 0.0);
        let size = |dW: &Tensor<2>| dW.clone().abs().mean().into_scalar::<f64>();
        let gradient_size = measure.then(|| g.dW.iter().map(size).collect());
        let (E, y) = (g.E.clone(), fwd.y);
        drop(net);
        self.step(model.layers_mut(), g, lambda);
        Step { E, y, gradient_size }
    }

    /// Applies one step to `layers` (input side first), in place, from the gradients
    /// ∂E/∂W(l) of [`backward`] with λ = 0: the L2 term λ W(l) of ∂E_total/∂W(l) is added
    /// here, to the weights' gradients only.
    #[allow(non_snake_case)]
    pub fn step<'a>(&mut self, layers: impl IntoIterator<Item = &'a mut Linear>, grads: Gradients, lambda: f64) {
        let (eta, mu) = (self.eta, self.mu);
        for (l, (layer, (dW, db))) in layers.into_iter().zip(grads.dW.into_iter().zip(grads.db)).enumerate() {
            if self.velocity.len() <= l {
                self.velocity.push((None, None));
            }
            let (vW, vb) = &mut self.velocity[l];
            update_param(&mut layer.weight, |W| {
                let (W, v) = update(W, dW, vW.take(), eta, mu, lambda);
                *vW = v;
                W
            });
            let bias = layer.bias.as_mut().expect("the slides' layers all have biases");
            update_param(bias, |b| {
                let (b, v) = update(b, db, vb.take(), eta, mu, 0.0);
                *vb = v;
                b
            });
        }
    }
}

/// Replaces a parameter's value by `f(value)`, the value moved out first so that nothing else
/// holds its memory and the update can write into it.
fn update_param<const D: usize>(param: &mut Param<Tensor<D>>, f: impl FnOnce(Tensor<D>) -> Tensor<D>) {
    let placeholder = Param::from_tensor(Tensor::empty([0; D], &param.lazy_device()));
    let (id, value, mapper) = std::mem::replace(param, placeholder).consume();
    *param = Param::from_mapped_value(id, f(value), mapper);
}
