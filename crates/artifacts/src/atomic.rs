//! Files written under a temporary name and renamed: a crash leaves the old complete file or
//! the new one, never half of one.
use std::fs;
use std::path::Path;

use ann_model::Mlp;
use anyhow::Context;
use burn::module::Module;

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
}

/// A model as burnpack.
pub fn write_model(model: &Mlp, path: &Path) -> anyhow::Result<()> {
    let tmp = path.with_extension("tmp.bpk");
    model.clone().save_file(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))
}

