//! The pen: its width measured with a distance transform, and the strokes redrawn thicker or
//! thinner (and, optionally, with MNIST's saturated cores and soft edges).
use crate::geometry::Image;
use crate::picture::Options;

/// The strokes of a working-resolution digit: which pixels are pen (half strength or more),
/// each pixel's distance to the other side of the stroke's edge, and the pen's width.
pub(crate) struct Strokes {
    inside: Vec<bool>,
    /// Inside: Euclidean distance to the nearest paper pixel; paper: to the nearest pen pixel.
    distance: Vec<f32>,
    /// Mean width across the strokes, in pixels.
    pub(crate) width: f32,
    /// Longer side of the pen pixels' box, in pixels.
    pub(crate) longer: f32,
}

impl Strokes {
    pub(crate) fn of(image: &Image) -> Strokes {
        let inside: Vec<bool> = image.data.iter().map(|&v| v >= 0.5).collect();
        let to_paper = distance_transform(&inside, image.width, image.height, false);
        let to_pen = distance_transform(&inside, image.width, image.height, true);
        let distance: Vec<f32> = inside.iter().enumerate().map(|(i, &pen)| if pen { to_paper[i] } else { to_pen[i] }).collect();
        // Across a stroke of w pixels the distances to paper run 1, 2, …, w/2, …, 2, 1: their
        // mean is w/4 + 1/2, so the mean over all pen pixels gives the pen's width, whatever
        // the strokes' length or shape (ends and joins bias it by well under a pixel).
        let (mut sum, mut count) = (0.0f64, 0usize);
        let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
        for (i, &pen) in inside.iter().enumerate() {
            if pen {
                sum += distance[i] as f64;
                count += 1;
                let (x, y) = (i % image.width, i / image.width);
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
        if count == 0 {
            return Strokes { inside, distance, width: 0.0, longer: 1.0 };
        }
        let width = (4.0 * (sum / count as f64) - 2.0).max(1.0) as f32;
        Strokes { inside, distance, width, longer: ((x1 - x0 + 1).max(y1 - y0 + 1)) as f32 }
    }
}

/// Thicker or thinner strokes, and MNIST's ink: the working image redrawn from the signed
/// distance to the strokes' edges. False when nothing needed redrawing.
pub(crate) fn redraw(image: &mut Image, options: &Options) -> bool {
    let strokes = Strokes::of(image);
    if strokes.width <= 0.0 || strokes.inside.iter().all(|&p| !p) {
        return false;
    }
    // Growing the pen by d on each side also grows the box by 2d, so the wanted width over
    // the longer side r solves (w + 2d) / (L + 2d) = r.
    let grow = match options.pen_band {
        Some((lo, hi)) => {
            let (w, l) = (strokes.width, strokes.longer);
            let r = (w / l).clamp(lo, hi);
            // Thinning never takes more than a third of the pen, which would cut thin parts.
            ((r * l - w) / (2.0 * (1.0 - r))).max(-w / 3.0)
        }
        None => 0.0,
    };
    if let Some(ramp) = options.ink_profile {
        // The edge lies half-way between a pen pixel and its paper neighbour; moved by `grow`
        // and ramped over `ramp` pixels, it gives saturated cores and soft edges.
        let ramp = ramp.max(1.0);
        for (i, v) in image.data.iter_mut().enumerate() {
            let signed = if strokes.inside[i] { strokes.distance[i] - 0.5 } else { 0.5 - strokes.distance[i] };
            *v = ((signed + grow) / ramp + 0.5).clamp(0.0, 1.0);
        }
        true
    } else if grow.abs() >= 0.5 {
        // Without redrawing, grey-level dilation or erosion keeps the picture's own shading.
        *image = morphology(image, grow);
        true
    } else {
        false
    }
}

/// Grey-level dilation (`radius` > 0) or erosion (< 0) by a disc.
fn morphology(image: &Image, radius: f32) -> Image {
    let r = radius.abs();
    let reach = r.ceil() as isize;
    let (w, h) = (image.width as isize, image.height as isize);
    let mut out = image.data.clone();
    for y in 0..h {
        for x in 0..w {
            let mut v = image.data[(y * w + x) as usize];
            for dy in -reach..=reach {
                for dx in -reach..=reach {
                    if ((dx * dx + dy * dy) as f32) > r * r {
                        continue;
                    }
                    let (nx, ny) = (x + dx, y + dy);
                    let n = if (0..w).contains(&nx) && (0..h).contains(&ny) { image.data[(ny * w + nx) as usize] } else { 0.0 };
                    v = if radius > 0.0 { v.max(n) } else { v.min(n) };
                }
            }
            out[(y * w + x) as usize] = v;
        }
    }
    Image { width: image.width, height: image.height, data: out }
}

/// Euclidean distance from every pixel to the nearest pixel whose `inside` equals `to`
/// (Felzenszwalb and Huttenlocher's two-pass lower envelope of parabolas, exact, linear time).
/// Outside the image counts as paper, so pen pixels always have a finite distance.
fn distance_transform(inside: &[bool], width: usize, height: usize, to: bool) -> Vec<f32> {
    const FAR: f32 = 1e12;
    let mut grid: Vec<f32> = inside.iter().map(|&p| if p == to { 0.0 } else { FAR }).collect();
    // When the outside is a target, each line gets one target sample past both ends.
    let pad = (!to) as usize;
    let n = width.max(height) + 2 * pad;
    let (mut f, mut d, mut v, mut z) = (vec![0.0f32; n], vec![0.0f32; n], vec![0usize; n], vec![0.0f32; n + 1]);
    let mut transform = |line: &mut [f32]| {
        let total = line.len() + 2 * pad;
        f[..pad].fill(0.0);
        f[pad..pad + line.len()].copy_from_slice(line);
        f[total - pad..total].fill(0.0);
        envelope(&f[..total], &mut d[..total], &mut v, &mut z);
        line.copy_from_slice(&d[pad..pad + line.len()]);
    };
    let mut column = vec![0.0f32; height];
    for x in 0..width {
        for y in 0..height {
            column[y] = grid[y * width + x];
        }
        transform(&mut column);
        for y in 0..height {
            grid[y * width + x] = column[y];
        }
    }
    for row in grid.chunks_exact_mut(width) {
        transform(row);
    }
    grid.iter().map(|&s| s.sqrt()).collect()
}

/// The 1-D squared distance transform of sampled function `f` into `d`.
fn envelope(f: &[f32], d: &mut [f32], v: &mut [usize], z: &mut [f32]) {
    let n = f.len();
    let mut k = 0usize;
    v[0] = 0;
    z[0] = f32::NEG_INFINITY;
    z[1] = f32::INFINITY;
    let parabola = |q: usize, p: usize| ((f[q] + (q * q) as f32) - (f[p] + (p * p) as f32)) / (2.0 * (q as f32 - p as f32));
    for q in 1..n {
        // z[0] is −∞, so this stops at k = 0 at the latest.
        let mut s = parabola(q, v[k]);
        while s <= z[k] {
            k -= 1;
            s = parabola(q, v[k]);
        }
        k += 1;
        v[k] = q;
        z[k] = s;
        z[k + 1] = f32::INFINITY;
    }
    let mut k = 0;
    for (q, out) in d.iter_mut().enumerate().take(n) {
        while z[k + 1] < q as f32 {
            k += 1;
        }
        let p = v[k];
        *out = (q as f32 - p as f32).powi(2) + f[p];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_distance_transform_is_exact_on_a_square() {
        // A 9×9 pen square in an 11×11 picture: a pixel's distance to paper is its distance to
        // the square's nearest edge pixel outside, plus one.
        let (w, h) = (11, 11);
        let inside: Vec<bool> = (0..w * h).map(|i| (1..10).contains(&(i % w)) && (1..10).contains(&(i / w))).collect();
        let d = distance_transform(&inside, w, h, false);
        assert_eq!(d[5 * w + 5], 5.0);
        assert_eq!(d[w + 1], 1.0);
        assert_eq!(d[0], 0.0);
        let out = distance_transform(&inside, w, h, true);
        assert_eq!(out[0], 2f32.sqrt(), "the corner is a diagonal step from the square");
        assert_eq!(out[5 * w + 5], 0.0);
    }

    #[test]
    fn the_pen_width_of_a_bar_is_its_width() {
        for bar in [4usize, 9, 16] {
            let (w, h) = (120, 80);
            let data: Vec<f32> = (0..w * h).map(|i| if (10..110).contains(&(i % w)) && (20..20 + bar).contains(&(i / w)) { 1.0 } else { 0.0 }).collect();
            let s = Strokes::of(&Image { width: w, height: h, data });
            assert!((s.width - bar as f32).abs() <= 0.1 * bar as f32 + 0.3, "bar {bar}: measured {}", s.width);
        }
    }
}
