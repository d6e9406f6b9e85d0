//! What burn's `Learner` calls for one training or validation batch.
use burn::train::{ClassificationOutput, InferenceStep, TrainOutput, TrainStep};

use crate::{Batch, Mlp};

impl Mlp {
    pub fn forward_classification(&self, batch: Batch) -> ClassificationOutput {
        let a3 = self.forward(batch.images);
        let loss = self.loss(a3.clone(), batch.targets.clone());
        ClassificationOutput::new(loss, a3, batch.targets)
    }
}

impl TrainStep for Mlp {
    type Input = Batch;
    type Output = ClassificationOutput;

    fn step(&self, batch: Batch) -> TrainOutput<ClassificationOutput> {
        let item = self.forward_classification(batch);
        let grads = item.loss.backward();
        if self.probe.sampled() {
            let size = |layer: &burn::nn::Linear| {
                layer.weight.grad(&grads).map_or(f64::NAN, |g| g.abs().mean().into_scalar::<f64>())
            };
            self.probe.record([size(&self.fc1), size(&self.fc2), size(&self.fc3)]);
        }
        TrainOutput::new(self, grads, item)
    }
}

impl InferenceStep for Mlp {
    type Input = Batch;
    type Output = ClassificationOutput;

    fn step(&self, batch: Batch) -> ClassificationOutput {
        self.forward_classification(batch)
    }
}
