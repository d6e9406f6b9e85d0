"""Runs an `ann export`ed network in runtimes ann did not write, on MNIST's test set.

    python scripts/check_export.py MODEL.safetensors MODEL.onnx MNIST_DIR OUT_DIR

Loads the safetensors file with the `safetensors` package (and, if PyTorch is installed, into
`nn.Linear` layers fc1..fc3 with `load_state_dict(strict=True)`), the ONNX file with
`onnxruntime`, evaluates the 10,000 test images (pixels / 255) and writes, into OUT_DIR,
`<runtime>.f32` (the [10000, 10] probabilities, little-endian float32) and `summary.json`
(each runtime's accuracy). ann's test compares them with its own.
"""
import json
import os
import sys

import numpy as np

# The same IDX reader as the speed comparison (this folder is on the path).
from reference import load


def main():
    weights, onnx_path, mnist, out = sys.argv[1:5]
    x = load(mnist, "t10k-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255.0
    labels = load(mnist, "t10k-labels-idx1-ubyte").astype(np.int64)
    os.makedirs(out, exist_ok=True)
    results = {}

    from safetensors.numpy import load_file

    state = load_file(weights)
    expected = {"fc1.weight": (300, 784), "fc1.bias": (300,), "fc2.weight": (100, 300),
                "fc2.bias": (100,), "fc3.weight": (10, 100), "fc3.bias": (10,)}
    shapes = {k: tuple(v.shape) for k, v in state.items()}
    if shapes != expected:
        sys.exit(f"unexpected keys or shapes: {shapes}")
    # nn.Linear: y = x Wᵀ + b, ReLU between layers, softmax at the end.
    a = x
    for layer in (1, 2, 3):
        a = a @ state[f"fc{layer}.weight"].T + state[f"fc{layer}.bias"]
        if layer < 3:
            a = np.maximum(a, 0.0)
    e = np.exp(a - a.max(axis=1, keepdims=True))
    results["safetensors-numpy"] = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)

    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        net = torch.nn.Module()
        net.fc1, net.fc2, net.fc3 = torch.nn.Linear(784, 300), torch.nn.Linear(300, 100), torch.nn.Linear(100, 10)
        net.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in state.items()}, strict=True)
        with torch.no_grad():
            t = torch.from_numpy(x)
            t = torch.relu(net.fc1(t))
            t = torch.relu(net.fc2(t))
            results["pytorch"] = torch.softmax(net.fc3(t), dim=1).numpy().astype(np.float32)

    import onnxruntime

    session = onnxruntime.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    results["onnxruntime"] = session.run(["probabilities"], {"input": x})[0].astype(np.float32)

    summary = {}
    for name, probabilities in results.items():
        probabilities.astype("<f4").tofile(os.path.join(out, f"{name}.f32"))
        summary[name] = float((probabilities.argmax(axis=1) == labels).mean())
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
