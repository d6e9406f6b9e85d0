//! Progress display: burn's dashboard in a terminal, one concise line per epoch elsewhere
//! (CI, pipes, log files); the Learner's divergence watch and gradient sizes ride along.
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ann_artifacts::EpochRecord;
use ann_model::GradientProbe;
use burn::train::logger::{EvaluationProgressLogger, TrainingProgressLogger};
use burn::train::{Interrupter, LearnerSummary};
use burn::train::metric::{MetricDefinition, MetricId, NumericEntry};
use crate::divergence::Divergence;
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

/// What burn's Learner reports, watched: in a terminal it forwards everything to burn's
/// dashboard, elsewhere it prints one [`epoch_line`] per epoch; in both it stops the run at
/// the first loss that diverges (NaN, infinite, or exploded).
pub struct Monitor {
    dashboard: Option<Box<dyn MetricsRenderer>>,
    interrupter: Interrupter,
    diverged: Arc<Mutex<Option<Divergence>>>,
    /// The last epoch whose training and validation both finished.
    completed: Arc<AtomicUsize>,
    names: HashMap<MetricId, String>,
    /// (split, metric name) → (Σ value·count, Σ count) over the current epoch.
    sums: HashMap<(&'static str, String), (f64, f64)>,
    epoch: usize,
    step: usize,
    total_epochs: usize,
    started: Option<Instant>,
    /// Print an epoch line per epoch when there is no dashboard.
    print_epochs: bool,
    /// Time spent in training splits (validation excluded).
    train_time: Arc<Mutex<Duration>>,
    in_train: bool,
    /// Where each epoch's gradient sizes are read and written (`None`: not kept, as in benchmarks).
    gradients: Option<(std::path::PathBuf, GradientProbe)>,
}

impl Monitor {
    /// `dashboard`: burn's renderer to forward to (`None`: print epoch lines); `completed`:
    /// the epochs already done (the checkpoint resumed from, or 0).
    pub fn new(dashboard: Option<Box<dyn MetricsRenderer>>, interrupter: Interrupter, completed: usize) -> Self {
        Self {
            dashboard,
            interrupter,
            diverged: Arc::default(),
            completed: Arc::new(AtomicUsize::new(completed)),
            names: HashMap::new(),
            sums: HashMap::new(),
            epoch: 1,
            step: 0,
            total_epochs: 0,
            started: None,
            print_epochs: true,
            train_time: Arc::default(),
            in_train: false,
            gradients: None,
        }
    }

    /// Passes a call on to burn's dashboard, when there is one.
    fn to_dashboard(&mut self, call: impl FnOnce(&mut Box<dyn MetricsRenderer>)) {
        if let Some(d) = &mut self.dashboard {
            call(d);
        }
    }

    /// Writes each epoch's gradient sizes, as the trained model's `probe` measures them, into
    /// the run's directory.
    pub fn keep_gradients(mut self, dir: &std::path::Path, probe: GradientProbe) -> Self {
        self.gradients = Some((dir.into(), probe));
        self
    }

    /// No epoch lines (for `ann bench`, whose output is the report alone).
    pub fn quiet(mut self) -> Self {
        self.print_epochs = false;
        self
    }

    /// The time spent in training splits, excluding validation; read it after training.
    pub fn train_time(&self) -> Arc<Mutex<Duration>> {
        self.train_time.clone()
    }

    /// Filled in if the loss diverged; read it after training.
    pub fn divergence(&self) -> Arc<Mutex<Option<Divergence>>> {
        self.diverged.clone()
    }

    /// The last complete epoch, however training ended (burn's dashboard can stop it without
    /// reporting an interruption).
    pub fn completed(&self) -> Arc<AtomicUsize> {
        self.completed.clone()
    }

    fn record(&mut self, split: &'static str, state: &MetricState) {
        let MetricState::Numeric(entry, Some(value)) = state else { return };
        let Some(name) = self.names.get(&entry.metric_id) else { return };
        let (value, count) = match *value {
            NumericEntry::Value(v) => (v, 1.0),
            NumericEntry::Aggregated { aggregated_value, count } => (aggregated_value, count as f64),
            NumericEntry::Final(_) => return,
        };
        if split == "train" && name == "Loss" {
            self.step += 1;
            if crate::divergence::is_divergent(value) {
                let mut diverged = self.diverged.lock().unwrap();
                if diverged.is_none() {
                    *diverged = Some(Divergence { epoch: self.epoch, step: self.step, loss: value });
                    self.interrupter.stop(Some("the loss diverged"));
                }
            }
        }
        let sum = self.sums.entry((split, name.clone())).or_default();
        sum.0 += value * count;
        sum.1 += count;
    }

