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

/// A quick model for `ann web` to serve (`configs/quick.toml`), trained into `tmp/run`.
pub fn trained(tmp: &Path) -> PathBuf {
    let dir = tmp.join("run");
    let out = ann(&["train", "--config", "configs/quick.toml", "--artifacts", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

/// A stand-in for the page's WebAssembly, so that the server side is tested without wasm
/// tooling (the script repeated so that it is worth compressing).
pub fn placeholder_pkg(tmp: &Path) -> PathBuf {
    let pkg = tmp.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("ann_web.js"), "export default async function init() {}\n".repeat(200)).unwrap();
    std::fs::write(pkg.join("ann_web_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    pkg
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Waits until the `ann web` in `child` answers on `port`; panics with its stderr if it ends
/// first or is not listening after 20 s.
pub fn wait_until_listening(child: &mut std::process::Child, port: u16) {
    use std::io::Read;
    for _ in 0..400 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("ann web ended with {status}: {err}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("ann web did not start listening");
}
