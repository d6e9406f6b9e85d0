"""The references `ann bench` is compared with: the same network and recipe, a plain loop.

784-300-100-10, ReLU, softmax + cross-entropy, Xavier-uniform weights, zero biases, SGD with
momentum, L2 on the weights only, batch B, η falling linearly if the config says so, on the
real MNIST files.
  --framework pytorch   PyTorch (CPU) with autodiff: what most people would write.
  --framework numpy     the slides' hand-written back-propagation in NumPy (its OpenBLAS).
Prints one JSON line with the keys of `ann bench --json` that apply.

  --peak                instead: the framework's best f32 matrix product (GFLOP/s) over the
                        square sizes `ann bench` tries, the machine's real limit.

Usage: reference.py --framework pytorch|numpy [--config configs/default.toml] [--samples 60000] [--peak]
"""
import argparse
import gzip
import json
import os
import sys
import time
import tomllib

import numpy as np


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(folder, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(folder, name)):
            return read_idx(os.path.join(folder, name))
    sys.exit(f"error: no {stem}[.gz] in {folder}; set MNIST_DIR to the folder with the MNIST files")


def batches(n_train, batch, samples, rng):
    """Index arrays of `batch` items, reshuffled each epoch, until `samples` items were served."""
    done = 0
    while done < samples:
        order = rng.permutation(n_train)
        for i in range(0, n_train, batch):
            if done >= samples:
                return
            idx = order[i : i + batch]
            done += len(idx)
            yield idx


def learning_rates(t, steps):
    eta, last = t["learning_rate"], t.get("final_learning_rate")
    for k in range(steps):
        yield eta if last is None else eta + (last - eta) * k / max(steps, 1)


