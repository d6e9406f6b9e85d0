//! `ann train` and `ann eval` end to end, on the real MNIST files.
mod common;

use common::{ann, assert_fails, metrics, stderr, stdout};

fn train_quick(artifacts: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let dir = artifacts.to_str().unwrap();
    let mut args = vec!["train", "--config", "configs/quick.toml", "--artifacts", dir];
    args.extend_from_slice(extra);
    ann(&args)
}

#[test]
fn quick_run_writes_every_artifact_and_eval_agrees() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nested/run");
    let out = train_quick(&dir, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Not a terminal: one line per epoch, never one per batch.
    let epoch_lines = stdout(&out).lines().filter(|l| l.starts_with("epoch")).count();
    assert_eq!(epoch_lines, 2, "{}", stdout(&out));
    assert!(!stdout(&out).contains("ProgressSnapshot"));

    for file in ["model.bpk", "config.toml", "metrics.json"] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let m = metrics(&dir);
    for key in ["test_accuracy", "test_loss", "backend", "epochs", "train_samples", "seconds", "samples_per_second", "history"] {
        assert!(m.get(key).is_some(), "metrics.json lacks {key}");
    }
    let accuracy = m["test_accuracy"].as_f64().unwrap();
    assert!(accuracy > 0.6 && accuracy <= 1.0, "quick run reached only {accuracy}");
    assert_eq!(m["train_samples"], 900);
    assert_eq!(m["backend"], "flex");
    let history = m["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    for epoch in history {
        for key in ["train_loss", "train_accuracy", "valid_loss", "valid_accuracy"] {
            let v = epoch[key].as_f64().unwrap_or(f64::NAN);
            assert!(v.is_finite() && v >= 0.0, "{key} = {v}");
        }
        assert!(epoch["valid_accuracy"].as_f64().unwrap() <= 1.0);
    }
    // Learning happened: the second epoch's training loss is lower than the first's.
    assert!(history[1]["train_loss"].as_f64() < history[0]["train_loss"].as_f64());

    let out = ann(&["eval", "--artifacts", dir.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["accuracy"], m["test_accuracy"]);
    assert_eq!(report["samples"], 10_000);
    let confusion = report["confusion"].as_array().unwrap();
    assert_eq!(confusion.len(), 10);
    let total: u64 = confusion.iter().flat_map(|r| r.as_array().unwrap()).map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(total, 10_000);

    let table = ann(&["eval", "--artifacts", dir.to_str().unwrap()]);
    assert!(stdout(&table).contains("confusion matrix"), "{}", stdout(&table));

    // The directory now belongs to a run: reusing it needs --resume or --force.
    assert_fails(&train_quick(&dir, &[]), 2, &["--force", "--resume"]);
    let forced = train_quick(&dir, &["--force", "--epochs", "1"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(metrics(&dir)["epochs"], 1);
}

#[test]
fn the_same_seed_gives_identical_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |name: &str, seed: &str, backend: &str| {
        let dir = tmp.path().join(name);
        let out = train_quick(&dir, &["--seed", seed, "--epochs", "1", "--backend", backend]);
        assert!(out.status.success(), "{}", stderr(&out));
        metrics(&dir)
    };
    for backend in ["ndarray", "flex"] {
        let (a, b, c) = (run(&format!("{backend}-a"), "5", backend), run(&format!("{backend}-b"), "5", backend), run(&format!("{backend}-c"), "6", backend));
        for key in ["test_accuracy", "test_loss", "history", "confusion"] {
            assert_eq!(a[key], b[key], "{backend}: {key} differs between two runs with the same seed");
        }
        let quick = common::root().join("configs/quick.toml");
        let weights = |name: String| common::weights(&tmp.path().join(name), &quick);
        assert!(weights(format!("{backend}-a")) == weights(format!("{backend}-b")), "{backend}: weights differ");
        assert_ne!(a["test_loss"], c["test_loss"], "{backend}: another seed gave the very same loss");
    }
}

#[test]
fn resume_continues_from_the_last_checkpoint() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    assert!(train_quick(&dir, &["--epochs", "1"]).status.success());
    let out = train_quick(&dir, &["--epochs", "2", "--resume"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("resuming at epoch 2/2"), "{}", stdout(&out));
    let m = metrics(&dir);
    assert_eq!(m["history"].as_array().unwrap().len(), 2);
    assert!(m["history"][1]["train_loss"].as_f64().unwrap().is_finite());

    let empty = tmp.path().join("empty");
    assert_fails(&train_quick(&empty, &["--resume"]), 2, &["no checkpoint"]);
}

#[test]
fn ndarray_backend_completes_a_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out = train_quick(tmp.path(), &["--backend", "ndarray", "--epochs", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let m = metrics(tmp.path());
    assert_eq!(m["backend"], "ndarray");
    assert!(m["test_accuracy"].as_f64().unwrap() > 0.5);
}

/// A relative `--data-dir` means the folder as seen from where `ann` runs, and the run's saved
/// config keeps it absolute, so that `ann eval` finds the data from anywhere.
#[test]
fn a_relative_data_dir_means_what_the_user_meant() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::os::unix::fs::symlink(common::mnist_dir(), home.join("mnist")).unwrap();
    let config = common::root().join("configs/quick.toml");
    let run = |cwd: &std::path::Path, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ann")).args(args).current_dir(cwd).env_remove("MNIST_DIR").output().unwrap()
    };
    let out = run(&home, &["train", "--config", config.to_str().unwrap(), "--artifacts", "run", "--data-dir", "mnist"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = ann_artifacts::Config::load(&home.join("run/config.toml")).unwrap();
    assert_eq!(saved.data.dir.as_deref(), Some(home.join("mnist").as_path()), "saved absolute");
    let out = run(tmp.path(), &["eval", "--artifacts", "home/run", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The promise of `configs/default.toml`: at least 97.5% on the test set (about half a minute).
#[test]
fn default_config_reaches_97_5_percent() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ann(&["train", "--artifacts", tmp.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let m = metrics(tmp.path());
    let accuracy = m["test_accuracy"].as_f64().unwrap();
    assert!(accuracy >= 0.975, "default run reached {accuracy}");
    assert_eq!(m["history"].as_array().unwrap().len(), 30);
    // Its report: the page and five figures, each a real picture.
    assert!(tmp.path().join("report.html").is_file());
    for figure in ["curves.png", "confusion.png", "mistakes.png", "weights.png", "gradients.png"] {
        let image = image::open(tmp.path().join(figure)).unwrap_or_else(|e| panic!("{figure}: {e}"));
        assert!(image.width() >= 300, "{figure}");
    }
}

/// Ctrl-C mid-run: exit 130, the last complete checkpoint kept, the way to resume printed,
/// and the resumed run completes.
#[test]
fn an_interrupted_run_says_how_to_resume_and_resumes() {
    use std::io::{BufRead, BufReader};

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let mut child = common::spawn(&["train", "--epochs", "12", "--artifacts", dir.to_str().unwrap()]);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // Wait for the second epoch line, so that at least one checkpoint exists.
    assert!(lines.by_ref().map_while(Result::ok).any(|l| l.starts_with("epoch   2/")), "no second epoch");
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_fails(&out, 130, &["interrupted", "--resume", "last complete checkpoint"]);
    assert!(!dir.join("metrics.json").exists(), "an interrupted run wrote final metrics");

    let config = dir.join("config.toml");
    let resumed = ann(&["train", "--resume", "--artifacts", dir.to_str().unwrap(), "--config", config.to_str().unwrap()]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    let m = metrics(&dir);
    assert_eq!(m["history"].as_array().unwrap().len(), 12);
    assert!(m["test_accuracy"].as_f64().unwrap() > 0.95);
}

/// A run interrupted after epoch k and resumed ends exactly like the same run done in one go:
/// same history, same test figures, the same weights bit for bit (momentum and a decaying η
/// included, whose state the checkpoints carry).
#[test]
fn an_interrupted_and_resumed_run_equals_the_uninterrupted_run() {
    use std::io::{BufRead, BufReader};

    let tmp = tempfile::tempdir().unwrap();
    let config = common::config(
        tmp.path(),
        "[data]\ntrain_samples = 20000\n[training]\nepochs = 5\nlearning_rate = 0.05\nfinal_learning_rate = 0.0\nmomentum = 0.9\nlambda = 0.0005\n",
    );
    let (whole, parts) = (tmp.path().join("whole"), tmp.path().join("parts"));
    let out = ann(&["train", "--config", config.to_str().unwrap(), "--artifacts", whole.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let mut child = common::spawn(&["train", "--config", config.to_str().unwrap(), "--artifacts", parts.to_str().unwrap()]);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.by_ref().map_while(Result::ok).any(|l| l.starts_with("epoch   2/")));
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(child.wait_with_output().unwrap().status.code(), Some(130), "the run ended before the signal");
    let resumed = ann(&["train", "--resume", "--config", config.to_str().unwrap(), "--artifacts", parts.to_str().unwrap()]);
    assert!(resumed.status.success(), "{}", stderr(&resumed));

    let (a, b) = (metrics(&whole), metrics(&parts));
    for key in ["test_accuracy", "test_loss", "history", "confusion"] {
        assert_eq!(a[key], b[key], "{key} differs after resume");
    }
    // The files differ in burn's random parameter ids; the weights must be equal bit for bit.
    let weights = |dir: &std::path::Path| common::weights(dir, &config);
    assert!(weights(&whole) == weights(&parts), "the resumed weights differ from the uninterrupted ones");
}

/// `kill -9` at arbitrary moments, resuming after each: the run still completes, and ends
/// exactly like the uninterrupted run, because every checkpoint on disk is complete.
#[test]
fn kill_9_at_any_moment_loses_nothing() {
    use std::time::Duration;

    let tmp = tempfile::tempdir().unwrap();
    let config = common::config(
        tmp.path(),
        "[data]\ntrain_samples = 10000\n[training]\nepochs = 8\nlearning_rate = 0.05\nfinal_learning_rate = 0.0\nmomentum = 0.9\n",
    );
    let (whole, killed) = (tmp.path().join("whole"), tmp.path().join("killed"));
    assert!(ann(&["train", "--config", config.to_str().unwrap(), "--artifacts", whole.to_str().unwrap()]).status.success());

    let mut resume = false;
    for delay_ms in [900, 1300, 700, 1700] {
        let mut args = vec!["train", "--config", config.to_str().unwrap(), "--artifacts", killed.to_str().unwrap()];
        if resume {
            args.push("--resume");
        }
        let mut child = common::spawn(&args);
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        // Whatever survived is complete: every model checkpoint loads.
        let cfg = ann_artifacts::Config::load(&config).unwrap();
        let device = ann_backend::Backend::Ndarray.device().unwrap();
        for entry in std::fs::read_dir(killed.join("checkpoint")).into_iter().flatten() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if let Some(epoch) = name.strip_prefix("model-").and_then(|n| n.strip_suffix(".bpk")).filter(|e| !e.contains("tmp")) {
                let model = ann_artifacts::load_model_file(&killed.join("checkpoint").join(&name), &cfg, &device);
                assert!(model.is_ok(), "checkpoint of epoch {epoch} is damaged: {}", model.err().unwrap());
            }
        }
        resume = ann_artifacts::last_checkpoint(&killed, &ann_artifacts::LEARNER_PARTS).is_some();
    }
    let mut args = vec!["train", "--config", config.to_str().unwrap(), "--artifacts", killed.to_str().unwrap()];
    if resume {
        args.push("--resume");
    }
    let out = ann(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let (a, b) = (metrics(&whole), metrics(&killed));
    for key in ["test_accuracy", "test_loss", "history"] {
        assert_eq!(a[key], b[key], "{key} differs after kill -9 and resume");
    }
}

/// SIGTERM (a closed terminal, `kill`) stops the manual engine too, keeping its last epoch.
#[test]
fn sigterm_stops_the_manual_engine_and_keeps_the_last_epoch() {
    use std::io::{BufRead, BufReader};

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let mut child = common::spawn(&["train", "--engine", "manual", "--epochs", "12", "--artifacts", dir.to_str().unwrap()]);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.by_ref().map_while(Result::ok).any(|l| l.starts_with("epoch   1/")));
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let out = child.wait_with_output().unwrap();
    assert_fails(&out, 130, &["interrupted", "checkpoint/model-"]);
    assert!(dir.join("checkpoint/model-1.bpk").is_file());
    assert!(!dir.join("model.bpk").exists());
}
