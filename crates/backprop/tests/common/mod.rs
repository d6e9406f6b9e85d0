#![allow(dead_code)]
use std::path::Path;

use ann_backprop::check::{Row, compare};
use ann_data::{MnistBatcher, MnistDataset, locate};
use ann_model::{Activation, Loss, Mlp, ModelConfig};
use burn::tensor::{Device, Int, Tensor};

/// The first `n` real MNIST training images and labels, on `device`.
pub fn mnist_batch(n: usize, device: &Device) -> (Tensor<2>, Tensor<1, Int>) {
    let dir = ann_data::test_mnist_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap_or_else(|e| panic!("{e}"));
    let files = locate(Some(&dir), &[]).unwrap();
    let train = MnistDataset::load(&files.train_images, &files.train_labels).unwrap().slice(0..n);
    let batch = MnistBatcher::from_bytes(train.pixels(), train.labels(), device);
    (batch.images, batch.targets)
}

/// Every combination the suite covers: activation × cost × λ.
pub fn variants() -> Vec<(Activation, Loss, f64)> {
    let mut out = Vec::new();
    for f in [Activation::Relu, Activation::Sigmoid, Activation::Tanh] {
        for loss in [Loss::CrossEntropy, Loss::Quadratic] {
            for lambda in [0.0, 1e-3] {
                out.push((f, loss, lambda));
            }
        }
    }
    out
}

/// Manual vs autodiff for every variant and batch size; returns the worst relative error.
pub fn worst_error(device: &Device, batches: &[usize]) -> f64 {
    let mut worst = 0.0f64;
    for &n in batches {
        let (x, t) = mnist_batch(n, device);
        for (activation, loss, lambda) in variants() {
            device.seed(11);
            let config = ModelConfig { activation, loss, ..Default::default() };
            let model = Mlp::new(&config, &device.clone().autodiff());
            let rows = compare(&model, x.clone(), t.clone(), lambda);
            assert_eq!(rows.len(), 6, "W and b of all three layers");
            for Row { name, max_rel_err, .. } in rows {
                assert!(max_rel_err.is_finite(), "{name} {activation:?} {loss:?} λ={lambda} N={n}");
                worst = worst.max(max_rel_err);
            }
        }
    }
    worst
}

/// Tests in one binary run in parallel and share the device's random generator: every test
/// that seeds or draws holds this lock, so that a seed is followed by its own draws only.
pub fn rng_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
