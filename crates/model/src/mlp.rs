use burn::module::Module;
use burn::nn::{Initializer, Linear};
use burn::tensor::{Device, Tensor, activation};

use crate::{Activation, BiasInit, GradientProbe, Loss, ModelConfig, sigmoid};

/// `x(0) → a(1) → x(1) → a(2) → x(2) → a(3) → y`, with `x(l) = f(a(l))` and `y = softmax(a(3))`.
///
/// burn's `Linear` stores `W` as `[in, out]` and computes `a = x W + b`: the slides' `W(l)`
/// (`[out, in]`) transposed.
#[derive(Module, Debug)]
pub struct Mlp {
    pub fc1: Linear,
    pub fc2: Linear,
    pub fc3: Linear,
    #[module(skip)]
    pub activation: Activation,
    #[module(skip)]
    pub loss: Loss,
    /// Where burn's Learner puts the gradient sizes it measures (see [`GradientProbe`]).
    #[module(skip)]
    pub probe: GradientProbe,
}

/// Xavier-uniform's bound √(6/(m+n)) for a layer of `fan_in` inputs and `fan_out` units: its
/// weights are drawn uniform on (−bound, +bound). burn's `XavierUniform` draws the same.
pub fn xavier_bound(fan_in: usize, fan_out: usize) -> f64 {
    (6.0 / (fan_in + fan_out) as f64).sqrt()
}

impl Mlp {
    /// Builds the network with Xavier-uniform weights on (−[`xavier_bound`], +[`xavier_bound`]).
    pub fn new(config: &ModelConfig, device: &Device) -> Self {
        let [d, m, n, k] = config.layers;
        let layer = |fan_in: usize, fan_out: usize| {
            let xavier = Initializer::XavierUniform { gain: 1.0 };
            let bias = match config.bias_init {
                BiasInit::Zeros => Initializer::Zeros.init([fan_out], device),
                BiasInit::Xavier => xavier.init_with([fan_out], Some(fan_in), Some(fan_out), device),
            };
            let weight = xavier.init_with([fan_in, fan_out], Some(fan_in), Some(fan_out), device);
            // Parameters are drawn lazily; touch them now so the draw order, and thus the
            // weights for a given seed, never depends on which code reads them first.
            let _ = (weight.val(), bias.val());
            Linear { weight, bias: Some(bias) }
        };
        Self::from_layers([layer(d, m), layer(m, n), layer(n, k)], config.activation, config.loss)
    }

    /// The network of three given layers, input side first.
    pub fn from_layers([fc1, fc2, fc3]: [Linear; 3], activation: Activation, loss: Loss) -> Self {
        Self { fc1, fc2, fc3, activation, loss, probe: GradientProbe::default() }
    }

    /// The three layers, input side first.
    pub fn layers(&self) -> [&Linear; 3] {
        [&self.fc1, &self.fc2, &self.fc3]
    }

    /// The three layers, input side first, to be changed in place.
    pub fn layers_mut(&mut self) -> [&mut Linear; 3] {
        [&mut self.fc1, &mut self.fc2, &mut self.fc3]
    }

    /// The output layer's pre-activation `a(3)` (logits) for a batch `x` of shape `[N, 784]`.
    pub fn forward(&self, x: Tensor<2>) -> Tensor<2> {
        let x1 = self.activation.apply(self.fc1.forward(x));
        let x2 = self.activation.apply(self.fc2.forward(x1));
        self.fc3.forward(x2)
    }

    /// The output layer: `y = softmax(a(3))` with cross-entropy, `y = σ(a(3))` with the quadratic cost.
    pub fn output(&self, a3: Tensor<2>) -> Tensor<2> {
        match self.loss {
            Loss::CrossEntropy => activation::softmax(a3, 1),
            Loss::Quadratic => sigmoid(a3),
        }
    }

    /// `y` for a batch: one score per class (with softmax, each row sums to 1).
    pub fn probabilities(&self, x: Tensor<2>) -> Tensor<2> {
        self.output(self.forward(x))
    }
}
