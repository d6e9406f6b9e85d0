//! Data augmentation: each training image, each epoch, moved a little (shifted, rotated,
//! scaled), written with a thicker or thinner pen and elastically distorted (Simard, Steinkraus
//! and Platt 2003) as handwriting varies, so the network learns digits rather than MNIST's
//! exact placement, pen and hand. Every draw comes from (seed, epoch, sample), so runs stay
//! reproducible and a resumed run sees the very images the uninterrupted one would.
use serde::{Deserialize, Serialize};

use ann_preprocess::unit;

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
    /// the centre, sampled bilinearly. In f32 on the stack: nothing is allocated but `out`'s
    /// growth, and the sampling has no branches, so an image costs a few µs.
    pub fn apply(&self, image: &[u8], seed: u64, epoch: usize, sample: usize, out: &mut Vec<f32>) {
        let mut draw = Draws(SplitMix::new(crate::order::epoch_stream(seed, epoch) ^ (sample as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)));
        let (dx, dy) = (draw.symmetric(self.shift), draw.symmetric(self.shift));
        let angle = draw.symmetric(self.rotate).to_radians();
        let zoom = 1.0 + draw.symmetric(self.scale);
        // Drawn after the affine values, and only when asked for, so that configs without
        // them keep their draws.
        let pen = if self.stroke > 0.0 { draw.symmetric(self.stroke) } else { 0.0 };
        let field = if self.elastic > 0.0 { Field::draw(&mut draw, self.elastic) } else { Field::NONE };
        let slant = if self.shear > 0.0 { draw.symmetric(self.shear) } else { 0.0 } as f32;
        let mut source = Padded::new(image);
        if pen != 0.0 {
            source.change_pen(pen as f32);
        }
        // The inverse map: for each output pixel, where it comes from in the original.
        let (sin, cos) = ((angle.sin() / zoom) as f32, (angle.cos() / zoom) as f32);
        let map = Map { sin, cos, slant, dx: dx as f32, dy: dy as f32 };
        out.reserve(PIXELS);
        // A row at a time, in arrays: every step but the four reads of the neighbours is the
        // same arithmetic on 28 numbers, which the compiler turns into vector instructions.
        for (y, &(iy, wy)) in KNOTS_AT.iter().enumerate() {
            let (ex, ey) = field.row(iy, wy);
            let (sx, sy) = map.sources(y as f32, &ex, &ey);
            out.extend_from_slice(&source.bilinear_row(&sx, &sy));
        }
    }
}

/// Where each output pixel comes from: the elastic field added, then the affine map about the
/// centre undone (rotation and size, then the slant: the writer's, applied first).
struct Map {
    sin: f32,
    cos: f32,
    slant: f32,
    dx: f32,
    dy: f32,
}

impl Map {
    /// The source positions of row `y`'s pixels, displaced by `(ex, ey)`.
    fn sources(&self, y: f32, ex: &Row, ey: &Row) -> (Row, Row) {
        let Map { sin, cos, slant, dx, dy } = *self;
        let centre = (SIDE as f32 - 1.0) / 2.0;
        let (mut sx, mut sy) = ([0.0; SIDE], [0.0; SIDE]);
        for x in 0..SIDE {
            let (u, v) = (x as f32 + ex[x] - centre - dx, y + ey[x] - centre - dy);
            let (rx, ry) = (cos * u + sin * v, -sin * u + cos * v);
            (sx[x], sy[x]) = (rx - slant * ry + centre, ry + centre);
        }
        (sx, sy)
    }
}

/// One row of the image.
type Row = [f32; SIDE];

fn mix(a: f32, b: f32, t: f32) -> f32 {
    a * (1.0 - t) + b * t
}

/// Control points of the elastic field, 7 px apart over the 28×28 image (5 × 5 of them).
const KNOTS: usize = 5;
const KNOT_STEP: f32 = (SIDE as f32 - 1.0) / (KNOTS as f32 - 1.0);

/// A smooth random displacement field: (dx, dy) per control point.
struct Field([[(f32, f32); KNOTS]; KNOTS]);

