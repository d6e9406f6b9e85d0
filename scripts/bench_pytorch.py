"""The reference for `ann bench`: the same network and recipe in PyTorch (CPU), a plain loop.

784-300-100-10, ReLU, softmax + cross-entropy, Xavier-uniform weights, zero biases, SGD with
momentum, L2 on the weights only, batch B, on the real MNIST files. Prints one JSON line with
the same keys as `ann bench --json` (samples/s of training, images/s of evaluation).

Usage: bench_pytorch.py --config configs/default.toml --samples 48000 [--threads 2]
"""
import argparse
import gzip
import json
import os
import sys
import time
import tomllib

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    sys.exit(f"error: no {stem}[.gz] in {folder}; set MNIST_DIR to the folder with the MNIST files")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", default="configs/default.toml")
    parser.add_argument("--samples", type=int, default=48000)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    with open(args.config, "rb") as f:
        config = tomllib.load(f)
    t = config["training"]
    layers = config["model"]["layers"]
    batch, lr, mu, lam = t["batch_size"], t["learning_rate"], t.get("momentum", 0.0), t.get("lambda", 0.0)
    torch.set_num_threads(args.threads)
    torch.manual_seed(t.get("seed", 42))

    folder = config.get("data", {}).get("dir") or os.environ.get("MNIST_DIR", "data/mnist")
    x_train = torch.from_numpy(read_idx(find(folder, "train-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0)
    y_train = torch.from_numpy(read_idx(find(folder, "train-labels-idx1-ubyte")).astype(np.int64))
    x_test = torch.from_numpy(read_idx(find(folder, "t10k-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255.0)
    y_test = torch.from_numpy(read_idx(find(folder, "t10k-labels-idx1-ubyte")).astype(np.int64))

    model = torch.nn.Sequential(
        torch.nn.Linear(layers[0], layers[1]), torch.nn.ReLU(),
        torch.nn.Linear(layers[1], layers[2]), torch.nn.ReLU(),
        torch.nn.Linear(layers[2], layers[3]),
    )
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    weights = [p for n, p in model.named_parameters() if n.endswith("weight")]
    biases = [p for n, p in model.named_parameters() if n.endswith("bias")]
    optimizer = torch.optim.SGD(
        [{"params": weights, "weight_decay": lam}, {"params": biases, "weight_decay": 0.0}], lr=lr, momentum=mu
    )

    done, started = 0, time.perf_counter()
    while done < args.samples:
        order = torch.randperm(len(x_train))
        for i in range(0, len(order), batch):
            if done >= args.samples:
                break
            idx = order[i : i + batch]
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            done += len(idx)
    train_seconds = time.perf_counter() - started

    with torch.no_grad():
        started = time.perf_counter()
        correct = 0
        for i in range(0, len(x_test), 1000):
            logits = model(x_test[i : i + 1000])
            F.cross_entropy(logits, y_test[i : i + 1000])
            correct += (logits.argmax(1) == y_test[i : i + 1000]).sum().item()
        eval_seconds = time.perf_counter() - started

    print(json.dumps({
        "framework": f"pytorch {torch.__version__}",
        "threads": torch.get_num_threads(),
        "train_samples": done,
        "train_seconds": train_seconds,
        "train_samples_per_second": done / train_seconds,
        "eval_images": len(x_test),
        "eval_seconds": eval_seconds,
        "eval_images_per_second": len(x_test) / eval_seconds,
        "test_accuracy": correct / len(x_test),
    }))


if __name__ == "__main__":
    main()
