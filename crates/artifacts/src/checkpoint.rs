//! Checkpoints: `checkpoint/<part>-<epoch>.bpk`, written whole or not at all.
use std::fs;
use std::path::{Path, PathBuf};

use ann_model::Mlp;
use anyhow::Context;
use burn::train::checkpoint::{Checkpoint, Checkpointer, CheckpointerError, FileCheckpointer};

use crate::atomic::{replace_file, write_model};

pub const CHECKPOINTS: &str = "checkpoint";

/// What a Learner checkpoint of one epoch consists of: `<part>-<epoch>.bpk` each.
pub const LEARNER_PARTS: [&str; 3] = ["model", "optim", "scheduler"];

/// `checkpoint/<part>-<epoch>.bpk`: the names burn's checkpointers use, for both engines.
pub fn checkpoint_file(dir: &Path, part: &str, epoch: usize) -> PathBuf {
    dir.join(CHECKPOINTS).join(format!("{part}-{epoch}.bpk"))
}

/// The newest epoch for which every one of `parts` was written completely.
pub fn last_checkpoint(dir: &Path, parts: &[&str]) -> Option<usize> {
    let entries = fs::read_dir(dir.join(CHECKPOINTS)).ok()?;
    entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_prefix("model-")?.strip_suffix(".bpk")?.parse::<usize>().ok())
        .filter(|&epoch| parts.iter().all(|part| checkpoint_file(dir, part, epoch).is_file()))
        .max()
}

/// burn's `FileCheckpointer`, except that each file is written under a temporary name and
/// renamed: a `kill -9` leaves the old complete files and, at most, a stray `*.tmp.bpk`.
pub struct AtomicCheckpointer {
    files: FileCheckpointer,
    dir: PathBuf,
    part: &'static str,
}

impl AtomicCheckpointer {
    pub fn new(dir: &Path, part: &'static str) -> Self {
        Self { files: FileCheckpointer::new(dir.join(CHECKPOINTS), part), dir: dir.into(), part }
    }
}

impl<R: Checkpoint> Checkpointer<R> for AtomicCheckpointer {
    fn save(&self, epoch: usize, record: R) -> Result<(), CheckpointerError> {
        let path = checkpoint_file(&self.dir, self.part, epoch);
        replace_file(&path, "tmp.bpk", |tmp| record.save(tmp.to_path_buf()))
            .map_err(|e| CheckpointerError::IOError(std::io::Error::other(format!("{e:#}"))))
    }

    fn delete(&self, epoch: usize) -> Result<(), CheckpointerError> {
        Checkpointer::<R>::delete(&self.files, epoch)
    }

    fn restore(&self, epoch: usize) -> Result<R, CheckpointerError> {
        self.files.restore(epoch)
    }
}

/// `checkpoint/model-<epoch>.bpk`, the name burn's Learner checkpoints use.
pub fn save_checkpoint(model: &Mlp, dir: &Path, epoch: usize) -> anyhow::Result<()> {
    let folder = dir.join(CHECKPOINTS);
    fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
    write_model(model, &checkpoint_file(dir, "model", epoch))
}

