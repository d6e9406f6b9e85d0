//! Bad input: a clear message naming the file, key or value, exit code 2, never a panic.
mod common;

use std::process::Command;

use common::{ann, assert_fails, config};

#[test]
fn an_unknown_key_is_named_with_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = config(tmp.path(), "[training]\nepochs = 1\nlearnin_rate = 0.1\n");
    let out = ann(&["train", "--config", path.to_str().unwrap(), "--artifacts", tmp.path().join("a").to_str().unwrap()]);
    assert_fails(&out, 2, &["run.toml", "learnin_rate", "line 3"]);
}

#[test]
fn a_negative_learning_rate_is_named_with_its_range() {
    let tmp = tempfile::tempdir().unwrap();
    let path = config(tmp.path(), "[training]\nlearning_rate = -0.5\n");
    let out = ann(&["train", "--config", path.to_str().unwrap(), "--artifacts", tmp.path().join("a").to_str().unwrap()]);
    assert_fails(&out, 2, &["run.toml", "training.learning_rate", "-0.5", "> 0"]);
    assert!(!tmp.path().join("a").exists(), "a rejected config still created the artifact directory");
}

#[test]
fn other_bad_configs_are_rejected_precisely() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        ("this is not toml", vec!["run.toml"]),
        ("[training]\nepochs = \"ten\"\n", vec!["epochs", "line 2"]),
        ("[training]\nbatch_size = 0\n", vec!["training.batch_size", "≥ 1"]),
        ("[training]\nepochs = 0\n", vec!["training.epochs"]),
        ("[training]\nlambda = -1\n", vec!["training.lambda"]),
        ("[model]\nlayers = [100, 30, 10, 10]\n", vec!["model.layers", "784"]),
        ("[model]\nlayers = [784, 30, 10, 1]\n", vec!["model.layers", "2 to 256"]),
        ("[model]\nlayers = [784, 30, 10, 3]\nclasses = [\"a\", \"b\"]\n", vec!["model.classes", "2 names", "3 output units"]),
        ("[data]\ntest_fraction = 0\n", vec!["data.test_fraction"]),
        ("[data]\ndataset = \"cifar\"\n", vec!["data.dataset", "cifar", "fashion-mnist"]),
        ("[model]\nactivation = \"swish\"\n", vec!["swish", "relu"]),
        ("[data]\nvalid_fraction = 1.5\n", vec!["data.valid_fraction"]),
        ("[training]\nfinal_learning_rate = 0.5\nlearning_rate = 0.1\n", vec!["training.final_learning_rate"]),
        ("[training]\nfinal_learning_rate = 0.0\nlearning_rate = 2.0\n", vec!["training.learning_rate", "≤ 1"]),
        ("[training]\nmomentum = 1.0\n", vec!["training.momentum"]),
        ("[data]\ntrain_samples = 100000000\n", vec!["data.train_samples", "training images"]),
    ];
    for (text, needles) in cases {
        let path = config(tmp.path(), text);
        let out = ann(&["train", "--config", path.to_str().unwrap(), "--artifacts", tmp.path().join("a").to_str().unwrap()]);
        assert_fails(&out, 2, &needles);
    }
    let out = ann(&["train", "--config", "configs/absent.toml"]);
    assert_fails(&out, 2, &["configs/absent.toml"]);
}

