//! People's own digits read by `ann predict` as well as the test set: the tuning
//! set the preprocessing was tuned on (`crates/preprocess/tests/user_style/`), and two sets it
//! never saw, made by `scripts/heldout_digits.py` (another generator, seed and variations, and
//! scikit-learn's 8×8 digits from other writers). Nothing is committed but the generators.
//!
//! Needs a Python with numpy, Pillow and scikit-learn:
//! `ANN_PYTHON=$(scripts/python-env.sh | tail -1)`, then `.venv/bin/pip install pillow scikit-learn`.
mod common;
#[path = "../../preprocess/tests/user_style/mod.rs"]
mod user_style;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use ann_data::{MnistDataset, PIXELS, locate};
use common::{ann, stderr, stdout};

/// One set: the folder of pictures and, per file name, (true digit, group).
struct Set {
    dir: PathBuf,
    truth: BTreeMap<String, (u8, String)>,
}

/// The tuning set: the first `n` test digits as `user_style` makes them.
fn tuning_set(dir: &Path, n: usize) -> Set {
    let files = locate(Some(&common::mnist_dir()), &[]).unwrap();
    let test = MnistDataset::load(&files.test_images, &files.test_labels).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let mut truth = BTreeMap::new();
    for i in 0..n {
        let digit: &[u8; PIXELS] = test.pixels()[i * PIXELS..(i + 1) * PIXELS].try_into().unwrap();
        let (bytes, extension) = user_style::user_style(digit, i);
        let name = format!("{i:05}.{extension}");
        std::fs::write(dir.join(&name), bytes).unwrap();
        // user_style's stroke change: index % 3 = 0 thicker, 1 thinner, 2 as written.
        let group = ["thick", "thin", "unchanged"][i % 3];
        truth.insert(name, (test.labels()[i], group.to_string()));
    }
    Set { dir: dir.to_path_buf(), truth }
}

fn python() -> String {
    std::env::var("ANN_PYTHON").unwrap_or_else(|_| {
        panic!("set ANN_PYTHON to a Python with numpy, Pillow and scikit-learn (scripts/python-env.sh, then pip install pillow scikit-learn)")
    })
}

/// A held-out set made by `scripts/heldout_digits.py` (`which`: mnist or sklearn).
fn heldout_set(which: &str, dir: &Path) -> Set {
    let script = common::root().join("scripts/heldout_digits.py");
    let mut command = Command::new(python());
    command.arg(&script).arg(which).arg("--out").arg(dir);
    if which == "mnist" {
        command.arg("--mnist").arg(common::mnist_dir());
    } else {
        command.args(["--count", "200"]);
    }
    let out = command.output().unwrap_or_else(|e| panic!("cannot run {}: {e}", python()));
    assert!(out.status.success(), "{} {which}: {}", script.display(), String::from_utf8_lossy(&out.stderr));
    let labels = std::fs::read_to_string(dir.join("labels.tsv")).unwrap();
    let truth = labels
        .lines()
        .skip(1)
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields[0].to_string(), (fields[1].parse().unwrap(), fields[2].to_string()))
        })
        .collect();
    Set { dir: dir.to_path_buf(), truth }
}

