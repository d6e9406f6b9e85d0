//! `ann export`: the files load back, in burn and in runtimes ann did not write.
mod common;

use std::path::{Path, PathBuf};

use ann_data::{MnistBatcher, MnistDataset, locate};
use ann_artifacts::{self as artifacts, Config};
use ann_backend::Backend;
use burn::store::{ModuleSnapshot, PyTorchToBurnAdapter, SafetensorsStore};
use common::{ann, assert_fails, stderr};

/// A quick model, exported in both formats.
fn exported(tmp: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let run = tmp.join("run");
    let out = ann(&["train", "--config", "configs/quick.toml", "--artifacts", run.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let safetensors = tmp.join("out/model.safetensors");
    let onnx = tmp.join("out/model.onnx");
    for (format, file) in [("safetensors", &safetensors), ("onnx", &onnx)] {
        let out = ann(&["export", "--artifacts", run.to_str().unwrap(), "--format", format, "--out", file.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(file.is_file(), "{} missing", file.display());
    }
    (run, safetensors, onnx)
}

/// ann's own probabilities for the 10,000 test images, row-major.
fn ann_probabilities(run: &Path) -> (Vec<f32>, Vec<u8>) {
    let device = Backend::Flex.device().unwrap();
    let config = Config::load(&run.join(artifacts::CONFIG)).unwrap();
    let model = artifacts::load_model(run, &config, &device).unwrap();
    let files = locate(Some(&common::mnist_dir()), &[]).unwrap();
    let test = MnistDataset::load(&files.test_images, &files.test_labels).unwrap();
    let batch = MnistBatcher::from_bytes(test.pixels(), test.labels(), &device);
    let y = model.output(model.forward(batch.images));
    (y.into_data().convert::<f32>().try_to_vec::<f32>().unwrap(), test.labels().to_vec())
}

fn accuracy(probabilities: &[f32], labels: &[u8]) -> f64 {
    let right = probabilities
        .chunks(10)
        .zip(labels)
        .filter(|(row, label)| (0..10).max_by(|&a, &b| row[a].total_cmp(&row[b])) == Some(**label as usize))
        .count();
    right as f64 / labels.len() as f64
}

#[test]
fn safetensors_has_pytorch_keys_and_shapes_and_loads_back_into_burn() {
    let tmp = tempfile::tempdir().unwrap();
    let (run, safetensors, _) = exported(tmp.path());
    // The header: PyTorch's names, and nn.Linear's [out, in] weights.
    let bytes = std::fs::read(&safetensors).unwrap();
    let header_len = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..8 + header_len]).unwrap();
    for (key, shape) in [
        ("fc1.weight", [300, 784].as_slice()),
        ("fc1.bias", &[300]),
        ("fc2.weight", &[100, 300]),
        ("fc2.bias", &[100]),
        ("fc3.weight", &[10, 100]),
        ("fc3.bias", &[10]),
    ] {
        let found: Vec<u64> = header[key]["shape"].as_array().unwrap_or_else(|| panic!("{key} missing: {header}")).iter().map(|d| d.as_u64().unwrap()).collect();
        assert_eq!(found, shape.iter().map(|&d| d as u64).collect::<Vec<_>>(), "{key}");
        assert_eq!(header[key]["dtype"], "F32");
    }
    // Loaded back through PyTorch's layout, the network answers exactly as before.
    let device = Backend::Flex.device().unwrap();
    let config = Config::load(&run.join(artifacts::CONFIG)).unwrap();
    let mut model = ann_model::Mlp::new(&config.model, &device);
    let mut store = SafetensorsStore::from_file(&safetensors).with_from_adapter(PyTorchToBurnAdapter);
    let result = model.load_from(&mut store).unwrap();
    assert!(result.errors.is_empty(), "{result:?}");
    let original = artifacts::load_model(&run, &config, &device).unwrap();
    let x = burn::tensor::Tensor::<2>::random([5, 784], burn::tensor::Distribution::Uniform(0.0, 1.0), &device);
    let a = original.forward(x.clone()).into_data().try_to_vec::<f32>().unwrap();
    let b = model.forward(x).into_data().try_to_vec::<f32>().unwrap();
    assert_eq!(a, b);
}

#[test]
fn onnx_declares_one_input_of_784_and_ten_probabilities() {
    use onnx_protobuf::{Message, ModelProto};
    let tmp = tempfile::tempdir().unwrap();
    let (_, _, onnx) = exported(tmp.path());
    let model = ModelProto::parse_from_bytes(&std::fs::read(&onnx).unwrap()).unwrap();
    assert!(model.opset_import.iter().any(|o| o.domain.is_empty() && o.version >= 13));
    let graph = model.graph.as_ref().unwrap();
    assert_eq!(graph.input.len(), 1);
    assert_eq!(graph.input[0].name, "input");
    assert_eq!(graph.output[0].name, "probabilities");
    let ops: Vec<&str> = graph.node.iter().map(|n| n.op_type.as_str()).collect();
    assert_eq!(ops, ["Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax"]);
    assert_eq!(graph.initializer.iter().map(|t| t.float_data.len()).sum::<usize>(), 784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10);
}

#[test]
fn export_errors_name_the_run_or_the_format() {
    let tmp = tempfile::tempdir().unwrap();
    let out = ann(&["export", "--artifacts", tmp.path().to_str().unwrap(), "--format", "onnx", "--out", "x.onnx"]);
    assert_fails(&out, 2, &["config.toml"]);
    let out = ann(&["export", "--artifacts", tmp.path().to_str().unwrap(), "--format", "tflite", "--out", "x"]);
    assert_fails(&out, 2, &["tflite", "safetensors", "onnx"]);
}

/// Runs in CI after `scripts/python-env.sh` (see `.ci/run`): numpy + safetensors, onnxruntime
/// and, where installed, PyTorch with `load_state_dict(strict=True)`.
#[test]
#[ignore = "needs Python with numpy, safetensors and onnxruntime: ANN_PYTHON=$(scripts/python-env.sh | tail -1)"]
fn other_runtimes_get_anns_accuracy_and_probabilities() {
    let python = std::env::var("ANN_PYTHON").expect("set ANN_PYTHON to a python with numpy, safetensors, onnxruntime (scripts/python-env.sh)");
    let tmp = tempfile::tempdir().unwrap();
    let (run, safetensors, onnx) = exported(tmp.path());
    let results = tmp.path().join("results");
    let out = std::process::Command::new(&python)
        .arg(common::root().join("scripts/check_export.py"))
        .args([&safetensors, &onnx, &common::mnist_dir(), &results])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (expected, labels) = ann_probabilities(&run);
    let ann_accuracy = common::metrics(&run)["test_accuracy"].as_f64().unwrap();
    assert_eq!(accuracy(&expected, &labels), ann_accuracy);
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(results.join("summary.json")).unwrap()).unwrap();
    assert!(summary.get("onnxruntime").is_some() && summary.get("safetensors-numpy").is_some(), "{summary}");
    for (runtime, their_accuracy) in summary.as_object().unwrap() {
        let bytes = std::fs::read(results.join(format!("{runtime}.f32"))).unwrap();
        let theirs: Vec<f32> = bytes.chunks(4).map(|b| f32::from_le_bytes(b.try_into().unwrap())).collect();
        assert_eq!(theirs.len(), expected.len(), "{runtime}");
        let worst = theirs.iter().zip(&expected).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        eprintln!("{runtime}: accuracy {their_accuracy}, largest probability difference {worst:e}");
        assert!(worst <= 1e-5, "{runtime}: probabilities differ by {worst}");
        assert_eq!(their_accuracy.as_f64().unwrap(), ann_accuracy, "{runtime}");
    }
}
