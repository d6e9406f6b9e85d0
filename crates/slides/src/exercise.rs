//! Deck 004's exercise, one sample by hand in f64, in the slides' layout: `w(l)` is
//! `[out, in]`, `z(l) = w(l) a(l−1) + b(l)`, `a(l) = f(z(l))` in every layer, the output too
//! (or another output activation, for the 2-D views' classifiers).
//! Any number of layers and widths; what the page's checker and `ann exercise` print.
use crate::parse::{self, Typed};
use crate::scalar::{Cost, F, cross_entropy_of_sigmoid};

/// A network of the exercise: weights, biases, `f`, the cost and `η`.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// `w[l − 1]` is `w(l)`, `[out, in]`.
    pub w: Vec<Vec<Vec<f64>>>,
    /// `b[l − 1]` is `b(l)`; zeros where none was typed.
    pub b: Vec<Vec<f64>>,
    pub f: F,
    /// The output layer's activation: `f` in the exercise.
    pub output: F,
    pub cost: Cost,
    pub eta: f64,
}

/// One forward pass, backward pass and update; index `l − 1` holds layer l unless noted.
#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    pub z: Vec<Vec<f64>>,
    /// `a[l]` is `a(l)` for l = 0..=L: `a(0) = x`.
    pub a: Vec<Vec<f64>>,
    pub delta: Vec<Vec<f64>>,
    /// `∂C/∂w(l)`, `[out, in]` like `w(l)`.
    pub dw: Vec<Vec<Vec<f64>>>,
    pub db: Vec<Vec<f64>>,
    pub w_after: Vec<Vec<Vec<f64>>>,
    pub b_after: Vec<Vec<f64>>,
    /// `C` before the update.
    pub cost: f64,
}

/// `m v` for `m` `[out, in]`.
fn times(m: &[Vec<f64>], v: &[f64]) -> Vec<f64> {
    m.iter().map(|row| row.iter().zip(v).map(|(w, v)| w * v).sum()).collect()
}

/// `mᵀ v` for `m` `[out, in]`: one entry per column.
fn transposed_times(m: &[Vec<f64>], v: &[f64]) -> Vec<f64> {
    (0..m[0].len()).map(|i| m.iter().zip(v).map(|(row, v)| row[i] * v).sum()).collect()
}

impl Exercise {
    /// The network of `typed`, checked: each `w(l+1)` takes `w(l)`'s outputs.
    pub fn new(typed: Vec<Typed>, f: F, cost: Cost, eta: f64) -> Result<Self, String> {
        if !eta.is_finite() {
            return Err("η is not a number".into());
        }
        for (l, pair) in typed.windows(2).enumerate() {
            let (rows, cols) = (pair[0].w.len(), pair[1].w[0].len());
            if rows != cols {
                let (l, next) = (l + 1, l + 2);
                return Err(format!("w{next} has {cols} columns but w{l} has {rows} rows: w{next} must take the {rows} outputs of layer {l}"));
            }
        }
        let b = typed.iter().map(|t| t.b.clone().unwrap_or_else(|| vec![0.0; t.w.len()])).collect();
        Ok(Self { w: typed.into_iter().map(|t| t.w).collect(), b, f, output: f, cost, eta })
    }

    /// The network from the page's text: matrices one per line, `f`, the cost and `η`.
    pub fn parse(w: &str, f: &str, cost: &str, eta: f64) -> Result<Self, String> {
        Self::new(parse::matrices(w)?, F::parse(f)?, Cost::parse(cost)?, eta)
    }

    /// The architecture, input first: `[2, 3, 1]` for deck 004's w¹, w².
    pub fn layers(&self) -> Vec<usize> {
        std::iter::once(self.w[0][0].len()).chain(self.w.iter().map(Vec::len)).collect()
    }

    /// The widths joined as the slides write an architecture: `2-3-1`.
    pub fn architecture(&self) -> String {
        self.layers().iter().map(usize::to_string).collect::<Vec<_>>().join("-")
    }

