//! Data augmentation: each training image, each epoch, moved a little (shifted, rotated,
//! scaled) as handwriting varies, so the network learns digits rather than MNIST's exact
//! placement. Every draw comes from (seed, epoch, sample), so runs stay reproducible and a
//! resumed run sees the very images the uninterrupted one would.
use serde::{Deserialize, Serialize};

use crate::PIXELS;

const SIDE: usize = 28;

/// The `[data.augment]` table; absent, training images are used as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Augment {
    /// Largest shift in pixels, in x and in y (uniform in ±shift).
    pub shift: f64,
    /// Largest rotation in degrees (uniform in ±rotate).
    pub rotate: f64,
    /// Largest relative change of size (uniform in ±scale; 0.1 is 90%..110%).
    pub scale: f64,
}

impl Default for Augment {
    fn default() -> Self {
        Self { shift: 2.5, rotate: 12.0, scale: 0.12 }
    }
}

impl Augment {
    /// Which key is out of range, its value and the allowed range.
    pub fn invalid(&self) -> Option<(&'static str, f64, &'static str)> {
        let ok = |v: f64, max: f64| v.is_finite() && (0.0..=max).contains(&v);
        if !ok(self.shift, 10.0) {
            return Some(("data.augment.shift", self.shift, "must be in [0, 10] pixels"));
        }
        if !ok(self.rotate, 90.0) {
            return Some(("data.augment.rotate", self.rotate, "must be in [0, 90] degrees"));
        }
        if !ok(self.scale, 0.5) {
            return Some(("data.augment.scale", self.scale, "must be in [0, 0.5]"));
        }
        None
    }

    /// Writes the distorted `image` (raw bytes) into `out`, scaled to 0..1, for this
    /// (seed, epoch, sample): an affine map about the centre, sampled bilinearly.
    pub fn apply(&self, image: &[u8], seed: u64, epoch: usize, sample: usize, out: &mut Vec<f32>) {
        let mut draw = Draws(seed ^ (epoch as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (sample as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F));
        let (dx, dy) = (draw.symmetric(self.shift), draw.symmetric(self.shift));
        let angle = draw.symmetric(self.rotate).to_radians();
        let zoom = 1.0 + draw.symmetric(self.scale);
        // The inverse map: for each output pixel, where it comes from in the original.
        let (sin, cos) = (angle.sin() / zoom, angle.cos() / zoom);
        let centre = (SIDE as f64 - 1.0) / 2.0;
        for y in 0..SIDE {
            for x in 0..SIDE {
                let (u, v) = (x as f64 - centre - dx, y as f64 - centre - dy);
                let sx = cos * u + sin * v + centre;
                let sy = -sin * u + cos * v + centre;
                out.push(bilinear(image, sx, sy) / 255.0);
            }
        }
    }
}

/// The pixel value at a fractional position; outside the image is background (0).
fn bilinear(image: &[u8], x: f64, y: f64) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let at = |xi: f64, yi: f64| -> f64 {
        if xi < 0.0 || yi < 0.0 || xi >= SIDE as f64 || yi >= SIDE as f64 {
            0.0
        } else {
            image[yi as usize * SIDE + xi as usize] as f64
        }
    };
    let top = at(x0, y0) * (1.0 - fx) + at(x0 + 1.0, y0) * fx;
    let bottom = at(x0, y0 + 1.0) * (1.0 - fx) + at(x0 + 1.0, y0 + 1.0) * fx;
    (top * (1.0 - fy) + bottom * fy) as f32
}

/// splitmix64: a tiny, well-mixed stream from one 64-bit state.
struct Draws(u64);

impl Draws {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [−max, max].
    fn symmetric(&mut self, max: f64) -> f64 {
        (self.next() * 2.0 - 1.0) * max
    }
}

const _: () = assert!(SIDE * SIDE == PIXELS);

#[cfg(test)]
mod tests {
    use super::*;

    fn digit() -> Vec<u8> {
        // A filled square in the middle: moves are easy to see in its centre of mass.
        (0..PIXELS).map(|i| if (10..18).contains(&(i % SIDE)) && (10..18).contains(&(i / SIDE)) { 255 } else { 0 }).collect()
    }

    fn centre_of_mass(img: &[f32]) -> (f64, f64) {
        let total: f64 = img.iter().map(|&v| v as f64).sum();
        let x = img.iter().enumerate().map(|(i, &v)| (i % SIDE) as f64 * v as f64).sum::<f64>() / total;
        let y = img.iter().enumerate().map(|(i, &v)| (i / SIDE) as f64 * v as f64).sum::<f64>() / total;
        (x, y)
    }

    #[test]
    fn zero_distortion_is_the_identity() {
        let a = Augment { shift: 0.0, rotate: 0.0, scale: 0.0 };
        let mut out = Vec::new();
        a.apply(&digit(), 1, 1, 0, &mut out);
        let expected: Vec<f32> = digit().iter().map(|&p| p as f32 / 255.0).collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn the_same_seed_epoch_and_sample_give_the_same_image_and_others_differ() {
        let a = Augment::default();
        let run = |seed, epoch, sample| {
            let mut out = Vec::new();
            a.apply(&digit(), seed, epoch, sample, &mut out);
            out
        };
        assert_eq!(run(7, 3, 11), run(7, 3, 11));
        assert_ne!(run(7, 3, 11), run(7, 4, 11));
        assert_ne!(run(7, 3, 11), run(7, 3, 12));
        assert_ne!(run(7, 3, 11), run(8, 3, 11));
    }

    #[test]
    fn shifts_stay_within_the_configured_range() {
        let a = Augment { shift: 2.0, rotate: 0.0, scale: 0.0 };
        let (cx, cy) = centre_of_mass(&digit().iter().map(|&p| p as f32).collect::<Vec<_>>());
        let mut moved = 0;
        for sample in 0..200 {
            let mut out = Vec::new();
            a.apply(&digit(), 5, 1, sample, &mut out);
            let (x, y) = centre_of_mass(&out);
            assert!((x - cx).abs() <= 2.0 + 1e-6 && (y - cy).abs() <= 2.0 + 1e-6, "moved to ({x}, {y})");
            moved += ((x - cx).abs() > 0.5) as usize;
        }
        assert!(moved > 50, "only {moved} of 200 images moved noticeably");
    }

    #[test]
    fn out_of_range_values_are_named() {
        assert_eq!(Augment { rotate: 200.0, ..Default::default() }.invalid().unwrap().0, "data.augment.rotate");
        assert_eq!(Augment { shift: f64::NAN, ..Default::default() }.invalid().unwrap().0, "data.augment.shift");
        assert!(Augment::default().invalid().is_none());
    }
}
