//! `ann`: train, evaluate and inspect the slides' handwritten-character network. Each subcommand's
//! arguments and its call into the workspace's crates live in a file of their own.
mod bench;
mod compare;
mod eval;
mod exercise;
mod export;
mod gradcheck;
mod predict;
mod report;
mod train;
mod web;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ann_artifacts::Overrides;
use ann_backend::Backend;
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
    Train(train::Args),
    /// Evaluate a trained model on the test set: accuracy, per-class accuracy, confusion matrix.
    Eval(eval::Args),
    /// Measure training and evaluation speed on real MNIST against the backend's matmul peak.
    Bench(bench::Args),
    /// Predict the class of your own pictures (PNG, JPEG, BMP, GIF, WebP, TIFF, PNM; a folder
    /// means every picture in it and in the folders inside it).
    Predict(predict::Args),
    /// Export the trained network: safetensors (PyTorch's layout) or ONNX.
    Export(export::Args),
    /// Regenerate report.html and its figures from a finished run.
    Report(report::Args),
    /// Overlay the curves of several runs in one figure.
    Compare(compare::Args),
    /// Serve a page to draw a character the model knows and watch every layer, every
    /// δ and one learning step (build it with scripts/web.sh, which then runs this).
    Web(web::Args),
    /// Check the slides' hand-derived gradients against burn's autodiff on a real MNIST batch.
    Gradcheck(gradcheck::Args),
    /// Deck 004's exercise for your own matrices: forward pass, backward pass and one update,
    /// every number next to its formula (the slides page's checker, in the terminal).
    Exercise(exercise::Args),
}

/// A config and where it runs: what `train`, `bench` and `gradcheck` start from.
#[derive(clap::Args)]
struct Recipe {
    /// Hyperparameters: a recipe built into ann (default, plain, robust, quick, sigmoid,
    /// gd-batch, gd-minibatch, gd-stochastic, slides-100, fashion, characters) or a TOML file
    /// [default: the data's own: `default` for MNIST, `fashion` for Fashion-MNIST,
    /// `characters` for a folder of pictures].
    #[arg(long)]
    config: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Backend::Flex)]
    backend: Backend,
    /// A member of the MNIST-format family: mnist, fashion-mnist, kmnist, emnist-letters,
    /// emnist-digits; overrides `data.dataset`.
    #[arg(long)]
    dataset: Option<String>,
    /// Folder with the data set's IDX files, or with pictures in class folders
    /// (DIR/<class>/… or DIR/train/<class>/… and DIR/test/<class>/…); overrides `data.dir`
    /// and $MNIST_DIR.
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

impl Recipe {
    /// `--config`, or the recipe made for the data named on the command line.
    fn path(&self) -> PathBuf {
        match &self.config {
            Some(path) => path.clone(),
            None => {
                let dir = self.data_dir.clone().or_else(ann_data::mnist_dir_from_env);
                // The name, not `configs/<name>.toml`: a file of that name in the working
                // directory must not stand in for the built-in recipe.
                PathBuf::from(ann_artifacts::recipes::for_data(self.dataset.as_deref(), dir.as_deref()))
            }
        }
    }

    /// The config, with `--dataset`, `--data-dir` and `more` in place of its own when given.
    fn load(&self, more: Overrides) -> Result<ann_artifacts::Config, ann_artifacts::ConfigError> {
        let path = self.path();
        if self.config.is_none() && path != Path::new(ann_artifacts::recipes::DEFAULT) {
            eprintln!("recipe: {} (made for this data; --config names another)", ann_artifacts::recipes::label(&path.to_string_lossy()).display());
        }
        let overrides = Overrides { data_dir: self.data_dir.clone(), dataset: self.dataset.clone(), ..more };
        ann_artifacts::Config::load_with(&path, &overrides)
    }
}

/// A recipe and the engine that trains it: what `train` and `bench` start from.
#[derive(clap::Args)]
struct Training {
    #[command(flatten)]
    recipe: Recipe,
    /// `learner`: burn's Learner with autodiff; `manual`: the slides' δ formulas by hand.
    #[arg(long, value_enum, default_value_t = ann_train::Engine::Learner)]
    engine: ann_train::Engine,
}

/// A finished run and what to evaluate it with.
#[derive(clap::Args)]
struct SavedRun {
    /// The run's artifact directory.
    #[arg(long)]
    artifacts: PathBuf,
    #[arg(long, value_enum, default_value_t = Backend::Flex)]
    backend: Backend,
    /// Folder with the data (IDX files or class folders of pictures); overrides the run's
    /// `data.dir` and $MNIST_DIR.
    #[arg(long)]
    data_dir: Option<PathBuf>,
}

fn main() -> ExitCode {
    ann_backend::keep_freed_memory();
    let cli = Cli::parse();
    ann_signals::install();
    end_on_panic();
    let command = cli.command;
    if !matches!(command, Command::Web(_)) {
        quiet_on_closed_pipe();
    }
    match ann_backend::on_compute_pool(|| run(command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", describe(&error));
            ExitCode::from(exit_code(&error))
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Train(args) => args.run(),
        Command::Eval(args) => args.run(),
        Command::Bench(args) => args.run(),
        Command::Predict(args) => args.run(),
        Command::Export(args) => args.run(),
        Command::Report(args) => args.run(),
        Command::Compare(args) => args.run(),
        Command::Web(args) => args.run(),
        Command::Gradcheck(args) => args.run(),
        Command::Exercise(args) => args.run(),
    }
}

/// `ann eval | head` ends quietly, as other Unix tools do, instead of failing on its next line
/// to stdout. Not for the server: a client that hangs up must not end it.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
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
    if error.is::<ann_signals::Interrupted>() {
        return 130;
    }
    let bad_input = error.chain().any(|e| {
        e.is::<ann_artifacts::ConfigError>()
            || e.is::<ann_data::DataError>()
            || e.is::<ann_data::IdxError>()
            || e.is::<ann_artifacts::ArtifactError>()
            || e.is::<ann_backend::BackendError>()
            || e.is::<ann_predict::SomeFailed>()
            || e.is::<ann_report::ReportError>()
            || e.is::<ann_server::WebError>()
            || e.is::<exercise::BadExercise>()
    });
    if bad_input { 2 } else { 1 }
}
