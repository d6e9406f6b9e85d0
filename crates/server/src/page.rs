//! What the server hands out, prepared once at start: the page, its WebAssembly, the model's
//! weights, and MNIST under `data/`. Each file is gzip-compressed once (when that saves
//! bytes) and tagged with an `ETag`, so a reload revalidates instead of refetching.
use std::path::{Path, PathBuf};

use ann_artifacts as artifacts;
use ann_backend::Backend;

use crate::WebError;
use crate::asset::{Asset, Site};

mod www {
    include!(concat!(env!("OUT_DIR"), "/www.rs"));
}
use www::FILES as WWW;

/// What `wasm-bindgen --target web` writes for `ann-page`.
const PKG: [(&str, &str); 2] = [("ann_page.js", "text/javascript; charset=utf-8"), ("ann_page_bg.wasm", "application/wasm")];
/// The recipe whose settings the page's training starts from.
pub const RECIPE: &str = "plain";
/// The recipe whose settings the characters page's training starts from.
pub const CHARACTERS_RECIPE: &str = "characters";
/// The name the built page's folder has beside an installed `ann` binary.
pub const PKG_BESIDE_BINARY: &str = "ann-page-pkg";

/// The folders searched for the built page: `--pkg` or `$ANN_WEB_PKG` alone when given; else a
/// folder `ann-page-pkg` beside the `ann` binary (an installed copy), then the source tree's
/// `crates/page/pkg`, where `scripts/web.sh` writes it.
pub fn pkg_candidates(explicit: Option<&Path>) -> Vec<PathBuf> {
    if let Some(dir) = explicit.map(Path::to_path_buf).or_else(|| std::env::var_os("ANN_WEB_PKG").map(PathBuf::from)) {
        return vec![dir];
    }
    let beside_binary = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|d| d.join(PKG_BESIDE_BINARY)));
    beside_binary.into_iter().chain([Path::new(env!("CARGO_MANIFEST_DIR")).join("../page/pkg")]).collect()
}

/// The first folder of `candidates` that holds the built page.
fn find_pkg(candidates: &[PathBuf]) -> Result<PathBuf, WebError> {
    candidates.iter().find(|dir| PKG.iter().all(|(name, _)| dir.join(name).is_file())).cloned().ok_or_else(|| {
        WebError::NotBuilt { looked: candidates.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ") }
    })
}

/// Every file of the page for the model in `dir`, with MNIST from `data_dir` (or where
/// `ann train` looks) when it is there.
pub fn site(dir: &Path, pkg: Option<&Path>, data_dir: Option<&Path>) -> anyhow::Result<Site> {
    let (config, _, model) = artifacts::open_run(dir, Backend::Flex)?;
    let mut weights = Vec::new();
    for layer in model.layers() {
        let bias = layer.bias.as_ref().expect("the slides' layers all have biases").val();
        for tensor in [layer.weight.val().into_data(), bias.into_data()] {
            let values = tensor.convert::<f32>().try_into_vec::<f32>().expect("f32 parameters");
            weights.extend(values.iter().flat_map(|v| v.to_le_bytes()));
        }
    }
    let description = serde_json::json!({
        "name": dir.file_name().map(|n| n.to_string_lossy().into_owned()),
        "layers": config.model.layers,
        "activation": config.model.activation.name(),
        "loss": config.model.loss.name(),
        "classes": config.model.class_names(),
        "lambda": config.training.lambda,
        "learning_rate": config.training.learning_rate,
    });
    let mut site = Site::new();
    for (name, bytes, kind) in WWW {
        site.insert((*name).into(), Asset::new(bytes.to_vec(), *kind));
    }
    let pkg = find_pkg(&pkg_candidates(pkg))?;
    for (name, kind) in PKG {
        let path = pkg.join(name);
        let bytes = std::fs::read(&path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        site.insert(name.into(), Asset::new(bytes, kind));
    }
    site.insert("weights.bin".into(), Asset::new(weights, "application/octet-stream"));
    site.insert("network.json".into(), Asset::new(description.to_string().into_bytes(), "application/json"));
    // The training controls' defaults, from the recipe built into ann, so the page never keeps its own copy.
    for (recipe, name) in [(RECIPE, "recipe.json"), (CHARACTERS_RECIPE, "characters-recipe.json")] {
        let recipe = artifacts::Config::load(Path::new(recipe))?;
        site.insert(name.into(), Asset::new(serde_json::to_vec(&recipe)?, "application/json"));
    }
    // MNIST runs train on MNIST (from --data-dir, or where `ann train` looks); any other run
    // on its own data, read as it read it.
    let data_dir = data_dir.map(Path::to_path_buf).or_else(|| config.data.dir.clone());
    let picture_folder = data_dir.as_deref().is_some_and(ann_data::folder::is_picture_folder);
    // A run that names its classes was not trained on MNIST, even when its data has moved.
    let family = config.data.dataset.as_deref().and_then(ann_data::family::family).filter(|set| set.name != "mnist");
    if picture_folder || family.is_some() || !config.model.classes.is_empty() {
        let mut config = config.clone();
        // Named outright, so that a family member's files are looked for, never downloaded.
        config.data.dir = data_dir.or_else(|| family.map(|set| set.default_dir().into()));
        crate::mnist::add_run_data(&mut site, &config, &dir.join(artifacts::CONFIG));
    } else {
        crate::mnist::add(&mut site, data_dir.as_deref())?;
    }
    Ok(site)
}
