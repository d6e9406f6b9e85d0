//! What burn's `Learner` calls for one training or validation batch.
use ann_data::MnistBatch;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::tensor::{Int, Tensor};
use burn::train::{ClassificationOutput, InferenceStep, TrainOutput, TrainStep};

use crate::{Loss, Mlp};

/// `t`: one row per sample, 1 in the column of its class, 0 elsewhere.
pub fn one_hot(targets: Tensor<1, Int>, classes: usize) -> Tensor<2> {
    targets.one_hot(classes).float()
}

impl Mlp {
    /// The batch's cost `E`, averaged over its N samples:
    /// `E = (1/N) Σ_n Σ_k −t_nk ln y_nk` (softmax) or `E = (1/N) Σ_n ½ Σ_k (y_nk − t_nk)²` (sigmoid).
    ///
    /// The L2 term `(λ/2)‖W‖²` is not part of it: the optimizer adds its gradient `λW`.
    pub fn loss(&self, a3: Tensor<2>, targets: Tensor<1, Int>) -> Tensor<1> {
        match self.loss {
            Loss::CrossEntropy => CrossEntropyLossConfig::new().init(&a3.device()).forward(a3, targets),
            Loss::Quadratic => {
                let [n, k] = a3.dims();
                let t = one_hot(targets, k);
                let diff = self.output(a3) - t;
                (diff.clone() * diff).sum().mul_scalar(0.5 / n as f64).reshape([1])
            }
        }
    }

    pub fn forward_classification(&self, batch: MnistBatch) -> ClassificationOutput {
        let a3 = self.forward(batch.images);
        let loss = self.loss(a3.clone(), batch.targets.clone());
        ClassificationOutput::new(loss, a3, batch.targets)
    }
}

impl TrainStep for Mlp {
    type Input = MnistBatch;
    type Output = ClassificationOutput;

    fn step(&self, batch: MnistBatch) -> TrainOutput<ClassificationOutput> {
        let item = self.forward_classification(batch);
        TrainOutput::new(self, item.loss.backward(), item)
    }
}

impl InferenceStep for Mlp {
    type Input = MnistBatch;
    type Output = ClassificationOutput;

    fn step(&self, batch: MnistBatch) -> ClassificationOutput {
        self.forward_classification(batch)
    }
}
