//! A set of labelled pictures as a zip, laid out as `ann train --data-dir` reads a folder:
//! `<class>/<file>`, perhaps inside one top folder, perhaps split into `train/` and `test/`.
//! A zip comes from anywhere, so it is read defensively: no path leaves it, no link is
//! followed, and what it says it unpacks to is bounded before anything is unpacked.
use std::io::{Cursor, Read, Write};
use std::path::{Component, Path};

use ann_preprocess::walk::hidden;
use wasm_bindgen::prelude::*;
use zip::write::FileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// A set unpacks to at most this much: far more than thousands of drawings need, and within
/// what a browser tab holds beside the zip itself.
pub const MAX_UNPACKED: u64 = 256 << 20;
/// One picture of a set is at most this large.
pub const MAX_PICTURE: u64 = 64 << 20;
/// Entries of a zip read at most.
pub const MAX_ENTRIES: usize = 100_000;

/// The pictures of a zip, each with its class: sorted by class, then by path, as
/// `ann train --data-dir` lists a folder.
#[wasm_bindgen]
pub struct PictureSet {
    pictures: Vec<(String, String, Vec<u8>)>,
    notes: Vec<String>,
}

/// How a zip's entry is named inside the set: its class folder and the rest of its path.
fn place(path: &Path) -> Option<(String, String)> {
    let parts: Vec<&str> = path.components().filter_map(|c| if let Component::Normal(p) = c { p.to_str() } else { None }).collect();
    let (class, rest) = parts.split_first()?;
    (!rest.is_empty()).then(|| (class.to_string(), rest.join("/")))
}

/// Whether any part of `path` is hidden (as `ann train`'s walk skips it) or a macOS fork folder.
fn skipped(path: &Path) -> bool {
    path.components().any(|c| hidden(Path::new(&c)) || c.as_os_str() == "__MACOSX")
}

impl PictureSet {
    pub fn read(bytes: &[u8]) -> Result<Self, String> {
        let mut zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("is not a zip file, or it is cut short ({e}); make it again with a zip tool, or download it again"))?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!("holds {} entries; a set may hold at most {MAX_ENTRIES}", zip.len()));
        }
        // What the entries say they unpack to, judged before any is unpacked.
        let mut declared = 0u64;
        let mut listed = Vec::new();
        let mut notes = Vec::new();
        for i in 0..zip.len() {
            let entry = zip.by_index_raw(i).map_err(|e| format!("entry {i} cannot be read ({e}): the zip is damaged"))?;
            let name = entry.name().to_string();
            // Only plain names: no `..`, `.`, root or drive, even where they would stay inside.
            let path = entry.enclosed_name().map(Path::to_path_buf).filter(|p| p.components().all(|c| matches!(c, Component::Normal(_))));
            let Some(path) = path else {
                return Err(format!("holds `{name}`, a path that leaves the zip's folder or climbs in it; such a zip is refused"));
            };
            if entry.unix_mode().is_some_and(|mode| mode & 0o170000 == 0o120000) {
                return Err(format!("holds `{name}`, a symbolic link; a set holds pictures only"));
            }
            if entry.is_dir() || skipped(&path) {
                continue;
            }
            if !ann_preprocess::file::looks_like_image(&path) {
                notes.push(format!("`{name}` is not a picture (by its name): skipped"));
                continue;
            }
            if entry.size() > MAX_PICTURE {
                return Err(format!("`{name}` unpacks to {} MiB; a picture may have at most {} MiB", entry.size() >> 20, MAX_PICTURE >> 20));
            }
            declared += entry.size();
            if declared > MAX_UNPACKED {
                return Err(format!("unpacks to more than {} MiB; a set may unpack to at most that", MAX_UNPACKED >> 20));
            }
            listed.push((i, name, path));
        }
        let paths: Vec<&Path> = listed.iter().map(|(_, _, p)| p.as_path()).collect();
        let top = one_top_folder(&paths);
        let mut pictures = Vec::new();
        for (i, name, path) in listed {
            let inner: std::path::PathBuf = path.components().skip(above_class(top, &path)).collect();
            let Some((class, file)) = place(&inner) else {
                notes.push(format!("`{name}` is in no class folder: skipped"));
                continue;
            };
            let entry = zip.by_index(i).map_err(|e| format!("`{name}` cannot be read ({e}): the zip is damaged"))?;
            let size = entry.size();
            let mut bytes = Vec::with_capacity(size as usize);
            // Never more than the entry said: a lying header is caught, not believed.
            entry.take(size + 1).read_to_end(&mut bytes).map_err(|e| format!("`{name}` cannot be unpacked ({e}): the zip is damaged or cut short"))?;
            if bytes.len() as u64 != size {
                return Err(format!("`{name}` unpacks to another size than the zip says: the zip is damaged"));
            }
            pictures.push((class, file, bytes));
        }
        if pictures.is_empty() {
            return Err("holds no pictures in class folders (`<class>/<picture>.png`, as a downloaded set is laid out)".into());
        }
        pictures.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        for class in pictures.iter().map(|(c, _, _)| c.as_str()).collect::<std::collections::BTreeSet<_>>() {
            if let Some(problem) = crate::characters::name_problem(class, &[]) {
                return Err(format!("class folder `{class}`: {problem}"));
            }
        }
        Ok(Self { pictures, notes })
    }
}

