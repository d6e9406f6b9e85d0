//! Data augmentation: each training image, each epoch, moved a little (shifted, rotated,
//! scaled), written with a thicker or thinner pen and elastically distorted (Simard, Steinkraus
//! and Platt 2003) as handwriting varies, so the network learns digits rather than MNIST's
//! exact placement, pen and hand. Every draw comes from (seed, epoch, sample), so runs stay
//! reproducible and a resumed run sees the very images the uninterrupted one would.
use serde::{Deserialize, Serialize};

use crate::PIXELS;
use crate::rng::SplitMix;

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
    /// Largest change of the pen's radius in pixels (uniform in ±stroke): grey-level dilation
    /// (thicker) or erosion (thinner) by a cross, fractional steps blended.
    pub stroke: f64,
    /// Largest elastic displacement in pixels: a smooth random field of displacements, drawn
    /// uniformly in ±elastic at control points 7 px apart and interpolated smoothly between
    /// them (Simard's Gaussian-smoothed field at the scale of σ ≈ 4 px, for a fraction of
    /// the cost of smoothing a field per image).
    pub elastic: f64,
    /// Largest slant, as x moved per pixel of height (uniform in ±shear; 0.2 leans a digit's
    /// top 2 px to the side for every 10 px): writers slant their hand, and MNIST kept it.
    pub shear: f64,
}

impl Default for Augment {
    // Pen, elastic and slant changes are off unless named, so a config written before they existed
    // still trains on the very images it did.
    fn default() -> Self {
        Self { shift: 2.5, rotate: 12.0, scale: 0.12, stroke: 0.0, elastic: 0.0, shear: 0.0 }
    }
}

impl Augment {
    /// Which key is out of range, its value and the allowed range.
    pub fn invalid(&self) -> Option<(&'static str, f64, &'static str)> {
        let limits = [
            ("data.augment.shift", self.shift, 10.0, "must be in [0, 10] pixels"),
            ("data.augment.rotate", self.rotate, 90.0, "must be in [0, 90] degrees"),
            ("data.augment.scale", self.scale, 0.5, "must be in [0, 0.5]"),
            ("data.augment.stroke", self.stroke, 2.0, "must be in [0, 2] pixels"),
            ("data.augment.elastic", self.elastic, 5.0, "must be in [0, 5] pixels"),
            ("data.augment.shear", self.shear, 1.0, "must be in [0, 1] (x per pixel of height)"),
        ];
        let ok = |v: f64, max: f64| v.is_finite() && (0.0..=max).contains(&v);
        limits.into_iter().find(|&(_, v, max, _)| !ok(v, max)).map(|(key, v, _, allowed)| (key, v, allowed))
    }

    /// Writes the distorted `image` (raw bytes) into `out`, scaled to 0..1, for this
    /// (seed, epoch, sample): the pen changed, then an elastic field and an affine map about
    /// the centre, sampled bilinearly.
    pub fn apply(&self, image: &[u8], seed: u64, epoch: usize, sample: usize, out: &mut Vec<f32>) {
        let mut draw = Draws(SplitMix::new(crate::order::epoch_stream(seed, epoch) ^ (sample as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)));
        let (dx, dy) = (draw.symmetric(self.shift), draw.symmetric(self.shift));
        let angle = draw.symmetric(self.rotate).to_radians();
        let zoom = 1.0 + draw.symmetric(self.scale);
        // Drawn after the affine values, and only when asked for, so that configs without
        // them keep their exact images.
        let pen = if self.stroke > 0.0 { draw.symmetric(self.stroke) } else { 0.0 };
        let field = (self.elastic > 0.0).then(|| Field::draw(&mut draw, self.elastic));
        let slant = if self.shear > 0.0 { draw.symmetric(self.shear) } else { 0.0 };
        let mut source: Vec<f64> = image.iter().map(|&p| p as f64).collect();
        if pen != 0.0 {
            source = change_pen(&source, pen);
        }
        let source = Padded::new(&source);
        // The inverse map: for each output pixel, where it comes from in the original.
        let (sin, cos) = (angle.sin() / zoom, angle.cos() / zoom);
        let centre = (SIDE as f64 - 1.0) / 2.0;
        let knots = Knots::new();
        out.reserve(PIXELS);
        for y in 0..SIDE {
            for x in 0..SIDE {
                let (ex, ey) = field.as_ref().map_or((0.0, 0.0), |f| f.at(knots.0[x], knots.0[y]));
                let (u, v) = (x as f64 + ex - centre - dx, y as f64 + ey - centre - dy);
                // Rotation and size undone, then the slant (the writer's, applied first).
                let (rx, ry) = (cos * u + sin * v, -sin * u + cos * v);
                let (sx, sy) = (rx - slant * ry + centre, ry + centre);
                out.push(source.bilinear(sx, sy) / 255.0);
            }
        }
    }
}

