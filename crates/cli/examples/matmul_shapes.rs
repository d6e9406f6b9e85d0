//! Times the seven matrix products of one training step at batch 100 (784-300-100-10), each
//! on its own, on a burn CPU backend: docs/performance.md.
//!
//!     cargo run --release --example matmul_shapes [ndarray|flex] [--system-malloc]
//!
//! `--system-malloc` leaves glibc's defaults, which `ann` changes (`ann_backend::keep_freed_memory`).
use std::time::Instant;

use burn::tensor::{Device, Distribution, Tensor};

/// Mean time of `product` over half a second, after 20 warm-up calls.
fn time(name: &str, [m, k, n]: [usize; 3], mut product: impl FnMut() -> Tensor<2>) -> f64 {
    (0..20).for_each(|_| drop(product()));
    let (started, mut calls) = (Instant::now(), 0);
    while started.elapsed().as_secs_f64() < 0.5 {
        drop(product());
        calls += 1;
    }
    let seconds = started.elapsed().as_secs_f64() / calls as f64;
    let gflops = 2.0 * (m * k * n) as f64 / seconds / 1e9;
    println!("{name:14} {m:>4}×{k:>3}×{n:>3}  {:8.1} µs  {gflops:6.1} GFLOP/s", seconds * 1e6);
    seconds
}

fn main() {
    if std::env::args().nth(2).as_deref() != Some("--system-malloc") {
        ann_backend::keep_freed_memory();
    }
    #[allow(deprecated)]
    let device = match std::env::args().nth(1).as_deref() {
        Some("flex") => Device::flex(),
        _ => Device::ndarray(),
    };
    let random = |shape: [usize; 2]| Tensor::<2>::random(shape, Distribution::Uniform(-1.0, 1.0), &device);
    let (x0, x1, x2) = (random([100, 784]), random([100, 300]), random([100, 100]));
    let (w1, w2, w3) = (random([784, 300]), random([300, 100]), random([100, 10]));
    let (d1, d2, d3) = (random([100, 300]), random([100, 100]), random([100, 10]));
    let x0t = Tensor::<2>::from_data(x0.clone().transpose().into_data(), &device);
    // Run on rayon's pool, as `ann` does (`ann_backend::on_compute_pool`).
    let total: f64 = ann_backend::on_compute_pool(|| {
        [
            time("x(0) W(1)", [100, 784, 300], || x0.clone().matmul(w1.clone())),
            time("x(1) W(2)", [100, 300, 100], || x1.clone().matmul(w2.clone())),
            time("x(2) W(3)", [100, 100, 10], || x2.clone().matmul(w3.clone())),
            time("x(0)ᵀ δ(1)", [784, 100, 300], || x0.clone().transpose().matmul(d1.clone())),
            time("(δ(1)ᵀ x(0))ᵀ", [784, 100, 300], || d1.clone().transpose().matmul(x0.clone()).transpose()),
            time("x0T contig", [784, 100, 300], || x0t.clone().matmul(d1.clone())),
            time("x(1)ᵀ δ(2)", [300, 100, 100], || x1.clone().transpose().matmul(d2.clone())),
            time("δ(2) W(2)ᵀ", [100, 100, 300], || d2.clone().matmul(w2.clone().transpose())),
            time("δ(3) W(3)ᵀ", [100, 10, 100], || d3.clone().matmul(w3.clone().transpose())),
        ]
        .iter()
        .sum()
    });
    println!("sum {:.0} µs: at most {:.0} samples/s if nothing else took time", total * 1e6, 100.0 / total);
}
