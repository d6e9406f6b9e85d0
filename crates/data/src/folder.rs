//! A folder of labelled pictures as a data set, as torchvision's `ImageFolder` and burn's
//! `ImageFolderDataset` read one: `DIR/train/<class>/…` and `DIR/test/<class>/…`, or
//! `DIR/<class>/…` (or `DIR/train/<class>/…`) alone, split into training and test pictures by
//! a seeded draw. The class names are the folder names, sorted. Every picture is made into the network's 28×28 input by
//! `ann-preprocess`, as `ann predict` makes it, once, and kept in memory.
use std::path::{Path, PathBuf};

use ann_preprocess::walk::{MAX_DEPTH, Walker, hidden};
use indicatif::{ProgressBar, ProgressStyle};

use crate::{DataError, MnistDataset, PIXELS};

pub use ann_model::MAX_CLASSES;

/// Pictures of one split: each file with its class index.
type Listing = Vec<(PathBuf, u8)>;

/// Whether `dir` holds pictures in class folders rather than IDX files: it has sub-folders
/// and no file MNIST's loader would read.
pub fn is_picture_folder(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    let (mut folders, mut idx) = (Vec::new(), false);
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && !hidden(&path) {
            folders.push(path);
        } else if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains("-ubyte")) {
            idx = true;
        }
    }
    // Folders without a single picture (torchvision's `MNIST/raw/`, say) are no data set.
    !idx && folders.iter().any(|f| holds_a_picture(f, 0))
}

/// Whether `folder`, or a folder inside it, holds a picture; stops at the first. It starts
/// one level above [`Walker::pictures`] (at `train/`, above the class folders), so it looks one
/// level deeper.
fn holds_a_picture(folder: &Path, depth: usize) -> bool {
    let Ok(entries) = std::fs::read_dir(folder) else { return false };
    let mut inner = Vec::new();
    for path in entries.flatten().map(|e| e.path()).filter(|p| !hidden(p)) {
        if path.is_file() && ann_preprocess::file::looks_like_image(&path) {
            return true;
        }
        if path.is_dir() && depth < MAX_DEPTH + 1 {
            inner.push(path);
        }
    }
    inner.iter().any(|f| holds_a_picture(f, depth + 1))
}

/// The pictures of `dir`, split and listed; `test_fraction` and `seed` split a folder that
/// has no `train/` and `test/`. Nothing is decoded yet.
pub struct PictureFolder {
    pub dir: PathBuf,
    pub classes: Vec<String>,
    train: Listing,
    test: Listing,
}

impl PictureFolder {
    pub fn list(dir: &Path, test_fraction: f64, seed: u64) -> Result<Self, DataError> {
        // One walk over train and test: a picture linked into both is listed once.
        let mut walker = Walker::new();
        let listed = Self::list_with(dir, test_fraction, seed, &mut walker);
        for note in &walker.notes {
            eprintln!("note: {note}");
        }
        listed
    }

    fn list_with(dir: &Path, test_fraction: f64, seed: u64, walker: &mut Walker) -> Result<Self, DataError> {
        let (train_dir, test_dir) = (dir.join("train"), dir.join("test"));
        if test_dir.is_dir() {
            // A held-out set may be test/ alone: fine to evaluate on, refused for training.
            let train_classes = if train_dir.is_dir() { class_folders(&train_dir)? } else { Vec::new() };
            let test_classes = class_folders(&test_dir)?;
            let classes = if train_classes.is_empty() { test_classes.clone() } else { train_classes };
            if let Some(stray) = test_classes.iter().find(|c| !classes.contains(c)) {
                return Err(DataError::Folder {
                    path: test_dir.join(stray),
                    message: format!("class `{stray}` is in test/ but not in train/ (whose classes are {})", classes.join(", ")),
                });
            }
            check_classes(dir, &classes)?;
            let train = if train_dir.is_dir() { listing(&train_dir, &classes, walker)? } else { Vec::new() };
            let test = listing(&test_dir, &classes, walker)?;
            return Ok(Self { dir: dir.into(), classes, train, test });
        }
        // Class folders with no test/ beside them (in train/ or in DIR itself): a seeded draw
        // per class makes the test set.
        let root = if train_dir.is_dir() { train_dir } else { dir.to_path_buf() };
        let classes = class_folders(&root)?;
        check_classes(&root, &classes)?;
        let all = listing(&root, &classes, walker)?;
        // One picture cannot be both trained on and tested: the class would go untrained.
        if let Some((_, class)) = classes.iter().enumerate().find(|(k, _)| all.iter().filter(|(_, c)| *c as usize == *k).count() < 2) {
            return Err(DataError::Folder {
                path: root.join(class),
                message: format!("class `{class}` has one picture: a class needs at least two, one to train on and one to test"),
            });
        }
        let (train, test) = split_per_class(all, classes.len(), test_fraction, seed);
        Ok(Self { dir: dir.into(), classes, train, test })
    }

