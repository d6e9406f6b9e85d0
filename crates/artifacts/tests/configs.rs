//! The recipes built into `ann` are the files of `configs/`; each loads and passes validation, and the pair that promises to
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
fn the_built_in_recipes_are_exactly_the_files_of_configs() {
    let mut files: Vec<(String, String)> = std::fs::read_dir(configs())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| (p.file_stem().unwrap().to_str().unwrap().to_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    files.sort();
    let mut built_in: Vec<(String, String)> =
        ann_artifacts::recipes::RECIPES.iter().map(|(name, text)| (name.to_string(), text.to_string())).collect();
    built_in.sort();
    let names = |list: &[(String, String)]| list.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&built_in), names(&files), "configs/ and the recipes built into ann name different files");
    assert_eq!(built_in, files, "a built-in recipe's text differs from its file");
}

#[test]
fn every_config_loads_and_validation_rejects_a_bad_value_in_each() {
    for (name, text) in ann_artifacts::recipes::RECIPES {
        let config = load(&format!("{name}.toml"));
        config.validate(Path::new(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The same recipe with one value out of range must fail and name that key.
        let mut bad = Config::parse(text, Path::new(name)).unwrap();
        bad.training.learning_rate = -1.0;
        let err = bad.validate(Path::new(name)).expect_err("a negative learning rate must be rejected").to_string();
        assert!(err.contains("training.learning_rate") && err.contains(name), "{name}: {err}");
    }
}

#[test]
fn plain_is_the_default_without_augmentation() {
    let (mut default, plain) = (load("default.toml"), load("plain.toml"));
    assert!(default.data.augment.is_some(), "default.toml distorts its training images");
    default.data.augment = None;
    assert_eq!(default, plain);
}
