//! `ann train --engine manual`: the slides' BP algorithm, with the hand-computed gradients of
//! `ann-backprop` and no autodiff: repeat { compute ∂E_total/∂W, ∂E_total/∂b; W ← W − η ∂E_total/∂W }.
use std::time::Instant;

use ann_artifacts::{Config, EpochRecord};
use ann_backprop::{Schedule, Sgd};
use ann_data::{EpochLoader, MnistDataset};
use ann_model::Mlp;
use burn::data::dataloader::DataLoader;
use burn::tensor::Device;

use crate::divergence::{Diverged, Divergence, is_divergent};
use crate::engine::{RunOptions, Trained};
use ann_eval::evaluate;
use crate::optimizer::total_steps;
use crate::progress::epoch_line;
use ann_signals::{self as signals, Interrupted};
use ann_artifacts::splits::Splits;

/// Trains a fresh model on the run's splits, a line per epoch, a checkpoint after each.
pub fn train(config: &Config, options: &RunOptions, device: &Device, splits: &Splits) -> anyhow::Result<Trained> {
    let t = &config.training;
    let mut trainer = Trainer::new(config, device, &splits.train);
    let mut history = Vec::new();
    let _training = signals::training(&options.artifacts, false, None);
    let started = Instant::now();
    for epoch in 1..=t.epochs {
        let epoch_start = Instant::now();
        let (train_loss, train_accuracy, gradient_mean_abs) = trainer.epoch(epoch, config, options)?;
        let valid = evaluate(&trainer.model, &splits.valid, &splits.classes, device);
        let record = EpochRecord { epoch, train_loss, train_accuracy, valid_loss: valid.loss, valid_accuracy: valid.accuracy, gradient_mean_abs };
        println!("{}", epoch_line(&record, t.epochs, Some(epoch_start.elapsed().as_secs_f64())));
        ann_artifacts::save_checkpoint(&trainer.model, &options.artifacts, epoch)?;
        history.push(record);
    }
    Ok(Trained { model: trainer.model, seconds: started.elapsed().as_secs_f64(), epochs_run: t.epochs, history })
}

/// The slides' BP on one training set: the model, the batches, the update rule and η's schedule.
pub struct Trainer {
    pub model: Mlp,
    loader: EpochLoader,
    sgd: Sgd,
    schedule: Schedule,
}

impl Trainer {
    /// A fresh model from the config's seed, to be trained on `train` as the config says.
    pub fn new(config: &Config, device: &Device, train: &MnistDataset) -> Self {
        let t = &config.training;
        device.seed(t.seed);
        let model = Mlp::new(&config.model, device);
        // The Learner's loader: the same batches in the same order as `--engine learner`.
        let loader = EpochLoader::new(train.clone(), t.batch_size, Some(config.shuffle_seed()), 1, device.clone())
            .augmented(config.data.augment.clone());
        let schedule = Schedule::new(t.learning_rate, t.final_learning_rate, total_steps(t, train.len()));
        Self { model, loader, sgd: Sgd::new(t.learning_rate, t.momentum), schedule }
    }

    /// Runs epoch `epoch`, returning the mean batch loss `E`, the training accuracy and the
    /// epoch's mean |∂E/∂W(l)| (one step in [`ann_model::GRADIENT_EVERY`] measured). A signal or
    /// a diverging loss ends it with an error.
    pub fn epoch(&mut self, epoch: usize, config: &Config, options: &RunOptions) -> anyhow::Result<(f64, f64, Option<[f64; 3]>)> {
        let t = &config.training;
        let (mut loss_sum, mut correct, mut batches) = (None, None, 0usize);
        let mut sizes = ann_model::GradientMeans::default();
        for (step, batch) in (1..).zip(self.loader.iter()) {
            if signals::requested() {
                return Err(Interrupted::new("interrupted by a signal", &options.artifacts, false).into());
            }
            let batch = batch?;
            self.sgd.eta = self.schedule.next();
            let measure = (step - 1) % ann_model::GRADIENT_EVERY == 0;
            let done = self.sgd.learn(&mut self.model, batch.images, batch.targets.clone(), t.lambda, measure);
            let loss = done.E.clone().into_scalar::<f64>();
            if is_divergent(loss) {
                let at = Divergence { epoch, step, loss };
                return Err(Diverged::new(at, t.learning_rate, &options.artifacts, &options.config_path).into());
            }
            if let Some(size) = done.gradient_size {
                sizes.add([size[0], size[1], size[2]]);
            }
            // Hits summed on the device and read once per epoch.
            let hits = ann_model::hits(done.y, batch.targets);
            correct = Some(match correct { Some(c) => c + hits, None => hits });
            loss_sum = Some(match loss_sum { Some(s) => s + done.E, None => done.E });
            batches += 1;
        }
        let train_loss = loss_sum.map_or(f64::NAN, |s| s.into_scalar::<f64>()) / batches as f64;
        let train_accuracy = correct.map_or(0, |c| c.into_scalar::<i64>()) as f64 / self.loader.num_items() as f64;
        Ok((train_loss, train_accuracy, sizes.mean()))
    }
}
