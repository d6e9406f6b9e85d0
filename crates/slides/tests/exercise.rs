//! Deck 004's exercise checker: the slides' examples, messages for what does not chain, and
//! random networks against an independent computation (forward-mode derivatives with dual
//! numbers) to 1e-9 relative, and against burn's `forward`/`backward` and autodiff (in f64).
use ann_slides::scalar::{Cost, F};
use ann_backprop::{Net, backward, forward};
use ann_slides::{Exercise, Rng};
use ann_model::{Activation, Loss};
use burn::module::Param;
use burn::nn::Linear;
use burn::tensor::{Device, Tensor, TensorData};

#[test]
fn deck_004_first_exercise_is_a_2_3_1_network() {
    let ex = Exercise::parse("1 2; 3 4; 5 6\n7 8 9", "sigmoid", "quadratic", 0.01).unwrap();
    assert_eq!(ex.layers(), vec![2, 3, 1]);
    // w(1) is [out, in]: row j holds the weights into hidden unit j.
    assert_eq!(ex.w[0], vec![vec![1.0, 2.0], vec![3.0, 4.0], vec![5.0, 6.0]]);
    // The page's x = (−1, −1), y = 1: z(1) = w(1) x = (−3, −7, −11), z(2) = 7σ(−3) + 8σ(−7) + 9σ(−11).
    let pass = ex.run(&[-1.0, -1.0], &[1.0]).unwrap();
    assert_eq!(pass.z[0], vec![-3.0, -7.0, -11.0]);
    let s = |z: f64| 1.0 / (1.0 + (-z).exp());
    let z2 = 7.0 * s(-3.0) + 8.0 * s(-7.0) + 9.0 * s(-11.0);
    let near = |got: f64, want: f64| assert!((got - want).abs() <= 1e-12 * want.abs(), "{got} vs {want}");
    near(pass.z[1][0], z2);
    near(pass.a[2][0], s(z2));
    // To the digits a student writes: z² = 0.339, a² = 0.584.
    assert_eq!(((z2 * 1000.0).round(), (s(z2) * 1000.0).round()), (339.0, 584.0));
    // C = ½(y − a²)², δ(2) = (a² − y) σ'(z²); η = 0.01 moves w(2) by −0.01 δ(2) a(1).
    near(pass.cost, 0.5 * (1.0 - s(z2)).powi(2));
    let delta2 = (s(z2) - 1.0) * s(z2) * (1.0 - s(z2));
    near(pass.delta[1][0], delta2);
    near(pass.w_after[1][0][2], 9.0 - 0.01 * delta2 * s(-11.0));
    // δ(1) = (w(2))ᵀ δ(2) ⊙ σ'(z(1)).
    near(pass.delta[0][0], 7.0 * delta2 * s(-3.0) * (1.0 - s(-3.0)));
}

#[test]
fn a_saturated_sigmoid_output_keeps_a_finite_cross_entropy() {
    // σ(40) rounds to 1 in f64; C and δ come from z(L): C = ln(1 + e^40) ≈ 40 for y = 0.
    let pass = Exercise::parse("40", "sigmoid", "cross_entropy", 0.1).unwrap().run(&[1.0], &[0.0]).unwrap();
    assert_eq!(pass.a[1], vec![1.0]);
    assert!((pass.cost - 40.0).abs() < 1e-12, "{}", pass.cost);
    assert_eq!(pass.delta[0], vec![1.0]);
}

#[test]
fn deck_004_second_exercise_is_2_4_1_2() {
    let ex = Exercise::parse("1 2; 3 4; 5 6; 7 8\n9 10 11 12\n13; 14", "sigmoid", "quadratic", 0.01).unwrap();
    assert_eq!(ex.layers(), vec![2, 4, 1, 2]);
}

#[test]
fn biases_come_after_a_bar() {
    let ex = Exercise::parse("1, 2; 3, 4 | 0.5, -1\n[1 1]", "linear", "quadratic", 0.1).unwrap();
    assert_eq!(ex.b, vec![vec![0.5, -1.0], vec![0.0]]);
    let pass = ex.run(&[1.0, 0.0], &[0.0]).unwrap();
    assert_eq!(pass.z, vec![vec![1.5, 2.0], vec![3.5]]);
}

