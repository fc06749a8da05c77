# matplotlib's rendering of the pictures DLPlot's sample test draws, from the same data, to compare by eye.
#
#   DLPLOT_SAMPLES=/tmp/plot-samples swift test --filter writeSamplesWhenAsked    # dlnb's pictures
#   python3 -m venv /tmp/mplvenv && /tmp/mplvenv/bin/pip install matplotlib      # 3.11.2 when written
#   /tmp/mplvenv/bin/python Benchmarks/plots/matplotlib_samples.py /tmp/plot-samples
#
# writes mpl-scatter.png, mpl-loss.png, mpl-images.png (800x600) and mpl-*-small.png (300x200) beside
# dlnb's scatter.png, loss.png, images.png and their -small versions. The data follow
# Tests/DLPlotTests/Support/Fixtures.swift (spiralPoints, history, shapes); matplotlib's defaults
# otherwise (DejaVu Sans 10 pt at 100 dpi, legend loc="best", tight_layout).
import math, os, sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

folder = sys.argv[1] if len(sys.argv) > 1 else "."
COLORS, MARKERS = ["#E69F00", "#56B4E9", "#009E73"], ["o", "s", "^"]


def spiral(per=100):
    return np.array([(i / per * math.sin(k * 4 + i / per * 4 + math.sin(i * 12.9898) * 0.2),
                      i / per * math.cos(k * 4 + i / per * 4 + math.sin(i * 12.9898) * 0.2), k)
                     for k in range(3) for i in range(per)])


def scatter(w, h, name):
    fig, ax = plt.subplots(figsize=(w / 100, h / 100), dpi=100)
    p = spiral()
    for k in range(3):
        q = p[p[:, 2] == k]
        ax.scatter(q[:, 0], q[:, 1], c=COLORS[k], marker=MARKERS[k], edgecolors="#1A1A1A", s=20 if w > 400 else 8,
                   label=f"class {k}")
    ax.set_title("Data"); ax.set_xlabel("x1"); ax.set_ylabel("x2"); ax.legend(); ax.grid(alpha=0.3)
    fig.tight_layout(); fig.savefig(os.path.join(folder, name)); plt.close(fig)


def history(w, h, name):
    e = np.arange(1, 41)
    loss, vl = 1.1 * np.exp(-e / 8) + 0.05, 1.15 * np.exp(-e / 9) + 0.09 + 0.002 * e
    fig, (a, b) = plt.subplots(2, 1, sharex=True, figsize=(w / 100, h / 100), dpi=100)
    for ax, (t, v) in [(a, (loss, vl)), (b, (1 - 0.6 * loss, 1 - 0.62 * vl))]:
        ax.plot(e, t, color="#0072B2", label="training"); ax.plot(e, v, "--", color="#D55E00", label="validation")
        ax.legend(); ax.grid(alpha=0.3)
    a.set_ylabel("loss"); b.set_ylabel("accuracy"); b.set_xlabel("epoch"); a.set_title("Training history")
    fig.tight_layout(); fig.savefig(os.path.join(folder, name)); plt.close(fig)


def shape(k, side=16):
    im = np.zeros((side, side))
    for row in range(side):
        for col in range(side):
            x, y = (col + .5) / side - .5, (row + .5) / side - .5
            r = math.hypot(x, y)
            im[row, col] = [abs(x) < .3 and abs(y) < .3, r < .35, abs(x) < .08 or abs(y) < .08, abs(x - y) < .1,
                            abs(r - .3) < .08, col / (side - 1) * (k + 1)][k % 6]
    return im


def images(w, h, name):
    ims = [shape(k) for k in range(12)]
    fig, axs = plt.subplots(3, 4, figsize=(w / 100, h / 100), dpi=100)
    for k, (ax, im) in enumerate(zip(axs.flat, ims)):
        m = ax.imshow(im, cmap="gray", vmin=min(i.min() for i in ims), vmax=max(i.max() for i in ims))
        ax.set_xticks([]); ax.set_yticks([]); ax.set_xlabel(f"shape {k}")
    fig.suptitle("Shapes"); fig.colorbar(m, ax=axs); fig.savefig(os.path.join(folder, name)); plt.close(fig)


for w, h, suffix in [(800, 600, ""), (300, 200, "-small")]:
    scatter(w, h, f"mpl-scatter{suffix}.png"); history(w, h, f"mpl-loss{suffix}.png"); images(w, h, f"mpl-images{suffix}.png")
