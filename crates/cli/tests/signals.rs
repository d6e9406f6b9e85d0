//! One signal ends `ann` at any stage, and a backend that cannot run says so at once.
mod common;

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::assert_fails;

/// Waits for `child` to end; a process still running after `limit` is killed and the test
/// fails (a bound against hanging, not a speed check).
fn wait(mut child: Child, limit: Duration) -> Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("ann was still running {limit:?} after the signal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn sigterm_during_start_up_ends_ann_at_once() {
    // A mirror that accepts the download and then says nothing: `ann` is stuck in start-up.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", silent.local_addr().unwrap());
    let held = std::thread::spawn(move || silent.incoming().take(4).filter_map(Result::ok).collect::<Vec<_>>());
    let tmp = tempfile::tempdir().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_ann"))
        .arg("train")
        .arg("--config")
        .arg(common::root().join("configs/quick.toml"))
        .arg("--artifacts")
        .arg(tmp.path().join("run"))
        .env_remove("MNIST_DIR")
        .env("ANN_MNIST_MIRRORS", &url)
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let out = wait(child, Duration::from_secs(20));
    assert_fails(&out, 130, &["interrupted by a signal"]);
    drop(held);
}

#[test]
fn wgpu_without_a_vulkan_metal_or_dx12_adapter_says_so() {
    // Vulkan's loader reads its drivers from these lists: pointing them nowhere hides Mesa's
    // (and any GPU's) driver, as on a server without one.
    let child = Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(["train", "--backend", "wgpu", "--config", "configs/quick.toml", "--artifacts"])
        .arg(tempfile::tempdir().unwrap().path().join("run"))
        .current_dir(common::root())
        .env("MNIST_DIR", common::mnist_dir())
        .env("VK_ICD_FILENAMES", "/nonexistent/icd.json")
        .env("VK_DRIVER_FILES", "/nonexistent/icd.json")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait(child, Duration::from_secs(60));
    assert_fails(&out, 2, &["no graphics adapter", "--backend flex"]);
}