impl Field {
    /// No displacement anywhere (every blend of zeros is exactly zero).
    const NONE: Field = Field([[(0.0, 0.0); KNOTS]; KNOTS]);

    fn draw(draw: &mut Draws, max: f64) -> Field {
        let mut knots = [[(0.0, 0.0); KNOTS]; KNOTS];
        for row in &mut knots {
            for knot in row.iter_mut() {
                *knot = (draw.symmetric(max) as f32, draw.symmetric(max) as f32);
            }
        }
        Field(knots)
    }

    /// The field along a row of pixels between the control rows `iy` and `iy + 1`, blended by
    /// `wy`: the field is a product of blends in y and in x, so a row is five columns of
    /// control points, each spread over the pixels by its weights in [`SPREAD`].
    fn row(&self, iy: usize, wy: f32) -> (Row, Row) {
        let k = &self.0;
        let (mut ex, mut ey) = ([0.0; SIDE], [0.0; SIDE]);
        for (i, weights) in SPREAD.iter().enumerate() {
            let (kx, ky) = (mix(k[iy][i].0, k[iy + 1][i].0, wy), mix(k[iy][i].1, k[iy + 1][i].1, wy));
            for x in 0..SIDE {
                ex[x] += kx * weights[x];
                ey[x] += ky * weights[x];
            }
        }
        (ex, ey)
    }
}

/// For each column (or row) of the image, the control point before it and the smooth-step
/// weight of the one after (so the field has no kinks along the grid lines): the same for
/// every image, worked out at compile time.
const KNOTS_AT: [(usize, f32); SIDE] = {
    let mut at = [(0, 0.0); SIDE];
    let mut i = 0;
    while i < SIDE {
        let g = i as f32 / KNOT_STEP;
        let k = if (g as usize) < KNOTS - 2 { g as usize } else { KNOTS - 2 };
        let t = g - k as f32;
        at[i] = (k, t * t * (3.0 - 2.0 * t));
        i += 1;
    }
    at
};

/// Each control column's weight at each pixel column: the smooth-step blend of [`KNOTS_AT`]
/// written as five rows, so a row of the field is five multiply-adds per pixel.
const SPREAD: [Row; KNOTS] = {
    let mut spread = [[0.0; SIDE]; KNOTS];
    let mut x = 0;
    while x < SIDE {
        let (k, t) = KNOTS_AT[x];
        spread[k][x] = 1.0 - t;
        spread[k + 1][x] = t;
        x += 1;
    }
    spread
};

/// Background pixels around the image: two, so that a position clamped into the border
/// samples only background, and sampling needs no branches.
const BORDER: usize = 2;
const WIDE: usize = SIDE + 2 * BORDER;
/// The farthest top-left neighbour a clamped position reads: its right and lower neighbours
/// are the padded image's last pixels.
const LAST: usize = (SIDE + BORDER) * (WIDE + 1);
const _: () = assert!(LAST + WIDE + 1 == WIDE * WIDE - 1);

/// The image scaled to 0..1, with a border of background around it.
struct Padded([f32; WIDE * WIDE]);

impl Padded {
    fn new(image: &[u8]) -> Padded {
        let mut padded = [0.0; WIDE * WIDE];
        for (y, row) in image.chunks_exact(SIDE).enumerate() {
            let start = (y + BORDER) * WIDE + BORDER;
            padded[start..start + SIDE].iter_mut().zip(row).for_each(|(to, &p)| *to = unit(p));
        }
        Padded(padded)
    }

