#!/usr/bin/env python3
"""Held-out pictures of digits for `ann predict`, made independently of the set the
preprocessing is tuned on (crates/preprocess/tests/user_style/, Rust, bilinear, flat paper).

Two sets, each a folder of picture files and a `labels.tsv` (file, true digit, stroke, what
was done to the picture):

  mnist   MNIST test digits (by default 7000..7999, which the tuning set never uses) as a
          person would photograph or scan them: PIL's resampling, rotation up to 10 degrees,
          slant, the perspective of a page photographed at an angle, ruled or squared paper,
          pencil texture, pen colours, uneven lighting or a soft shadow, blur, noise, JPEG at
          low quality, thicker or thinner strokes relative to the digit's size.
  sklearn scikit-learn's 8x8 handwritten digits (other writers, other scanner, shipped inside
          the package, no download) blown up onto a page.

Deterministic in (--seed, picture index): numpy's generator seeded with both.
Needs numpy and Pillow (and scikit-learn for `sklearn`).
"""
import argparse
import gzip
import os
import sys

import numpy as np
from PIL import Image, ImageFilter

# Another seed than the tuning set's (which draws from the picture index alone). The steps of
# the preprocessing were chosen on a first draw of this generator (--seed 20261201 --first
# 5000, docs/own-digits.md: "selection set"); the defaults are a second draw that no choice looked at.
DEFAULT_SEED = 1717


def fail(message):
    print(f"heldout_digits.py: {message}", file=sys.stderr)
    sys.exit(2)


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[:4], "big")
    if magic == 0x803:
        n, rows, cols = (int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(3))
        if len(data) < 16 + n * rows * cols:
            fail(f"{path}: truncated IDX image file")
        return np.frombuffer(data, np.uint8, n * rows * cols, 16).reshape(n, rows, cols)
    if magic == 0x801:
        n = int.from_bytes(data[4:8], "big")
        return np.frombuffer(data, np.uint8, n, 8)
    fail(f"{path}: not an IDX file (magic {magic:#x})")


