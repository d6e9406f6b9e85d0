//! The data of the slides' network: MNIST and its family (`ann-idx`) or a folder of labelled
//! pictures as a burn `Dataset` and `Batcher`, augmentation, where the files come from, and
//! the downloader (feature `files`). Without `files`, the browser-safe core the page shares:
//! the images in memory (`MnistDataset`), their batches (`MnistBatcher`), the distortions,
//! the data order of a run (`order`) and the seeded generator (`rng`).
mod augment;
mod batcher;
mod config;
mod dataset;
#[cfg(feature = "files")]
pub mod download;
#[cfg(feature = "files")]
pub mod family;
#[cfg(feature = "files")]
pub mod folder;
#[cfg(feature = "files")]
mod loader;
pub mod order;
pub mod rng;
#[cfg(feature = "files")]
mod source;

pub use ann_idx as idx;

// The network's input is a picture's pixels.
const _: () = assert!(ann_model::INPUTS == PIXELS);
pub use ann_idx::{IdxError, PIXELS};
pub use {
    augment::Augment,
    config::DataConfig,
    batcher::MnistBatcher,
    dataset::{MnistDataset, MnistItem},
};
#[cfg(feature = "files")]
pub use {
    dataset::Mnist,
    loader::EpochLoader,
    family::Family,
    source::{
        DEFAULT_DIR, DataError, Labelled, MnistFiles, NAMES, Source, data_dir, locate, locate_family, mnist_dir_from_env,
        test_mnist_dir,
    },
};
