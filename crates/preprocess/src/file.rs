//! A picture file made into the network's input: decoded within memory limits (judged by its
//! content, not its name), then [`crate::to_mnist`]. One reader for `ann predict` and for a
//! folder of labelled pictures used as a data set.
use std::path::Path;

use crate::{PIXELS, Rgba};

/// Extensions taken from a folder (a file named on the command line is always tried).
pub const IMAGE_EXTENSIONS: [&str; 14] =
    ["png", "jpg", "jpeg", "bmp", "gif", "webp", "tif", "tiff", "pnm", "pbm", "pgm", "ppm", "pam", "jfif"];

/// Larger pictures are refused before decoding: a photo of a character needs far less, and a
/// forged header (a "decompression bomb") must not make `ann` allocate gigabytes.
pub const MAX_SIDE: u32 = 12_000;
pub const MAX_DECODER_BYTES: u64 = 512 << 20;

/// Whether a folder entry's name says it is a picture.
pub fn looks_like_image(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Decodes `path` within the limits above and makes it the network's input; the error says
/// what is wrong with the file, without its name.
pub fn load(path: &Path) -> Result<[f32; PIXELS], String> {
    if path.is_dir() {
        return Err("is a folder, not an image".into());
    }
    let metadata = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if metadata.len() == 0 {
        return Err("is empty (0 bytes)".into());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    decode(std::io::BufReader::new(file))
}

/// Pictures from memory (the page's) have at most this many pixels: each costs 16 bytes as
/// [`crate::to_mnist`] reads it, and a browser tab's WebAssembly has far less memory than `ann`.
pub const MAX_PIXELS_IN_MEMORY: u64 = 16 << 20;

/// A picture file's bytes (as the page has them: a drawing's PNG, an uploaded picture) made
/// into the network's input exactly as [`load`] makes the file.
pub fn from_bytes(bytes: &[u8]) -> Result<[f32; PIXELS], String> {
    if bytes.is_empty() {
        return Err("is empty (0 bytes)".into());
    }
    // Judged by the header, before a pixel is decoded.
    let size = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().ok().and_then(|r| r.into_dimensions().ok());
    if let Some((w, h)) = size.filter(|&(w, h)| w as u64 * h as u64 > MAX_PIXELS_IN_MEMORY) {
        return Err(format!("is too large to decode here ({w}×{h} pixels; at most {} megapixels: scale it down)", MAX_PIXELS_IN_MEMORY >> 20));
    }
    decode(std::io::Cursor::new(bytes))
}

/// Decodes within the limits above, the format judged by the content.
fn decode(mut reader: impl std::io::BufRead + std::io::Seek) -> Result<[f32; PIXELS], String> {
    let head = reader.fill_buf().map_err(|e| format!("cannot read: {e}"))?;
    let format = image::guess_format(head)
        .map_err(|_| "is not an image in a supported format (PNG, JPEG, BMP, GIF, WebP, TIFF, PNM)".to_string())?;
    let mut reader = image::ImageReader::with_format(reader, format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODER_BYTES);
    reader.limits(limits);
    let picture = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            format!("is too large to decode (more than {MAX_SIDE} pixels a side or {} MiB)", MAX_DECODER_BYTES >> 20)
        }
        other => format!("cannot decode: {other}"),
    })?;
    if picture.width() == 0 || picture.height() == 0 {
        return Err("has no pixels (zero width or height)".into());
    }
    let rgba = picture.to_rgba32f();
    let picture = Rgba { width: rgba.width() as usize, height: rgba.height() as usize, data: rgba.as_raw() };
    crate::to_mnist(&picture).map_err(|e| e.to_string())
}
