//! One file of the site, prepared once: its bytes, a gzip copy when that is smaller, and an
//! `ETag` for revalidation.
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;

use hyper::body::Bytes;

/// One file of the site.
pub struct Asset {
    pub bytes: Bytes,
    /// The same bytes gzip-compressed, when that is smaller.
    pub gzip: Option<Bytes>,
    pub kind: &'static str,
    /// A strong validator of `bytes`, quoted as HTTP wants it.
    pub etag: String,
}

impl Asset {
    pub fn new(bytes: Vec<u8>, kind: &'static str) -> Self {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        let etag = format!("\"{:016x}-{:x}\"", hasher.finish(), bytes.len());
        // Already-compressed files (the MNIST .gz) gain nothing from a second pass.
        let gzip = (!ann_data::idx::is_gzip(&bytes)).then(|| gzip(&bytes)).filter(|z| z.len() < bytes.len());
        Self { bytes: bytes.into(), gzip: gzip.map(Bytes::from), kind, etag }
    }
}

/// Path (without the leading `/`) → file.
pub type Site = HashMap<String, Asset>;

/// Compressed as hard as gzip goes: it happens once, at start.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}
