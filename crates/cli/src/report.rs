//! `ann report`.
use crate::SavedRun;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: SavedRun,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let html = ann_eval::report::regenerate(&self.run.artifacts, self.run.backend, self.run.data_dir.as_deref())?;
        println!("report: {}", html.display());
        Ok(())
    }
}
