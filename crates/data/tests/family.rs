//! The MNIST-format family: each member's files found, its labels made class indices and
//! EMNIST's transposed images turned upright; EMNIST's zip taken apart after its download
//! (against a local server); and what each missing or damaged piece says.
mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use ann_data::download::{RemoteFile, download_from_archive};
use ann_data::family::{FAMILY, family};
use ann_data::idx::{IMAGES_MAGIC, LABELS_MAGIC, encode};
use ann_data::{DataConfig, DataError, IdxError, Source};
use burn::data::dataset::Dataset;

/// `n` images whose only ink is the top row's first `k + 1` pixels, for labels `first + k`.
fn emnist_like(n: u8, first: u8) -> (Vec<u8>, Vec<u8>) {
    let mut pixels = vec![0u8; n as usize * 784];
    for k in 0..n as usize {
        // Stored transposed, as EMNIST stores them: the top row is written as the left column.
        for i in 0..=k {
            pixels[k * 784 + i * 28] = 255;
        }
    }
    let images = encode(IMAGES_MAGIC, &[n as u32, 28, 28], &pixels);
    let labels = encode(LABELS_MAGIC, &[n as u32], &(0..n).map(|k| first + k).collect::<Vec<_>>());
    (images, labels)
}

fn write_set(dir: &Path, names: [&str; 4], (images, labels): &(Vec<u8>, Vec<u8>)) {
    for (name, bytes) in names.iter().zip([images, labels, images, labels]) {
        std::fs::write(dir.join(format!("{name}.gz")), common::gzip(bytes)).unwrap();
    }
}

fn config(dataset: &str, dir: &Path) -> DataConfig {
    DataConfig { dataset: Some(dataset.into()), dir: Some(dir.into()), ..Default::default() }
}

#[test]
fn emnist_letters_count_from_one_and_are_turned_upright() {
    let set = family("emnist-letters").unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_set(dir.path(), set.names(), &emnist_like(26, 1));
    let source = Source::find(&config("emnist-letters", dir.path()), 0).unwrap();
    let data = source.read(0).unwrap();
    assert_eq!(data.classes.len(), 26);
    assert_eq!((data.classes[0].as_str(), data.classes[25].as_str()), ("A", "Z"));
    assert_eq!(data.train.labels(), (0..26).collect::<Vec<u8>>(), "labels 1..=26 become classes 0..26");
    for k in 0..26 {
        let image = data.test.get(k).unwrap().image;
        let top_row = image[..28].iter().filter(|&&p| p == 255).count();
        assert_eq!(top_row, k + 1, "image {k} not turned upright");
        assert_eq!(image.iter().filter(|&&p| p == 255).count(), k + 1);
    }
}

#[test]
fn a_label_outside_the_sets_classes_names_the_file_and_the_range() {
    let set = family("emnist-letters").unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Labels 0..=25: EMNIST's letters have no label 0.
    write_set(dir.path(), set.names(), &emnist_like(26, 0));
    let err = Source::find(&config("emnist-letters", dir.path()), 0).unwrap().read(0).unwrap_err();
    assert!(matches!(err, DataError::Idx(IdxError::BadLabel { label: 0, first: 1, last: 26, .. })), "{err}");
    assert!(err.to_string().contains("emnist-letters-train-labels-idx1-ubyte.gz"), "{err}");
}

#[test]
fn every_member_has_four_files_a_source_and_named_classes() {
    for set in FAMILY {
        assert_eq!(set.names().len(), 4);
        assert!(set.classes.len() >= 10, "{}", set.name);
        assert!(!set.source.is_empty() && !set.mirrors.is_empty(), "{}", set.name);
        // Each file is checked: by its own md5, or by the archive's.
        for file in set.files {
            assert!(file.md5.len() == 32 || set.archive.is_some_and(|(a, _)| a.md5.len() == 32), "{}", file.name);
        }
    }
    assert_eq!(family("fashion-mnist").unwrap().classes[9], "Ankle boot");
}

#[test]
fn a_named_folder_without_the_files_says_which_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let err = Source::find(&config("kmnist", dir.path()), 0).err().unwrap().to_string();
    assert!(err.contains("kmnist files missing"), "{err}");
    assert!(err.contains("train-images-idx3-ubyte[.gz]"), "{err}");
    assert!(!err.contains("MNIST_DIR"), "$MNIST_DIR is MNIST's alone: {err}");
    let err = Source::find(&DataConfig { dataset: Some("qmnist".into()), ..Default::default() }, 0).err().unwrap().to_string();
    assert!(err.contains("unknown data set `qmnist`") && err.contains("emnist-letters"), "{err}");
}

/// A zip like EMNIST's `gzip.zip`: `gzip/<name>` for each of `files`.
fn archive(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(format!("gzip/{name}"), zip::write::FileOptions::default()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Serves `body` for every request, `requests` times.
fn serve(body: Vec<u8>, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            while reader.read_line(&mut String::new()).unwrap() > 2 {}
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
        }
    });
    base
}

fn md5_hex(bytes: &[u8]) -> &'static str {
    use md5::{Digest, Md5};
    Box::leak(Md5::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>().into_boxed_str())
}

#[test]
fn an_archive_is_checked_then_taken_apart_into_the_files_it_holds() {
    let set = family("emnist-letters").unwrap();
    let (images, labels) = emnist_like(26, 1);
    let names = set.names().map(|n| format!("{n}.gz"));
    let contents: Vec<(&str, Vec<u8>)> =
        names.iter().map(String::as_str).zip([&images, &labels, &images, &labels].map(|b| common::gzip(b))).collect();
    let zip = archive(&contents);
    let remote = RemoteFile { name: "gzip.zip", md5: md5_hex(&zip) };
    let dir = tempfile::tempdir().unwrap();
    let base = serve(zip.clone(), 1);
    download_from_archive(dir.path(), &[base], &remote, "gzip", &set.files).unwrap();
    for (name, bytes) in &contents {
        assert_eq!(&std::fs::read(dir.path().join(name)).unwrap(), bytes, "{name}");
    }
    assert!(!dir.path().read_dir().unwrap().any(|e| e.unwrap().file_name().to_string_lossy().ends_with(".part")));
    let data = Source::find(&config("emnist-letters", dir.path()), 0).unwrap().read(0).unwrap();
    assert_eq!(data.train.len(), 26);

    // The same archive with a wrong md5: refused, nothing taken out.
    let dir = tempfile::tempdir().unwrap();
    let wrong = RemoteFile { name: "gzip.zip", md5: "00000000000000000000000000000000" };
    let err = download_from_archive(dir.path(), &[serve(zip, 1)], &wrong, "gzip", &set.files).unwrap_err().to_string();
    assert!(err.contains("md5"), "{err}");
    assert_eq!(dir.path().read_dir().unwrap().count(), 0);
}

#[test]
fn an_archive_without_a_member_names_it() {
    let set = family("emnist-digits").unwrap();
    let zip = archive(&[("emnist-digits-train-images-idx3-ubyte.gz", vec![1, 2, 3])]);
    let remote = RemoteFile { name: "gzip.zip", md5: md5_hex(&zip) };
    let dir = tempfile::tempdir().unwrap();
    let err = download_from_archive(dir.path(), &[serve(zip, 1)], &remote, "gzip", &set.files).unwrap_err().to_string();
    assert!(err.contains("gzip/emnist-digits-train-labels-idx1-ubyte.gz"), "{err}");
    assert!(err.contains("delete the archive"), "{err}");
}
