//! The manual engine and `ann gradcheck`: the Learner trains exactly what the slides describe.
mod common;

use ann_backprop::{Sgd, check::values};
use ann_data::{MnistBatcher, MnistDataset, locate};
use ann_model::{Mlp, ModelConfig};
use ann_artifacts::TrainingConfig;
use ann_train::optimizer::optimizer;
use burn::module::Module;
use burn::optim::GradientsParams;
use burn::tensor::{Device, Tensor};
use common::{ann, assert_fails, metrics, stderr, stdout};

/// 100 steps of autodiff + burn SGD (the Learner's optimizer) and of the manual trainer,
/// from the same weights over the same batches, end with the same weights.
#[test]
fn manual_trainer_and_autodiff_sgd_agree_after_100_steps() {
    #[allow(deprecated)]
    let device = Device::ndarray();
    let files = locate(Some(&common::mnist_dir()), &[]).unwrap();
    let train = MnistDataset::load(&files.train_images, &files.train_labels).unwrap();
    for momentum in [0.0, 0.9] {
        let t = TrainingConfig { learning_rate: 0.05, lambda: 1e-3, momentum, ..Default::default() };
        device.seed(21);
        let mut auto = Mlp::new(&ModelConfig::default(), &device.clone().autodiff());
        let mut manual = auto.valid();
        let mut optim = optimizer(&t);
        let mut sgd = Sgd::new(t.learning_rate, t.momentum);
        for step in 0..100 {
            let part = train.slice(step * 20..(step + 1) * 20);
            let batch = MnistBatcher::from_bytes(part.pixels(), part.labels(), &device);

            let ad = device.clone().autodiff();
            let loss = auto.loss(auto.forward(batch.images.clone().to_device(&ad)), batch.targets.clone().to_device(&ad));
            let grads = GradientsParams::from_grads(loss.backward(), &auto);
            auto = optim.step(t.learning_rate, auto, grads);

            sgd.learn(&mut manual, batch.images, batch.targets, t.lambda, false);
        }
        let auto = auto.valid();
        let max_diff = |x: Tensor<1>, y: Tensor<1>| values(x).iter().zip(values(y)).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max);
        for (a, m) in auto.layers().iter().zip(manual.layers()) {
            let weights = max_diff(a.weight.val().flatten(0, 1), m.weight.val().flatten(0, 1));
            assert!(weights <= 1e-4, "momentum {momentum}: weights differ by {weights}");
            let biases = max_diff(a.bias.as_ref().unwrap().val(), m.bias.as_ref().unwrap().val());
            assert!(biases <= 1e-4, "momentum {momentum}: biases differ by {biases}");
        }
    }
}

#[test]
fn manual_engine_matches_the_learner_engine() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |engine: &str| {
        let dir = tmp.path().join(engine);
        let out = ann(&["train", "--engine", engine, "--config", "configs/quick.toml", "--artifacts", dir.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(stdout(&out).lines().filter(|l| l.starts_with("epoch")).count(), 2);
        assert!(dir.join("model.bpk").is_file() && dir.join("config.toml").is_file());
        metrics(&dir)
    };
    let (learner, manual) = (run("learner"), run("manual"));
    assert_eq!(manual["engine"], "manual");
    assert_eq!(manual["history"].as_array().unwrap().len(), 2);
    let gap = (learner["test_accuracy"].as_f64().unwrap() - manual["test_accuracy"].as_f64().unwrap()).abs();
    assert!(gap <= 0.005, "engines differ by {:.2} percentage points", gap * 100.0);
    let eval = ann(&["eval", "--artifacts", tmp.path().join("manual").to_str().unwrap(), "--json"]);
    assert!(eval.status.success(), "{}", stderr(&eval));
}

#[test]
fn gradcheck_passes_in_f32_and_f64_and_for_sigmoid_with_quadratic_cost() {
    for precision in ["f32", "f64"] {
        let out = ann(&["gradcheck", "--precision", precision, "--batch", "50"]);
        assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
        let table = stdout(&out);
        for name in ["W(1)", "b(1)", "W(2)", "b(2)", "W(3)", "b(3)"] {
            assert!(table.lines().any(|l| l.starts_with(name) && l.ends_with("pass")), "{name} missing or failing:\n{table}");
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let config = common::config(tmp.path(), "[model]\nactivation = \"sigmoid\"\nloss = \"quadratic\"\n[training]\nlambda = 0.01\n");
    let out = ann(&["gradcheck", "--config", config.to_str().unwrap(), "--json", "--batch", "20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["passed"], true);
    assert_eq!(report["rows"].as_array().unwrap().len(), 6);
    assert!(report["rows"][0]["max_rel_err"].as_f64().unwrap() <= 1e-4);

    let wrong = ann(&["gradcheck", "--config", "configs/absent.toml"]);
    assert_fails(&wrong, 2, &["absent.toml"]);
}
