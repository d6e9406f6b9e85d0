//! Where a run's data comes from: a member of the MNIST-format family (`data.dataset`, MNIST
//! unless named) found in the config's or `--data-dir`'s folder, then (MNIST) `$MNIST_DIR`,
//! then `data/<name>/`, which the downloader fills when empty; or a folder of labelled
//! pictures.
use std::path::{Path, PathBuf};

use crate::download::{self, DownloadError};
use crate::family::{self, Family};
use crate::folder::PictureFolder;
use crate::{DataConfig, MnistDataset};

/// The four files' names, without the `.gz` that the official copies carry.
pub const NAMES: [&str; 4] =
    ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

/// The folder the files are looked for in (`explicit`, else `$MNIST_DIR`, else
/// [`DEFAULT_DIR`]), and what named it.
pub fn data_dir(explicit: Option<&Path>) -> (PathBuf, &'static str) {
    match (explicit, mnist_dir_from_env()) {
        (Some(dir), _) => (dir.to_path_buf(), "named by the config or --data-dir"),
        (None, Some(dir)) => (dir, "named by $MNIST_DIR"),
        (None, None) => (PathBuf::from(DEFAULT_DIR), "the default folder"),
    }
}

/// `$MNIST_DIR`, when set and not empty.
pub fn mnist_dir_from_env() -> Option<PathBuf> {
    std::env::var_os("MNIST_DIR").filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// The folder used when neither the config nor `$MNIST_DIR` names one.
pub const DEFAULT_DIR: &str = "data/mnist";

/// Paths of the four files, each either raw or gzip.
#[derive(Debug, Clone)]
pub struct MnistFiles {
    pub train_images: PathBuf,
    pub train_labels: PathBuf,
    pub test_images: PathBuf,
    pub test_labels: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error(
        "{name} files missing in {dir} ({origin}): {missing}\n\
         Put the four files there (raw or .gz), or point to a folder that has them with \
         `--data-dir DIR`, `data.dir` in the config{mnist_dir}. A folder of pictures in class folders \
         (DIR/<class>/…) is read as a data set too."
    )]
    Missing { name: &'static str, dir: PathBuf, origin: &'static str, missing: String, mnist_dir: &'static str },
    #[error(
        "{name} files missing in {dir} and the download failed:\n{source}\n\
         If this machine is offline, copy the files from a machine that has them and run with \
         `--data-dir /path/to/them`{mnist_dir}."
    )]
    Download { name: &'static str, dir: PathBuf, source: DownloadError, mnist_dir: &'static str },
    #[error("unknown data set `{name}`: the MNIST-format sets ann knows are {}; for your own pictures, \
             leave data.dataset out and point --data-dir at a folder of class folders", family::names())]
    UnknownSet { name: String },
    #[error("{path}: {message}")]
    Folder { path: PathBuf, message: String },
    #[error(
        "{}: the data's classes ({found}) are not the ones the model was trained on ({trained}); point --data-dir at \
         data with the model's classes (a folder of pictures may hold some of them)", dir.display()
    )]
    OtherClasses { dir: PathBuf, found: String, trained: String },
    #[error("{count} of {total} pictures cannot be used; fix or remove them:\n{list}")]
    Pictures { count: usize, total: usize, list: String },
    #[error(transparent)]
    Idx(#[from] crate::IdxError),
}

/// Finds the MNIST files, downloading them into `data/mnist/` if no folder was named and
/// that one is empty. `explicit` is the config's `data.dir` or `--data-dir`.
pub fn locate(explicit: Option<&Path>, mirrors: &[String]) -> Result<MnistFiles, DataError> {
    locate_family(&family::FAMILY[0], explicit, mirrors)
}

/// The folder a member of the family is looked for in: `explicit`, else (MNIST only)
/// `$MNIST_DIR`, else `data/<name>/`.
fn family_dir(set: &Family, explicit: Option<&Path>) -> (PathBuf, &'static str) {
    match (explicit, set.name == "mnist") {
        (None, false) => (PathBuf::from(set.default_dir()), "the default folder"),
        _ => data_dir(explicit),
    }
}

/// [`locate`] for any member of the family.
pub fn locate_family(set: &'static Family, explicit: Option<&Path>, mirrors: &[String]) -> Result<MnistFiles, DataError> {
    let (dir, origin) = family_dir(set, explicit);
    let names = set.names();
    let found: Vec<Option<PathBuf>> = names.iter().map(|name| find(&dir, name)).collect();
    if found.iter().all(Option::is_some) {
        let [a, b, c, d]: [PathBuf; 4] = found.into_iter().flatten().collect::<Vec<_>>().try_into().unwrap();
        return Ok(MnistFiles { train_images: a, train_labels: b, test_images: c, test_labels: d });
    }
    let mnist_dir = if set.name == "mnist" { ", or `MNIST_DIR=DIR`" } else { "" };
    if origin != "the default folder" {
        let missing = names.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(n, _)| format!("{n}[.gz]"));
        return Err(DataError::Missing { name: set.name, dir, origin, missing: missing.collect::<Vec<_>>().join(", "), mnist_dir });
    }
    let fetched = match set.archive {
        None => download::download(&dir, mirrors, &set.files),
        Some((archive, folder)) => download::download_from_archive(&dir, mirrors, &archive, folder, &set.files),
    };
    fetched.map_err(|source| DataError::Download { name: set.name, dir: dir.clone(), source, mnist_dir })?;
    locate_family(set, Some(&dir), mirrors)
}

