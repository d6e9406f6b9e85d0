//! The data order of a run, the same wherever it trains (`ann train`'s loader and the page):
//! which images validate, and in which order each epoch serves the rest. Browser-clean.
use std::ops::Range;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// The item order of `epoch` (from 1) over `n` items: a permutation drawn from a generator
/// seeded by (seed, epoch), so a resumed run sees the batches the uninterrupted run would have.
pub fn epoch_order(n: usize, seed: u64, epoch: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    shuffle(&mut order, epoch_stream(seed, epoch));
    order
}

/// The seed of `epoch`'s draws (its order, its distortions) from the run's seed.
pub fn epoch_stream(seed: u64, epoch: usize) -> u64 {
    seed ^ (epoch as u64).wrapping_mul(crate::rng::GOLDEN)
}

/// `items` in a random order drawn from `seed` (Fisher–Yates).
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    items.shuffle(&mut StdRng::seed_from_u64(seed));
}

/// The training and validation images of `n`: validation is the last `valid_fraction` of them
/// (rounded); `None` if that leaves no image for one of the two.
pub fn split(n: usize, valid_fraction: f64) -> Option<(Range<usize>, Range<usize>)> {
    let n_valid = ((n as f64) * valid_fraction).round() as usize;
    (n_valid > 0 && n_valid < n).then(|| (0..n - n_valid, n - n_valid..n))
}

/// A labelled folder's pictures (`labels`, in file order) split per class into training and
/// test, as `ann train --data-dir` splits a folder without `test/`: of each class's pictures,
/// `test_fraction` (rounded, at least one, never all) drawn from `seed` are tested on. Gives
/// indices: training in the order drawn, class by class; test in file order.
pub fn split_per_class(labels: &[u8], classes: usize, test_fraction: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for k in 0..classes {
        let mine: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] as usize == k).collect();
        let n_test = ((mine.len() as f64 * test_fraction).round() as usize).clamp(1, mine.len().saturating_sub(1).max(1));
        for (position, i) in epoch_order(mine.len(), seed ^ k as u64, 0).into_iter().enumerate() {
            if position < n_test { test.push(mine[i]) } else { train.push(mine[i]) }
        }
    }
    test.sort();
    (train, test)
}

/// The order in which a run reads a folder's training pictures (`n`, as [`split_per_class`]
/// gives them): seeded, so that validation, the last part, is a draw across the classes.
pub fn reading_order(n: usize, seed: u64) -> Vec<usize> {
    epoch_order(n, seed, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_are_permutations_that_differ_by_epoch_and_repeat_by_seed() {
        let (a, b) = (epoch_order(100, 7, 1), epoch_order(100, 7, 2));
        let mut sorted = a.clone();
        sorted.sort();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
        assert_ne!(a, b);
        assert_eq!(a, epoch_order(100, 7, 1));
        assert_ne!(a, epoch_order(100, 8, 1));
    }

    #[test]
    fn validation_is_the_last_fraction_and_never_all_or_nothing() {
        assert_eq!(split(1000, 0.05), Some((0..950, 950..1000)));
        assert_eq!(split(10, 0.01), None);
        assert_eq!(split(10, 0.99), None);
    }
}
