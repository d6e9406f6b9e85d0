//! Gradient descent on the slides' small networks: the update rules, deck 000's toy table,
//! deck 003's XOR (perceptron against one hidden layer) and its gradient descent in action.
use ann_slides::gd::{Surface, descend};
use ann_slides::plane::{Perceptron, accuracy, spirals, xor};
use ann_slides::scalar::{Cost, F};
use ann_slides::worked::toy_table;
use ann_slides::Exercise;

#[test]
fn a_mini_batch_of_one_is_the_exercise_update() {
    let mut ex = Exercise::parse("1 -2; 0.5 0.3 | 0.1 0.2\n0.7 -0.4", "tanh", "quadratic", 0.3).unwrap();
    let pass = ex.run(&[0.2, -0.6], &[0.5]).unwrap();
    ex.mini_batch(&[(vec![0.2, -0.6], vec![0.5])]).unwrap();
    assert_eq!((ex.w, ex.b), (pass.w_after, pass.b_after));
}

#[test]
fn a_mini_batch_steps_along_the_mean_gradient() {
    let ex = Exercise::parse("1 -2; 0.5 0.3\n0.7 -0.4", "sigmoid", "cross_entropy", 0.5).unwrap();
    let samples = vec![(vec![0.2, -0.6], vec![1.0]), (vec![-1.0, 0.4], vec![0.0])];
    let mut batch = ex.clone();
    batch.mini_batch(&samples).unwrap();
    let passes: Vec<_> = samples.iter().map(|(x, y)| ex.run(x, y).unwrap()).collect();
    for l in 0..2 {
        for (j, row) in ex.w[l].iter().enumerate() {
            for (i, w) in row.iter().enumerate() {
                let mean = (passes[0].dw[l][j][i] + passes[1].dw[l][j][i]) / 2.0;
                assert!((batch.w[l][j][i] - (w - 0.5 * mean)).abs() < 1e-15);
            }
        }
    }
}

#[test]
fn the_toy_table_of_deck_000_is_learned_one_sample_at_a_time() {
    let mut ex = Exercise::xavier(&[3, 4, 2], F::Sigmoid, F::Sigmoid, Cost::Quadratic, 2.0, 3);
    let table = toy_table();
    let first = ex.mean_cost(&table).unwrap();
    for _ in 0..3000 {
        ex.stochastic(&table).unwrap();
    }
    assert!(ex.mean_cost(&table).unwrap() < first / 10.0);
    for (x, l) in &table {
        let o = ex.output(x);
        assert!((o[0] > 0.5) == (l[0] > 0.5) && (o[1] > 0.5) == (l[1] > 0.5), "{x:?} → {o:?}, label {l:?}");
    }
}

#[test]
fn a_perceptron_never_passes_75_percent_on_xor() {
    let points = xor();
    let mut p = Perceptron::new(2);
    for _ in 0..1000 {
        p.epoch(&points);
        assert!(p.accuracy(&points) <= 0.75, "w = {:?}, b = {}", p.w, p.b);
    }
    // It does separate a linearly separable problem (AND), and then stops changing.
    let and: Vec<_> = points.iter().map(|(x, _)| (x.clone(), vec![f64::from(u8::from(x[0] + x[1] > 1.5))])).collect();
    let mut p = Perceptron::new(2);
    let epochs = (0..100).find(|_| p.epoch(&and) == 0);
    assert!(epochs.is_some() && p.accuracy(&and) == 1.0);
}

#[test]
fn one_hidden_layer_learns_xor_for_9_of_10_seeds() {
    // The page's defaults: 2-4-1, tanh, sigmoid output, cross-entropy, η = 1, 2000 steps.
    let points = xor();
    let steps: Vec<Option<usize>> = (0..10)
        .map(|seed| {
            let mut ex = Exercise::xavier(&[2, 4, 1], F::Tanh, F::Sigmoid, Cost::CrossEntropy, 1.0, seed);
            (1..=2000).find(|_| {
                ex.mini_batch(&points).unwrap();
                accuracy(&ex, &points) == 1.0
            })
        })
        .collect();
    eprintln!("XOR, steps to 100% for seeds 0-9: {steps:?}");
    let solved = steps.iter().flatten().count();
    assert!(solved >= 9, "only {solved} of 10 seeds learned XOR: {steps:?}");
}

