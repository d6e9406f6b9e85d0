//! The IDX format of the MNIST files: a big-endian header (magic number, then one u32 per
//! dimension) followed by the raw bytes. Files may be gzip-compressed. Its own crate, with no
//! dependency a browser lacks, so that `ann-data` and the web page read MNIST the same way.
//!
//! Nothing is allocated from the header alone: data is read through a `take` bounded by what
//! the header announces, so a header claiming billions of items fails at the file's real end.
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::GzDecoder;

/// Magic number of an IDX file of unsigned bytes with one dimension (labels).
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// Magic number of an IDX file of unsigned bytes with three dimensions (images).
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// MNIST images are 28×28: the network's input, one byte per pixel.
pub use ann_preprocess::{PIXELS, SIDE};

/// Whether `bytes` start as a gzip stream does.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

#[derive(Debug, thiserror::Error)]
pub enum IdxError {
    #[error("{path}: cannot read: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: is a directory, not an IDX file")]
    IsDirectory { path: PathBuf },
    #[error("{path}: the name ends in .gz but the content is not gzip data")]
    NotGzip { path: PathBuf },
    #[error("{path}: the gzip data is corrupt or cut short ({source}); download the file again")]
    Gzip { path: PathBuf, source: io::Error },
    #[error("{path}: the file ends inside its {needed}-byte header (only {got} bytes)")]
    TruncatedHeader { path: PathBuf, needed: usize, got: usize },
    #[error(
        "{path}: magic number {found:#010x} ({}); {what} files start with {expected:#010x} ({})",
        describe_magic(*found), describe_magic(*expected)
    )]
    Magic { path: PathBuf, found: u32, expected: u32, what: &'static str },
    #[error("{path}: images are {rows}×{cols}; MNIST images must be 28×28")]
    ImageSize { path: PathBuf, rows: u32, cols: u32 },
    #[error("{path}: the header announces 0 items")]
    Empty { path: PathBuf },
    #[error("{path}: the header announces {items} items ({expected} bytes of data), but the file ends after {got} bytes of data")]
    Truncated { path: PathBuf, items: u64, expected: u64, got: u64 },
    #[error("{path}: unexpected bytes after the {expected} bytes of data that the header announces")]
    TrailingBytes { path: PathBuf, expected: u64 },
    #[error("{path}: label {label} at index {index} is not one of this data set's labels ({first}..={last})")]
    BadLabel { path: PathBuf, index: usize, label: u8, first: u8, last: u8 },
    #[error("{images} holds {n_images} images but {labels} holds {n_labels} labels; they must be a matching pair")]
    CountMismatch { images: PathBuf, n_images: usize, labels: PathBuf, n_labels: usize },
}

fn describe_magic(magic: u32) -> String {
    let kind = match (magic >> 8) & 0xff {
        0x08 => "unsigned bytes",
        0x09 => "signed bytes",
        0x0b => "i16",
        0x0c => "i32",
        0x0d => "f32",
        0x0e => "f64",
        _ => "unknown type",
    };
    if magic >> 16 != 0 {
        return "not an IDX file".into();
    }
    format!("{kind}, rank {}", magic & 0xff)
}

/// Images as one contiguous buffer of `count · 784` bytes, row-major.
pub fn read_images(path: &Path) -> Result<(Vec<u8>, usize), IdxError> {
    images_from(open(path)?, path)
}

/// Labels as stored, any byte ([`check_labels`] holds them to a data set's classes).
pub fn read_labels(path: &Path) -> Result<Vec<u8>, IdxError> {
    labels_from(open(path)?, path)
}

/// A matching pair of files: images (`count · 784` bytes) and as many labels.
pub fn read_pair(images: &Path, labels: &Path) -> Result<(Vec<u8>, Vec<u8>), IdxError> {
    pair_from(open(images)?, images, open(labels)?, labels)
}

/// [`read_pair`] from any readers; the paths name the sources in errors.
pub fn pair_from(images: impl Read, images_path: &Path, labels: impl Read, labels_path: &Path) -> Result<(Vec<u8>, Vec<u8>), IdxError> {
    let (pixels, n_images) = images_from(images, images_path)?;
    let labels = labels_from(labels, labels_path)?;
    if n_images != labels.len() {
        return Err(IdxError::CountMismatch {
            images: images_path.into(),
            n_images,
            labels: labels_path.into(),
            n_labels: labels.len(),
        });
    }
    Ok((pixels, labels))
}

