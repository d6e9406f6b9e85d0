#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root, where `configs/` lives.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The real MNIST folder, absolute (`ann_data::test_mnist_dir`).
pub fn mnist_dir() -> PathBuf {
    ann_data::test_mnist_dir(&root()).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `ann` from the workspace root with the real MNIST folder.
pub fn ann(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(args)
        .current_dir(root())
        .env("MNIST_DIR", mnist_dir())
        .output()
        .unwrap()
}

/// Starts `ann` like [`ann`], with stdout and stderr piped, for tests that signal it.
pub fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(args)
        .current_dir(root())
        .env("MNIST_DIR", mnist_dir())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Asserts a clean failure: the exit code, no panic, and every `needle` in stderr.
pub fn assert_fails(out: &Output, code: i32, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}\nstdout: {}", stdout(out));
    assert!(!err.contains("panicked"), "a panic reached the user: {err}");
    for needle in needles {
        assert!(err.contains(needle), "stderr lacks {needle:?}: {err}");
    }
}

pub fn metrics(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("metrics.json")).unwrap()).unwrap()
}

/// Every weight and bias of the model saved in `dir`, read with the layer sizes of `config`.
pub fn weights(dir: &Path, config: &Path) -> Vec<Vec<f64>> {
    let device = ann_backend::Backend::Ndarray.device().unwrap();
    let config = ann_artifacts::Config::load(config).unwrap();
    let model = ann_artifacts::load_model(dir, &config, &device).unwrap();
    use ann_backprop::check::values;
    model.layers().iter().flat_map(|l| [values(l.weight.val()), values(l.bias.as_ref().unwrap().val())]).collect()
}

/// Writes a config into `dir` and returns its path.
pub fn config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("run.toml");
    std::fs::write(&path, text).unwrap();
    path
}
