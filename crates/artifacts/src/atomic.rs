//! Files written under a temporary name and renamed: a crash leaves the old complete file or
//! the new one, never half of one.
use std::fs;
use std::path::Path;

use ann_model::Mlp;
use burn::module::Module;

/// Replaces `path` by what `write` puts into a temporary file beside it (`path` with the
/// extension `extension`, which the writer may need to recognise the format): [`ann_atomic`].
pub fn replace_file<E: std::fmt::Display>(path: &Path, extension: &str, write: impl FnOnce(&Path) -> Result<(), E>) -> anyhow::Result<()> {
    let tmp = path.with_extension(extension);
    ann_atomic::replace_file(path, extension, write).map_err(|e| match e {
        ann_atomic::Error::Write(e) => anyhow::anyhow!("cannot write {}: {e}", tmp.display()),
        other => anyhow::anyhow!("cannot replace {}: {other}", path.display()),
    })
}

/// Writes `bytes` to `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    replace_file(path, "tmp", |tmp| fs::write(tmp, bytes))
}

/// A model as burnpack.
pub fn write_model(model: &Mlp, path: &Path) -> anyhow::Result<()> {
    replace_file(path, "tmp.bpk", |tmp| model.clone().save_file(tmp))
}

/// A model as burnpack with its class names in the file's metadata (key `classes`, a JSON
/// array in output order), so the file says what its outputs mean.
pub fn write_named_model(model: &Mlp, classes: &[String], path: &Path) -> anyhow::Result<()> {
    use burn::store::{BurnpackStore, ModuleSnapshot};
    let names = serde_json::to_string(classes)?;
    replace_file(path, "tmp.bpk", |tmp| {
        model.save_into(&mut BurnpackStore::from_file(tmp).overwrite(true).metadata("classes", names))
    })
}

