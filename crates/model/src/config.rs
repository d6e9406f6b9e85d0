use burn::tensor::{Tensor, activation};
use serde::{Deserialize, Serialize};

/// The activation `f` (deck 000 uses ReLU; deck 004's slides "Activation functions" also
/// sigmoid, tanh and the linear `f(z) = z`). The one definition: the network applies it to
/// tensors, the slides' hand-sized networks to single numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    #[default]
    Relu,
    Sigmoid,
    Tanh,
    Linear,
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
            Activation::Linear => a,
        }
    }

    /// `f'` written through `x = f(a)`, as the slides do: ReLU `1 if x > 0 else 0`, sigmoid
    /// `x(1 − x)`, tanh `1 − x²`, linear 1.
    pub fn prime_of_output<const D: usize>(self, x: Tensor<D>) -> Tensor<D> {
        match self {
            Activation::Relu => x.greater_elem(0.0).float(),
            Activation::Sigmoid => x.clone() * (x.neg() + 1.0),
            Activation::Tanh => (x.clone() * x).neg() + 1.0,
            Activation::Linear => x.ones_like(),
        }
    }

    /// `f(z)` of one number.
    pub fn f(self, z: f64) -> f64 {
        match self {
            /// σ(z) = 1/(1 + e^−z)
            Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
            /// tanh(z) = (e^z − e^−z)/(e^z + e^−z)
            Activation::Tanh => z.tanh(),
            /// f(z) = max(0, z)
            Activation::Relu => z.max(0.0),
            /// f(z) = z
            Activation::Linear => z,
        }
    }

    /// `f'(z)` of one number; ReLU's slope at the kink z = 0 is taken as 0, as burn's is.
    pub fn prime(self, z: f64) -> f64 {
        match self {
            // Both written without `1 − f(z)`, which loses every digit once f(z) rounds near 1.
            /// σ'(z) = σ(z)(1 − σ(z)) = σ(z) σ(−z)
            Activation::Sigmoid => self.f(z) * self.f(-z),
            /// tanh'(z) = 1 − tanh²(z) = 1/cosh²(z)
            Activation::Tanh => 1.0 / (z.cosh() * z.cosh()),
            /// f'(z) = 1 if z > 0 else 0
            Activation::Relu => f64::from(u8::from(z > 0.0)),
            /// f'(z) = 1
            Activation::Linear => 1.0,
        }
    }

    pub const ALL: [Activation; 4] = [Activation::Relu, Activation::Sigmoid, Activation::Tanh, Activation::Linear];

    /// The activation of a config's name (`relu`, `sigmoid`, `tanh`, `linear`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }

    /// [`Activation::from_name`], with a message naming the choices.
    pub fn parse(name: &str) -> Result<Self, String> {
        Self::from_name(name.trim()).ok_or_else(|| format!("unknown activation {name:?}: use relu, sigmoid, tanh or linear"))
    }

    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Linear => "linear",
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

/// Inputs of the network: one per pixel of a 28×28 picture.
pub const INPUTS: usize = 784;
/// At most this many classes: labels are bytes.
pub const MAX_CLASSES: usize = 256;

/// A value out of its range: the key (as a config file names it), the value, what is allowed.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub key: &'static str,
    pub value: String,
    pub allowed: String,
}

impl Invalid {
    pub fn new(key: &'static str, value: impl std::fmt::Display, allowed: impl Into<String>) -> Self {
        Self { key, value: value.to_string(), allowed: allowed.into() }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` = {} is out of range: {}", self.key, self.value, self.allowed)
    }
}

/// The trainable parameters of a `layers` list (input first): `Σ_l (n(l−1) n(l) + n(l))`,
/// 266,610 for the slides' 784-300-100-10.
pub fn parameters(layers: &[usize]) -> usize {
    layers.windows(2).map(|w| w[0] * w[1] + w[1]).sum()
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
            true => crate::digit_names(self.layers[3]),
            false => self.classes.clone(),
        }
    }

    /// The first value out of its range, if any: the one check of a `[model]` table, for
    /// config files and the page alike.
    pub fn invalid(&self) -> Option<Invalid> {
        let layers = self.layers;
        let bad = |allowed: &str| Some(Invalid::new("model.layers", format!("{layers:?}"), allowed));
        if layers[0] != INPUTS {
            return bad("the first layer must be 784 (28×28 pixels)");
        }
        if layers.contains(&0) {
            return bad("every layer needs at least 1 unit");
        }
        if layers[3] < 2 || layers[3] > MAX_CLASSES {
            return bad("the last layer (one unit per class) must be 2 to 256");
        }
        if !self.classes.is_empty() && self.classes.len() != layers[3] {
            let allowed = format!("must name each of the {} output units of model.layers {layers:?}", layers[3]);
            return Some(Invalid::new("model.classes", format!("{} names", self.classes.len()), allowed));
        }
        None
    }

    /// Number of trainable parameters ([`parameters`]).
    pub fn num_params(&self) -> usize {
        parameters(&self.layers)
    }
}
