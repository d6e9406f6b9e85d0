#![allow(dead_code)]
use std::io::Write;
use std::path::{Path, PathBuf};

use ann_data::idx::{IMAGES_MAGIC, LABELS_MAGIC, encode};

/// The real MNIST folder, absolute (`ann_data::test_mnist_dir`).
pub fn mnist_dir() -> PathBuf {
    ann_data::test_mnist_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap_or_else(|e| panic!("{e}"))
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// A valid pair of `n` images (pixel value = index) and labels (index mod 10).
pub fn images(n: u32) -> Vec<u8> {
    let data: Vec<u8> = (0..n as usize * 784).map(|i| (i / 784) as u8).collect();
    encode(IMAGES_MAGIC, &[n, 28, 28], &data)
}

pub fn labels(n: u32) -> Vec<u8> {
    let data: Vec<u8> = (0..n).map(|i| (i % 10) as u8).collect();
    encode(LABELS_MAGIC, &[n], &data)
}
