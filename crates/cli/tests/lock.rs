//! One `ann train` per artifact folder: a second run into a folder in use stops at once and
//! names the running process; the first run is unaffected; kill -9 leaves no stale lock.
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{ann, assert_fails, config, metrics, stderr};

const RUN: &str = "[data]\ntrain_samples = 4000\nvalid_fraction = 0.1\n[training]\nepochs = 6\nbatch_size = 50\nlearning_rate = 0.05\nmomentum = 0.9\nseed = 7\n";

/// Waits until the run in `dir` holds its lock (its pid is in `.lock`).
fn wait_for_lock(dir: &Path, pid: u32) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::fs::read_to_string(dir.join(".lock")).map(|t| t.trim() != pid.to_string()).unwrap_or(true) {
        assert!(Instant::now() < deadline, "the run never took its lock");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_run_into_a_folder_in_use_stops_and_the_first_is_unaffected() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = config(tmp.path(), RUN);
    let (shared, alone) = (tmp.path().join("shared"), tmp.path().join("alone"));
    let mut first = common::spawn(&["train", "--config", cfg.to_str().unwrap(), "--artifacts", shared.to_str().unwrap()]);
    wait_for_lock(&shared, first.id());
    for extra in [&[][..], &["--resume"][..], &["--force"][..]] {
        let mut args = vec!["train", "--config", cfg.to_str().unwrap(), "--artifacts", shared.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = ann(&args);
        assert_fails(&out, 1, &[shared.to_str().unwrap(), &format!("process {}", first.id()), "in use"]);
    }
    // Readers never wait for the lock.
    let out = ann(&["eval", "--artifacts", shared.to_str().unwrap()]);
    assert!(!stderr(&out).contains("in use"), "{}", stderr(&out));
    assert!(first.wait().unwrap().success(), "the first run failed");
    let out = ann(&["train", "--config", cfg.to_str().unwrap(), "--artifacts", alone.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (a, b) = (metrics(&shared), metrics(&alone));
    for key in ["test_accuracy", "test_loss", "history", "confusion"] {
        assert_eq!(a[key], b[key], "{key}: the run that held off a second one differs from a run alone");
    }
}

#[test]
fn kill_9_leaves_no_stale_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let cfg = config(tmp.path(), RUN);
    let dir = tmp.path().join("run");
    let mut child = common::spawn(&["train", "--config", cfg.to_str().unwrap(), "--artifacts", dir.to_str().unwrap()]);
    wait_for_lock(&dir, child.id());
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(dir.join(".lock").exists(), "the lock file stays; only the OS lock is gone");
    let out = ann(&["train", "--config", cfg.to_str().unwrap(), "--artifacts", dir.to_str().unwrap(), "--epochs", "1", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
}