#[test]
fn a_batch_larger_than_the_training_set_is_batch_gradient_descent() {
    let tmp = tempfile::tempdir().unwrap();
    let path = config(
        tmp.path(),
        "[data]\ntrain_samples = 50\nvalid_fraction = 0.2\n[training]\nepochs = 2\nbatch_size = 1000\n",
    );
    let out = ann(&["train", "--config", path.to_str().unwrap(), "--artifacts", tmp.path().join("a").to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    // One step per epoch on all 40 training images: the same run as a batch of exactly 40.
    let m = common::metrics(&tmp.path().join("a"));
    assert_eq!(m["train_samples"], 40);
    std::fs::create_dir_all(tmp.path().join("b")).unwrap();
    let exact = config(&tmp.path().join("b"), "[data]\ntrain_samples = 50\nvalid_fraction = 0.2\n[training]\nepochs = 2\nbatch_size = 40\n");
    let out = ann(&["train", "--config", exact.to_str().unwrap(), "--artifacts", tmp.path().join("b/run").to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let b = common::metrics(&tmp.path().join("b/run"));
    assert_eq!(m["history"][1]["train_loss"], b["history"][1]["train_loss"], "batch 1000 and batch 40 differ");
    assert_eq!(m["test_accuracy"], b["test_accuracy"]);
}

#[test]
fn a_missing_dataset_offline_says_what_is_missing_and_how_to_fix_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(["train", "--config"])
        .arg(common::root().join("configs/quick.toml"))
        .current_dir(tmp.path())
        .env_remove("MNIST_DIR")
        // Nothing listens on port 9 of loopback: the download fails as it would offline.
        .env("ANN_MNIST_MIRRORS", "http://127.0.0.1:9/")
        .output()
        .unwrap();
    assert_fails(&out, 2, &["train-images-idx3-ubyte.gz", "MNIST_DIR", "data/mnist"]);
    let left: Vec<_> = std::fs::read_dir(tmp.path().join("data/mnist")).unwrap().collect();
    assert!(left.is_empty(), "a failed download left files behind");
}

#[test]
fn a_corrupt_idx_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let real = common::mnist_dir();
    for name in ["train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
        std::fs::copy(real.join(name), tmp.path().join(name)).unwrap();
    }
    let images = std::fs::read(real.join("train-images-idx3-ubyte.gz")).unwrap();
    std::fs::write(tmp.path().join("train-images-idx3-ubyte.gz"), &images[..images.len() / 3]).unwrap();
    let out = ann(&["train", "--config", "configs/quick.toml", "--data-dir", tmp.path().to_str().unwrap(), "--artifacts", tmp.path().join("a").to_str().unwrap()]);
    assert_fails(&out, 2, &["train-images-idx3-ubyte.gz", "gzip"]);
}

#[test]
fn eval_of_a_missing_or_broken_model_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    assert_fails(&ann(&["eval", "--artifacts", tmp.path().to_str().unwrap()]), 2, &["config.toml"]);
    std::fs::write(tmp.path().join("config.toml"), "").unwrap();
    assert_fails(&ann(&["eval", "--artifacts", tmp.path().to_str().unwrap()]), 2, &["model.bpk", "train"]);
    std::fs::write(tmp.path().join("model.bpk"), b"not a burnpack file").unwrap();
    assert_fails(&ann(&["eval", "--artifacts", tmp.path().to_str().unwrap()]), 2, &["model.bpk"]);

    // A real model, cut short, and then read with other layer sizes.
    let run = tmp.path().join("run");
    let trained = ann(&["train", "--config", "configs/quick.toml", "--epochs", "1", "--artifacts", run.to_str().unwrap()]);
    assert!(trained.status.success(), "{}", common::stderr(&trained));
    let model = std::fs::read(run.join("model.bpk")).unwrap();
    std::fs::write(tmp.path().join("model.bpk"), &model[..model.len() / 2]).unwrap();
    assert_fails(&ann(&["eval", "--artifacts", tmp.path().to_str().unwrap()]), 2, &["model.bpk", "truncated"]);
    std::fs::write(tmp.path().join("model.bpk"), &model).unwrap();
    std::fs::write(tmp.path().join("config.toml"), "[model]\nlayers = [784, 200, 100, 10]\n").unwrap();
    assert_fails(&ann(&["eval", "--artifacts", tmp.path().to_str().unwrap()]), 2, &["model.bpk", "shape", "layer sizes"]);
}

/// Damaged training files, through the binary: exit 2, the file and the problem named.
#[test]
fn damaged_idx_files_are_named_by_the_binary() {
    use ann_data::idx::{IMAGES_MAGIC, LABELS_MAGIC, encode};
    let images = |n: u32| encode(IMAGES_MAGIC, &[n, 28, 28], &vec![7; n as usize * 784]);
    let labels = |n: u32| encode(LABELS_MAGIC, &[n], &vec![3; n as usize]);
    let gz = |bytes: &[u8]| {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    };
    let mut trailing = images(3);
    trailing.push(1);
    let cut = gz(&images(3));
    // (case, images file name, images bytes, labels bytes, words stderr must hold)
    type Case = (&'static str, &'static str, Vec<u8>, Vec<u8>, &'static [&'static str]);
    let cases: Vec<Case> = vec![
        ("header cut short", "train-images-idx3-ubyte", images(3)[..9].to_vec(), labels(3), &["header"]),
        ("cut inside an image", "train-images-idx3-ubyte", images(3)[..1000].to_vec(), labels(3), &["ends after"]),
        ("wrong magic", "train-images-idx3-ubyte", labels(3), labels(3), &["magic number"]),
        ("zero items", "train-images-idx3-ubyte", images(0), labels(0), &["0 items"]),
        ("billions of items", "train-images-idx3-ubyte", encode(IMAGES_MAGIC, &[3_000_000_000, 28, 28], &[0; 784]), labels(3), &["3000000000 items"]),
        ("huge dimensions", "train-images-idx3-ubyte", encode(IMAGES_MAGIC, &[1, 100_000, 100_000], &[]), labels(1), &["28×28"]),
        ("trailing bytes", "train-images-idx3-ubyte", trailing, labels(3), &["unexpected bytes"]),
        ("plain data named .gz", "train-images-idx3-ubyte.gz", images(3), labels(3), &["not gzip"]),
        ("gzip cut short", "train-images-idx3-ubyte.gz", cut[..cut.len() / 2].to_vec(), labels(3), &["gzip", "corrupt or cut short"]),
        ("label 12", "train-images-idx3-ubyte", images(3), encode(LABELS_MAGIC, &[3], &[1, 12, 3]), &["label 12", "train-labels"]),
        ("counts differ", "train-images-idx3-ubyte", images(3), labels(5), &["3 images", "5 labels"]),
    ];
    let real = common::mnist_dir();
    for (case, name, image_bytes, label_bytes, needles) in cases {
        let tmp = tempfile::tempdir().unwrap();
        for test_file in ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
            std::fs::copy(real.join(test_file), tmp.path().join(test_file)).unwrap();
        }
        std::fs::write(tmp.path().join(name), image_bytes).unwrap();
        std::fs::write(tmp.path().join("train-labels-idx1-ubyte"), label_bytes).unwrap();
        let out = ann(&["train", "--config", "configs/quick.toml", "--data-dir", tmp.path().to_str().unwrap(), "--artifacts", tmp.path().join("a").to_str().unwrap()]);
        let mut expected = vec!["train-"];
        expected.extend_from_slice(needles);
        let err = common::stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{case}: {err}");
        assert!(!err.contains("panicked"), "{case}: {err}");
        for needle in expected {
            assert!(err.contains(needle), "{case}: stderr lacks {needle:?}: {err}");
        }
    }
    // A directory where a file should be.
    let tmp = tempfile::tempdir().unwrap();
    for f in ["train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
        std::fs::copy(real.join(f), tmp.path().join(f)).unwrap();
    }
    std::fs::create_dir(tmp.path().join("train-images-idx3-ubyte")).unwrap();
    let out = ann(&["train", "--config", "configs/quick.toml", "--data-dir", tmp.path().to_str().unwrap()]);
    assert_fails(&out, 2, &["train-images-idx3-ubyte", "is a directory"]);
}