    /// The training pictures, in a seeded order (so that validation, the last part, is a
    /// random draw across the classes), and the test pictures, in file order: decoded
    /// together, so that every unreadable file is named at once.
    pub fn both(&self, seed: u64) -> Result<(MnistDataset, MnistDataset), DataError> {
        if self.train.is_empty() {
            return Err(DataError::Folder {
                path: self.dir.join("train"),
                message: "no training pictures: put them in train/<class>/ beside test/, or use the folder with \
                          `ann eval`/`ann predict` only"
                    .into(),
            });
        }
        self.check_test()?;
        let order = crate::order::reading_order(self.train.len(), seed);
        let mut all: Listing = order.into_iter().map(|i| self.train[i].clone()).collect();
        all.extend(self.test.iter().cloned());
        let decoded = decode(&all)?;
        let n = self.train.len();
        Ok((decoded.slice(0..n), decoded.slice(n..all.len())))
    }

    fn check_test(&self) -> Result<(), DataError> {
        if self.test.is_empty() {
            return Err(DataError::Folder {
                path: self.dir.join("test"),
                message: "no test pictures: put some in test/<class>/".into(),
            });
        }
        Ok(())
    }

    /// Labels the pictures by `trained`'s order of names (a model's classes), so that a
    /// held-out folder may hold only some of them; `Err` names the classes `trained` lacks.
    pub fn adopt_classes(&mut self, trained: &[String]) -> Result<(), Vec<String>> {
        let strays: Vec<String> = self.classes.iter().filter(|c| !trained.contains(c)).cloned().collect();
        if !strays.is_empty() {
            return Err(strays);
        }
        let index: Vec<u8> = self.classes.iter().map(|c| trained.iter().position(|t| t == c).unwrap_or(0) as u8).collect();
        for (_, label) in self.train.iter_mut().chain(self.test.iter_mut()) {
            *label = index[*label as usize];
        }
        self.classes = trained.to_vec();
        Ok(())
    }

    /// The test pictures, in file order, decoded.
    pub fn test(&self) -> Result<MnistDataset, DataError> {
        self.check_test()?;
        decode(&self.test)
    }
}

/// The sub-folders of `dir`, sorted by name: the classes.
fn class_folders(dir: &Path) -> Result<Vec<String>, DataError> {
    let bad = |message: String| DataError::Folder { path: dir.into(), message };
    let entries = std::fs::read_dir(dir).map_err(|e| bad(format!("cannot list the folder: {e}")))?;
    let mut classes = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| bad(format!("cannot list the folder: {e}")))?.path();
        if path.is_dir() && !hidden(&path) {
            let name = path.file_name().and_then(|n| n.to_str()).map(str::to_string);
            let name = name.ok_or_else(|| bad(format!("folder name {:?} is not UTF-8; rename it", path.file_name().unwrap_or_default())))?;
            classes.push(name);
        }
    }
    classes.sort();
    Ok(classes)
}

