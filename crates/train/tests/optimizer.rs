//! The one-pass update rule of both engines against burn's own SGD (momentum, weight decay on
//! the weights only): 100 steps from the same weights on the same batches end in the same
//! weights, on flex (where the pass runs in place) and on ndarray (tensor operations). And burn's
//! Learner hands the optimizer a model that alone holds its weights, so that pass is in place.
use std::path::Path;

use ann_artifacts::TrainingConfig;
use ann_data::{MnistBatcher, MnistDataset, locate};
use ann_model::{Mlp, ModelConfig};
use ann_train::optimizer::{optimizer, schedule};
use burn::backend::Flex;
use burn::module::ParamGroup;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::momentum::MomentumConfig;
use burn::optim::{GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::Device;
use burn::train::Learner;

/// burn's SGD configured as the slides' rule.
fn burn_sgd(t: &TrainingConfig) -> ModuleOptimizer {
    let momentum = (t.momentum > 0.0).then(|| MomentumConfig::new().with_momentum(t.momentum).with_dampening(0.0));
    let biases = SgdConfig::new().with_momentum(momentum.clone());
    let weights = biases.clone().with_weight_decay((t.lambda > 0.0).then(|| WeightDecayConfig::new(t.lambda as f32)));
    weights.init().with_group(ParamGroup::from_regex(r"\.bias$").unwrap(), biases.build(), None)
}

fn values(model: &Mlp) -> Vec<f32> {
    model
        .layers()
        .iter()
        .flat_map(|l| [l.weight.val().flatten::<1>(0, 1), l.bias.as_ref().unwrap().val()])
        .flat_map(|t| t.into_data().convert::<f32>().try_to_vec::<f32>().unwrap())
        .collect()
}

#[test]
fn one_pass_sgd_equals_burns_sgd_over_100_steps() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = locate(Some(&ann_data::test_mnist_dir(&root).unwrap()), &[]).unwrap();
    let train = MnistDataset::load(&files.train_images, &files.train_labels).unwrap();
    #[allow(deprecated)]
    let devices = [("flex", Device::flex()), ("ndarray", Device::ndarray())];
    for (name, device) in devices {
        for (momentum, lambda) in [(0.0, 0.0), (0.0, 1e-3), (0.9, 1e-3), (0.9, 0.0)] {
            let t = TrainingConfig { learning_rate: 0.05, lambda, momentum, ..Default::default() };
            let ad = device.clone().autodiff();
            ad.seed(5);
            let start = Mlp::new(&ModelConfig::default(), &ad);
            let (mut ours, mut theirs) = (start.clone(), start);
            let (mut our_optim, mut their_optim) = (optimizer(&t), burn_sgd(&t));
            for step in 0..100 {
                let part = train.slice(step * 20..(step + 1) * 20);
                let batch = MnistBatcher::from_bytes(part.pixels(), part.labels(), &ad);
                let grads = |model: &Mlp| {
                    let loss = model.loss(model.forward(batch.images.clone()), batch.targets.clone());
                    GradientsParams::from_grads(loss.backward(), model)
                };
                let (g_ours, g_theirs) = (grads(&ours), grads(&theirs));
                ours = our_optim.step(t.learning_rate, ours, g_ours);
                theirs = their_optim.step(t.learning_rate, theirs, g_theirs);
            }
            let (a, b) = (values(&ours), values(&theirs));
            let worst = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
            assert!(worst <= 1e-6, "{name}, μ {momentum}, λ {lambda}: parameters differ by {worst}");
            assert!(a.iter().zip(&b).any(|(x, _)| *x != 0.0), "nothing was trained");
            // And the optimizer really moved the weights (not a rule that does nothing twice).
            let untrained = {
                ad.seed(5);
                values(&Mlp::new(&ModelConfig::default(), &ad))
            };
            let moved = a.iter().zip(&untrained).map(|(x, y)| (x - y).abs()).fold(0.0f32, f32::max);
            assert!(moved > 1e-3, "{name}: the weights hardly moved ({moved})");
        }
    }
}

/// Where the first layer's weights live now.
fn address_of_w1(learner: &Learner<Mlp>) -> usize {
    let w = learner.model().fc1.weight.val().inner();
    let w = w.try_into_primitive::<Flex>().expect("a flex tensor");
    w.storage::<f32>().as_ptr() as usize
}

#[test]
fn the_learners_step_updates_the_weights_in_their_own_memory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = locate(Some(&ann_data::test_mnist_dir(&root).unwrap()), &[]).unwrap();
    let train = MnistDataset::load(&files.train_images, &files.train_labels).unwrap().slice(0..100);
    let t = TrainingConfig { learning_rate: 0.05, momentum: 0.9, lambda: 1e-3, ..Default::default() };
    let ad = Device::flex().autodiff();
    let mut learner = Learner::new(Mlp::new(&ModelConfig::default(), &ad), optimizer(&t), schedule(&t, 10));
    for step in 0..3 {
        let (before, w1) = (address_of_w1(&learner), values(&learner.model()));
        learner.lr_step();
        let output = learner.train_step(MnistBatcher::from_bytes(train.pixels(), train.labels(), &ad));
        learner.optimizer_step(output.grads);
        drop(output.item);
        // Only the model being stepped holds its weights, so the pass writes them where they
        // are, rather than copying them to new memory first.
        assert_eq!(address_of_w1(&learner), before, "step {step}: W(1) moved to new memory");
        assert_ne!(values(&learner.model()), w1, "step {step}: the weights did not change");
    }
}
