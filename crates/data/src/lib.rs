//! The data of the slides' network: a burn `Dataset` and `Batcher` on the IDX files of MNIST
//! and its family (`ann-idx`) or on a folder of labelled pictures, augmentation, where the
//! files come from, and the downloader (feature `files`); the data
//! order of a run (`order`, browser-clean: the page takes its split and shuffle from here).
#[cfg(feature = "files")]
mod augment;
#[cfg(feature = "files")]
mod batcher;
#[cfg(feature = "files")]
mod config;
#[cfg(feature = "files")]
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
#[cfg(feature = "files")]
pub use {
    augment::Augment,
    batcher::MnistBatcher,
    config::DataConfig,
    dataset::{Mnist, MnistDataset, MnistItem},
    loader::EpochLoader,
    family::Family,
    source::{
        DEFAULT_DIR, DataError, Labelled, MnistFiles, NAMES, Source, data_dir, locate, locate_family, mnist_dir_from_env,
        test_mnist_dir,
    },
};
