#!/usr/bin/env python3
"""Handwritten-looking capital letters A-Z as folders of pictures, for `ann train --data-dir`,
made offline two different ways so that a recipe can be tuned on one and reported on the other.

  tuning   OUT/train/<A..Z>/*.png and OUT/test/<A..Z>/*.png, one group of writers: the
           handwriting fonts in TUNING_FONTS and the single-stroke Hershey "futural" letters
           drawn by simulated writers (each with their own slant, proportions, habitual shape
           of each letter and pen width). Dark ink on plain, lightly tinted paper, as scanned.
           Test writers are the train writers (it is the set a recipe is tuned on).
  heldout  OUT/test/<A..Z>/*.png: other writers (the fonts in HELDOUT_FONTS, never in tuning)
           with other pens (thin or thick, coloured, pencil) photographed as in
           scripts/heldout_digits.py: rotation, slant, perspective, ruled or squared paper,
           uneven light, blur, noise, JPEG at low quality.

Each picture is 40 to 120 pixels high, the letter anywhere on it; `ann predict`'s preprocessing
finds the ink. OUT/labels.tsv records file, letter, writer, pen and what was done.
Deterministic in (--seed, picture): numpy's generator seeded with the set, split, letter and
number. Needs numpy, Pillow, hershey-fonts (pip; scripts/python-env.sh) and Debian's
  apt-get install fonts-dkg-handwriting fonts-breip fonts-humor-sans fonts-klee fonts-sjfonts \
      fonts-bwht fonts-comic-neue fonts-kaushanscript fonts-rufscript fonts-tomsontalks \
      fonts-yusei-magic fonts-dancingscript
Usage: letters.py --set tuning OUT_T; letters.py --set heldout OUT_H (both in seconds).
"""
import argparse
import io
import multiprocessing
import os
import string
import sys
import time

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no scripts/__pycache__ left in the work tree
import heldout_digits  # noqa: E402  the photographed-page model shared with the digits

LETTERS = string.ascii_uppercase
# (writer, file, Debian package). Fonts were looked at on a contact sheet; left out as unreadable
# or ambiguous: Kristi, Delphine (lower-case shapes), BecauseWeMentor (R drawn as K),
# BecauseWeOrganize, dkg Bold Italic (strokes through letters), femkeklaver and CabinSketch
# (outlines, not ink). A family is on one side only, so that no heldout writer is in tuning.
TUNING_FONTS = [
    ("dkg", "truetype/fifthhorseman/dkg.ttf", "fonts-dkg-handwriting"),
    ("dkg-bold", "truetype/fifthhorseman/dkgBd.ttf", "fonts-dkg-handwriting"),
    ("breip", "truetype/breip/Breip.ttf", "fonts-breip"),
    ("humor-sans", "truetype/humor-sans/Humor-Sans.ttf", "fonts-humor-sans"),
    ("klee", "truetype/klee/KleeOne-Regular.ttf", "fonts-klee"),
    ("steve-hand", "truetype/sjfonts/SteveHand.ttf", "fonts-sjfonts"),
    ("bw-build", "opentype/bwht/BecauseWeBuild-Regular.otf", "fonts-bwht"),
    ("bw-learn", "opentype/bwht/BecauseWeLearn-Regular.otf", "fonts-bwht"),
    ("comic-neue", "opentype/comic-neue/ComicNeue-Regular.otf", "fonts-comic-neue"),
    ("comic-neue-bold", "opentype/comic-neue/ComicNeue-Bold.otf", "fonts-comic-neue"),
    ("kaushan", "opentype/kaushanscript/KaushanScript-Regular.otf", "fonts-kaushanscript"),
]
HELDOUT_FONTS = [
    ("rufscript", "truetype/rufscript/Rufscript010.ttf", "fonts-rufscript"),
    ("tomson-talks", "truetype/tomsontalks/TomsonTalks.ttf", "fonts-tomsontalks"),
    ("yusei-magic", "truetype/yusei-magic/YuseiMagic-Regular.ttf", "fonts-yusei-magic"),
    ("bw-connect", "opentype/bwht/BecauseWeConnect-Regular.otf", "fonts-bwht"),
    ("bw-create", "opentype/bwht/BecauseWeCreate-Regular.otf", "fonts-bwht"),
    ("dancing-script", "opentype/dancingscript/DancingScript-Regular.otf", "fonts-dancingscript"),
]
HERSHEY_WRITERS = 10  # simulated writers of the Hershey single-stroke letters (tuning only)
FONT_DIR = "/usr/share/fonts"
GLYPH_PX = 128  # fonts are rendered once at this size, then distorted and scaled down
SET_IDS = {"tuning": 1, "heldout": 2}
SPLIT_IDS = {"train": 1, "test": 2}


