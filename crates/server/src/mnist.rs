//! MNIST for the page's live training: the four IDX files found as `ann train` finds them,
//! served under `data/` gzip-compressed, with `data/index.json` saying what is there or
//! where the server looked.
use std::path::{Path, PathBuf};

use crate::asset::{Asset, Site, gzip};

/// The names the page asks for, by role.
const FILES: [(&str, &str); 4] = [
    ("train_images", "train-images-idx3-ubyte.gz"),
    ("train_labels", "train-labels-idx1-ubyte.gz"),
    ("test_images", "t10k-images-idx3-ubyte.gz"),
    ("test_labels", "t10k-labels-idx1-ubyte.gz"),
];

const ATTRIBUTION: &str = "MNIST: Yann LeCun, Corinna Cortes and Christopher J. C. Burges, \
    http://yann.lecun.com/exdb/mnist/ (CC BY-SA 3.0)";

/// Whether `site` serves all four files.
pub fn found(site: &Site) -> bool {
    FILES.iter().all(|(_, name)| site.contains_key(&format!("data/{name}")))
}

/// Adds `data/index.json` and, when all four files are found, the files themselves. Never
/// downloads: a page without data still draws.
pub fn add(site: &mut Site, explicit: Option<&Path>) -> anyhow::Result<()> {
    // Resolved here, as `ann train` resolves it, and passed on as named: never a download.
    let dir = explicit
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os("MNIST_DIR").filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(ann_data::DEFAULT_DIR));
    let index = match ann_data::locate(Some(&dir), &[]) {
        Ok(files) => {
            let paths = [&files.train_images, &files.train_labels, &files.test_images, &files.test_labels];
            for ((_, name), path) in FILES.iter().zip(paths) {
                let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
                let bytes = if bytes.starts_with(&[0x1f, 0x8b]) { bytes } else { gzip(&bytes) };
                site.insert(format!("data/{name}"), Asset::new(bytes, "application/octet-stream"));
            }
            serde_json::json!({
                "found": true,
                "dir": std::path::absolute(&dir).unwrap_or(dir).display().to_string(),
                "files": FILES.iter().map(|(role, name)| (role.to_string(), serde_json::Value::from(*name))).collect::<serde_json::Map<_, _>>(),
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