/// Learning rate 100: the loss explodes; both engines stop at once and say where.
#[test]
fn a_diverging_run_stops_and_names_epoch_step_and_learning_rate() {
    let tmp = tempfile::tempdir().unwrap();
    let path = config(tmp.path(), "[data]\ntrain_samples = 3000\n[training]\nepochs = 5\nlearning_rate = 100.0\n");
    for engine in ["learner", "manual"] {
        let dir = tmp.path().join(engine);
        let out = ann(&["train", "--engine", engine, "--config", path.to_str().unwrap(), "--artifacts", dir.to_str().unwrap()]);
        assert_fails(&out, 1, &["diverged", "epoch 1, step", "learning rate 100", "training.learning_rate", "run.toml"]);
        assert!(!dir.join("model.bpk").exists() && !dir.join("metrics.json").exists(), "{engine} wrote a diverged model");
        // "Stops at once": no second epoch was run.
        assert!(!common::stdout(&out).contains("epoch   2/"), "{engine}: {}", common::stdout(&out));
    }

    // One good epoch, then a resume with η = 100: epoch 2 diverges, epoch 1's checkpoint stays.
    let dir = tmp.path().join("good-then-bad");
    let good = config(tmp.path(), "[data]\ntrain_samples = 3000\n[training]\nepochs = 1\n");
    assert!(ann(&["train", "--config", good.to_str().unwrap(), "--artifacts", dir.to_str().unwrap()]).status.success());
    let checkpoint = std::fs::read(dir.join("checkpoint/model-1.bpk")).unwrap();
    let bad = config(tmp.path(), "[data]\ntrain_samples = 3000\n[training]\nepochs = 3\nlearning_rate = 100.0\n");
    let out = ann(&["train", "--resume", "--config", bad.to_str().unwrap(), "--artifacts", dir.to_str().unwrap()]);
    assert_fails(&out, 1, &["epoch 2, step", "last good checkpoint, epoch 1"]);
    assert_eq!(std::fs::read(dir.join("checkpoint/model-1.bpk")).unwrap(), checkpoint);
    assert!(!dir.join("checkpoint/model-2.bpk").exists());
}

