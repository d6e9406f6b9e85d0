//! The characters page's set and run, natively: the set the page trains on is the one
//! `ann train --data-dir` reads from the page's download, the page's run is the manual
//! engine's, its run folder is one `ann` opens, and a zip from anywhere is read with care.
use std::io::Write;
use std::path::Path;

use ann_artifacts::Config;
use ann_data::{DataConfig, Source, order};
use ann_page::characters::{Set, name_problem, splits};
use ann_page::{Controls, Data, PictureSet, SetZip, Settings, Trainer};
use ann_train::{Engine, RunOptions, manual};
use burn::tensor::Device;
use image::{Rgba, RgbaImage};

/// Class names in the order a student made them: not sorted, one not Latin.
const CLASSES: [&str; 3] = ["b", "日", "a"];

/// Drawing `i` of class `k` as a PNG: dark strokes on white, a bar per class (horizontal,
/// vertical, diagonal), moved a little per drawing.
fn drawing(k: usize, i: usize) -> Vec<u8> {
    let mut picture = RgbaImage::from_pixel(120, 120, Rgba([255, 255, 255, 255]));
    let (dx, dy) = ((i * 7 % 11) as i32 - 5, (i * 5 % 9) as i32 - 4);
    for t in 20..100 {
        for w in -4..=4 {
            let (x, y) = match k {
                0 => (t, 60 + w),
                1 => (60 + w, t),
                _ => (t + w, t),
            };
            let (x, y) = ((x + dx).clamp(0, 119) as u32, (y + dy).clamp(0, 119) as u32);
            picture.put_pixel(x, y, Rgba([20, 20, 30, 255]));
        }
    }
    let mut png = Vec::new();
    picture.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}

/// `per_class` drawings of each class, in the order drawn: class by class.
fn drawings(per_class: usize) -> (Vec<String>, Vec<Vec<u8>>, Vec<u8>) {
    let classes = CLASSES.map(String::from).to_vec();
    let (mut files, mut labels) = (Vec::new(), Vec::new());
    for k in 0..classes.len() {
        for i in 0..per_class {
            files.push(drawing(k, i));
            labels.push(k as u8);
        }
    }
    (classes, files, labels)
}

fn inputs(files: &[Vec<u8>]) -> Vec<f32> {
    files.iter().flat_map(|f| ann_preprocess::file::from_bytes(f).unwrap()).collect()
}

/// The set as the page downloads it: `<class>/<NNNN>.png`, numbered in the order drawn.
fn download(classes: &[String], files: &[Vec<u8>], labels: &[u8]) -> Vec<u8> {
    let mut zip = SetZip::new();
    let mut counts = vec![0; classes.len()];
    for (file, &k) in files.iter().zip(labels) {
        zip.try_add(&format!("{}/{:04}.png", classes[k as usize], counts[k as usize]), file).unwrap();
        counts[k as usize] += 1;
    }
    zip.try_finish().unwrap()
}

fn unzip(bytes: &[u8], into: &Path) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    zip.extract(into).unwrap();
}

/// The characters recipe with the page's settings for a small set.
fn recipe(epochs: usize) -> Config {
    let mut config = Config::load(Path::new("characters")).unwrap();
    config.model.layers = [784, 32, 16, 3];
    (config.training.epochs, config.training.batch_size) = (epochs, 10);
    config
}

/// The page's trainer on a set, its controls and distortions set as `config` says: the path
/// `characters.html` takes (`Data.fromSet`, then `new Trainer(…)`).
fn page_trainer(classes: &[String], inputs: &[f32], labels: &[u8], config: &Config) -> Result<Trainer, String> {
    let (d, t) = (&config.data, &config.training);
    let data = Data::try_from_set(&Set { classes, inputs, labels }, d.valid_fraction, Some(d.test_fraction), t.seed as f64)?;
    let controls = Controls {
        hidden1: config.model.layers[1] as f64,
        hidden2: config.model.layers[2] as f64,
        activation_name: "relu",
        batch_size: t.batch_size as f64,
        learning_rate: t.learning_rate,
        final_learning_rate: t.final_learning_rate.unwrap_or(-1.0),
        momentum: t.momentum,
        lambda: t.lambda,
        epochs: t.epochs as f64,
        seed: t.seed as f64,
    };
    let augment = serde_json::to_string(&d.augment).unwrap();
    Trainer::try_new(&data, Settings::from_controls(&data, &controls, Some(&augment))?)
}

