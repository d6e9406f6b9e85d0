//! What the network's outputs mean: a batch of inputs with their classes, the class each
//! output row picks, and the names of MNIST's classes.
use burn::tensor::{Int, Tensor};

/// N inputs `x(0)` and their classes: what a training or evaluation step takes.
#[derive(Debug, Clone)]
pub struct Batch {
    /// `[N, 784]`, intensities in [0, 1].
    pub images: Tensor<2>,
    /// `[N]`, the class index of each input.
    pub targets: Tensor<1, Int>,
}

/// The class of each row of outputs `[N, K]`: its most probable unit.
pub fn predicted(y: Tensor<2>) -> Tensor<1, Int> {
    y.argmax(1).squeeze_dim::<1>(1)
}

/// How many rows of `y` pick their target, as a one-element tensor (summed on the device).
pub fn hits(y: Tensor<2>, targets: Tensor<1, Int>) -> Tensor<1, Int> {
    predicted(y).equal(targets).int().sum()
}

/// The most probable class of one row of outputs (the first of equals).
pub fn most_probable(row: &[f32]) -> usize {
    (0..row.len()).rev().max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap_or(0)
}

/// MNIST's class names for `k` units: "0", "1", ….
pub fn digit_names(k: usize) -> Vec<String> {
    (0..k).map(|i| i.to_string()).collect()
}

/// Whether the classes are the digits, in order (each unit's name is its index).
pub fn are_digits(names: &[String]) -> bool {
    names.iter().enumerate().all(|(i, name)| *name == i.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Device, TensorData};

    #[test]
    fn the_most_probable_class_is_picked_and_ties_go_to_the_first() {
        assert_eq!(most_probable(&[0.1, 0.7, 0.2]), 1);
        assert_eq!(most_probable(&[0.4, 0.2, 0.4]), 0);
        let device = Device::flex();
        let y = Tensor::<2>::from_data(TensorData::new(vec![0.1f32, 0.9, 0.8, 0.2, 0.3, 0.7], [3, 2]), &device);
        let t = Tensor::<1, Int>::from_data(TensorData::new(vec![1i64, 1, 1], [3]), &device);
        assert_eq!(hits(y, t).into_scalar::<i64>(), 2);
    }

    #[test]
    fn digits_are_recognised_by_name_and_order() {
        assert!(are_digits(&digit_names(10)));
        assert!(!are_digits(&["1".into(), "0".into()]));
        assert!(!are_digits(&["A".into(), "B".into()]));
    }
}