def fail(message):
    print(f"letters.py: {message}", file=sys.stderr)
    sys.exit(2)


def check_sources(fonts, hershey):
    for _, path, package in fonts:
        if not os.path.isfile(os.path.join(FONT_DIR, path)):
            fail(f"font {os.path.join(FONT_DIR, path)} is missing: apt-get install {package}")
    if hershey:
        try:
            import HersheyFonts  # noqa: F401
        except ImportError:
            fail("the Hershey fonts are missing: pip install hershey-fonts (scripts/python-env.sh installs it)")


def smooth_field(rng, amplitude):
    """A smooth random displacement of the unit square (a few long waves), so that a
    distorted letter stays connected where its strokes meet; returns f(x, y) -> (dx, dy)."""
    # At most about half a wave across the letter: more folds strokes into zigzags.
    waves = [(rng.uniform(0.3, 1.2, 2) * np.pi, rng.uniform(0, 2 * np.pi, 2), rng.uniform(-amplitude, amplitude, 2)) for _ in range(3)]

    def f(x, y):
        dx = sum(a[0] * np.sin(k[0] * y + p[0]) for k, p, a in waves)
        dy = sum(a[1] * np.sin(k[1] * x + p[1]) for k, p, a in waves)
        return dx, dy

    return f


_glyphs = {}


def font_glyph(path, letter):
    """The letter's ink (L, ink 255) cropped to its box and its stroke width, cached per process."""
    key = (path, letter)
    if key not in _glyphs:
        font = ImageFont.truetype(os.path.join(FONT_DIR, path), GLYPH_PX)
        image = Image.new("L", (GLYPH_PX * 2, GLYPH_PX * 2), 0)
        ImageDraw.Draw(image).text((GLYPH_PX, GLYPH_PX), letter, font=font, fill=255, anchor="mm")
        glyph = image.crop(image.getbbox())
        # Its stroke width: about twice the ink's area over the length of its outline.
        ink = np.asarray(glyph) > 127
        outline = ink & ~(np.asarray(glyph.filter(ImageFilter.MinFilter(3))) > 127)
        _glyphs[key] = glyph, 2 * ink.sum() / max(outline.sum(), 1)
    return _glyphs[key]


