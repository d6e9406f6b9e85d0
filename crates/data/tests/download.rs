//! The downloader against a local HTTP server on 127.0.0.1: good file, corrupt file, server
//! error, and a failing mirror followed by a good one.
mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use ann_data::download::{DownloadError, RemoteFile, download};

const LABELS: &str = "t10k-labels-idx1-ubyte.gz";

/// Serves `/good/<file>` (the real bytes), `/corrupt/<file>` (one byte flipped) and
/// `/error/<file>` (HTTP 500) for `requests` requests, then stops.
fn serve(requests: usize) -> String {
    let good = std::fs::read(common::mnist_dir().join(LABELS)).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            reader.read_line(&mut line).unwrap();
            while reader.read_line(&mut String::new()).unwrap() > 2 {}
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let mut body = good.clone();
            let status = if path.starts_with("/error/") {
                body = b"oops".to_vec();
                "500 Internal Server Error"
            } else if path.starts_with("/corrupt/") {
                body[100] ^= 0xff;
                "200 OK"
            } else {
                "200 OK"
            };
            let head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(&body));
        }
    });
    base
}

fn official() -> [RemoteFile; 1] {
    [RemoteFile { name: LABELS, md5: "ec29112dd5afa0611ce80d1b7f02629c" }]
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

#[test]
fn a_good_file_is_verified_and_renamed_into_place() {
    let base = serve(1);
    let dir = tempfile::tempdir().unwrap();
    download(dir.path(), &[format!("{base}/good/")], &official()).unwrap();
    assert_eq!(leftovers(dir.path()), vec![LABELS.to_string()]);
    assert_eq!(std::fs::read(dir.path().join(LABELS)).unwrap(), std::fs::read(common::mnist_dir().join(LABELS)).unwrap());
}

#[test]
fn a_corrupt_file_is_rejected_by_md5_and_leaves_nothing() {
    let base = serve(1);
    let dir = tempfile::tempdir().unwrap();
    let err = download(dir.path(), &[format!("{base}/corrupt/")], &official()).unwrap_err();
    assert!(matches!(err, DownloadError::AllMirrorsFailed { .. }));
    assert!(err.to_string().contains("md5"), "{err}");
    assert!(leftovers(dir.path()).is_empty(), "left behind: {:?}", leftovers(dir.path()));
}

#[test]
fn a_server_error_is_reported_with_its_status() {
    let base = serve(1);
    let dir = tempfile::tempdir().unwrap();
    let err = download(dir.path(), &[format!("{base}/error/")], &official()).unwrap_err().to_string();
    assert!(err.contains("500"), "{err}");
    assert!(err.contains(LABELS), "{err}");
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn a_failing_mirror_falls_back_to_the_next() {
    let base = serve(2);
    let dir = tempfile::tempdir().unwrap();
    download(dir.path(), &[format!("{base}/error/"), format!("{base}/good")], &official()).unwrap();
    assert_eq!(leftovers(dir.path()), vec![LABELS.to_string()]);
}

#[test]
fn an_unreachable_mirror_is_an_error_not_a_hang() {
    // Port 9 (discard) on loopback has no listener: the connection is refused at once.
    let dir = tempfile::tempdir().unwrap();
    let err = download(dir.path(), &["http://127.0.0.1:9/".into()], &official()).unwrap_err();
    assert!(matches!(err, DownloadError::AllMirrorsFailed { .. }), "{err}");
}
