//! wgpu really works: the same numbers as ndarray, and a tiny run learns. Without a GPU this
//! runs on Mesa's software Vulkan driver (`mesa-vulkan-drivers`), so everything stays tiny.
//! They need a Vulkan driver, so the plain test command skips them; `.ci/run` runs them with
//! `cargo test --release -p ann-cli --test wgpu -- --ignored`.
mod common;

use ann_model::{Mlp, ModelConfig};
use ann_backend::Backend;
use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::tensor::{Device, Distribution, Int, Tensor, TensorData};
use common::{ann, metrics, stderr};

/// Gradients of every parameter, fc1.weight first, after one forward + backward pass.
fn grads(model: &Mlp, x: Tensor<2>, t: Tensor<1, Int>, device: &Device) -> (f32, Vec<Vec<f32>>) {
    let loss = CrossEntropyLossConfig::new().init(device).forward(model.forward(x), t);
    let grads = loss.backward();
    let mut out = Vec::new();
    for layer in model.layers() {
        out.push(layer.weight.grad(&grads).unwrap().into_data().convert::<f32>().try_to_vec::<f32>().unwrap());
        out.push(layer.bias.as_ref().unwrap().grad(&grads).unwrap().into_data().convert::<f32>().try_to_vec::<f32>().unwrap());
    }
    (loss.into_scalar::<f32>(), out)
}

#[test]
#[ignore = "needs a Vulkan driver (mesa-vulkan-drivers without a GPU)"]
fn one_forward_and_backward_pass_on_wgpu_matches_ndarray() {
    let cpu = Backend::Ndarray.device().unwrap().autodiff();
    let gpu = Backend::Wgpu.device().expect("no wgpu adapter: install mesa-vulkan-drivers").autodiff();
    cpu.seed(3);
    let model = Mlp::new(&ModelConfig::default(), &cpu);
    let x = Tensor::<2>::random([16, 784], Distribution::Uniform(0.0, 1.0), &cpu);
    let labels: Vec<i64> = (0..16).map(|i| i % 10).collect();
    let t = |d: &Device| Tensor::<1, Int>::from_data(TensorData::new(labels.clone(), [16]), d);

    let (loss_cpu, g_cpu) = grads(&model, x.clone(), t(&cpu), &cpu);
    let model_gpu = model.clone().fork(&gpu);
    let (loss_gpu, g_gpu) = grads(&model_gpu, x.to_device(&gpu), t(&gpu), &gpu);

    assert!((loss_cpu - loss_gpu).abs() < 1e-4, "loss {loss_cpu} vs {loss_gpu}");
    for (i, (a, b)) in g_cpu.iter().zip(&g_gpu).enumerate() {
        assert_eq!(a.len(), b.len());
        let max = a.iter().zip(b).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
        assert!(max < 1e-4, "parameter {i}: max |Δ| = {max}");
    }
}

#[test]
#[ignore = "needs a Vulkan driver (mesa-vulkan-drivers without a GPU)"]
fn a_tiny_run_on_wgpu_learns() {
    let tmp = tempfile::tempdir().unwrap();
    let config = common::config(
        tmp.path(),
        "[data]\ntrain_samples = 300\nvalid_fraction = 0.1\n[training]\nepochs = 3\nbatch_size = 30\nlearning_rate = 0.2\n",
    );
    let dir = tmp.path().join("run");
    let out = ann(&["train", "--backend", "wgpu", "--config", config.to_str().unwrap(), "--artifacts", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let m = metrics(&dir);
    assert_eq!(m["backend"], "wgpu");
    let history = m["history"].as_array().unwrap();
    let loss = |e: usize| history[e]["train_loss"].as_f64().unwrap();
    assert!(loss(2) < loss(0), "training loss did not fall: {} → {}", loss(0), loss(2));
    // Chance is 10%; 270 images and 3 epochs get well past it.
    assert!(m["test_accuracy"].as_f64().unwrap() > 0.4, "{}", m["test_accuracy"]);
}
