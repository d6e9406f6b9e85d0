//! `ann gradcheck`.
use std::path::PathBuf;

use ann_artifacts::Config;
use ann_backend::{Backend, Precision};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "configs/default.toml")]
    config: PathBuf,
    #[arg(long, value_enum, default_value_t = Backend::Flex)]
    backend: Backend,
    #[arg(long, value_enum, default_value_t = Precision::F32)]
    precision: Precision,
    /// Images in the batch (the first N training images).
    #[arg(long, default_value_t = 100)]
    batch: usize,
    /// Folder with the MNIST files; overrides `data.dir` and $MNIST_DIR.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let config = Config::load_with_data_dir(&self.config, self.data_dir)?;
        let report = ann_train::gradcheck::run(&config, &self.config, self.backend, self.precision, self.batch)?;
        match self.json {
            true => println!("{}", serde_json::to_string_pretty(&report)?),
            false => print!("{report}"),
        }
        anyhow::ensure!(report.passed, "gradient check failed: a relative error is above {:e}", report.tolerance);
        Ok(())
    }
}
