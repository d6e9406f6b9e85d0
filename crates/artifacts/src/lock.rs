//! One `ann train` per artifact folder: an exclusive OS lock on `DIR/.lock`, held for the
//! whole run. The kernel releases it when the process ends in any way (kill -9 included), so
//! no stale lock is ever left behind; readers (`ann eval`, `report`, `predict`, `web`) never
//! take it.
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

pub const LOCK: &str = ".lock";

/// The folder is held by another run.
#[derive(Debug, thiserror::Error)]
#[error(
    "{dir} is in use by another `ann train` ({holder}); wait for it to finish, stop it, \
     or choose another --artifacts directory"
)]
pub struct InUse {
    pub dir: PathBuf,
    pub holder: String,
}

/// Held while the value lives.
#[derive(Debug)]
pub struct FolderLock {
    _file: File,
}

/// Creates `dir` if needed and takes its lock without waiting; a folder already locked is an
/// [`InUse`] error naming the process that holds it.
pub fn lock(dir: &Path) -> anyhow::Result<FolderLock> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the artifact directory {}", dir.display()))?;
    let path = dir.join(LOCK);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    if !try_lock(&file) {
        let mut holder = String::new();
        let _ = file.read_to_string(&mut holder);
        let holder = match holder.trim() {
            "" => "another process".to_string(),
            pid => format!("process {pid}"),
        };
        return Err(InUse { dir: dir.into(), holder }.into());
    }
    // Who holds it, for the message a second run prints.
    file.set_len(0)?;
    file.rewind()?;
    write!(file, "{}", std::process::id())?;
    file.flush()?;
    Ok(FolderLock { _file: file })
}

#[cfg(unix)]
fn try_lock(file: &File) -> bool {
    use std::os::fd::AsRawFd;
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn try_lock(file: &File) -> bool {
    file.try_lock().is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_second_lock_on_the_folder_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = super::lock(dir.path()).unwrap();
        let refused = super::lock(dir.path()).unwrap_err();
        let message = refused.to_string();
        assert!(message.contains(&dir.path().display().to_string()), "{message}");
        assert!(message.contains(&format!("process {}", std::process::id())), "{message}");
        assert!(refused.is::<super::InUse>());
        drop(first);
        super::lock(dir.path()).expect("free again once dropped");
    }
}
