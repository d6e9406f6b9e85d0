//! `ann train --engine learner`: burn's `SupervisedTraining` + `Learner` on an autodiff device.
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use ann_data::{EpochLoader, MnistDataset};
use ann_model::Mlp;
use anyhow::bail;
use burn::data::dataset::Dataset;
use burn::module::ParamGroup;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::lr_scheduler::module_lr_scheduler::ModuleLrScheduler;
use burn::lr_scheduler::linear::LinearLrSchedulerConfig;
use burn::optim::{ModuleOptimizer, SgdConfig};
use burn::train::metric::{AccuracyMetric, LossMetric};
use burn::train::renderer::default_renderer;
use burn::tensor::Device;
use burn::train::{Learner, SupervisedTraining};

use crate::artifacts::{self, AtomicCheckpointer, Metrics};
use crate::renderer::Monitor;
use crate::{Backend, Config, TrainingConfig, data, eval};

/// Images per validation batch: larger than training batches, since no gradient is kept.
const VALID_BATCH: usize = 1000;

/// How the gradients are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Engine {
    /// burn's Learner on an autodiff device.
    #[default]
    Learner,
    /// The slides' δ formulas by hand (ann-backprop), no autodiff.
    Manual,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Learner => "learner",
            Engine::Manual => "manual",
        }
    }
}

/// What the command line adds to the config.
pub struct RunOptions {
    pub backend: Backend,
    pub artifacts: PathBuf,
    pub config_path: PathBuf,
    pub resume: bool,
    pub force: bool,
}

/// SGD as the slides: `W ← W − η (∂E/∂W + λW)`, `b ← b − η ∂E/∂b`, with optional momentum.
pub fn optimizer(t: &TrainingConfig) -> ModuleOptimizer {
    let momentum = (t.momentum > 0.0).then(|| MomentumConfig::new().with_momentum(t.momentum).with_dampening(0.0));
    let biases = SgdConfig::new().with_momentum(momentum.clone());
    let weights = biases.clone().with_weight_decay((t.lambda > 0.0).then(|| WeightDecayConfig::new(t.lambda as f32)));
    // The last matching group wins: biases get the same rule without the L2 term.
    let bias_group = ParamGroup::from_regex(r"\.bias$").expect("a valid pattern");
    weights.init().with_group(bias_group, biases.build(), None)
}

/// η for each of the run's `steps` iterations: constant, or falling linearly to
/// `final_learning_rate`. Both engines step this same scheduler.
pub fn schedule(t: &TrainingConfig, steps: usize) -> ModuleLrScheduler {
    match t.final_learning_rate {
        None => t.learning_rate.into(),
        Some(last) => LinearLrSchedulerConfig::new(t.learning_rate, last, steps.max(1))
            .init()
            .expect("rates validated with the config"),
    }
}

/// Iterations of a whole run: every epoch has ⌈n / batch⌉ of them.
pub fn total_steps(t: &TrainingConfig, train_samples: usize) -> usize {
    t.epochs * train_samples.div_ceil(t.batch_size)
}

/// Trains, evaluates on the test set, and writes the artifacts.
pub fn run(config: &Config, options: &RunOptions) -> anyhow::Result<Metrics> {
    let device = options.backend.device()?;
    let splits = data::load(&config.data, &options.config_path)?;
    artifacts::prepare(&options.artifacts, options.resume, options.force)?;
    let checkpoint = if options.resume {
        let epoch = artifacts::last_checkpoint(&options.artifacts, &artifacts::LEARNER_PARTS)
            .ok_or_else(|| artifacts::ArtifactError::NothingToResume { dir: options.artifacts.clone() })?;
        Some(epoch)
    } else {
        None
    };
    artifacts::save_config(config, &options.artifacts)?;
    report_start(config, options, &splits);

    let trained = learn(config, options, &device, &splits.train, &splits.valid, checkpoint, Show::Epochs)?;
    let t = &config.training;
    let epochs_run = t.epochs - checkpoint.unwrap_or(0).min(t.epochs);
    let history = artifacts::history(&options.artifacts, t.epochs);
    if std::io::stdout().is_terminal() {
        // The dashboard is gone: leave the per-epoch figures on screen.
        history.iter().for_each(|r| println!("{}", crate::renderer::epoch_line(r, t.epochs, None)));
    }
    finish(config, options, &trained.model, &splits, "learner", trained.seconds, epochs_run, history)
}

/// What the console shows while the Learner runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Show {
    /// burn's dashboard in a terminal, a line per epoch elsewhere.
    Epochs,
    /// Nothing (benchmarks).
    Nothing,
}

/// A finished Learner run.
pub(crate) struct Trained {
    pub model: Mlp,
    /// Wall time of the whole run.
    pub seconds: f64,
    /// Time in the training splits alone (no validation, no start-up).
    pub train_seconds: f64,
}