/// Fraction read right by `ann predict --json`, overall ("all") and per group.
fn accuracy(artifacts: &Path, set: &Set) -> BTreeMap<String, f64> {
    let out = ann(&["predict", "--artifacts", artifacts.to_str().unwrap(), "--json", set.dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in stdout(&out).lines() {
        let answer: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = Path::new(answer["file"].as_str().unwrap()).file_name().unwrap().to_str().unwrap().to_string();
        let Some((label, group)) = set.truth.get(&file) else { panic!("{file} is not in the set") };
        let right = answer["digit"].as_u64().unwrap() == *label as u64;
        for key in ["all", group.as_str()] {
            let entry = counts.entry(key.to_string()).or_default();
            entry.0 += right as usize;
            entry.1 += 1;
        }
    }
    assert_eq!(counts["all"].1, set.truth.len(), "every picture gets an answer");
    counts.into_iter().map(|(k, (right, n))| (k, right as f64 / n as f64)).collect()
}

/// Test accuracy and seconds of training `config` into `dir`.
fn train(config: &str, dir: &Path) -> (f64, f64) {
    let start = std::time::Instant::now();
    let metrics = common::train(config, dir, &[]);
    (metrics["test_accuracy"].as_f64().unwrap(), start.elapsed().as_secs_f64())
}

fn show(name: &str, figures: &BTreeMap<String, f64>) -> String {
    figures.iter().map(|(k, v)| format!("{k} {:.2}%", v * 100.0)).collect::<Vec<_>>().join(", ") + &format!(" ({name})")
}

/// The three sets, made once per test into `tmp`.
fn sets(tmp: &Path) -> (Set, Set, Set) {
    (tuning_set(&tmp.join("tuning"), 1000), heldout_set("mnist", &tmp.join("heldout")), heldout_set("sklearn", &tmp.join("sklearn")))
}

/// `configs/NAME.toml` trained, and the three sets read by it: test accuracy, then the tuning,
/// held-out and scikit-learn figures (printed too).
fn trained_and_read(name: &str) -> (f64, BTreeMap<String, f64>, BTreeMap<String, f64>, BTreeMap<String, f64>) {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join(name);
    let (test, seconds) = train(&format!("configs/{name}.toml"), &run);
    let (tuning, heldout, sklearn) = sets(tmp.path());
    let (t, h, s) = (accuracy(&run, &tuning), accuracy(&run, &heldout), accuracy(&run, &sklearn));
    eprintln!("{name} model: test {:.2}% ({seconds:.1} s)", test * 100.0);
    eprintln!("  {}\n  {}\n  {}", show("tuning", &t), show("held-out", &h), show("scikit-learn", &s));
    (test, t, h, s)
}

#[test]
#[ignore = "needs Python with numpy, Pillow and scikit-learn: ANN_PYTHON"]
fn the_default_model_reads_own_digits_on_the_tuning_and_held_out_sets() {
    let (test, t, h, s) = trained_and_read("default");
    // The goals: 97% of each set, and no worse on MNIST's test set than without distortions (97.69%).
    assert!(test >= 0.9769, "test accuracy {:.2}%", test * 100.0);
    assert!(t["all"] >= 0.97, "tuning set {}", show("tuning", &t));
    assert!(t["thick"] >= 0.95 && t["thin"] >= 0.95, "tuning set strokes {}", show("tuning", &t));
    assert!(h["all"] >= 0.97, "held-out set {}", show("held-out", &h));
    assert!(h["thick"] >= 0.95 && h["thin"] >= 0.95, "held-out strokes {}", show("held-out", &h));
    assert!(s["all"] >= SKLEARN_DEFAULT, "scikit-learn digits {}", show("scikit-learn", &s));
}

#[test]
#[ignore = "needs Python with numpy, Pillow and scikit-learn: ANN_PYTHON"]
fn the_robust_model_reads_own_digits_on_the_tuning_and_held_out_sets() {
    let (test, t, h, s) = trained_and_read("robust");
    assert!(test >= ROBUST_TEST, "test accuracy {:.2}%", test * 100.0);
    assert!(t["all"] >= ROBUST_TUNING, "tuning set {}", show("tuning", &t));
    assert!(h["all"] >= ROBUST_HELDOUT, "held-out set {}", show("held-out", &h));
    assert!(s["all"] >= ROBUST_SKLEARN, "scikit-learn digits {}", show("scikit-learn", &s));
}

#[test]
#[ignore = "needs Python with numpy, Pillow and scikit-learn: ANN_PYTHON"]
fn the_held_out_generator_is_deterministic_and_says_what_is_wrong() {
    let tmp = tempfile::tempdir().unwrap();
    let script = common::root().join("scripts/heldout_digits.py");
    let make = |dir: &Path, args: &[&str]| {
        Command::new(python()).arg(&script).args(args).arg("--out").arg(dir).output().unwrap()
    };
    let mnist = common::mnist_dir();
    let args = ["mnist", "--count", "12", "--mnist", mnist.to_str().unwrap()];
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert!(make(&a, &args).status.success());
    assert!(make(&b, &args).status.success());
    let labels = std::fs::read_to_string(a.join("labels.tsv")).unwrap();
    assert_eq!(labels, std::fs::read_to_string(b.join("labels.tsv")).unwrap());
    for line in labels.lines().skip(1) {
        let file = line.split('\t').next().unwrap();
        assert_eq!(std::fs::read(a.join(file)).unwrap(), std::fs::read(b.join(file)).unwrap(), "{file} differs between runs");
    }
    // Not the tuning set's digits: the held-out set starts at test digit 7000.
    assert!(labels.lines().count() == 13, "{labels}");
    let out = make(&tmp.path().join("c"), &["mnist", "--mnist", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("t10k-images-idx3-ubyte not found"), "{}", String::from_utf8_lossy(&out.stderr));
}

// Measured on 2026-12-01 (docs/own-digits.md). There is no goal for the default
// model on scikit-learn's digits: its measured 91.0% less about one standard error of a
// 200-picture set. The robust model's tuning-set figure met its goal (98.8%) with nothing to
// spare, and training differs in the last bits between CPUs whose kernels differ: the test
// leaves it 3 pictures (0.3 points).
const SKLEARN_DEFAULT: f64 = 0.89;
const ROBUST_TEST: f64 = 0.989;
const ROBUST_TUNING: f64 = 0.985;
const ROBUST_HELDOUT: f64 = 0.988;
const ROBUST_SKLEARN: f64 = 0.92;
