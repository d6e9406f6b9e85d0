//! Pictures made from MNIST digits the way people make pictures of digits: dark pen on white
//! or tinted paper with some noise, 3-12× larger, off centre on a bigger page, thicker or
//! thinner strokes, saved as JPEG, PNG (8/16-bit, grey/RGB, a canvas export with alpha), BMP,
//! WebP, TIFF, PNM or GIF. Deterministic in `index`. Shared by the tests of `ann-preprocess`
//! and of `ann predict` (`#[path]`).
#![allow(dead_code)]
use image::{DynamicImage, ImageBuffer, ImageFormat, Luma, Rgb, Rgba};

/// ann's seeded generator, so the set is the same everywhere.
pub struct Draws(ann_data::rng::SplitMix);

impl Draws {
    pub fn new(seed: u64) -> Self {
        Self(ann_data::rng::SplitMix::new(seed.wrapping_mul(ann_data::rng::GOLDEN) ^ 0xD1B5_4A32_D192_ED03))
    }
    pub fn next(&mut self) -> f64 {
        self.0.unit()
    }
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next()
    }
}

/// The formats the set rotates through.
pub const FORMATS: [&str; 10] =
    ["jpg", "png-grey", "png-rgb", "png16", "png-alpha", "bmp", "webp", "tiff", "pnm", "gif"];

/// One user-style picture of `digit` (MNIST layout, ink = 255): the encoded file and its
/// extension.
pub fn user_style(digit: &[u8; 784], index: usize) -> (Vec<u8>, &'static str) {
    let mut r = Draws::new(index as u64);
    let scale = r.range(3.0, 12.0);
    let side = (28.0 * scale).round() as usize;
    // Enlarged ink (bilinear, so strokes stay smooth), 0..1.
    let mut ink = vec![0.0f64; side * side];
    for y in 0..side {
        for x in 0..side {
            let (sx, sy) = ((x as f64 + 0.5) / scale - 0.5, (y as f64 + 0.5) / scale - 0.5);
            ink[y * side + x] = bilinear(digit, sx, sy) / 255.0;
        }
    }
    // Thicker or thinner strokes: a max or min filter of radius 1-2 px at the enlarged scale.
    let radius = (scale / 4.0).round().clamp(1.0, 2.0) as isize;
    ink = match index % 3 {
        0 => filter(&ink, side, radius, f64::max),
        1 => filter(&ink, side, radius, f64::min),
        _ => ink,
    };
    // A bigger page, the digit somewhere on it.
    let page_w = (side as f64 * r.range(1.3, 2.0)) as usize;
    let page_h = (side as f64 * r.range(1.3, 2.0)) as usize;
    let (ox, oy) = ((r.next() * (page_w - side) as f64) as usize, (r.next() * (page_h - side) as f64) as usize);
    let mut page = vec![0.0f64; page_w * page_h];
    for y in 0..side {
        for x in 0..side {
            page[(oy + y) * page_w + ox + x] = ink[y * side + x];
        }
    }
    // Paper: white or tinted, the pen dark, a little noise.
    let tints: [[f64; 3]; 4] = [[1.0, 1.0, 1.0], [0.97, 0.94, 0.78], [0.85, 0.85, 0.85], [0.86, 0.9, 0.98]];
    let paper = tints[(r.next() * 4.0) as usize % 4];
    let pen: [f64; 3] = [r.range(0.0, 0.25), r.range(0.0, 0.25), r.range(0.05, 0.35)];
    let noise = r.range(0.0, 0.04);
    let mut noise_draws = Draws::new(index as u64 ^ 0xABCD);
    let rgb: Vec<[f64; 3]> = page
        .iter()
        .map(|&a| {
            let n = (noise_draws.next() - 0.5) * 2.0 * noise;
            [0, 1, 2].map(|c| (paper[c] * (1.0 - a) + pen[c] * a + n).clamp(0.0, 1.0))
        })
        .collect();
    let format = FORMATS[index % FORMATS.len()];
    let (w, h) = (page_w as u32, page_h as u32);
    let grey = |c: &[f64; 3]| 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
    let image = match format {
        "png-grey" | "pnm" | "gif" | "tiff" => DynamicImage::ImageLuma8(ImageBuffer::from_fn(w, h, |x, y| {
            Luma([(grey(&rgb[(y * w + x) as usize]) * 255.0).round() as u8])
        })),
        "png16" => DynamicImage::ImageLuma16(ImageBuffer::from_fn(w, h, |x, y| {
            Luma([(grey(&rgb[(y * w + x) as usize]) * 65535.0).round() as u16])
        })),
        // A canvas export: transparent background, the pen's colour in the strokes' alpha.
        "png-alpha" | "webp" => DynamicImage::ImageRgba8(ImageBuffer::from_fn(w, h, |x, y| {
            let a = page[(y * w + x) as usize];
            Rgba([(pen[0] * 255.0) as u8, (pen[1] * 255.0) as u8, (pen[2] * 255.0) as u8, (a * 255.0).round() as u8])
        })),
        _ => DynamicImage::ImageRgb8(ImageBuffer::from_fn(w, h, |x, y| {
            Rgb(rgb[(y * w + x) as usize].map(|v| (v * 255.0).round() as u8))
        })),
    };
    let mut bytes = Vec::new();
    let mut cursor = std::io::Cursor::new(&mut bytes);
    let extension = match format {
        "jpg" => {
            let quality = (75.0 + r.next() * 15.0) as u8;
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut cursor, quality);
            image.write_with_encoder(encoder).unwrap();
            "jpg"
        }
        "bmp" => save(&image, &mut cursor, ImageFormat::Bmp, "bmp"),
        "webp" => save(&image, &mut cursor, ImageFormat::WebP, "webp"),
        "tiff" => save(&image, &mut cursor, ImageFormat::Tiff, "tiff"),
        "pnm" => save(&image, &mut cursor, ImageFormat::Pnm, "pgm"),
        "gif" => save(&DynamicImage::ImageRgba8(image.to_rgba8()), &mut cursor, ImageFormat::Gif, "gif"),
        _ => save(&image, &mut cursor, ImageFormat::Png, "png"),
    };
    (bytes, extension)
}