    fn mean(&self, split: &'static str, name: &str) -> f64 {
        self.sums.get(&(split, name.to_string())).map_or(f64::NAN, |(s, c)| s / c)
    }
}

impl MetricsRendererTraining for Monitor {
    fn update_train(&mut self, state: MetricState) {
        self.record("train", &state);
        if let Some(d) = &mut self.dashboard {
            d.update_train(state);
        }
    }
    fn update_valid(&mut self, state: MetricState) {
        self.record("valid", &state);
        if let Some(d) = &mut self.dashboard {
            d.update_valid(state);
        }
    }
    fn on_train_end(&mut self, summary: Option<LearnerSummary>) -> Result<(), Box<dyn std::error::Error>> {
        match &mut self.dashboard {
            Some(d) => d.on_train_end(summary),
            None => Ok(()),
        }
    }
}

impl TrainingProgressLogger for Monitor {
    fn start(&mut self, total_epochs: usize, starting_epoch: usize, total_items: Option<usize>, label: Option<&str>) {
        self.total_epochs = total_epochs;
        self.epoch = starting_epoch;
        match &mut self.dashboard {
            Some(d) => d.start(total_epochs, starting_epoch, total_items, label),
            None if starting_epoch > total_epochs => println!("all {total_epochs} epochs were already trained"),
            None if starting_epoch > 1 => println!("resuming at epoch {starting_epoch}/{total_epochs}"),
            None => {}
        }
    }
    // Counted from `start` instead: burn reports the epoch before it is run.
    fn update_epoch(&mut self, epoch: usize) {
        self.to_dashboard(|d| d.update_epoch(epoch));
    }
    fn start_split(&mut self, split: &str, total_items: usize) {
        self.in_train = split == "train";
        if self.in_train {
            self.sums.clear();
            self.step = 0;
            self.started = Some(Instant::now());
        }
        if let Some(d) = &mut self.dashboard {
            d.start_split(split, total_items);
        }
    }
    fn update_split(&mut self, items_processed: usize) {
        self.to_dashboard(|d| d.update_split(items_processed));
    }
    fn end_split(&mut self) {
        if let Some(d) = &mut self.dashboard {
            d.end_split();
        }
        if std::mem::take(&mut self.in_train) {
            *self.train_time.lock().unwrap() += self.started.map_or(Duration::ZERO, |t| t.elapsed());
            if let Some((dir, Some(sizes))) = self.gradients.as_ref().map(|(dir, probe)| (dir, probe.take())) {
                // Only the report needs it: a failed write must not end the run.
                if let Err(e) = ann_artifacts::write_gradients(dir, self.epoch, sizes) {
                    eprintln!("warning: {e:#}");
                }
            }
        }
        // The validation split ends each epoch.
        if !self.sums.keys().any(|(split, _)| *split == "valid") {
            return;
        }
        if self.dashboard.is_none() && self.print_epochs {
            let seconds = self.started.map_or(0.0, |t| t.elapsed().as_secs_f64());
            let record = EpochRecord {
                epoch: self.epoch,
                train_loss: self.mean("train", "Loss"),
                train_accuracy: self.mean("train", "Accuracy") / 100.0,
                valid_loss: self.mean("valid", "Loss"),
                valid_accuracy: self.mean("valid", "Accuracy") / 100.0,
                gradient_mean_abs: None,
            };
            println!("{}", epoch_line(&record, self.total_epochs, Some(seconds)));
        }
        self.sums.clear();
        self.completed.store(self.epoch, Ordering::SeqCst);
        self.epoch += 1;
    }
    fn end(&mut self) {
        self.to_dashboard(|d| d.end());
    }
    // Off a terminal, burn's per-iteration events would be far too many lines.
    fn log_event_training(&mut self, event: String) {
        self.to_dashboard(|d| d.log_event_training(event));
    }
}

impl MetricsRendererEvaluation for Monitor {
    fn update_test(&mut self, name: EvaluationName, state: MetricState) {
        self.to_dashboard(|d| d.update_test(name, state));
    }
}

impl EvaluationProgressLogger for Monitor {
    fn start_global_progress(&mut self, total: usize) {
        self.to_dashboard(|d| d.start_global_progress(total));
    }
    fn start_test(&mut self, name: &str, total: usize) {
        self.to_dashboard(|d| d.start_test(name, total));
    }
    fn update_test_progress(&mut self, done: usize) {
        self.to_dashboard(|d| d.update_test_progress(done));
    }
    fn end_test(&mut self) {
        self.to_dashboard(|d| d.end_test());
    }
    fn end_global_progress(&mut self) {
        self.to_dashboard(|d| d.end_global_progress());
    }
    fn log_event_evaluation(&mut self, event: String) {
        self.to_dashboard(|d| d.log_event_evaluation(event));
    }
}

impl MetricsRenderer for Monitor {
    fn manual_close(&mut self) {
        self.to_dashboard(|d| d.manual_close());
    }
    fn register_metric(&mut self, definition: MetricDefinition) {
        self.names.insert(definition.metric_id.clone(), definition.name.to_string());
        if let Some(d) = &mut self.dashboard {
            d.register_metric(definition);
        }
    }
}
