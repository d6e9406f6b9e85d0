//! Any bytes, read as an image file and as a label file, raw and as `.gz`: the parser must
//! return a value or an error, never panic, hang or allocate from an unchecked header.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

// The very parser the project uses, compiled here without the rest of ann-data (and burn).
#[path = "../../src/idx.rs"]
#[allow(dead_code)]
mod idx;

fuzz_target!(|data: &[u8]| {
    for name in ["fuzz-idx", "fuzz-idx.gz"] {
        let path = Path::new(name);
        if let Ok((pixels, count)) = idx::images_from(data, path) {
            assert_eq!(pixels.len(), count * idx::SIDE * idx::SIDE);
        }
        if let Ok(labels) = idx::labels_from(data, path) {
            assert!(labels.iter().all(|&l| l <= 9));
        }
    }
});
