//! `ann report` and `ann compare`: a run's figures gathered from its artifacts and model,
//! drawn by `ann-report`. Nothing of the run is modified except the report's own files.
use std::path::{Path, PathBuf};

use ann_data::{MnistBatcher, MnistDataset, PIXELS};
use ann_model::Mlp;
use ann_report::{CompareRun, EpochPoint, GradientPoint, Mistake, RunReport};
use burn::tensor::Device;

use ann_artifacts::{Config, EpochRecord, Metrics, read_metrics};
use ann_backend::Backend;

use ann_artifacts::splits;

/// The most confidently wrong test images shown.
pub(crate) const MISTAKES: usize = 36;

/// Regenerates the report of the finished run in `dir`.
pub fn regenerate(dir: &Path, backend: Backend, data_dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    let metrics = read_metrics(dir)?;
    let (config, device, model) = ann_artifacts::open_run(dir, backend)?;
    let test = splits::test_set(&config, data_dir)?;
    write(dir, &config, &metrics, &model, &test, &device)
}

/// Writes `report.html` and its figures into `dir`; returns the HTML's path.
pub fn write(dir: &Path, config: &Config, metrics: &Metrics, model: &Mlp, test: &MnistDataset, device: &Device) -> anyhow::Result<PathBuf> {
    let history: Vec<EpochPoint> = metrics.history.iter().map(point).collect();
    let gradients: Vec<GradientPoint> = metrics
        .history
        .iter()
        .filter_map(|r| r.gradient_mean_abs.map(|mean_abs| GradientPoint { epoch: r.epoch, mean_abs }))
        .collect();
    let first_layer: Vec<Vec<f32>> = {
        // burn's W(1) is [784, 300]: the slides' rows, one per hidden unit, are its columns.
        let w = model.fc1.weight.val().transpose();
        let [rows, cols] = w.dims();
        let values = w.into_data().convert::<f32>().try_to_vec::<f32>().expect("f32 weights");
        (0..rows).map(|r| values[r * cols..(r + 1) * cols].to_vec()).collect()
    };
    let summary = vec![
        ("engine".to_string(), metrics.engine.clone()),
        ("backend".into(), metrics.backend.clone()),
        ("hidden activation".into(), config.model.activation.name().into()),
        ("cost".into(), config.model.loss.name().into()),
        ("epochs".into(), metrics.epochs.to_string()),
        ("batch size".into(), config.training.batch_size.to_string()),
        ("training / validation / test images".into(), format!("{} / {} / {}", metrics.train_samples, metrics.valid_samples, metrics.test_samples)),
        ("training time".into(), format!("{:.1} s ({:.0} samples/s)", metrics.seconds, metrics.samples_per_second)),
        ("classes".into(), class_list(&metrics.classes)),
        ("test accuracy".into(), format!("{:.2}%", metrics.test_accuracy * 100.0)),
        ("test loss".into(), format!("{:.4}", metrics.test_loss)),
    ];
    let config_toml = toml::to_string_pretty(config).unwrap_or_default();
    let title = dir.file_name().map_or("run".into(), |n| n.to_string_lossy().into_owned());
    let mistakes = confident_mistakes(model, test, device, MISTAKES);
    let report = RunReport {
        title: &title,
        summary: &summary,
        config_toml: &config_toml,
        history: &history,
        test_accuracy: metrics.test_accuracy,
        test_loss: metrics.test_loss,
        classes: &metrics.classes,
        per_class_accuracy: &metrics.per_class_accuracy,
        confusion: &metrics.confusion,
        mistakes: &mistakes,
        first_layer: &first_layer,
        gradients: &gradients,
    };
    Ok(ann_report::write_report(dir, &report)?.html)
}

/// "10: 0, 1, …, 9" — every name up to 30 of them.
fn class_list(classes: &[String]) -> String {
    let shown: Vec<&str> = classes.iter().take(30).map(String::as_str).collect();
    let more = if classes.len() > 30 { ", …" } else { "" };
    format!("{}: {}{more}", classes.len(), shown.join(", "))
}

fn point(r: &EpochRecord) -> EpochPoint {
    EpochPoint {
        epoch: r.epoch,
        train_loss: r.train_loss,
        train_accuracy: r.train_accuracy,
        valid_loss: r.valid_loss,
        valid_accuracy: r.valid_accuracy,
    }
}

/// The test images the network got wrong with the highest probability, most confident first.
pub fn confident_mistakes(model: &Mlp, test: &MnistDataset, device: &Device, n: usize) -> Vec<Mistake> {
    let (pixels, labels) = (test.pixels(), test.labels());
    let mut wrong: Vec<(usize, u8, u8, f64)> = Vec::new();
    for (chunk, (px, lb)) in pixels.chunks(1000 * PIXELS).zip(labels.chunks(1000)).enumerate() {
        let batch = MnistBatcher::from_bytes(px, lb, device);
        let y = model.output(model.forward(batch.images));
        // The model's own width, not a count read from a file that may have been edited.
        let classes = y.dims()[1];
        let y = y.into_data().convert::<f32>().try_to_vec::<f32>().expect("f32 probabilities");
        for (i, (row, &truth)) in y.chunks(classes).zip(lb).enumerate() {
            let predicted = ann_model::most_probable(row);
            if predicted != truth as usize {
                wrong.push((chunk * 1000 + i, truth, predicted as u8, row[predicted] as f64));
            }
        }
    }
    wrong.sort_by(|a, b| b.3.total_cmp(&a.3));
    wrong
        .into_iter()
        .take(n)
        .map(|(index, truth, predicted, probability)| Mistake {
            pixels: pixels[index * PIXELS..(index + 1) * PIXELS].to_vec(),
            truth,
            predicted,
            probability,
        })
        .collect()
}

/// One figure with the curves of every run in `dirs`, labelled by name and key settings.
pub fn compare(dirs: &[PathBuf], out: &Path) -> anyhow::Result<()> {
    let mut runs = Vec::new();
    for dir in dirs {
        let metrics = read_metrics(dir)?;
        let config = Config::load(&dir.join(ann_artifacts::CONFIG))?;
        let t = &config.training;
        let name = dir.file_name().map_or("run".into(), |n| n.to_string_lossy().into_owned());
        let label = format!(
            "{name} ({}, batch {}, η {}, {} epochs)",
            config.model.activation.name(),
            t.batch_size,
            t.learning_rate,
            metrics.history.len()
        );
        runs.push(CompareRun { label, history: metrics.history.iter().map(point).collect() });
    }
    ann_report::compare(&runs, out)?;
    Ok(())
}
