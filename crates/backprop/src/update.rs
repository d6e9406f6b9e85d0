//! The update rule in one pass over each parameter's elements where the tensors allow it (f32
//! on flex): in the parameter's own memory, or into new memory when something else still holds
//! it; tensor operations elsewhere. Only speed lives here;
//! the rule is the slides' `W ← W − η ∂E_total/∂W` ([`crate::Sgd`]).
use std::mem::MaybeUninit;

use burn::backend::flex::FlexTensor;
use burn::backend::{DispatchDevice, Flex};
use burn::tensor::{DType, Tensor, TensorData};

/// One step of the update rule for one parameter: `g` is ∂E/∂W, `lambda` the L2 term not yet
/// in it (0 if it is), `v` the last step's velocity (`None` at the first); the new velocity
/// comes back when μ > 0. Both engines step every parameter through this: in a single pass
/// over its elements where the tensors allow it (f32 on flex), by tensor operations elsewhere.
#[allow(non_snake_case)]
pub fn update<const D: usize>(W: Tensor<D>, g: Tensor<D>, v: Option<Tensor<D>>, eta: f64, mu: f64, lambda: f64) -> (Tensor<D>, Option<Tensor<D>>) {
    let on_flex_f32 = |t: &Tensor<D>| matches!(t.device().as_dispatch(), DispatchDevice::Flex(_)) && t.dtype() == DType::F32;
    if !(on_flex_f32(&W) && on_flex_f32(&g) && v.as_ref().is_none_or(on_flex_f32)) {
        return update_by_operations(W, g, v, eta, mu, lambda);
    }
    let flex = |t: Tensor<D>| t.try_into_primitive::<Flex>().expect("checked to be a flex tensor");
    let tensor = |t: FlexTensor| Tensor::<D>::from_primitive::<Flex>(t);
    let (mut w, g) = (flex(W), flex(g));
    // No velocity yet is a velocity of zeros: `μ·0 + g = g`, as burn's momentum starts.
    let mut velocity = (mu > 0.0).then(|| v.map_or_else(|| FlexTensor::zeros(g.layout().shape().clone(), DType::F32), flex));
    match update_in_place(&mut w, &g, velocity.as_mut(), eta as f32, mu as f32, lambda as f32) {
        Some(()) => (tensor(w), velocity.map(tensor)),
        // A strided view: not one block of memory.
        None => update_by_operations(tensor(w), tensor(g), velocity.map(tensor), eta, mu, lambda),
    }
}

/// The rule on the elements themselves; `None` (nothing changed) when a tensor is not one
/// dense block of memory.
#[allow(non_snake_case)]
fn update_in_place(W: &mut FlexTensor, g: &FlexTensor, v: Option<&mut FlexTensor>, eta: f32, mu: f32, lambda: f32) -> Option<()> {
    let block = |t: &FlexTensor, n: usize| t.layout().contiguous_offsets().filter(|(start, end)| end - start == n);
    let n = g.layout().num_elements();
    let (gs, ge) = block(g, n)?;
    let (ws, we) = block(W, n)?;
    let v = match v {
        Some(v) => {
            let (vs, ve) = block(v, n)?;
            Some(&mut v.storage_mut::<f32>()[vs..ve])
        }
        None => None,
    };
    let g = &g.storage::<f32>()[gs..ge];
    let rule = Rule { eta, mu, lambda };
    if W.is_unique() {
        in_parts(&mut W.storage_mut::<f32>()[ws..we], v, g, |_, W, v, g| rule.in_place(W, v, g));
    } else {
        // Something else still holds W's memory (a checkpoint being written, a caller's clone
        // of the model): the new W goes to memory of its own, one pass, rather than a copy of
        // the old W updated in a second pass.
        let shape = W.layout().shape().clone();
        let W_next = rule.into_new(&W.storage::<f32>()[ws..we], v, g);
        *W = FlexTensor::from_data(TensorData::new(W_next, shape));
    }
    Some(())
}

