use std::ops::Range;
use std::sync::Arc;

#[cfg(feature = "files")]
use burn::data::dataset::{Dataset, DatasetError};

#[cfg(feature = "files")]
use crate::idx::{self, IdxError};
#[cfg(feature = "files")]
use crate::source::MnistFiles;

/// Pixels per image (28 × 28).
use crate::idx::PIXELS;

/// One image with its label; pixels are the raw bytes 0..=255 (the batcher scales them).
#[derive(Debug, Clone)]
pub struct MnistItem {
    pub image: [u8; PIXELS],
    pub label: u8,
}

/// A contiguous range of images sharing one buffer: splitting copies no pixels.
#[derive(Debug, Clone)]
pub struct MnistDataset {
    images: Arc<[u8]>,
    labels: Arc<[u8]>,
    range: Range<usize>,
}

/// The training and test sets, as read from disk.
#[cfg(feature = "files")]
#[derive(Debug, Clone)]
pub struct Mnist {
    pub train: MnistDataset,
    pub test: MnistDataset,
}

#[cfg(feature = "files")]
impl Mnist {
    pub fn load(files: &MnistFiles) -> Result<Self, IdxError> {
        Ok(Self {
            train: MnistDataset::load(&files.train_images, &files.train_labels)?,
            test: MnistDataset::load(&files.test_images, &files.test_labels)?,
        })
    }
}

impl MnistDataset {
    /// Reads a matching pair of MNIST's IDX files (labels 0..=9).
    #[cfg(feature = "files")]
    pub fn load(images: &std::path::Path, labels: &std::path::Path) -> Result<Self, IdxError> {
        Self::load_set(images, labels, &crate::family::FAMILY[0])
    }

    /// Reads a matching pair of IDX files of the family member `set`: its labels made class
    /// indices, its images turned upright if it stores them transposed.
    #[cfg(feature = "files")]
    pub fn load_set(images: &std::path::Path, labels_path: &std::path::Path, set: &crate::Family) -> Result<Self, IdxError> {
        let (mut pixels, mut labels) = idx::read_pair(images, labels_path)?;
        idx::check_labels(&mut labels, labels_path, set.first_label, set.classes.len())?;
        if set.transposed {
            let side = crate::idx::SIDE;
            for image in pixels.chunks_mut(PIXELS) {
                for r in 0..side {
                    for c in r + 1..side {
                        image.swap(r * side + c, c * side + r);
                    }
                }
            }
        }
        Ok(Self::from_raw(pixels, labels))
    }

    /// Builds a dataset from `n · 784` pixel bytes and `n` labels.
    pub fn from_raw(pixels: Vec<u8>, labels: Vec<u8>) -> Self {
        assert_eq!(pixels.len(), labels.len() * PIXELS, "pixel and label counts disagree");
        let n = labels.len();
        Self { images: pixels.into(), labels: labels.into(), range: 0..n }
    }

    /// Items `range` of this dataset (clamped to its length).
    pub fn slice(&self, range: Range<usize>) -> Self {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        Self { range: self.range.start + start..self.range.start + end, ..self.clone() }
    }

    /// `n` items: this dataset's, from the start again as often as needed (benchmarks).
    pub fn repeated(&self, n: usize) -> Self {
        assert!(!self.is_empty() || n == 0, "cannot repeat an empty dataset");
        let (pixels, labels) = (self.pixels(), self.labels());
        let images = pixels.iter().copied().cycle().take(n * PIXELS).collect();
        let labels = labels.iter().copied().cycle().take(n).collect();
        Self::from_raw(images, labels)
    }

    /// Images in this dataset.
    pub fn len(&self) -> usize {
        self.range.len()
    }

    pub fn is_empty(&self) -> bool {
        self.range.is_empty()
    }

    /// Image `i`'s pixel bytes.
    pub fn image(&self, i: usize) -> &[u8] {
        &self.pixels()[i * PIXELS..(i + 1) * PIXELS]
    }

    /// The pixels of items `range` as one contiguous slice.
    pub fn pixels(&self) -> &[u8] {
        &self.images[self.range.start * PIXELS..self.range.end * PIXELS]
    }

    pub fn labels(&self) -> &[u8] {
        &self.labels[self.range.clone()]
    }
}

#[cfg(feature = "files")]
#[derive(Debug, thiserror::Error)]
#[error("index {index} is out of range for a dataset of {len} images")]
struct OutOfRange {
    index: usize,
    len: usize,
}

#[cfg(feature = "files")]
impl Dataset<MnistItem> for MnistDataset {
    fn get(&self, index: usize) -> Result<MnistItem, DatasetError> {
        if index >= self.len() {
            return Err(DatasetError::new(OutOfRange { index, len: self.len() }));
        }
        let i = self.range.start + index;
        let mut image = [0u8; PIXELS];
        image.copy_from_slice(&self.images[i * PIXELS..(i + 1) * PIXELS]);
        Ok(MnistItem { image, label: self.labels[i] })
    }

    fn len(&self) -> usize {
        MnistDataset::len(self)
    }
}
