//! Every config under `configs/` loads and passes validation, and the pair that promises to
//! differ in one table differs in nothing else.
use std::path::{Path, PathBuf};

use ann_artifacts::config::Config;

fn configs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../configs")
}

fn load(name: &str) -> Config {
    let path = configs().join(name);
    Config::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_config_loads_and_is_valid() {
    let mut names: Vec<String> = std::fs::read_dir(configs())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    for name in &names {
        let config = load(name);
        config.validate(&configs().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn plain_is_the_default_without_augmentation() {
    let (mut default, plain) = (load("default.toml"), load("plain.toml"));
    assert!(default.data.augment.is_some(), "default.toml distorts its training images");
    default.data.augment = None;
    assert_eq!(default, plain);
}
