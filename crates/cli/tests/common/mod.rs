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

/// A path as a command-line argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `ann train --config CONFIG --artifacts DIR EXTRA…`, which must succeed; its metrics.json.
pub fn train(config: &str, dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["train", "--config", config, "--artifacts", arg(dir)];
    args.extend_from_slice(extra);
    let out = ann(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    metrics(dir)
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
    std::fs::write(pkg.join("ann_page.js"), "export default async function init() {}\n".repeat(200)).unwrap();
    std::fs::write(pkg.join("ann_page_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
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

// A small folder of labelled pictures: four letter-like shapes drawn with a jittered pen.

pub const CLASSES: [&str; 4] = ["L", "T", "X", "Z"];

/// Strokes of each class in a unit square, as polylines.
fn strokes(class: &str) -> Vec<Vec<(f32, f32)>> {
    match class {
        "L" => vec![vec![(0.25, 0.1), (0.25, 0.9), (0.8, 0.9)]],
        "T" => vec![vec![(0.1, 0.1), (0.9, 0.1)], vec![(0.5, 0.1), (0.5, 0.9)]],
        "X" => vec![vec![(0.15, 0.1), (0.85, 0.9)], vec![(0.85, 0.1), (0.15, 0.9)]],
        _ => vec![vec![(0.15, 0.1), (0.85, 0.1), (0.15, 0.9), (0.85, 0.9)]],
    }
}

/// A dark-on-light picture of `class`, its corners, size, place and pen drawn from `seed`.
pub fn picture(class: &str, seed: u64) -> image::RgbImage {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut uniform = move || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 33) as f32 / (1u64 << 31) as f32
    };
    let side = 48 + (uniform() * 40.0) as u32;
    let (size, ox, oy) = (side as f32 * 0.6, side as f32 * 0.2 * uniform() + 2.0, side as f32 * 0.2 * uniform() + 2.0);
    let pen = size * (0.05 + 0.04 * uniform());
    let lines: Vec<Vec<(f32, f32)>> = strokes(class)
        .into_iter()
        .map(|line| line.into_iter().map(|(x, y)| (ox + (x + 0.08 * (uniform() - 0.5)) * size, oy + (y + 0.08 * (uniform() - 0.5)) * size)).collect())
        .collect();
    image::RgbImage::from_fn(side, side, |px, py| {
        let (x, y) = (px as f32 + 0.5, py as f32 + 0.5);
        let near = lines.iter().flat_map(|l| l.windows(2)).any(|w| {
            let ((ax, ay), (bx, by)) = (w[0], w[1]);
            let t = (((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax).powi(2) + (by - ay).powi(2))).clamp(0.0, 1.0);
            ((x - ax - t * (bx - ax)).powi(2) + (y - ay - t * (by - ay)).powi(2)).sqrt() < pen
        });
        if near { image::Rgb([30, 30, 60]) } else { image::Rgb([245, 243, 235]) }
    })
}

/// `dir/<class>/NNN.png`, `per_class` pictures of each class.
pub fn letters(dir: &Path, per_class: u64) {
    for (k, class) in CLASSES.iter().enumerate() {
        std::fs::create_dir_all(dir.join(class)).unwrap();
        for i in 0..per_class {
            picture(class, k as u64 * 1000 + i).save(dir.join(class).join(format!("{i:03}.png"))).unwrap();
        }
    }
}

