//! `ann predict`: the trained network on people's own pictures of characters. Each file is
//! decoded (with memory limits), made into MNIST's 28×28 input by `ann-preprocess`, and
//! classified; a file that cannot be read is reported on one line and the rest go on.
use std::path::{Path, PathBuf};

use ann_model::Mlp;
use ann_preprocess::walk::Walker;
use ann_preprocess::{PIXELS, SIDE};
use burn::tensor::{Device, Tensor, TensorData};
use serde::Serialize;

use ann_artifacts as artifacts;
use ann_backend::Backend;

pub use ann_preprocess::file::{IMAGE_EXTENSIONS, MAX_DECODER_BYTES, MAX_SIDE, load as load_input, looks_like_image};

/// One file's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Prediction {
    pub file: PathBuf,
    /// The most likely output unit, and its class's name.
    pub index: usize,
    pub class: String,
    /// The same as `index` when the classes are MNIST's digits (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digit: Option<usize>,
    /// One per class, in the order of the model's classes.
    pub probabilities: Vec<f32>,
    /// The runner-up's class name.
    #[serde(skip)]
    pub runner_up: String,
}

impl Prediction {
    /// The answer for `probabilities` of a model with `classes`.
    pub fn new(file: PathBuf, probabilities: Vec<f32>, classes: &[String]) -> Self {
        let mut order: Vec<usize> = (0..probabilities.len()).collect();
        order.sort_by(|&a, &b| probabilities[b].total_cmp(&probabilities[a]));
        let (index, second) = (order[0], order[1]);
        let digits = ann_model::are_digits(classes);
        Self {
            file,
            index,
            class: classes[index].clone(),
            digit: digits.then_some(index),
            runner_up: classes[second].clone(),
            probabilities,
        }
    }

    /// `photo.png: K (97.1%), runner-up X (1.2%)`.
    pub fn line(&self) -> String {
        let second = self.probabilities.iter().enumerate().filter(|&(i, _)| i != self.index).map(|(_, p)| *p).fold(0.0, f32::max);
        format!(
            "{}: {} ({:.1}%), runner-up {} ({:.1}%)",
            self.file.display(),
            self.class,
            self.probabilities[self.index] * 100.0,
            self.runner_up,
            second * 100.0
        )
    }
}

/// A file that could not be predicted, and why.
#[derive(Debug, Clone)]
pub struct Failure {
    pub file: PathBuf,
    pub reason: String,
}

/// Some files could not be predicted (each was reported on its own line).
#[derive(Debug, thiserror::Error)]
#[error("{failed} of {total} files could not be predicted")]
pub struct SomeFailed {
    pub failed: usize,
    pub total: usize,
}

/// The files to predict: each path, or every picture in a folder and the folders inside it
/// (sorted by path), found as a data set's pictures are; what the walk passed by is noted.
pub fn expand(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let (mut files, mut failures) = (Vec::new(), Vec::new());
    let mut walker = Walker::new();
    for input in inputs {
        if input.is_dir() && !looks_like_image(input) {
            match walker.pictures(input) {
                Ok(found) => {
                    if found.is_empty() {
                        let reason = format!("no images in this folder or the folders inside it (looked for .{})", IMAGE_EXTENSIONS.join(", ."));
                        failures.push(Failure { file: input.clone(), reason });
                    }
                    files.extend(found);
                }
                Err((folder, e)) => failures.push(Failure { file: folder, reason: format!("cannot list the folder: {e}") }),
            }
        } else {
            files.push(input.clone());
        }
    }
    for note in &walker.notes {
        eprintln!("note: {note}");
    }
    (files, failures)
}

/// The probabilities (softmax or sigmoid output) of `inputs` (rows of 784 intensities in 0..1).
pub fn classify(model: &Mlp, inputs: &[[f32; PIXELS]], device: &Device) -> Vec<Vec<f32>> {
    if inputs.is_empty() {
        return Vec::new();
    }
    let flat: Vec<f32> = inputs.iter().flatten().copied().collect();
    let x = Tensor::<2>::from_data(TensorData::new(flat, [inputs.len(), PIXELS]), device);
    let y = model.output(model.forward(x));
    let classes = y.dims()[1];
    let values = y.into_data().convert::<f32>().try_to_vec::<f32>().expect("f32 probabilities");
    values.chunks(classes).map(<[f32]>::to_vec).collect()
}

/// Writes what the network sees: white ink on black, 28×28, as MNIST.
pub fn save_input(dir: &Path, file: &Path, input: &[f32; PIXELS]) -> anyhow::Result<PathBuf> {
    use anyhow::Context;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stem = file.file_stem().map_or("input".into(), |s| s.to_string_lossy().into_owned());
    let path = dir.join(format!("{stem}.png"));
    let bytes: Vec<u8> = input.iter().copied().map(ann_preprocess::byte).collect();
    image::save_buffer(&path, &bytes, SIDE as u32, SIDE as u32, image::ColorType::L8)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// Predicts every file; returns the answers and the failures, in the order given.
pub fn run(
    dir: &Path,
    backend: Backend,
    inputs: &[PathBuf],
    save_inputs: Option<&Path>,
) -> anyhow::Result<(Vec<Prediction>, Vec<Failure>)> {
    let (config, device, model) = artifacts::open_run(dir, backend)?;
    let classes = config.model.class_names();
    let (files, mut failures) = expand(inputs);
    let mut ready = Vec::new();
    for file in files {
        match load_input(&file) {
            Ok(input) => ready.push((file, input)),
            Err(reason) => failures.push(Failure { file, reason }),
        }
    }
    if let Some(out) = save_inputs {
        for (file, input) in &ready {
            save_input(out, file, input)?;
        }
    }
    let batch: Vec<[f32; PIXELS]> = ready.iter().map(|(_, input)| *input).collect();
    let predictions = ready
        .into_iter()
        .zip(classify(&model, &batch, &device))
        .map(|((file, _), probabilities)| Prediction::new(file, probabilities, &classes))
        .collect();
    Ok((predictions, failures))
}
