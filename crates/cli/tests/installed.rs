//! An installed `ann` (a copy of the binary, away from the source tree) works from an empty
//! folder: the recipes are built in, and no `--config` means the default one.
mod common;

use std::path::Path;
use std::process::{Command, Output};

use ann_data::{MnistDataset, PIXELS, locate};
use common::{stderr, stdout};

/// Runs the copy `ann` in `folder`, with only `$MNIST_DIR` to find the data.
fn run(ann: &Path, folder: &Path, args: &[&str]) -> Output {
    Command::new(ann).args(args).current_dir(folder).env("MNIST_DIR", common::mnist_dir()).output().unwrap()
}

#[test]
fn an_installed_copy_trains_predicts_and_evaluates_from_an_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (bin, folder) = (tmp.path().join("bin"), tmp.path().join("anywhere"));
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&folder).unwrap();
    let ann = bin.join("ann");
    std::fs::copy(env!("CARGO_BIN_EXE_ann"), &ann).unwrap();

    // A recipe by name, and the default recipe when none is named.
    let out = run(&ann, &folder, &["train", "--config", "quick", "--artifacts", "quick"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = std::fs::read_to_string(folder.join("quick/config.toml")).unwrap();
    assert!(saved.contains("train_samples = 1000"), "the quick recipe was not the one trained:\n{saved}");
    let out = run(&ann, &folder, &["train", "--epochs", "1", "--artifacts", "default"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = std::fs::read_to_string(folder.join("default/config.toml")).unwrap();
    assert!(saved.contains("[data.augment]"), "no --config did not train the default recipe:\n{saved}");

    let files = locate(Some(&common::mnist_dir()), &[]).unwrap();
    let test = MnistDataset::load(&files.test_images, &files.test_labels).unwrap();
    let digit: &[u8; PIXELS] = test.pixels()[..PIXELS].try_into().unwrap();
    let picture = image::GrayImage::from_fn(28, 28, |x, y| image::Luma([255 - digit[(y * 28 + x) as usize]]));
    picture.save(folder.join("digit.png")).unwrap();
    let out = run(&ann, &folder, &["predict", "--artifacts", "default", "--json", "digit.png"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let answer: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(answer["digit"].as_u64(), Some(test.labels()[0] as u64), "{answer}");

    let out = run(&ann, &folder, &["eval", "--artifacts", "quick", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let eval: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(eval["samples"], 10_000);
    assert!(eval["accuracy"].as_f64().unwrap() > 0.5, "{eval}");

    // A name that is neither a file nor a recipe: the recipes are listed.
    let out = run(&ann, &folder, &["train", "--config", "robuts", "--artifacts", "typo"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("robuts") && stderr(&out).contains("robust, quick"), "{}", stderr(&out));
    // Nothing was written into the folder for the typo.
    assert!(!folder.join("typo").exists());
}
