//! Where the MNIST files come from: the config or `--data-dir`, then `$MNIST_DIR`, then
//! `data/mnist/`, which is filled by the downloader when empty.
use std::path::{Path, PathBuf};

use crate::download::{self, DownloadError};

/// The four files' names, without the `.gz` that the official copies carry.
pub const NAMES: [&str; 4] =
    ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

/// The folder the files are looked for in (`explicit`, else `$MNIST_DIR`, else
/// [`DEFAULT_DIR`]), and what named it.
pub fn data_dir(explicit: Option<&Path>) -> (PathBuf, &'static str) {
    let env = std::env::var_os("MNIST_DIR").filter(|v| !v.is_empty()).map(PathBuf::from);
    match (explicit, env) {
        (Some(dir), _) => (dir.to_path_buf(), "named by the config or --data-dir"),
        (None, Some(dir)) => (dir, "named by $MNIST_DIR"),
        (None, None) => (PathBuf::from(DEFAULT_DIR), "the default folder"),
    }
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
        "MNIST files missing in {dir} ({origin}): {missing}\n\
         Put the four files there (raw or .gz), or point to a folder that has them with \
         `--data-dir DIR`, `data.dir` in the config, or `MNIST_DIR=DIR`."
    )]
    Missing { dir: PathBuf, origin: &'static str, missing: String },
    #[error(
        "MNIST files missing in {dir} and the download failed:\n{source}\n\
         If this machine is offline, copy the four files from a machine that has them and \
         run with `MNIST_DIR=/path/to/mnist` (or `--data-dir`)."
    )]
    Download { dir: PathBuf, source: DownloadError },
    #[error(transparent)]
    Idx(#[from] crate::IdxError),
}

/// Finds the MNIST files, downloading them into `data/mnist/` if no folder was named and
/// that one is empty. `explicit` is the config's `data.dir` or `--data-dir`.
pub fn locate(explicit: Option<&Path>, mirrors: &[String]) -> Result<MnistFiles, DataError> {
    let (dir, origin) = data_dir(explicit);
    let found: Vec<Option<PathBuf>> = NAMES.iter().map(|name| find(&dir, name)).collect();
    if found.iter().all(Option::is_some) {
        let [a, b, c, d]: [PathBuf; 4] = found.into_iter().flatten().collect::<Vec<_>>().try_into().unwrap();
        return Ok(MnistFiles { train_images: a, train_labels: b, test_images: c, test_labels: d });
    }
    if origin != "the default folder" {
        let missing = NAMES.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(n, _)| format!("{n}[.gz]"));
        return Err(DataError::Missing { dir, origin, missing: missing.collect::<Vec<_>>().join(", ") });
    }
    download::download(&dir, mirrors, &download::MNIST_FILES)
        .map_err(|source| DataError::Download { dir: dir.clone(), source })?;
    locate(Some(&dir), mirrors)
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
    let candidates: Vec<PathBuf> = match std::env::var_os("MNIST_DIR").filter(|v| !v.is_empty()).map(PathBuf::from) {
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
