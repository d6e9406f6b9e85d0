//! `ann predict`: the trained network on people's own pictures of digits. Each file is
//! decoded (with memory limits), made into MNIST's 28×28 input by `ann-preprocess`, and
//! classified; a file that cannot be read is reported on one line and the rest go on.
use std::path::{Path, PathBuf};

use ann_model::Mlp;
use ann_preprocess::{PIXELS, Rgba, SIDE};
use burn::tensor::{Device, Tensor, TensorData};
use serde::Serialize;

use ann_artifacts as artifacts;
use ann_backend::Backend;

/// Extensions taken from a folder (a file named on the command line is always tried).
pub const IMAGE_EXTENSIONS: [&str; 14] =
    ["png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff", "pnm", "pbm", "pgm", "ppm", "pam", "jfif"];

/// Larger pictures are refused before decoding: a photo of a digit needs far less, and a
/// forged header (a "decompression bomb") must not make `ann` allocate gigabytes.
pub const MAX_SIDE: u32 = 12_000;
pub const MAX_DECODER_BYTES: u64 = 512 << 20;

/// One file's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Prediction {
    pub file: PathBuf,
    pub digit: usize,
    pub probabilities: Vec<f32>,
}

impl Prediction {
    /// The most likely digit after the predicted one, and its probability.
    pub fn runner_up(&self) -> (usize, f32) {
        let mut order: Vec<usize> = (0..self.probabilities.len()).collect();
        order.sort_by(|&a, &b| self.probabilities[b].total_cmp(&self.probabilities[a]));
        (order[1], self.probabilities[order[1]])
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

/// The files to predict: each path, or every image in a folder (sorted by name).
pub fn expand(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<Failure>) {
    let (mut files, mut failures) = (Vec::new(), Vec::new());
    for input in inputs {
        if input.is_dir() && !looks_like_image(input) {
            match std::fs::read_dir(input) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> =
                        entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| looks_like_image(p)).collect();
                    found.sort();
                    if found.is_empty() {
                        let reason = format!("no images in this folder (looked for .{})", IMAGE_EXTENSIONS.join(", ."));
                        failures.push(Failure { file: input.clone(), reason });
                    }
                    files.extend(found);
                }
                Err(e) => failures.push(Failure { file: input.clone(), reason: format!("cannot list the folder: {e}") }),
            }
        } else {
            files.push(input.clone());
        }
    }
    (files, failures)
}

fn looks_like_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Decodes `path` within the limits above and makes it the network's input.
pub fn load_input(path: &Path) -> Result<[f32; PIXELS], String> {
    if path.is_dir() {
        return Err("is a folder, not an image".into());
    }
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if metadata.len() == 0 {
        return Err("is empty (0 bytes)".into());
    }
    // Judged by the contents, not the name: a text file called `.png` is not an image.
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut buffered = std::io::BufReader::new(file);
    let head = std::io::BufRead::fill_buf(&mut buffered).map_err(|e| format!("cannot read: {e}"))?;
    let format = image::guess_format(head)
        .map_err(|_| "is not an image in a supported format (PNG, JPEG, BMP, GIF, WebP, TIFF, PNM)".to_string())?;
    let mut reader = image::ImageReader::with_format(buffered, format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODER_BYTES);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            format!("is too large to decode (more than {MAX_SIDE} pixels a side or {} MiB)", MAX_DECODER_BYTES >> 20)
        }
        other => format!("cannot decode: {other}"),
    })?;
    if picture.width() == 0 || picture.height() == 0 {
        return Err("has no pixels (zero width or height)".into());
    }
    let rgba = picture.to_rgba32f();
    let picture = Rgba { width: rgba.width() as usize, height: rgba.height() as usize, data: rgba.as_raw() };
    ann_preprocess::to_mnist(&picture).map_err(|e| e.to_string())
}

/// The probabilities (softmax or sigmoid output) of `inputs` (rows of 784 intensities in 0..1).
pub fn classify(model: &Mlp, inputs: &[[f32; PIXELS]], device: &Device) -> Vec<Vec<f32>> {
    if inputs.is_empty() {
        return Vec::new();
    }
    let flat: Vec<f32> = inputs.iter().flatten().copied().collect();
    let x = Tensor::<2>::from_data(TensorData::new(flat, [inputs.len(), PIXELS]), device);
    let y = model.output(model.forward(x));
    let values = y.into_data().convert::<f32>().try_to_vec::<f32>().expect("f32 probabilities");
    values.chunks(10).map(<[f32]>::to_vec).collect()
}

/// The digit with the highest probability.
pub fn most_likely(probabilities: &[f32]) -> usize {
    (0..probabilities.len()).max_by(|&a, &b| probabilities[a].total_cmp(&probabilities[b])).unwrap_or(0)
}

/// Writes what the network sees: white ink on black, 28×28, as MNIST.
pub fn save_input(dir: &Path, file: &Path, input: &[f32; PIXELS]) -> anyhow::Result<PathBuf> {
    use anyhow::Context;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let stem = file.file_stem().map_or("input".into(), |s| s.to_string_lossy().into_owned());
    let path = dir.join(format!("{stem}.png"));
    let bytes: Vec<u8> = input.iter().map(|&v| (v.clamp(0.0, 1.0) * 255.0).round() as u8).collect();
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
    let (_, device, model) = artifacts::open_run(dir, backend)?;
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
        .map(|((file, _), probabilities)| {
            let digit = most_likely(&probabilities);
            Prediction { file, digit, probabilities }
        })
        .collect();
    Ok((predictions, failures))
}
