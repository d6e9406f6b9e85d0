//! `ann eval`.
use crate::SavedRun;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    run: SavedRun,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
    /// Also draw this evaluation's confusion matrix and most confident mistakes into this
    /// folder (`confusion.png`, `mistakes.png`): the report's figures for other test pictures.
    #[arg(long, value_name = "DIR")]
    figures: Option<std::path::PathBuf>,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let (report, drawn) =
            ann_eval::evaluate_saved(&self.run.artifacts, self.run.backend, self.run.data_dir.as_deref(), self.figures.as_deref())?;
        match self.json {
            true => println!("{}", serde_json::to_string_pretty(&report)?),
            false => print!("{report}"),
        }
        for figure in drawn {
            eprintln!("figure: {}", figure.display());
        }
        Ok(())
    }
}