def find(directory, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(directory, candidate)
        if os.path.isfile(path):
            return path
    fail(f"{name} not found in {directory}; pass --mnist DIR with MNIST's test files")


# Pens as RGB in 0..1: black, blue ballpoint, dark red, green, and pencil (grey, textured).
PENS = {
    "black": (0.05, 0.05, 0.07),
    "blue": (0.08, 0.15, 0.55),
    "red": (0.55, 0.06, 0.08),
    "green": (0.05, 0.35, 0.15),
    "pencil": (0.35, 0.35, 0.38),
}
PAPERS = [(1.0, 1.0, 1.0), (0.98, 0.96, 0.88), (0.93, 0.93, 0.9), (0.95, 0.97, 1.0)]


def draw_page(ink, rng, notes):
    """`ink` (float 0..1, ink = 1) placed on a page of paper, coloured, lit, and degraded;
    returns an RGB float array."""
    side_h, side_w = ink.shape
    page_w = int(side_w * rng.uniform(1.3, 2.2))
    page_h = int(side_h * rng.uniform(1.3, 2.2))
    alpha = np.zeros((page_h, page_w))
    ox, oy = rng.integers(0, page_w - side_w + 1), rng.integers(0, page_h - side_h + 1)
    alpha[oy : oy + side_h, ox : ox + side_w] = ink

    pen_name = rng.choice(list(PENS))
    notes.append(pen_name)
    pen = np.array(PENS[pen_name])
    if pen_name == "pencil":
        # Graphite leaves grain: the stroke's density varies from pixel to pixel.
        grain = np.asarray(
            Image.fromarray((rng.uniform(0, 255, (page_h, page_w))).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7)),
            dtype=float,
        ) / 255.0
        alpha = alpha * np.clip(0.55 + 0.9 * (grain - 0.5) * 2.0, 0.35, 1.0)
    else:
        alpha = alpha * rng.uniform(0.85, 1.0)

    paper = np.ones((page_h, page_w, 3)) * np.array(PAPERS[rng.integers(len(PAPERS))])
    kind = rng.choice(["plain", "ruled", "squared"], p=[0.4, 0.3, 0.3])
    notes.append(kind)
    if kind != "plain":
        # Printed lines are faint and thin, spaced a little under the digit's height.
        spacing = max(6, int(side_h * rng.uniform(0.3, 0.45)))
        width = max(1, spacing // 12)
        line = np.array([0.55, 0.7, 0.95]) if rng.random() < 0.7 else np.array([0.6, 0.6, 0.6])
        strength = rng.uniform(0.35, 0.6)
        y0, x0 = rng.integers(0, spacing), rng.integers(0, spacing)
        mask = np.zeros((page_h, page_w), bool)
        for y in range(y0, page_h, spacing):
            mask[y : y + width, :] = True
        if kind == "squared":
            for x in range(x0, page_w, spacing):
                mask[:, x : x + width] = True
        paper[mask] = paper[mask] * (1 - strength) + line * strength
    rgb = paper * (1 - alpha[..., None]) + pen * alpha[..., None]

    light = rng.choice(["even", "gradient", "shadow"], p=[0.4, 0.35, 0.25])
    notes.append(light)
    yy, xx = np.mgrid[0:page_h, 0:page_w]
    if light == "gradient":
        angle = rng.uniform(0, 2 * np.pi)
        t = (np.cos(angle) * xx / page_w + np.sin(angle) * yy / page_h)
        t = (t - t.min()) / max(t.max() - t.min(), 1e-9)
        rgb = rgb * (1 - rng.uniform(0.25, 0.45) * t)[..., None]
    elif light == "shadow":
        # A soft shadow, e.g. of the phone, over part of the page.
        cx, cy = rng.uniform(-0.2, 1.2) * page_w, rng.uniform(-0.2, 1.2) * page_h
        radius = rng.uniform(0.5, 0.9) * max(page_w, page_h)
        d = np.hypot(xx - cx, yy - cy)
        soft = 0.25 * max(page_w, page_h)
        shade = 1 / (1 + np.exp((d - radius) / soft))
        rgb = rgb * (1 - rng.uniform(0.2, 0.4) * shade)[..., None]
    rgb = rgb + rng.normal(0, rng.uniform(0.0, 0.035), rgb.shape)
    return np.clip(rgb, 0, 1)


def warp(image, rng, notes):
    """Rotation, slant and the perspective of a page photographed at an angle, as one
    projective map (PIL's bicubic resampling). `image` is a PIL greyscale image of the ink."""
    w, h = image.size
    angle = np.radians(rng.uniform(-10, 10))
    slant = rng.uniform(-0.25, 0.25)
    notes.append(f"rot{np.degrees(angle):+.0f}")
    notes.append(f"slant{slant:+.2f}")
    # Forward map: shear, then rotate about the centre; add a keystone (perspective) term.
    c, s = np.cos(angle), np.sin(angle)
    forward = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]]) @ np.array([[1, slant, 0], [0, 1, 0], [0, 0, 1]])
    keystone = rng.uniform(-0.25, 0.25, 2) / max(w, h)
    notes.append("perspective" if np.abs(keystone).max() * max(w, h) > 0.1 else "flat")
    centre = np.array([[1, 0, w / 2], [0, 1, h / 2], [0, 0, 1]])
    uncentre = np.array([[1, 0, -w / 2], [0, 1, -h / 2], [0, 0, 1]])
    perspective = np.array([[1, 0, 0], [0, 1, 0], [keystone[0], keystone[1], 1]])
    # A margin so that nothing is cut off.
    m = int(0.35 * max(w, h))
    shift = np.array([[1, 0, m], [0, 1, m], [0, 0, 1]])
    full = shift @ centre @ perspective @ forward @ uncentre
    inverse = np.linalg.inv(full)
    inverse = inverse / inverse[2, 2]
    out = image.transform((w + 2 * m, h + 2 * m), Image.Transform.PERSPECTIVE, tuple(inverse.flatten()[:8]), Image.Resampling.BICUBIC)
    ink = np.asarray(out, dtype=float) / 255.0
    ys, xs = np.nonzero(ink > 0.02)
    if len(xs) == 0:
        return ink
    pad = 4
    y0, y1 = max(ys.min() - pad, 0), min(ys.max() + pad + 1, ink.shape[0])
    x0, x1 = max(xs.min() - pad, 0), min(xs.max() + pad + 1, ink.shape[1])
    return ink[y0:y1, x0:x1]


def stroke(image, scale, style, rng, notes):
    """Thicker or thinner strokes: PIL's max or min filter, its size in MNIST pixels times
    the enlargement, so the change is the same relative to the digit at every size."""
    if style == "unchanged":
        return image
    if style == "thick":
        size = 2 * int(round(scale * rng.uniform(0.35, 0.8))) + 1
        notes.append(f"max{size}")
        return image.filter(ImageFilter.MaxFilter(size))
    size = 2 * int(round(scale * rng.uniform(0.2, 0.4))) + 1
    notes.append(f"min{size}")
    return image.filter(ImageFilter.MinFilter(size)) if size >= 3 else image


