//! A person's picture of a digit made into MNIST's input, the one way `ann predict` and the
//! web page both do it. MNIST digits are white ink on black, the digit's bounding box scaled so
//! its longer side is 20 px (aspect kept, anti-aliased) and placed in 28×28 so that its centre
//! of mass is the centre. People's pictures are dark ink on white or tinted paper, any size,
//! anywhere on the page, with JPEG noise or a transparent background: each step below undoes
//! one of those differences. No dependencies, so that it also builds for the browser.

/// Side of the network's input.
pub const SIDE: usize = 28;
pub const PIXELS: usize = SIDE * SIDE;
/// Longer side of the digit's box inside the 28×28 field, as MNIST made it.
const BOX: f32 = 20.0;
/// Ink below this fraction of the strong strokes is paper texture, noise or shadow.
const NOISE: f32 = 0.2;
/// A picture whose darkest ink differs from the paper by less than this is uniform.
const MIN_CONTRAST: f32 = 0.08;
/// Ink above this fraction of full strength counts for the bounding box.
const BOX_THRESHOLD: f32 = 0.3;

/// A picture as straight (not premultiplied) RGBA, each channel in 0..=1, row-major.
pub struct Rgba<'a> {
    pub width: usize,
    pub height: usize,
    pub data: &'a [f32],
}

#[derive(Debug, Clone, PartialEq)]
pub enum PreprocessError {
    /// Zero width or height.
    Empty,
    /// The pixel buffer does not hold width × height × 4 values.
    BadLength { expected: usize, got: usize },
    /// All one colour: a blank canvas, all white, all black.
    NoInk,
    /// A dot or a speck, not a digit.
    TooLittleInk,
}

impl std::fmt::Display for PreprocessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreprocessError::Empty => write!(f, "the picture has no pixels (zero width or height)"),
            PreprocessError::BadLength { expected, got } => {
                write!(f, "the picture's pixel buffer holds {got} values, expected {expected} (width × height × 4)")
            }
            PreprocessError::NoInk => {
                write!(f, "no ink found: the picture is all one colour; draw or photograph a digit")
            }
            PreprocessError::TooLittleInk => write!(f, "too little ink: only a dot, not a digit; draw a digit"),
        }
    }
}

impl std::error::Error for PreprocessError {}

/// The network's input for `picture`: 784 intensities in 0..=1 (ink = 1), row-major.
pub fn to_mnist(picture: &Rgba) -> Result<[f32; PIXELS], PreprocessError> {
    let (width, height) = (picture.width, picture.height);
    if width == 0 || height == 0 {
        return Err(PreprocessError::Empty);
    }
    let expected = width * height * 4;
    if picture.data.len() != expected {
        return Err(PreprocessError::BadLength { expected, got: picture.data.len() });
    }
    let ink = ink(picture)?;
    let (x0, y0, x1, y1) = bounding_box(&ink, width, height)?;
    let digit = fit(&ink, width, (x0, y0, x1, y1));
    Ok(centre(&digit))
}

/// [`to_mnist`] for 8-bit RGBA, as canvases and most decoders give it.
pub fn to_mnist_rgba8(width: usize, height: usize, rgba: &[u8]) -> Result<[f32; PIXELS], PreprocessError> {
    let data: Vec<f32> = rgba.iter().map(|&v| v as f32 / 255.0).collect();
    to_mnist(&Rgba { width, height, data: &data })
}

/// Ink strength per pixel, 0 (paper) to 1 (a strong stroke), whatever the polarity.
fn ink(picture: &Rgba) -> Result<Vec<f32>, PreprocessError> {
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
    let mut ink: Vec<f32> = grey.iter().map(|&g| if light_paper { paper - g } else { g - paper }.max(0.0)).collect();
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
    // Below NOISE is paper texture or JPEG ringing; the rest is stretched back to 0..1 so
    // that anti-aliased edges keep their gradation.
    for v in &mut ink {
        let s = (*v / strong).min(1.0);
        *v = ((s - NOISE) / (1.0 - NOISE)).max(0.0);
    }
    Ok(ink)
}

/// The ink's bounding box `(x0, y0, x1, y1)`, inclusive; a speck is not a digit.
fn bounding_box(ink: &[f32], width: usize, height: usize) -> Result<(usize, usize, usize, usize), PreprocessError> {
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

/// The box scaled so its longer side is 20 px: each output pixel is the mean of the source
/// area it covers (exact fractional coverage), so shrinking anti-aliases as MNIST's did;
/// enlarging a small picture samples it bilinearly.
fn fit(ink: &[f32], width: usize, (x0, y0, x1, y1): (usize, usize, usize, usize)) -> Image {
    let (w, h) = ((x1 - x0 + 1) as f32, (y1 - y0 + 1) as f32);
    let scale = BOX / w.max(h);
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

struct Image {
    width: usize,
    height: usize,
    data: Vec<f32>,
}

/// The scaled digit placed in 28×28 with its centre of mass on the field's centre, shifted by
/// whole pixels as MNIST did; anything pushed outside is dropped.
fn centre(digit: &Image) -> [f32; PIXELS] {
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
