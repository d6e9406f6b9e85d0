//! What the preprocessing takes and gives: a picture, the steps it may do, what can be wrong.

/// Side of the network's input.
pub const SIDE: usize = 28;
pub const PIXELS: usize = SIDE * SIDE;

/// A byte (0..=255: a pixel of MNIST, a channel of a picture) as an intensity in 0..=1.
/// Inlined: the batcher calls it once per pixel.
#[inline]
pub fn unit(byte: u8) -> f32 {
    byte as f32 / 255.0
}

/// An intensity in 0..=1 (clamped) as the nearest byte: what a 28×28 input is saved as.
#[inline]
pub fn byte(intensity: f32) -> u8 {
    (intensity.clamp(0.0, 1.0) * 255.0).round() as u8
}
/// Pen width over the digit's longer side in MNIST's own digits, measured by [`pen_width`](crate::pen_width)
/// on MNIST's test digits: (10th percentile, 90th percentile). A picture whose pen is outside
/// this band, thinner or thicker than nine writers in ten, is redrawn to its nearer edge;
/// inside it, the writer's pen is kept (the middle half, 0.091-0.130, changed more pictures
/// and read fewer right on the selection set).
/// `tests/preprocess.rs` re-measures it.
pub const MNIST_PEN: (f32, f32) = (0.077, 0.158);
/// Width of the edge's ramp from paper to full ink, in working pixels: the one with which
/// MNIST's own test digits, redrawn, correlate best with themselves (`tests/preprocess.rs`).
pub const MNIST_EDGE: f32 = 2.0;

/// A picture as straight (not premultiplied) RGBA, each channel in 0..=1, row-major.
pub struct Rgba<'a> {
    pub width: usize,
    pub height: usize,
    pub data: &'a [f32],
}

/// Which of the steps that go beyond cropping and scaling are done; [`Options::default`] is
/// what `ann predict` and the web page use, the others exist to measure each step's worth
/// (docs/own-digits.md, ablation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The paper's brightness is estimated locally, so a shadow or a gradient of light across
    /// a photo is not taken for ink.
    pub even_lighting: bool,
    /// Printed lines of ruled or squared paper (faint, straight, across the whole page) are
    /// removed, the strokes that cross them kept.
    pub remove_rules: bool,
    /// The pen width, as a fraction of the digit's longer side, is brought into this band
    /// (thicker or thinner strokes redrawn); `None` keeps the writer's pen.
    pub pen_band: Option<(f32, f32)>,
    /// Strokes are redrawn as MNIST's are, saturated cores and soft edges, the edge's ramp this
    /// many working pixels wide (four to an MNIST pixel); a faint pencil, a blurred photo and
    /// a marker come out alike. `None` keeps the picture's own shading, the default: on top
    /// of even lighting and pen width it cost accuracy on MNIST's own test digits and on
    /// scikit-learn's.
    pub ink_profile: Option<f32>,
}

impl Options {
    /// Crop, scale and centre only: the preprocessing before pen and lighting were normalised.
    pub const PLAIN: Options = Options { even_lighting: false, remove_rules: false, pen_band: None, ink_profile: None };
}

impl Default for Options {
    fn default() -> Self {
        // docs/own-digits.md, ablation: the steps that earned their place.
        Options { even_lighting: true, remove_rules: true, pen_band: Some(MNIST_PEN), ink_profile: None }
    }
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
                write!(f, "no ink found: the picture is all one colour; draw or photograph a character")
            }
            PreprocessError::TooLittleInk => write!(f, "too little ink: only a dot, not a character; draw a character"),
        }
    }
}

impl std::error::Error for PreprocessError {}

/// Refuses a picture with no pixels or a buffer of the wrong size.
pub(crate) fn check(picture: &Rgba) -> Result<(), PreprocessError> {
    if picture.width == 0 || picture.height == 0 {
        return Err(PreprocessError::Empty);
    }
    let expected = picture.width * picture.height * 4;
    if picture.data.len() != expected {
        return Err(PreprocessError::BadLength { expected, got: picture.data.len() });
    }
    Ok(())
}

