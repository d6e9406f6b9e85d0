//! The real MNIST files, the dataset and the batcher.
mod common;

use ann_data::{MnistBatcher, MnistDataset, locate};
use burn::data::dataloader::batcher::Batcher;
use burn::data::dataset::Dataset;
use burn::tensor::Device;

#[test]
fn the_shared_mnist_copy_loads_with_the_documented_counts() {
    let files = locate(Some(&common::mnist_dir()), &[]).unwrap();
    let train = MnistDataset::load(&files.train_images, &files.train_labels).unwrap();
    let test = MnistDataset::load(&files.test_images, &files.test_labels).unwrap();
    assert_eq!(test.len(), 10_000);
    // The shared copy holds the first 24,345 training images (the full set has 60,000).
    assert!(train.len() == 24_345 || train.len() == 60_000, "{} training images", train.len());
    if train.len() == 24_345 {
        let mut counts = [0usize; 10];
        train.labels().iter().for_each(|&l| counts[l as usize] += 1);
        assert_eq!(counts, [2406, 2770, 2381, 2524, 2386, 2181, 2401, 2524, 2328, 2444]);
    }
    // The first training image is a 5, as in every copy of MNIST.
    assert_eq!(train.get(0).unwrap().label, 5);
}

#[test]
fn slices_share_the_buffer_and_index_from_their_start() {
    let ds = MnistDataset::from_raw((0..10 * 784).map(|i| (i / 784) as u8).collect(), (0..10).collect());
    let tail = ds.slice(7..20);
    assert_eq!(tail.len(), 3);
    assert_eq!(tail.get(0).unwrap().label, 7);
    assert_eq!(tail.labels(), &[7, 8, 9]);
    assert_eq!(ds.slice(4..6).pixels().len(), 2 * 784);
}

#[test]
fn repeated_starts_over_from_the_first_item() {
    let ds = MnistDataset::from_raw((0..10 * 784).map(|i| (i / 784) as u8).collect(), (0..10).collect());
    let long = ds.slice(2..5).repeated(7);
    assert_eq!(long.labels(), &[2, 3, 4, 2, 3, 4, 2]);
    assert!(long.pixels().chunks(784).zip(long.labels()).all(|(image, &label)| image.iter().all(|&p| p == label)));
    assert_eq!(ds.repeated(4).labels(), &[0, 1, 2, 3]);
}

#[test]
fn the_batcher_scales_pixels_to_unit_range_and_keeps_labels() {
    let device = Device::flex();
    let mut pixels = vec![0u8; 2 * 784];
    pixels[0] = 255;
    pixels[784 + 5] = 51;
    let ds = MnistDataset::from_raw(pixels, vec![3, 9]);
    let items = vec![ds.get(0).unwrap(), ds.get(1).unwrap()];
    let batch = MnistBatcher.batch(items, &device);
    assert_eq!(batch.images.dims(), [2, 784]);
    let x: Vec<f32> = batch.images.into_data().convert::<f32>().try_to_vec::<f32>().unwrap();
    assert_eq!(x[0], 1.0);
    assert!((x[784 + 5] - 0.2).abs() < 1e-7);
    assert!(x.iter().all(|&v| (0.0..=1.0).contains(&v)));
    let t: Vec<i64> = batch.targets.into_data().convert::<i64>().try_to_vec::<i64>().unwrap();
    assert_eq!(t, vec![3, 9]);
}

#[test]
fn a_named_folder_without_the_files_lists_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t10k-labels-idx1-ubyte"), common::labels(1)).unwrap();
    let err = locate(Some(dir.path()), &[]).unwrap_err().to_string();
    assert!(err.contains("train-images-idx3-ubyte"), "{err}");
    assert!(err.contains("t10k-images-idx3-ubyte"), "{err}");
    assert!(!err.contains("t10k-labels"), "a present file is reported missing: {err}");
    assert!(err.contains("MNIST_DIR"), "{err}");
}
