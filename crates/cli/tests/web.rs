//! `ann web`: bad requests get a 4xx and the server keeps serving; a busy port is named; the
//! page works in a real browser (headless Chromium, run by CI after `scripts/web.sh`).
mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{free_port, placeholder_pkg, stderr, trained};

/// A server that is stopped when the test ends, passed or failed.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `ann web` on `port`, with `pkg` as the WebAssembly folder; returns once it answers.
fn start(run: &Path, port: u16, pkg: Option<&Path>) -> Running {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ann"));
    command.args(["web", "--artifacts", run.to_str().unwrap(), "--port", &port.to_string()]).current_dir(common::root());
    command.args(["--data-dir", common::mnist_dir().to_str().unwrap()]);
    if let Some(pkg) = pkg {
        command.env("ANN_WEB_PKG", pkg);
    }
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    common::wait_until_listening(&mut child, port);
    Running(child)
}

/// Sends raw bytes, returns the status code of the answer (0 if the connection just closed).
fn status(port: u16, request: &[u8]) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn bad_requests_get_a_4xx_and_the_server_keeps_serving() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    let port = free_port();
    let pkg = placeholder_pkg(tmp.path());
    let server = start(&run, port, Some(&pkg));
    let get = |path: &str| format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").into_bytes();
    assert_eq!(status(port, &get("/")), 200);
    assert_eq!(status(port, &get("/weights.bin")), 200);
    let long_path = format!("/{}", "a".repeat(5000));
    let bad: Vec<(Vec<u8>, &str)> = vec![
        (get("/../Cargo.toml"), "a path outside the page"),
        (get("/%2e%2e/%2e%2e/etc/passwd"), "an encoded path outside the page"),
        (get("/missing.html"), "an unknown file"),
        (get(&long_path), "an oversized URL"),
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello".to_vec(), "a POST"),
        (b"DELETE /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(), "a DELETE"),
        (b"this is not http\r\n\r\n".to_vec(), "garbage"),
        (b"GET / HTTP/9.9\r\n\r\n".to_vec(), "an unknown HTTP version"),
    ];
    for round in 0..25 {
        for (request, what) in &bad {
            let code = status(port, request);
            assert!((400..500).contains(&code), "{what} (round {round}) got {code}");
        }
    }
    // A request cut off in the middle, then the server still answers.
    drop(TcpStream::connect(("127.0.0.1", port)).unwrap().write_all(b"GET / HT"));
    assert_eq!(status(port, &get("/")), 200);
    assert_eq!(status(port, &get("/network.json")), 200);

    // A second server on the same port says so.
    let out = Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(["web", "--artifacts", run.to_str().unwrap(), "--port", &port.to_string()])
        .env("ANN_WEB_PKG", &pkg)
        .output()
        .unwrap();
    common::assert_fails(&out, 2, &[&format!("port {port}"), "--port"]);
    drop(server);
}

#[test]
fn without_the_webassembly_ann_page_says_how_to_build_it() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    let out = Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(["web", "--artifacts", run.to_str().unwrap(), "--port", &free_port().to_string()])
        .env("ANN_WEB_PKG", tmp.path().join("nothing"))
        .output()
        .unwrap();
    common::assert_fails(&out, 2, &["scripts/web.sh"]);
}

#[test]
fn out_writes_the_page_as_static_files() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    let site = tmp.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(["web", "--artifacts", run.to_str().unwrap(), "--out", site.to_str().unwrap()])
        .env("ANN_WEB_PKG", placeholder_pkg(tmp.path()))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let page = ["index.html", "app.js", "train-worker.js", "style.css", "slides.html", "slides.js", "slides.css"];
    let slides = ["slides-common.js", "slides-exercise.js", "slides-plane.js"];
    let model = ["ann_page.js", "ann_page_bg.wasm", "weights.bin", "network.json", "recipe.json"];
    for file in page.into_iter().chain(slides).chain(model) {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    // 784·300 + 300 + 300·100 + 100 + 100·10 + 10 parameters, f32.
    assert_eq!(std::fs::metadata(site.join("weights.bin")).unwrap().len(), 4 * 266_610);
}

/// Serves `run`, runs `script` (in crates/page/tests) in node with `page`'s URL and `args`,
/// and asserts that it passed and left `screenshot` (named by `$screenshot_env`, else in `tmp`).
fn in_browser(tmp: &Path, run: &Path, script: &str, page: &str, args: &[&str], screenshot_env: &str) {
    let port = free_port();
    let server = start(run, port, None);
    let name = format!("{}.png", script.trim_end_matches(".cjs"));
    let screenshot = std::env::var(screenshot_env).map(PathBuf::from).unwrap_or_else(|_| tmp.join(name));
    let out = Command::new("node")
        .arg(common::root().join("crates/page/tests").join(script))
        .arg(format!("http://127.0.0.1:{port}/{page}"))
        .args(args)
        .arg(&screenshot)
        .env(screenshot_env, &screenshot)
        .output()
        .unwrap();
    drop(server);
    eprintln!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.status.success(), "{script} failed:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(screenshot.is_file());
}

/// Draws a digit in headless Chromium, reads the prediction, picks a target, checks the δ
/// panels and that "learn this" raises the target's probability; saves a screenshot.
#[test]
#[ignore = "needs chromium, node with playwright-core (NODE_PATH) and scripts/web.sh --build-only: see .ci/run"]
fn the_page_works_in_a_real_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    in_browser(tmp.path(), &run, "browser.cjs", "", &[], "ANN_SCREENSHOT");
}

/// A model of four letter-like classes served: the page's buttons, bars, prediction and δ(3)
/// are labelled by the model's class names.
#[test]
#[ignore = "needs chromium, node with playwright-core (NODE_PATH) and scripts/web.sh --build-only: see .ci/run"]
fn the_page_names_the_served_models_classes() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, run) = (tmp.path().join("letters"), tmp.path().join("run"));
    common::letters(&data, 30);
    let out = common::ann(&["train", "--data-dir", data.to_str().unwrap(), "--epochs", "6", "--artifacts", run.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    in_browser(tmp.path(), &run, "classes_browser.cjs", "", &[&common::CLASSES.join(",")], "ANN_CLASSES_SCREENSHOT");
}

/// The slides' training live in the page: a default run for two epochs in headless Chromium,
/// its accuracy, curves and weight images drawn, a drawing predicted while it trains.
#[test]
#[ignore = "needs chromium, node with playwright-core (NODE_PATH) and scripts/web.sh --build-only: see .ci/run"]
fn the_page_trains_the_network_live() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    in_browser(tmp.path(), &run, "train_browser.cjs", "", &[], "ANN_TRAIN_SCREENSHOT");
}

/// The slides page in headless Chromium: each view's inputs set, its `data-result` checked
/// against values the script computes itself (deck 004's exercise and random networks to
/// 1e-9), the answer times printed; saves a screenshot.
#[test]
#[ignore = "needs chromium, node with playwright-core (NODE_PATH) and scripts/web.sh --build-only: see .ci/run"]
fn the_slides_page_works_in_a_real_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let run = trained(tmp.path());
    in_browser(tmp.path(), &run, "slides_browser.cjs", "slides.html", &[], "ANN_SLIDES_SCREENSHOT");
}
