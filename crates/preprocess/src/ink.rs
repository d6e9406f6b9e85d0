//! From colours to ink strength: the paper found from the border (and, with even lighting,
//! around every pixel), dark ink on light paper inverted, faint strokes stretched to full.
use crate::picture::{Options, PreprocessError, Rgba};

/// Ink below this fraction of the strong strokes is paper texture, noise or shadow.
const NOISE: f32 = 0.2;
/// A picture whose darkest ink differs from the paper by less than this is uniform.
const MIN_CONTRAST: f32 = 0.08;

/// Ink strength per pixel, 0 (paper) to 1 (a strong stroke), whatever the polarity.
pub(crate) fn ink(picture: &Rgba, options: &Options) -> Result<Vec<f32>, PreprocessError> {
    let (width, height) = (picture.width, picture.height);
    // Transparent pixels are paper: a canvas exported with alpha is composited onto white.
    let grey: Vec<f32> = picture
        .data
        .chunks_exact(4)
        .map(|p| {
            let luma = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
            p[3] * luma + (1.0 - p[3])
        })
        .collect();
    // The paper is what the border shows; dark ink on light paper is inverted, MNIST-style
    // white on black is taken as it is.
    let frame = ((width.min(height) as f32 * 0.03).ceil() as usize).max(1);
    let mut border: Vec<f32> = (0..height)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .filter(|&(x, y)| x < frame || y < frame || x + frame >= width || y + frame >= height)
        .map(|(x, y)| grey[y * width + x])
        .collect();
    border.sort_by(f32::total_cmp);
    let paper = border[border.len() / 2];
    let light_paper = paper >= 0.5;
    let mut ink: Vec<f32> = if light_paper && options.even_lighting {
        // Darkness relative to the paper around each pixel: light falls off multiplicatively,
        // so a pen in a shadow is as dark, relative to its paper, as in full light.
        let local = paper_level(&grey, width, height, paper);
        grey.iter().zip(&local).map(|(&g, &p)| ((p - g) / p).max(0.0)).collect()
    } else {
        grey.iter().map(|&g| if light_paper { paper - g } else { g - paper }.max(0.0)).collect()
    };
    // Full strength is what the strong strokes reach (a high percentile, robust to a few
    // outliers), so a faint pencil on grey paper gives the same strokes as a marker.
    let mut sorted: Vec<f32> = ink.iter().copied().filter(|&v| v > 0.0).collect();
    if sorted.is_empty() {
        return Err(PreprocessError::NoInk);
    }
    sorted.sort_by(f32::total_cmp);
    let strong = sorted[((sorted.len() - 1) as f32 * 0.99) as usize].max(sorted[sorted.len() - 1] * 0.5);
    if strong < MIN_CONTRAST {
        return Err(PreprocessError::NoInk);
    }
    for v in &mut ink {
        *v = (*v / strong).min(1.0);
    }
    if options.remove_rules {
        remove_rules(&mut ink, width, height);
    }
    // Below NOISE is paper texture or JPEG ringing; the rest is stretched back to 0..1 so
    // that anti-aliased edges keep their gradation.
    for v in &mut ink {
        *v = ((*v - NOISE) / (1.0 - NOISE)).max(0.0);
    }
    Ok(ink)
}

