//! Seeded starting networks for the 2-D views: the same seed gives the same network in the
//! page, in `ann` and in the tests.
use crate::Exercise;
use crate::scalar::{Cost, F};

/// splitmix64: small, seeded, the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Uniform on `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        lo + (hi - lo) * ((z >> 11) as f64 / (1u64 << 53) as f64)
    }
}

impl Exercise {
    /// Deck 000's Xavier initialisation: each `w(l)` uniform on (−√(6/(m+n)), +√(6/(m+n)))
    /// for its m rows and n columns, biases zero. `layers` input first.
    pub fn xavier(layers: &[usize], f: F, output: F, cost: Cost, eta: f64, seed: u64) -> Exercise {
        let mut rng = Rng::new(seed);
        let w = layers
            .windows(2)
            .map(|p| {
                let (n, m) = (p[0], p[1]);
                let bound = (6.0 / (m + n) as f64).sqrt();
                (0..m).map(|_| (0..n).map(|_| rng.uniform(-bound, bound)).collect()).collect()
            })
            .collect();
        let b = layers[1..].iter().map(|&m| vec![0.0; m]).collect();
        Exercise { w, b, f, output, cost, eta }
    }
}
