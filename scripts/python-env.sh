#!/usr/bin/env bash
# Creates .venv/ with the Python packages that check `ann export` (numpy, safetensors,
# onnxruntime) and make the held-out pictures of your own digits (Pillow, scikit-learn's 8×8
# digits: scripts/heldout_digits.py) and the letters (hershey-fonts: scripts/letters.py); with
# --torch also PyTorch (CPU), for the strict load_state_dict check, scripts/compare-pytorch.sh
# and scripts/letters_pytorch.py. Idempotent: packages already there are not fetched again.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c "import numpy, safetensors, onnxruntime, PIL, sklearn, HersheyFonts" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check numpy safetensors onnxruntime pillow scikit-learn hershey-fonts
fi
if [ "${1:-}" = "--torch" ] && ! "$venv/bin/python" -c "import torch" 2>/dev/null; then
    # The CPU-only wheel is much smaller; PyPI's default wheel also works, CUDA unused.
    "$venv/bin/pip" install --quiet --retries 1 --timeout 30 torch --index-url https://download.pytorch.org/whl/cpu 2>/dev/null \
        || "$venv/bin/pip" install --quiet torch
fi
echo "$venv/bin/python"
