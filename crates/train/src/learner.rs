//! `ann train --engine learner`: burn's `SupervisedTraining` + `Learner` on an autodiff device.
use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use ann_artifacts::{AtomicCheckpointer, Config};
use ann_data::{EpochLoader, MnistDataset};
use ann_model::Mlp;
use anyhow::bail;
use burn::tensor::Device;
use burn::train::metric::{AccuracyMetric, LossMetric};
use burn::train::renderer::default_renderer;
use burn::train::{Learner, SupervisedTraining};

use crate::divergence::Diverged;
use crate::optimizer::{optimizer, schedule, total_steps};
use crate::progress::{Monitor, epoch_line};
use crate::engine::{RunOptions, Trained};
use ann_signals::{self as signals, Interrupted};
use ann_artifacts::splits::Splits;

/// Images per validation batch: larger than training batches, since no gradient is kept.
const VALID_BATCH: usize = 1000;

/// Trains on the run's splits from a fresh model, or from epoch `checkpoint`, with the
/// dashboard (or a line per epoch) on screen.
pub fn train(config: &Config, options: &RunOptions, device: &Device, splits: &Splits, checkpoint: Option<usize>) -> anyhow::Result<Trained> {
    let learned = learn(config, options, device, &splits.train, &splits.valid, checkpoint, Show::Epochs)?;
    let t = &config.training;
    let history = ann_artifacts::history(&options.artifacts, t.epochs);
    if std::io::stdout().is_terminal() {
        // The dashboard is gone: leave the per-epoch figures on screen.
        history.iter().for_each(|r| println!("{}", epoch_line(r, t.epochs, None)));
    }
    let epochs_run = t.epochs - checkpoint.unwrap_or(0).min(t.epochs);
    Ok(Trained { model: learned.model, seconds: learned.seconds, epochs_run, history })
}

/// What the console shows while the Learner runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// burn's dashboard in a terminal, a line per epoch elsewhere.
    Epochs,
    /// Nothing (benchmarks).
    Nothing,
}

/// A finished Learner run, timed.
pub struct Learned {
    pub model: Mlp,
    /// Wall time of the whole run.
    pub seconds: f64,
    /// Time in the training splits alone (no validation, no start-up).
    pub train_seconds: f64,
}

/// Runs burn's Learner on `train` (validating on `valid` after each epoch) from a fresh model,
/// or from epoch `checkpoint` of `options.artifacts`. Divergence, a signal and a stop from the
/// dashboard are errors.
pub fn learn(
    config: &Config,
    options: &RunOptions,
    device: &Device,
    train: &MnistDataset,
    valid: &MnistDataset,
    checkpoint: Option<usize>,
    show: Show,
) -> anyhow::Result<Learned> {
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
        .num_epochs(t.epochs)
        // burn's default writes a line per step to `experiment.log` (1.5 MB of "Iteration N" a
        // run, a write on every step) and wraps ann's panic hook: nothing a user reads.
        .with_application_logger(None);
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
        monitor = monitor.keep_gradients(&options.artifacts, model.probe.clone());
    }
    let divergence = monitor.divergence();
    let completed = monitor.completed();
    let train_time = monitor.train_time();
    training = training.renderer(Box::new(monitor));
    // A benchmark has nothing to resume: a signal ends it at once.
    let _training = (show == Show::Epochs).then(|| signals::training(&options.artifacts, true, Some(interrupter)));
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
        return Err(Diverged::new(d, t.learning_rate, &options.artifacts, &options.config_path).into());
    }
    if result.interrupted.is_some() || completed.load(Ordering::SeqCst) < t.epochs {
        let reason = result.interrupted.and_then(|stop| stop.reason).unwrap_or_else(|| "stopped from the dashboard".into());
        return Err(Interrupted::new(&reason, &options.artifacts, true).into());
    }
    let train_seconds = train_time.lock().unwrap().as_secs_f64();
    Ok(Learned { model: result.model, seconds, train_seconds })
}