fn save(image: &DynamicImage, out: &mut std::io::Cursor<&mut Vec<u8>>, format: ImageFormat, extension: &'static str) -> &'static str {
    image.write_to(out, format).unwrap();
    extension
}

fn bilinear(digit: &[u8; 784], x: f64, y: f64) -> f64 {
    let at = |xi: isize, yi: isize| if (0..28).contains(&xi) && (0..28).contains(&yi) { digit[(yi * 28 + xi) as usize] as f64 } else { 0.0 };
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (xi, yi) = (x0 as isize, y0 as isize);
    let top = at(xi, yi) * (1.0 - fx) + at(xi + 1, yi) * fx;
    let bottom = at(xi, yi + 1) * (1.0 - fx) + at(xi + 1, yi + 1) * fx;
    top * (1.0 - fy) + bottom * fy
}

fn filter(ink: &[f64], side: usize, radius: isize, pick: fn(f64, f64) -> f64) -> Vec<f64> {
    let mut out = ink.to_vec();
    for y in 0..side as isize {
        for x in 0..side as isize {
            let mut v = ink[(y * side as isize + x) as usize];
            for dy in -radius..=radius {
                for dx in -radius..=radius {
                    let (nx, ny) = (x + dx, y + dy);
                    if (0..side as isize).contains(&nx) && (0..side as isize).contains(&ny) && dx * dx + dy * dy <= radius * radius {
                        v = pick(v, ink[(ny * side as isize + nx) as usize]);
                    }
                }
            }
            out[(y * side as isize + x) as usize] = v;
        }
    }
    out
}

/// Decodes a file's bytes into straight RGBA in 0..1, as `ann predict` does.
pub fn decode_rgba_f32(bytes: &[u8]) -> (usize, usize, Vec<f32>) {
    let image = image::load_from_memory(bytes).unwrap().to_rgba32f();
    (image.width() as usize, image.height() as usize, image.into_raw())
}
