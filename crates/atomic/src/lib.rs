//! Files replaced whole: written under a temporary name beside their place, flushed to disk,
//! then renamed over it. A crash or a failed write leaves the old complete file (or none) and
//! no half of the new one; the temporary file is removed on failure. The one way `ann` writes
//! its runs, checkpoints, reports and downloads.
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// Why a file could not be replaced.
#[derive(Debug)]
pub enum Error<E> {
    /// The writer failed (its own error).
    Write(E),
    /// Flushing or renaming the temporary file failed.
    Io { path: PathBuf, source: io::Error },
}

impl<E: std::fmt::Display> std::fmt::Display for Error<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Write(e) => write!(f, "{e}"),
            Error::Io { path, source } => write!(f, "cannot finish {}: {source}", path.display()),
        }
    }
}

impl<E: std::fmt::Debug + std::fmt::Display> std::error::Error for Error<E> {}

/// Replaces `path` by what `write` puts into the temporary file `path` with the extension
/// `extension` (some writers need it to recognise the format).
pub fn replace_file<E>(path: &Path, extension: &str, write: impl FnOnce(&Path) -> Result<(), E>) -> Result<(), Error<E>> {
    let tmp = path.with_extension(extension);
    let io = |source| Error::Io { path: tmp.clone(), source };
    let done = write(&tmp)
        .map_err(Error::Write)
        .and_then(|()| File::open(&tmp).and_then(|file| file.sync_all()).map_err(io))
        .and_then(|()| fs::rename(&tmp, path).map_err(io));
    if done.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    done
}

/// Replaces `path` by `bytes`.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error<io::Error>> {
    replace_file(path, "tmp", |tmp| fs::write(tmp, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_a_failed_write_keeps_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("metrics.json");
        write(&path, b"old").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let failed = replace_file(&path, "tmp", |tmp| {
            fs::write(tmp, b"half").unwrap();
            Err("disk full")
        });
        assert!(matches!(failed, Err(Error::Write("disk full"))));
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["metrics.json"], "the temporary file is gone");
    }

    #[test]
    fn a_rename_that_fails_names_the_file_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a non-empty folder: the rename fails.
        let path = dir.path().join("run");
        fs::create_dir_all(path.join("inside")).unwrap();
        let err = write(&path, b"x").unwrap_err();
        assert!(matches!(&err, Error::Io { path: p, .. } if p.ends_with("run.tmp")), "{err}");
        assert!(!dir.path().join("run.tmp").exists());
    }
}
