//! The slides page's hand-sized examples, on plain f64 numbers in deck 004's `[out, in]` layout:
//! a typed exercise keeps f64's digits, where the page's MNIST network is burn's f32.
pub(crate) mod descent;
pub(crate) mod exercise;
pub mod gd;
pub(crate) mod init;
pub mod parse;
pub mod plane;
pub mod scalar;
pub mod worked;