/// [`read_images`] from any reader; `path` names the source in errors (and a `.gz` name
/// must hold gzip data).
pub fn images_from(reader: impl Read, path: &Path) -> Result<(Vec<u8>, usize), IdxError> {
    let (dims, data) = read(reader, path, IMAGES_MAGIC, "image", |dims| {
        if dims[1] as usize != SIDE || dims[2] as usize != SIDE {
            return Err(IdxError::ImageSize { path: path.into(), rows: dims[1], cols: dims[2] });
        }
        Ok(())
    })?;
    Ok((data, dims[0] as usize))
}

/// [`read_labels`] from any reader; `path` names the source in errors.
pub fn labels_from(reader: impl Read, path: &Path) -> Result<Vec<u8>, IdxError> {
    let (_, data) = read(reader, path, LABELS_MAGIC, "label", |_| Ok(()))?;
    Ok(data)
}

/// Makes stored labels class indices: `first` (EMNIST's letters count from 1) becomes 0, and
/// each must then be below `classes`; `path` names the labels' file in errors.
pub fn check_labels(labels: &mut [u8], path: &Path, first: u8, classes: usize) -> Result<(), IdxError> {
    let last = (first as usize + classes - 1).min(255) as u8;
    if let Some(index) = labels.iter().position(|&l| !(first..=last).contains(&l)) {
        return Err(IdxError::BadLabel { path: path.into(), index, label: labels[index], first, last });
    }
    labels.iter_mut().for_each(|l| *l -= first);
    Ok(())
}

fn open(path: &Path) -> Result<BufReader<File>, IdxError> {
    if path.is_dir() {
        return Err(IdxError::IsDirectory { path: path.into() });
    }
    let file = File::open(path).map_err(|source| IdxError::Io { path: path.into(), source })?;
    Ok(BufReader::new(file))
}

fn read<'r>(
    mut file: impl Read + 'r,
    path: &Path,
    magic: u32,
    what: &'static str,
    check_dims: impl Fn(&[u32]) -> Result<(), IdxError>,
) -> Result<(Vec<u32>, Vec<u8>), IdxError> {
    let io_err = |source| IdxError::Io { path: path.into(), source };
    let mut sniff = [0u8; 2];
    let sniffed = fill(&mut file, &mut sniff).map_err(io_err)?;
    let is_gzip = is_gzip(&sniff[..sniffed]);
    if !is_gzip && path.extension().is_some_and(|e| e == "gz") {
        return Err(IdxError::NotGzip { path: path.into() });
    }
    let head = io::Cursor::new(sniff[..sniffed].to_vec());
    let mut reader: Box<dyn Read + 'r> =
        if is_gzip { Box::new(GzDecoder::new(head.chain(file))) } else { Box::new(head.chain(file)) };
    // Errors while decompressing mean a damaged stream; on a plain file they are I/O errors.
    let stream_err = |source: io::Error| {
        if is_gzip { IdxError::Gzip { path: path.into(), source } } else { IdxError::Io { path: path.into(), source } }
    };

    let rank = (magic & 0xff) as usize;
    let header_len = 4 + 4 * rank;
    let mut header = vec![0u8; header_len];
    let got = fill(&mut reader, &mut header).map_err(stream_err)?;
    let be = |i: usize| u32::from_be_bytes(header[i..i + 4].try_into().unwrap());
    if got >= 4 && be(0) != magic {
        return Err(IdxError::Magic { path: path.into(), found: be(0), expected: magic, what });
    }
    if got < header_len {
        return Err(IdxError::TruncatedHeader { path: path.into(), needed: header_len, got });
    }
    let dims: Vec<u32> = (0..rank).map(|d| be(4 + 4 * d)).collect();
    check_dims(&dims)?;
    if dims[0] == 0 {
        return Err(IdxError::Empty { path: path.into() });
    }
    let expected: u64 = dims.iter().map(|&d| d as u64).product();
    let mut data = Vec::new();
    reader.by_ref().take(expected).read_to_end(&mut data).map_err(stream_err)?;
    if (data.len() as u64) < expected {
        return Err(IdxError::Truncated { path: path.into(), items: dims[0] as u64, expected, got: data.len() as u64 });
    }
    let mut extra = [0u8; 1];
    if fill(&mut reader, &mut extra).map_err(stream_err)? > 0 {
        return Err(IdxError::TrailingBytes { path: path.into(), expected });
    }
    Ok((dims, data))
}

/// Reads until `buf` is full or the stream ends; returns how many bytes were read.
fn fill(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match reader.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Writes an IDX file (for tests and tools): `dims` and `data` must agree.
pub fn encode(magic: u32, dims: &[u32], data: &[u8]) -> Vec<u8> {
    let mut out = magic.to_be_bytes().to_vec();
    for d in dims {
        out.extend_from_slice(&d.to_be_bytes());
    }
    out.extend_from_slice(data);
    out
}