/// The paper's brightness around every pixel: the bright end (90th percentile) of each cell
/// of a 16 × 16 grid, the brightest of its neighbours (a cell may lie inside a thick stroke),
/// smoothed and interpolated. Never below 55% of the border's paper, so that a digit filling
/// the page is not taken for a shadow.
fn paper_level(grey: &[f32], width: usize, height: usize, paper: f32) -> Vec<f32> {
    let cell = (width.max(height).div_ceil(16)).max(4);
    let (gw, gh) = (width.div_ceil(cell), height.div_ceil(cell));
    const BINS: usize = 256;
    let mut histograms = vec![[0u32; BINS]; gw * gh];
    for y in 0..height {
        for x in 0..width {
            let bin = ((grey[y * width + x].clamp(0.0, 1.0) * (BINS - 1) as f32).round()) as usize;
            histograms[(y / cell) * gw + x / cell][bin] += 1;
        }
    }
    let bright: Vec<f32> = histograms
        .iter()
        .map(|h| {
            let total: u32 = h.iter().sum();
            let mut below = 0;
            for (bin, &count) in h.iter().enumerate() {
                below += count;
                if below as f32 >= 0.9 * total as f32 {
                    return bin as f32 / (BINS - 1) as f32;
                }
            }
            1.0
        })
        .collect();
    let neighbourhood = |field: &[f32], pick: fn(f32, f32) -> f32, start: f32, mean: bool| -> Vec<f32> {
        let mut out = vec![0.0; gw * gh];
        for cy in 0..gh {
            for cx in 0..gw {
                let (mut acc, mut n) = (start, 0.0);
                for ny in cy.saturating_sub(1)..(cy + 2).min(gh) {
                    for nx in cx.saturating_sub(1)..(cx + 2).min(gw) {
                        acc = pick(acc, field[ny * gw + nx]);
                        n += 1.0;
                    }
                }
                out[cy * gw + cx] = if mean { acc / n } else { acc };
            }
        }
        out
    };
    let brightest = neighbourhood(&bright, f32::max, 0.0, false);
    let smooth = neighbourhood(&brightest, |a, b| a + b, 0.0, true);
    let floor = (paper * 0.55).max(1e-3);
    let mut out = vec![0.0; width * height];
    for y in 0..height {
        let v = ((y as f32 + 0.5) / cell as f32 - 0.5).clamp(0.0, (gh - 1) as f32);
        let (ya, fy) = (v.floor() as usize, v - v.floor());
        let yb = (ya + 1).min(gh - 1);
        for x in 0..width {
            let u = ((x as f32 + 0.5) / cell as f32 - 0.5).clamp(0.0, (gw - 1) as f32);
            let (xa, fx) = (u.floor() as usize, u - u.floor());
            let xb = (xa + 1).min(gw - 1);
            let top = smooth[ya * gw + xa] * (1.0 - fx) + smooth[ya * gw + xb] * fx;
            let bottom = smooth[yb * gw + xa] * (1.0 - fx) + smooth[yb * gw + xb] * fx;
            out[y * width + x] = (top * (1.0 - fy) + bottom * fy).max(floor);
        }
    }
    out
}

/// Ruled and squared paper: a printed line darkens almost all of its row (or column) a
/// little, a digit's stroke only part of it. A row's level is the ink nine tenths of it have
/// (its 10th percentile, so a digit filling the page is still no line), and so is a column's,
/// both read from the page as it is (a row's line must not hide a column's); they are divided
/// out as filters laid over the page would be, 1 − v = (1 − stroke)(1 − row)(1 − column): the
/// lines go, a stroke crossing them keeps its strength. A level within paper noise is no line,
/// and one above half a strong stroke is a digit's bar: both count as 0.
fn remove_rules(ink: &mut [f32], width: usize, height: usize) {
    const MOST: f32 = 0.1;
    const FAINT: f32 = 0.05;
    const BAR: f32 = 0.5;
    let level = |mut line: Vec<f32>| {
        let level = quantile(&mut line, MOST);
        if (FAINT..BAR).contains(&level) { level } else { 0.0 }
    };
    let rows: Vec<f32> = (0..height).map(|y| level(ink[y * width..(y + 1) * width].to_vec())).collect();
    let columns: Vec<f32> = (0..width).map(|x| level((0..height).map(|y| ink[y * width + x]).collect())).collect();
    if rows.iter().chain(&columns).all(|&l| l == 0.0) {
        return;
    }
    for (y, row) in ink.chunks_exact_mut(width).enumerate() {
        for (v, column) in row.iter_mut().zip(&columns) {
            *v = (1.0 - (1.0 - *v) / ((1.0 - rows[y]) * (1.0 - column))).max(0.0);
        }
    }
}

/// The `q`-quantile of `values` (reordered in place).
fn quantile(values: &mut [f32], q: f32) -> f32 {
    let k = ((values.len() - 1) as f32 * q) as usize;
    *values.select_nth_unstable_by(k, f32::total_cmp).1
}
