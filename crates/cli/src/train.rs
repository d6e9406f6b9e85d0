//! `ann train`.
use std::path::PathBuf;

use ann_artifacts::Overrides;
use ann_train::RunOptions;

use crate::Training;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    training: Training,
    /// Where the model, config, metrics and checkpoints go [default: artifacts/<config name>].
    #[arg(long)]
    artifacts: Option<PathBuf>,
    /// Overrides `training.epochs`.
    #[arg(long)]
    epochs: Option<usize>,
    /// Overrides `training.seed`.
    #[arg(long)]
    seed: Option<u64>,
    /// Continue from the last checkpoint in the artifact directory.
    #[arg(long)]
    resume: bool,
    /// Replace the artifacts of an earlier run in the same directory.
    #[arg(long, conflicts_with = "resume")]
    force: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let config = self.training.recipe.load(Overrides { epochs: self.epochs, seed: self.seed, ..Overrides::default() })?;
        let path = self.training.recipe.path();
        let artifacts = self.artifacts.unwrap_or_else(|| {
            let name = path.file_stem().map_or("run".into(), |s| s.to_string_lossy().into_owned());
            PathBuf::from("artifacts").join(name)
        });
        let options = RunOptions {
            backend: self.training.recipe.backend,
            engine: self.training.engine,
            artifacts,
            config_path: path,
            resume: self.resume,
            force: self.force,
        };
        ann_train::run::train(&config, &options)?;
        Ok(())
    }
}
