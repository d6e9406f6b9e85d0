//! MNIST for the slides' network: a burn `Dataset` and `Batcher` on the IDX files (`ann-idx`),
//! augmentation, where the files come from, and the downloader.
mod augment;
mod batcher;
mod config;
mod dataset;
pub mod download;
mod loader;
mod source;

pub use augment::Augment;
pub use batcher::{MnistBatch, MnistBatcher};
pub use config::DataConfig;
pub use dataset::{Mnist, MnistDataset, MnistItem, PIXELS};
pub use ann_idx as idx;
pub use ann_idx::IdxError;
pub use loader::EpochLoader;
pub use source::{DEFAULT_DIR, DataError, MnistFiles, locate, test_mnist_dir};