def save(rgb, rng, path_stem, notes, allow_alpha_alpha=None):
    """Writes the page in one of the formats people's pictures come in; returns the file name."""
    kind = rng.choice(["jpg-low", "jpg", "png-rgb", "png-grey", "webp", "bmp", "gif"], p=[0.3, 0.15, 0.15, 0.15, 0.1, 0.075, 0.075])
    notes.append(kind)
    image = Image.fromarray((rgb * 255).round().astype(np.uint8), "RGB")
    if kind == "jpg-low":
        name = path_stem + ".jpg"
        image.save(name, quality=int(rng.integers(25, 50)))
    elif kind == "jpg":
        name = path_stem + ".jpg"
        image.save(name, quality=int(rng.integers(60, 85)))
    elif kind == "png-grey":
        name = path_stem + ".png"
        image.convert("L").save(name)
    elif kind == "png-rgb":
        name = path_stem + ".png"
        image.save(name)
    elif kind == "webp":
        name = path_stem + ".webp"
        image.save(name, quality=int(rng.integers(50, 90)))
    elif kind == "bmp":
        name = path_stem + ".bmp"
        image.save(name)
    else:
        name = path_stem + ".gif"
        image.convert("P", palette=Image.Palette.ADAPTIVE, colors=64).save(name)
    return os.path.basename(name)


def blur(rgb, scale, rng, notes):
    """Out of focus or shaken: a Gaussian blur up to half an MNIST pixel."""
    if rng.random() < 0.5:
        return rgb
    sigma = scale * rng.uniform(0.1, 0.5)
    notes.append(f"blur{sigma:.1f}")
    channels = [
        np.asarray(Image.fromarray((rgb[..., c] * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(sigma)), dtype=float) / 255.0
        for c in range(3)
    ]
    return np.stack(channels, axis=-1)


def mnist_set(args):
    images = read_idx(find(args.mnist, "t10k-images-idx3-ubyte"))
    labels = read_idx(find(args.mnist, "t10k-labels-idx1-ubyte"))
    if args.first + args.count > len(images):
        fail(f"--first {args.first} + --count {args.count} is past the {len(images)} test digits")
    rows = []
    styles = ["unchanged", "thick", "thin"]
    for i in range(args.count):
        index = args.first + i
        rng = np.random.default_rng([args.seed, index])
        notes = []
        scale = rng.uniform(3, 12)
        side = int(round(28 * scale))
        style = styles[i % 3]
        big = Image.fromarray(images[index]).resize((side, side), Image.Resampling.BICUBIC)
        big = stroke(big, scale, style, rng, notes)
        ink = warp(big, rng, notes)
        rgb = draw_page(ink, rng, notes)
        rgb = blur(rgb, scale, rng, notes)
        name = save(rgb, rng, os.path.join(args.out, f"{i:05}"), notes)
        rows.append((name, int(labels[index]), style, " ".join(notes)))
    return rows


def sklearn_set(args):
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        fail("scikit-learn is not installed (pip install scikit-learn): its 8x8 digits ship inside it")
    digits = load_digits()
    if args.count > len(digits.images):
        fail(f"--count {args.count}: scikit-learn has only {len(digits.images)} digits")
    # A fixed sample across all writers, not the first rows (which come from few writers).
    order = np.random.default_rng(args.seed).permutation(len(digits.images))[: args.count]
    rows = []
    for i, index in enumerate(order):
        rng = np.random.default_rng([args.seed, int(index)])
        notes = []
        scale = rng.uniform(3, 12) * 28 / 8 * 0.7
        side = int(round(8 * scale))
        small = Image.fromarray((digits.images[index] / 16 * 255).astype(np.uint8))
        big = small.resize((side, side), Image.Resampling.BICUBIC)
        ink = np.asarray(big, dtype=float) / 255.0
        rgb = draw_page(ink, rng, notes)
        name = save(rgb, rng, os.path.join(args.out, f"{i:05}"), notes)
        rows.append((name, int(digits.target[index]), "8x8", " ".join(notes)))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", choices=["mnist", "sklearn"])
    parser.add_argument("--out", required=True, help="folder for the pictures and labels.tsv (created)")
    parser.add_argument("--mnist", help="folder with t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (or .gz)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--first", type=int, default=7000, help="first MNIST test digit used")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    if args.count <= 0:
        fail("--count must be at least 1")
    if args.set == "mnist" and not args.mnist:
        fail("the mnist set needs --mnist DIR")
    os.makedirs(args.out, exist_ok=True)
    rows = mnist_set(args) if args.set == "mnist" else sklearn_set(args)
    with open(os.path.join(args.out, "labels.tsv"), "w") as f:
        f.write("file\tdigit\tstroke\tvariations\n")
        for row in rows:
            f.write("\t".join(map(str, row)) + "\n")
    print(f"{len(rows)} pictures in {args.out}")


if __name__ == "__main__":
    main()