def train_pytorch(args, t, layers, data):
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(args.threads)
    torch.manual_seed(t.get("seed", 42))
    x_train, y_train, x_test, y_test = (torch.from_numpy(a) for a in data)
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
        [{"params": weights, "weight_decay": t.get("lambda", 0.0)}, {"params": biases, "weight_decay": 0.0}],
        lr=t["learning_rate"], momentum=t.get("momentum", 0.0),
    )
    steps = -(-args.samples // t["batch_size"])
    rng = np.random.default_rng(t.get("seed", 42))
    done, started = 0, time.perf_counter()
    for idx, eta in zip(batches(len(x_train), t["batch_size"], args.samples, rng), learning_rates(t, steps)):
        idx = torch.from_numpy(idx)
        for group in optimizer.param_groups:
            group["lr"] = eta
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
            a3 = model(x_test[i : i + 1000])
            F.cross_entropy(a3, y_test[i : i + 1000])
            correct += (a3.argmax(1) == y_test[i : i + 1000]).sum().item()
        eval_seconds = time.perf_counter() - started
    return f"pytorch {torch.__version__}", done, train_seconds, eval_seconds, correct / len(x_test)


def train_numpy(args, t, layers, data):
    x_train, y_train, x_test, y_test = data
    rng = np.random.default_rng(t.get("seed", 42))
    W, b = [], []
    for n_in, n_out in zip(layers, layers[1:]):
        r = np.sqrt(6.0 / (n_in + n_out))
        W.append(rng.uniform(-r, r, (n_in, n_out)).astype(np.float32))
        b.append(np.zeros(n_out, np.float32))
    vW, vb = [np.zeros_like(w) for w in W], [np.zeros_like(v) for v in b]
    lam, mu, L = t.get("lambda", 0.0), t.get("momentum", 0.0), len(W)
    eye = np.eye(layers[-1], dtype=np.float32)
    steps = -(-args.samples // t["batch_size"])
    done, started = 0, time.perf_counter()
    for idx, eta in zip(batches(len(x_train), t["batch_size"], args.samples, rng), learning_rates(t, steps)):
        x = [x_train[idx]]
        tgt = eye[y_train[idx]]
        N = len(idx)
        for l in range(L):
            a = x[l] @ W[l] + b[l]
            x.append(np.maximum(a, 0) if l < L - 1 else a)
        y = np.exp(x[L] - x[L].max(1, keepdims=True))
        y /= y.sum(1, keepdims=True)
        delta = (y - tgt) / N
        for l in reversed(range(L)):
            dW = x[l].T @ delta + lam * W[l]
            db = delta.sum(0)
            if l > 0:
                delta = (delta @ W[l].T) * (x[l] > 0)
            vW[l] = mu * vW[l] + dW
            vb[l] = mu * vb[l] + db
            W[l] -= eta * vW[l]
            b[l] -= eta * vb[l]
        done += N
    train_seconds = time.perf_counter() - started

    started = time.perf_counter()
    correct = 0
    for i in range(0, len(x_test), 1000):
        a = x_test[i : i + 1000]
        for l in range(L):
            a = a @ W[l] + b[l]
            if l < L - 1:
                a = np.maximum(a, 0)
        logp = a - a.max(1, keepdims=True)
        logp -= np.log(np.exp(logp).sum(1, keepdims=True))
        # The test loss, as `ann bench` computes it; only its cost matters here.
        -logp[np.arange(len(a)), y_test[i : i + 1000]].mean()
        correct += int((a.argmax(1) == y_test[i : i + 1000]).sum())
    eval_seconds = time.perf_counter() - started
    return f"numpy {np.__version__}", done, train_seconds, eval_seconds, correct / len(x_test)


def matmul_peak(framework, threads, sizes=(512, 1024, 2048), seconds=0.5):
    """Best GFLOP/s of n×n f32 products, as `ann bench` measures its own (warm-up, then 0.5 s each)."""
    if framework == "pytorch":
        import torch
        torch.set_num_threads(threads)
        make = lambda n: torch.rand(n, n) * 2 - 1
        product = lambda a, b: a @ b
    else:
        rng = np.random.default_rng(0)
        make = lambda n: rng.uniform(-1, 1, (n, n)).astype(np.float32)
        product = lambda a, b: a @ b
    best = (0, 0.0)
    for n in sizes:
        a, b = make(n), make(n)
        product(a, b)
        started, count = time.perf_counter(), 0
        while count == 0 or time.perf_counter() - started < seconds:
            product(a, b)
            count += 1
        gflops = count * 2.0 * n ** 3 / (time.perf_counter() - started) / 1e9
        best = max(best, (n, gflops), key=lambda x: x[1])
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--framework", choices=["pytorch", "numpy"], required=True)
    parser.add_argument("--config", default="configs/default.toml")
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--peak", action="store_true")
    args = parser.parse_args()
    if args.peak:
        n, gflops = matmul_peak(args.framework, args.threads)
        print(json.dumps({"framework": args.framework, "matmul_size": n, "matmul_gflops": gflops}))
        return
    with open(args.config, "rb") as f:
        config = tomllib.load(f)
    layers = config["model"]["layers"]
    folder = config.get("data", {}).get("dir") or os.environ.get("MNIST_DIR", "data/mnist")
    images = lambda stem: (load(folder, stem).reshape(-1, 784).astype(np.float32) / 255.0)
    labels = lambda stem: load(folder, stem).astype(np.int64)
    data = (
        images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"),
        images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"),
    )
    train = train_pytorch if args.framework == "pytorch" else train_numpy
    framework, done, train_seconds, eval_seconds, accuracy = train(args, config["training"], layers, data)
    print(json.dumps({
        "framework": framework,
        "threads": args.threads,
        "train_samples": done,
        "train_seconds": train_seconds,
        "train_samples_per_second": done / train_seconds,
        "eval_images": len(data[2]),
        "eval_seconds": eval_seconds,
        "eval_images_per_second": len(data[2]) / eval_seconds,
        "test_accuracy": accuracy,
    }))


if __name__ == "__main__":
    main()
