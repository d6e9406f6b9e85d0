//! A network trained in the page as the run folder `ann train` writes: `model.bpk` (burnpack,
//! the class names in its metadata) and `config.toml` (the run's settings and class names), in
//! a zip, so that `ann predict --artifacts`, `ann eval` and `ann web --artifacts` read it.
use ann_backprop::TrainingConfig;
use ann_data::DataConfig;
use ann_model::{Mlp, ModelConfig};
use burn::store::{BurnpackStore, ModuleSnapshot};
use serde::Serialize;

use crate::archive::SetZip;

/// The folder inside the zip.
pub const FOLDER: &str = "characters";

/// `config.toml`'s tables, as `ann_artifacts::Config` reads them (a test holds the two equal
/// by reading the page's folder with `ann predict`).
#[derive(Serialize)]
struct RunConfig<'a> {
    model: &'a ModelConfig,
    data: DataConfig,
    training: &'a TrainingConfig,
}

/// `model` as a zipped run folder; `classes` in output order.
pub fn zip(model: &Mlp, config: &ModelConfig, data: DataConfig, training: &TrainingConfig, classes: &[String]) -> Result<Vec<u8>, String> {
    let names = serde_json::to_string(classes).map_err(|e| e.to_string())?;
    let mut store = BurnpackStore::from_bytes(None).metadata("classes", names);
    model.save_into(&mut store).map_err(|e| format!("cannot write the model: {e}"))?;
    let weights = store.get_bytes().map_err(|e| format!("cannot write the model: {e}"))?;
    let config = toml::to_string_pretty(&RunConfig { model: config, data, training }).map_err(|e| e.to_string())?;
    let mut zip = SetZip::new();
    zip.try_add(&format!("{FOLDER}/model.bpk"), &weights)?;
    zip.try_add(&format!("{FOLDER}/config.toml"), config.as_bytes())?;
    zip.try_finish()
}
