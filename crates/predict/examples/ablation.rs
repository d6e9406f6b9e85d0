//! Each preprocessing step on and off, on the tuning set and on the held-out sets, read by a
//! trained model: the ablation table of docs/own-digits.md. Needs a run folder of `ann train`
//! (ANN_ARTIFACTS) and the held-out sets made by `scripts/heldout_digits.py` (ANN_HELDOUT: a
//! folder with `mnist/` and `sklearn/`, each with its `labels.tsv`). A measurement, not a
//! test: it prints the table (`crates/cli/tests/own_digits.rs` asserts the chosen steps'
//! figures through `ann predict`).
//!
//! ```sh
//! ANN_ARTIFACTS=artifacts/default ANN_HELDOUT=/tmp/heldout MNIST_DIR=... \
//!     cargo run --release -p ann-predict --example ablation
//! ```
//! Extra variants to try (tuning only): `ANN_BANDS="lo,hi;lo,hi"` (pen bands),
//! `ANN_COMBOS=LP,LRP` (L even lighting, R printed lines, P pen width, I ink profile),
//! `ANN_RAMPS=1.5,3` (edge ramps); `ANN_COMBOS_ONLY=1` keeps only those and the two baselines.
#[path = "../../preprocess/tests/user_style/mod.rs"]
mod user_style;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ann_backend::Backend;
use ann_data::{MnistDataset, locate};
use ann_preprocess::{MNIST_EDGE, MNIST_PEN, Options, PIXELS, Rgba, SIDE, to_mnist_with};

/// One picture: its pixels (RGBA), true digit and group (stroke change, or the set's name).
struct Picture {
    width: usize,
    height: usize,
    data: Vec<f32>,
    label: u8,
    group: String,
}

fn env_list(name: &str, separator: char) -> Vec<String> {
    std::env::var(name).map(|v| v.split(separator).filter(|s| !s.is_empty()).map(str::to_string).collect()).unwrap_or_default()
}

fn variants() -> Vec<(String, Options)> {
    let (chosen, plain, ink) = (Options::default(), Options::PLAIN, Some(MNIST_EDGE));
    let mut v = vec![("plain (crop, scale, centre)".to_string(), plain), ("default (lighting, rules, pen)".to_string(), chosen)];
    v.push(("default − even lighting".into(), Options { even_lighting: false, ..chosen }));
    v.push(("default − rules removed".into(), Options { remove_rules: false, ..chosen }));
    v.push(("default − pen width".into(), Options { pen_band: None, ..chosen }));
    v.push(("default + ink profile".into(), Options { ink_profile: ink, ..chosen }));
    v.push(("plain + even lighting".into(), Options { even_lighting: true, ..plain }));
    v.push(("plain + rules removed".into(), Options { remove_rules: true, ..plain }));
    v.push(("plain + pen width".into(), Options { pen_band: Some(MNIST_PEN), ..plain }));
    v.push(("plain + ink profile".into(), Options { ink_profile: ink, ..plain }));
    for band in env_list("ANN_BANDS", ';') {
        let (lo, hi) = band.split_once(',').expect("ANN_BANDS: lo,hi;lo,hi");
        let (lo, hi): (f32, f32) = (lo.parse().unwrap(), hi.parse().unwrap());
        v.push((format!("all, pen band {lo}-{hi}"), Options { pen_band: Some((lo, hi)), ..chosen }));
    }
    for combo in env_list("ANN_COMBOS", ',') {
        let options = Options {
            even_lighting: combo.contains('L'),
            remove_rules: combo.contains('R'),
            pen_band: combo.contains('P').then_some(MNIST_PEN),
            ink_profile: combo.contains('I').then_some(MNIST_EDGE),
        };
        v.push((format!("only {combo}"), options));
    }
    for ramp in env_list("ANN_RAMPS", ',') {
        v.push((format!("all, edge ramp {ramp}"), Options { ink_profile: Some(ramp.parse().unwrap()), ..chosen }));
    }
    if std::env::var_os("ANN_COMBOS_ONLY").is_some() {
        v.retain(|(name, _)| ["only", "all,", "plain (", "default ("].iter().any(|p| name.starts_with(p)));
    }
    v
}

