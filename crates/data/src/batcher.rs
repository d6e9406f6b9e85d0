use burn::data::dataloader::batcher::Batcher;
use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::{MnistItem, PIXELS};

/// A batch of N images as the network's input `x(0)` and their labels.
#[derive(Debug, Clone)]
pub struct MnistBatch {
    /// `[N, 784]`, pixels scaled to [0, 1].
    pub images: Tensor<2>,
    /// `[N]`, the digit of each image.
    pub targets: Tensor<1, Int>,
}

/// Turns items into one `[N, 784]` tensor, filled from a single buffer.
#[derive(Debug, Clone, Default)]
pub struct MnistBatcher;

impl MnistBatcher {
    /// Builds a batch from raw pixel bytes (`N · 784`) and labels, on `device`.
    pub fn from_bytes(pixels: &[u8], labels: &[u8], device: &Device) -> MnistBatch {
        let n = labels.len();
        let scaled: Vec<f32> = pixels.iter().map(|&p| p as f32 / 255.0).collect();
        let targets: Vec<i64> = labels.iter().map(|&l| l as i64).collect();
        MnistBatch {
            images: Tensor::from_data(TensorData::new(scaled, [n, PIXELS]), device),
            targets: Tensor::from_data(TensorData::new(targets, [n]), device),
        }
    }
}

impl Batcher<MnistItem, MnistBatch> for MnistBatcher {
    fn batch(&self, items: Vec<MnistItem>, device: &Device) -> MnistBatch {
        let pixels: Vec<u8> = items.iter().flat_map(|item| item.image).collect();
        let labels: Vec<u8> = items.iter().map(|item| item.label).collect();
        Self::from_bytes(&pixels, &labels, device)
    }
}