#[test]
fn spirals_are_two_interleaved_classes() {
    let s = spirals(50, 0.0, 1);
    assert_eq!(s.len(), 100);
    assert_eq!(s.iter().filter(|(_, y)| y[0] == 1.0).count(), 50);
    assert!(s.iter().all(|(x, _)| x[0].abs() <= 1.0 && x[1].abs() <= 1.0));
    // Point-symmetric: each class-1 point is the class-0 point turned by half a circle.
    assert!((s[1].0[0] + s[0].0[0]).abs() < 1e-12 && (s[1].0[1] + s[0].0[1]).abs() < 1e-12);
}

#[test]
fn gradient_descent_crawls_converges_oscillates_and_diverges_with_eta() {
    let run = |eta: f64| descend(Surface::Parabola, &[2.0], eta, 0.0, 200);
    let crawl = run(0.001);
    assert!(!crawl.diverged && crawl.cost.len() == 201 && *crawl.cost.last().unwrap() > 1.0);
    let good = run(0.3);
    assert!(!good.diverged && *good.cost.last().unwrap() < 1e-8 && good.cost.len() < 30);
    // C(w) = w²: w(t+1) = (1 − 2η) w(t), so η = 0.95 flips the sign every step.
    let oscillating = run(0.95);
    assert!(oscillating.w.windows(2).all(|p| p[0][0] * p[1][0] < 0.0));
    assert!(run(1.1).diverged);
    // In the long valley momentum gets down faster than plain descent at the same η.
    let plain = descend(Surface::Valley, &[2.0, 1.0], 0.05, 0.0, 500);
    let momentum = descend(Surface::Valley, &[2.0, 1.0], 0.05, 0.8, 500);
    assert!(momentum.cost.len() < plain.cost.len(), "{} vs {}", momentum.cost.len(), plain.cost.len());
    assert!(descend(Surface::Valley, &[2.0, 1.0], 0.21, 0.0, 500).diverged);
}

#[test]
fn the_xor_view_separates_with_a_hidden_layer_where_the_perceptron_cannot() {
    use ann_slides::xor::Xor;
    let mut view = Xor::new(4, F::Tanh, 0.5, 1).unwrap();
    view.train(2000).unwrap();
    assert!(view.perceptron_best <= 0.75, "a line cannot separate XOR: {}", view.perceptron_best);
    assert!(view.solved_at.is_some(), "the hidden layer never classified all four points");
    assert!(Xor::new(0, F::Tanh, 0.5, 1).is_err() && Xor::new(65, F::Tanh, 0.5, 1).is_err());
}

#[test]
fn the_depth_view_trains_three_networks_and_reports_each() {
    use ann_slides::depth::{DEPTHS, Depth};
    let mut view = Depth::new(F::Sigmoid, 8, 0.5, 3).unwrap();
    view.train(20).unwrap();
    let state = view.state().unwrap();
    assert_eq!(state.iter().map(|s| s.depth).collect::<Vec<_>>(), DEPTHS);
    for s in &state {
        assert!((0.0..=1.0).contains(&s.test_accuracy) && s.train_cost.is_finite(), "depth {}", s.depth);
    }
    // Fifty sigmoid layers: the first layer's gradient vanishes next to one layer's.
    assert!(state[2].first_layer_gradient < state[0].first_layer_gradient * 1e-3, "{} vs {}", state[2].first_layer_gradient, state[0].first_layer_gradient);
    assert_eq!(view.points().len(), 3 * (view.train.len() + view.test.len()));
    assert!(Depth::new(F::Relu, 0, 0.5, 3).is_err() && Depth::new(F::Relu, 33, 0.5, 3).is_err());
}
