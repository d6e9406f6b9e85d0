//! Where the digit is and how big: its bounding box, scaled so its longer side is MNIST's
//! 20 px (or the pen's working size), and centred by its centre of mass in 28×28.
use crate::picture::{PIXELS, PreprocessError, SIDE};

/// Longer side of the digit's box inside the 28×28 field, as MNIST made it.
const BOX: f32 = 20.0;
/// Ink above this fraction of full strength counts for the bounding box.
const BOX_THRESHOLD: f32 = 0.3;
/// The digit's longer side while its pen is measured and redrawn: four times MNIST's 20 px,
/// so that a pen of MNIST's width spans about ten pixels and the distance transform resolves
/// it, while a photo of millions of pixels costs no more than a small canvas.
const WORK: f32 = 80.0;

/// The ink's bounding box `(x0, y0, x1, y1)`, inclusive; a speck is not a digit.
pub(crate) fn bounding_box(ink: &[f32], width: usize, height: usize) -> Result<(usize, usize, usize, usize), PreprocessError> {
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    let mut inked = 0usize;
    for y in 0..height {
        for x in 0..width {
            if ink[y * width + x] > BOX_THRESHOLD {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
                inked += 1;
            }
        }
    }
    if inked == 0 {
        return Err(PreprocessError::NoInk);
    }
    // A digit spans a good part of the page it is drawn on; a dot on a canvas does not.
    let longer = (x1 - x0 + 1).max(y1 - y0 + 1);
    let min_side = (width.max(height) as f32 * 0.08).max(2.0) as usize;
    if longer < min_side || inked < 3 {
        return Err(PreprocessError::TooLittleInk);
    }
    Ok((x0, y0, x1, y1))
}

/// The box scaled so its longer side is 20 px.
pub(crate) fn fit(ink: &[f32], width: usize, bbox: (usize, usize, usize, usize)) -> Image {
    let (w, h) = ((bbox.2 - bbox.0 + 1) as f32, (bbox.3 - bbox.1 + 1) as f32);
    resize(ink, width, bbox, BOX / w.max(h))
}

/// The digit at the working resolution (longer side [`WORK`]), with a margin of paper
/// around it wide enough for thicker strokes.
pub(crate) fn working(ink: &[f32], width: usize, (x0, y0, x1, y1): (usize, usize, usize, usize)) -> Image {
    let (w, h) = (x1 - x0 + 1, y1 - y0 + 1);
    let margin = w.max(h).div_ceil(4);
    let (pw, ph) = (w + 2 * margin, h + 2 * margin);
    let mut padded = vec![0.0f32; pw * ph];
    for y in 0..h {
        padded[(y + margin) * pw + margin..(y + margin) * pw + margin + w].copy_from_slice(&ink[(y0 + y) * width + x0..(y0 + y) * width + x0 + w]);
    }
    resize(&padded, pw, (0, 0, pw - 1, ph - 1), WORK / w.max(h) as f32)
}

/// The box of `ink` scaled by `scale`: each output pixel is the mean of the source area it
/// covers (exact fractional coverage), so shrinking anti-aliases as MNIST's did; enlarging
/// samples bilinearly.
fn resize(ink: &[f32], width: usize, (x0, y0, x1, y1): (usize, usize, usize, usize), scale: f32) -> Image {
    let (w, h) = ((x1 - x0 + 1) as f32, (y1 - y0 + 1) as f32);
    let (out_w, out_h) = (((w * scale).round() as usize).max(1), ((h * scale).round() as usize).max(1));
    let at = |x: usize, y: usize| ink[(y0 + y) * width + x0 + x];
    let mut out = vec![0.0f32; out_w * out_h];
    if scale <= 1.0 {
        let step = 1.0 / scale;
        for oy in 0..out_h {
            let (sy0, sy1) = (oy as f32 * step, ((oy + 1) as f32 * step).min(h));
            for ox in 0..out_w {
                let (sx0, sx1) = (ox as f32 * step, ((ox + 1) as f32 * step).min(w));
                let (mut sum, mut area) = (0.0, 0.0);
                for sy in sy0.floor() as usize..(sy1.ceil() as usize).min(h as usize) {
                    let cy = (sy1.min(sy as f32 + 1.0) - sy0.max(sy as f32)).max(0.0);
                    for sx in sx0.floor() as usize..(sx1.ceil() as usize).min(w as usize) {
                        let cx = (sx1.min(sx as f32 + 1.0) - sx0.max(sx as f32)).max(0.0);
                        sum += at(sx, sy) * cx * cy;
                        area += cx * cy;
                    }
                }
                out[oy * out_w + ox] = if area > 0.0 { sum / area } else { 0.0 };
            }
        }
    } else {
        let sample = |x: f32, y: f32| {
            let (x, y) = (x.clamp(0.0, w - 1.0), y.clamp(0.0, h - 1.0));
            let (xa, ya) = (x.floor() as usize, y.floor() as usize);
            let (xb, yb) = ((xa + 1).min(w as usize - 1), (ya + 1).min(h as usize - 1));
            let (fx, fy) = (x - xa as f32, y - ya as f32);
            let top = at(xa, ya) * (1.0 - fx) + at(xb, ya) * fx;
            let bottom = at(xa, yb) * (1.0 - fx) + at(xb, yb) * fx;
            top * (1.0 - fy) + bottom * fy
        };
        for oy in 0..out_h {
            for ox in 0..out_w {
                out[oy * out_w + ox] = sample((ox as f32 + 0.5) / scale - 0.5, (oy as f32 + 0.5) / scale - 0.5);
            }
        }
    }
    Image { width: out_w, height: out_h, data: out }
}

pub(crate) struct Image {
    pub(crate) width: usize,
    pub(crate) height: usize,
    pub(crate) data: Vec<f32>,
}

/// The scaled digit placed in 28×28 with its centre of mass on the field's centre, shifted by
/// whole pixels as MNIST did; anything pushed outside is dropped.
pub(crate) fn centre(digit: &Image) -> [f32; PIXELS] {
    let (mut mass, mut mx, mut my) = (0.0f32, 0.0f32, 0.0f32);
    for y in 0..digit.height {
        for x in 0..digit.width {
            let v = digit.data[y * digit.width + x];
            mass += v;
            mx += v * x as f32;
            my += v * y as f32;
        }
    }
    let (cx, cy) = if mass > 0.0 { (mx / mass, my / mass) } else { (digit.width as f32 / 2.0, digit.height as f32 / 2.0) };
    let (dx, dy) = ((SIDE as f32 / 2.0 - cx).round() as isize, (SIDE as f32 / 2.0 - cy).round() as isize);
    let mut out = [0.0f32; PIXELS];
    for y in 0..digit.height {
        for x in 0..digit.width {
            let (tx, ty) = (x as isize + dx, y as isize + dy);
            if (0..SIDE as isize).contains(&tx) && (0..SIDE as isize).contains(&ty) {
                out[ty as usize * SIDE + tx as usize] = digit.data[y * digit.width + x].clamp(0.0, 1.0);
            }
        }
    }
    out
}