/// What `ann train --data-dir dir` reads: training (in its order), validation and test.
fn as_ann_train_reads(dir: &Path, config: &Config) -> (ann_data::MnistDataset, ann_data::MnistDataset, ann_data::MnistDataset, Vec<String>) {
    let data = DataConfig { dir: Some(dir.to_path_buf()), ..config.data.clone() };
    let labelled = Source::find(&data, config.shuffle_seed()).unwrap().read(config.shuffle_seed()).unwrap();
    let (train, valid) = order::split(labelled.train.len(), data.valid_fraction).unwrap();
    (labelled.train.slice(train), labelled.train.slice(valid), labelled.test, labelled.classes)
}

/// A new network draws its weights from the device's one generator: one test at a time.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

#[test]
fn the_page_trains_on_the_splits_ann_train_reads_from_the_downloaded_set() {
    let tmp = tempfile::tempdir().unwrap();
    let (classes, files, labels) = drawings(9);
    let inputs = inputs(&files);
    let config = recipe(1);
    let set = Set { classes: &classes, inputs: &inputs, labels: &labels };
    let page = splits(&set, config.data.valid_fraction, config.data.test_fraction, config.shuffle_seed()).unwrap();
    let names = page.names.clone();
    unzip(&download(&classes, &files, &labels), tmp.path());
    let (train, valid, test, cli_names) = as_ann_train_reads(tmp.path(), &config);
    assert_eq!(names, ["a", "b", "日"]);
    assert_eq!(names, cli_names);
    for (what, ours, theirs) in [("training", &page.train, &train), ("validation", &page.valid, &valid), ("test", &page.test, &test)] {
        assert!(!ours.is_empty(), "no {what} examples");
        assert_eq!(ours.labels(), theirs.labels(), "{what} labels");
        assert_eq!(ours.pixels(), theirs.pixels(), "{what} pixels");
    }
}

#[test]
fn the_page_and_the_manual_engine_train_the_same_weights_on_a_set_with_its_distortions() {
    let _one = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let (classes, files, labels) = drawings(12);
    let mut config = recipe(2);
    assert!(config.data.augment.is_some(), "the characters recipe distorts");
    let inputs = inputs(&files);
    let mut page = page_trainer(&classes, &inputs, &labels, &config).unwrap();
    let initial = page.weights();
    while !page.finished() {
        page.train(1000, 0);
    }
    assert_eq!(page.epoch(), 2);

    unzip(&download(&classes, &files, &labels), tmp.path());
    let (train, _, _, names) = as_ann_train_reads(tmp.path(), &config);
    config.model.classes = names;
    let options = RunOptions {
        backend: ann_backend::Backend::Flex,
        engine: Engine::Manual,
        artifacts: tmp.path().join("run"),
        config_path: "characters".into(),
        resume: false,
        force: false,
    };
    let mut cli = manual::Trainer::new(&config, &Device::flex(), &train);
    for epoch in 1..=2 {
        cli.epoch(epoch, &config, &options).unwrap();
    }
    let (ours, theirs) = (page.weights(), ann_page::weights(&cli.model));
    let worst = ours.iter().zip(&theirs).map(|(p, c)| (p - c).abs()).fold(0.0f32, f32::max);
    let moved = ours.iter().zip(&initial).map(|(p, w0)| (p - w0).abs()).fold(0.0f32, f32::max);
    assert!(moved > 1e-2, "training moved no weight by more than {moved}");
    assert!(worst <= 1e-5, "the page's and the manual engine's weights differ by up to {worst}");
}

