//! `ann train --engine manual`: the slides' BP algorithm, with the hand-computed gradients of
//! `ann-backprop` and no autodiff: repeat { compute ∂E_total/∂W, ∂E_total/∂b; W ← W − η ∂E_total/∂W }.
use std::time::Instant;

use ann_artifacts::{Config, EpochRecord};
use ann_backprop::{Net, Sgd, backward, forward};
use ann_data::{EpochLoader, MnistDataset};
use ann_model::{Mlp, one_hot};
use burn::data::dataloader::DataLoader;
use burn::data::dataset::Dataset;
use burn::lr_scheduler::module_lr_scheduler::ModuleLrScheduler;
use burn::tensor::Device;

use crate::divergence::{Diverged, Divergence, is_divergent};
use crate::engine::{RunOptions, Trained};
use crate::eval::evaluate;
use crate::optimizer::{schedule, total_steps};
use crate::progress::epoch_line;
use crate::signals::{self, Interrupted};
use crate::splits::Splits;

/// Trains a fresh model on the run's splits, a line per epoch, a checkpoint after each.
pub fn train(config: &Config, options: &RunOptions, device: &Device, splits: &Splits) -> anyhow::Result<Trained> {
    let t = &config.training;
    let mut trainer = Trainer::new(config, device, &splits.train);
    let mut history = Vec::new();
    let _training = signals::training(&options.artifacts, false);
    let started = Instant::now();
    for epoch in 1..=t.epochs {
        let epoch_start = Instant::now();
        let (next, train_loss, train_accuracy) = trainer.epoch(epoch, config, options)?;
        trainer = next;
        let valid = evaluate(&trainer.model, &splits.valid, device);
        let gradient_mean_abs = ann_model::gradients::take();
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
    schedule: ModuleLrScheduler,
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
        let schedule = schedule(t, total_steps(t, train.len()));
        Self { model, loader, sgd: Sgd::new(t.learning_rate, t.momentum), schedule }
    }

    /// Runs epoch `epoch`, returning the trainer with the updated model, the mean batch loss
    /// `E` and the training accuracy. A signal or a diverging loss ends it with an error.
    pub fn epoch(mut self, epoch: usize, config: &Config, options: &RunOptions) -> anyhow::Result<(Self, f64, f64)> {
        let t = &config.training;
        let (mut loss_sum, mut correct, mut batches) = (None, None, 0usize);
        for (step, batch) in (1..).zip(self.loader.iter()) {
            if signals::requested() {
                return Err(Interrupted::new("interrupted by a signal", &options.artifacts, false).into());
            }
            let batch = batch?;
            self.sgd.eta = self.schedule.step().base();
            let net = Net::of(&self.model);
            let fwd = forward(&net, batch.images);
            let g = backward(&net, &fwd, one_hot(batch.targets.clone(), 10), t.lambda);
            if ann_model::gradients::sampled() {
                // ∂E/∂W(l) without the L2 term, as the Learner's autodiff gives it.
                let size = |l: usize| (g.dW[l - 1].clone() - net.W(l) * t.lambda).abs().mean().into_scalar::<f64>();
                ann_model::gradients::record([size(1), size(2), size(3)]);
            }
            let loss = g.E.clone().into_scalar::<f64>();
            if is_divergent(loss) {
                let at = Divergence { epoch, step, loss };
                return Err(Diverged::new(at, t.learning_rate, &options.artifacts, &options.config_path).into());
            }
            // Summed on the device and read once per epoch: no sync per batch.
            let hits = fwd.y.argmax(1).squeeze_dim::<1>(1).equal(batch.targets).int().sum();
            correct = Some(match correct { Some(c) => c + hits, None => hits });
            loss_sum = Some(match loss_sum { Some(s) => s + g.E.clone(), None => g.E.clone() });
            batches += 1;
            let Mlp { fc1, fc2, fc3, activation, loss } = self.model;
            let [fc1, fc2, fc3]: [_; 3] = self.sgd.step(vec![fc1, fc2, fc3], g).try_into().ok().unwrap();
            self.model = Mlp { fc1, fc2, fc3, activation, loss };
        }
        let train_loss = loss_sum.map_or(f64::NAN, |s| s.into_scalar::<f64>()) / batches as f64;
        let train_accuracy = correct.map_or(0, |c| c.into_scalar::<i64>()) as f64 / self.loader.num_items() as f64;
        Ok((self, train_loss, train_accuracy))
    }
}
