//! `--backend`: which burn device runs the tensors.
use burn::tensor::{Device, FloatDType, Tensor};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// CPU, burn's pure-Rust flex backend (the default: needs nothing but Rust).
    Flex,
    /// CPU, burn's ndarray backend (deprecated by burn 0.22; with the `openblas` feature its
    /// matrix products go through the system OpenBLAS).
    Ndarray,
    /// GPU through wgpu (Vulkan, Metal, DX12); Mesa's llvmpipe gives a slow CPU fallback.
    Wgpu,
}

#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    #[error(
        "the wgpu backend found no graphics adapter ({0}).\n\
         Use `--backend flex` (CPU), or install a Vulkan driver (on Debian/Ubuntu without a GPU: \
         `apt-get install mesa-vulkan-drivers`)."
    )]
    NoAdapter(String),
    #[error("the {backend} backend cannot compute in {dtype:?} here ({reason}); use `--backend flex`")]
    Precision { backend: &'static str, dtype: FloatDType, reason: String },
}

/// Floating-point precision of every tensor on the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    #[default]
    F32,
    F64,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Ndarray => "ndarray",
            Backend::Wgpu => "wgpu",
            Backend::Flex => "flex",
        }
    }

    /// The device in f32, checked to work: wgpu without an adapter is an error, not a panic.
    pub fn device(self) -> Result<Device, BackendError> {
        self.device_with(Precision::F32)
    }

    /// The device with every float in `precision`; set once, before the first tensor.
    pub fn device_with(self, precision: Precision) -> Result<Device, BackendError> {
        let mut device = match self {
            #[allow(deprecated)]
            Backend::Ndarray => Device::ndarray(),
            Backend::Flex => Device::flex(),
            Backend::Wgpu => {
                if !has_native_adapter() {
                    return Err(BackendError::NoAdapter(
                        "no Vulkan, Metal or DX12 adapter; wgpu's OpenGL fallback is not used".into(),
                    ));
                }
                Device::wgpu(Default::default())
            }
        };
        if precision == Precision::F64 {
            device.configure(FloatDType::F64).map_err(|e| BackendError::Precision {
                backend: self.name(),
                dtype: FloatDType::F64,
                reason: format!("{e:?}"),
            })?;
        }
        probe(&device)?;
        Ok(device)
    }
}

/// Whether wgpu has an adapter on a graphics API `ann` runs it on: Vulkan, Metal, DX12. wgpu's OpenGL
/// fallback is left out on purpose: on a machine without a Vulkan driver it autotuned for
/// minutes and then deadlocked (`Could not lock adapter context`), so no adapter there means
/// "say so at once". Asking costs milliseconds; with a native adapter, burn's own choice
/// (Vulkan first) is kept.
fn has_native_adapter() -> bool {
    use burn::cubecl::wgpu::wgpu;
    let backends = wgpu::Backends::VULKAN | wgpu::Backends::METAL | wgpu::Backends::DX12;
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor { backends, ..wgpu::InstanceDescriptor::new_without_display_handle() });
    !block_on(instance.enumerate_adapters(backends)).is_empty()
}

/// Native adapter enumeration is ready at the first poll; this only unwraps the future.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(value) = future.as_mut().poll(&mut context) {
            return value;
        }
        std::thread::yield_now();
    }
}

/// Runs one tiny operation; wgpu panics while choosing an adapter when there is none.
fn probe(device: &Device) -> Result<(), BackendError> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| {
        let t = Tensor::<1>::from_floats([1.0, 2.0], device);
        t.sum().into_scalar::<f32>()
    });
    std::panic::set_hook(hook);
    match result {
        Ok(3.0) => Ok(()),
        Ok(v) => Err(BackendError::NoAdapter(format!("a test sum gave {v} instead of 3"))),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "initialisation failed".into());
            Err(BackendError::NoAdapter(reason))
        }
    }
}

/// The widest vector instructions this CPU offers of those the CPU kernels (gemm's matrix
/// products) choose from at run time: `avx512f`, `avx2+fma`, or the baseline (`sse2` on
/// x86-64). One binary serves every CPU; this says which path it takes here.
pub fn cpu_kernels() -> &'static str {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") {
            return "avx512f";
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
            return "avx2+fma";
        }
        "sse2"
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        std::env::consts::ARCH
    }
}

/// Keeps freed tensor buffers in the process instead of returning them to the system. glibc
/// serves blocks above 128 KiB-32 MiB with fresh `mmap`s and unmaps them when freed, so every
/// step's large tensors (the 784×300 gradient of `W(1)`: 940 KB) came back as new pages,
/// zeroed by the kernel one page fault at a time. Measured with
/// `cargo run --release --example matmul_shapes flex`: `x(0)ᵀ δ(1)` 945 µs → 250-290 µs.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        // 32 MiB is glibc's largest mmap threshold on 64-bit systems.
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
}

/// Runs `work` on a thread of rayon's pool. burn-ndarray wraps each matrix product and many
/// element-wise operations in `rayon::scope`, which, called from any other thread, hands the
/// work to the pool and sleeps until it is done: two thread switches per operation, dozens per
/// batch. On a pool thread the same call runs in place. Measured with `ann bench` (ndarray,
/// OpenBLAS, medians of 5 runs back to back): manual engine 71.0k → 81.3k training samples/s,
/// learner 49.5k → 61.6k.
pub fn on_compute_pool<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    rayon::scope(|_| work())
}

#[cfg(test)]
mod tests {
    #[test]
    fn work_runs_on_a_thread_of_the_pool_and_returns_its_value() {
        assert_eq!(rayon::current_thread_index(), None);
        let (on_pool, value) = super::on_compute_pool(|| (rayon::current_thread_index().is_some(), 42));
        assert!(on_pool, "the work ran outside rayon's pool");
        assert_eq!(value, 42);
    }
}