fn check_classes(dir: &Path, classes: &[String]) -> Result<(), DataError> {
    let message = match classes.len() {
        0 => "no class folders: put each class's pictures in a folder named after it (DIR/<class>/… , or \
              DIR/train/<class>/… and DIR/test/<class>/…)"
            .to_string(),
        1 => format!("only one class (`{}`): a classifier needs at least two class folders", classes[0]),
        n if n > MAX_CLASSES => format!("{n} class folders; at most {MAX_CLASSES} classes are supported"),
        _ => return Ok(()),
    };
    Err(DataError::Folder { path: dir.into(), message })
}

/// Every picture of `dir/<class>/` (by extension, sorted), with its class index.
fn listing(dir: &Path, classes: &[String], walker: &mut Walker) -> Result<Listing, DataError> {
    let mut all = Vec::new();
    for (k, class) in classes.iter().enumerate() {
        let folder = dir.join(class);
        if !folder.is_dir() {
            continue;
        }
        let bad = |message: String| DataError::Folder { path: folder.clone(), message };
        let files = walker.pictures(&folder).map_err(|(path, e)| DataError::Folder { path, message: format!("cannot list the folder: {e}") })?;
        if files.is_empty() {
            let extensions = ann_preprocess::file::IMAGE_EXTENSIONS.join(", .");
            return Err(bad(format!("class `{class}` has no pictures (looked for .{extensions})")));
        }
        all.extend(files.into_iter().map(|f| (f, k as u8)));
    }
    Ok(all)
}

/// Each class's pictures drawn into test and train ([`crate::order::split_per_class`]).
fn split_per_class(all: Listing, classes: usize, test_fraction: f64, seed: u64) -> (Listing, Listing) {
    let labels: Vec<u8> = all.iter().map(|(_, k)| *k).collect();
    let (train, test) = crate::order::split_per_class(&labels, classes, test_fraction, seed);
    let mut test: Listing = test.into_iter().map(|i| all[i].clone()).collect();
    test.sort();
    (train.into_iter().map(|i| all[i].clone()).collect(), test)
}

/// Decodes and preprocesses `pictures` on every core, with a progress bar for many of them.
/// Every unreadable file is named in one error.
fn decode(pictures: &Listing) -> Result<MnistDataset, DataError> {
    let bar = ProgressBar::with_draw_target(Some(pictures.len() as u64), indicatif::ProgressDrawTarget::stderr());
    if pictures.len() < 500 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_style(ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({per_sec})").unwrap().progress_chars("=> "));
    bar.set_message("reading the pictures");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let share = pictures.len().div_ceil(cores).max(1);
    let results: Vec<Result<[f32; PIXELS], (PathBuf, String)>> = std::thread::scope(|scope| {
        let parts: Vec<_> = pictures
            .chunks(share)
            .map(|part| {
                let bar = bar.clone();
                scope.spawn(move || {
                    part.iter()
                        .map(|(file, _)| {
                            bar.inc(1);
                            ann_preprocess::file::load(file).map_err(|why| (file.clone(), why))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts.into_iter().flat_map(|p| p.join().expect("reading pictures panicked")).collect()
    });
    bar.finish_and_clear();
    let failures: Vec<String> = results.iter().filter_map(|r| r.as_ref().err()).map(|(f, why)| format!("  {}: {why}", f.display())).collect();
    if !failures.is_empty() {
        let shown = failures.iter().take(10).cloned().collect::<Vec<_>>().join("\n");
        let more = if failures.len() > 10 { format!("\n  … and {} more", failures.len() - 10) } else { String::new() };
        return Err(DataError::Pictures { count: failures.len(), total: pictures.len(), list: format!("{shown}{more}") });
    }
    let mut pixels = Vec::with_capacity(pictures.len() * PIXELS);
    for input in results.into_iter().flatten() {
        pixels.extend(input.iter().copied().map(ann_preprocess::byte));
    }
    Ok(MnistDataset::from_raw(pixels, pictures.iter().map(|(_, k)| *k).collect()))
}
