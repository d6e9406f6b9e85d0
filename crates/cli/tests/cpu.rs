//! One binary for every x86-64 CPU: the AVX-512 kernels are chosen at run time, so the same
//! `ann` runs on a CPU without them. Checked under qemu's Haswell model (AVX2, no AVX-512),
//! which CI installs (`qemu-user`).
mod common;

use std::process::Command;

use common::{metrics, stderr};

fn under_haswell(args: &[&str]) -> std::process::Output {
    Command::new("qemu-x86_64")
        .args(["-cpu", "Haswell", env!("CARGO_BIN_EXE_ann")])
        .args(args)
        .current_dir(common::root())
        .env("MNIST_DIR", common::mnist_dir())
        .output()
        .expect("qemu-x86_64 runs (apt-get install qemu-user)")
}

#[test]
#[ignore = "needs qemu-user (qemu-x86_64): see .ci/run"]
fn without_avx512_the_same_binary_checks_its_gradients_and_trains_alike() {
    let out = under_haswell(&["gradcheck", "--batch", "10", "--json"]);
    assert!(out.status.success(), "gradcheck under qemu: {}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["passed"], true);
    assert_eq!(report["cpu_kernels"], "avx2+fma", "qemu's Haswell has AVX2 and FMA, no AVX-512");
    // Natively, the same binary takes the AVX-512 path where this machine has it.
    let native = common::ann(&["gradcheck", "--batch", "10", "--json"]);
    let native: serde_json::Value = serde_json::from_slice(&native.stdout).unwrap();
    let host_has_avx512 = std::fs::read_to_string("/proc/cpuinfo").unwrap().contains(" avx512f");
    assert_eq!(native["cpu_kernels"] == "avx512f", host_has_avx512, "{native}");

    let tmp = tempfile::tempdir().unwrap();
    let (emulated, native) = (tmp.path().join("haswell"), tmp.path().join("native"));
    // The quick recipe with the default one's distortions: their vector code runs on AVX2 too.
    let config = tmp.path().join("quick-distorted.toml");
    let quick = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../configs/quick.toml")).unwrap();
    std::fs::write(&config, quick + "\n[data.augment]\nshift = 2.0\nrotate = 10.0\nscale = 0.1\nstroke = 0.4\nelastic = 1.5\nshear = 0.25\n").unwrap();
    let config = config.to_str().unwrap();
    let out = under_haswell(&["train", "--config", config, "--artifacts", emulated.to_str().unwrap()]);
    assert!(out.status.success(), "training under qemu: {}", stderr(&out));
    let out = common::ann(&["train", "--config", config, "--artifacts", native.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (a, b) = (metrics(&emulated), metrics(&native));
    let gap = (a["test_accuracy"].as_f64().unwrap() - b["test_accuracy"].as_f64().unwrap()).abs();
    // Other kernels sum in another order: the same run to within a few test images.
    assert!(gap <= 0.003, "AVX2 and native runs differ by {:.2} points", gap * 100.0);
    assert!(a["test_accuracy"].as_f64().unwrap() > 0.7, "{a}");
}
