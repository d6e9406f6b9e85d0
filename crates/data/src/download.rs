//! Downloads the official MNIST files: each into a temporary file, checked against its md5,
//! then renamed, so an interrupted download never leaves a file that looks complete.
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use md5::{Digest, Md5};

/// Public mirrors of the official files, tried in order.
pub const MIRRORS: [&str; 2] =
    ["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"];

/// Environment variable that replaces any data set's mirrors (comma-separated base URLs).
pub const MIRRORS_ENV: &str = "ANN_MNIST_MIRRORS";

/// A file to fetch and the md5 of its official version.
#[derive(Debug, Clone, Copy)]
pub struct RemoteFile {
    pub name: &'static str,
    pub md5: &'static str,
}

/// The four official gzip files.
pub const MNIST_FILES: [RemoteFile; 4] = [
    RemoteFile { name: "train-images-idx3-ubyte.gz", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873" },
    RemoteFile { name: "train-labels-idx1-ubyte.gz", md5: "d53e105ee54ea40749a09fcbcd1e9432" },
    RemoteFile { name: "t10k-images-idx3-ubyte.gz", md5: "9fb629c4189551a2d022fa330f9573f3" },
    RemoteFile { name: "t10k-labels-idx1-ubyte.gz", md5: "ec29112dd5afa0611ce80d1b7f02629c" },
];

#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    #[error("cannot write into {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("{name}: no mirror had it:\n{}", attempts.join("\n"))]
    AllMirrorsFailed { name: &'static str, attempts: Vec<String> },
    #[error("{path}: cannot take {member} out of the archive: {message}; delete the archive to fetch it again")]
    Archive { path: PathBuf, member: String, message: String },
}

/// The mirrors to use: `$ANN_MNIST_MIRRORS` if set, else `own` (a data set's mirrors).
pub fn mirrors(own: &[&str]) -> Vec<String> {
    match std::env::var(MIRRORS_ENV) {
        Ok(list) if !list.trim().is_empty() => list.split(',').map(|m| m.trim().to_string()).collect(),
        _ => own.iter().map(|m| m.to_string()).collect(),
    }
}

/// Fetches every file of `files` that `dir` lacks, trying each mirror in turn.
pub fn download(dir: &Path, mirrors: &[String], files: &[RemoteFile]) -> Result<(), DownloadError> {
    fs::create_dir_all(dir).map_err(|source| DownloadError::Write { path: dir.into(), source })?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(20)))
        // A stalled mirror fails; a slow one takes as long as it needs (EMNIST's zip is 560 MB).
        .timeout_per_read(Some(Duration::from_secs(60)))
        .build()
        .into();
    for file in files {
        let target = dir.join(file.name);
        if target.is_file() {
            continue;
        }
        let mut attempts = Vec::new();
        for mirror in mirrors {
            let url = format!("{}/{}", mirror.trim_end_matches('/'), file.name);
            match fetch(&agent, &url, file, &target) {
                Ok(()) => break,
                Err(Failure::Local(e)) => return Err(e),
                Err(Failure::Remote(why)) => attempts.push(format!("  {url}: {why}")),
            }
        }
        if !target.is_file() {
            return Err(DownloadError::AllMirrorsFailed { name: file.name, attempts });
        }
    }
    Ok(())
}

/// Fetches the archive (checked against its md5) if `dir` lacks any of `files`, then takes
/// each missing one out of its folder `folder` in the archive. The archive is kept: the
/// family's other members are in it too.
pub fn download_from_archive(
    dir: &Path,
    mirrors: &[String],
    archive: &RemoteFile,
    folder: &str,
    files: &[RemoteFile],
) -> Result<(), DownloadError> {
    if files.iter().all(|f| dir.join(f.name).is_file()) {
        return Ok(());
    }
    download(dir, mirrors, std::slice::from_ref(archive))?;
    let path = dir.join(archive.name);
    let bad = |member: &str, message: String| DownloadError::Archive { path: path.clone(), member: member.into(), message };
    let file = File::open(&path).map_err(|e| bad(archive.name, e.to_string()))?;
    let mut zip = zip::ZipArchive::new(io::BufReader::new(file)).map_err(|e| bad(archive.name, e.to_string()))?;
    for wanted in files.iter().filter(|f| !dir.join(f.name).is_file()) {
        let member = format!("{folder}/{}", wanted.name);
        let mut entry = zip.by_name(&member).map_err(|e| bad(&member, e.to_string()))?;
        let target = dir.join(wanted.name);
        let written = ann_atomic::replace_file(&target, "gz.part", |partial| File::create(partial).and_then(|mut out| io::copy(&mut entry, &mut out)).map(drop));
        written.map_err(|e| bad(&member, e.to_string()))?;
    }
    Ok(())
}

enum Failure {
    /// The mirror failed: try the next one.
    Remote(String),
    /// Writing here failed: no mirror will help.
    Local(DownloadError),
}

fn fetch(agent: &ureq::Agent, url: &str, file: &RemoteFile, target: &Path) -> Result<(), Failure> {
    let response = agent.get(url).call().map_err(|e| Failure::Remote(e.to_string()))?;
    let written = ann_atomic::replace_file(target, "gz.part", |partial| stream(response, file, partial));
    written.map_err(|e| match e {
        ann_atomic::Error::Write(failure) => failure,
        ann_atomic::Error::Io { path, source } => Failure::Local(DownloadError::Write { path, source }),
    })
}

/// The response's body into `partial`, with a progress bar, checked against the official md5.
fn stream(response: ureq::http::Response<ureq::Body>, file: &RemoteFile, partial: &Path) -> Result<(), Failure> {
    let total = response.body().content_length();
    let local = |source| Failure::Local(DownloadError::Write { path: partial.to_path_buf(), source });
    let mut out = File::create(partial).map_err(local)?;

    let bar = ProgressBar::with_draw_target(total, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec})")
            .unwrap()
            .progress_chars("=> "),
    );
    bar.set_message(format!("downloading {}", file.name));
    let mut body = response.into_body().into_reader();
    let mut md5 = Md5::new();
    let mut buf = vec![0u8; 64 * 1024];
    let copied = loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => break Err(Failure::Remote(format!("connection broke off: {e}"))),
        };
        md5.update(&buf[..n]);
        if let Err(e) = out.write_all(&buf[..n]) {
            break Err(local(e));
        }
        bar.inc(n as u64);
    };
    bar.finish_and_clear();
    copied.and_then(|()| {
        let digest: String = md5.finalize().iter().map(|b| format!("{b:02x}")).collect();
        if digest != file.md5 {
            return Err(Failure::Remote(format!("md5 {digest} does not match the official {}", file.md5)));
        }
        Ok(())
    })
}
