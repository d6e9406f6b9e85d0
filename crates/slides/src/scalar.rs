//! One number at a time, in f64: the activation functions of deck 004 and their derivatives,
//! and the two costs of its exercise. The small views of the slides page (a neuron, a
//! plot, a hand-sized network) are exact in f64 this way, where burn's f32 page network is not.

/// The activation `f` of deck 004's slides "Activation functions": the network's own
/// [`ann_model::Activation`], whose `f` and `prime` take single numbers.
pub use ann_model::Activation as F;

/// The costs of one sample, `C(a, y)`, and the cross-entropy of sigmoid outputs taken from `z`:
/// the network's own, beside the batch cost `E` it trains on.
pub use ann_model::{Cost, cross_entropy_of_sigmoid};
