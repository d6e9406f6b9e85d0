#!/usr/bin/env bash
# `ann bench` side by side with PyTorch (CPU) and NumPy running the same network and recipe
# (scripts/reference.py), alternating, several rounds; prints medians and the median ratios.
#   scripts/compare-pytorch.sh [ROUNDS] [SAMPLES] [BACKEND] [CONFIG]
#   defaults: 5 100000 flex configs/plain.toml
# The peers train the config's network and training recipe without its [data.augment]
# distortions, so the fair comparison is a recipe without them (plain).
# Needs MNIST_DIR (or data/mnist) and python3 >= 3.11. Installs PyTorch (CPU) and NumPy into
# .venv/ on first use. A benchmark, not a test: CI does not run it.
set -euo pipefail
rounds="${1:-5}"
samples="${2:-100000}"
backend="${3:-flex}"
config="${4:-configs/plain.toml}"
cd "$(dirname "$0")/.."

venv=.venv
if ! "$venv/bin/python" -c "import torch, numpy" 2>/dev/null; then
    echo "installing PyTorch (CPU) and NumPy into $venv/ ..."
    python3 -m venv "$venv"
    # The CPU-only wheel is much smaller; PyPI's default wheel also works, CUDA unused.
    "$venv/bin/pip" install --quiet --retries 1 --timeout 30 torch numpy \
        --index-url https://download.pytorch.org/whl/cpu 2>/dev/null \
        || "$venv/bin/pip" install --quiet torch numpy
fi

cargo build --release --quiet
ann="${CARGO_TARGET_DIR:-target}/release/ann"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

for round in $(seq "$rounds"); do
    echo "round $round/$rounds" >&2
    "$ann" bench --config "$config" --backend "$backend" --engine learner --samples "$samples" --json >>"$results/learner"
    "$venv/bin/python" scripts/reference.py --framework pytorch --config "$config" --samples "$samples" >>"$results/pytorch"
    "$ann" bench --config "$config" --backend "$backend" --engine manual --samples "$samples" --json >>"$results/manual"
    "$venv/bin/python" scripts/reference.py --framework numpy --config "$config" --samples "$samples" >>"$results/numpy"
    "$venv/bin/python" scripts/reference.py --framework pytorch --peak >>"$results/pytorch-peak"
    "$venv/bin/python" scripts/reference.py --framework numpy --peak >>"$results/numpy-peak"
done

"$venv/bin/python" - "$results" "$backend" <<'EOF'
import json, platform, statistics, sys
folder, backend = sys.argv[1], sys.argv[2]
runs = {name: [json.loads(line) for line in open(f"{folder}/{name}")]
        for name in ("learner", "pytorch", "manual", "numpy", "pytorch-peak", "numpy-peak")}
median = lambda name, key: statistics.median(r[key] for r in runs[name])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
flags = next((l for l in open("/proc/cpuinfo") if l.startswith("flags")), "")
cpu += ", AVX-512" if " avx512f" in flags else ", no AVX-512"
first = runs["learner"][0]
print(f"\n{len(runs['learner'])} rounds of {first['train_samples']} training samples, batch {first['batch_size']}; "
      f"{cpu}, {first['threads']} threads; medians")
print(f"{'':28}{'train samples/s':>16}{'eval images/s':>16}")
labels = {
    "learner": f"ann learner ({backend})", "pytorch": runs["pytorch"][0]["framework"],
    "manual": f"ann manual ({backend})", "numpy": runs["numpy"][0]["framework"] + " (by hand)",
}
for name, label in labels.items():
    print(f"{label:28}{median(name, 'train_samples_per_second'):>16.0f}{median(name, 'eval_images_per_second'):>16.0f}")

def ratio(a, b, key="train_samples_per_second"):
    # Paired by round: each pair ran back to back.
    return statistics.median(x[key] / y[key] for x, y in zip(runs[a], runs[b]))

# The machine's real limit: the best f32 product any of the three reaches, over the FLOP of
# one training sample (ann bench's own count).
flop = runs["manual"][0]["train_flop_per_sample"]
peaks = {f"ann ({backend})": median("manual", "matmul_gflops"), "NumPy": median("numpy-peak", "matmul_gflops"),
         "PyTorch": median("pytorch-peak", "matmul_gflops")}
best_name, best = max(peaks.items(), key=lambda kv: kv[1])
print("\nbest f32 matrix product (GFLOP/s): " + ", ".join(f"{k} {v:.0f}" for k, v in peaks.items()))
print(f"ann's peak / PyTorch's peak  {peaks[f'ann ({backend})'] / peaks['PyTorch']:.2f}")
print(f"the machine's limit: {best:.0f} GFLOP/s ({best_name}) / {flop / 1e6:.3f} MFLOP a sample = {best * 1e9 / flop:.0f} samples/s")
print(f"learner / PyTorch     training {ratio('learner', 'pytorch'):.2f}   evaluation {ratio('learner', 'pytorch', 'eval_images_per_second'):.2f}")
print(f"manual  / NumPy       training {ratio('manual', 'numpy'):.2f}")
print(f"manual  / PyTorch     training {ratio('manual', 'pytorch'):.2f}")
for name, label in labels.items():
    print(f"{label:28}fraction of the machine's limit {median(name, 'train_samples_per_second') * flop / 1e9 / best:.2f}")
EOF