#[test]
fn the_page_learns_three_drawn_classes_and_its_run_folder_opens_in_ann() {
    let _one = one_at_a_time();
    let tmp = tempfile::tempdir().unwrap();
    let (classes, files, labels) = drawings(10);
    let inputs = inputs(&files);
    let mut config = recipe(30);
    config.model.layers = [784, 300, 100, 3];
    let mut page = page_trainer(&classes, &inputs, &labels, &config).unwrap();
    while !page.finished() {
        page.train(1000, 0);
    }
    assert!(page.train_accuracy(usize::MAX) >= 0.95, "training accuracy {}", page.train_accuracy(usize::MAX));
    assert_eq!(page.test_accuracy(usize::MAX), 1.0, "a new drawing of each class is read right");

    unzip(&page.run_folder_zip().unwrap(), tmp.path());
    let (saved, _, model) = ann_artifacts::open_run(&tmp.path().join("characters"), ann_backend::Backend::Flex).unwrap();
    assert_eq!(saved.model.class_names(), ["a", "b", "日"]);
    assert_eq!(saved.training.epochs, 30);
    assert_eq!(saved.data.augment, config.data.augment);
    assert_eq!(ann_page::weights(&model), page.weights());
}

#[test]
fn a_set_the_page_cannot_train_on_is_refused_with_what_to_do() {
    let (classes, files, labels) = drawings(3);
    let inputs = inputs(&files);
    let config = recipe(1);
    let refused = |classes: &[String], inputs: &[f32], labels: &[u8]| page_trainer(classes, inputs, labels, &config).err().expect("refused");
    assert!(refused(&classes[..1], &inputs[..3 * 784], &labels[..3]).contains("at least two classes"));
    let one_b: Vec<u8> = labels.iter().map(|&l| if l == 0 { 1 } else { l }).collect();
    let mut one_a = one_b.clone();
    one_a[0] = 0;
    assert!(refused(&classes, &inputs, &one_a).contains("class `b` has one example"));
    assert!(refused(&classes, &inputs, &one_b).contains("class `b` has no examples"));
    let many: Vec<String> = (0..257).map(|i| format!("c{i}")).collect();
    assert!(refused(&many, &[], &[]).contains("at most 256"));
    let mut odd = recipe(1);
    odd.data.augment.as_mut().unwrap().rotate = 400.0;
    let bad = page_trainer(&classes, &inputs, &labels, &odd).err().unwrap();
    assert!(bad.contains("data.augment.rotate"), "{bad}");
}

#[test]
fn class_names_must_make_folders_ann_train_reads() {
    let existing = vec!["a".to_string()];
    for (name, says) in [
        ("", "needs a name"),
        ("  ", "needs a name"),
        (" x", "space"),
        ("a", "already"),
        ("a/b", "folder name"),
        ("..", "dot"),
        (".hidden", "dot"),
        ("train", "split folder"),
        ("x\u{7}", "folder name"),
        ("A", "only in case"),
        ("con", "device name"),
        ("Nul.txt", "device name"),
    ] {
        let problem = name_problem(name, &existing).unwrap_or_else(|| panic!("{name:?} accepted"));
        assert!(problem.contains(says), "{name:?}: {problem}");
    }
    for name in ["日", "ア", "अ", "Ω", "hello", "B", "console"] {
        assert_eq!(name_problem(name, &existing), None, "{name}");
    }
    let full: Vec<String> = (0..256).map(|i| format!("c{i}")).collect();
    assert!(name_problem("new", &full).unwrap().contains("256"));
}

