#!/usr/bin/env python3
"""The baseline for the letters (scripts/letters.py): what people do with a folder of labelled
pictures and PyTorch, on the network `ann` trains, so that `ann train --data-dir` has a fair
number to beat.

784-300-100-26, ReLU, softmax + cross-entropy, Xavier-uniform weights, zero biases, plain SGD
(η 0.1, no momentum; --optimizer adam: Adam, η 0.001), batch 100, --epochs epochs. Trained on
TUNING/train less 5% held out for validation (drawn with --seed); the weights of the epoch with
the best validation accuracy are the ones tested, on TUNING/test and HELDOUT/test.

Each picture, before the network: grey, inverted to white ink on black, then
  (default)   scaled straight to 28x28 (PIL's resize((28, 28))): the same pictures at 28x28.
  --centred   MNIST's idea: the paper's level taken off (it follows uneven light), cropped to the ink's box,
              the longer side scaled to 20 px keeping the aspect, placed in 28x28 with its
              centre of mass in the middle.
Prints one JSON line: {"tuning_test": ..., "heldout_test": ..., "seconds": ..., ...}, accuracies
in 0..1, seconds for the whole run (reading the pictures included).

Usage: letters_pytorch.py --tuning DIR --heldout DIR [--epochs 20] [--seed 1] [--centred]
Needs numpy, Pillow and torch (scripts/python-env.sh --torch).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
from PIL import Image, ImageFilter, ImageOps


def fail(message):
    print(f"letters_pytorch.py: {message}", file=sys.stderr)
    sys.exit(2)


def straight(grey):
    return np.asarray(ImageOps.invert(grey).resize((28, 28)), dtype=np.float32) / 255


def paper(grey):
    """The paper's brightness under each pixel, ink left out: the brightest pixel nearby
    (a max filter on a picture reduced to about 16 px, so that a stroke is narrower than the
    window), smoothed and scaled back. Follows uneven light and shadows."""
    factor = max(1, min(grey.size) // 16)
    small = grey.reduce(factor).filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(1))
    return np.asarray(small.resize(grey.size, Image.Resampling.BILINEAR), dtype=np.float32)


def centred(grey):
    # Ink is how much darker a pixel is than its paper. A pixel is in the letter's box when it
    # has over a third of the strongest ink (faint ruling and noise do not).
    ink = np.clip(paper(grey) - np.asarray(grey, dtype=np.float32), 0, None)
    top = np.percentile(ink, 99.5)
    if top <= 0:
        return np.zeros((28, 28), np.float32)
    ys, xs = np.nonzero(ink > top / 3)
    ink = np.clip(ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1] / top, 0, 1)
    h, w = ink.shape
    scale = 20 / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    small = np.asarray(Image.fromarray((ink * 255).astype(np.uint8)).resize(size, Image.Resampling.LANCZOS), np.float32) / 255
    total = small.sum()
    if total <= 0:
        return np.zeros((28, 28), np.float32)
    cy = (small.sum(axis=1) * np.arange(size[1])).sum() / total
    cx = (small.sum(axis=0) * np.arange(size[0])).sum() / total
    # The centre of mass at (14, 14), as MNIST does, but the letter kept inside the frame.
    oy = int(np.clip(round(14 - cy), 0, 28 - size[1]))
    ox = int(np.clip(round(14 - cx), 0, 28 - size[0]))
    out = np.zeros((28, 28), np.float32)
    out[oy : oy + size[1], ox : ox + size[0]] = small
    return out


def load(root, split, prepare, classes=None):
    """Pictures of `root/split/<class>/`, classes = folder names, sorted; returns (x, y, classes)."""
    folder = os.path.join(root, split)
    if not os.path.isdir(folder):
        fail(f"{folder} is not a folder (make it with scripts/letters.py)")
    found = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
    if classes is not None and found != classes:
        fail(f"{folder} has classes {found}, not the training set's {classes}")
    x, y = [], []
    for label, name in enumerate(found):
        for file in sorted(os.listdir(os.path.join(folder, name))):
            with Image.open(os.path.join(folder, name, file)) as image:
                x.append(prepare(image.convert("L")).reshape(784))
            y.append(label)
    if not x:
        fail(f"no pictures in {folder}")
    return np.stack(x), np.array(y), found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tuning", required=True, help="folder with train/ and test/ (letters.py --set tuning)")
    parser.add_argument("--heldout", required=True, help="folder with test/ (letters.py --set heldout)")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
    parser.add_argument("--centred", action="store_true", help="crop, scale to 20 px, centre of mass (MNIST's idea)")
    args = parser.parse_args()
    if args.epochs <= 0:
        fail("--epochs must be at least 1")
    try:
        import torch
    except ImportError:
        fail("PyTorch is not installed: scripts/python-env.sh --torch")
    start = time.time()
    prepare = centred if args.centred else straight
    x, y, classes = load(args.tuning, "train", prepare)
    tests = {"tuning_test": load(args.tuning, "test", prepare, classes), "heldout_test": load(args.heldout, "test", prepare, classes)}

    torch.manual_seed(args.seed)
    order = np.random.default_rng(args.seed).permutation(len(x))
    n_val = max(1, len(x) // 20)
    val, train = order[:n_val], order[n_val:]
    tensor = lambda a: torch.from_numpy(np.ascontiguousarray(a))  # noqa: E731
    x_train, y_train, x_val, y_val = tensor(x[train]), tensor(y[train]), tensor(x[val]), tensor(y[val])

    model = torch.nn.Sequential(
        torch.nn.Linear(784, 300), torch.nn.ReLU(), torch.nn.Linear(300, 100), torch.nn.ReLU(), torch.nn.Linear(100, len(classes))
    )
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(layer.weight)
            torch.nn.init.zeros_(layer.bias)
    if args.optimizer == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = torch.nn.CrossEntropyLoss()  # softmax + cross-entropy in one

    def accuracy(inputs, labels):
        with torch.no_grad():
            return (model(inputs).argmax(1) == labels).float().mean().item()

    best, best_state, best_epoch = -1.0, None, 0
    shuffle = torch.Generator().manual_seed(args.seed)
    for epoch in range(1, args.epochs + 1):
        for batch in torch.randperm(len(x_train), generator=shuffle).split(100):
            optimizer.zero_grad()
            loss_fn(model(x_train[batch]), y_train[batch]).backward()
            optimizer.step()
        score = accuracy(x_val, y_val)
        if score > best:  # early stopping on the validation pictures, as people do
            best, best_epoch = score, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)

    result = {name: round(accuracy(tensor(tx), tensor(ty)), 4) for name, (tx, ty, _) in tests.items()}
    result["seconds"] = round(time.time() - start, 1)
    result.update(
        validation=round(best, 4),
        best_epoch=best_epoch,
        preprocessing="centred" if args.centred else "straight",
        optimizer=args.optimizer,
        seed=args.seed,
        train=len(train),
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
