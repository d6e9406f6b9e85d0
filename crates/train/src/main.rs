//! `ann`: train, evaluate and inspect the slides' handwritten-digit network.
use std::path::PathBuf;
use std::process::ExitCode;

use ann_train::artifacts::ArtifactError;
use ann_train::training::{self, Engine, RunOptions};
use ann_train::{Backend, Config, ConfigError, Precision, bench, gradcheck, manual, predict, report};
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
        #[arg(long, value_enum, default_value_t = Backend::Flex)]
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
        #[command(flatten)]
        run: SavedRun,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Measure training and evaluation speed on real MNIST against the backend's matmul peak.
    Bench {
        /// The network and training recipe (batch size, η, momentum, λ); epochs are ignored.
        #[arg(long, default_value = "configs/default.toml")]
        config: PathBuf,
        #[arg(long, value_enum, default_value_t = Backend::Flex)]
        backend: Backend,
        #[arg(long, value_enum, default_value_t = Engine::Learner)]
        engine: Engine,
        /// Training samples to time (the training set is repeated as needed, in memory: 784 bytes
        /// a sample, hence the limit).
        #[arg(long, default_value_t = 60_000, value_parser = clap::value_parser!(u64).range(1..=2_000_000))]
        samples: u64,
        /// Folder with the MNIST files; overrides `data.dir` and $MNIST_DIR.
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Predict the digit in your own pictures (PNG, JPEG, BMP, GIF, WebP, TIFF, PNM; a folder
    /// means every image in it).
    Predict {
        #[arg(long)]
        artifacts: PathBuf,
        #[arg(long, value_enum, default_value_t = Backend::Flex)]
        backend: Backend,
        /// One JSON object per line: {"file", "digit", "probabilities"}.
        #[arg(long)]
        json: bool,
        /// Write each 28×28 input the network sees as a PNG into this folder.
        #[arg(long)]
        save_input: Option<PathBuf>,
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Export the trained network: safetensors (PyTorch's layout) or ONNX.
    Export {
        #[arg(long)]
        artifacts: PathBuf,
        #[arg(long, value_enum)]
        format: ann_train::export::Format,
        #[arg(long)]
        out: PathBuf,
    },
    /// Regenerate report.html and its figures from a finished run.
    Report {
        #[command(flatten)]
        run: SavedRun,
    },
    /// Overlay the curves of several runs in one figure.
    Compare {
        #[arg(required = true)]
        runs: Vec<PathBuf>,
        /// The figure (PNG).
        #[arg(long, default_value = "artifacts/compare.png")]
        out: PathBuf,
    },
    /// Serve a page to draw a digit and watch every layer, every δ and one learning step
    /// (build it with scripts/web.sh, which then runs this).
    Web {
        #[arg(long)]
        artifacts: PathBuf,
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Write the page into this folder as static files instead of serving it.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check the slides' hand-derived gradients against burn's autodiff on a real MNIST batch.
    Gradcheck {
        #[arg(long, default_value = "configs/default.toml")]
        config: PathBuf,
        #[arg(long, value_enum, default_value_t = Backend::Flex)]
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

/// A finished run and what to evaluate it with.
#[derive(clap::Args)]
struct SavedRun {
    /// The run's artifact directory.
    #[arg(long)]
    artifacts: PathBuf,
    #[arg(long, value_enum, default_value_t = Backend::Flex)]
    backend: Backend,
    /// Folder with the MNIST files; overrides the run's `data.dir` and $MNIST_DIR.
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn main() -> ExitCode {
    ann_train::backend::keep_freed_memory();
    let cli = Cli::parse();
    ann_train::interrupt::install();
    end_on_panic();
    let command = cli.command;
    match ann_train::backend::on_compute_pool(|| run(command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", describe(&error));
            ExitCode::from(exit_code(&error))
        }
    }
}

/// A panic in any thread (a device driver's, say) ends `ann` with one line and exit code 101,
/// instead of leaving a process that runs on without the thread that panicked. Hooks that
/// burn installs later (its dashboard restores the terminal) run first and then call this.
fn end_on_panic() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("unknown cause");
        let place = info.location().map_or(String::new(), |l| format!(" ({}:{})", l.file(), l.line()));
        let thread = std::thread::current().name().unwrap_or("unnamed").to_string();
        eprintln!("error: internal failure in thread '{thread}': {message}{place}\nThis is a bug in ann, burn or a device driver; please report it.");
        // _exit: other threads may hold locks (a driver deadlock), so no clean-up can be trusted.
        unsafe { libc::_exit(101) };
    }));
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
            || e.is::<predict::SomeFailed>()
            || e.is::<ann_report::ReportError>()
            || e.is::<ann_train::web::WebError>()
    });
    if bad_input { 2 } else { 1 }
}

/// The config at `path`, with `--data-dir` in place of its `data.dir` when given. A relative
/// `--data-dir` is taken from the current folder; a relative `data.dir` from the current
/// folder, or else from the config's own folder. Either is made absolute, so that the run's
/// saved config means the same folder wherever `ann eval` runs later.
fn load_config(path: &std::path::Path, data_dir: Option<PathBuf>) -> anyhow::Result<Config> {
    let mut config = Config::load(path)?;
    config.data.dir = match (data_dir, config.data.dir.take()) {
        (Some(dir), _) => Some(dir),
        (None, Some(dir)) if dir.is_relative() && !dir.exists() => {
            let beside_config = path.parent().unwrap_or(std::path::Path::new(".")).join(&dir);
            Some(if beside_config.exists() { beside_config } else { dir })
        }
        (None, dir) => dir,
    };
    config.data.dir = config.data.dir.map(|dir| std::path::absolute(&dir).unwrap_or(dir));
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
        Command::Predict { artifacts, backend, json, save_input, files } => {
            let (predictions, failures) = predict::run(&artifacts, backend, &files, save_input.as_deref())?;
            for p in &predictions {
                if json {
                    println!("{}", serde_json::to_string(p)?);
                } else {
                    let (second, p2) = p.runner_up();
                    println!("{}: {} ({:.1}%), runner-up {} ({:.1}%)", p.file.display(), p.digit, p.probabilities[p.digit] * 100.0, second, p2 * 100.0);
                }
            }
            for f in &failures {
                eprintln!("{}: {}", f.file.display(), f.reason);
            }
            if let Some(dir) = save_input {
                eprintln!("the network's inputs are in {}", dir.display());
            }
            if !failures.is_empty() {
                return Err(predict::SomeFailed { failed: failures.len(), total: failures.len() + predictions.len() }.into());
            }
        }
        Command::Export { artifacts, format, out } => {
            let path = ann_train::export::run(&artifacts, format, &out)?;
            println!("wrote {}", path.display());
        }
        Command::Report { run } => {
            let html = report::regenerate(&run.artifacts, run.backend, run.data_dir.as_deref())?;
            println!("report: {}", html.display());
        }
        Command::Web { artifacts, host, port, out } => match out {
            Some(out) => ann_train::web::write(&artifacts, &out)?,
            None => ann_train::web::serve(&artifacts, &host, port)?,
        },
        Command::Compare { runs, out } => {
            report::compare(&runs, &out)?;
            println!("wrote {}", out.display());
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
        Command::Eval { run, json } => {
            let report = training::evaluate_saved(&run.artifacts, run.backend, run.data_dir.as_deref())?;
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