/// The message for `w`, `x`, `y` must contain every piece of `expected`.
fn fails_with(w: &str, x: &[f64], y: &[f64], cost: &str, expected: &[&str]) {
    let result = Exercise::parse(w, "sigmoid", cost, 0.1).and_then(|ex| ex.run(x, y));
    let message = result.expect_err("should be refused");
    for piece in expected {
        assert!(message.contains(piece), "{message:?} does not name {piece:?}");
    }
}

#[test]
fn what_does_not_chain_or_parse_is_named() {
    fails_with("1 2; 3 4; 5 6\n7 8", &[1.0, 1.0], &[1.0], "quadratic", &["w2", "2 columns", "w1", "3 rows"]);
    fails_with("1 2; 3 x; 5 6\n7 8 9", &[1.0, 1.0], &[1.0], "quadratic", &["w1, row 2", "\"x\""]);
    fails_with("1 2; 3 4 5", &[1.0, 1.0], &[1.0], "quadratic", &["w1, row 2", "3 numbers", "row 1 has 2"]);
    fails_with("1 2\n7; ; 9", &[1.0, 1.0], &[1.0], "quadratic", &["w2, row 2", "empty"]);
    fails_with("1 2 | 1 2", &[1.0, 1.0], &[1.0], "quadratic", &["w1, bias", "one bias per row"]);
    fails_with("1 2 3", &[1.0, 1.0], &[1.0], "quadratic", &["x has 2", "w1 has 3 columns"]);
    fails_with("1 2", &[1.0, 1.0], &[1.0, 0.0], "quadratic", &["y has 2", "w1 has 1 rows"]);
    fails_with("", &[1.0], &[1.0], "quadratic", &["at least one"]);
    fails_with("1 inf", &[1.0, 1.0], &[1.0], "quadratic", &["w1, row 1", "\"inf\""]);
    let relu_out = Exercise::parse("2 2", "relu", "cross_entropy", 0.1).unwrap().run(&[1.0, 1.0], &[1.0]).unwrap_err();
    assert!(relu_out.contains("cross-entropy") && relu_out.contains("a(1)_1 = 4"), "{relu_out}");
    fails_with("1e308 1e308", &[10.0, 10.0], &[1.0], "quadratic", &["z(1) overflows"]);
    let unknown = Exercise::parse("1", "softsign", "quadratic", 0.1).unwrap_err();
    assert!(unknown.contains("softsign"), "{unknown}");
}

/// A whole number in `0..n`, from the seeded generator, so the random networks are the same
/// on every run.
fn below(rng: &mut Rng, n: usize) -> usize {
    (rng.uniform(0.0, n as f64) as usize).min(n - 1)
}

/// A number with its derivative along one parameter: forward-mode differentiation.
#[derive(Clone, Copy)]
struct Dual(f64, f64);

impl Dual {
    fn add(self, o: Dual) -> Dual {
        Dual(self.0 + o.0, self.1 + o.1)
    }
    fn mul(self, o: Dual) -> Dual {
        Dual(self.0 * o.0, self.1 * o.0 + self.0 * o.1)
    }
    /// `f` and its derivative, written without the slides' `σ(1 − σ)` and `1 − tanh²`.
    fn apply(self, f: F) -> Dual {
        let (v, slope) = match f {
            F::Linear => (self.0, 1.0),
            F::Sigmoid => (1.0 / (1.0 + (-self.0).exp()), (-self.0).exp() / (1.0 + (-self.0).exp()).powi(2)),
            F::Tanh => (self.0.tanh(), 1.0 / self.0.cosh().powi(2)),
            F::Relu if self.0 > 0.0 => (self.0, 1.0),
            F::Relu => (0.0, 0.0),
        };
        Dual(v, slope * self.1)
    }
}

