#!/usr/bin/env bash
# Fuzzes the IDX parser (crates/data/src/idx.rs) with cargo fuzz (libFuzzer).
#   scripts/fuzz.sh [SECONDS]      default 600
# Crashes land in crates/data/fuzz/artifacts/idx/; turn each into a regression test.
set -euo pipefail
seconds="${1:-600}"
cd "$(dirname "$0")/../crates/data"

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
# cargo fuzz passes nightly-only -Z flags; this lets the stable toolchain accept them.
export RUSTC_BOOTSTRAP=1

mkdir -p fuzz/corpus/idx
cp -n fuzz/seeds/* fuzz/corpus/idx/
cargo fuzz run idx fuzz/corpus/idx -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=1024 -print_final_stats=1
