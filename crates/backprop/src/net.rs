use ann_model::{Activation, Loss, Mlp};
use burn::nn::Linear;
use burn::tensor::Tensor;

/// A network as the slides write it: layers l = 1..=L, each `a(l) = x(l−1) W(l) + b(l)`,
/// hidden activation `f`, and the output/cost pair. Works for any number of layers and sizes.
///
/// `W(l)` is `[in, out]`, burn's layout: the slides' `[out, in]` matrix transposed.
pub struct Net<'a> {
    pub layers: Vec<&'a Linear>,
    pub f: Activation,
    pub loss: Loss,
}

#[allow(non_snake_case)]
impl<'a> Net<'a> {
    /// The network of an `Mlp`: the very same parameters.
    pub fn of(model: &'a Mlp) -> Self {
        Self { layers: model.layers().to_vec(), f: model.activation, loss: model.loss }
    }

    /// Number of layers L.
    pub fn L(&self) -> usize {
        self.layers.len()
    }

    /// `W(l)`, l in 1..=L.
    pub fn W(&self, l: usize) -> Tensor<2> {
        self.layers[l - 1].weight.val()
    }

    /// `b(l)`, l in 1..=L.
    pub fn b(&self, l: usize) -> Tensor<1> {
        self.layers[l - 1].bias.as_ref().expect("the slides' layers all have biases").val()
    }

    /// `x(l) = f(a(l))` for a hidden layer.
    pub fn f(&self, a: Tensor<2>) -> Tensor<2> {
        self.f.apply(a)
    }

    /// `f'` written through `x = f(a)`, as the slides do: ReLU `1 if x > 0 else 0`,
    /// sigmoid `x(1 − x)`, tanh `1 − x²`.
    pub fn f_prime(&self, x: &Tensor<2>) -> Tensor<2> {
        self.f.prime_of_output(x.clone())
    }
}
