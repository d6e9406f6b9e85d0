//! The slides' worked examples, to the printed digits.
mod common;

use ann_backprop::{Net, Sgd, backward, forward};
use ann_model::{Activation, Loss, Mlp, ModelConfig, one_hot};
use burn::nn::{Initializer, Linear};
use burn::tensor::{Device, Int, Tensor, TensorData, activation};

#[allow(deprecated)]
fn device() -> Device {
    Device::ndarray()
}

fn values<const D: usize>(t: Tensor<D>) -> Vec<f64> {
    ann_backprop::check::values(t)
}

fn round(v: f64, digits: i32) -> f64 {
    let s = 10f64.powi(digits);
    (v * s).round() / s
}

#[test]
fn softmax_of_2_1_minus_1() {
    let _rng = common::rng_lock();
    // Deck 004: e^z = (7.39, 2.72, 0.37), Σ = 10.48, softmax = (0.71, 0.26, 0.04).
    let z = Tensor::<2>::from_floats([[2.0, 1.0, -1.0]], &device());
    let e: Vec<f64> = values(z.clone().exp()).into_iter().map(|v| round(v, 2)).collect();
    assert_eq!(e, vec![7.39, 2.72, 0.37]);
    assert_eq!(round(values(z.clone().exp().sum())[0], 2), 10.48);
    let y: Vec<f64> = values(activation::softmax(z, 1)).into_iter().map(|v| round(v, 2)).collect();
    assert_eq!(y, vec![0.71, 0.26, 0.04]);
}

#[test]
#[allow(clippy::approx_constant)] // 2.302585 is the value the slide prints, not a stand-in for LN_10
fn a_uniform_output_costs_minus_ln_point_1() {
    let _rng = common::rng_lock();
    // Deck 000: y = (0.1, …, 0.1) gives E = −ln 0.1 ≈ 2.302585, whatever the target.
    let dev = device();
    let model = Mlp::new(&ModelConfig::default(), &dev);
    let a3 = Tensor::<2>::zeros([3, 10], &dev);
    let targets = Tensor::<1, Int>::from_data(TensorData::new(vec![0i64, 4, 9], [3]), &dev);
    let e = model.loss(a3, targets).into_scalar::<f64>();
    assert_eq!(round(e, 6), 2.302585);
}

fn scalar(v: f64, dev: &Device) -> Tensor<1> {
    Tensor::<1>::from_floats([v as f32], dev).require_grad()
}

#[test]
fn circuit_x_plus_y_times_z_through_autodiff() {
    let _rng = common::rng_lock();
    // Deck 004: f(x, y, z) = (x + y) z at (−2, 5, −4): q = 3, f = −12, ∂f/∂x = ∂f/∂y = −4, ∂f/∂z = 3.
    let dev = device().autodiff();
    let (x, y, z) = (scalar(-2.0, &dev), scalar(5.0, &dev), scalar(-4.0, &dev));
    let q = x.clone() + y.clone();
    assert_eq!(values(q.clone()), vec![3.0]);
    let f = q * z.clone();
    let grads = f.backward();
    assert_eq!(values(f), vec![-12.0]);
    assert_eq!(values(x.grad(&grads).unwrap()), vec![-4.0]);
    assert_eq!(values(y.grad(&grads).unwrap()), vec![-4.0]);
    assert_eq!(values(z.grad(&grads).unwrap()), vec![3.0]);
}

#[test]
fn product_x_y_through_autodiff() {
    let _rng = common::rng_lock();
    // Deck 004: f = x y at (4, −3): f = −12, ∇f = (y, x) = (−3, 4).
    let dev = device().autodiff();
    let (x, y) = (scalar(4.0, &dev), scalar(-3.0, &dev));
    let f = x.clone() * y.clone();
    let grads = f.backward();
    assert_eq!(values(f), vec![-12.0]);
    assert_eq!(values(x.grad(&grads).unwrap()), vec![-3.0]);
    assert_eq!(values(y.grad(&grads).unwrap()), vec![4.0]);
}

#[test]
fn chain_rule_gives_6() {
    let _rng = common::rng_lock();
    // Deck 000: f(x) = 2x + 2, g(x) = 3x + 3, (g∘f)'(x) = g'(f(x)) f'(x) = 3 · 2 = 6, at any x.
    let dev = device().autodiff();
    for x0 in [-1.5, 0.0, 2.0] {
        let x = scalar(x0, &dev);
        let f = x.clone() * 2.0 + 2.0;
        let g = f * 3.0 + 3.0;
        assert_eq!(values(x.grad(&g.backward()).unwrap()), vec![6.0]);
    }
}

