//! `ann train`.
use std::path::PathBuf;

use ann_artifacts::Config;
use ann_backend::Backend;
use ann_train::{Engine, RunOptions};

#[derive(clap::Args)]
pub struct Args {
    /// Hyperparameters (TOML).
    #[arg(long, default_value = "configs/default.toml")]
    config: PathBuf,
    #[arg(long, value_enum, default_value_t = Backend::Flex)]
    backend: Backend,
    /// `learner`: burn's Learner with autodiff; `manual`: the slides' δ formulas by hand.
    #[arg(long, value_enum, default_value_t = Engine::Learner)]
    engine: Engine,
    /// Where the model, config, metrics and checkpoints go [default: artifacts/<config name>].
    #[arg(long)]
    artifacts: Option<PathBuf>,
    /// Overrides `training.epochs`.
    #[arg(long)]
    epochs: Option<usize>,
    /// Overrides `training.seed`.
    #[arg(long)]
    seed: Option<u64>,
    /// Folder with the MNIST files; overrides `data.dir` and $MNIST_DIR.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Continue from the last checkpoint in the artifact directory.
    #[arg(long)]
    resume: bool,
    /// Replace the artifacts of an earlier run in the same directory.
    #[arg(long, conflicts_with = "resume")]
    force: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let mut config = Config::load_with_data_dir(&self.config, self.data_dir)?;
        config.training.epochs = self.epochs.unwrap_or(config.training.epochs);
        config.training.seed = self.seed.unwrap_or(config.training.seed);
        config.validate(&self.config)?;
        let artifacts = self.artifacts.unwrap_or_else(|| {
            let name = self.config.file_stem().map_or("run".into(), |s| s.to_string_lossy().into_owned());
            PathBuf::from("artifacts").join(name)
        });
        let options = RunOptions {
            backend: self.backend,
            engine: self.engine,
            artifacts,
            config_path: self.config,
            resume: self.resume,
            force: self.force,
        };
        ann_train::run::train(&config, &options)?;
        Ok(())
    }
}
