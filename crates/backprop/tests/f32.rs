//! In f32 the δ formulas agree with autodiff within 1e-4 of each tensor's largest gradient.
mod common;

use burn::tensor::Device;

#[test]
fn manual_gradients_match_autodiff_in_f32() {
    let _rng = common::rng_lock();
    #[allow(deprecated)]
    let device = Device::ndarray();
    let worst = common::worst_error(&device, &[1, 100, 300]);
    assert!(worst <= 1e-4, "max relative error {worst:e} > 1e-4");
}
