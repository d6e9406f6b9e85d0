//! A folder of labelled pictures as the data set: four letter-like shapes drawn with a
//! jittered pen, trained on, then predicted, evaluated and exported by their class names; and
//! the folders and files such a data set must not be.
mod common;

use std::path::Path;

use common::{CLASSES, ann, arg, assert_fails, letters, picture, stderr, stdout};

#[test]
fn a_folder_of_pictures_trains_and_its_class_names_reach_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, run) = (tmp.path().join("letters"), tmp.path().join("run"));
    letters(&data, 40);
    let out = ann(&["train", "--data-dir", arg(&data), "--epochs", "8", "--artifacts", arg(&run)]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The recipe made for folders, and the output layer fitted to the four classes with a note.
    assert!(stderr(&out).contains("configs/characters.toml"), "{}", stderr(&out));
    assert!(stderr(&out).contains("4 classes, so the output layer has 4 units"), "{}", stderr(&out));
    // A fifth of each class is the test set: 8 of 40.
    assert!(stdout(&out).contains("/ 32 test images"), "{}", stdout(&out));

    let config = ann_artifacts::Config::load(&run.join("config.toml")).unwrap();
    assert_eq!(config.model.classes, CLASSES);
    // The model file names its classes too (burnpack metadata), and still loads.
    let model = std::fs::read(run.join("model.bpk")).unwrap();
    let names = serde_json::to_string(&CLASSES).unwrap();
    assert!(model.windows(names.len()).any(|w| w == names.as_bytes()), "model.bpk lacks the class names");
    assert_eq!(config.model.layers[3], 4);
    let metrics = common::metrics(&run);
    assert_eq!(metrics["classes"], serde_json::json!(CLASSES));
    assert_eq!(metrics["confusion"].as_array().unwrap().len(), 4);
    let accuracy = metrics["test_accuracy"].as_f64().unwrap();
    assert!(accuracy >= 0.9, "test accuracy {accuracy} on four easy shapes");

    // Predict: the class by name, the runner-up by name, and "class" in the JSON.
    let fresh = tmp.path().join("x.png");
    picture("X", 99_999).save(&fresh).unwrap();
    let out = ann(&["predict", "--artifacts", arg(&run), arg(&fresh)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = stdout(&out);
    assert!(line.contains("x.png: X ("), "{line}");
    assert!(["L (", "T (", "Z ("].iter().any(|r| line.contains(&format!("runner-up {r}"))), "{line}");
    let out = ann(&["predict", "--json", "--artifacts", arg(&run), arg(&fresh)]);
    let answer: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(answer["class"], "X", "{answer}");
    assert_eq!(answer["index"], 2, "{answer}");
    assert_eq!(answer["probabilities"].as_array().unwrap().len(), 4);
    assert!(answer.get("digit").is_none(), "letters are not digits: {answer}");

    // Eval: the same test split again, by name, without being told which data.
    let out = ann(&["eval", "--artifacts", arg(&run)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("test accuracy {:.2}%", accuracy * 100.0)), "{}", stdout(&out));
    assert!(stdout(&out).contains("  Z: "), "{}", stdout(&out));

    // The report names the classes in its per-class table.
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(html.contains("<tr><td>Z</td><td>8</td>"), "per-class table missing");

    // Exports carry the names: safetensors' metadata, ONNX's metadata_props.
    let st = tmp.path().join("model.safetensors");
    assert!(ann(&["export", "--artifacts", arg(&run), "--format", "safetensors", "--out", arg(&st)]).status.success());
    let bytes = std::fs::read(&st).unwrap();
    let header_len = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..8 + header_len]).unwrap();
    assert_eq!(header["__metadata__"]["classes"], names.as_str(), "{header}");
    assert_eq!(header["fc3.weight"]["shape"], serde_json::json!([4, 100]));
    let onnx = tmp.path().join("model.onnx");
    assert!(ann(&["export", "--artifacts", arg(&run), "--format", "onnx", "--out", arg(&onnx)]).status.success());
    use onnx_protobuf::Message;
    let model = onnx_protobuf::ModelProto::parse_from_bytes(&std::fs::read(&onnx).unwrap()).unwrap();
    let entry = model.metadata_props.iter().find(|p| p.key == "classes").expect("classes in metadata_props");
    assert_eq!(entry.value, names);

    // The page's description of the served model names its classes for the bars and buttons.
    let site = tmp.path().join("site");
    let pkg = common::placeholder_pkg(tmp.path());
    let out = ann(&["web", "--artifacts", arg(&run), "--pkg", arg(&pkg), "--out", arg(&site)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let network: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(site.join("network.json")).unwrap()).unwrap();
    assert_eq!(network["classes"], serde_json::json!(CLASSES));
    assert_eq!(network["layers"][3], 4);
}

#[test]
fn train_and_test_folders_are_used_as_given_and_a_held_out_folder_evaluates_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("split");
    letters(&data.join("train"), 30);
    letters(&data.join("test"), 6);
    let run = tmp.path().join("run");
    let out = ann(&["train", "--data-dir", arg(&data), "--epochs", "6", "--artifacts", arg(&run)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("/ 24 test images"), "{}", stdout(&out));

    // Another writer's pictures, test/ only: evaluated by name; refused for training.
    let heldout = tmp.path().join("heldout");
    for (k, class) in CLASSES.iter().enumerate() {
        std::fs::create_dir_all(heldout.join("test").join(class)).unwrap();
        for i in 0..5u64 {
            picture(class, 77_000 + k as u64 * 100 + i).save(heldout.join("test").join(class).join(format!("{i}.png"))).unwrap();
        }
    }
    let figures = tmp.path().join("heldout-figures");
    let out = ann(&["eval", "--artifacts", arg(&run), "--data-dir", arg(&heldout), "--figures", arg(&figures)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("(20 images)"), "{}", stdout(&out));
    // The held-out pictures' own confusion matrix, drawn: as wide as the report's, not blank.
    let confusion = image::open(figures.join("confusion.png")).unwrap().to_luma8();
    assert!(confusion.width() >= 640, "{}", confusion.width());
    assert!(confusion.pixels().any(|p| p.0[0] < 128), "the confusion figure is blank");
    assert!(stderr(&out).contains("confusion.png"), "{}", stderr(&out));
    let out = ann(&["train", "--data-dir", arg(&heldout), "--artifacts", arg(&tmp.path().join("no"))]);
    assert_fails(&out, 2, &["no training pictures", "train"]);

    // Some of the model's classes: evaluated by the model's names, the others marked absent.
    let some = tmp.path().join("some");
    for class in ["T", "Z"] {
        std::fs::create_dir_all(some.join("test").join(class)).unwrap();
        for i in 0..3u64 {
            picture(class, 88_000 + i).save(some.join("test").join(class).join(format!("{i}.png"))).unwrap();
        }
    }
    let out = ann(&["eval", "--json", "--artifacts", arg(&run), "--data-dir", arg(&some)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["classes"], serde_json::json!(CLASSES));
    let rows: Vec<u64> = report["confusion"].as_array().unwrap().iter().map(|r| r.as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).sum()).collect();
    assert_eq!(rows, [0, 3, 0, 3], "T and Z are rows 1 and 3 of the model's L, T, X, Z");
    let out = ann(&["eval", "--artifacts", arg(&run), "--data-dir", arg(&some)]);
    assert!(stdout(&out).contains("L:  no test pictures"), "{}", stdout(&out));

    // A recipe made for a named set still reads a folder of pictures named outright.
    let out = ann(&["train", "--config", "fashion", "--data-dir", arg(&data), "--epochs", "1", "--artifacts", arg(&tmp.path().join("f"))]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("/ 24 test images"), "{}", stdout(&out));

    // Other classes than the model's: refused by name, not a wrong confusion matrix.
    let other = tmp.path().join("other");
    for class in ["L", "T", "X", "Y"] {
        std::fs::create_dir_all(other.join(class)).unwrap();
        picture("L", 5).save(other.join(class).join("0.png")).unwrap();
        picture("L", 6).save(other.join(class).join("1.png")).unwrap();
    }
    let out = ann(&["eval", "--artifacts", arg(&run), "--data-dir", arg(&other)]);
    assert_fails(&out, 2, &["L, T, X, Y", "L, T, X, Z"]);
}

#[test]
fn folders_that_are_no_data_set_get_one_clear_message() {
    let tmp = tempfile::tempdir().unwrap();
    let runs = tmp.path().join("runs");
    let train = |data: &Path| {
        let run = runs.join(data.file_name().unwrap());
        ann(&["train", "--data-dir", arg(data), "--epochs", "1", "--artifacts", arg(&run)])
    };

    let one = tmp.path().join("one");
    std::fs::create_dir_all(one.join("A")).unwrap();
    picture("L", 1).save(one.join("A").join("0.png")).unwrap();
    assert_fails(&train(&one), 2, &["only one class (`A`)", "at least two"]);

    let empty_class = tmp.path().join("empty");
    letters(&empty_class, 3);
    std::fs::create_dir_all(empty_class.join("Q")).unwrap();
    std::fs::write(empty_class.join("Q").join("notes.txt"), "no pictures here").unwrap();
    assert_fails(&train(&empty_class), 2, &["class `Q` has no pictures", &empty_class.join("Q").display().to_string()]);

    let single = tmp.path().join("single");
    letters(&single, 3);
    std::fs::create_dir_all(single.join("Q")).unwrap();
    picture("L", 4).save(single.join("Q").join("0.png")).unwrap();
    assert_fails(&train(&single), 2, &["class `Q` has one picture", &single.join("Q").display().to_string()]);

    let broken = tmp.path().join("broken");
    letters(&broken, 3);
    std::fs::write(broken.join("T").join("bad.png"), "this is not a picture").unwrap();
    std::fs::write(broken.join("X").join("empty.png"), "").unwrap();
    let out = train(&broken);
    assert_fails(&out, 2, &["2 of 14 pictures cannot be used", "bad.png: is not an image", "empty.png: is empty"]);

    let stray = tmp.path().join("stray");
    letters(&stray.join("train"), 3);
    letters(&stray.join("test"), 1);
    std::fs::create_dir_all(stray.join("test").join("Q")).unwrap();
    picture("L", 3).save(stray.join("test").join("Q").join("0.png")).unwrap();
    assert_fails(&train(&stray), 2, &["class `Q` is in test/ but not in train/"]);

    let out = ann(&["train", "--dataset", "emnist-balanced", "--artifacts", arg(&tmp.path().join("r"))]);
    assert_fails(&out, 2, &["emnist-balanced", "fashion-mnist, kmnist, emnist-letters, emnist-digits"]);

    // A saved config's classes that the data lacks: named, both sides.
    let config = common::config(tmp.path(), "[model]\nlayers = [784, 30, 20, 4]\nclasses = [\"a\", \"b\", \"c\", \"d\"]\n");
    let data = tmp.path().join("letters");
    letters(&data, 3);
    let out = ann(&["train", "--config", arg(&config), "--data-dir", arg(&data), "--artifacts", arg(&tmp.path().join("r2"))]);
    assert_fails(&out, 2, &["model.classes", "a, b, c, d", "L, T, X, Z"]);
}

#[cfg(unix)]
#[test]
fn predict_and_train_read_the_same_pictures_and_a_link_loop_adds_none() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, run) = (tmp.path().join("letters"), tmp.path().join("run"));
    letters(&data, 5);
    // One writer's pictures in a folder of their own, a link back up and a link to itself.
    std::fs::create_dir_all(data.join("L/writer2")).unwrap();
    for i in 0..2 {
        picture("L", 500 + i).save(data.join(format!("L/writer2/{i}.png"))).unwrap();
    }
    std::os::unix::fs::symlink("..", data.join("L/up")).unwrap();
    std::os::unix::fs::symlink(".", data.join("X/here")).unwrap();
    let pictures = 4 * 5 + 2;

    let out = ann(&["train", "--data-dir", arg(&data), "--epochs", "1", "--artifacts", arg(&run)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("links back up"), "{}", stderr(&out));
    let m = common::metrics(&run);
    let read: u64 = ["train_samples", "valid_samples", "test_samples"].iter().map(|k| m[k].as_u64().unwrap()).sum();
    assert_eq!(read, pictures, "training read {read} pictures, the folder has {pictures}");

    let out = ann(&["predict", "--artifacts", arg(&run), arg(&data)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = stdout(&out).lines().filter(|l| l.contains(".png: ")).count() as u64;
    assert_eq!(lines, pictures, "{}", stdout(&out));
    assert!(stdout(&out).contains("writer2/1.png: "), "{}", stdout(&out));
}
