//! The recipes of `configs/`, built into `ann`: `--config robust` names one wherever `ann`
//! runs, and no `--config` means `default`. A path to a TOML file still reads that file.
use std::path::{Path, PathBuf};

/// Name (the file name without `.toml`) and text of every file of `configs/`.
pub const RECIPES: [(&str, &str); 11] = [
    ("default", include_str!("../../../configs/default.toml")),
    ("plain", include_str!("../../../configs/plain.toml")),
    ("robust", include_str!("../../../configs/robust.toml")),
    ("quick", include_str!("../../../configs/quick.toml")),
    ("sigmoid", include_str!("../../../configs/sigmoid.toml")),
    ("gd-batch", include_str!("../../../configs/gd-batch.toml")),
    ("gd-minibatch", include_str!("../../../configs/gd-minibatch.toml")),
    ("gd-stochastic", include_str!("../../../configs/gd-stochastic.toml")),
    ("slides-100", include_str!("../../../configs/slides-100.toml")),
    ("fashion", include_str!("../../../configs/fashion.toml")),
    ("characters", include_str!("../../../configs/characters.toml")),
];

/// The recipe used when no `--config` is given.
pub const DEFAULT: &str = "default";

/// The recipe made for the data: `fashion` for Fashion-MNIST, `characters` for a folder of
/// pictures in class folders, `default` (handwriting) for the rest.
pub fn for_data(dataset: Option<&str>, dir: Option<&Path>) -> &'static str {
    match dataset {
        Some("fashion-mnist") => "fashion",
        Some(_) => DEFAULT,
        None if dir.is_some_and(ann_data::folder::is_picture_folder) => "characters",
        None => DEFAULT,
    }
}

/// The names of the built-in recipes, for messages.
pub fn names() -> String {
    RECIPES.map(|(name, _)| name).join(", ")
}

/// The built-in recipe that `arg` names: `robust`, or `configs/robust.toml` when no such file
/// is there (an installed `ann` run outside the source tree). `None` for anything else.
pub fn builtin(arg: &Path) -> Option<(&'static str, &'static str)> {
    if arg.is_file() {
        return None;
    }
    let text = arg.to_str()?;
    let name = text.strip_prefix("configs/").unwrap_or(text);
    let name = name.strip_suffix(".toml").unwrap_or(name);
    RECIPES.iter().copied().find(|(recipe, _)| *recipe == name)
}

/// How a built-in recipe is named in messages and saved runs.
pub fn label(name: &str) -> PathBuf {
    PathBuf::from(format!("configs/{name}.toml"))
}