/// A run's data: its training and test sets and the names of its classes.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub train: MnistDataset,
    pub test: MnistDataset,
    pub classes: Vec<String>,
    /// What was read, for the run's first line: "fashion-mnist in DIR".
    pub origin: String,
}

/// Where `config` says the data is, before anything is read.
pub enum Source {
    Set { set: &'static Family, files: MnistFiles },
    Pictures(PictureFolder),
}

impl Source {
    /// Finds the data (downloading a family member's files into its default folder if no
    /// folder was named); `seed` splits a folder of pictures that has no `test/`.
    pub fn find(config: &DataConfig, seed: u64) -> Result<Self, DataError> {
        let named = match config.dataset.as_deref() {
            Some(name) => Some(family::family(name).ok_or_else(|| DataError::UnknownSet { name: name.into() })?),
            None => None,
        };
        // A folder of pictures named outright is read as one whatever set a recipe names.
        if named.is_none() || config.dir.is_some() {
            let (dir, _) = data_dir(config.dir.as_deref());
            if crate::folder::is_picture_folder(&dir) {
                return Ok(Source::Pictures(PictureFolder::list(&dir, config.test_fraction, seed)?));
            }
        }
        let set = named.unwrap_or(&family::FAMILY[0]);
        Ok(Source::Set { set, files: locate_family(set, config.dir.as_deref(), &download::mirrors(set.mirrors))? })
    }

    pub fn classes(&self) -> Vec<String> {
        match self {
            Source::Set { set, .. } => set.classes.iter().map(|c| c.to_string()).collect(),
            Source::Pictures(folder) => folder.classes.clone(),
        }
    }

    /// Holds the data to a model's classes: a named set must have them all, in order; a
    /// folder of pictures may have some of them, and is labelled by the model's order.
    pub fn adopt_classes(&mut self, trained: &[String]) -> Result<(), DataError> {
        let found = self.classes();
        let dir = match self {
            Source::Set { files, .. } => files.test_images.parent().map(Path::to_path_buf).unwrap_or_default(),
            Source::Pictures(folder) => folder.dir.clone(),
        };
        let other = |found: &[String]| DataError::OtherClasses { dir: dir.clone(), found: found.join(", "), trained: trained.join(", ") };
        match self {
            Source::Set { .. } if found != trained => Err(other(&found)),
            Source::Set { .. } => Ok(()),
            Source::Pictures(folder) => folder.adopt_classes(trained).map_err(|_| other(&found)),
        }
    }

    /// The test set only (`ann eval`, `ann report`).
    pub fn test(&self) -> Result<MnistDataset, DataError> {
        match self {
            Source::Set { set, files } => Ok(MnistDataset::load_set(&files.test_images, &files.test_labels, set)?),
            Source::Pictures(folder) => folder.test(),
        }
    }

    /// Both sets; `seed` orders a folder's training pictures.
    pub fn read(&self, seed: u64) -> Result<Labelled, DataError> {
        let (train, test, origin) = match self {
            Source::Set { set, files } => (
                MnistDataset::load_set(&files.train_images, &files.train_labels, set)?,
                self.test()?,
                format!("{} in {}", set.name, files.train_images.parent().unwrap_or(Path::new(".")).display()),
            ),
            Source::Pictures(folder) => {
                let (train, test) = folder.both(seed)?;
                (train, test, format!("pictures in {}", folder.dir.display()))
            }
        };
        Ok(Labelled { train, test, classes: self.classes(), origin })
    }
}

fn find(dir: &Path, name: &str) -> Option<PathBuf> {
    // Any existing path counts, so that a directory in a file's place is reported as such.
    [dir.join(name), dir.join(format!("{name}.gz"))].into_iter().find(|p| p.exists())
}

/// The MNIST folder of the test suites, absolute. cargo runs each crate's tests in that
/// crate's folder, while people type `MNIST_DIR=../shared/mnist cargo test` at the workspace
/// root: a relative `$MNIST_DIR` is tried from the current folder, then from `workspace`.
/// Unset, `workspace/data/mnist` (where `ann train` downloads), then `workspace/../shared/mnist`.
pub fn test_mnist_dir(workspace: &Path) -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = match mnist_dir_from_env() {
        Some(dir) if dir.is_relative() => vec![dir.clone(), workspace.join(dir)],
        Some(dir) => vec![dir],
        None => vec![workspace.join(DEFAULT_DIR), workspace.join("../shared/mnist")],
    };
    candidates
        .iter()
        .find(|dir| NAMES.iter().all(|name| find(dir, name).is_some()))
        .and_then(|dir| dir.canonicalize().ok())
        .ok_or_else(|| {
            let tried: Vec<String> = candidates.iter().map(|d| d.display().to_string()).collect();
            format!(
                "the tests need the four MNIST files; none found in {}. Run `cargo run --release -- train` \
                 once to download them into data/mnist/, or set MNIST_DIR to a folder that has them",
                tried.join(" or ")
            )
        })
}
