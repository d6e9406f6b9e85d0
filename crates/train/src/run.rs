//! One `ann train`, top to bottom: config and data, the artifact folder, training (either
//! engine), the test evaluation, then the model, the metrics and the report.
use ann_artifacts::{Config, Metrics};
use anyhow::bail;

use crate::engine::{Engine, RunOptions, Trained};
use ann_artifacts::splits::{self, Splits};
use ann_eval::{EvalReport, evaluate, report};
use crate::{learner, manual};

/// Trains as `config` and `options` say, evaluates on the test set, and writes the artifacts.
pub fn train(config: &Config, options: &RunOptions) -> anyhow::Result<Metrics> {
    if options.resume && options.engine == Engine::Manual {
        bail!("--resume works with --engine learner only; start the manual engine afresh (with --force)");
    }
    // Held until the run ends: a second `ann train` into this folder stops at once.
    let _lock = ann_artifacts::lock(&options.artifacts)?;
    let device = options.backend.device()?;
    let (config, splits) = splits::load(config, &options.config_path)?;
    let config = &config;
    ann_artifacts::prepare(&options.artifacts, options.resume, options.force)?;
    let checkpoint = match options.resume {
        true => Some(
            ann_artifacts::last_checkpoint(&options.artifacts, &ann_artifacts::LEARNER_PARTS)
                .ok_or_else(|| ann_artifacts::ArtifactError::NothingToResume { dir: options.artifacts.clone() })?,
        ),
        false => None,
    };
    ann_artifacts::save_config(config, &options.artifacts)?;
    announce(config, options, &splits);

    let trained = match options.engine {
        Engine::Learner => learner::train(config, options, &device, &splits, checkpoint)?,
        Engine::Manual => manual::train(config, options, &device, &splits)?,
    };

    // The trained model's own device (the Learner gives it back off autodiff).
    let device = trained.model.fc1.weight.device();
    let test = evaluate(&trained.model, &splits.test, &splits.classes, &device);
    ann_artifacts::save_model(&trained.model, &config.model.classes, &options.artifacts)?;
    let metrics = metrics(config, options, &splits, &trained, test);
    ann_artifacts::save_metrics(&metrics, &options.artifacts)?;
    println!(
        "test accuracy {:.2}%  test loss {:.4}  ({:.1}s, {:.0} samples/s)  artifacts in {}",
        metrics.test_accuracy * 100.0,
        metrics.test_loss,
        metrics.seconds,
        metrics.samples_per_second,
        options.artifacts.display()
    );
    // The run is complete and saved: a report that fails is a warning, not a failed run.
    match report::write(&options.artifacts, config, &metrics, &trained.model, &splits.test, &device) {
        Ok(html) => println!("report: {}", html.display()),
        Err(e) => eprintln!("warning: no report ({e:#}); try `ann report --artifacts {}`", options.artifacts.display()),
    }
    Ok(metrics)
}

fn metrics(config: &Config, options: &RunOptions, splits: &Splits, trained: &Trained, test: EvalReport) -> Metrics {
    let t = &config.training;
    Metrics {
        classes: splits.classes.clone(),
        test_accuracy: test.accuracy,
        test_loss: test.loss,
        backend: options.backend.name().into(),
        engine: options.engine.name().into(),
        epochs: t.epochs,
        train_samples: splits.train.len(),
        valid_samples: splits.valid.len(),
        test_samples: splits.test.len(),
        seed: t.seed,
        seconds: trained.seconds,
        samples_per_second: (splits.train.len() * trained.epochs_run) as f64 / trained.seconds,
        history: trained.history.clone(),
        per_class_accuracy: test.per_class_accuracy,
        confusion: test.confusion,
    }
}

/// The run's one-line summary before the first epoch.
fn announce(config: &Config, options: &RunOptions, splits: &Splits) {
    let t = &config.training;
    let m = &config.model;
    println!(
        "training {:?} {} on {}, {} ({} train / {} valid / {} test images), batch {}, η {}{}, λ {}, momentum {}, {} epochs, seed {}",
        m.layers,
        m.activation.name(),
        options.backend.name(),
        splits.origin,
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
