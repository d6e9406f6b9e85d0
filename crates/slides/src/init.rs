//! Seeded starting networks for the 2-D views: the same seed gives the same network in the
//! page, in `ann` and in the tests.
use crate::Exercise;
use crate::scalar::{Cost, F};

pub use ann_data::rng::SplitMix as Rng;

impl Exercise {
    /// Deck 000's Xavier initialisation: each `w(l)` uniform on (−√(6/(m+n)), +√(6/(m+n)))
    /// for its m rows and n columns, biases zero. `layers` input first.
    pub fn xavier(layers: &[usize], f: F, output: F, cost: Cost, eta: f64, seed: u64) -> Exercise {
        let mut rng = Rng::new(seed);
        let w = layers
            .windows(2)
            .map(|p| {
                let (n, m) = (p[0], p[1]);
                let bound = ann_model::xavier_bound(n, m);
                (0..m).map(|_| (0..n).map(|_| rng.uniform(-bound, bound)).collect()).collect()
            })
            .collect();
        let b = layers[1..].iter().map(|&m| vec![0.0; m]).collect();
        Exercise { w, b, f, output, cost, eta }
    }
}
