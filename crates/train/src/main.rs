//! `ann`: train, evaluate and inspect the slides' handwritten-digit network.
use std::path::PathBuf;
use std::process::ExitCode;

use ann_train::artifacts::ArtifactError;
use ann_train::training::{self, Engine, RunOptions};
use ann_train::{Backend, Config, ConfigError, Precision, bench, gradcheck, manual};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "ann", version, about = "The lecture slides' 784-300-100-10 network for MNIST, on burn")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train the network, evaluate it on the test set, and write the artifacts.
    Train {
        /// Hyperparameters (TOML).
        #[arg(long, default_value = "configs/default.toml")]
        config: PathBuf,
        #[arg(long, value_enum, default_value_t = Backend::Ndarray)]
        backend: Backend,
        /// `learner`: burn's Learner with autodiff; `manual`: the slides' δ formulas by hand.
        #[arg(long, value_enum, default_value_t = Engine::Learner)]
        engine: Engine,
        /// Where the model, config, metrics and checkpoints go [default: artifacts/<config name>].
        #[arg(long)]
        artifacts: Option<PathBuf>,
        /// Overrides `training.epochs`.
        #[arg(long)]
        epochs: Option<usize>,
        /// Overrides `training.seed`.
        #[arg(long)]
        seed: Option<u64>,
        /// Folder with the MNIST files; overrides `data.dir` and $MNIST_DIR.
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Continue from the last checkpoint in the artifact directory.
        #[arg(long)]
        resume: bool,
        /// Replace the artifacts of an earlier run in the same directory.
        #[arg(long, conflicts_with = "resume")]
        force: bool,
    },
    /// Evaluate a trained model on the test set: accuracy, per-class accuracy, confusion matrix.
    Eval {
        #[arg(long)]
        artifacts: PathBuf,
        #[arg(long, value_enum, default_value_t = Backend::Ndarray)]
        backend: Backend,
        /// Folder with the MNIST files; overrides the run's `data.dir` and $MNIST_DIR.
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Measure training and evaluation speed on real MNIST against the backend's matmul peak.
    Bench {
        /// The network and training recipe (batch size, η, momentum, λ); epochs are ignored.
        #[arg(long, default_value = "configs/default.toml")]
        config: PathBuf,
        #[arg(long, value_enum, default_value_t = Backend::Ndarray)]
        backend: Backend,
        #[arg(long, value_enum, default_value_t = Engine::Learner)]
        engine: Engine,
        /// Training samples to time (the training set is repeated as needed).
        #[arg(long, default_value_t = 60_000, value_parser = clap::value_parser!(u64).range(1..))]
        samples: u64,
        /// Folder with the MNIST files; overrides `data.dir` and $MNIST_DIR.
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check the slides' hand-derived gradients against burn's autodiff on a real MNIST batch.
    Gradcheck {
        #[arg(long, default_value = "configs/default.toml")]
        config: PathBuf,
        #[arg(long, value_enum, default_value_t = Backend::Ndarray)]
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    ann_train::interrupt::install();
    let command = cli.command;
    match ann_train::backend::on_compute_pool(|| run(command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", describe(&error));
            ExitCode::from(exit_code(&error))
        }
    }
}

/// The error and its causes, each cause only once: many messages already quote their cause.
fn describe(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text = format!("{text}: {cause}");
        }
    }
    text
}

/// 2 for anything the user can fix in their input (config, data, model files); 130 for an
/// interrupted run (as shells report Ctrl-C); 1 otherwise.
fn exit_code(error: &anyhow::Error) -> u8 {
    if error.is::<ann_train::interrupt::Interrupted>() {
        return 130;
    }
    let bad_input = error.chain().any(|e| {
        e.is::<ConfigError>()
            || e.is::<ann_data::DataError>()
            || e.is::<ann_data::IdxError>()
            || e.is::<ArtifactError>()
            || e.is::<ann_train::backend::BackendError>()
    });
    if bad_input { 2 } else { 1 }
}

/// The config at `path`, with `--data-dir` in place of its `data.dir` when given.
fn load_config(path: &std::path::Path, data_dir: Option<PathBuf>) -> anyhow::Result<Config> {
    let mut config = Config::load(path)?;
    if data_dir.is_some() {
        config.data.dir = data_dir;
    }
    Ok(config)
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Train { config: config_path, backend, engine, artifacts, epochs, seed, data_dir, resume, force } => {
            let mut config = load_config(&config_path, data_dir)?;
            if let Some(epochs) = epochs {
                config.training.epochs = epochs;
            }
            if let Some(seed) = seed {
                config.training.seed = seed;
            }
            config.validate(&config_path)?;
            let artifacts = artifacts.unwrap_or_else(|| {
                let name = config_path.file_stem().map_or("run".into(), |s| s.to_string_lossy().into_owned());
                PathBuf::from("artifacts").join(name)
            });
            let options = RunOptions { backend, artifacts, config_path, resume, force };
            match engine {
                Engine::Learner => training::run(&config, &options)?,
                Engine::Manual => manual::run(&config, &options)?,
            };
        }
        Command::Bench { config: config_path, backend, engine, samples, data_dir, json } => {
            let config = load_config(&config_path, data_dir)?;
            config.validate(&config_path)?;
            let report = bench::run(&config, config_path, backend, engine, samples as usize)?;
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                print!("{report}");
            }
        }
        Command::Eval { artifacts, backend, data_dir, json } => {
            let report = training::evaluate_saved(&artifacts, backend, data_dir.as_deref())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
        }
        Command::Gradcheck { config: config_path, backend, precision, batch, data_dir, json } => {
            let config = load_config(&config_path, data_dir)?;
            let report = gradcheck::run(&config, &config_path, backend, precision, batch)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
            anyhow::ensure!(report.passed, "gradient check failed: a relative error is above {:e}", report.tolerance);
        }
    }
    Ok(())
}
