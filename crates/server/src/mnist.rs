//! The data of the page's live training, served under `data/` as MNIST's four IDX files
//! (gzip-compressed), with `data/index.json` saying what is there or where the server looked:
//! MNIST found as `ann train` finds it, or, for a run trained on a folder of pictures or on
//! another member of the MNIST family, that data read and split as the run read it, once,
//! with its class names.
use std::path::Path;

use crate::asset::{Asset, Site, gzip};

/// The roles of MNIST's four files ([`ann_data::NAMES`], in that order), as the page asks for them.
const ROLES: [&str; 4] = ["train_images", "train_labels", "test_images", "test_labels"];

/// Each file's role and the name it is served under (gzip-compressed).
fn served() -> impl Iterator<Item = (&'static str, String)> {
    ROLES.into_iter().zip(ann_data::NAMES.map(|name| format!("{name}.gz")))
}

const ATTRIBUTION: &str = "MNIST: Yann LeCun, Corinna Cortes and Christopher J. C. Burges, \
    http://yann.lecun.com/exdb/mnist/ (CC BY-SA 3.0)";

/// Whether `site` serves all four files.
pub fn found(site: &Site) -> bool {
    served().all(|(_, name)| site.contains_key(&format!("data/{name}")))
}

/// Adds the run's own data (see the module's note): its training images (validation last,
/// as the run held them out), its test images, and `data/index.json` with the class names and
/// the validation fraction. Data not found still serves the page, with a hint where to point.
pub fn add_run_data(site: &mut Site, config: &ann_artifacts::Config, run_config: &Path) {
    let index = match ann_artifacts::splits::load(config, run_config) {
        Ok((_, splits)) => {
            let train: Vec<u8> = splits.train.pixels().iter().chain(splits.valid.pixels()).copied().collect();
            let labels: Vec<u8> = splits.train.labels().iter().chain(splits.valid.labels()).copied().collect();
            let side = ann_data::idx::SIDE as u32;
            let files = [
                ann_data::idx::encode(ann_data::idx::IMAGES_MAGIC, &[labels.len() as u32, side, side], &train),
                ann_data::idx::encode(ann_data::idx::LABELS_MAGIC, &[labels.len() as u32], &labels),
                ann_data::idx::encode(ann_data::idx::IMAGES_MAGIC, &[splits.test.len() as u32, side, side], splits.test.pixels()),
                ann_data::idx::encode(ann_data::idx::LABELS_MAGIC, &[splits.test.len() as u32], splits.test.labels()),
            ];
            for ((_, name), bytes) in served().zip(files) {
                site.insert(format!("data/{name}"), Asset::new(gzip(&bytes), "application/octet-stream"));
            }
            serde_json::json!({
                "found": true,
                "origin": splits.origin,
                "classes": splits.classes,
                "valid_fraction": config.data.valid_fraction,
                "files": served().map(|(role, name)| (role.to_string(), serde_json::Value::from(name))).collect::<serde_json::Map<_, _>>(),
            })
        }
        Err(e) => serde_json::json!({
            "found": false,
            "looked": config.data.dir.iter().map(|d| d.display().to_string()).collect::<Vec<_>>(),
            "hint": format!("{}. Start `ann web` with --data-dir DIR naming the data the run was trained on to train in the page.", format!("{e:#}").trim_end_matches('.')),
        }),
    };
    site.insert("data/index.json".into(), Asset::new(index.to_string().into_bytes(), "application/json"));
}

/// Adds `data/index.json` and, when all four files are found, the files themselves. Never
/// downloads: a page without data still draws.
pub fn add(site: &mut Site, explicit: Option<&Path>) -> anyhow::Result<()> {
    // Resolved here, as `ann train` resolves it, and passed on as named: never a download.
    let (dir, _) = ann_data::data_dir(explicit);
    let index = match ann_data::locate(Some(&dir), &[]) {
        Ok(files) => {
            let paths = [&files.train_images, &files.train_labels, &files.test_images, &files.test_labels];
            for ((_, name), path) in served().zip(paths) {
                let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
                let bytes = if ann_data::idx::is_gzip(&bytes) { bytes } else { gzip(&bytes) };
                site.insert(format!("data/{name}"), Asset::new(bytes, "application/octet-stream"));
            }
            serde_json::json!({
                "found": true,
                "dir": std::path::absolute(&dir).unwrap_or(dir).display().to_string(),
                "files": served().map(|(role, name)| (role.to_string(), serde_json::Value::from(name))).collect::<serde_json::Map<_, _>>(),
                "attribution": ATTRIBUTION,
            })
        }
        Err(e) => {
            serde_json::json!({
                "found": false,
                "looked": [std::path::absolute(&dir).unwrap_or(dir).display().to_string()],
                "hint": format!("{e}. Start `ann web` with --data-dir DIR (or MNIST_DIR=DIR) to train in the page."),
            })
        }
    };
    site.insert("data/index.json".into(), Asset::new(index.to_string().into_bytes(), "application/json"));
    Ok(())
}
