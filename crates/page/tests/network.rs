//! The page's computations, natively: the same code the browser runs.
use ann_page::Network;

/// A 784-30-20-10 network with small deterministic weights.
fn network() -> Network {
    let layers = [784u32, 30, 20, 10];
    let n: usize = layers.windows(2).map(|w| (w[0] * w[1] + w[1]) as usize).sum();
    let weights: Vec<f32> = (0..n).map(|i| (((i * 7919) % 1000) as f32 / 1000.0 - 0.5) * 0.2).collect();
    Network::try_new(&weights, &layers, "relu", "cross_entropy", 0.0005).unwrap()
}

/// A 280×280 canvas (transparent) with a thick vertical stroke: a "1".
fn canvas() -> Vec<u8> {
    (0..280 * 280).flat_map(|i| {
        let (x, y) = (i % 280, i / 280);
        let ink = (130..150).contains(&x) && (40..240).contains(&y);
        [0, 0, 0, if ink { 255 } else { 0 }]
    }).collect()
}

#[test]
fn forward_and_backprop_name_every_layer_and_delta_3_is_y_minus_t() {
    let net = network();
    let x0 = Network::try_input(&canvas(), 280, 280).unwrap();
    assert_eq!(x0.len(), 784);
    let out = net.forward(&x0);
    assert_eq!(out.hidden(1).unwrap().len(), 30);
    assert_eq!(out.hidden(2).unwrap().len(), 20);
    assert_eq!((out.hidden(0), out.hidden(3)), (None, None), "x(1) and x(2) are the only hidden layers");
    let y = out.y();
    assert_eq!(y.len(), 10);
    assert!((y.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    let target = 3u8;
    let back = net.backprop(&x0, target);
    let widths: Vec<usize> = (1..=3).map(|l| back.delta(l).unwrap().len()).collect();
    assert_eq!(widths, [30, 20, 10], "δ(l) has layer l's width");
    assert_eq!((back.delta(0), back.delta(4)), (None, None));
    let d3 = back.delta(3).unwrap();
    for k in 0..10 {
        let t = if k == target as usize { 1.0 } else { 0.0 };
        assert!((d3[k] - (y[k] - t)).abs() < 1e-6, "δ(3)_{k} = y − t");
    }
    assert!((1..=3).flat_map(|l| back.delta(l).unwrap()).all(|v| v.is_finite()));
    let sizes = back.gradient_sizes();
    assert_eq!(sizes.len(), 3);
    assert!(sizes.iter().all(|&g| g > 0.0), "every layer has a gradient: {sizes:?}");
}

#[test]
fn a_learning_step_raises_the_targets_probability_and_reset_undoes_it() {
    let mut net = network();
    let x0 = Network::try_input(&canvas(), 280, 280).unwrap();
    let before = net.forward(&x0).y()[7];
    net.learn(&x0, 7, 0.5);
    let after = net.forward(&x0).y()[7];
    assert!(after > before, "p(7) went {before} → {after}");
    net.reset();
    assert_eq!(net.forward(&x0).y()[7], before);
}

#[test]
fn an_empty_canvas_or_a_dot_asks_for_a_digit() {
    let empty = vec![0u8; 280 * 280 * 4];
    assert!(Network::try_input(&empty, 280, 280).unwrap_err().contains("draw or photograph a character"));
    let dot: Vec<u8> = (0..280 * 280).flat_map(|i| {
        let (x, y) = (i % 280, i / 280);
        [0, 0, 0, if (138..142).contains(&x) && (138..142).contains(&y) { 255 } else { 0 }]
    }).collect();
    assert!(Network::try_input(&dot, 280, 280).unwrap_err().contains("draw a character"));
}

#[test]
fn wrong_weights_are_an_error() {
    assert!(Network::try_new(&[0.0; 5], &[784, 30, 20, 10], "relu", "cross_entropy", 0.0).is_err());
    assert!(Network::try_new(&[], &[784, 10], "relu", "cross_entropy", 0.0).is_err());
}
