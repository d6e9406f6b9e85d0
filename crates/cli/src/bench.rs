//! `ann bench`.
use std::path::PathBuf;

use ann_artifacts::Config;
use ann_backend::Backend;
use ann_train::Engine;

#[derive(clap::Args)]
pub struct Args {
    /// The network and training recipe (batch size, η, momentum, λ); epochs are ignored.
    #[arg(long, default_value = "configs/default.toml")]
    config: PathBuf,
    #[arg(long, value_enum, default_value_t = Backend::Flex)]
    backend: Backend,
    #[arg(long, value_enum, default_value_t = Engine::Learner)]
    engine: Engine,
    /// Training samples to time (the training set is repeated as needed, in memory: 784 bytes
    /// a sample, hence the limit).
    #[arg(long, default_value_t = 60_000, value_parser = clap::value_parser!(u64).range(1..=2_000_000))]
    samples: u64,
    /// Folder with the MNIST files; overrides `data.dir` and $MNIST_DIR.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let config = Config::load_with_data_dir(&self.config, self.data_dir)?;
        let report = ann_train::bench::run(&config, self.config, self.backend, self.engine, self.samples as usize)?;
        match self.json {
            true => println!("{}", serde_json::to_string(&report)?),
            false => print!("{report}"),
        }
        Ok(())
    }
}