fn first(path: &Path) -> Option<&str> {
    path.components().next().and_then(|c| c.as_os_str().to_str())
}

fn is_split(name: &str) -> bool {
    name == "train" || name == "test"
}

/// Whether every picture is inside one top folder (a zipped folder) above the class folders:
/// all share their first folder and some lie two folders deep (a stray picture beside the
/// class folders is then in no class).
fn one_top_folder(paths: &[&Path]) -> bool {
    let top = paths.first().and_then(|p| first(p));
    top.is_some_and(|t| !is_split(t))
        && paths.iter().all(|p| first(p) == top && p.components().count() >= 2)
        && paths.iter().any(|p| p.components().count() >= 3)
}

/// How many folders of `path` lie above its class folder: the top folder, then `train/` or `test/`.
fn above_class(top: bool, path: &Path) -> usize {
    let skip = usize::from(top);
    let next = path.components().nth(skip).and_then(|c| c.as_os_str().to_str());
    skip + usize::from(next.is_some_and(is_split) && path.components().count() >= skip + 3)
}

#[wasm_bindgen]
impl PictureSet {
    #[wasm_bindgen(getter)]
    pub fn len(&self) -> usize {
        self.pictures.len()
    }

    /// The class (folder name) of picture `i`.
    pub fn class_of(&self, i: usize) -> Option<String> {
        self.pictures.get(i).map(|(c, _, _)| c.clone())
    }

    /// The file name of picture `i` within its class folder.
    pub fn file_of(&self, i: usize) -> Option<String> {
        self.pictures.get(i).map(|(_, f, _)| f.clone())
    }

    /// The file's bytes.
    pub fn bytes_of(&self, i: usize) -> Option<Vec<u8>> {
        self.pictures.get(i).map(|(_, _, b)| b.clone())
    }

    /// What was passed by, one line each.
    #[wasm_bindgen(getter)]
    pub fn notes(&self) -> String {
        self.notes.join("\n")
    }
}

/// A zip from a set's pictures (or a run folder's files), one entry at a time.
#[wasm_bindgen]
pub struct SetZip {
    zip: ZipWriter<Cursor<Vec<u8>>>,
}

impl Default for SetZip {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl SetZip {
    #[wasm_bindgen(constructor)]
    pub fn new() -> SetZip {
        SetZip { zip: ZipWriter::new(Cursor::new(Vec::new())) }
    }

    /// Adds `bytes` as `path` (`<class>/<file>`); a path that would leave the folder it is
    /// unpacked into is refused.
    pub fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), JsError> {
        self.try_add(path, bytes).map_err(|e| JsError::new(&e))
    }

    /// The zip's bytes.
    pub fn finish(self) -> Result<Vec<u8>, JsError> {
        self.try_finish().map_err(|e| JsError::new(&e))
    }
}

impl SetZip {
    pub fn try_add(&mut self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let safe = Path::new(path).components().all(|c| matches!(c, Component::Normal(_)));
        if !safe || path.is_empty() || path.contains('\\') {
            return Err(format!("`{path}` is no path inside a zip"));
        }
        // Pictures are compressed already; storing them keeps the zip quick to make.
        let options = FileOptions::default().compression_method(CompressionMethod::Stored).large_file(bytes.len() as u64 >= u32::MAX as u64);
        self.zip.start_file(path, options).map_err(|e| e.to_string())?;
        self.zip.write_all(bytes).map_err(|e| e.to_string())
    }

    pub fn try_finish(mut self) -> Result<Vec<u8>, String> {
        self.zip.finish().map(Cursor::into_inner).map_err(|e| e.to_string())
    }
}

/// The largest picture file a set may hold (the page refuses a larger loose one unread).
#[wasm_bindgen]
pub fn max_picture_bytes() -> usize {
    MAX_PICTURE as usize
}

/// Reads a zip of pictures (see [`PictureSet`]); the error says what is wrong with it.
#[wasm_bindgen]
pub fn read_set(bytes: &[u8]) -> Result<PictureSet, JsError> {
    PictureSet::read(bytes).map_err(|e| JsError::new(&e))
}
