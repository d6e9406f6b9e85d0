//! Figures and page from synthetic runs: every file there, decodable, not blank, offline.
use ann_report::{CompareRun, EpochPoint, GradientPoint, Mistake, RunReport, compare, write_evaluation, write_report};

fn history(epochs: usize) -> Vec<EpochPoint> {
    (1..=epochs)
        .map(|e| {
            let t = e as f64;
            EpochPoint { epoch: e, train_loss: 1.0 / t, train_accuracy: 1.0 - 0.2 / t, valid_loss: 1.1 / t, valid_accuracy: 0.98 - 0.2 / t }
        })
        .collect()
}

fn confusion() -> Vec<Vec<u64>> {
    (0..10).map(|t| (0..10).map(|p| if t == p { 950 } else { (t + p) as u64 % 7 }).collect()).collect()
}

fn first_layer() -> Vec<Vec<f32>> {
    (0..300).map(|u| (0..784).map(|i| ((i * 7 + u * 13) % 31) as f32 / 15.0 - 1.0).collect()).collect()
}

fn mistakes() -> Vec<Mistake> {
    (0..20)
        .map(|i| Mistake {
            pixels: (0..784usize).map(|p| if (p % 28).abs_diff(14) < 3 { 255 } else { 0 }).collect(),
            truth: (i % 10) as u8,
            predicted: ((i + 3) % 10) as u8,
            probability: 0.99 - i as f64 * 0.01,
        })
        .collect()
}

fn gradients(epochs: usize) -> Vec<GradientPoint> {
    (1..=epochs).map(|e| GradientPoint { epoch: e, mean_abs: [1e-4 / e as f64, 1e-3 / e as f64, 1e-2 / e as f64] }).collect()
}

fn distinct_colours(image: &image::RgbImage) -> usize {
    let mut colours: Vec<[u8; 3]> = image.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    colours.len()
}

/// `n` class names: the digits for 10, letters A.. otherwise; leaked for the report's lifetime.
fn names(n: usize) -> &'static [String] {
    let names: Vec<String> =
        (0..n).map(|k| if n == 10 { k.to_string() } else { char::from(b'A' + k as u8).to_string() }).collect();
    Box::leak(names.into_boxed_slice())
}

fn report<'a>(h: &'a [EpochPoint], c: &'a [Vec<u64>], m: &'a [Mistake], w: &'a [Vec<f32>], g: &'a [GradientPoint], s: &'a [(String, String)]) -> RunReport<'a> {
    let accuracy: &'static [f64] = Box::leak(vec![0.95; 10].into_boxed_slice());
    RunReport { title: "demo <run>", summary: s, config_toml: "[training]\nbatch_size = 100\n", history: h, test_accuracy: 0.976, test_loss: 0.08, classes: names(10), per_class_accuracy: accuracy, confusion: c, mistakes: m, first_layer: w, gradients: g }
}

#[test]
fn every_figure_is_written_decodes_and_is_not_blank_and_the_page_is_offline() {
    let dir = tempfile::tempdir().unwrap();
    let (h, c, m, w, g) = (history(12), confusion(), mistakes(), first_layer(), gradients(12));
    let summary = vec![("test accuracy".to_string(), "97.60%".to_string())];
    let written = write_report(dir.path(), &report(&h, &c, &m, &w, &g, &summary)).unwrap();
    let names: Vec<String> = written.figures.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["curves.png", "confusion.png", "weights.png", "mistakes.png", "gradients.png"]);
    for (name, (min_w, min_h)) in names.iter().zip([(1200, 460), (640, 600), (1000, 600), (500, 300), (820, 460)]) {
        let image = image::open(dir.path().join(name)).unwrap().to_rgb8();
        assert!(image.width() >= min_w && image.height() >= min_h, "{name}: {:?}", image.dimensions());
        assert!(distinct_colours(&image) > 20, "{name} is nearly blank");
    }
    let weights = image::open(dir.path().join("weights.png")).unwrap().to_rgb8();
    assert!(weights.pixels().any(|p| p.0[0] > 180 && p.0[2] < 100), "no red (positive) weights drawn");
    assert!(weights.pixels().any(|p| p.0[2] > 150 && p.0[0] < 80), "no blue (negative) weights drawn");
    let html = std::fs::read_to_string(&written.html).unwrap();
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("src=\"//"));
    assert!(html.contains("demo &lt;run&gt;"), "the title is escaped");
    for src in html.split("src=\"").skip(1) {
        let file = &src[..src.find('"').unwrap()];
        assert!(dir.path().join(file).is_file(), "{file} referenced but missing");
    }
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files.len(), 6, "only the figures and the page: {files:?}");
}

#[test]
fn text_is_drawn_with_the_embedded_font() {
    let dir = tempfile::tempdir().unwrap();
    let (h, c, w) = (history(3), confusion(), first_layer());
    write_report(dir.path(), &report(&h, &c, &[], &w, &[], &[])).unwrap();
    // The title strip of weights.png holds only text: without a font it stays white.
    let image = image::open(dir.path().join("weights.png")).unwrap().to_rgb8();
    let dark = (0..image.width()).flat_map(|x| (0..30).map(move |y| (x, y))).filter(|&(x, y)| image.get_pixel(x, y).0[0] < 100).count();
    assert!(dark > 200, "the title was not drawn ({dark} dark pixels)");
}