def written_font(path, letter, rng, slant, pen, notes):
    """A font's letter as one writing of it: pen width by max/min filter, then slant,
    proportions and a smooth wobble as one mesh warp (each 8x8 cell mapped to a quad).
    Returns the ink and the pen width change actually made."""
    glyph, width = font_glyph(path, letter)
    if pen != 0:
        # Strokes kept between 6 and 20 px of the 128, else thin fonts fall apart and bold ones fill their holes.
        pen = max(0, min(pen, int((20 - width) // 2))) if pen > 0 else min(0, max(pen, -int((width - 6) // 2)))
        if pen > 0:
            glyph = glyph.filter(ImageFilter.MaxFilter(2 * pen + 1))
        elif pen < 0:
            glyph = glyph.filter(ImageFilter.MinFilter(-2 * pen + 1))
    aspect = rng.uniform(0.85, 1.15)
    w, h = glyph.size
    margin = int(0.3 * h)
    out_w, out_h = int(w * aspect + abs(slant) * h) + 2 * margin, h + 2 * margin
    field = smooth_field(rng, 0.025)
    n = 8

    def source(u, v):  # output point (pixels) -> point in the glyph
        y = v - margin
        x = (u - margin - (slant * (h - y) if slant > 0 else -slant * y)) / aspect
        dx, dy = field(x / h, y / h)
        return x + dx * h, y + dy * h

    mesh = []
    for i in range(n):
        for j in range(n):
            u0, u1 = out_w * i // n, out_w * (i + 1) // n
            v0, v1 = out_h * j // n, out_h * (j + 1) // n
            quad = [*source(u0, v0), *source(u0, v1), *source(u1, v1), *source(u1, v0)]
            mesh.append(((u0, v0, u1, v1), quad))
    notes.append(f"aspect{aspect:.2f}")
    return glyph.transform((out_w, out_h), Image.Transform.MESH, mesh, Image.Resampling.BILINEAR), pen


_hershey = None


def hershey_strokes(letter):
    global _hershey
    if _hershey is None:
        from HersheyFonts import HersheyFonts

        _hershey = HersheyFonts()
        _hershey.load_default_font("futural")
    return [np.array(s, dtype=float) for s in _hershey.strokes_for_text(letter)]


def written_hershey(letter, writer, rng, height, notes):
    """A Hershey single-stroke letter written by simulated writer `writer`: the writer's slant,
    proportions, pen and habitual shape of the letter (a smooth field seeded by writer and
    letter), plus this writing's own wobble; drawn 4x larger with round joints, then reduced."""
    w_rng = np.random.default_rng([7, writer])
    slant, aspect, pen = w_rng.uniform(-0.35, 0.3), w_rng.uniform(0.75, 1.25), w_rng.uniform(0.07, 0.14)
    habit = smooth_field(np.random.default_rng([7, writer, LETTERS.index(letter)]), 0.08)
    wobble = smooth_field(rng, 0.02)
    notes.append(f"slant{slant:+.2f} aspect{aspect:.2f}")
    ss = 4
    unit = height * ss / 21.0  # Hershey capitals are 21 units high (-12..9)
    lines = []
    for s in hershey_strokes(letter):
        # More points along each stroke, so that the wobble bends straight lines.
        t = np.concatenate([[0], np.cumsum(np.hypot(*np.diff(s, axis=0).T))])
        fine = np.linspace(0, t[-1], max(2, int(t[-1] / 1.5) + 1))
        x, y = np.interp(fine, t, s[:, 0]) / 21.0, (np.interp(fine, t, s[:, 1]) + 12) / 21.0
        for f in (habit, wobble):
            dx, dy = f(x, y)
            x, y = x + dx, y + dy
        x = x * aspect + slant * (1 - y)
        lines.append(np.stack([x, y], axis=1) * 21 * unit)
    points = np.concatenate(lines)
    width = max(ss, pen * rng.uniform(0.8, 1.2) * height * ss)
    lo = points.min(axis=0) - width
    size = tuple((points.max(axis=0) - lo + width).astype(int) + 1)
    image = Image.new("L", size, 0)
    draw = ImageDraw.Draw(image)
    for line in lines:
        p = [tuple(q) for q in line - lo]
        draw.line(p, fill=255, width=int(width), joint="curve")
        for q in (p[0], p[-1]):
            draw.ellipse([q[0] - width / 2, q[1] - width / 2, q[0] + width / 2, q[1] + width / 2], fill=255)
    notes.append(f"pen{width / ss / height:.2f}")
    return image.resize((max(1, size[0] // ss), max(1, size[1] // ss)), Image.Resampling.BOX)


def scale_ink(ink, height):
    box = ink.getbbox()
    if box is None:
        return ink
    ink = ink.crop(box)
    w = max(1, round(ink.size[0] * height / ink.size[1]))
    return ink.resize((w, height), Image.Resampling.LANCZOS)


def scanned(ink, page_h, rng, notes):
    """Tuning look: black or blue-black ink on white to cream paper, a small rotation, faint
    noise; the letter anywhere on a picture `page_h` high."""
    ink = ink.rotate(rng.uniform(-5, 5), Image.Resampling.BICUBIC, expand=True)
    alpha = np.asarray(ink, dtype=float) / 255 * rng.uniform(0.85, 1.0)
    ih, iw = alpha.shape
    page_h = max(ih + 2, page_h)
    page_w = max(iw + 2, int(page_h * rng.uniform(0.7, 1.3)))
    oy, ox = rng.integers(1, page_h - ih), rng.integers(1, page_w - iw)
    a = np.zeros((page_h, page_w))
    a[oy : oy + ih, ox : ox + iw] = alpha
    pen = np.array([(0.05, 0.05, 0.07), (0.1, 0.12, 0.3)][rng.integers(2)])
    notes.append("black" if pen[2] < 0.1 else "blue-black")
    paper = np.array([1.0, 1.0, 1.0]) - rng.uniform(0, 0.08) * np.array([0, 0.3, 1.0]) - rng.uniform(0, 0.06)
    rgb = paper * (1 - a[..., None]) + pen * a[..., None] + rng.normal(0, rng.uniform(0, 0.02), (page_h, page_w, 3))
    return np.clip(rgb, 0, 1)


def photographed(ink, height, rng, notes):
    """Heldout look: heldout_digits.py's photographed page (its warp, pens, paper, light, blur)
    and a JPEG round trip at low quality half of the time, kept as PNG."""
    ink = Image.fromarray((heldout_digits.warp(ink, rng, notes) * 255).astype(np.uint8))
    rgb = heldout_digits.draw_page(np.asarray(ink, dtype=float) / 255, rng, notes)
    rgb = heldout_digits.blur(rgb, height / 20, rng, notes)
    if rng.random() < 0.5:
        quality = int(rng.integers(20, 60))
        notes.append(f"jpeg{quality}")
        buffer = io.BytesIO()
        Image.fromarray((rgb * 255).round().astype(np.uint8)).save(buffer, "JPEG", quality=quality)
        rgb = np.asarray(Image.open(buffer), dtype=float) / 255
    return rgb


def make(job):
    """One picture: (set, split, letter, number, seed, out) -> a labels.tsv row."""
    which, split, letter, k, seed, out = job
    rng = np.random.default_rng([seed, SET_IDS[which], SPLIT_IDS[split], LETTERS.index(letter), k])
    notes = []
    if which == "tuning":
        # Writers take turns, shifted per letter, so that each writes every letter about equally.
        turn = (k + LETTERS.index(letter)) % (len(TUNING_FONTS) + HERSHEY_WRITERS)
        page_h = int(rng.integers(40, 121))
        height = int(page_h * rng.uniform(0.4, 0.8))
        if turn < len(TUNING_FONTS):
            writer, path, _ = TUNING_FONTS[turn]
            pen = int(rng.choice([0, 0, 1, 2]))
            ink, pen = written_font(path, letter, rng, rng.uniform(-0.2, 0.2), pen, notes)
            pen_note = f"font{pen:+d}"
        else:
            writer = f"hershey-futural-{turn - len(TUNING_FONTS)}"
            ink = written_hershey(letter, turn - len(TUNING_FONTS), rng, height, notes)
            pen_note = notes.pop()
        rgb = scanned(scale_ink(ink, height), page_h, rng, notes)
    else:
        writer, path, _ = HELDOUT_FONTS[(k + LETTERS.index(letter)) % len(HELDOUT_FONTS)]
        # Other pens than tuning's: a fine liner (thinner than the font) or a marker (thicker).
        pen = int(rng.choice([-2, -1, 3, 5]))
        height = int(rng.integers(20, 50))  # draw_page's paper is 1.3..2.2 times the ink
        ink, pen = written_font(path, letter, rng, 0.0, pen, notes)
        ink = scale_ink(ink, height)
        first = len(notes)
        rgb = photographed(ink, height, rng, notes)
        pen_note = f"font{pen:+d} " + notes[first + 3]  # the colour draw_page chose, after warp's three notes
    name = f"{split}/{letter}/{k:04}.png"
    image = Image.fromarray((rgb * 255).round().astype(np.uint8), "RGB")
    (image.convert("L") if rng.random() < 0.3 else image).save(os.path.join(out, name))
    return name, letter, writer, pen_note, " ".join(notes)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", required=True, choices=["tuning", "heldout"])
    parser.add_argument("out", help="folder for train/, test/ and labels.tsv (created)")
    parser.add_argument("--train", type=int, default=120, help="pictures per letter in train/ (tuning only)")
    parser.add_argument("--test", type=int, help="pictures per letter in test/ (default 30 tuning, 40 heldout)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    test = args.test if args.test is not None else (30 if args.set == "tuning" else 40)
    splits = {"train": args.train, "test": test} if args.set == "tuning" else {"test": test}
    if min(splits.values()) <= 0 or args.jobs <= 0:
        fail("--train, --test and --jobs must be at least 1")
    check_sources(TUNING_FONTS if args.set == "tuning" else HELDOUT_FONTS, args.set == "tuning")
    jobs = []
    for split, count in splits.items():
        for letter in LETTERS:
            os.makedirs(os.path.join(args.out, split, letter), exist_ok=True)
            jobs += [(args.set, split, letter, k, args.seed, args.out) for k in range(count)]
    start = time.time()
    with multiprocessing.Pool(args.jobs) as pool:
        rows = pool.map(make, jobs, chunksize=64)
    with open(os.path.join(args.out, "labels.tsv"), "w") as f:
        f.write("file\tclass\twriter\tpen\tvariations\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"{len(rows)} pictures in {args.out} ({time.time() - start:.1f} s)")


if __name__ == "__main__":
    main()