    /// Forward pass, backward pass and one update `w ← w − η ∂C/∂w` for input `x`, target `y`.
    #[allow(non_snake_case)]
    pub fn run(&self, x: &[f64], y: &[f64]) -> Result<Pass, String> {
        let L = self.w.len();
        let f = |l: usize| if l == L { self.output } else { self.f };
        let layers = self.layers();
        if x.len() != layers[0] {
            return Err(format!("x has {} numbers but w1 has {} columns", x.len(), layers[0]));
        }
        if y.len() != layers[L] {
            return Err(format!("y has {} numbers but w{L} has {} rows", y.len(), layers[L]));
        }
        let mut a = vec![x.to_vec()];
        let mut z = Vec::with_capacity(L);
        for l in 1..=L {
            /// z(l) = w(l) a(l−1) + b(l)
            let z_l: Vec<f64> = times(&self.w[l - 1], &a[l - 1]).iter().zip(&self.b[l - 1]).map(|(wa, b)| wa + b).collect();
            /// a(l) = f(z(l))
            let a_l = z_l.iter().map(|&z| f(l).f(z)).collect();
            z.push(z_l);
            a.push(a_l);
        }
        // Cross-entropy after a sigmoid: from z(L), where σ'(z) cancels ∇ₐC's a(1 − a), so that
        // an output rounded to 0 or 1 still has its cost and gradient.
        let sigmoid_cross_entropy = self.cost == Cost::CrossEntropy && self.output == F::Sigmoid;
        if self.cost == Cost::CrossEntropy
            && !sigmoid_cross_entropy
            && let Some((j, v)) = a[L].iter().enumerate().find(|(_, a)| !(**a > 0.0 && **a < 1.0))
        {
            return Err(format!("cross-entropy needs every output in (0, 1), but a({L})_{} = {v}: use f = sigmoid", j + 1));
        }
        let cost = if sigmoid_cross_entropy { cross_entropy_of_sigmoid(&z[L - 1], y) } else { self.cost.c(&a[L], y) };

        let mut delta = vec![Vec::new(); L];
        delta[L - 1] = if sigmoid_cross_entropy {
            /// δ(L) = ∇ₐC ⊙ σ'(z(L)) = a(L) − y
            let delta_L = a[L].iter().zip(y).map(|(a, y)| a - y).collect();
            delta_L
        } else {
            /// δ(L) = ∇ₐC ⊙ f'(z(L))
            let delta_L = self.cost.gradient(&a[L], y).iter().zip(&z[L - 1]).map(|(g, &z)| g * f(L).prime(z)).collect();
            delta_L
        };
        for l in (1..L).rev() {
            /// δ(l) = ((w(l+1))ᵀ δ(l+1)) ⊙ f'(z(l))
            let delta_l = transposed_times(&self.w[l], &delta[l]).iter().zip(&z[l - 1]).map(|(wd, &z)| wd * f(l).prime(z)).collect();
            delta[l - 1] = delta_l;
        }
        /// ∂C/∂w(l)_ji = a(l−1)_i δ(l)_j
        let dw: Vec<Vec<Vec<f64>>> = (1..=L).map(|l| delta[l - 1].iter().map(|d| a[l - 1].iter().map(|a| a * d).collect()).collect()).collect();
        /// ∂C/∂b(l)_j = δ(l)_j
        let db = delta.clone();
        let step = |p: &f64, g: &f64| crate::descent::descend(*p, self.eta, *g);
        /// w(l) ← w(l) − η ∂C/∂w(l)
        let w_after = self.w.iter().zip(&dw).map(|(w, g)| w.iter().zip(g).map(|(w, g)| w.iter().zip(g).map(|(w, g)| step(w, g)).collect()).collect()).collect();
        /// b(l) ← b(l) − η ∂C/∂b(l)
        let b_after = self.b.iter().zip(&db).map(|(b, g)| b.iter().zip(g).map(|(b, g)| step(b, g)).collect()).collect();
        let pass = Pass { z, a, delta, dw, db, w_after, b_after, cost };
        pass.check_finite()?;
        Ok(pass)
    }
}

impl Pass {
    /// An overflow (huge weights) named instead of shown as `inf` or `NaN`.
    fn check_finite(&self) -> Result<(), String> {
        let named = [("z", &self.z), ("δ", &self.delta), ("∂C/∂b", &self.db)];
        for (name, values) in named {
            for (l, v) in values.iter().enumerate() {
                if v.iter().any(|v| !v.is_finite()) {
                    return Err(format!("{name}({}) overflows: use smaller weights or inputs", l + 1));
                }
            }
        }
        if !self.cost.is_finite() || self.dw.iter().flatten().flatten().any(|v| !v.is_finite()) {
            return Err("the cost or a gradient overflows: use smaller weights or inputs".into());
        }
        Ok(())
    }
}

/// A student's answer `typed` against `value`, to 3 significant digits: right when it is
/// within half a unit of `value`'s third digit. `None` when nothing (or no number) is typed.
pub fn marks(typed: &str, value: f64) -> Option<bool> {
    let t: f64 = typed.trim().parse().ok().filter(|t: &f64| t.is_finite())?;
    if value == 0.0 {
        return Some(t == 0.0);
    }
    let unit = 10f64.powf(value.abs().log10().floor() - 2.0);
    Some((t - value).abs() <= 0.5 * unit * (1.0 + 1e-9))
}
