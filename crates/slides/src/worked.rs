//! The small worked examples of the decks, in f64, each with any numbers a student types:
//! deck 004's softmax table, circuit, `f = x y`, Hadamard product and neuron; deck 000's chain
//! rule, uniform output's cost, parameter count and toy training table.
use crate::Sample;

/// Deck 004's softmax table: `e^z`, `Σ e^z` and `softmax(z)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Softmax {
    pub e: Vec<f64>,
    pub sum: f64,
    pub y: Vec<f64>,
}

pub fn softmax(z: &[f64]) -> Softmax {
    let e: Vec<f64> = z.iter().map(|z| z.exp()).collect();
    let sum: f64 = e.iter().sum();
    /// f(z_j) = e^{z_j} / Σ_i e^{z_i}
    let y = e.iter().map(|e| e / sum).collect();
    Softmax { e, sum, y }
}

/// Deck 004's circuit `f = (x + y) z = q z`: forward values and backward gradients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Circuit {
    pub q: f64,
    pub f: f64,
    /// `∂f/∂q`, the gradient on the wire between the gates.
    pub dq: f64,
    pub dx: f64,
    pub dy: f64,
    pub dz: f64,
}

pub fn circuit(x: f64, y: f64, z: f64) -> Circuit {
    /// q = x + y
    let q = x + y;
    /// f = q z
    let f = q * z;
    // Backward: the add gate passes ∂f/∂q on unchanged, the multiply gate swaps its inputs.
    /// ∂f/∂q = z, ∂f/∂z = q
    let (dq, dz) = (z, q);
    /// ∂f/∂x = ∂f/∂q · ∂q/∂x = ∂f/∂q · 1
    let dx = dq * 1.0;
    /// ∂f/∂y = ∂f/∂q · ∂q/∂y = ∂f/∂q · 1
    let dy = dq * 1.0;
    Circuit { q, f, dq, dx, dy, dz }
}

/// Deck 004's `f = x y` and its gradient `∇f = (∂f/∂x, ∂f/∂y) = (y, x)`.
pub fn product(x: f64, y: f64) -> (f64, [f64; 2]) {
    (x * y, [y, x])
}

/// Deck 004's Hadamard product `[1, 2] ⊙ [3, 4] = [3, 8]`; `None` when the lengths differ.
pub fn hadamard(a: &[f64], b: &[f64]) -> Option<Vec<f64>> {
    /// (a ⊙ b)_j = a_j b_j
    (a.len() == b.len()).then(|| a.iter().zip(b).map(|(a, b)| a * b).collect())
}

/// Deck 004's neuron `a = f(b + Σ_i x_i w_i)`: the weighted sum `Σ x_i w_i`, `z` and `a`.
pub fn neuron(x: &[f64], w: &[f64], b: f64, f: crate::scalar::F) -> (f64, f64, f64) {
    let sum: f64 = x.iter().zip(w).map(|(x, w)| x * w).sum();
    /// z = b + Σ_i x_i w_i
    let z = b + sum;
    /// a = f(z)
    let a = f.f(z);
    (sum, z, a)
}

/// Deck 000's chain rule for `f(x) = p x + q`, `g(x) = r x + s`: `f(x)`, `g(f(x))` and
/// `(g∘f)'(x) = g'(f(x)) f'(x)`; 6 for the slide's p, q, r, s = 2, 2, 3, 3.
pub fn chain_rule(x: f64, [p, q, r, s]: [f64; 4]) -> (f64, f64, f64) {
    let f = p * x + q;
    let g = r * f + s;
    let (f_prime, g_prime_at_f) = (p, r);
    /// (g∘f)'(x) = g'(f(x)) f'(x)
    let slope = g_prime_at_f * f_prime;
    (f, g, slope)
}

/// Deck 000's cost of a uniform output `y_k = 1/K` over K classes, whatever the one-hot
/// target: `E = −Σ_k t_k ln y_k = −ln(1/K)`, `−ln 0.1 ≈ 2.302585` for K = 10.
#[allow(clippy::let_and_return)]
pub fn uniform_cost(k: usize) -> f64 {
    let y = 1.0 / k as f64;
    /// E = −Σ_k t_k ln y_k, one t_k = 1
    let e = -y.ln();
    e
}

pub use ann_model::parameters;

/// Deck 000's "Training of NN" table: inputs (x1, x2, x3) → labels (l1, l2), learned with
/// `E = ½[(o1 − l1)² + (o2 − l2)²]`.
pub fn toy_table() -> Vec<Sample> {
    let rows = [([1.0, 0.1, 0.3], [1.0, 0.0]), ([0.1, 1.5, 1.2], [1.0, 0.0]), ([1.1, 1.1, 2.0], [0.0, 1.0]), ([0.2, 0.2, 0.3], [0.0, 1.0])];
    rows.into_iter().map(|(x, l)| (x.to_vec(), l.to_vec())).collect()
}