/// `C` and every `z(l)`, `a(l)` by plain loops, with `seed` marking the parameter whose
/// derivative the dual parts carry: `(l, j, Some(i))` for w(l)_ji, `(l, j, None)` for b(l)_j.
fn independent(ex: &Exercise, x: &[f64], y: &[f64], seed: Option<(usize, usize, Option<usize>)>) -> (Dual, Vec<Vec<Dual>>, Vec<Vec<Dual>>) {
    let mut a: Vec<Dual> = x.iter().map(|&v| Dual(v, 0.0)).collect();
    let (mut zs, mut as_) = (Vec::new(), Vec::new());
    let last = ex.w.len() - 1;
    for (l, (w, b)) in ex.w.iter().zip(&ex.b).enumerate() {
        let mut z = Vec::new();
        for j in 0..w.len() {
            let marked = |i: Option<usize>| f64::from(u8::from(seed == Some((l, j, i))));
            let mut sum = Dual(b[j], marked(None));
            for i in 0..w[j].len() {
                sum = sum.add(Dual(w[j][i], marked(Some(i))).mul(a[i]));
            }
            z.push(sum);
        }
        a = z.iter().map(|z| z.apply(if l == last { ex.output } else { ex.f })).collect();
        zs.push(z);
        as_.push(a.clone());
    }
    let mut c = Dual(0.0, 0.0);
    if ex.cost == Cost::CrossEntropy && ex.output == F::Sigmoid {
        // From z, through softplus: ln(1 + e^t), whose slope is 1/(1 + e^−t).
        let softplus = |t: Dual| Dual(t.0.max(0.0) + (-t.0.abs()).exp().ln_1p(), t.1 / (1.0 + (-t.0).exp()));
        for (z, &y) in zs.last().unwrap().iter().zip(y) {
            c = c.add(Dual(y, 0.0).mul(softplus(Dual(-z.0, -z.1)))).add(Dual(1.0 - y, 0.0).mul(softplus(*z)));
        }
        return (c, zs, as_);
    }
    for (a, &y) in a.iter().zip(y) {
        c = c.add(match ex.cost {
            Cost::Quadratic => Dual(0.5, 0.0).mul(Dual(a.0 - y, a.1)).mul(Dual(a.0 - y, a.1)),
            Cost::CrossEntropy => Dual(-(y * a.0.ln() + (1.0 - y) * (1.0 - a.0).ln()), -(y / a.0 - (1.0 - y) / (1.0 - a.0)) * a.1),
        });
    }
    (c, zs, as_)
}

/// `got` and `want` agree to 1e-9 of the largest `|want|` among them.
fn close(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    let scale = want.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= 1e-9 * scale, "{what}: {g} vs {w} (scale {scale})");
    }
}

