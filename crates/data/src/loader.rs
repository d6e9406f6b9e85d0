//! A burn `DataLoader` whose batch order depends only on (seed, epoch): a resumed run sees
//! exactly the batches the uninterrupted run would have, and both engines see the same ones.
//! Each batch is built straight from the contiguous pixel buffer, on a thread of its own a few
//! batches ahead of training, so that distorting the next batch overlaps the current step.
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

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
        let plan = Arc::new(Plan {
            data: self.data.clone(),
            order: self.order(epoch),
            batch_size: self.batch_size,
            augment: self.augment.clone().map(|a| (a, self.seed.unwrap_or(0), epoch)),
            device: self.device.clone(),
        });
        Box::new(EpochIter::start(plan))
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

/// Batches ready before training asks for them: enough to cover a slow step, few enough to
/// keep memory small (a batch of 100 is 314 KB).
const AHEAD: usize = 4;

/// One epoch's batches: the images in `order`, `batch_size` at a time, distorted as drawn for
/// (seed, epoch, image) when `augment` is set.
struct Plan {
    data: MnistDataset,
    order: Vec<usize>,
    batch_size: usize,
    augment: Option<(crate::Augment, u64, usize)>,
    device: Device,
}

impl Plan {
    fn batches(&self) -> usize {
        self.order.len().div_ceil(self.batch_size)
    }

    fn batch(&self, k: usize) -> Batch {
        let indices = &self.order[k * self.batch_size..((k + 1) * self.batch_size).min(self.order.len())];
        let augment = self.augment.as_ref().map(|(a, seed, epoch)| (a, *seed, *epoch));
        MnistBatcher::gather(&self.data, indices, augment, &self.device)
    }
}

struct EpochIter {
    plan: Arc<Plan>,
    /// Batches built ahead on their own thread; `None` where no thread could be started
    /// (then each is built when asked for).
    ahead: Option<Receiver<Batch>>,
    /// Batches served so far.
    served: usize,
}

impl EpochIter {
    fn start(plan: Arc<Plan>) -> Self {
        let (sender, receiver) = sync_channel(AHEAD);
        let builder = plan.clone();
        // The thread stops at the epoch's end, or when training drops the iterator (an
        // interrupted run): its next send fails.
        let thread = std::thread::Builder::new().name("ann-batches".into()).spawn(move || {
            (0..builder.batches()).try_for_each(|k| sender.send(builder.batch(k)))
        });
        Self { plan, ahead: thread.is_ok().then_some(receiver), served: 0 }
    }
}

impl Iterator for EpochIter {
    type Item = Result<Batch, DatasetError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.served >= self.plan.batches() {
            return None;
        }
        let batch = match &self.ahead {
            // A builder that died (it panicked) leaves this batch to be built here, where the
            // same failure shows.
            Some(ahead) => ahead.recv().unwrap_or_else(|_| self.plan.batch(self.served)),
            None => self.plan.batch(self.served),
        };
        self.served += 1;
        Some(Ok(batch))
    }
}

impl DataLoaderIterator<Batch> for EpochIter {
    fn progress(&self) -> Progress {
        let items = (self.served * self.plan.batch_size).min(self.plan.order.len());
        Progress { items_processed: items, items_total: self.plan.order.len(), unit: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Augment, PIXELS};

    /// 250 images that differ from each other (a block of ink that moves with the index).
    fn data() -> MnistDataset {
        let n = 250;
        let pixels = (0..n * PIXELS).map(|i| if (i % PIXELS) / 28 % 10 == (i / PIXELS) % 10 && (i % 28) > 8 { 255 } else { (i / PIXELS) as u8 }).collect();
        MnistDataset::from_raw(pixels, (0..n).map(|i| (i % 10) as u8).collect())
    }

    fn epoch(loader: &EpochLoader) -> Vec<(Vec<f32>, Vec<i64>)> {
        loader
            .iter()
            .map(|batch| {
                let batch = batch.unwrap();
                (batch.images.into_data().iter::<f32>().collect(), batch.targets.into_data().iter::<i64>().collect())
            })
            .collect()
    }

    #[test]
    fn batches_built_ahead_are_the_epoch_order_distorted_as_drawn() {
        let device = Device::flex();
        let augment = Augment { stroke: 0.4, elastic: 1.5, shear: 0.25, ..Augment::default() };
        let loader = EpochLoader::new(data(), 40, Some(7), 1, device.clone()).augmented(Some(augment.clone()));
        let order = loader.order(1);
        let first = epoch(&loader);
        assert_eq!(first.len(), 7, "250 images in batches of 40");
        assert_eq!(first[6].1.len(), 10);
        for (k, (images, targets)) in first.iter().enumerate() {
            let indices = &order[k * 40..((k + 1) * 40).min(250)];
            let expected = MnistBatcher::gather(&loader.data, indices, Some((&augment, 7, 1)), &device);
            assert_eq!(images, &expected.images.into_data().iter::<f32>().collect::<Vec<_>>(), "batch {k}");
            assert_eq!(targets, &expected.targets.into_data().iter::<i64>().collect::<Vec<_>>(), "batch {k}");
        }
        // The next pass is epoch 2, as a run resumed after epoch 1 serves it.
        let second = epoch(&loader);
        assert_ne!(first, second);
        let resumed = EpochLoader::new(data(), 40, Some(7), 2, device).augmented(Some(augment));
        assert_eq!(epoch(&resumed), second);
    }

    #[test]
    fn an_epoch_left_early_does_not_hold_up_the_next() {
        let loader = EpochLoader::new(data(), 10, Some(3), 1, Device::flex());
        let mut batches = loader.iter();
        assert!(batches.next().unwrap().is_ok());
        drop(batches);
        // Epoch 2 in full, while epoch 1's builder (blocked on its full queue) is told to stop.
        assert_eq!(epoch(&loader).len(), 25);
    }
}