/// Control points of the elastic field, 7 px apart over the 28×28 image (5 × 5 of them).
const KNOTS: usize = 5;
const KNOT_STEP: f64 = (SIDE as f64 - 1.0) / (KNOTS as f64 - 1.0);

/// A smooth random displacement field: (dx, dy) per control point.
struct Field([[(f64, f64); KNOTS]; KNOTS]);

impl Field {
    fn draw(draw: &mut Draws, max: f64) -> Field {
        let mut knots = [[(0.0, 0.0); KNOTS]; KNOTS];
        for row in &mut knots {
            for knot in row.iter_mut() {
                *knot = (draw.symmetric(max), draw.symmetric(max));
            }
        }
        Field(knots)
    }

    /// The displacement at the pixel whose column and row are `(ix, fx)` and `(iy, fy)` in
    /// [`Knots`]: the four nearest control points, blended with a smooth step so the field has
    /// no kinks along the grid lines.
    fn at(&self, (ix, fx): (usize, f64), (iy, fy): (usize, f64)) -> (f64, f64) {
        let k = &self.0;
        let mix = |a: f64, b: f64, t: f64| a * (1.0 - t) + b * t;
        let top = (mix(k[iy][ix].0, k[iy][ix + 1].0, fx), mix(k[iy][ix].1, k[iy][ix + 1].1, fx));
        let bottom = (mix(k[iy + 1][ix].0, k[iy + 1][ix + 1].0, fx), mix(k[iy + 1][ix].1, k[iy + 1][ix + 1].1, fx));
        (mix(top.0, bottom.0, fy), mix(top.1, bottom.1, fy))
    }
}

/// For each column (or row) of the image, the control point before it and the smooth-step
/// weight of the one after: the same for every image, so worked out once per image rather
/// than per pixel.
struct Knots([(usize, f64); SIDE]);

impl Knots {
    fn new() -> Knots {
        let smooth = |t: f64| t * t * (3.0 - 2.0 * t);
        Knots(std::array::from_fn(|i| {
            let g = i as f64 / KNOT_STEP;
            // g is never negative, so truncation is the floor (and no call into libm).
            let k = (g as usize).min(KNOTS - 2);
            (k, smooth(g - k as f64))
        }))
    }
}

/// The image with a border of background around it, so that sampling needs no bounds checks.
struct Padded([f64; (SIDE + 2) * (SIDE + 2)]);

impl Padded {
    fn new(image: &[f64]) -> Padded {
        let mut padded = [0.0; (SIDE + 2) * (SIDE + 2)];
        for (y, row) in image.chunks_exact(SIDE).enumerate() {
            padded[(y + 1) * (SIDE + 2) + 1..(y + 1) * (SIDE + 2) + 1 + SIDE].copy_from_slice(row);
        }
        Padded(padded)
    }

