//! The update rule on the parameters' own memory: one pass over each parameter's elements
//! where the tensors allow it (f32 on flex), tensor operations elsewhere. Only speed lives here;
//! the rule is the slides' `W ← W − η ∂E_total/∂W` ([`crate::Sgd`]).
use burn::backend::flex::FlexTensor;
use burn::backend::{DispatchDevice, Flex};
use burn::tensor::{DType, Tensor};

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
/// dense block of memory. A buffer that something else still holds is copied first.
#[allow(non_snake_case)]
fn update_in_place(W: &mut FlexTensor, g: &FlexTensor, v: Option<&mut FlexTensor>, eta: f32, mu: f32, lambda: f32) -> Option<()> {
    let block = |t: &FlexTensor, n: usize| t.layout().contiguous_offsets().filter(|(start, end)| end - start == n);
    let n = g.layout().num_elements();
    let (gs, ge) = block(g, n)?;
    let (ws, we) = block(W, n)?;
    let vb = match &v {
        Some(v) => Some(block(v, n)?),
        None => None,
    };
    let g = &g.storage::<f32>()[gs..ge];
    let W = &mut W.storage_mut::<f32>()[ws..we];
    match (v, vb) {
        (Some(v), Some((vs, ve))) => {
            let v = &mut v.storage_mut::<f32>()[vs..ve];
            in_parts(W, Some(v), g, |W, v, g| {
                let Some(v) = v else { unreachable!("in_parts hands a share of v with each share of W") };
                for ((W, v), g) in W.iter_mut().zip(v.iter_mut()).zip(g) {
                    /// v ← μ v + (∂E/∂W + λ W)
                    let v_next = mu * *v + (lambda * *W + g);
                    /// W ← W − η v
                    let W_next = *W - eta * v_next;
                    (*v, *W) = (v_next, W_next);
                }
            });
        }
        _ => in_parts(W, None, g, |W, _, g| {
            for (W, g) in W.iter_mut().zip(g) {
                /// W ← W − η (∂E/∂W + λ W)
                let W_next = *W - eta * (lambda * *W + g);
                *W = W_next;
            }
        }),
    }
    Some(())
}

/// Elements per share of a large parameter's update (256 KiB of each of W, v and g).
#[cfg(not(target_family = "wasm"))]
const SHARE: usize = 1 << 16;

/// Runs `rule` on matching shares of `W`, `v` and `g`: on rayon's threads when the parameter
/// is large (the first layer's weights: the pass is bound by memory, which two cores read
/// faster than one), on this thread otherwise and in the browser.
#[allow(non_snake_case)]
fn in_parts(W: &mut [f32], v: Option<&mut [f32]>, g: &[f32], rule: impl Fn(&mut [f32], Option<&mut [f32]>, &[f32]) + Sync) {
    #[cfg(not(target_family = "wasm"))]
    if W.len() >= 2 * SHARE {
        use rayon::prelude::*;
        let parts = W.par_chunks_mut(SHARE).zip(g.par_chunks(SHARE));
        match v {
            Some(v) => parts.zip(v.par_chunks_mut(SHARE)).for_each(|((W, g), v)| rule(W, Some(v), g)),
            None => parts.for_each(|(W, g)| rule(W, None, g)),
        }
        return;
    }
    rule(W, v, g)
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