#[test]
fn an_output_layer_of_another_width_than_the_classes_is_fitted_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let path = config(tmp.path(), "[model]\nlayers = [784, 30, 10, 9]\n[data]\ntrain_samples = 500\n[training]\nepochs = 1\n");
    let run = tmp.path().join("a");
    let out = ann(&["train", "--config", path.to_str().unwrap(), "--artifacts", run.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(common::stderr(&out).contains("has 10 classes, so the output layer has 10 units (model.layers [784, 30, 10, 9] ends in 9)"));
    let saved = std::fs::read_to_string(run.join("config.toml")).unwrap();
    assert!(saved.contains("layers = [\n    784,\n    30,\n    10,\n    10,\n]"), "{saved}");
    // MNIST's classes are the unit indices: not written into the saved config.
    assert!(!saved.contains("classes") && !saved.contains("test_fraction"), "{saved}");
}

#[test]
fn a_reader_that_stops_early_ends_ann_quietly() {
    use std::os::unix::process::ExitStatusExt;
    // `ann exercise … | head -0`: the pipe's reading end is closed before ann starts.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(["exercise", "--w", "1 2; 3 4", "--w", "5 6", "--x", "1, 0", "--y", "1"])
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("internal failure") && !stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.signal(), Some(libc::SIGPIPE), "{:?} {stderr}", out.status);
}

#[test]
fn without_config_the_built_in_recipe_is_used_even_beside_a_configs_folder() {
    // Someone else's configs/default.toml in the working directory is not the built-in recipe.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("configs")).unwrap();
    std::fs::write(tmp.path().join("configs").join("default.toml"), "[training]\nepochs = \"many\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ann"))
        .args(["train", "--epochs", "1", "--artifacts", "run"])
        .current_dir(tmp.path())
        .env("MNIST_DIR", common::mnist_dir())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(tmp.path().join("run").join("model.bpk").is_file());
}
