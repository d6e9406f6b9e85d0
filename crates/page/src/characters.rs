//! The characters page (`characters.html`): a student's own classes, drawn or uploaded, made
//! into a data set as `ann train --data-dir` makes the downloaded folder of them (the same
//! preprocessing, class order, split and reading order), which the page's
//! [`Trainer`](crate::Trainer) trains on with the run's distortions.
use ann_data::MnistDataset;
use ann_data::order::{reading_order, split, split_per_class};
use ann_model::MAX_CLASSES;
use wasm_bindgen::prelude::*;

use crate::data::{PIXELS, Splits};

/// Characters a file or folder name cannot hold on some system: a set must unzip anywhere.
const NOT_IN_NAMES: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];
/// Names Windows keeps for devices, whatever follows a dot.
const RESERVED: &[&str] = &["con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9"];
/// A class name's length at most, in characters, and in bytes (a file name holds 255).
pub const MAX_NAME: usize = 64;
const MAX_NAME_BYTES: usize = 200;

/// Why `name` cannot be a class beside `existing`, or `None`. A class becomes a folder of the
/// downloaded set, so its name must be a folder name `ann train --data-dir` reads as a class.
pub fn name_problem(name: &str, existing: &[String]) -> Option<String> {
    let problem = if name.trim().is_empty() {
        "a class needs a name: type one (any script: 日, ア, अ, Ω, hello)".to_string()
    } else if name != name.trim() {
        format!("`{name}` starts or ends with a space; leave it out")
    } else if existing.iter().any(|e| e == name) {
        format!("there is a class `{name}` already; pick it in the list to add to it")
    } else if let Some(e) = existing.iter().find(|e| e.to_lowercase() == name.to_lowercase()) {
        format!("`{name}` differs from the class `{e}` only in case: macOS and Windows would unzip both into one folder")
    } else if name.chars().count() > MAX_NAME || name.len() > MAX_NAME_BYTES {
        format!("a class name has at most {MAX_NAME} characters ({MAX_NAME_BYTES} bytes)")
    } else if let Some(c) = name.chars().find(|c| NOT_IN_NAMES.contains(c) || c.is_control()) {
        format!("`{name}` holds {c:?}, which a folder name cannot hold on every system (the set downloads as a folder per class)")
    } else if name.starts_with('.') || name.ends_with('.') {
        format!("`{name}` starts or ends with a dot: `ann train` skips such folders")
    } else if RESERVED.contains(&name.split('.').next().unwrap_or_default().to_lowercase().as_str()) {
        format!("`{name}` is a device name on Windows, where the set could not be unzipped; pick another")
    } else if name == "train" || name == "test" {
        format!("`{name}` names a split folder for `ann train --data-dir`; pick another name")
    } else if existing.len() >= MAX_CLASSES {
        format!("there are {MAX_CLASSES} classes already, the most a network here may have")
    } else {
        return None;
    };
    Some(problem)
}

/// Why `name` cannot be a new class beside `existing`, or undefined.
#[wasm_bindgen]
pub fn class_name_problem(name: &str, existing: Vec<String>) -> Option<String> {
    name_problem(name, &existing)
}

/// The most classes a set may have.
#[wasm_bindgen]
pub fn max_classes() -> usize {
    MAX_CLASSES
}

/// A picture file's bytes (a drawing's PNG, an uploaded picture) made into the network's
/// input `x(0)` exactly as `ann predict` and `ann train --data-dir` make the file.
#[wasm_bindgen]
pub fn picture_input(bytes: &[u8]) -> Result<Vec<f32>, JsError> {
    ann_preprocess::file::from_bytes(bytes).map(|x| x.to_vec()).map_err(|e| JsError::new(&e))
}

/// The page's set: each example's input (`PIXELS` values in 0..1) and class.
pub struct Set<'a> {
    pub classes: &'a [String],
    pub inputs: &'a [f32],
    pub labels: &'a [u8],
}

/// A set made into the splits `ann train --data-dir` makes of it downloaded: classes sorted by
/// name (output unit k is the k-th name), each class's examples in order, quantised to bytes,
/// split per class into training and test, training in its reading order, validation its last
/// `valid_fraction`; the class names in output order.
pub fn splits(set: &Set, valid_fraction: f64, test_fraction: f64, seed: u64) -> Result<Splits, String> {
    let k = set.classes.len();
    match k {
        0 | 1 => return Err("a classifier needs at least two classes: add another".into()),
        k if k > MAX_CLASSES => return Err(format!("{k} classes; at most {MAX_CLASSES} are supported")),
        _ => {}
    }
    for (i, name) in set.classes.iter().enumerate() {
        if let Some(problem) = name_problem(name, &set.classes[..i]) {
            return Err(problem);
        }
    }
    if set.inputs.len() != set.labels.len() * PIXELS {
        return Err(format!("{} inputs of {PIXELS} values for {} labels", set.inputs.len() as f64 / PIXELS as f64, set.labels.len()));
    }
    if let Some(&bad) = set.labels.iter().find(|&&l| l as usize >= k) {
        return Err(format!("label {bad} names no class (there are {k})"));
    }
    for (c, name) in set.classes.iter().enumerate() {
        match set.labels.iter().filter(|&&l| l as usize == c).count() {
            0 => return Err(format!("class `{name}` has no examples: draw some, or delete it")),
            1 => return Err(format!("class `{name}` has one example: each class needs at least two, one to train on and one to test")),
            _ => {}
        }
    }
    // The downloaded set's folders, as `ann train` lists them: sorted by name.
    let mut sorted: Vec<usize> = (0..k).collect();
    sorted.sort_by(|&a, &b| set.classes[a].cmp(&set.classes[b]));
    let mut unit = vec![0u8; k];
    for (u, &c) in sorted.iter().enumerate() {
        unit[c] = u as u8;
    }
    let mut listing: Vec<usize> = (0..set.labels.len()).collect();
    listing.sort_by_key(|&i| unit[set.labels[i] as usize]);
    let labels: Vec<u8> = listing.iter().map(|&i| unit[set.labels[i] as usize]).collect();
    let (train, test) = split_per_class(&labels, k, test_fraction, seed);
    let train: Vec<usize> = reading_order(train.len(), seed).into_iter().map(|i| train[i]).collect();
    let Some((fit, valid)) = split(train.len(), valid_fraction) else {
        return Err(format!(
            "{} examples to train on are too few to hold {valid_fraction} of them out for validation: draw more",
            train.len()
        ));
    };
    let dataset = |picks: &[usize]| {
        let pixels = picks.iter().flat_map(|&p| set.inputs[listing[p] * PIXELS..][..PIXELS].iter().map(|&v| ann_preprocess::byte(v))).collect();
        MnistDataset::from_raw(pixels, picks.iter().map(|&p| labels[p]).collect())
    };
    let names = sorted.iter().map(|&c| set.classes[c].clone()).collect();
    let config = ann_data::DataConfig { valid_fraction, test_fraction, ..Default::default() };
    Ok(Splits { train: dataset(&train[fit]), valid: dataset(&train[valid]), test: dataset(&test), names, config })
}
