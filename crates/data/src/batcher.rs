#[cfg(feature = "files")]
use burn::data::dataloader::batcher::Batcher;
use burn::tensor::{Device, Tensor, TensorData};

use ann_model::Batch;
use ann_preprocess::unit;

#[cfg(feature = "files")]
use crate::MnistItem;
use crate::{MnistDataset, PIXELS};

/// Turns items into one `[N, 784]` tensor, filled from a single buffer.
#[derive(Debug, Clone, Default)]
pub struct MnistBatcher;

impl MnistBatcher {
    /// Builds a batch from raw pixel bytes (`N · 784`) and labels, on `device`.
    pub fn from_bytes(pixels: &[u8], labels: &[u8], device: &Device) -> Batch {
        let scaled = pixels.iter().copied().map(unit).collect();
        Self::tensors(scaled, labels.iter().map(|&l| l as i64).collect(), device)
    }

    /// Builds a batch of the items `indices` of `data`, scaling pixels as it copies them; with
    /// `augment` = (distortions, seed, epoch), each image is distorted as drawn for (seed,
    /// epoch, its index in `data`).
    pub fn gather(
        data: &MnistDataset,
        indices: &[usize],
        augment: Option<(&crate::Augment, u64, usize)>,
        device: &Device,
    ) -> Batch {
        let labels = data.labels();
        // One allocation, then a loop per image the compiler vectorises.
        let mut scaled = Vec::with_capacity(indices.len() * PIXELS);
        match augment {
            None => indices.iter().for_each(|&i| scaled.extend(data.image(i).iter().map(|&p| unit(p)))),
            Some((distortions, seed, epoch)) => indices.iter().for_each(|&i| distortions.apply(data.image(i), seed, epoch, i, &mut scaled)),
        }
        Self::tensors(scaled, indices.iter().map(|&i| labels[i] as i64).collect(), device)
    }

    fn tensors(scaled: Vec<f32>, targets: Vec<i64>, device: &Device) -> Batch {
        let n = targets.len();
        Batch {
            images: Tensor::from_data(TensorData::new(scaled, [n, PIXELS]), device),
            targets: Tensor::from_data(TensorData::new(targets, [n]), device),
        }
    }
}

#[cfg(feature = "files")]
impl Batcher<MnistItem, Batch> for MnistBatcher {
    fn batch(&self, items: Vec<MnistItem>, device: &Device) -> Batch {
        let pixels: Vec<u8> = items.iter().flat_map(|item| item.image).collect();
        let labels: Vec<u8> = items.iter().map(|item| item.label).collect();
        Self::from_bytes(&pixels, &labels, device)
    }
}