    /// The pixel value at a fractional position; outside the image is background (0).
    fn bilinear(&self, x: f64, y: f64) -> f32 {
        // Beyond a pixel outside, all four neighbours are background.
        if !(-1.0..SIDE as f64).contains(&x) || !(-1.0..SIDE as f64).contains(&y) {
            return 0.0;
        }
        // x, y ≥ −1: truncating x + 1 is the floor (and no call into libm).
        let (xi, yi) = ((x + 1.0) as usize, (y + 1.0) as usize);
        let (fx, fy) = (x - (xi as f64 - 1.0), y - (yi as f64 - 1.0));
        let at = |xi: usize, yi: usize| self.0[yi * (SIDE + 2) + xi];
        let top = at(xi, yi) * (1.0 - fx) + at(xi + 1, yi) * fx;
        let bottom = at(xi, yi + 1) * (1.0 - fx) + at(xi + 1, yi + 1) * fx;
        (top * (1.0 - fy) + bottom * fy) as f32
    }
}

/// A thicker (`radius` > 0) or thinner (< 0) pen: whole steps of grey-level dilation or
/// erosion by a 3×3 cross, the fractional rest blended with one more step.
fn change_pen(image: &[f64], radius: f64) -> Vec<f64> {
    let step = |img: &[f64]| -> Vec<f64> {
        let mut out = img.to_vec();
        for y in 0..SIDE {
            for x in 0..SIDE {
                let at = |xi: isize, yi: isize| {
                    if (0..SIDE as isize).contains(&xi) && (0..SIDE as isize).contains(&yi) { img[yi as usize * SIDE + xi as usize] } else { 0.0 }
                };
                let (xi, yi) = (x as isize, y as isize);
                let around = [at(xi - 1, yi), at(xi + 1, yi), at(xi, yi - 1), at(xi, yi + 1)];
                let centre = img[y * SIDE + x];
                out[y * SIDE + x] = around.iter().fold(centre, |v, &n| if radius > 0.0 { v.max(n) } else { v.min(n) });
            }
        }
        out
    };
    let mut current = image.to_vec();
    let mut left = radius.abs();
    while left > 0.0 {
        let next = step(&current);
        let t = left.min(1.0);
        current = current.iter().zip(&next).map(|(&a, &b)| a * (1.0 - t) + b * t).collect();
        left -= 1.0;
    }
    current
}

/// One image's draws.
struct Draws(SplitMix);

impl Draws {
    fn next(&mut self) -> f64 {
        self.0.unit()
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
        let a = Augment { shift: 0.0, rotate: 0.0, scale: 0.0, ..Default::default() };
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
        let a = Augment { shift: 2.0, rotate: 0.0, scale: 0.0, ..Default::default() };
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
        assert_eq!(Augment { stroke: 2.5, ..Default::default() }.invalid().unwrap().0, "data.augment.stroke");
        assert_eq!(Augment { elastic: -1.0, ..Default::default() }.invalid().unwrap().0, "data.augment.elastic");
        assert_eq!(Augment { shear: 1.5, ..Default::default() }.invalid().unwrap().0, "data.augment.shear");
        assert!(Augment::default().invalid().is_none());
    }

    fn run(a: &Augment, image: &[u8], sample: usize) -> Vec<f32> {
        let mut out = Vec::new();
        a.apply(image, 9, 2, sample, &mut out);
        out
    }

    /// A vertical bar three pixels wide: its pen width is easy to read from its ink.
    fn bar() -> Vec<u8> {
        (0..PIXELS).map(|i| if (13..16).contains(&(i % SIDE)) && (5..23).contains(&(i / SIDE)) { 255 } else { 0 }).collect()
    }

