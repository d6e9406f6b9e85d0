//! `ann web`.
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The trained run to serve (its `model.bpk` and `config.toml`, class names included).
    #[arg(long)]
    artifacts: PathBuf,
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Write the page into this folder as static files instead of serving it.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The folder wasm-bindgen wrote [default: $ANN_WEB_PKG, `ann-page-pkg` beside the binary,
    /// then crates/page/pkg of the source tree].
    #[arg(long)]
    pkg: Option<PathBuf>,
    /// Folder with the MNIST files for training in the page; overrides the run's `data.dir`
    /// and $MNIST_DIR.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Connections served at once; more wait in the system's queue [default: 256, or fewer if
    /// the process may open fewer files].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    max_connections: Option<u64>,
}

impl Args {
    pub fn run(self) -> anyhow::Result<()> {
        let options = ann_server::Options {
            artifacts: self.artifacts,
            pkg: self.pkg,
            data_dir: self.data_dir,
            max_connections: self.max_connections.map(|n| n as usize),
        };
        match self.out {
            Some(out) => ann_server::write(&options, &out),
            None => ann_server::serve(&options, &self.host, self.port),
        }
    }
}
