//! The goals for data beyond MNIST, end to end (ignored by default: they need Debian's
//! `dataset-fashion-mnist` and, for the letters, fonts and Python; `.ci/run` runs them):
//! Fashion-MNIST with its own recipe, and letters of writers the recipe never saw.
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{ann, arg, stderr, stdout};

const FASHION: &str = "/usr/share/datasets/fashion-mnist";

#[test]
#[ignore = "needs Debian's dataset-fashion-mnist; run by .ci/run"]
fn fashion_mnist_passes_89_percent_with_its_own_recipe_and_names_its_classes() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("fashion");
    let out = ann(&["train", "--dataset", "fashion-mnist", "--data-dir", FASHION, "--artifacts", arg(&run)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("configs/fashion.toml"), "the set's own recipe: {}", stderr(&out));
    assert!(stdout(&out).contains("57000 train / 3000 valid / 10000 test images"), "{}", stdout(&out));
    let metrics = common::metrics(&run);
    let accuracy = metrics["test_accuracy"].as_f64().unwrap();
    assert!(accuracy >= 0.89, "Fashion-MNIST test accuracy {accuracy}");
    assert_eq!(metrics["classes"][9], "Ankle boot");
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(html.contains("<td>T-shirt/top</td>") && html.contains("<td>Ankle boot</td>"));
    // Evaluated again without naming the data: the run's config remembers the set.
    let out = ann(&["eval", "--artifacts", arg(&run), "--data-dir", FASHION]);
    assert!(stdout(&out).contains(&format!("test accuracy {:.2}%", accuracy * 100.0)), "{}", stdout(&out));
    assert!(stdout(&out).contains("Ankle boot:"), "{}", stdout(&out));
}

/// The letters of `scripts/letters.py --set SET` in `out`.
fn letters(python: &Path, set: &str, out: &Path) {
    let script = common::root().join("scripts/letters.py");
    let made = Command::new(python).arg(script).args(["--set", set, arg(out)]).output().unwrap();
    assert!(made.status.success(), "letters.py --set {set}: {}", String::from_utf8_lossy(&made.stderr));
}

/// "test accuracy 82.02% (1040 images)" → 0.8202.
fn accuracy(eval: &str) -> f64 {
    let percent = eval.split("test accuracy ").nth(1).and_then(|s| s.split('%').next()).unwrap();
    percent.trim().parse::<f64>().unwrap() / 100.0
}

#[test]
#[ignore = "needs ANN_PYTHON (scripts/python-env.sh) and the fonts of scripts/letters.py; run by .ci/run"]
fn letters_of_other_writers_and_pens_are_read_by_the_characters_recipe() {
    let python = PathBuf::from(std::env::var("ANN_PYTHON").expect("ANN_PYTHON: a Python with scripts/letters.py's packages"));
    let tmp = tempfile::tempdir().unwrap();
    let (tuning, heldout, run) = (tmp.path().join("tuning"), tmp.path().join("heldout"), tmp.path().join("run"));
    letters(&python, "tuning", &tuning);
    letters(&python, "heldout", &heldout);
    let out = ann(&["train", "--data-dir", arg(&tuning), "--artifacts", arg(&run)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("configs/characters.toml"), "{}", stderr(&out));
    let tuning_test = common::metrics(&run)["test_accuracy"].as_f64().unwrap();
    let out = ann(&["eval", "--artifacts", arg(&run), "--data-dir", arg(&heldout)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let held_out = accuracy(&stdout(&out));
    eprintln!("letters: tuning test {tuning_test:.4}, held-out writers {held_out:.4}");
    assert!(tuning_test >= 0.97, "tuning set's test accuracy {tuning_test}");
    // Measured 0.82 (docs/characters.md); PyTorch's plain MLP on the same pictures scaled to
    // 28×28 reads 0.08 of them, 0.53 with MNIST's centring.
    assert!(held_out >= 0.75, "held-out writers {held_out}");
    // Predict names the letter.
    let a = heldout.join("test/A");
    let first = std::fs::read_dir(&a).unwrap().map(|e| e.unwrap().path()).min().unwrap();
    let out = ann(&["predict", "--json", "--artifacts", arg(&run), arg(&first)]);
    let answer: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert!(answer["class"].as_str().is_some_and(|c| c.len() == 1 && c.chars().all(|c| c.is_ascii_uppercase())), "{answer}");
}
