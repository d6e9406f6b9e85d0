//! `ann predict` on pictures made the way users make them, and on files that are not good
//! pictures at all.
mod common;
#[path = "../../preprocess/tests/user_style/mod.rs"]
mod user_style;

use std::path::Path;

use ann_data::{MnistDataset, PIXELS, locate};
use common::{ann, assert_fails, stderr, stdout};

/// The first `n` test digits, as user-style picture files in `dir`; returns their labels.
fn user_style_set(dir: &Path, n: usize) -> Vec<u8> {
    let files = locate(Some(&common::mnist_dir()), &[]).unwrap();
    let test = MnistDataset::load(&files.test_images, &files.test_labels).unwrap();
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let digit: &[u8; PIXELS] = test.pixels()[i * PIXELS..(i + 1) * PIXELS].try_into().unwrap();
        let (bytes, extension) = user_style::user_style(digit, i);
        std::fs::write(dir.join(format!("{i:05}.{extension}")), bytes).unwrap();
    }
    test.labels()[..n].to_vec()
}

/// The fraction of `ann predict --json` answers for the pictures in `pictures` that name the
/// true digit, and the number of answers.
fn agreement(artifacts: &Path, pictures: &Path, labels: &[u8]) -> (f64, usize) {
    let out = ann(&["predict", "--artifacts", artifacts.to_str().unwrap(), "--json", pictures.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut right = 0;
    let mut answers = 0;
    for line in stdout(&out).lines() {
        let answer: serde_json::Value = serde_json::from_str(line).unwrap();
        let file = answer["file"].as_str().unwrap();
        let index: usize = Path::new(file).file_stem().unwrap().to_str().unwrap().parse().unwrap();
        let probabilities: Vec<f64> = answer["probabilities"].as_array().unwrap().iter().map(|p| p.as_f64().unwrap()).collect();
        assert_eq!(probabilities.len(), 10);
        assert!((probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-4, "{line}");
        let digit = answer["digit"].as_u64().unwrap() as usize;
        assert!(probabilities.iter().all(|&p| p <= probabilities[digit]), "{line}");
        right += (digit == labels[index] as usize) as usize;
        answers += 1;
    }
    (right as f64 / answers as f64, answers)
}

/// Trains `config` into `dir` and returns its test accuracy.
fn train(config: &str, dir: &Path) -> f64 {
    common::train(config, dir, &[])["test_accuracy"].as_f64().unwrap()
}

const PICTURES: usize = 1000;

#[test]
fn the_default_model_reads_user_style_pictures_about_as_well_as_mnist_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("default");
    let accuracy = train("configs/default.toml", &run);
    let pictures = tmp.path().join("pictures");
    let labels = user_style_set(&pictures, PICTURES);
    let (agreement, answers) = agreement(&run, &pictures, &labels);
    eprintln!("default model: test accuracy {:.2}%, user-style agreement {:.2}%", accuracy * 100.0, agreement * 100.0);
    assert_eq!(answers, PICTURES, "every picture gets an answer");
    // The goal: 97%; 98.40% measured (docs/own-digits.md); tests/own_digits.rs has
    // the sets made by another generator.
    assert!(agreement >= 0.97, "only {:.2}% of user-style pictures read right", agreement * 100.0);

    // What the network saw, saved for people to look at.
    let seen = tmp.path().join("seen");
    let first = pictures.join(std::fs::read_dir(&pictures).unwrap().next().unwrap().unwrap().file_name());
    let out = ann(&["predict", "--artifacts", run.to_str().unwrap(), "--save-input", seen.to_str().unwrap(), first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("runner-up"), "{}", stdout(&out));
    let saved = std::fs::read_dir(&seen).unwrap().next().unwrap().unwrap().path();
    let image = image::open(&saved).unwrap().to_luma8();
    assert_eq!(image.dimensions(), (28, 28));
    assert!(image.pixels().any(|p| p.0[0] > 200) && image.pixels().any(|p| p.0[0] == 0), "white ink on black");
}

#[test]
fn the_robust_model_beats_the_default_on_mnist_and_on_user_style_pictures() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("robust");
    let accuracy = train("configs/robust.toml", &run);
    let pictures = tmp.path().join("pictures");
    let labels = user_style_set(&pictures, PICTURES);
    let (agreement, _) = agreement(&run, &pictures, &labels);
    eprintln!("robust model: test accuracy {:.2}%, user-style agreement {:.2}%", accuracy * 100.0, agreement * 100.0);
    // 98.93% and 98.80% measured; tests/own_digits.rs says why the second leaves 3 pictures.
    assert!(accuracy >= 0.989, "robust test accuracy {:.2}%", accuracy * 100.0);
    assert!(agreement >= 0.985, "robust user-style agreement {:.2}%", agreement * 100.0);
}

/// A PNG whose header claims `width × height` pixels, with almost no data behind it.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in kind.iter().chain(data) {
            crc ^= byte as u32;
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        out.extend_from_slice(&(!crc).to_be_bytes());
        out
    }
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8-bit grey
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
    png.extend(chunk(b"IEND", &[]));
    png
}

#[test]
fn bad_files_get_one_line_each_and_the_good_ones_are_still_predicted() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("quick");
    train("configs/quick.toml", &run);
    let dir = tmp.path().join("inputs");
    user_style_set(&dir, 2);
    let good: Vec<String> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path().display().to_string()).collect();
    let real_png = {
        let mut bytes = Vec::new();
        let white = image::GrayImage::from_pixel(40, 40, image::Luma([255]));
        image::DynamicImage::ImageLuma8(white).write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
        bytes
    };
    let black = {
        let mut bytes = Vec::new();
        let black = image::GrayImage::from_pixel(40, 40, image::Luma([0]));
        image::DynamicImage::ImageLuma8(black).write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
        bytes
    };
    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.png", Vec::new(), "empty"),
        ("truncated.png", real_png[..real_png.len() / 2].to_vec(), "cannot decode"),
        ("notes.png", b"shopping list: milk, eggs".to_vec(), "not an image"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><circle r='5'/></svg>".to_vec(), "not an image"),
        ("zero.png", png_header(0, 0), "decode"),
        ("bomb.png", png_header(60_000, 60_000), "too large"),
        ("white.png", real_png.clone(), "no ink"),
        ("black.png", black, "no ink"),
    ];
    let mut args = vec!["predict".to_string(), "--artifacts".into(), run.display().to_string()];
    args.extend(good.iter().cloned());
    for (name, bytes, _) in &bad {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        args.push(path.display().to_string());
    }
    let folder = dir.join("folder.png");
    std::fs::create_dir(&folder).unwrap();
    args.push(folder.display().to_string());
    args.push(dir.join("missing.png").display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = ann(&args);
    assert_fails(&out, 2, &["10 of 12 files could not be predicted"]);
    let err = stderr(&out);
    for (name, _, why) in &bad {
        let line = err.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} not reported: {err}"));
        assert!(line.to_lowercase().contains(why), "{name}: {line}");
    }
    assert!(err.lines().any(|l| l.contains("folder.png") && l.contains("folder")), "{err}");
    assert!(err.lines().any(|l| l.contains("missing.png") && l.contains("cannot read")), "{err}");
    for file in &good {
        assert!(stdout(&out).contains(file.as_str()), "{file} was not predicted: {}", stdout(&out));
    }
}
