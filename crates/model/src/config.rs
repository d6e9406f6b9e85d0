use burn::tensor::{Tensor, activation};
use serde::{Deserialize, Serialize};

/// Hidden-layer activation `f` (deck 000 uses ReLU; decks 003/004 also cover sigmoid and tanh).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    #[default]
    Relu,
    Sigmoid,
    Tanh,
}

/// `σ(z) = 1/(1 + e^−z)`, computed as `½(1 + tanh(z/2))`: the same function, stable for any
/// z, and in full precision on an f64 device (burn 0.22's own `sigmoid` rounds through f32).
pub fn sigmoid<const D: usize>(z: Tensor<D>) -> Tensor<D> {
    (z.mul_scalar(0.5).tanh() + 1.0).mul_scalar(0.5)
}

impl Activation {
    /// `f(a)`, element-wise.
    pub fn apply<const D: usize>(self, a: Tensor<D>) -> Tensor<D> {
        match self {
            Activation::Relu => activation::relu(a),
            Activation::Sigmoid => sigmoid(a),
            Activation::Tanh => a.tanh(),
        }
    }

    pub const ALL: [Activation; 3] = [Activation::Relu, Activation::Sigmoid, Activation::Tanh];

    /// The activation of a config's name (`relu`, `sigmoid`, `tanh`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
        }
    }
}

/// How biases start: the slides set them to zero; `xavier` draws them like the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BiasInit {
    #[default]
    Zeros,
    Xavier,
}

/// The cost and the output layer it pairs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Softmax output, `E = (1/N) Σ_n Σ_k −t_nk ln y_nk` (deck 000).
    #[default]
    CrossEntropy,
    /// Sigmoid output, `C = ½ Σ_j (y_j − t_j)²` averaged over the batch (decks 003/004).
    Quadratic,
}

impl Loss {
    pub const ALL: [Loss; 2] = [Loss::CrossEntropy, Loss::Quadratic];

    /// The cost of a config's name (`cross_entropy`, `quadratic`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Loss::CrossEntropy => "cross_entropy",
            Loss::Quadratic => "quadratic",
        }
    }
}

/// The `[model]` table of a config file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelConfig {
    /// Layer widths D, M, N, K: input, hidden 1, hidden 2, output.
    pub layers: [usize; 4],
    pub activation: Activation,
    pub bias_init: BiasInit,
    /// The cost; it fixes the output layer (softmax or sigmoid).
    pub loss: Loss,
    /// Output unit k's class name. Written by `ann train` from the data (absent: the digits
    /// 0..K−1), so a saved run names its answers without the data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<String>,
}

impl Default for ModelConfig {
    fn default() -> Self {
        Self {
            layers: [784, 300, 100, 10],
            activation: Activation::Relu,
            bias_init: BiasInit::Zeros,
            loss: Loss::CrossEntropy,
            classes: Vec::new(),
        }
    }
}

impl ModelConfig {
    /// The name of each output unit: `classes`, or the unit's index (MNIST's digits).
    pub fn class_names(&self) -> Vec<String> {
        match self.classes.is_empty() {
            true => (0..self.layers[3]).map(|k| k.to_string()).collect(),
            false => self.classes.clone(),
        }
    }

    /// Number of trainable parameters: Σ (fan_in · fan_out + fan_out).
    pub fn num_params(&self) -> usize {
        self.layers.windows(2).map(|w| w[0] * w[1] + w[1]).sum()
    }
}