fn random_exercise(rng: &mut Rng, f: F, cost: Cost) -> (Exercise, Vec<f64>, Vec<f64>) {
    let depth = 1 + below(rng, 5);
    let widths: Vec<usize> = (0..=depth).map(|_| 1 + below(rng, 8)).collect();
    let w = widths.windows(2).map(|p| (0..p[1]).map(|_| (0..p[0]).map(|_| rng.uniform(-1.5, 1.5)).collect()).collect()).collect();
    let b = widths[1..].iter().map(|&n| (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect()).collect();
    let x = (0..widths[0]).map(|_| rng.uniform(-2.0, 2.0)).collect();
    let y = (0..widths[depth]).map(|_| rng.uniform(0.0, 1.0)).collect();
    (Exercise { w, b, f, output: f, cost, eta: rng.uniform(0.001, 1.0) }, x, y)
}

#[test]
fn random_networks_agree_with_forward_mode_derivatives_to_1e_9() {
    let mut rng = Rng::new(2024);
    let (mut checked, mut refused) = (0, 0);
    for f in F::ALL {
        for cost in [Cost::Quadratic, Cost::CrossEntropy] {
            for _ in 0..60 {
                let (ex, x, y) = random_exercise(&mut rng, f, cost);
                let (c, z, a) = independent(&ex, &x, &y, None);
                // Sigmoid outputs are always accepted: their cross-entropy is taken from z.
                let outputs_in_0_1 = f == F::Sigmoid || a.last().unwrap().iter().all(|a| a.0 > 0.0 && a.0 < 1.0);
                let pass = match ex.run(&x, &y) {
                    Err(message) => {
                        assert!(cost == Cost::CrossEntropy && !outputs_in_0_1, "refused: {message}");
                        refused += 1;
                        continue;
                    }
                    Ok(pass) => pass,
                };
                assert!(cost == Cost::Quadratic || outputs_in_0_1, "cross-entropy of outputs outside (0, 1)");
                close(&[pass.cost], &[c.0], "C");
                for l in 0..ex.w.len() {
                    let at = |v: &Vec<Dual>| v.iter().map(|d| d.0).collect::<Vec<_>>();
                    close(&pass.z[l], &at(&z[l]), &format!("z({})", l + 1));
                    close(&pass.a[l + 1], &at(&a[l]), &format!("a({})", l + 1));
                    // δ(l)_j is ∂C/∂z(l)_j, which equals ∂C/∂b(l)_j.
                    let db: Vec<f64> = (0..ex.b[l].len()).map(|j| independent(&ex, &x, &y, Some((l, j, None))).0.1).collect();
                    close(&pass.delta[l], &db, &format!("δ({})", l + 1));
                    close(&pass.db[l], &db, &format!("∂C/∂b({})", l + 1));
                    let dw: Vec<f64> = (0..ex.w[l].len())
                        .flat_map(|j| (0..ex.w[l][j].len()).map(move |i| (j, i)))
                        .map(|(j, i)| independent(&ex, &x, &y, Some((l, j, Some(i)))).0.1)
                        .collect();
                    close(&pass.dw[l].concat(), &dw, &format!("∂C/∂w({})", l + 1));
                    let after: Vec<f64> = ex.w[l].concat().iter().zip(&dw).map(|(w, g)| w - ex.eta * g).collect();
                    close(&pass.w_after[l].concat(), &after, &format!("w({}) after", l + 1));
                    let b_after: Vec<f64> = ex.b[l].iter().zip(&db).map(|(b, g)| b - ex.eta * g).collect();
                    close(&pass.b_after[l], &b_after, &format!("b({}) after", l + 1));
                }
                checked += 1;
            }
        }
    }
    // Most random cross-entropy cases with non-sigmoid outputs are refused; sigmoid never is.
    assert!(checked >= 300, "only {checked} networks checked ({refused} refused)");
}

/// burn's `[in, out]` Linear for the slides' `w(l)` (`[out, in]`) and `b(l)`.
fn linear(w: &[Vec<f64>], b: &[f64], device: &Device) -> Linear {
    let (out, inp) = (w.len(), w[0].len());
    let transposed: Vec<f64> = (0..inp).flat_map(|i| w.iter().map(move |row| row[i])).collect();
    let bias: Vec<f64> = b.to_vec();
    Linear {
        weight: Param::from_tensor(Tensor::from_data(TensorData::new(transposed, [inp, out]), device)),
        bias: Some(Param::from_tensor(Tensor::from_data(TensorData::new(bias, [out]), device))),
    }
}

fn values<const D: usize>(t: Tensor<D>) -> Vec<f64> {
    ann_backprop::check::values(t)
}

/// burn on f64, which the slides' scalar numbers must match to rounding; configured once per
/// process, as a device's float type is set before its first use.
fn f64_device() -> Device {
    static DEVICE: std::sync::OnceLock<Device> = std::sync::OnceLock::new();
    DEVICE
        .get_or_init(|| {
            let mut device = Device::flex();
            device.configure(burn::tensor::FloatDType::F64).expect("flex computes in f64");
            device
        })
        .clone()
}

/// Within f64 rounding of the largest `|want|`.
fn near(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: burn gives {} numbers, the slides' {}", got.len(), want.len());
    let scale = want.iter().fold(1e-12f64, |m, v| m.max(v.abs()));
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() <= 1e-9 * scale, "{what}: the slides' {w} vs burn's {g}");
    }
}