/// Right answers and pictures per variant and group ("all" too): every picture read by the
/// model through each variant's preprocessing (a picture it refuses counts as wrong).
fn score(run: &Path, variants: &[(String, Options)], pictures: impl Iterator<Item = Picture>) -> Vec<BTreeMap<String, (usize, usize)>> {
    let (_, device, model) = ann_artifacts::open_run(run, Backend::Flex).unwrap_or_else(|e| panic!("{}: {e:#}", run.display()));
    let mut inputs: Vec<Vec<Option<[f32; PIXELS]>>> = vec![Vec::new(); variants.len()];
    let mut truth = Vec::new();
    for p in pictures {
        let picture = Rgba { width: p.width, height: p.height, data: &p.data };
        for (k, (_, options)) in variants.iter().enumerate() {
            inputs[k].push(to_mnist_with(&picture, options).ok());
        }
        truth.push((p.label, p.group));
    }
    inputs
        .iter()
        .map(|variant| {
            let read: Vec<[f32; PIXELS]> = variant.iter().flatten().copied().collect();
            let mut answers = ann_predict::classify(&model, &read, &device).into_iter();
            let mut table = BTreeMap::new();
            for (input, (label, group)) in variant.iter().zip(&truth) {
                let right = input.is_some()
                    && ann_model::most_probable(&answers.next().expect("one answer per input")) == *label as usize;
                for g in ["all", group.as_str()] {
                    let entry = table.entry(g.to_string()).or_insert((0, 0));
                    entry.0 += right as usize;
                    entry.1 += 1;
                }
            }
            table
        })
        .collect()
}

fn print(title: &str, variants: &[(String, Options)], table: &[BTreeMap<String, (usize, usize)>]) {
    eprintln!("\n{title}");
    for ((name, _), groups) in variants.iter().zip(table) {
        let cell = |g: &str, (right, n): (usize, usize)| format!("{g} {:.2}% ({right}/{n})", 100.0 * right as f64 / n as f64);
        let mut cells = vec![cell("all", groups["all"])];
        cells.extend(groups.iter().filter(|(g, _)| *g != "all").map(|(g, &c)| cell(g, c)));
        eprintln!("  {name:32} {}", cells.join("  "));
    }
}

/// A set made by `scripts/heldout_digits.py`, decoded one picture at a time.
fn heldout(dir: &Path) -> impl Iterator<Item = Picture> {
    let labels = std::fs::read_to_string(dir.join("labels.tsv")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let rows: Vec<Vec<String>> = labels.lines().skip(1).map(|l| l.split('\t').map(str::to_string).collect()).collect();
    let dir = dir.to_path_buf();
    rows.into_iter().map(move |f| {
        let (width, height, data) = user_style::decode_rgba_f32(&std::fs::read(dir.join(&f[0])).unwrap());
        Picture { width, height, data, label: f[1].parse().unwrap(), group: f[2].clone() }
    })
}

fn main() {
    let run = PathBuf::from(std::env::var_os("ANN_ARTIFACTS").expect("set ANN_ARTIFACTS to a run folder of `ann train`"));
    let variants = variants();
    let files = locate(None, &[]).unwrap_or_else(|e| panic!("{e}"));
    let test = MnistDataset::load(&files.test_images, &files.test_labels).unwrap_or_else(|e| panic!("{e}"));
    let digit = |i: usize| -> &[u8; PIXELS] { test.pixels()[i * PIXELS..(i + 1) * PIXELS].try_into().unwrap() };
    let n: usize = std::env::var("ANN_TUNING").ok().map_or(1000, |v| v.parse().unwrap());
    let tuning = (0..n).map(|i| {
        let (bytes, _) = user_style::user_style(digit(i), i);
        let (width, height, data) = user_style::decode_rgba_f32(&bytes);
        Picture { width, height, data, label: test.labels()[i], group: ["thick", "thin", "unchanged"][i % 3].to_string() }
    });
    print("tuning set (crates/preprocess/tests/user_style, test digits 0..n)", &variants, &score(&run, &variants, tuning));
    let originals = (0..n).map(|i| {
        let data = digit(i).iter().flat_map(|&v| [v as f32 / 255.0, v as f32 / 255.0, v as f32 / 255.0, 1.0]).collect();
        Picture { width: SIDE, height: SIDE, data, label: test.labels()[i], group: "mnist".to_string() }
    });
    print("MNIST's own 28×28 test digits through the preprocessing", &variants, &score(&run, &variants, originals));
    if std::env::var_os("ANN_TUNING_ONLY").is_some() {
        return;
    }
    let root = PathBuf::from(std::env::var_os("ANN_HELDOUT").expect("set ANN_HELDOUT"));
    for set in ["mnist", "sklearn"] {
        print(&format!("held-out {set} (scripts/heldout_digits.py)"), &variants, &score(&run, &variants, heldout(&root.join(set))));
    }
}
