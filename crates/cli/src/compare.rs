//! `ann compare`.
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    runs: Vec<PathBuf>,
    /// The figure (PNG).
    #[arg(long, default_value = "artifacts/compare.png")]
    out: PathBuf,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        ann_eval::report::compare(&self.runs, &self.out)?;
        println!("wrote {}", self.out.display());
        Ok(())
    }
}
