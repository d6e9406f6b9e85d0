//! `ann predict`.
use std::path::PathBuf;

use ann_backend::Backend;
use ann_predict::SomeFailed;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    artifacts: PathBuf,
    #[arg(long, value_enum, default_value_t = Backend::Flex)]
    backend: Backend,
    /// One JSON object per line: {"file", "index", "class", "probabilities"} (and "digit" for
    /// a model of MNIST's digits).
    #[arg(long)]
    json: bool,
    /// Write each 28×28 input the network sees as a PNG into this folder.
    #[arg(long)]
    save_input: Option<PathBuf>,
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let (predictions, failures) = ann_predict::run(&self.artifacts, self.backend, &self.files, self.save_input.as_deref())?;
        for p in &predictions {
            if self.json {
                println!("{}", serde_json::to_string(p)?);
            } else {
                println!("{}", p.line());
            }
        }
        for f in &failures {
            eprintln!("{}: {}", f.file.display(), f.reason);
        }
        if let Some(dir) = &self.save_input {
            eprintln!("the network's inputs are in {}", dir.display());
        }
        if !failures.is_empty() {
            return Err(SomeFailed { failed: failures.len(), total: failures.len() + predictions.len() }.into());
        }
        Ok(())
    }
}
