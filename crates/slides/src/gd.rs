//! Deck 003's "The Gradient Descent in Action": `x(t+1) = x(t) − η f'(x(t))` on a one- and a
//! two-parameter cost, with momentum `v ← μ v + ∇C`, `w ← w − η v` (μ = 0: plain descent).

/// The cost surfaces of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// `C(w) = w²`: η < 1 converges, η = 1 oscillates for ever, η > 1 diverges.
    Parabola,
    /// `C(w) = ½(w₁² + 10 w₂²)`: a long valley, where η above 0.2 diverges across it.
    Valley,
}

impl Surface {
    pub fn parse(name: &str) -> Result<Surface, String> {
        match name {
            "parabola" => Ok(Surface::Parabola),
            "valley" => Ok(Surface::Valley),
            other => Err(format!("unknown cost {other:?}: use parabola or valley")),
        }
    }

    pub fn cost(self, w: &[f64]) -> f64 {
        match self {
            Surface::Parabola => w[0] * w[0],
            Surface::Valley => 0.5 * (w[0] * w[0] + 10.0 * w[1] * w[1]),
        }
    }

    /// The cost on a grid over `[lo, hi]` (parabola: `n` values) or `[lo, hi]²` (valley:
    /// `n`×`n`, row by row from the top), for drawing the surface under a path.
    pub fn grid(self, n: usize, lo: f64, hi: f64) -> Vec<f64> {
        let at = |k: usize| lo + (hi - lo) * k as f64 / (n.max(2) - 1) as f64;
        match self {
            Surface::Parabola => (0..n).map(|k| self.cost(&[at(k)])).collect(),
            Surface::Valley => (0..n).flat_map(|r| (0..n).map(move |c| self.cost(&[at(c), at(n - 1 - r)]))).collect(),
        }
    }

    /// `∇C(w)`.
    pub fn gradient(self, w: &[f64]) -> Vec<f64> {
        match self {
            Surface::Parabola => vec![2.0 * w[0]],
            Surface::Valley => vec![w[0], 10.0 * w[1]],
        }
    }
}

/// The steps taken: every `w(t)` from the start, its cost, and whether it ran away.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub w: Vec<Vec<f64>>,
    pub cost: Vec<f64>,
    pub diverged: bool,
}

/// Descends from `start` until the cost is below 1e-8, or it passes 1e6 (diverged), or after
/// `max_steps` steps.
pub fn descend(surface: Surface, start: &[f64], eta: f64, mu: f64, max_steps: usize) -> Path {
    let mut w = start.to_vec();
    let mut v = vec![0.0; w.len()];
    let mut path = Path { w: vec![w.clone()], cost: vec![surface.cost(&w)], diverged: false };
    for _ in 0..max_steps {
        let c = *path.cost.last().unwrap();
        if c < 1e-8 {
            break;
        }
        if c.is_nan() || c >= 1e6 {
            path.diverged = true;
            break;
        }
        let g = surface.gradient(&w);
        for i in 0..w.len() {
            /// v ← μ v + ∂C/∂w
            let v_next = mu * v[i] + g[i];
            v[i] = v_next;
            /// w(t+1) = w(t) − η v
            let w_next = crate::descent::descend(w[i], eta, v[i]);
            w[i] = w_next;
        }
        path.w.push(w.clone());
        path.cost.push(surface.cost(&w));
    }
    let last = *path.cost.last().unwrap();
    path.diverged |= last.is_nan() || last >= 1e6;
    path
}
