//! The report after every run, `ann report`, and `ann compare`.
mod common;

use std::path::Path;

use common::{ann, assert_fails, stderr, stdout};

const FIGURES: [&str; 5] = ["curves.png", "confusion.png", "mistakes.png", "weights.png", "gradients.png"];

fn train(dir: &Path, config: &str, extra: &[&str]) {
    let mut args = vec!["train", "--config", config, "--artifacts", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = ann(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("report: {}", dir.join("report.html").display())), "{}", stdout(&out));
}

/// Every figure decodes, is not one flat colour, and the page links only files beside it.
fn assert_complete_report(dir: &Path) {
    for figure in FIGURES {
        let image = image::open(dir.join(figure)).unwrap_or_else(|e| panic!("{figure}: {e}")).to_rgb8();
        assert!(image.width() >= 300 && image.height() >= 200, "{figure} is {:?}", image.dimensions());
        let mut colours: Vec<[u8; 3]> = image.pixels().map(|p| p.0).collect();
        colours.sort_unstable();
        colours.dedup();
        assert!(colours.len() > 20, "{figure} is nearly blank ({} colours)", colours.len());
    }
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src=\"//"), "external reference in report.html");
    for figure in FIGURES {
        assert!(html.contains(&format!("src=\"{figure}\"")), "report.html does not show {figure}");
    }
    for src in html.split("src=\"").skip(1) {
        let file = &src[..src.find('"').unwrap()];
        assert!(dir.join(file).is_file(), "report.html references {file}, which is not there");
    }
    assert!(html.contains("batch_size"), "the config is shown");
}

#[test]
fn both_engines_leave_a_complete_report_and_ann_report_regenerates_it() {
    let tmp = tempfile::tempdir().unwrap();
    for engine in ["learner", "manual"] {
        let dir = tmp.path().join(engine);
        train(&dir, "configs/quick.toml", &["--engine", engine]);
        assert_complete_report(&dir);
        let metrics = common::metrics(&dir);
        for epoch in metrics["history"].as_array().unwrap() {
            let sizes = epoch["gradient_mean_abs"].as_array().unwrap_or_else(|| panic!("{engine}: no gradient sizes"));
            assert!(sizes.iter().all(|g| g.as_f64().unwrap() > 0.0), "{engine}: {sizes:?}");
        }
    }
    // Regenerated from the files alone, leaving the run's own files as they were.
    let dir = tmp.path().join("learner");
    let before = std::fs::read(dir.join("metrics.json")).unwrap();
    std::fs::remove_file(dir.join("weights.png")).unwrap();
    let out = ann(&["report", "--artifacts", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_complete_report(&dir);
    assert_eq!(std::fs::read(dir.join("metrics.json")).unwrap(), before);
}

#[test]
fn a_resumed_run_reports_every_epoch() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    let config = common::config(tmp.path(), &std::fs::read_to_string(common::root().join("configs/quick.toml")).unwrap().replace("epochs = 2", "epochs = 3"));
    train(&dir, config.to_str().unwrap(), &["--epochs", "2"]);
    let out = ann(&["train", "--config", config.to_str().unwrap(), "--artifacts", dir.to_str().unwrap(), "--resume"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("report:"), "{}", stdout(&out));
    assert_complete_report(&dir);
    let history = common::metrics(&dir)["history"].as_array().unwrap().clone();
    assert_eq!(history.len(), 3);
    assert!(history.iter().all(|e| e["gradient_mean_abs"].is_array()), "{history:?}");
}

#[test]
fn compare_overlays_runs_of_different_lengths() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("two"), tmp.path().join("three"));
    train(&a, "configs/quick.toml", &[]);
    train(&b, "configs/quick.toml", &["--epochs", "3", "--seed", "7"]);
    let figure = tmp.path().join("figures/compare.png");
    let out = ann(&["compare", a.to_str().unwrap(), b.to_str().unwrap(), "--out", figure.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let image = image::open(&figure).unwrap().to_rgb8();
    assert!(image.width() >= 600, "{:?}", image.dimensions());
    let distinct: std::collections::HashSet<[u8; 3]> = image.pixels().map(|p| p.0).collect();
    assert!(distinct.len() > 20);
}

#[test]
fn report_and_compare_refuse_what_is_not_a_finished_run_and_touch_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = ann(&["report", "--artifacts", empty.to_str().unwrap()]);
    assert_fails(&out, 2, &["empty", "not a finished run", "metrics.json"]);
    let out = ann(&["compare", empty.to_str().unwrap(), "--out", tmp.path().join("c.png").to_str().unwrap()]);
    assert_fails(&out, 2, &["not a finished run"]);
    assert!(!tmp.path().join("c.png").exists());

    let run = tmp.path().join("run");
    train(&run, "configs/quick.toml", &[]);
    let damaged = b"{\"test_accuracy\": 0.9, \"history\": [";
    std::fs::write(run.join("metrics.json"), damaged).unwrap();
    let out = ann(&["report", "--artifacts", run.to_str().unwrap()]);
    assert_fails(&out, 2, &["metrics.json", "damaged"]);
    assert_eq!(std::fs::read(run.join("metrics.json")).unwrap(), damaged, "the run's file was changed");
}

#[test]
fn a_history_with_nan_still_gives_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    train(&run, "configs/quick.toml", &[]);
    let text = std::fs::read_to_string(run.join("metrics.json")).unwrap();
    let mut metrics: serde_json::Value = serde_json::from_str(&text).unwrap();
    // serde_json writes NaN as null; metrics.json of a diverged run can hold either.
    metrics["history"][1]["valid_loss"] = serde_json::Value::Null;
    std::fs::write(run.join("metrics.json"), serde_json::to_string(&metrics).unwrap()).unwrap();
    let out = ann(&["report", "--artifacts", run.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_complete_report(&run);
}
