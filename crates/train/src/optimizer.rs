//! The update rule and η's schedule, shared by both engines: the Learner steps the slides'
//! SGD through burn's `Optimizer` trait, the manual engine through `ann_backprop::Sgd`; both
//! end in `ann_backprop::update`, one pass over each parameter per step.
use burn::optim::LearningRate;
use burn::lr_scheduler::module_lr_scheduler::ModuleLrScheduler;
use burn::lr_scheduler::{LrScheduler, LrSchedulerRecord};
use burn::module::ParamGroup;
use burn::optim::{ModuleOptimizer, Optimizer, RecordState, StateSink, StateSource};
use burn::tensor::{Device, Tensor};

use ann_artifacts::TrainingConfig;
use ann_backprop::Schedule;

/// SGD as the slides: `W ← W − η (∂E/∂W + λW)`, `b ← b − η ∂E/∂b`, with optional momentum
/// `v ← μ v + ∂E_total/∂W`, `W ← W − η v`.
pub fn optimizer(t: &TrainingConfig) -> ModuleOptimizer {
    let weights = SlidesSgd { momentum: t.momentum, lambda: t.lambda };
    let biases = SlidesSgd { lambda: 0.0, ..weights };
    // The last matching group wins: biases get the same rule without the L2 term.
    let bias_group = ParamGroup::from_regex(r"\.bias$").expect("a valid pattern");
    ModuleOptimizer::from(weights).with_group(bias_group, biases, None)
}

/// burn's SGD with momentum and weight decay, computed as one pass per parameter
/// (`ann_backprop::update`) instead of seven tensor operations.
#[derive(Debug, Clone, Copy)]
pub struct SlidesSgd {
    pub momentum: f64,
    pub lambda: f64,
}

/// The velocity `v` of one parameter, kept in the optimizer's checkpoint.
#[derive(Clone)]
pub struct Velocity<const D: usize>(Tensor<D>);

impl<const D: usize> RecordState for Velocity<D> {
    fn state_flatten(&self, prefix: &str, out: &mut StateSink) {
        out.push_tensor(prefix, "velocity", self.0.clone().into_data());
    }

    fn state_unflatten(prefix: &str, src: &mut StateSource, device: &Device) -> Option<Self> {
        Some(Self(Tensor::from_data(src.take_tensor(prefix, "velocity")?, device)))
    }
}

impl Optimizer for SlidesSgd {
    type State<const D: usize> = Velocity<D>;

    fn step<const D: usize>(&self, lr: LearningRate, tensor: Tensor<D>, grad: Tensor<D>, state: Option<Velocity<D>>) -> (Tensor<D>, Option<Velocity<D>>) {
        let (tensor, velocity) = ann_backprop::update(tensor, grad, state.map(|v| v.0), lr, self.momentum, self.lambda);
        (tensor, velocity.map(Velocity))
    }

    fn to_device<const D: usize>(state: Velocity<D>, device: &Device) -> Velocity<D> {
        Velocity(state.0.to_device(device))
    }
}

/// η for each of the run's `steps` iterations: constant, or falling linearly to
/// `final_learning_rate` (the one [`Schedule`] of both engines and the page), as the Learner
/// steps it.
pub fn schedule(t: &TrainingConfig, steps: usize) -> ModuleLrScheduler {
    Eta(Schedule::new(t.learning_rate, t.final_learning_rate, steps)).into()
}

/// [`Schedule`] as burn's Learner steps and checkpoints it.
#[derive(Clone)]
struct Eta(Schedule);

impl LrScheduler for Eta {
    fn step(&mut self) -> LearningRate {
        self.0.next()
    }

    fn to_record(&self) -> LrSchedulerRecord {
        LrSchedulerRecord::new().with_scalar("taken", self.0.taken)
    }

    fn load_record(&mut self, record: LrSchedulerRecord) {
        if let Some(taken) = record.scalar::<usize>("taken") {
            self.0.taken = taken;
        }
    }
}

/// Iterations of a whole run: every epoch has ⌈n / batch⌉ of them.
pub fn total_steps(t: &TrainingConfig, train_samples: usize) -> usize {
    t.epochs * ann_backprop::steps_per_epoch(train_samples, t.batch_size)
}