    /// The pixel values at the fractional positions `(xs, ys)`; outside the image is
    /// background (0).
    fn bilinear_row(&self, xs: &Row, ys: &Row) -> Row {
        let (mut at, mut fx, mut fy) = ([0usize; SIDE], [0.0; SIDE], [0.0; SIDE]);
        for i in 0..SIDE {
            // A pixel or more outside, all four neighbours are background, as they are at the
            // clamped position: the same value, without a branch.
            // Written as comparisons (one vector max and min): a NaN, which no valid config
            // makes, fails the first and becomes the border.
            let clamp = |v: f32| {
                let v = if v > -(BORDER as f32) { v } else { -(BORDER as f32) };
                (if v < SIDE as f32 { v } else { SIDE as f32 }) + BORDER as f32
            };
            let (x, y) = (clamp(xs[i]), clamp(ys[i]));
            // x, y ≥ 0: truncation is the floor (and no call into libm).
            // SAFETY: x and y are in [0, WIDE − 2] after the clamp (never NaN), so the i32 is
            // exact; the unchecked conversion is one vector instruction, the checked one is
            // a branch per pixel.
            let (xi, yi): (i32, i32) = unsafe { (x.to_int_unchecked(), y.to_int_unchecked()) };
            (fx[i], fy[i]) = (x - xi as f32, y - yi as f32);
            // Never above LAST (the clamp saw to it); the `min` tells the compiler so, and the
            // reads below need no bounds checks.
            at[i] = ((yi * WIDE as i32 + xi) as usize).min(LAST);
        }
        let p = &self.0;
        let mut row = [0.0; SIDE];
        for i in 0..SIDE {
            let top = mix(p[at[i]], p[at[i] + 1], fx[i]);
            let bottom = mix(p[at[i] + WIDE], p[at[i] + WIDE + 1], fx[i]);
            row[i] = mix(top, bottom, fy[i]);
        }
        row
    }

    /// A thicker (`radius` > 0) or thinner (< 0) pen: whole steps of grey-level dilation or
    /// erosion by a 3×3 cross, the fractional rest blended with one more step. Only the
    /// image's own pixels change; the border stays background.
    fn change_pen(&mut self, radius: f32) {
        // Monomorphised per direction, so the max or min is inlined into the loop.
        match radius > 0.0 {
            true => self.pen_steps(radius, f32::max),
            false => self.pen_steps(-radius, f32::min),
        }
    }

    fn pen_steps(&mut self, steps: f32, pick: impl Fn(f32, f32) -> f32) {
        let mut left = steps;
        while left > 0.0 {
            let t = left.min(1.0);
            let before = self.0;
            for y in BORDER..BORDER + SIDE {
                for i in y * WIDE + BORDER..y * WIDE + BORDER + SIDE {
                    let around = [before[i - 1], before[i + 1], before[i - WIDE], before[i + WIDE]];
                    let step = around.into_iter().fold(before[i], &pick);
                    self.0[i] = mix(before[i], step, t);
                }
            }
            left -= 1.0;
        }
    }
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
mod reference;

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
        let expected: Vec<f32> = digit().into_iter().map(unit).collect();
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

    #[test]
    fn the_distortions_equal_the_plain_per_pixel_ones_to_f32_rounding() {
        let noise: Vec<u8> = (0..PIXELS).map(|i| ((i * 7919 + i / 3) % 256) as u8).collect();
        // Ink up to the edges: what lies beyond them is background in both.
        let frame: Vec<u8> = (0..PIXELS).map(|i| if [0, SIDE - 1].contains(&(i % SIDE)) || [0, SIDE - 1].contains(&(i / SIDE)) { 200 } else { 0 }).collect();
        let recipes = [
            Augment::default(),
            Augment { shift: 2.0, rotate: 10.0, scale: 0.1, stroke: 0.4, elastic: 1.5, shear: 0.25 },
            // The largest of everything: thinner by more than a step, far outside the image.
            Augment { shift: 10.0, rotate: 90.0, scale: 0.5, stroke: 2.0, elastic: 5.0, shear: 1.0 },
        ];
        for (r, a) in recipes.iter().enumerate() {
            for (name, image) in [("square", digit()), ("bar", bar()), ("noise", noise.clone()), ("frame", frame.clone())] {
                for sample in 0..40 {
                    let (mut fast, mut plain) = (Vec::new(), Vec::new());
                    a.apply(&image, 3, 2, sample, &mut fast);
                    reference::apply(a, &image, 3, 2, sample, &mut plain);
                    assert_eq!(fast.len(), plain.len());
                    let worst = fast.iter().zip(&plain).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max);
                    assert!(worst < 1e-5, "recipe {r}, {name}, sample {sample}: differs by {worst}");
                }
            }
        }
    }
}
