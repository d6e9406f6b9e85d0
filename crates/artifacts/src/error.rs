//! What can be wrong with an artifact folder, each naming the folder and what to do.
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ArtifactError {
    #[error(
        "{dir} already holds the artifacts of another run; pass --resume to continue it, \
         --force to replace it, or choose another --artifacts directory"
    )]
    Occupied { dir: PathBuf },
    #[error("{dir} has no checkpoint to resume from (expected {dir}/checkpoint/model-<epoch>.bpk)")]
    NothingToResume { dir: PathBuf },
    #[error("cannot load the model {path}: {message}")]
    BadModel { path: PathBuf, message: String },
    #[error("{dir} is not a finished run: {message}")]
    NotARun { dir: PathBuf, message: String },
}