/// The update rule's constants.
#[derive(Clone, Copy)]
struct Rule {
    eta: f32,
    mu: f32,
    lambda: f32,
}

impl Rule {
    /// One weight's step: `(W, v)` after it, from W, its velocity (with momentum) and ∂E/∂W.
    #[allow(non_snake_case)]
    #[inline(always)]
    fn one(self, W: f32, v: Option<f32>, g: f32) -> (f32, f32) {
        let Rule { eta, mu, lambda } = self;
        match v {
            Some(v) => {
                /// v ← μ v + (∂E/∂W + λ W)
                let v_next = mu * v + (lambda * W + g);
                /// W ← W − η v
                let W_next = W - eta * v_next;
                (W_next, v_next)
            }
            None => {
                /// W ← W − η (∂E/∂W + λ W)
                let W_next = W - eta * (lambda * W + g);
                (W_next, 0.0)
            }
        }
    }

    /// The step on matching slices, W and v overwritten.
    #[allow(non_snake_case)]
    fn in_place(self, W: &mut [f32], v: Option<&mut [f32]>, g: &[f32]) {
        match v {
            Some(v) => W.iter_mut().zip(v.iter_mut()).zip(g).for_each(|((W, v), &g)| (*W, *v) = self.one(*W, Some(*v), g)),
            None => W.iter_mut().zip(g).for_each(|(W, &g)| *W = self.one(*W, None, g).0),
        }
    }

    /// The step with W left as it is: the new W comes back, v is overwritten.
    #[allow(non_snake_case)]
    fn into_new(self, W: &[f32], v: Option<&mut [f32]>, g: &[f32]) -> Vec<f32> {
        let n = W.len();
        let mut W_next = Vec::with_capacity(n);
        in_parts(&mut W_next.spare_capacity_mut()[..n], v, g, |start, out, v, g| {
            self.into_slice(out, &W[start..start + out.len()], v, g)
        });
        // SAFETY: `in_parts` hands every element of the first n to `into_slice`, which writes each.
        unsafe { W_next.set_len(n) };
        W_next
    }

    /// The step from W into `out` (as long as W), v overwritten.
    #[allow(non_snake_case)]
    fn into_slice(self, out: &mut [MaybeUninit<f32>], W: &[f32], v: Option<&mut [f32]>, g: &[f32]) {
        assert!(out.len() == W.len() && g.len() == W.len() && v.as_ref().is_none_or(|v| v.len() == W.len()));
        match v {
            Some(v) => out.iter_mut().zip(W).zip(v.iter_mut()).zip(g).for_each(|(((out, &W), v), &g)| {
                let (W_next, v_next) = self.one(W, Some(*v), g);
                *v = v_next;
                out.write(W_next);
            }),
            None => out.iter_mut().zip(W).zip(g).for_each(|((out, &W), &g)| {
                out.write(self.one(W, None, g).0);
            }),
        }
    }
}

/// Elements per share of a large parameter's update (256 KiB of each of W, v and g).
#[cfg(not(target_family = "wasm"))]
const SHARE: usize = 1 << 16;

/// Runs `rule` on matching shares of `out` (W itself, or where the new W goes), `v` and `g`,
/// each share with its first element's index: on rayon's threads when the parameter is large
/// (the first layer's weights: the pass is bound by memory, which two cores read faster than
/// one), on this thread otherwise and in the browser.
fn in_parts<O: Send>(out: &mut [O], v: Option<&mut [f32]>, g: &[f32], rule: impl Fn(usize, &mut [O], Option<&mut [f32]>, &[f32]) + Sync) {
    #[cfg(not(target_family = "wasm"))]
    if out.len() >= 2 * SHARE {
        use rayon::prelude::*;
        let parts = out.par_chunks_mut(SHARE).enumerate().zip(g.par_chunks(SHARE));
        match v {
            Some(v) => parts.zip(v.par_chunks_mut(SHARE)).for_each(|(((i, out), g), v)| rule(i * SHARE, out, Some(v), g)),
            None => parts.for_each(|((i, out), g)| rule(i * SHARE, out, None, g)),
        }
        return;
    }
    rule(0, out, v, g)
}