/// A zip written entry by entry: `(name, bytes)`, deflated.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::FileOptions::default().large_file(true)).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_zip_of_pictures_is_read_in_any_folder_layout_and_with_care() {
    let png = drawing(0, 0);
    // One top folder, train/ and test/, a hidden file, macOS's fork folder and a note.
    let set = PictureSet::read(&zip_of(&[
        ("set/train/b/2.png", &png),
        ("set/train/b/1.png", &png),
        ("set/test/a/1.png", &png),
        ("set/.DS_Store", b"x"),
        ("__MACOSX/set/train/b/._1.png", b"x"),
        ("set/README.txt", b"hello"),
    ]))
    .unwrap();
    let listed: Vec<(String, String)> = (0..set.len()).map(|i| (set.class_of(i).unwrap(), set.file_of(i).unwrap())).collect();
    assert_eq!(listed, [("a".into(), "1.png".into()), ("b".into(), "1.png".into()), ("b".into(), "2.png".into())]);
    assert_eq!(set.bytes_of(0).unwrap(), png);
    assert!(set.notes().contains("README.txt"), "{}", set.notes());

    let refused = |bytes: &[u8]| PictureSet::read(bytes).err().expect("refused");
    assert!(refused(&zip_of(&[("../evil/a.png", &png)])).contains("leaves the zip"));
    assert!(refused(&zip_of(&[("a/../b/1.png", &png)])).contains("climbs"));
    // A picture beside the class folders of a zipped folder is in no class; the classes stay.
    let stray = PictureSet::read(&zip_of(&[("set/a/1.png", &png), ("set/b/1.png", &png), ("set/cover.png", &png)])).unwrap();
    let classes: Vec<String> = (0..stray.len()).map(|i| stray.class_of(i).unwrap()).collect();
    assert_eq!(classes, ["a", "b"]);
    assert!(stray.notes().contains("set/cover.png"), "{}", stray.notes());
    assert!(refused(&zip_of(&[("/etc/a/x.png", &png)])).contains("leaves the zip"));
    let whole = zip_of(&[("a/1.png", &png), ("b/1.png", &png)]);
    assert!(refused(&whole[..whole.len() / 2]).contains("cut short"));
    assert!(refused(b"PNG? no, just bytes").contains("not a zip"));
    assert!(refused(&zip_of(&[("a.png", &png), ("notes.txt", b"x")])).contains("no pictures"));
    assert!(refused(&zip_of(&[("a:b/1.png", &png)])).contains("class folder `a:b`"));
    let mut link = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    link.add_symlink("a/1.png", "/etc/passwd", zip::write::FileOptions::default()).unwrap();
    assert!(refused(&link.finish().unwrap().into_inner()).contains("symbolic link"));
    // A bomb: 70 MiB of zeros packs into a few KiB.
    let zeros = vec![0u8; 70 << 20];
    assert!(refused(&zip_of(&[("a/big.png", &zeros)])).contains("at most 64 MiB"));
    let parts: Vec<(String, &[u8])> = (0..9).map(|i| (format!("a/{i}.png"), &zeros[..60 << 20])).collect();
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    assert!(refused(&zip_of(&parts)).contains("at most that"));
}

#[test]
fn a_picture_too_large_to_decode_is_refused_before_it_is_decoded() {
    let why = ann_preprocess::file::from_bytes(&too_wide_png()).unwrap_err();
    assert!(why.contains("too large to decode"), "{why}");
    assert!(ann_preprocess::file::from_bytes(b"").unwrap_err().contains("empty"));
    // In memory (the page) at most 16 megapixels, judged by the header.
    let mut big = Vec::new();
    image::GrayImage::new(4100, 4100).write_to(&mut std::io::Cursor::new(&mut big), image::ImageFormat::Png).unwrap();
    let why = ann_preprocess::file::from_bytes(&big).unwrap_err();
    assert!(why.contains("4100×4100") && why.contains("16 megapixels"), "{why}");
}

/// A PNG one pixel wider than `ann predict` decodes (12,000 a side).
fn too_wide_png() -> Vec<u8> {
    let mut png = Vec::new();
    image::GrayImage::new(12_001, 1).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    png
}
