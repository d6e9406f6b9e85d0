//! `ann export`: the trained network for other runtimes. safetensors in PyTorch's layout
//! (burn's store with its PyTorch adapter), and ONNX written with the ONNX project's own
//! protobuf messages.
use std::path::{Path, PathBuf};

use ann_model::{Activation, Loss, Mlp};
use anyhow::Context;
use burn::store::{BurnToPyTorchAdapter, ModuleSnapshot, SafetensorsStore};
use onnx_protobuf::{
    AttributeProto, GraphProto, Message, ModelProto, NodeProto, OperatorSetIdProto, StringStringEntryProto, TensorProto,
    TensorShapeProto, TypeProto, ValueInfoProto, attribute_proto, tensor_shape_proto, type_proto,
};

use ann_artifacts as artifacts;
use ann_backend::Backend;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// PyTorch's `state_dict` layout: `fc1.weight` [300, 784], `fc1.bias` [300], ...
    Safetensors,
    /// One graph, input `input` [N, 784] (pixels / 255), output `probabilities` [N, K].
    Onnx,
}

/// The metadata key under which both formats carry the class names, as a JSON array of
/// strings in output order.
pub const CLASSES_KEY: &str = "classes";

/// The ONNX operator set the graph uses (Gemm, Relu/Sigmoid/Tanh, Softmax with `axis`).
pub const OPSET: i64 = 13;

/// Loads the model of `dir` and writes it to `out` in `format`, atomically.
pub fn run(dir: &Path, format: Format, out: &Path) -> anyhow::Result<PathBuf> {
    let (config, _, model) = artifacts::open_run(dir, Backend::Flex)?;
    let classes = serde_json::to_string(&config.model.class_names()).context("cannot write the class names")?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    match format {
        Format::Safetensors => {
            artifacts::replace_file(out, "tmp.safetensors", |tmp| {
                let store = SafetensorsStore::from_file(tmp).with_to_adapter(BurnToPyTorchAdapter).metadata(CLASSES_KEY, classes);
                model.save_into(&mut { store })
            })?;
        }
        Format::Onnx => {
            let mut graph = onnx(&model);
            graph.metadata_props.push(StringStringEntryProto { key: CLASSES_KEY.into(), value: classes, ..Default::default() });
            let bytes = graph.write_to_bytes().context("cannot encode the ONNX graph")?;
            artifacts::write_atomic(out, &bytes)?;
        }
    }
    Ok(out.to_path_buf())
}

/// `input → Gemm(W(1), b(1)) → f → Gemm → f → Gemm → softmax (or σ) → probabilities`.
/// burn keeps `W(l)` as `[in, out]`, which is Gemm's `B` without transposition.
pub fn onnx(model: &Mlp) -> ModelProto {
    let mut graph = GraphProto { name: "ann".into(), ..Default::default() };
    let mut x = "input".to_string();
    for (l, layer) in (1..).zip(model.layers()) {
        let [fan_in, fan_out] = layer.weight.val().dims();
        let bias = layer.bias.as_ref().expect("the slides' layers all have biases").val();
        graph.initializer.push(tensor(&format!("W{l}"), &[fan_in, fan_out], values(layer.weight.val())));
        graph.initializer.push(tensor(&format!("b{l}"), &[fan_out], values(bias)));
        let a = format!("a{l}");
        graph.node.push(node("Gemm", &[&x, &format!("W{l}"), &format!("b{l}")], &a, Vec::new()));
        x = if l < 3 {
            let op = match model.activation {
                Activation::Relu => "Relu",
                Activation::Sigmoid => "Sigmoid",
                Activation::Tanh => "Tanh",
                Activation::Linear => "Identity",
            };
            let out = format!("x{l}");
            graph.node.push(node(op, &[&a], &out, Vec::new()));
            out
        } else {
            a
        };
    }
    let output = match model.loss {
        Loss::CrossEntropy => node("Softmax", &[&x], "probabilities", vec![int_attribute("axis", 1)]),
        Loss::Quadratic => node("Sigmoid", &[&x], "probabilities", Vec::new()),
    };
    graph.node.push(output);
    graph.input.push(value_info("input", ann_data::PIXELS));
    let classes = model.fc3.weight.val().dims()[1];
    graph.output.push(value_info("probabilities", classes));
    ModelProto {
        ir_version: 8,
        producer_name: "ann".into(),
        producer_version: env!("CARGO_PKG_VERSION").into(),
        opset_import: vec![OperatorSetIdProto { domain: String::new(), version: OPSET, ..Default::default() }],
        graph: Some(graph).into(),
        ..Default::default()
    }
}

fn values<const D: usize>(t: burn::tensor::Tensor<D>) -> Vec<f32> {
    t.into_data().convert::<f32>().try_to_vec::<f32>().expect("f32 parameters")
}

fn tensor(name: &str, dims: &[usize], data: Vec<f32>) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.iter().map(|&d| d as i64).collect(),
        data_type: 1, // FLOAT
        float_data: data,
        ..Default::default()
    }
}

fn node(op: &str, inputs: &[&str], output: &str, attribute: Vec<AttributeProto>) -> NodeProto {
    NodeProto {
        op_type: op.into(),
        name: output.into(),
        input: inputs.iter().map(|s| s.to_string()).collect(),
        output: vec![output.into()],
        attribute,
        ..Default::default()
    }
}

fn int_attribute(name: &str, value: i64) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        type_: attribute_proto::AttributeType::INT.into(),
        i: value,
        ..Default::default()
    }
}

/// A float tensor `[N, width]` with a free batch size `N`.
fn value_info(name: &str, width: usize) -> ValueInfoProto {
    use tensor_shape_proto::{Dimension, dimension::Value};
    let dim = |value| Dimension { value: Some(value), ..Default::default() };
    let shape = TensorShapeProto { dim: vec![dim(Value::DimParam("N".into())), dim(Value::DimValue(width as i64))], ..Default::default() };
    let tensor = type_proto::Tensor { elem_type: 1, shape: Some(shape).into(), ..Default::default() };
    ValueInfoProto {
        name: name.into(),
        type_: Some(TypeProto { value: Some(type_proto::Value::TensorType(tensor)), ..Default::default() }).into(),
        ..Default::default()
    }
}
