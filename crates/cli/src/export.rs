//! `ann export`.
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    artifacts: PathBuf,
    #[arg(long, value_enum)]
    format: ann_export::Format,
    #[arg(long)]
    out: PathBuf,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let path = ann_export::run(&self.artifacts, self.format, &self.out)?;
        println!("wrote {}", path.display());
        Ok(())
    }
}
