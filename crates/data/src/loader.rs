//! A burn `DataLoader` whose batch order depends only on (seed, epoch): a resumed run sees
//! exactly the batches the uninterrupted run would have, and both engines see the same ones.
//! Each batch is built straight from the contiguous pixel buffer.
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use burn::data::dataloader::{DataLoader, DataLoaderIterator, Progress};
use burn::data::dataset::DatasetError;
use burn::tensor::Device;

use ann_model::Batch;

use crate::{MnistBatcher, MnistDataset};

pub struct EpochLoader {
    data: MnistDataset,
    batch_size: usize,
    /// `None`: always in file order (validation, evaluation).
    seed: Option<u64>,
    /// The epoch (from 1) that the next `iter()` serves.
    next_epoch: AtomicUsize,
    device: Device,
    /// Distortions of the training images, drawn from (seed, epoch, sample).
    augment: Option<crate::Augment>,
}

impl EpochLoader {
    /// Serves `data` in batches of `batch_size`, shuffled per epoch from `seed`, starting with
    /// epoch `first_epoch` (1 for a new run, k + 1 when resuming after epoch k).
    pub fn new(data: MnistDataset, batch_size: usize, seed: Option<u64>, first_epoch: usize, device: Device) -> Self {
        Self { data, batch_size: batch_size.max(1), seed, next_epoch: AtomicUsize::new(first_epoch), device, augment: None }
    }

    /// Distorts every image it serves as `augment` says (training only).
    pub fn augmented(mut self, augment: Option<crate::Augment>) -> Self {
        self.augment = augment;
        self
    }

    /// The item order of `epoch` ([`crate::order::epoch_order`]), or file order without a seed.
    pub fn order(&self, epoch: usize) -> Vec<usize> {
        match self.seed {
            Some(seed) => crate::order::epoch_order(self.data.len(), seed, epoch),
            None => (0..self.data.len()).collect(),
        }
    }

    fn with(&self, data: MnistDataset, device: Device) -> Self {
        let epoch = self.next_epoch.load(Ordering::SeqCst);
        Self::new(data, self.batch_size, self.seed, epoch, device).augmented(self.augment.clone())
    }
}

impl DataLoader<Batch> for EpochLoader {
    fn iter<'a>(&'a self) -> Box<dyn DataLoaderIterator<Batch> + 'a> {
        let epoch = self.next_epoch.fetch_add(1, Ordering::SeqCst);
        Box::new(EpochIter { loader: self, order: self.order(epoch), position: 0, epoch })
    }

    fn num_items(&self) -> usize {
        self.data.len()
    }

    fn to_device(&self, device: &Device) -> Arc<dyn DataLoader<Batch>> {
        Arc::new(self.with(self.data.clone(), device.clone()))
    }

    fn slice(&self, start: usize, end: usize) -> Arc<dyn DataLoader<Batch>> {
        Arc::new(self.with(self.data.slice(start..end), self.device.clone()))
    }
}

struct EpochIter<'a> {
    loader: &'a EpochLoader,
    order: Vec<usize>,
    position: usize,
    epoch: usize,
}

impl Iterator for EpochIter<'_> {
    type Item = Result<Batch, DatasetError>;

    fn next(&mut self) -> Option<Self::Item> {
        let end = (self.position + self.loader.batch_size).min(self.order.len());
        if self.position >= end {
            return None;
        }
        let indices = &self.order[self.position..end];
        self.position = end;
        let augment = self.loader.augment.as_ref().map(|a| (a, self.loader.seed.unwrap_or(0), self.epoch));
        Some(Ok(MnistBatcher::gather(&self.loader.data, indices, augment, &self.loader.device)))
    }
}

impl DataLoaderIterator<Batch> for EpochIter<'_> {
    fn progress(&self) -> Progress {
        Progress { items_processed: self.position, items_total: self.order.len(), unit: None }
    }
}
