#!/usr/bin/env bash
# Builds the web page's WebAssembly (crates/page, for wasm32 with burn's flex backend) and runs
# `ann web` with the arguments given:
#   scripts/web.sh --artifacts artifacts/default [--port 8080] [--out DIR]
#   scripts/web.sh --build-only
# Installs the wasm32 target and the wasm-bindgen CLI (at the version in Cargo.lock) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
version="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$version" ]; then
    echo "installing wasm-bindgen-cli $version ..." >&2
    cargo install wasm-bindgen-cli --version "$version"
fi
# Its own build folder: the browser build's features differ from the native build's.
target="${ANN_WASM_TARGET:-/var/tmp/ann-wasm-target}"
# WebAssembly SIMD: gemm's f32x4 micro-kernels (burn-flex's matmul) and burn-flex's element-wise
# SIMD compile their wasm paths only with it; every browser since 2021 has it.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:--C target-feature=+simd128}"
CARGO_TARGET_DIR="$target" cargo build --release -p ann-page --target wasm32-unknown-unknown
wasm-bindgen --target web --no-typescript --out-dir crates/page/pkg "$target/wasm32-unknown-unknown/release/ann_page.wasm"
if [ "${1:-}" = "--build-only" ]; then
    echo "built crates/page/pkg" >&2
    exit 0
fi
cargo run --release -- web "$@"
