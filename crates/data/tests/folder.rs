//! A folder of labelled pictures as a data set: the layouts, the seeded split, the class
//! names, and what each picture becomes.
use std::path::Path;

use ann_data::{DataConfig, Source};
use burn::data::dataset::Dataset;

/// A picture of a bar: vertical for class `v`, horizontal for `h`, `12 + 2i` pixels long (so
/// each looks different once scaled into the 20-pixel box).
fn bar(path: &Path, vertical: bool, i: u32) {
    let half = 6 + i % 8;
    let picture = image::GrayImage::from_fn(40, 40, |x, y| {
        let (along, across) = if vertical { (y, x) } else { (x, y) };
        let ink = (20 - half..20 + half).contains(&along) && (18..22).contains(&across);
        image::Luma([if ink { 20 } else { 240 }])
    });
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    picture.save(path).unwrap();
}

/// `root/h/*.png` and `root/v/*.png`, `n` of each.
fn bars(root: &Path, n: u32) {
    for i in 0..n {
        bar(&root.join("h").join(format!("{i}.png")), false, i);
        bar(&root.join("v").join(format!("{i}.png")), true, i);
    }
}

fn config(dir: &Path, test_fraction: f64) -> DataConfig {
    DataConfig { dir: Some(dir.into()), test_fraction, ..Default::default() }
}

#[test]
fn a_flat_folder_is_split_per_class_by_a_seeded_draw() {
    let tmp = tempfile::tempdir().unwrap();
    bars(tmp.path(), 8);
    let read = |seed: u64| Source::find(&config(tmp.path(), 0.25), seed).unwrap().read(seed).unwrap();
    let data = read(3);
    assert_eq!(data.classes, ["h", "v"]);
    assert_eq!((data.train.len(), data.test.len()), (12, 4));
    // Two test pictures of each class, in file order; both classes among the training ones.
    assert_eq!(data.test.labels(), [0, 0, 1, 1]);
    assert!(data.train.labels().contains(&0) && data.train.labels().contains(&1));
    // The same seed, the same split and order; another seed, another split.
    let again = read(3);
    assert_eq!((again.train.pixels(), again.test.pixels()), (data.train.pixels(), data.test.pixels()));
    assert!(read(4).test.pixels() != data.test.pixels(), "another seed drew the same test pictures");
    // Every picture once: the pixel sums of train and test together are those of all 16.
    let sum = |d: &ann_data::MnistDataset| d.pixels().iter().map(|&p| p as u64).sum::<u64>();
    let whole = Source::find(&config(tmp.path(), 0.5), 9).unwrap().read(9).unwrap();
    assert_eq!(sum(&data.train) + sum(&data.test), sum(&whole.train) + sum(&whole.test));
}

#[test]
fn pictures_become_mnist_like_inputs_with_their_class() {
    let tmp = tempfile::tempdir().unwrap();
    bars(&tmp.path().join("train"), 3);
    bars(&tmp.path().join("test"), 2);
    let data = Source::find(&config(tmp.path(), 0.2), 0).unwrap().read(0).unwrap();
    assert_eq!((data.train.len(), data.test.len()), (6, 4));
    for i in 0..data.test.len() {
        let item = data.test.get(i).unwrap();
        // White ink on black, a 20-pixel-long bar: ink along one axis, centred.
        let (rows, cols): (Vec<usize>, Vec<usize>) =
            (0..784).filter(|&p| item.image[p] > 128).map(|p| (p / 28, p % 28)).unzip();
        let span = |v: &[usize]| v.iter().max().unwrap() - v.iter().min().unwrap() + 1;
        let (tall, wide) = (span(&rows), span(&cols));
        if item.label == 1 { assert!(tall > 2 * wide, "v: {tall}×{wide}") } else { assert!(wide > 2 * tall, "h: {tall}×{wide}") }
        assert!(item.image[..28].iter().all(|&p| p == 0), "the border stays empty");
    }
}

#[test]
fn train_without_test_is_split_and_test_without_train_only_evaluates() {
    let tmp = tempfile::tempdir().unwrap();
    let only_train = tmp.path().join("a");
    bars(&only_train.join("train"), 5);
    let data = Source::find(&config(&only_train, 0.2), 1).unwrap().read(1).unwrap();
    assert_eq!((data.train.len(), data.test.len()), (8, 2));

    let only_test = tmp.path().join("b");
    bars(&only_test.join("test"), 2);
    let source = Source::find(&config(&only_test, 0.2), 1).unwrap();
    assert_eq!(source.test().unwrap().len(), 4);
    let err = source.read(1).unwrap_err().to_string();
    assert!(err.contains("no training pictures") && err.contains(&only_test.join("train").display().to_string()), "{err}");
}

#[test]
fn pictures_in_folders_inside_a_class_count_and_hidden_ones_do_not() {
    let tmp = tempfile::tempdir().unwrap();
    bars(tmp.path(), 2);
    bar(&tmp.path().join("h").join("writer-2").join("a.png"), false, 5);
    bar(&tmp.path().join("v").join("writer-2").join("pen").join("b.png"), true, 6);
    bar(&tmp.path().join("v").join(".thumbnails").join("c.png"), true, 7);
    std::fs::write(tmp.path().join("v").join("notes.txt"), "not a picture").unwrap();
    let data = Source::find(&config(tmp.path(), 0.5), 0).unwrap().read(0).unwrap();
    assert_eq!(data.train.len() + data.test.len(), 6);
}

#[test]
fn only_folders_that_hold_pictures_are_a_picture_folder() {
    use ann_data::folder::is_picture_folder;
    let tmp = tempfile::tempdir().unwrap();
    // torchvision's MNIST layout: a folder of folders of IDX files, no pictures.
    let raw = tmp.path().join("torchvision");
    std::fs::create_dir_all(raw.join("MNIST").join("raw")).unwrap();
    std::fs::write(raw.join("MNIST").join("raw").join("t10k-labels-idx1-ubyte"), [0u8; 8]).unwrap();
    assert!(!is_picture_folder(&raw));
    // Pictures two folders down, and a hidden folder of them that does not count.
    let nested = tmp.path().join("nested");
    bar(&nested.join("train").join("h").join("0.png"), false, 0);
    assert!(is_picture_folder(&nested));
    let hidden = tmp.path().join("hidden");
    bar(&hidden.join(".cache").join("0.png"), false, 0);
    assert!(!is_picture_folder(&hidden));
}
