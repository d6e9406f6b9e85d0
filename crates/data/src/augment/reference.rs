//! The distortions as first written: per pixel, in f64, allocating as they go. Slow (about
//! four times the time of [`Augment::apply`]) but plain; the tests hold the fast version
//! equal to it to f32 rounding, draw for draw.
use crate::PIXELS;
use crate::rng::SplitMix;

use super::{Augment, Draws};

const SIDE: usize = 28;

pub fn apply(a: &Augment, image: &[u8], seed: u64, epoch: usize, sample: usize, out: &mut Vec<f32>) {
    let mut draw = Draws(SplitMix::new(crate::order::epoch_stream(seed, epoch) ^ (sample as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)));
    let (dx, dy) = (draw.symmetric(a.shift), draw.symmetric(a.shift));
    let angle = draw.symmetric(a.rotate).to_radians();
    let zoom = 1.0 + draw.symmetric(a.scale);
    // Drawn after the affine values, and only when asked for, so that configs without
    // them keep their exact images.
    let pen = if a.stroke > 0.0 { draw.symmetric(a.stroke) } else { 0.0 };
    let field = (a.elastic > 0.0).then(|| Field::draw(&mut draw, a.elastic));
    let slant = if a.shear > 0.0 { draw.symmetric(a.shear) } else { 0.0 };
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


const _: () = assert!(SIDE * SIDE == PIXELS);