/// The same rule as tensor operations, for devices whose memory is not ours to touch.
#[allow(non_snake_case)]
fn update_by_operations<const D: usize>(W: Tensor<D>, g: Tensor<D>, v: Option<Tensor<D>>, eta: f64, mu: f64, lambda: f64) -> (Tensor<D>, Option<Tensor<D>>) {
    /// ∂E_total/∂W = ∂E/∂W + λ W
    let g = if lambda > 0.0 { W.clone() * lambda + g } else { g };
    /// v ← μ v + ∂E_total/∂W
    let v = (mu > 0.0).then(|| match v {
        Some(v) => v * mu + g.clone(),
        None => g.clone(),
    });
    /// W ← W − η v
    let W = W - v.clone().unwrap_or(g) * eta;
    (W, v)
}

#[cfg(test)]
#[allow(non_snake_case)]
mod tests {
    use super::*;
    use burn::tensor::Device;

    fn tensor(n: usize, phase: f32) -> Tensor<1> {
        let values: Vec<f32> = (0..n).map(|i| (i as f32 * 0.37 + phase).sin()).collect();
        Tensor::from_data(TensorData::new(values, [n]), &Device::flex())
    }

    fn values(t: &Tensor<1>) -> Vec<f32> {
        t.to_data().try_to_vec::<f32>().expect("f32 values")
    }

    /// Whether W's memory is the parameter's own or still held elsewhere (a checkpoint being
    /// written, a clone of the model), the rule gives the same W and v, equal to the rule
    /// written as tensor operations, and the holder's W stays as it was. Sizes below and above
    /// the threaded pass's threshold.
    #[test]
    fn a_weight_held_elsewhere_steps_as_one_of_its_own_and_stays_unchanged_for_the_holder() {
        for n in [1000, 2 * SHARE + 17] {
            for (mu, lambda) in [(0.0, 0.0), (0.0, 1e-3), (0.9, 0.0), (0.9, 1e-3)] {
                let (W, g, v) = (tensor(n, 0.0), tensor(n, 1.0), tensor(n, 2.0));
                let before = values(&W);
                let velocity = || (mu > 0.0).then(|| Tensor::from_data(v.to_data(), &Device::flex()));
                let (own_W, own_v) = update(Tensor::from_data(W.to_data(), &Device::flex()), g.clone(), velocity(), 0.1, mu, lambda);
                let (held_W, held_v) = update(W.clone(), g.clone(), velocity(), 0.1, mu, lambda);
                let (ops_W, ops_v) = update_by_operations(W.clone(), g.clone(), velocity(), 0.1, mu, lambda);
                assert_eq!(values(&W), before, "the holder's W changed (n = {n}, μ = {mu}, λ = {lambda})");
                assert_eq!(values(&own_W), values(&held_W), "n = {n}, μ = {mu}, λ = {lambda}");
                assert_eq!(own_v.as_ref().map(values), held_v.as_ref().map(values));
                let near = |a: Vec<f32>, b: Vec<f32>| a.iter().zip(&b).all(|(a, b)| (a - b).abs() <= 1e-6);
                assert!(near(values(&own_W), values(&ops_W)), "W differs from the tensor operations' (n = {n}, μ = {mu}, λ = {lambda})");
                assert_eq!(own_v.is_some(), ops_v.is_some());
                if let (Some(a), Some(b)) = (own_v, ops_v) {
                    assert!(near(values(&a), values(&b)), "v differs from the tensor operations' (n = {n}, μ = {mu}, λ = {lambda})");
                }
                assert_ne!(values(&own_W), before, "nothing was updated");
            }
        }
    }
}
