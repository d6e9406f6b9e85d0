//! The slides page's small examples, through the functions the page calls, to the printed digits.
use ann_slides::scalar::F;
use ann_slides::worked::{chain_rule, circuit, hadamard, neuron, parameters, product, softmax, uniform_cost};
use ann_slides::marks;
use ann_model::ModelConfig;

fn round(v: f64, digits: i32) -> f64 {
    let s = 10f64.powi(digits);
    (v * s).round() / s
}

fn rounded(v: &[f64], digits: i32) -> Vec<f64> {
    v.iter().map(|&v| round(v, digits)).collect()
}

#[test]
fn softmax_table_of_deck_004() {
    let s = softmax(&[2.0, 1.0, -1.0]);
    assert_eq!(rounded(&s.e, 2), vec![7.39, 2.72, 0.37]);
    assert_eq!(round(s.sum, 2), 10.48);
    assert_eq!(rounded(&s.y, 2), vec![0.71, 0.26, 0.04]);
    assert_eq!(round(s.y.iter().sum(), 12), 1.0);
    // Raise one input: its activation rises, the others fall, the sum stays 1.
    let t = softmax(&[2.0, 2.0, -1.0]);
    assert!(t.y[1] > s.y[1] && t.y[0] < s.y[0] && t.y[2] < s.y[2]);
}

#[test]
fn circuit_x_plus_y_times_z() {
    let c = circuit(-2.0, 5.0, -4.0);
    assert_eq!((c.q, c.f, c.dx, c.dy, c.dz), (3.0, -12.0, -4.0, -4.0, 3.0));
    let c = circuit(1.0, 2.0, 3.0);
    assert_eq!((c.q, c.f, c.dx, c.dy, c.dz), (3.0, 9.0, 3.0, 3.0, 3.0));
}

#[test]
fn product_and_hadamard() {
    assert_eq!(product(4.0, -3.0), (-12.0, [-3.0, 4.0]));
    assert_eq!(hadamard(&[1.0, 2.0], &[3.0, 4.0]), Some(vec![3.0, 8.0]));
    assert_eq!(hadamard(&[1.0], &[3.0, 4.0]), None);
}

#[test]
fn neuron_of_deck_003() {
    // Inputs (1.0, 0.5, −1.0), weights (0.7, 0.6, 1.4): Σ = −0.4, bias −0.1 gives −0.5.
    let (sum, z, a) = neuron(&[1.0, 0.5, -1.0], &[0.7, 0.6, 1.4], -0.1, F::Linear);
    assert_eq!((round(sum, 12), round(z, 12), round(a, 12)), (-0.4, -0.5, -0.5));
    let (_, _, a) = neuron(&[1.0, 0.5, -1.0], &[0.7, 0.6, 1.4], -0.1, F::Relu);
    assert_eq!(a, 0.0);
}

#[test]
fn activations_and_their_derivatives() {
    assert_eq!(F::Sigmoid.f(0.0), 0.5);
    assert_eq!(F::Sigmoid.prime(0.0), 0.25);
    assert_eq!(F::Tanh.prime(0.0), 1.0);
    assert_eq!((F::Relu.f(-2.0), F::Relu.prime(-2.0), F::Relu.f(3.0), F::Relu.prime(3.0)), (0.0, 0.0, 3.0, 1.0));
    assert_eq!((F::Linear.f(-2.5), F::Linear.prime(-2.5)), (-2.5, 1.0));
    // Each derivative against a centred difference, away from ReLU's kink.
    for f in F::ALL {
        for z in [-2.3, -0.7, 0.4, 1.9] {
            let h = 1e-6;
            let slope = (f.f(z + h) - f.f(z - h)) / (2.0 * h);
            assert!((slope - f.prime(z)).abs() < 1e-8, "{} at {z}", f.name());
        }
    }
}

#[test]
fn chain_rule_of_deck_000_gives_6() {
    for x in [-1.5, 0.0, 2.0] {
        let (f, g, slope) = chain_rule(x, [2.0, 2.0, 3.0, 3.0]);
        assert_eq!((f, g, slope), (2.0 * x + 2.0, 3.0 * (2.0 * x + 2.0) + 3.0, 6.0));
    }
}

#[test]
#[allow(clippy::approx_constant)] // 2.302585 is the value the slide prints
fn uniform_output_costs_minus_ln_point_1() {
    assert_eq!(round(uniform_cost(10), 6), 2.302585);
    assert_eq!(uniform_cost(1), 0.0);
}

#[test]
fn parameter_count_of_784_300_100_10() {
    assert_eq!(parameters(&[784, 300, 100, 10]), 266_610);
    assert_eq!(parameters(&[784, 300, 100, 10]), ModelConfig::default().num_params());
    // Deck 003 counts 784-15-10 by hand: 784·15 + 15 + 15·10 + 10.
    assert_eq!(parameters(&[784, 15, 10]), 11_935);
    assert_eq!(parameters(&[2, 3, 1]), 13);
}

#[test]
fn answers_are_marked_to_3_significant_digits() {
    let v = 0.710_949_5;
    assert_eq!(marks("0.711", v), Some(true));
    assert_eq!(marks(" 0.7109 ", v), Some(true));
    assert_eq!(marks("0.71", v), Some(false));
    assert_eq!(marks("-12", -12.0), Some(true));
    assert_eq!(marks("-12.1", -12.0), Some(false));
    assert_eq!(marks("1.23e-6", 1.2345e-6), Some(true));
    assert_eq!(marks("0", 0.0), Some(true));
    assert_eq!(marks("", 1.0), None);
    assert_eq!(marks("abc", 1.0), None);
}
