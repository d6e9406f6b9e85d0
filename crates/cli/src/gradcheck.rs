//! `ann gradcheck`.
use ann_backend::Precision;

use crate::Recipe;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    recipe: Recipe,
    #[arg(long, value_enum, default_value_t = Precision::F32)]
    precision: Precision,
    /// Images in the batch (the first N training images).
    #[arg(long, default_value_t = 100)]
    batch: usize,
    #[arg(long)]
    json: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let config = self.recipe.load(Default::default())?;
        let report = ann_gradcheck::run(&config, &self.recipe.path(), self.recipe.backend, self.precision, self.batch)?;
        match self.json {
            true => println!("{}", serde_json::to_string_pretty(&report)?),
            false => print!("{report}"),
        }
        anyhow::ensure!(report.passed, "gradient check failed: a relative error is above {:e}", report.tolerance);
        Ok(())
    }
}
