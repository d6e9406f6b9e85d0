use ann_model::{Activation, BiasInit, Mlp, ModelConfig};
use burn::module::Module;
use burn::tensor::{Device, Distribution, Tensor};

fn device() -> Device {
    Device::flex()
}

/// Tests in one binary run in parallel and share the device's random generator: every test
/// that seeds or draws holds this lock, so that a seed is followed by its own draws only.
fn rng_lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn values<const D: usize>(t: Tensor<D>) -> Vec<f32> {
    t.into_data().convert::<f32>().try_to_vec::<f32>().unwrap()
}

#[test]
fn default_network_has_the_slides_parameter_count() {
    let _rng = rng_lock();
    let config = ModelConfig::default();
    assert_eq!(config.layers, [784, 300, 100, 10]);
    assert_eq!(config.num_params(), 266_610);
    assert_eq!(Mlp::new(&config, &device()).num_params(), 266_610);
}

#[test]
fn weights_lie_inside_the_xavier_bound_and_biases_start_at_zero() {
    let _rng = rng_lock();
    let model = Mlp::new(&ModelConfig::default(), &device());
    for (layer, (m, n)) in model.layers().iter().zip([(784, 300), (300, 100), (100, 10)]) {
        assert_eq!(layer.weight.dims(), [m, n], "burn stores W as [in, out]");
        let bound = (6.0f32 / (m + n) as f32).sqrt();
        let w = values(layer.weight.val());
        let max = w.iter().fold(0f32, |a, v| a.max(v.abs()));
        assert!(max <= bound, "|w| = {max} exceeds √(6/(m+n)) = {bound}");
        // A uniform draw of thousands of values comes close to the bound.
        assert!(max > 0.9 * bound, "weights do not spread over the Xavier range: max {max}, bound {bound}");
        let b = values(layer.bias.as_ref().unwrap().val());
        assert!(b.iter().all(|&v| v == 0.0));
    }
}

#[test]
fn xavier_biases_are_drawn_inside_the_bound() {
    let _rng = rng_lock();
    let config = ModelConfig { bias_init: BiasInit::Xavier, ..Default::default() };
    let model = Mlp::new(&config, &device());
    let b = values(model.fc1.bias.as_ref().unwrap().val());
    let bound = (6.0f32 / 1084.0).sqrt();
    assert!(b.iter().any(|&v| v != 0.0));
    assert!(b.iter().all(|v| v.abs() <= bound));
}

#[test]
fn forward_gives_one_logit_per_class_and_softmax_rows_sum_to_one() {
    let _rng = rng_lock();
    let dev = device();
    for activation in [Activation::Relu, Activation::Sigmoid, Activation::Tanh] {
        let model = Mlp::new(&ModelConfig { activation, ..Default::default() }, &dev);
        let x = Tensor::<2>::random([7, 784], Distribution::Uniform(0.0, 1.0), &dev);
        assert_eq!(model.forward(x.clone()).dims(), [7, 10]);
        let y = model.probabilities(x);
        let rows = values(y.clone().sum_dim(1));
        assert_eq!(rows.len(), 7);
        for s in rows {
            assert!((s - 1.0).abs() < 1e-5, "row sums to {s}");
        }
        assert!(values(y).iter().all(|&p| p > 0.0 && p < 1.0));
    }
}

#[test]
fn the_same_seed_gives_the_same_weights() {
    let _rng = rng_lock();
    let dev = device();
    dev.seed(7);
    let a = values(Mlp::new(&ModelConfig::default(), &dev).fc2.weight.val());
    dev.seed(7);
    let b = values(Mlp::new(&ModelConfig::default(), &dev).fc2.weight.val());
    dev.seed(8);
    let c = values(Mlp::new(&ModelConfig::default(), &dev).fc2.weight.val());
    assert_eq!(a, b);
    assert_ne!(a, c);
}