#[test]
fn nan_values_and_missing_parts_still_give_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = history(5);
    h[2].valid_loss = f64::NAN;
    h[3].train_loss = f64::INFINITY;
    let (c, w) = (confusion(), first_layer());
    let written = write_report(dir.path(), &report(&h, &c, &[], &w, &[], &[])).unwrap();
    assert_eq!(written.figures.len(), 3, "no mistakes and no gradients: no such figures");
    let html = std::fs::read_to_string(&written.html).unwrap();
    assert!(html.contains("recorded no gradient sizes"));
    assert!(image::open(dir.path().join("curves.png")).is_ok());
    // A run that diverged at once: nothing finite at all.
    let h: Vec<EpochPoint> = history(2).into_iter().map(|p| EpochPoint { train_loss: f64::NAN, valid_loss: f64::NAN, ..p }).collect();
    write_report(dir.path(), &report(&h, &c, &[], &w, &[], &[])).unwrap();
}

#[test]
fn compare_draws_runs_of_different_lengths_and_refuses_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/compare.png");
    let runs = vec![
        CompareRun { label: "batch".into(), history: history(20) },
        CompareRun { label: "stochastic".into(), history: history(7) },
    ];
    compare(&runs, &out).unwrap();
    let image = image::open(&out).unwrap().to_rgb8();
    assert_eq!(image.dimensions(), (1500, 460 + 30 + 24 * 2));
    assert!(distinct_colours(&image) > 20);
    assert!(matches!(compare(&[], &out), Err(ann_report::ReportError::NoRuns)));
}

#[test]
fn a_bad_confusion_matrix_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (h, w) = (history(2), first_layer());
    let c = vec![vec![1u64; 3]; 3];
    match write_report(dir.path(), &report(&h, &c, &[], &w, &[], &[])) {
        Err(ann_report::ReportError::Input(message)) => assert!(message.contains("confusion matrix"), "{message}"),
        other => panic!("a 3×3 confusion matrix for 10 classes must be refused as input, not {:?}", other.map(|_| ())),
    }
    // A mistake naming class 12 of 10 is refused the same way.
    let bad = vec![Mistake { pixels: vec![0; 784], truth: 12, predicted: 1, probability: 0.5 }];
    match write_report(dir.path(), &report(&h, &confusion(), &bad, &w, &[], &[])) {
        Err(ann_report::ReportError::Input(message)) => assert!(message.contains("beyond the 10 classes"), "{message}"),
        other => panic!("a mistake beyond the classes must be refused as input, not {:?}", other.map(|_| ())),
    }
}

#[test]
fn many_named_classes_grow_the_confusion_matrix_and_name_rows_and_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let (h, w) = (history(2), first_layer());
    let k = 26;
    let c: Vec<Vec<u64>> = (0..k).map(|t| (0..k).map(|p| if t == p { 40 } else { ((t * p) % 3 == 0) as u64 }).collect()).collect();
    let accuracy: Vec<f64> = (0..k).map(|t| c[t][t] as f64 / c[t].iter().sum::<u64>() as f64).collect();
    let m = vec![Mistake { pixels: vec![255; 784], truth: 16, predicted: 14, probability: 0.9 }];
    let r = RunReport { classes: names(k), per_class_accuracy: &accuracy, confusion: &c, mistakes: &m, ..report(&h, &c, &m, &w, &[], &[]) };
    write_report(dir.path(), &r).unwrap();
    let image = image::open(dir.path().join("confusion.png")).unwrap().to_rgb8();
    assert!(image.width() >= 26 * 30 && image.height() >= 26 * 30, "{:?}", image.dimensions());
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    // Row Q: 40 right of its 40 + 9 pictures, most often taken for A (its first off-diagonal 1).
    assert!(html.contains("<tr><td>Q</td><td>49</td><td>81.63%</td><td>A (1 times)</td></tr>"), "{html}");
    // A mistake naming a class beyond the 26 is refused.
    let bad = vec![Mistake { pixels: vec![0; 784], truth: 26, predicted: 0, probability: 0.5 }];
    let r = RunReport { classes: names(k), per_class_accuracy: &accuracy, confusion: &c, mistakes: &bad, ..report(&h, &c, &m, &w, &[], &[]) };
    assert!(write_report(dir.path(), &r).is_err());
}

#[test]
fn an_evaluation_draws_its_confusion_and_mistakes_into_a_new_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("held-out").join("figures");
    let c = vec![vec![5, 1, 0], vec![0, 6, 0], vec![2, 0, 4]];
    let m = vec![Mistake { pixels: vec![255; 784], truth: 2, predicted: 0, probability: 0.8 }];
    let written = write_evaluation(&out, &c, names(3), &m).unwrap();
    assert_eq!(written, [out.join("confusion.png"), out.join("mistakes.png")]);
    for figure in &written {
        let image = image::open(figure).unwrap().to_luma8();
        assert!(image.pixels().any(|p| p.0[0] < 128), "{} is blank", figure.display());
    }
    // No mistakes, no gallery; a matrix for other classes than the names is refused.
    let clean = tmp.path().join("clean");
    assert_eq!(write_evaluation(&clean, &c, names(3), &[]).unwrap(), [clean.join("confusion.png")]);
    assert!(write_evaluation(&clean, &c, names(4), &[]).is_err());
    assert!(write_evaluation(&clean, &c, names(3), &[Mistake { truth: 3, ..m[0].clone() }]).is_err());
}
