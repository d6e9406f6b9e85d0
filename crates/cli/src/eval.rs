//! `ann eval`.
use crate::SavedRun;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: SavedRun,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let report = ann_train::eval::evaluate_saved(&self.run.artifacts, self.run.backend, self.run.data_dir.as_deref())?;
        match self.json {
            true => println!("{}", serde_json::to_string_pretty(&report)?),
            false => print!("{report}"),
        }
        Ok(())
    }
}
