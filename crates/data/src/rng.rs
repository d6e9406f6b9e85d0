//! splitmix64: a small seeded generator that gives the same numbers on every platform and in
//! the browser. The distortions draw from it, and so do the slides' hand-sized networks and
//! point clouds, so a seed means one thing everywhere.

/// 2⁶⁴/φ: splitmix64's step, and the multiplier that spreads an epoch's (or a sample's)
/// number over the seed's bits.
pub const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The generator's state; each draw advances it.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Uniform on `[0, 1)`, from the top 53 bits.
    pub fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform on `[lo, hi)`.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_repeat_by_seed_and_fill_the_interval() {
        let draw = |seed| {
            let mut rng = SplitMix::new(seed);
            (0..1000).map(|_| rng.uniform(-2.0, 3.0)).collect::<Vec<_>>()
        };
        let (a, b) = (draw(7), draw(8));
        assert_eq!(a, draw(7));
        assert_ne!(a, b);
        assert!(a.iter().all(|v| (-2.0..3.0).contains(v)));
        let mean = a.iter().sum::<f64>() / a.len() as f64;
        assert!((mean - 0.5).abs() < 0.15, "mean {mean}");
        // splitmix64's first output for seed 0, as its reference implementation gives it.
        let mut zero = SplitMix::new(0);
        assert_eq!(zero.unit(), (0xE220_A839_7B1D_CDAFu64 >> 11) as f64 / (1u64 << 53) as f64);
    }
}
