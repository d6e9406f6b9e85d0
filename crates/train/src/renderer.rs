//! One concise line per epoch, for when stdout is not a terminal (CI, pipes, log files);
//! in a terminal burn's dashboard is used instead.
use std::collections::HashMap;
use std::time::Instant;

use crate::artifacts::EpochRecord;
use burn::train::logger::{EvaluationProgressLogger, TrainingProgressLogger};
use burn::train::metric::{MetricDefinition, MetricId, NumericEntry};
use burn::train::renderer::{
    EvaluationName, MetricState, MetricsRenderer, MetricsRendererEvaluation, MetricsRendererTraining,
};

/// `epoch   3/30  train loss 0.1234 acc  96.50%  valid loss …`
pub fn epoch_line(r: &EpochRecord, total_epochs: usize, seconds: Option<f64>) -> String {
    let line = format!(
        "epoch {:>3}/{total_epochs}  train loss {:.4} acc {:6.2}%  valid loss {:.4} acc {:6.2}%",
        r.epoch,
        r.train_loss,
        r.train_accuracy * 100.0,
        r.valid_loss,
        r.valid_accuracy * 100.0
    );
    match seconds {
        Some(s) => format!("{line}  ({s:.1}s)"),
        None => line,
    }
}

/// Burn's renderer interface, reduced to [`epoch_line`] once per epoch.
#[derive(Default)]
pub struct EpochLines {
    names: HashMap<MetricId, String>,
    /// (split, metric name) → (Σ value·count, Σ count) over the current epoch.
    sums: HashMap<(&'static str, String), (f64, f64)>,
    epoch: usize,
    total_epochs: usize,
    started: Option<Instant>,
}

impl EpochLines {
    fn record(&mut self, split: &'static str, state: MetricState) {
        let MetricState::Numeric(entry, Some(value)) = state else { return };
        let Some(name) = self.names.get(&entry.metric_id) else { return };
        let (value, count) = match value {
            NumericEntry::Value(v) => (v, 1.0),
            NumericEntry::Aggregated { aggregated_value, count } => (aggregated_value, count as f64),
            NumericEntry::Final(_) => return,
        };
        let sum = self.sums.entry((split, name.clone())).or_default();
        sum.0 += value * count;
        sum.1 += count;
    }

    fn mean(&self, split: &'static str, name: &str) -> f64 {
        self.sums.get(&(split, name.to_string())).map_or(f64::NAN, |(s, c)| s / c)
    }
}

impl MetricsRendererTraining for EpochLines {
    fn update_train(&mut self, state: MetricState) {
        self.record("train", state);
    }
    fn update_valid(&mut self, state: MetricState) {
        self.record("valid", state);
    }
}

impl TrainingProgressLogger for EpochLines {
    fn start(&mut self, total_epochs: usize, starting_epoch: usize, _: Option<usize>, _: Option<&str>) {
        self.total_epochs = total_epochs;
        self.epoch = starting_epoch;
        if starting_epoch > 1 {
            println!("resuming at epoch {starting_epoch}/{total_epochs}");
        }
    }
    // Counted from `start` instead: burn reports the epoch before it is run.
    fn update_epoch(&mut self, _: usize) {}
    fn start_split(&mut self, split: &str, _: usize) {
        if split == "train" {
            self.sums.clear();
            self.started = Some(Instant::now());
        }
    }
    fn update_split(&mut self, _: usize) {}
    fn end_split(&mut self) {
        // The validation split ends each epoch; print once both halves are known.
        if !self.sums.keys().any(|(split, _)| *split == "valid") {
            return;
        }
        let seconds = self.started.map_or(0.0, |t| t.elapsed().as_secs_f64());
        let record = EpochRecord {
            epoch: self.epoch,
            train_loss: self.mean("train", "Loss"),
            train_accuracy: self.mean("train", "Accuracy") / 100.0,
            valid_loss: self.mean("valid", "Loss"),
            valid_accuracy: self.mean("valid", "Accuracy") / 100.0,
        };
        println!("{}", epoch_line(&record, self.total_epochs, Some(seconds)));
        self.sums.clear();
        self.epoch += 1;
    }
    fn end(&mut self) {}
    // burn sends an event per iteration: far too many for one line per epoch.
    fn log_event_training(&mut self, _: String) {}
}

impl MetricsRendererEvaluation for EpochLines {
    fn update_test(&mut self, _: EvaluationName, _: MetricState) {}
}

impl EvaluationProgressLogger for EpochLines {
    fn start_global_progress(&mut self, _: usize) {}
    fn start_test(&mut self, _: &str, _: usize) {}
    fn update_test_progress(&mut self, _: usize) {}
    fn end_test(&mut self) {}
    fn end_global_progress(&mut self) {}
    fn log_event_evaluation(&mut self, _: String) {}
}

impl MetricsRenderer for EpochLines {
    fn manual_close(&mut self) {}
    fn register_metric(&mut self, definition: MetricDefinition) {
        self.names.insert(definition.metric_id, definition.name.to_string());
    }
}