    #[test]
    fn the_pen_gets_thicker_and_thinner_within_the_configured_range() {
        let still = Augment { shift: 0.0, rotate: 0.0, scale: 0.0, ..Default::default() };
        let ink = |img: &[f32]| img.iter().map(|&v| v as f64).sum::<f64>();
        let base = ink(&run(&still, &bar(), 0));
        let a = Augment { stroke: 1.0, ..still.clone() };
        let (mut thicker, mut thinner) = (0, 0);
        for sample in 0..100 {
            let out = run(&a, &bar(), sample);
            let ratio = ink(&out) / base;
            // A radius change of one pixel is at most one column each side of a 3-wide bar
            // (plus its ends): between a third and about 1.9 times the ink.
            assert!((0.3..=1.9).contains(&ratio), "sample {sample}: ink ×{ratio}");
            thicker += (ratio > 1.2) as usize;
            thinner += (ratio < 0.8) as usize;
        }
        assert!(thicker > 20 && thinner > 20, "{thicker} thicker, {thinner} thinner of 100");
    }

    #[test]
    fn elastic_distortion_bends_the_digit_without_moving_it_far() {
        let a = Augment { shift: 0.0, rotate: 0.0, scale: 0.0, elastic: 2.0, ..Default::default() };
        let original: Vec<f32> = bar().iter().map(|&p| p as f32 / 255.0).collect();
        let (cx, cy) = centre_of_mass(&original);
        let mut changed = 0;
        for sample in 0..50 {
            let out = run(&a, &bar(), sample);
            let (x, y) = centre_of_mass(&out);
            assert!((x - cx).abs() <= 2.0 && (y - cy).abs() <= 2.0, "moved to ({x}, {y})");
            // Not a shift: the bar's columns no longer all hold the same ink.
            let column = |c: usize| (5..23).map(|r| out[r * SIDE + c]).collect::<Vec<_>>();
            let bent = (12..17).any(|c| {
                let col = column(c);
                let (lo, hi) = col.iter().fold((f32::MAX, f32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
                hi - lo > 0.3
            });
            changed += bent as usize;
        }
        assert!(changed > 40, "only {changed} of 50 bars bent");
    }

    #[test]
    fn pen_and_elastic_changes_are_drawn_from_seed_epoch_and_sample() {
        let a = Augment::default();
        let pen = Augment { stroke: 0.5, elastic: 1.0, ..Augment::default() };
        assert_eq!(run(&pen, &digit(), 3), run(&pen, &digit(), 3));
        assert_ne!(run(&pen, &digit(), 3), run(&a, &digit(), 3));
    }

    #[test]
    fn shear_slants_the_digit_within_the_configured_range_about_its_centre() {
        let a = Augment { shift: 0.0, rotate: 0.0, scale: 0.0, shear: 0.4, ..Default::default() };
        // Slant as the moments read it: x moved per pixel of height, μ11 / μ02.
        let slant = |img: &[f32]| {
            let (cx, cy) = centre_of_mass(img);
            let (mut xy, mut yy) = (0.0, 0.0);
            for (i, &v) in img.iter().enumerate() {
                let (x, y) = ((i % SIDE) as f64 - cx, (i / SIDE) as f64 - cy);
                xy += v as f64 * x * y;
                yy += v as f64 * y * y;
            }
            xy / yy
        };
        let original: Vec<f32> = bar().iter().map(|&p| p as f32 / 255.0).collect();
        let (cx, cy) = centre_of_mass(&original);
        let (mut left, mut right) = (0, 0);
        for sample in 0..100 {
            let out = run(&a, &bar(), sample);
            let s = slant(&out);
            assert!(s.abs() <= 0.4 + 0.02, "sample {sample}: slant {s}");
            let (x, y) = centre_of_mass(&out);
            assert!((x - cx).abs() < 0.5 && (y - cy).abs() < 0.5, "moved to ({x}, {y})");
            left += (s < -0.1) as usize;
            right += (s > 0.1) as usize;
        }
        assert!(left > 20 && right > 20, "{left} leaning one way, {right} the other, of 100");
        assert_eq!(slant(&original), 0.0);
    }
}