#[test]
#[allow(non_snake_case)]
fn the_exercise_agrees_with_the_burn_forward_and_backward() {
    // With a sigmoid output and the quadratic cost the exercise's network is `Net`'s
    // (E = ½ Σ (y − t)² for one sample): the same numbers, to rounding.
    let device = f64_device();
    let mut rng = Rng::new(7);
    for activation in [Activation::Sigmoid, Activation::Tanh, Activation::Relu].into_iter().cycle().take(60) {
        let (mut ex, x, y) = random_exercise(&mut rng, activation, Cost::Quadratic);
        ex.output = F::Sigmoid;
        let pass = ex.run(&x, &y).unwrap();
        let layers: Vec<Linear> = ex.w.iter().zip(&ex.b).map(|(w, b)| linear(w, b, &device)).collect();
        let net = Net { layers: layers.iter().collect(), f: activation, loss: Loss::Quadratic };
        let row = |v: &[f64]| Tensor::<2>::from_data(TensorData::new(v.to_vec(), [1, v.len()]), &device);
        let fwd = forward(&net, row(&x));
        let g = backward(&net, &fwd, row(&y), 0.0);
        let L = ex.w.len();
        near(&values(g.E.clone()), &[pass.cost], "C");
        near(&values(fwd.y.clone()), &pass.a[L], "a(L)");
        for l in 1..=L {
            near(&values(fwd.a[l - 1].clone()), &pass.z[l - 1], &format!("z({l})"));
            near(&values(g.delta[l - 1].clone()), &pass.delta[l - 1], &format!("δ({l})"));
            near(&values(g.dW[l - 1].clone().transpose()), &pass.dw[l - 1].concat(), &format!("∂C/∂w({l})"));
            near(&values(g.db[l - 1].clone()), &pass.db[l - 1], &format!("∂C/∂b({l})"));
        }
    }
}

/// A column `[n, 1]` on `device`.
fn column(v: &[f64], device: &Device) -> Tensor<2> {
    Tensor::<2>::from_data(TensorData::new(v.to_vec(), [v.len(), 1]), device)
}

#[test]
#[allow(non_snake_case)]
fn every_f_and_both_costs_agree_with_burn_autodiff() {
    // The slides' scalar f, f′ and costs against burn's tensor f and its autodiff, on random
    // hand-sized networks: forward, cost and every gradient, to rounding.
    let device = f64_device().autodiff();
    let mut rng = Rng::new(11);
    let mut checked = 0;
    for f in F::ALL {
        for cost in [Cost::Quadratic, Cost::CrossEntropy] {
            for _ in 0..10 {
                let (mut ex, x, y) = random_exercise(&mut rng, f, cost);
                // Cross-entropy needs outputs in (0, 1): the exercise's sigmoid output unit.
                if cost == Cost::CrossEntropy {
                    ex.output = F::Sigmoid;
                }
                let pass = ex.run(&x, &y).unwrap();
                let params: Vec<(Tensor<2>, Tensor<2>)> = ex
                    .w
                    .iter()
                    .zip(&ex.b)
                    .map(|(w, b)| {
                        let (out, inp) = (w.len(), w[0].len());
                        let w = Tensor::<2>::from_data(TensorData::new(w.concat(), [out, inp]), &device);
                        (w.require_grad(), column(b, &device).require_grad())
                    })
                    .collect();
                let L = params.len();
                let (mut a, mut z) = (column(&x, &device), column(&x, &device));
                for (l, (w, b)) in params.iter().enumerate() {
                    z = w.clone().matmul(a) + b.clone();
                    a = if l + 1 == L { ex.output.apply(z.clone()) } else { ex.f.apply(z.clone()) };
                }
                let t = column(&y, &device);
                let c = match cost {
                    Cost::Quadratic => {
                        let d = a.clone() - t;
                        (d.clone() * d).sum().mul_scalar(0.5)
                    }
                    // −[t ln σ(z) + (1 − t) ln(1 − σ(z))] = softplus(z) − t z, without ln 0.
                    Cost::CrossEntropy => (z.clone().clamp_min(0.0) + (z.clone().abs().neg().exp() + 1.0).log() - t * z).sum(),
                };
                let what = format!("{} with {:?}", f.name(), cost);
                near(&values(a), &pass.a[L], &format!("a(L), {what}"));
                near(&values(c.clone()), &[pass.cost], &format!("C, {what}"));
                let grads = c.backward();
                for (l, (w, b)) in params.iter().enumerate() {
                    near(&values(w.grad(&grads).unwrap()), &pass.dw[l].concat(), &format!("∂C/∂w({}), {what}", l + 1));
                    near(&values(b.grad(&grads).unwrap()), &pass.db[l], &format!("∂C/∂b({}), {what}", l + 1));
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 4 * 2 * 10);
}
