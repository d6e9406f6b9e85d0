//! `ann bench` on the real MNIST files: the report's figures are consistent with each other.
mod common;
use common::{ann, assert_fails, stdout};

fn bench(engine: &str) -> serde_json::Value {
    let out = ann(&["bench", "--engine", engine, "--samples", "1000", "--config", "configs/quick.toml", "--json"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("--json prints one JSON object and nothing else")
}

fn f(report: &serde_json::Value, key: &str) -> f64 {
    report[key].as_f64().unwrap_or_else(|| panic!("{key} missing: {report}"))
}

#[test]
fn both_engines_report_consistent_figures() {
    for engine in ["learner", "manual"] {
        let r = bench(engine);
        assert_eq!(r["engine"], engine);
        assert_eq!(r["train_samples"], 1000);
        assert_eq!(r["eval_images"], 10_000);
        assert_eq!(f(&r, "train_flop_per_sample"), 1_126_800.0);
        let rate = f(&r, "train_samples_per_second");
        assert!(rate > 0.0 && rate.is_finite());
        assert!((rate * f(&r, "train_seconds") - 1000.0).abs() < 1e-6);
        assert!((f(&r, "train_gflops") - rate * 1_126_800.0 / 1e9).abs() < 1e-9);
        let peak = f(&r, "matmul_gflops");
        assert!(peak > 0.0 && [512.0, 1024.0, 2048.0].contains(&f(&r, "matmul_size")));
        assert!((f(&r, "fraction_of_peak") - f(&r, "train_gflops") / peak).abs() < 1e-12);
        assert!((f(&r, "limit_samples_per_second") - peak * 1e9 / 1_126_800.0).abs() < 1e-6);
        assert!((f(&r, "eval_images_per_second") * f(&r, "eval_seconds") - 10_000.0).abs() < 1e-6);
        // Each part timed alone; the recipe has no distortions.
        let part = |key: &str| r["parts"][key].as_f64().unwrap_or_else(|| panic!("parts.{key} missing: {r}"));
        assert_eq!(part("distortions"), 0.0);
        for key in ["batch", "forward", "backward", "update", "products"] {
            assert!(part(key) > 0.0 && part(key).is_finite(), "parts.{key} = {}", part(key));
        }
        let step = part("batch") + part("forward") + part("backward") + part("update");
        assert!((f(&r, "other") - (1e6 / rate - step)).abs() < 1e-6);
        let limit = f(&r, "step_limit_samples_per_second");
        assert!((limit - 1e6 / part("products")).abs() < 1e-6);
        assert!((f(&r, "products_gflops") - limit * 1_126_800.0 / 1e9).abs() < 1e-6);
        // The fraction pairs each slice of training with the products timed around it.
        let slices = r["slices"].as_array().expect("slices");
        assert!(!slices.is_empty() && slices.len() <= 5, "{} slices", slices.len());
        assert_eq!(slices.iter().map(|s| s["samples"].as_u64().unwrap()).sum::<u64>(), 1000);
        assert!((slices.iter().map(|s| f(s, "seconds")).sum::<f64>() - f(&r, "train_seconds")).abs() < 1e-9);
        let mut fractions: Vec<f64> = slices.iter().map(|s| f(s, "samples") / f(s, "seconds") * (f(s, "products_before") + f(s, "products_after")) / 2e6).collect();
        fractions.sort_by(f64::total_cmp);
        assert!((f(&r, "fraction_of_step_limit") - fractions[fractions.len() / 2]).abs() < 1e-12);
        for pair in slices.windows(2) {
            assert_eq!(pair[0]["products_after"], pair[1]["products_before"], "one pass between two slices");
        }
    }
}

#[test]
fn the_text_report_names_each_figure() {
    let out = ann(&["bench", "--samples", "200", "--config", "default"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let text = stdout(&out);
    let parts = ["distortions", "batch", "forward", "backward", "update", "other", "at the step's shapes"];
    for needle in ["learner engine", "samples/s", "images/s", "GFLOP/s", "matmul peak", "200 samples"].iter().chain(&parts) {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
}

#[test]
fn bad_bench_input_fails_cleanly() {
    assert_fails(&ann(&["bench", "--samples", "0"]), 2, &["--samples"]);
    let empty = tempfile::tempdir().unwrap();
    let dir = empty.path().to_str().unwrap();
    assert_fails(&ann(&["bench", "--samples", "100", "--data-dir", dir]), 2, &[dir]);
    assert_fails(&ann(&["bench", "--config", "configs/missing.toml"]), 2, &["configs/missing.toml"]);
}
