//! Finding the pictures in a folder: the one walk behind `ann predict DIR` and a folder of
//! labelled pictures used as a data set (`--data-dir`). Folders inside folders are read (one
//! per writer, say), as torchvision's `ImageFolder` reads them; hidden files and folders are
//! skipped. A linked folder is followed at most once and never back up the tree, so a link
//! loop adds nothing and no picture is counted twice; FIFOs, sockets and devices are passed by
//! with a note rather than opened (reading a FIFO would wait forever).
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::file::looks_like_image;

/// Folders deeper than this inside the folder walked are not read.
pub const MAX_DEPTH: usize = 8;

/// One walk over a data set: what it has seen is remembered across [`Walker::pictures`] calls,
/// so a picture reachable from two class folders belongs to the first only.
pub struct Walker {
    /// Folders (resolved) already read.
    folders: HashSet<PathBuf>,
    /// Pictures (resolved) already listed.
    files: HashSet<PathBuf>,
    /// What was passed by, one line each, for the user.
    pub notes: Vec<String>,
}

impl Default for Walker {
    fn default() -> Self {
        Self::new()
    }
}

impl Walker {
    pub fn new() -> Self {
        Self { folders: HashSet::new(), files: HashSet::new(), notes: Vec::new() }
    }

    /// The pictures in `folder` and the folders inside it, sorted by path. An unreadable
    /// folder is an error naming it.
    pub fn pictures(&mut self, folder: &Path) -> Result<Vec<PathBuf>, (PathBuf, io::Error)> {
        let resolved = folder.canonicalize().map_err(|e| (folder.to_path_buf(), e))?;
        let mut found = Vec::new();
        if self.folders.insert(resolved.clone()) {
            self.walk(folder, &mut vec![resolved], &mut found)?;
        }
        found.sort();
        Ok(found)
    }

    /// `ancestors`: the resolved folders from the walk's start down to `folder`.
    fn walk(&mut self, folder: &Path, ancestors: &mut Vec<PathBuf>, found: &mut Vec<PathBuf>) -> Result<(), (PathBuf, io::Error)> {
        let mut entries: Vec<PathBuf> =
            fs::read_dir(folder).map_err(|e| (folder.to_path_buf(), e))?.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries.into_iter().filter(|p| !hidden(p)) {
            // Links followed: the target's type decides; a dangling link has none.
            let meta = match fs::metadata(&path) {
                Ok(meta) => meta,
                Err(_) if path.is_symlink() => {
                    self.notes.push(format!("{}: a link to nothing, skipped", path.display()));
                    continue;
                }
                Err(_) => continue,
            };
            if meta.is_dir() {
                let Ok(resolved) = path.canonicalize() else { continue };
                if ancestors.iter().any(|a| a.starts_with(&resolved)) {
                    self.notes.push(format!("{}: links back up to {}, skipped", path.display(), resolved.display()));
                } else if ancestors.len() > MAX_DEPTH {
                    self.notes.push(format!("{}: deeper than {MAX_DEPTH} folders, skipped", path.display()));
                } else if self.folders.insert(resolved.clone()) {
                    ancestors.push(resolved);
                    let walked = self.walk(&path, ancestors, found);
                    ancestors.pop();
                    walked?;
                }
            } else if meta.is_file() {
                if looks_like_image(&path) && self.files.insert(path.canonicalize().unwrap_or_else(|_| path.clone())) {
                    found.push(path);
                }
            } else {
                self.notes.push(format!("{}: not a regular file (a FIFO, socket or device), skipped", path.display()));
            }
        }
        Ok(())
    }
}

/// Whether the name starts with a dot.
pub fn hidden(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, b"not decoded by the walk").unwrap();
    }

    fn names(root: &Path, files: &[PathBuf]) -> Vec<String> {
        files.iter().map(|f| f.strip_prefix(root).unwrap().to_string_lossy().into_owned()).collect()
    }

    #[test]
    fn nested_folders_are_read_and_hidden_entries_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        picture(&root.join("a.png"));
        picture(&root.join("writer1/b.png"));
        picture(&root.join("writer1/deeper/c.jpg"));
        picture(&root.join(".hidden.png"));
        picture(&root.join(".cache/d.png"));
        fs::write(root.join("notes.txt"), b"text").unwrap();
        let files = Walker::new().pictures(root).unwrap();
        assert_eq!(names(root, &files), ["a.png", "writer1/b.png", "writer1/deeper/c.jpg"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_back_up_adds_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        picture(&root.join("A/1.png"));
        picture(&root.join("A/2.png"));
        std::os::unix::fs::symlink("..", root.join("A/up")).unwrap();
        std::os::unix::fs::symlink(".", root.join("A/here")).unwrap();
        let mut walker = Walker::new();
        let files = walker.pictures(&root.join("A")).unwrap();
        assert_eq!(names(root, &files), ["A/1.png", "A/2.png"]);
        assert_eq!(walker.notes.len(), 2, "{:?}", walker.notes);
        assert!(walker.notes.iter().all(|n| n.contains("links back up")), "{:?}", walker.notes);
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_is_followed_once_and_no_picture_is_listed_twice() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, outside) = (tmp.path().join("set"), tmp.path().join("more"));
        picture(&outside.join("x.png"));
        picture(&root.join("A/a.png"));
        std::os::unix::fs::symlink(&outside, root.join("A/more1")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("A/more2")).unwrap();
        std::os::unix::fs::symlink(root.join("A/a.png"), root.join("A/again.png")).unwrap();
        // A second class folder linking to the same pictures gets none of them again.
        fs::create_dir_all(root.join("B")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("B/more")).unwrap();
        picture(&root.join("B/b.png"));
        let mut walker = Walker::new();
        let a = walker.pictures(&root.join("A")).unwrap();
        let b = walker.pictures(&root.join("B")).unwrap();
        assert_eq!(names(&root, &a), ["A/a.png", "A/more1/x.png"]);
        assert_eq!(names(&root, &b), ["B/b.png"]);
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_dangling_links_are_skipped_with_a_note() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        picture(&root.join("a.png"));
        let fifo = root.join("pipe.png");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        std::os::unix::fs::symlink(root.join("gone.png"), root.join("dangling.png")).unwrap();
        let mut walker = Walker::new();
        let files = walker.pictures(root).unwrap();
        assert_eq!(names(root, &files), ["a.png"]);
        assert!(walker.notes.iter().any(|n| n.contains("pipe.png") && n.contains("FIFO")), "{:?}", walker.notes);
        assert!(walker.notes.iter().any(|n| n.contains("dangling.png")), "{:?}", walker.notes);
    }

    #[test]
    fn an_unreadable_folder_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("nope");
        let (path, _) = Walker::new().pictures(&missing).unwrap_err();
        assert_eq!(path, missing);
    }
}
