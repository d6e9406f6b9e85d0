//! The page trains exactly as `ann train --engine manual` does: the same config and seed give
//! the same weights after an epoch (the same split, shuffle, η schedule, initialisation and
//! step), to f32 rounding.
use std::path::{Path, PathBuf};

use ann_artifacts::Config;
use ann_data::{MnistDataset, order};
use ann_train::{Engine, RunOptions, manual};
use ann_page::{Data, Settings, Trainer};
use burn::tensor::Device;

/// The first `n` images and labels of MNIST's training file, as raw IDX files.
fn idx_files(n: usize, dir: &Path) -> (PathBuf, PathBuf) {
    let mnist = ann_data::test_mnist_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap();
    let files = ann_data::locate(Some(&mnist), &[]).unwrap();
    let all = MnistDataset::load(&files.train_images, &files.train_labels).unwrap().slice(0..n);
    let mut images = vec![0, 0, 8, 3];
    for v in [n as u32, 28, 28] {
        images.extend(v.to_be_bytes());
    }
    images.extend(all.pixels());
    let mut labels = vec![0, 0, 8, 1];
    labels.extend((n as u32).to_be_bytes());
    labels.extend(all.labels());
    let (images_path, labels_path) = (dir.join("images-idx3-ubyte"), dir.join("labels-idx1-ubyte"));
    std::fs::write(&images_path, images).unwrap();
    std::fs::write(&labels_path, labels).unwrap();
    (images_path, labels_path)
}

/// The page's settings for `config`: its controls set as the config says.
fn settings(config: &Config) -> Settings {
    let training = ann_artifacts::TrainingConfig { seed: config.shuffle_seed(), ..config.training.clone() };
    Settings { model: config.model.clone(), training, augment: None }
}

#[test]
fn the_page_and_the_manual_engine_give_the_same_weights_after_an_epoch() {
    let tmp = tempfile::tempdir().unwrap();
    let (images, labels) = idx_files(1200, tmp.path());
    let mut config = Config::load(Path::new("plain")).unwrap();
    let t = &mut config.training;
    // Two epochs' schedule, one run: η falls within the epoch as it does in a longer run.
    (t.epochs, t.seed) = (2, 7);
    let d = &config.data;
    let (image_bytes, label_bytes) = (std::fs::read(&images).unwrap(), std::fs::read(&labels).unwrap());
    let mnist = Data::try_new(&image_bytes, &label_bytes, &image_bytes, &label_bytes, d.valid_fraction, 10).unwrap();
    let initial = Trainer::try_new(&mnist, settings(&config)).unwrap().weights();
    let mut page = Trainer::try_new(&mnist, settings(&config)).unwrap();
    while page.epoch() < 1 {
        page.train(1000, 0);
    }

    let (train, _) = order::split(1200, d.valid_fraction).unwrap();
    let train_set = MnistDataset::load(&images, &labels).unwrap().slice(train);
    assert_eq!(train_set.len(), mnist.train_len());
    let options = RunOptions {
        backend: ann_backend::Backend::Flex,
        engine: Engine::Manual,
        artifacts: tmp.path().join("run"),
        config_path: "plain".into(),
        resume: false,
        force: false,
    };
    let mut cli = manual::Trainer::new(&config, &Device::flex(), &train_set);
    cli.epoch(1, &config, &options).unwrap();

    let page_weights = page.weights();
    let cli_weights = ann_page::weights(&cli.model);
    assert_eq!(page_weights.len(), cli_weights.len());
    let (mut worst, mut moved) = (0.0f32, 0.0f32);
    for ((p, c), w0) in page_weights.iter().zip(&cli_weights).zip(&initial) {
        worst = worst.max((p - c).abs());
        moved = moved.max((p - w0).abs());
    }
    // Training moved the weights far more than the two sides differ.
    assert!(moved > 1e-2, "an epoch moved no weight by more than {moved}");
    assert!(worst <= 1e-5, "the page's and the manual engine's weights differ by up to {worst}");
}
