//! `ann bench`.
use crate::Training;

/// The config's network and recipe (batch size, η, momentum, λ) are timed; its epochs are not.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    training: Training,
    /// Training samples to time (the training set is repeated as needed, in memory: 784 bytes
    /// a sample, hence the limit).
    #[arg(long, default_value_t = 60_000, value_parser = clap::value_parser!(u64).range(1..=2_000_000))]
    samples: u64,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let config = self.training.recipe.load(Default::default())?;
        let report = ann_bench::run(&config, self.training.recipe.path(), self.training.recipe.backend, self.training.engine, self.samples as usize)?;
        match self.json {
            true => println!("{}", serde_json::to_string(&report)?),
            false => print!("{report}"),
        }
        Ok(())
    }
}