/// Runs burn's Learner on `train` (validating on `valid` after each epoch) from a fresh model,
/// or from epoch `checkpoint` of `options.artifacts`. Divergence, a signal and a stop from the
/// dashboard are errors.
pub(crate) fn learn(
    config: &Config,
    options: &RunOptions,
    device: &Device,
    train: &MnistDataset,
    valid: &MnistDataset,
    checkpoint: Option<usize>,
    show: Show,
) -> anyhow::Result<Trained> {
    device.seed(config.training.seed);
    let train_device = device.clone().autodiff();
    let model = Mlp::new(&config.model, &train_device);
    let t = &config.training;
    let first_epoch = checkpoint.unwrap_or(0) + 1;
    let dl_train = Arc::new(EpochLoader::new(
        train.clone(),
        t.batch_size,
        Some(config.shuffle_seed()),
        first_epoch,
        train_device.clone(),
    ).augmented(config.data.augment.clone()));
    let dl_valid = Arc::new(EpochLoader::new(valid.clone(), VALID_BATCH, None, first_epoch, device.clone()));

    let mut training = SupervisedTraining::new(&options.artifacts, dl_train, dl_valid)
        .metrics((AccuracyMetric::new(), LossMetric::new()))
        .with_custom_checkpointers(
            AtomicCheckpointer::new(&options.artifacts, "model"),
            AtomicCheckpointer::new(&options.artifacts, "optim"),
            AtomicCheckpointer::new(&options.artifacts, "scheduler"),
        )
        .num_epochs(t.epochs);
    if let Some(epoch) = checkpoint {
        training = training.checkpoint(epoch);
    }
    let interrupter = training.interrupter();
    let dashboard = (show == Show::Epochs && std::io::stdout().is_terminal())
        .then(|| default_renderer(interrupter.clone(), checkpoint));
    let mut monitor = Monitor::new(dashboard, interrupter.clone(), checkpoint.unwrap_or(0));
    if show == Show::Nothing {
        monitor = monitor.quiet();
    } else {
        monitor = monitor.keep_gradients(&options.artifacts);
    }
    let divergence = monitor.divergence();
    let completed = monitor.completed();
    let train_time = monitor.train_time();
    training = training.renderer(Box::new(monitor));
    crate::interrupt::watch(interrupter);
    // A benchmark has nothing to resume: a signal ends it at once.
    let _training = (show == Show::Epochs).then(|| crate::interrupt::training(&options.artifacts, true));
    let started = Instant::now();
    let lr = schedule(t, total_steps(t, train.len()));
    let result = training.launch(Learner::new(model, optimizer(t), lr));
    let seconds = started.elapsed().as_secs_f64();
    // Closes burn's dashboard (its alternate screen) before anything else is printed.
    drop(result.renderer);
    if let Some(error) = result.error {
        bail!("training failed: {error}");
    }
    if let Some(d) = divergence.lock().unwrap().take() {
        return Err(crate::interrupt::Diverged::new(d, t.learning_rate, &options.artifacts, &options.config_path).into());
    }
    if result.interrupted.is_some() || completed.load(Ordering::SeqCst) < t.epochs {
        let reason = result.interrupted.and_then(|stop| stop.reason).unwrap_or_else(|| "stopped from the dashboard".into());
        return Err(crate::interrupt::Interrupted::new(&reason, &options.artifacts, true).into());
    }
    let train_seconds = train_time.lock().unwrap().as_secs_f64();
    Ok(Trained { model: result.model, seconds, train_seconds })
}

/// Evaluates the trained model on the test set, saves it, writes `metrics.json` and the
/// report (from the model and test set in memory).
#[allow(clippy::too_many_arguments)]
pub fn finish(
    config: &Config,
    options: &RunOptions,
    model: &Mlp,
    splits: &data::Splits,
    engine: &str,
    seconds: f64,
    epochs_run: usize,
    history: Vec<artifacts::EpochRecord>,
) -> anyhow::Result<Metrics> {
    let t = &config.training;
    let device = model.fc1.weight.device();
    let report = eval::evaluate(model, &splits.test, &device);
    artifacts::save_model(model, &options.artifacts)?;
    let metrics = Metrics {
        test_accuracy: report.accuracy,
        test_loss: report.loss,
        backend: options.backend.name().into(),
        engine: engine.into(),
        epochs: t.epochs,
        train_samples: splits.train.len(),
        valid_samples: splits.valid.len(),
        test_samples: splits.test.len(),
        seed: t.seed,
        seconds,
        samples_per_second: (splits.train.len() * epochs_run) as f64 / seconds,
        history,
        per_class_accuracy: report.per_class_accuracy,
        confusion: report.confusion,
    };
    artifacts::save_metrics(&metrics, &options.artifacts)?;
    println!(
        "test accuracy {:.2}%  test loss {:.4}  ({:.1}s, {:.0} samples/s)  artifacts in {}",
        metrics.test_accuracy * 100.0,
        metrics.test_loss,
        seconds,
        metrics.samples_per_second,
        options.artifacts.display()
    );
    // The run is complete and saved: a report that fails is a warning, not a failed run.
    match crate::report::write(&options.artifacts, config, &metrics, model, &splits.test, &device) {
        Ok(html) => println!("report: {}", html.display()),
        Err(e) => eprintln!("warning: no report ({e:#}); try `ann report --artifacts {}`", options.artifacts.display()),
    }
    Ok(metrics)
}

pub(crate) fn report_start(config: &Config, options: &RunOptions, splits: &data::Splits) {
    let t = &config.training;
    let m = &config.model;
    println!(
        "training {:?} {} on {} ({} train / {} valid / {} test images), batch {}, η {}{}, λ {}, momentum {}, {} epochs, seed {}",
        m.layers,
        m.activation.name(),
        options.backend.name(),
        splits.train.len(),
        splits.valid.len(),
        splits.test.len(),
        t.batch_size,
        t.learning_rate,
        t.final_learning_rate.map_or(String::new(), |f| format!(" → {f}")),
        t.lambda,
        t.momentum,
        t.epochs,
        t.seed
    );
}

/// Evaluates the model saved in `dir` on the test set.
pub fn evaluate_saved(dir: &Path, backend: Backend, data_dir: Option<&Path>) -> anyhow::Result<eval::EvalReport> {
    let (config, device, model) = artifacts::open_run(dir, backend)?;
    let test = data::test_set(&config.data, data_dir)?;
    Ok(eval::evaluate(&model, &test, &device))
}