/// A small network for the worked examples: its layers, hidden activation and cost.
struct Toy {
    layers: Vec<Linear>,
    f: Activation,
    loss: Loss,
}

/// Trains `toy` with the manual BP algorithm on the full batch `(x, labels)` until every
/// sample is classified right (as `right` judges a sample's outputs); returns the number of
/// steps, or None.
fn train_until_right(
    toy: Toy,
    x: Tensor<2>,
    labels: &[i64],
    eta: f64,
    max_steps: usize,
    right: impl Fn(&[f64], usize) -> bool,
) -> Option<usize> {
    let Toy { mut layers, f, loss } = toy;
    let dev = x.device();
    let k = layers.last().unwrap().weight.dims()[1];
    let t = one_hot(Tensor::<1, Int>::from_data(TensorData::new(labels.to_vec(), [labels.len()]), &dev), k);
    let mut sgd = Sgd::new(eta, 0.0);
    for step in 0..max_steps {
        let net = Net { layers: layers.iter().collect(), f, loss };
        let fwd = forward(&net, x.clone());
        let y = values(fwd.y.clone());
        if (0..labels.len()).all(|n| right(&y[n * k..(n + 1) * k], labels[n] as usize)) {
            return Some(step);
        }
        let g = backward(&net, &fwd, t.clone(), 0.0);
        sgd.step(layers.iter_mut(), g, 0.0);
    }
    None
}

fn linear(fan_in: usize, fan_out: usize, dev: &Device) -> Linear {
    let xavier = Initializer::XavierUniform { gain: 1.0 };
    Linear {
        weight: xavier.init_with([fan_in, fan_out], Some(fan_in), Some(fan_out), dev),
        bias: Some(Initializer::Zeros.init([fan_out], dev)),
    }
}

#[test]
fn toy_table_of_deck_000_is_learned_with_the_quadratic_cost() {
    let _rng = common::rng_lock();
    // (x1, x2, x3) → (l1, l2), E = ½[(o1 − l1)² + (o2 − l2)²], sigmoid outputs.
    let dev = device();
    dev.seed(3);
    let x = Tensor::<2>::from_floats([[1.0, 0.1, 0.3], [0.1, 1.5, 1.2], [1.1, 1.1, 2.0], [0.2, 0.2, 0.3]], &dev);
    let labels = [0i64, 0, 1, 1]; // (1, 0), (1, 0), (0, 1), (0, 1)
    let toy = Toy { layers: vec![linear(3, 4, &dev), linear(4, 2, &dev)], f: Activation::Sigmoid, loss: Loss::Quadratic };
    let on_the_right_side = |o: &[f64], label: usize| (0..2).all(|k| (o[k] > 0.5) == (k == label));
    let steps = train_until_right(toy, x, &labels, 2.0, 20_000, on_the_right_side);
    assert!(steps.is_some(), "the toy table was not learned in 20,000 steps");
}

#[test]
fn xor_needs_a_hidden_layer() {
    let _rng = common::rng_lock();
    let points = [([0.0, 0.0], 0i64), ([0.0, 1.0], 1), ([1.0, 0.0], 1), ([1.0, 1.0], 0)];
    // Deck 003: a single-layer perceptron ŷ = sign(wᵀx + b), trained with the perceptron rule,
    // never classifies all four XOR points: no line separates them.
    let (mut w, mut b) = ([0.0f64; 2], 0.0f64);
    for _ in 0..1000 {
        let mut correct = 0;
        for (x, label) in points {
            let target = if label == 1 { 1.0 } else { -1.0 };
            let y_hat = if w[0] * x[0] + w[1] * x[1] + b >= 0.0 { 1.0 } else { -1.0 };
            if y_hat == target {
                correct += 1;
            } else {
                w = [w[0] + target * x[0], w[1] + target * x[1]];
                b += target;
            }
        }
        assert!(correct < 4, "a perceptron separated XOR");
    }

    // One hidden layer (2-4-2, tanh, softmax) learns it: 100% on all four points.
    let dev = device();
    dev.seed(7);
    let x = Tensor::<2>::from_floats([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], &dev);
    let labels: Vec<i64> = points.iter().map(|p| p.1).collect();
    let toy = Toy { layers: vec![linear(2, 4, &dev), linear(4, 2, &dev)], f: Activation::Tanh, loss: Loss::CrossEntropy };
    let argmax_right = |y: &[f64], label: usize| y[label] > y[1 - label];
    let steps = train_until_right(toy, x, &labels, 0.5, 20_000, argmax_right);
    assert!(steps.is_some(), "a network with one hidden layer did not learn XOR");
}
