//! flex's matrix products, whose outputs are written by gemm without being zeroed first, equal
//! the products summed by hand: every shape of a training step, transposed operands, the
//! threaded sizes, and an empty inner dimension.
use burn::tensor::{Device, Tensor, TensorData};

fn matrix(rows: usize, cols: usize, phase: f32) -> (Tensor<2>, Vec<f32>) {
    let values: Vec<f32> = (0..rows * cols).map(|i| (i as f32 * 0.61 + phase).cos()).collect();
    (Tensor::from_data(TensorData::new(values.clone(), [rows, cols]), &Device::flex()), values)
}

/// `a [m, k] · b [k, n]` in f64, row-major.
fn by_hand(a: &[f32], b: &[f32], m: usize, k: usize, n: usize) -> Vec<f64> {
    let mut c = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            c[i * n + j] = (0..k).map(|p| a[i * k + p] as f64 * b[p * n + j] as f64).sum();
        }
    }
    c
}

fn assert_near(product: Tensor<2>, expected: &[f64], what: &str) {
    let got: Vec<f32> = product.to_data().try_to_vec::<f32>().unwrap();
    assert_eq!(got.len(), expected.len(), "{what}: size");
    for (i, (g, e)) in got.iter().zip(expected).enumerate() {
        assert!((*g as f64 - e).abs() <= 1e-4 * (1.0 + e.abs()), "{what}: element {i} is {g}, by hand {e}");
    }
}

#[test]
fn products_equal_sums_by_hand_at_every_shape_of_a_step() {
    // (m, k, n): the forward products, ∂E/∂W(l) = x(l−1)ᵀ δ(l), δ W(l)ᵀ, odd sizes, one above
    // the threading threshold.
    for (m, k, n) in [(100, 784, 300), (100, 300, 100), (100, 100, 10), (1, 1, 1), (7, 13, 5), (3, 250, 2)] {
        let (a, av) = matrix(m, k, 0.0);
        let (b, bv) = matrix(k, n, 1.0);
        // Run twice: a second product reuses freed memory that still holds the first's values.
        for round in 0..2 {
            assert_near(a.clone().matmul(b.clone()), &by_hand(&av, &bv, m, k, n), &format!("[{m}, {k}] · [{k}, {n}], round {round}"));
        }
        // aᵀ as a transposed view of a [k, m] matrix, and bᵀ of an [n, k] one.
        let (at, atv) = matrix(k, m, 2.0);
        let a_of_at: Vec<f32> = (0..m * k).map(|i| atv[(i % k) * m + i / k]).collect();
        assert_near(at.transpose().matmul(b.clone()), &by_hand(&a_of_at, &bv, m, k, n), &format!("[{k}, {m}]ᵀ · [{k}, {n}]"));
        let (bt, btv) = matrix(n, k, 3.0);
        let b_of_bt: Vec<f32> = (0..k * n).map(|i| btv[(i % n) * k + i / n]).collect();
        assert_near(a.clone().matmul(bt.transpose()), &by_hand(&av, &b_of_bt, m, k, n), &format!("[{m}, {k}] · [{n}, {k}]ᵀ"));
    }
}

#[test]
fn an_empty_inner_dimension_gives_zeros() {
    let a = Tensor::<2>::from_data(TensorData::new(Vec::<f32>::new(), [4, 0]), &Device::flex());
    let b = Tensor::<2>::from_data(TensorData::new(Vec::<f32>::new(), [0, 3]), &Device::flex());
    // Fill freed memory with non-zeros first, so that unwritten output would show.
    drop(Tensor::<2>::ones([4, 3], &Device::flex()) * 7.0);
    assert_near(a.matmul(b), &[0.0; 12], "[4, 0] · [0, 3]");
}
