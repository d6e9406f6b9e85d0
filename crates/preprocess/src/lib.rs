//! A person's picture of a digit made into MNIST's input, the one way `ann predict` and the
//! web page both do it. MNIST digits are white ink on black, the digit's bounding box scaled so
//! its longer side is 20 px (aspect kept, anti-aliased) and placed in 28×28 so that its centre
//! of mass is the centre; their pen is a few pixels wide with saturated cores. People's
//! pictures are dark ink on white or tinted paper, any size, anywhere on the page, unevenly
//! lit, on ruled paper, with any pen, JPEG noise or a transparent background: each step below
//! undoes one of those differences. No dependencies, so that it also builds for the browser;
//! reading picture files (feature `files`) adds the image decoders.

#[cfg(feature = "files")]
pub mod file;
#[cfg(feature = "files")]
pub mod walk;
mod geometry;
mod ink;
mod pen;
mod picture;

pub use picture::{MNIST_EDGE, MNIST_PEN, Options, PIXELS, PreprocessError, Rgba, SIDE, byte, unit};

use geometry::{bounding_box, centre, fit, working};
use ink::ink;
use pen::{Strokes, redraw};
use picture::check;

/// The network's input for `picture`: 784 intensities in 0..=1 (ink = 1), row-major.
pub fn to_mnist(picture: &Rgba) -> Result<[f32; PIXELS], PreprocessError> {
    to_mnist_with(picture, &Options::default())
}

/// [`to_mnist`] for 8-bit RGBA, as canvases and most decoders give it.
pub fn to_mnist_rgba8(width: usize, height: usize, rgba: &[u8]) -> Result<[f32; PIXELS], PreprocessError> {
    let data: Vec<f32> = rgba.iter().copied().map(unit).collect();
    to_mnist(&Rgba { width, height, data: &data })
}

/// [`to_mnist`] with only the steps that `options` names.
pub fn to_mnist_with(picture: &Rgba, options: &Options) -> Result<[f32; PIXELS], PreprocessError> {
    check(picture)?;
    let (width, height) = (picture.width, picture.height);
    let ink = ink(picture, options)?;
    let bbox = bounding_box(&ink, width, height)?;
    // A pen already in MNIST's band is scaled straight from the picture: a detour through the
    // working size would resample it twice.
    let redrawn = (options.pen_band.is_some() || options.ink_profile.is_some())
        .then(|| working(&ink, width, bbox))
        .and_then(|mut work| redraw(&mut work, options).then_some(work));
    let digit = match redrawn {
        Some(work) => {
            let bbox = bounding_box(&work.data, work.width, work.height).map_err(|_| PreprocessError::TooLittleInk)?;
            fit(&work.data, work.width, bbox)
        }
        None => fit(&ink, width, bbox),
    };
    Ok(centre(&digit))
}

/// The pen width of the digit in `picture` as a fraction of its bounding box's longer side,
/// measured as [`to_mnist`] measures it (after lighting and rules, before any redrawing).
/// MNIST's own digits measure [`MNIST_PEN`].
pub fn pen_width(picture: &Rgba) -> Result<f32, PreprocessError> {
    check(picture)?;
    let options = Options::default();
    let ink = ink(picture, &options)?;
    let bbox = bounding_box(&ink, picture.width, picture.height)?;
    let work = working(&ink, picture.width, bbox);
    let strokes = Strokes::of(&work);
    Ok(strokes.width / strokes.longer)
}

