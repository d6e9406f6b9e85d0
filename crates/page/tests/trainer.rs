//! The page's training, natively: the same code the browser's worker runs, on a small
//! synthetic MNIST (two kinds of image, IDX-encoded as the real files are).
use ann_backprop::TrainingConfig;
use ann_model::{Activation, ModelConfig};
use ann_page::{Data, Network, Settings, Trainer, parse_idx};

/// An IDX pair of `n` images: label 0 is a bar on the left, label 1 a bar on the right,
/// each shifted a little so the images differ.
fn idx(n: usize) -> (Vec<u8>, Vec<u8>) {
    let mut images = vec![0, 0, 8, 3];
    for v in [n as u32, 28, 28] {
        images.extend(v.to_be_bytes());
    }
    let mut labels = vec![0, 0, 8, 1];
    labels.extend((n as u32).to_be_bytes());
    for i in 0..n {
        let label = (i % 2) as u8;
        let column: usize = if label == 0 { 5 + i % 4 } else { 19 + i % 4 };
        images.extend((0..784usize).map(|p| if (p % 28).abs_diff(column) <= 1 && (4..24).contains(&(p / 28)) { 255 } else { 0 }));
        labels.push(label);
    }
    (images, labels)
}

/// A new trainer draws its weights from the device's one generator: one test at a time draws,
/// or a test would get weights another test's seed began.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

fn mnist() -> Data {
    let (train_images, train_labels) = idx(400);
    let (test_images, test_labels) = idx(100);
    Data::try_new(&train_images, &train_labels, &test_images, &test_labels, 0.05, 10).unwrap()
}

fn settings() -> Settings {
    Settings {
        model: ModelConfig { layers: [784, 16, 8, 10], activation: Activation::Relu, ..ModelConfig::default() },
        training: TrainingConfig {
            batch_size: 20,
            learning_rate: 0.05,
            final_learning_rate: Some(0.0),
            momentum: 0.9,
            lambda: 0.0005,
            epochs: 3,
            seed: 42,
        },
        augment: None,
    }
}

/// [`settings`] with `change` made to its training table.
fn training(change: impl FnOnce(&mut TrainingConfig)) -> Settings {
    let mut s = settings();
    change(&mut s.training);
    s
}

#[test]
fn idx_files_are_split_as_ann_train_splits_them() {
    let data = mnist();
    // round(400 · 0.05) = 20 held out from the end of the training file.
    assert_eq!((data.train_len(), data.valid_len(), data.test_len()), (380, 20, 100));
    assert_eq!(data.test_labels(4), vec![0, 1, 0, 1]);
    assert_eq!(data.test_image(1).len(), 784);
}

#[test]
fn bad_idx_files_are_named() {
    let (images, labels) = idx(3);
    // ann-idx's messages, as `ann train` gives them, naming the file.
    let error = parse_idx(&labels, &labels, "training", 10).unwrap_err();
    assert!(error.starts_with("training images: magic number") && error.contains("image files start with"), "{error}");
    let error = parse_idx(&images, &images, "training", 10).unwrap_err();
    assert!(error.starts_with("training labels: magic number") && error.contains("label files start with"), "{error}");
    let error = parse_idx(&images[..100], &labels, "test", 10).unwrap_err();
    assert!(error.starts_with("test images:") && error.contains("the file ends after"), "{error}");
    let (more, _) = idx(4);
    let error = parse_idx(&more, &labels, "test", 10).unwrap_err();
    assert!(error.contains("test images holds 4 images but test labels holds 3 labels"), "{error}");
}

#[test]
fn a_run_learns_counts_its_epochs_and_stops_after_the_last() {
    let _rng = one_at_a_time();
    let data = mnist();
    let mut trainer = Trainer::try_new(&data, settings()).unwrap();
    assert_eq!(trainer.steps_per_epoch_count(), 19);
    let before = trainer.valid_accuracy(1000);
    // Stops at the end of the epoch, even when asked for more steps.
    let losses = trainer.train(1000, 5);
    assert_eq!((losses.len(), trainer.epoch(), trainer.steps()), (19, 1, 19));
    assert!(losses.iter().all(|e| e.is_finite() && *e > 0.0));
    assert!(trainer.gradient_sizes().iter().all(|g| g.is_finite() && *g > 0.0));
    while !trainer.finished() {
        trainer.train(7, 0);
    }
    assert_eq!(trainer.epoch(), 3);
    // η fell linearly to 0 over the run's 57 steps.
    assert!(trainer.learning_rate().abs() < 1e-12);
    let after = trainer.valid_accuracy(1000);
    assert!(after >= 0.95 && after > before, "validation accuracy {before} → {after}");
    assert!(trainer.test_accuracy(1000) >= 0.95);
    let y = trainer.test_outputs(0, 3);
    assert_eq!(y.len(), 30);
    assert!((y[..10].iter().sum::<f32>() - 1.0).abs() < 1e-5);
}

#[test]
fn the_same_seed_gives_the_same_run() {
    let _rng = one_at_a_time();
    let data = mnist();
    let (mut a, mut b) = (Trainer::try_new(&data, settings()).unwrap(), Trainer::try_new(&data, settings()).unwrap());
    assert_eq!(a.weights(), b.weights());
    assert_eq!(a.train(10, 0), b.train(10, 0));
    let other = Trainer::try_new(&data, training(|t| t.seed = 7)).unwrap();
    assert_ne!(a.weights(), other.weights());
}

#[test]
fn the_drawing_network_is_the_one_being_trained_and_learn_changes_it() {
    let _rng = one_at_a_time();
    let data = mnist();
    let mut trainer = Trainer::try_new(&data, settings()).unwrap();
    trainer.train(30, 0);
    let weights = trainer.weights();
    assert_eq!(weights.len(), 784 * 16 + 16 + 16 * 8 + 8 + 8 * 10 + 10);
    let copy = Network::try_new(&weights, &trainer.layers(), "relu", "cross_entropy", 0.0005).unwrap();
    assert_eq!(copy.test_accuracy(&data, 100), trainer.test_accuracy(100));
    let input: Vec<f32> = data.test_image(0).iter().map(|&p| p as f32 / 255.0).collect();
    let y = |n: &Network| n.forward(&input).y();
    trainer.learn(&input, 1, 0.5);
    let moved = Network::try_new(&trainer.weights(), &trainer.layers(), "relu", "cross_entropy", 0.0005).unwrap();
    assert!(y(&moved)[1] > y(&copy)[1], "one step towards 1 raises y(1)");
    assert_eq!(moved.weights(), trainer.weights());
}

#[test]
fn widths_and_rates_are_checked() {
    let _rng = one_at_a_time();
    let data = mnist();
    let refused = |settings: Settings, key: &str| {
        let message = Trainer::try_new(&data, settings).err().unwrap_or_else(|| panic!("{key}: accepted"));
        assert!(message.contains(key), "{key}: {message}");
    };
    let mut narrow = settings();
    narrow.model.layers = [100, 16, 8, 10];
    refused(narrow, "model.layers");
    let mut eleven = settings();
    eleven.model.layers = [784, 16, 8, 11];
    refused(eleven, "10 classes");
    refused(training(|t| t.batch_size = 0), "training.batch_size");
    refused(training(|t| t.momentum = 1.0), "training.momentum");
    refused(training(|t| t.learning_rate = 0.0), "training.learning_rate");
    refused(training(|t| t.lambda = f64::NAN), "training.lambda");
}
