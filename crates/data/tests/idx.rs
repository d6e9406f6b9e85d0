//! Every kind of damaged IDX file gets its own typed error naming the file.
mod common;

use std::fs;

use ann_data::idx::{IMAGES_MAGIC, LABELS_MAGIC, encode};
use ann_data::{IdxError, MnistDataset};
use burn::data::dataset::Dataset;
use common::{gzip, images, labels};

/// (case, images file name, images bytes, labels bytes, expected error variant).
type Case = (&'static str, &'static str, Vec<u8>, Vec<u8>, &'static str);

fn cases() -> Vec<Case> {
    let good = images(3);
    let mut trailing = good.clone();
    trailing.push(0);
    let gz = gzip(&good);
    vec![
        ("header cut short", "img", good[..10].to_vec(), labels(3), "TruncatedHeader"),
        ("empty file", "img", vec![], labels(3), "TruncatedHeader"),
        ("cut inside an image", "img", good[..16 + 784 + 100].to_vec(), labels(3), "Truncated"),
        ("a labels file in place of images", "img", labels(3), labels(3), "Magic"),
        ("wrong rank", "img", encode(0x0802, &[3, 28], &[0; 84]), labels(3), "Magic"),
        ("not IDX at all", "img", b"hello, world, this is text".to_vec(), labels(3), "Magic"),
        ("zero items", "img", encode(IMAGES_MAGIC, &[0, 28, 28], &[]), labels(0), "Empty"),
        ("billions of items", "img", encode(IMAGES_MAGIC, &[4_000_000_000, 28, 28], &[0; 784]), labels(3), "Truncated"),
        ("huge dimensions", "img", encode(IMAGES_MAGIC, &[1, 65_535, 65_535], &[0; 784]), labels(1), "ImageSize"),
        ("not 28x28", "img", encode(IMAGES_MAGIC, &[1, 14, 56], &[0; 784]), labels(1), "ImageSize"),
        ("trailing bytes", "img", trailing, labels(3), "TrailingBytes"),
        ("plain data named .gz", "img.gz", good.clone(), labels(3), "NotGzip"),
        ("gzip stream cut short", "img.gz", gz[..gz.len() / 2].to_vec(), labels(3), "Gzip"),
        ("label 10 in the file", "img", good.clone(), encode(LABELS_MAGIC, &[3], &[1, 10, 2]), "BadLabel"),
        ("label file cut short", "img", good.clone(), labels(3)[..9].to_vec(), "Truncated"),
        ("images as labels", "img", good.clone(), images(3), "Magic"),
        ("counts differ", "img", good.clone(), labels(4), "CountMismatch"),
    ]
}

fn variant(e: &IdxError) -> &'static str {
    match e {
        IdxError::Io { .. } => "Io",
        IdxError::IsDirectory { .. } => "IsDirectory",
        IdxError::NotGzip { .. } => "NotGzip",
        IdxError::Gzip { .. } => "Gzip",
        IdxError::TruncatedHeader { .. } => "TruncatedHeader",
        IdxError::Magic { .. } => "Magic",
        IdxError::ImageSize { .. } => "ImageSize",
        IdxError::Empty { .. } => "Empty",
        IdxError::Truncated { .. } => "Truncated",
        IdxError::TrailingBytes { .. } => "TrailingBytes",
        IdxError::BadLabel { .. } => "BadLabel",
        IdxError::CountMismatch { .. } => "CountMismatch",
    }
}

#[test]
fn each_damaged_file_gets_its_own_error_naming_the_file() {
    for (case, name, image_bytes, label_bytes, expected) in cases() {
        let dir = tempfile::tempdir().unwrap();
        let (img, lbl) = (dir.path().join(name), dir.path().join("lbl"));
        fs::write(&img, image_bytes).unwrap();
        fs::write(&lbl, label_bytes).unwrap();
        let err = MnistDataset::load(&img, &lbl).expect_err(case);
        assert_eq!(variant(&err), expected, "{case}: {err}");
        let message = err.to_string();
        // Label-file cases name the label file; every other case names the image file.
        let named = if case.starts_with("label") || case == "images as labels" { &lbl } else { &img };
        assert!(message.contains(&*named.to_string_lossy()), "{case}: message does not name the file: {message}");
    }
}

#[test]
fn a_directory_or_a_missing_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let lbl = dir.path().join("lbl");
    fs::write(&lbl, labels(1)).unwrap();
    let err = MnistDataset::load(dir.path(), &lbl).unwrap_err();
    assert!(matches!(err, IdxError::IsDirectory { .. }), "{err}");
    let err = MnistDataset::load(&dir.path().join("absent"), &lbl).unwrap_err();
    assert!(matches!(err, IdxError::Io { .. }), "{err}");
    assert!(err.to_string().contains("absent"));
}

#[test]
fn raw_and_gzip_files_read_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    fs::write(p("img"), images(5)).unwrap();
    fs::write(p("lbl"), labels(5)).unwrap();
    fs::write(p("img.gz"), gzip(&images(5))).unwrap();
    fs::write(p("lbl.gz"), gzip(&labels(5))).unwrap();
    let raw = MnistDataset::load(&p("img"), &p("lbl")).unwrap();
    let gz = MnistDataset::load(&p("img.gz"), &p("lbl.gz")).unwrap();
    assert_eq!(raw.len(), 5);
    assert_eq!(raw.pixels(), gz.pixels());
    assert_eq!(raw.labels(), &[0, 1, 2, 3, 4]);
    let item = raw.get(3).unwrap();
    assert!(item.image.iter().all(|&v| v == 3));
    assert_eq!(item.label, 3);
    assert!(raw.get(5).is_err());
}
