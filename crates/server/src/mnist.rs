//! MNIST for the page's live training: the four IDX files found as `ann train` finds them,
//! served under `data/` gzip-compressed, with `data/index.json` saying what is there or
//! where the server looked.
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
