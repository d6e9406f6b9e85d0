//! In f64 the δ formulas agree with autodiff to rounding, and with finite differences.
//! The float type is set once per process, so every f64 test lives in this binary.
mod common;

use std::sync::OnceLock;

use ann_backprop::{E_total, Net, backward, forward};
use ann_model::{Activation, BiasInit, Loss, Mlp, ModelConfig, one_hot};
use burn::tensor::{Device, Distribution, FloatDType, Int, Tensor, TensorData};

fn device() -> Device {
    static DEVICE: OnceLock<Device> = OnceLock::new();
    DEVICE
        .get_or_init(|| {
            #[allow(deprecated)]
            let mut device = Device::ndarray();
            device.configure(FloatDType::F64).expect("f64 set before any tensor");
            device
        })
        .clone()
}

#[test]
fn manual_gradients_match_autodiff_in_f64() {
    let _rng = common::rng_lock();
    // Batch sizes 1, 100, and the whole small set of 300 images.
    let worst = common::worst_error(&device(), &[1, 100, 300]);
    assert!(worst <= 1e-10, "max relative error {worst:e} > 1e-10");
}

/// `E_total` of a small network, from the manual forward pass.
fn e_total(model: &Mlp, x: &Tensor<2>, t: &Tensor<2>, lambda: f64) -> f64 {
    let net = Net::of(model);
    let fwd = forward(&net, x.clone());
    E_total(&net, backward(&net, &fwd, t.clone(), lambda).E, lambda).into_scalar::<f64>()
}

#[test]
fn manual_gradients_match_centred_finite_differences() {
    let _rng = common::rng_lock();
    let dev = device();
    let h = 1e-6;
    for (activation, loss, lambda) in common::variants() {
        dev.seed(5);
        // Random biases keep a(2) off 0 even for a sample whose layer-1 units are all off.
        let config = ModelConfig { layers: [6, 8, 6, 3], activation, loss, bias_init: BiasInit::Xavier, ..Default::default() };
        let model = Mlp::new(&config, &dev);
        let x = Tensor::<2>::random([8, 6], Distribution::Uniform(-1.0, 1.0), &dev);
        let labels = Tensor::<1, Int>::from_data(TensorData::new(vec![0i64, 1, 2, 0, 1, 2, 0, 1], [8]), &dev);
        let t = one_hot(labels, 3);
        let net = Net::of(&model);
        let fwd = forward(&net, x.clone());
        if activation == Activation::Relu {
            // Away from ReLU's kink: every hidden a(l) is further from 0 than the step h, so
            // ±h on one parameter never flips a unit on or off (the seed was chosen for this,
            // and this assertion keeps it honest).
            for a in &fwd.a[..2] {
                let closest = a.clone().abs().min().into_scalar::<f64>();
                assert!(closest > 1e3 * h, "a hidden a(l) is {closest:e} from the kink");
            }
        }
        let g = backward(&net, &fwd, t.clone(), lambda);
        let manual: Vec<Vec<f64>> = g
            .dW
            .into_iter()
            .zip(g.db)
            .flat_map(|(w, b)| [ann_backprop::check::values(w), ann_backprop::check::values(b)])
            .collect();
        for (p, analytic) in manual.iter().enumerate() {
            let scale = analytic.iter().fold(0.0f64, |s, v| s.max(v.abs())).max(1e-12);
            for (i, &expected) in analytic.iter().enumerate() {
                let nudged = |delta: f64| {
                    let mut m = model.clone();
                    let layer = match p / 2 {
                        0 => &mut m.fc1,
                        1 => &mut m.fc2,
                        _ => &mut m.fc3,
                    };
                    if p % 2 == 0 {
                        layer.weight = layer.weight.clone().map(|w| nudge(w, i, delta));
                    } else {
                        layer.bias = layer.bias.clone().map(|b| b.map(|b| nudge(b, i, delta)));
                    }
                    e_total(&m, &x, &t, lambda)
                };
                let numeric = (nudged(h) - nudged(-h)) / (2.0 * h);
                let rel = (numeric - expected).abs() / scale;
                assert!(rel <= 1e-6, "{activation:?} {loss:?} λ={lambda} param {p} index {i}: numeric {numeric} vs δ-formula {expected} (rel {rel:e})");
            }
        }
    }
}

/// `tensor` with `delta` added to its `i`-th element (row-major).
fn nudge<const D: usize>(tensor: Tensor<D>, i: usize, delta: f64) -> Tensor<D> {
    let shape = tensor.shape();
    let mut data = ann_backprop::check::values(tensor.clone());
    data[i] += delta;
    Tensor::from_data(TensorData::new(data, shape), &tensor.device())
}

#[test]
fn softmax_cross_entropy_output_error_is_y_minus_t() {
    let _rng = common::rng_lock();
    // δ(3) = y − t: with λ = 0 and one sample, ∂E/∂b(3) is exactly y − t.
    let dev = device();
    dev.seed(1);
    let model = Mlp::new(&ModelConfig { loss: Loss::CrossEntropy, ..Default::default() }, &dev);
    let x = Tensor::<2>::random([1, 784], Distribution::Uniform(0.0, 1.0), &dev);
    let t = one_hot(Tensor::<1, Int>::from_data(TensorData::new(vec![4i64], [1]), &dev), 10);
    let net = Net::of(&model);
    let fwd = forward(&net, x);
    let y = ann_backprop::check::values(fwd.y.clone());
    let g = backward(&net, &fwd, t, 0.0);
    let db3 = ann_backprop::check::values(g.db[2].clone());
    for k in 0..10 {
        let expected = y[k] - if k == 4 { 1.0 } else { 0.0 };
        assert!((db3[k] - expected).abs() < 1e-15, "k={k}: {} vs {expected}", db3[k]);
    }
}
