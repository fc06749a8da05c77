#!/usr/bin/env python3
"""The interop check: models and data leave dlnb for ONNX Runtime, PyTorch and NumPy, and come back.

Drives the built `dlnb` binary (`dlnb -e "..."`) to write files, then checks them with the reference
implementations:
  - onnx.checker accepts every exported model (full check, with shape inference);
  - ONNX Runtime's outputs equal dlnb's `predict` on 100 inputs for an MLP, the convolution notebook's CNN
    (its statements replayed from notebooks/convolution.dlnb), a BatchNorm/Dropout/DropConnect model, a LayerNorm/GELU/SiLU model and
    a model of the other layers (average pooling, strides, dilation, leaky ReLU, sigmoid, softmax);
  - the MLP's outputs also equal a NumPy forward pass written here from PyTorch's layouts (`x @ W.T + b`);
  - safetensors written by dlnb load in `safetensors.numpy`, and weights written by safetensors load into
    dlnb bit for bit (and change its predictions as NumPy says they should);
  - NPY/NPZ/CSV: NumPy reads what dlnb writes and dlnb reads what NumPy writes (float32, float64, int64,
    int32, uint8, bool; `savez` and `savez_compressed`), bit for bit after float32 conversion;
  - when torch is importable: m.py + m.safetensors reproduce dlnb's outputs, and one SGD step in PyTorch
    from dlnb's weights matches one in dlnb, and the other way round.

Usage: check.py --dlnb PATH [--repo DIR]. Exit status 0 when everything holds, 1 otherwise. The largest
differences seen are printed at the end.
"""
import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnx.numpy_helper
import onnxruntime as ort
from safetensors.numpy import load_file, save_file

RTOL = 1e-5  # max |ort - dlnb| / max |dlnb| per model
failures = []
largest = {}


def note(kind, value):
    largest[kind] = max(largest.get(kind, 0.0), float(value))


def check(condition, message):
    print(("ok    " if condition else "FAIL  ") + message)
    if not condition:
        failures.append(message)


class Dlnb:
    def __init__(self, binary, folder):
        self.binary, self.folder = binary, folder

    def run(self, statements, expect_failure=False):
        result = subprocess.run([self.binary, "-e", statements], cwd=self.folder, capture_output=True, text=True)
        if (result.returncode != 0) != expect_failure:
            print(result.stdout + result.stderr)
            raise SystemExit(f"dlnb {'succeeded' if expect_failure else 'failed'} on:\n{statements}")
        return result.stdout + result.stderr


def relative(a, b):
    scale = max(float(np.max(np.abs(b))), 1e-30)
    return float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64)))) / scale


def notebook_statements(path, stop):
    """The statements of a notebook up to and including the first one that starts with `stop`, without
    plots, with its seed."""
    lines = []
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("#! seed"):
            lines.append("seed " + line.split()[-1])
        if not line.strip() or line.startswith("#") or line.startswith("%%") or line.startswith("plot"):
            continue
        lines.append(line)
        if line.startswith(stop):
            return "\n".join(lines)
    raise SystemExit(f"{path}: no statement starting with {stop!r}")


def check_model(dlnb, name, build, x, inputs=None):
    """Builds a model with `build` (statements ending with a model called `model`), exports it and
    compares ONNX Runtime with dlnb's predict on x."""
    np.save(os.path.join(dlnb.folder, f"{name}-x.npy"), x)
    extra = f" input={inputs}" if inputs else ""
    dlnb.run(build + f"""
x = load "{name}-x.npy"
save (predict model x) "{name}-dlnb.npy"
export model "{name}.onnx"{extra}
export model "{name}.py"{extra}
save model "{name}.safetensors"
""")
    path = os.path.join(dlnb.folder, f"{name}.onnx")
    proto = onnx.load(path)
    try:
        onnx.checker.check_model(proto, full_check=True)
        check(True, f"{name}: onnx.checker accepts the model (IR {proto.ir_version}, opset {proto.opset_import[0].version})")
    except Exception as error:  # noqa: BLE001 - report any checker error
        check(False, f"{name}: onnx.checker: {error}")
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    ours = np.load(os.path.join(dlnb.folder, f"{name}-dlnb.npy"))
    theirs = session.run(["output"], {"input": x})[0]
    check(theirs.shape == ours.shape, f"{name}: ONNX Runtime's output shape {theirs.shape} is dlnb's {ours.shape}")
    error = relative(theirs, ours)
    note("onnxruntime vs dlnb (relative)", error)
    check(error <= RTOL, f"{name}: ONNX Runtime equals dlnb's predict on {len(x)} inputs (max rel {error:.2e})")
    # The ONNX initializers and the safetensors file hold the same tensors under the same names.
    weights = load_file(os.path.join(dlnb.folder, f"{name}.safetensors"))
    initializers = {t.name: onnx.numpy_helper.to_array(t) for t in proto.graph.initializer}
    same = all(np.array_equal(initializers[k], v) for k, v in weights.items() if k in initializers)
    check(same, f"{name}: the .onnx initializers equal the .safetensors tensors of the same names")
    return ours, weights


def mlp_forward(weights, x):
    """The MLP of check_mlp, written from PyTorch's layouts."""
    h = np.maximum(x @ weights["0.weight"].T + weights["0.bias"], 0)
    h = np.tanh(h @ weights["2.weight"].T + weights["2.bias"])
    return h @ weights["4.weight"].T + weights["4.bias"]


MLP = """seed 3
data = spiral 50 3
model = sequential
model.add(linear 2 32)
model.add(relu)
model.add(linear 32 16)
model.add(tanh)
model.add(linear 16 3)
fit model data epochs=5 batch=30 optimizer=(sgd lr=0.1 momentum=0.9) loss=softmax_ce
"""

BATCHNORM = """seed 5
data = spiral 50 3
model = sequential
model.add(linear 2 24)
model.add(batchnorm 24)
model.add(relu)
model.add(dropout 0.3)
model.add(dropconnect 24 12 0.2)
model.add(batchnorm 12 momentum=0.3 eps=0.001)
model.add(sigmoid)
model.add(linear 12 3)
fit model data epochs=4 batch=25 optimizer=(adam lr=0.01) loss=softmax_ce
"""

NEWER = """seed 11
data = spiral 50 3
model = sequential
model.add(linear 2 16)
model.add(layernorm 16)
model.add(gelu)
model.add(linear 16 16)
model.add(layernorm 16 eps=0.001 affine=false)
model.add(silu)
model.add(linear 16 8)
model.add(gelu approximate="tanh")
model.add(linear 8 3)
fit model data epochs=4 batch=25 optimizer=(adam lr=0.01) loss=softmax_ce
"""

OTHERS = """seed 7
model = sequential
model.add(conv2d 2 4 3 stride=2 padding=1)
model.add(leaky_relu slope=0.2)
model.add(avgpool 2 padding=1)
model.add(conv2d 4 6 3 dilation=2 padding=2 bias=false)
model.add(maxpool 3 stride=2 padding=1)
model.add(flatten)
model.add(linear 24 5 bias=false)
model.add(softmax)
"""


def check_files(dlnb, rng):
    folder = dlnb.folder
    # NumPy writes, dlnb reads and writes back, NumPy compares.
    arrays = {
        "f4": rng.standard_normal((3, 4, 5)).astype(np.float32),
        "f8": rng.standard_normal((7, 2)),
        "i8": rng.integers(-1000, 1000, size=(6,)).astype(np.int64),
        "i4": rng.integers(-1000, 1000, size=(2, 3)).astype(np.int32),
        "u1": rng.integers(0, 255, size=(4, 4)).astype(np.uint8),
        "b1": rng.integers(0, 2, size=(5,)).astype(bool),
        "scalar": np.array(2.5, dtype=np.float32),
    }
    statements = []
    for key, value in arrays.items():
        np.save(os.path.join(folder, f"np-{key}.npy"), value)
        statements.append(f'save (load "np-{key}.npy") "dlnb-{key}.npy"')
    np.savez(os.path.join(folder, "np-one.npz"), values=arrays["f4"])
    np.savez_compressed(os.path.join(folder, "np-compressed.npz"), arrays["f8"])
    labels = rng.integers(0, 4, size=(20,))
    inputs = rng.standard_normal((20, 1, 3, 3)).astype(np.float32)
    np.savez(os.path.join(folder, "np-data.npz"), inputs=inputs, labels=labels)
    np.savez_compressed(os.path.join(folder, "np-data-z.npz"), x=inputs, y=labels.astype(np.int32))
    statements += [
        'save (load "np-one.npz") "dlnb-one.npy"',
        'save (load "np-compressed.npz") "dlnb-compressed.npy"',
        'd = load "np-data.npz"', 'save d "dlnb-data.npz"',
        'dz = load "np-data-z.npz"', 'save dz "dlnb-data-z.npz"',
        "seed 9", "s = spiral 10 3", 's2 = shapes 12 size=8',
        'save s "spiral.npz"', 'save s "spiral.csv"', 'save s.x "spiral-x.npy"', 'save s.y "spiral-y.npy"',
        'save s2 "shapes.npz"', 'save s2.x "shapes-x.npz"',
        'back = load "spiral.csv"', 'save back "spiral-back.npz"',
    ]
    dlnb.run("\n".join(statements))
    for key, value in arrays.items():
        back = np.load(os.path.join(folder, f"dlnb-{key}.npy"))
        check(back.dtype == np.float32 and back.shape == value.shape and np.array_equal(back, value.astype(np.float32)),
              f"npy {key}: NumPy -> dlnb -> NumPy gives the float32 values, shape {value.shape}")
    check(np.array_equal(np.load(os.path.join(folder, "dlnb-one.npy")), arrays["f4"]), "npz (savez, one named array) -> dlnb")
    check(np.array_equal(np.load(os.path.join(folder, "dlnb-compressed.npy")), arrays["f8"].astype(np.float32)),
          "npz (savez_compressed, deflate) -> dlnb")
    for name in ["dlnb-data.npz", "dlnb-data-z.npz"]:
        with np.load(os.path.join(folder, name)) as d:
            check(np.array_equal(d["inputs"], inputs) and np.array_equal(d["labels"], labels) and d["labels"].dtype == np.int64,
                  f"data set npz -> dlnb -> {name}: inputs and int64 labels exact")
    with np.load(os.path.join(folder, "spiral.npz")) as d:
        x, y = np.load(os.path.join(folder, "spiral-x.npy")), np.load(os.path.join(folder, "spiral-y.npy"))
        check(np.array_equal(d["inputs"], x) and np.array_equal(d["labels"], y.astype(np.int64)) and x.shape == (30, 2),
              "dlnb data set -> npz: the same inputs and labels as its .npy tensors")
        table = np.loadtxt(os.path.join(folder, "spiral.csv"), delimiter=",", skiprows=1, dtype=np.float64)
        check(np.array_equal(table[:, :2].astype(np.float32), x) and np.array_equal(table[:, 2], y),
              "dlnb data set -> csv: NumPy reads the same float32 values and labels")
        with np.load(os.path.join(folder, "spiral-back.npz")) as back:
            check(np.array_equal(back["inputs"], x) and np.array_equal(back["labels"], d["labels"]),
                  "dlnb csv -> dlnb -> npz: exact round trip")
    with np.load(os.path.join(folder, "shapes.npz")) as d, np.load(os.path.join(folder, "shapes-x.npz")) as t:
        check(d["inputs"].shape == (12, 1, 8, 8) and np.array_equal(d["inputs"], t["arr_0"]),
              "dlnb image data set -> npz keeps [N, 1, 8, 8]")
    # Hostile files: errors that name the file and the place, and the session goes on.
    with open(os.path.join(folder, "cut.npy"), "wb") as f:
        f.write(open(os.path.join(folder, "np-f4.npy"), "rb").read()[:100])
    with open(os.path.join(folder, "cut.npz"), "wb") as f:
        f.write(open(os.path.join(folder, "np-data.npz"), "rb").read()[:300])
    np.save(os.path.join(folder, "fortran.npy"), np.asfortranarray(arrays["f8"]))
    np.save(os.path.join(folder, "complex.npy"), np.zeros(3, dtype=np.complex64))
    for name, words in [("cut.npy", "truncated"), ("cut.npz", "end-of-directory"), ("fortran.npy", "Fortran"),
                        ("complex.npy", "unsupported dtype")]:
        out = dlnb.run(f'load "{name}"', expect_failure=True)
        check(name in out and words in out, f"{name}: the error names the file and says {words!r}")


def check_safetensors_in(dlnb, rng):
    """Weights written by the safetensors library load into dlnb exactly and give NumPy's outputs."""
    folder = dlnb.folder
    weights = load_file(os.path.join(folder, "mlp.safetensors"))
    fresh = {k: rng.standard_normal(v.shape).astype(np.float32) for k, v in weights.items()}
    save_file(fresh, os.path.join(folder, "fresh.safetensors"))
    x = np.load(os.path.join(folder, "mlp-x.npy"))
    dlnb.run(MLP + """
load "fresh.safetensors" into=model
save model "fresh-again.safetensors"
save (predict model (load "mlp-x.npy")) "fresh-dlnb.npy"
""")
    again = load_file(os.path.join(folder, "fresh-again.safetensors"))
    check(again.keys() == fresh.keys() and all(np.array_equal(again[k], fresh[k]) for k in fresh),
          "safetensors -> dlnb -> safetensors: every tensor bit for bit")
    ours = np.load(os.path.join(folder, "fresh-dlnb.npy"))
    error = relative(ours, mlp_forward({k: v.astype(np.float64) for k, v in fresh.items()}, x.astype(np.float64)))
    note("dlnb vs NumPy float64 forward (relative)", error)
    check(error <= RTOL, f"loaded weights: dlnb's predict equals a NumPy forward pass in PyTorch's layout (max rel {error:.2e})")
    bad = dict(fresh)
    bad["2.weight"] = bad["2.weight"].T.copy()
    save_file(bad, os.path.join(folder, "bad-shape.safetensors"))
    wrong = dict(fresh)
    wrong["0.bias"] = wrong["0.bias"].astype(np.float64)
    save_file(wrong, os.path.join(folder, "bad-dtype.safetensors"))
    for name, words in [("bad-shape.safetensors", "'2.weight' has shape [32, 16]"),
                        ("bad-dtype.safetensors", "'0.bias' has dtype F64")]:
        out = dlnb.run(MLP + f'load "{name}" into=model', expect_failure=True)
        check(name in out and words in out, f"{name}: the error names the tensor ({words})")


def check_torch(dlnb, folder, name, x, ours):
    import torch
    import safetensors.torch
    spec = importlib.util.spec_from_file_location(name, os.path.join(folder, f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.build()
    model.load_state_dict(safetensors.torch.load_file(os.path.join(folder, f"{name}.safetensors")))
    model.eval()
    with torch.no_grad():
        theirs = model(torch.from_numpy(x)).numpy()
    error = relative(theirs, ours)
    note("torch vs dlnb (relative)", error)
    check(error <= RTOL, f"{name}: m.py + m.safetensors in PyTorch {torch.__version__} equal dlnb's predict (max rel {error:.2e})")
    return module


def check_torch_steps(dlnb, folder, rng):
    """One SGD step in PyTorch from dlnb's weights equals one in dlnb, and one in dlnb from PyTorch's."""
    import torch
    import safetensors.torch
    spec = importlib.util.spec_from_file_location("mlp", os.path.join(folder, "mlp.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    x = rng.standard_normal((40, 2)).astype(np.float32)
    y = rng.integers(0, 3, size=(40,)).astype(np.int64)
    np.savez(os.path.join(folder, "batch.npz"), inputs=x, labels=y)

    def torch_step(source, target):
        model = module.build()
        model.load_state_dict(safetensors.torch.load_file(os.path.join(folder, source)))
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        loss = torch.nn.functional.cross_entropy(model(torch.from_numpy(x)), torch.from_numpy(y))
        loss.backward()
        optimizer.step()
        safetensors.torch.save_file({k: v.contiguous() for k, v in model.state_dict().items()}, os.path.join(folder, target))

    def dlnb_step(source, target):
        dlnb.run(MLP + f"""
load "{source}" into=model
batch = load "batch.npz"
fit model batch epochs=1 batch=40 shuffle=false optimizer=(sgd lr=0.1) loss=softmax_ce
save model "{target}"
""")

    torch_step("mlp.safetensors", "step1-torch.safetensors")
    dlnb_step("mlp.safetensors", "step1-dlnb.safetensors")
    torch_step("step1-torch.safetensors", "step2-torch.safetensors")
    dlnb_step("step1-torch.safetensors", "step2-dlnb.safetensors")
    for step, start in [("step1", "mlp"), ("step2", "step1-torch")]:
        w = load_file(os.path.join(folder, f"{start}.safetensors"))
        a, b = load_file(os.path.join(folder, f"{step}-torch.safetensors")), load_file(os.path.join(folder, f"{step}-dlnb.safetensors"))
        # The updates themselves (new - old), so that the comparison is not drowned by the weights.
        error = max(relative(b[k].astype(np.float64) - w[k], a[k].astype(np.float64) - w[k]) for k in a)
        note("one SGD step's update, torch vs dlnb (relative)", error)
        check(a.keys() == b.keys() and error <= 1e-4, f"{step}: PyTorch's and dlnb's SGD updates agree (max rel {error:.2e})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dlnb", required=True)
    parser.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    args = parser.parse_args()
    rng = np.random.default_rng(17)
    print(f"numpy {np.__version__}, onnx {onnx.__version__}, onnxruntime {ort.__version__}")
    with tempfile.TemporaryDirectory() as folder:
        dlnb = Dlnb(os.path.abspath(args.dlnb), folder)
        x2 = rng.standard_normal((100, 2)).astype(np.float32)
        mlp, mlp_weights = check_model(dlnb, "mlp", MLP, x2)
        error = relative(mlp, mlp_forward({k: v.astype(np.float64) for k, v in mlp_weights.items()}, x2.astype(np.float64)))
        note("dlnb vs NumPy float64 forward (relative)", error)
        check(error <= RTOL, f"mlp: dlnb's predict equals a NumPy forward pass in PyTorch's layout (max rel {error:.2e})")
        cnn_statements = notebook_statements(os.path.join(args.repo, "notebooks", "convolution.dlnb"), "h = fit")
        images = rng.random((100, 1, 16, 16)).astype(np.float32)
        cnn, _ = check_model(dlnb, "cnn", cnn_statements, images, inputs="[1, 16, 16]")
        bn, _ = check_model(dlnb, "batchnorm", BATCHNORM, x2)
        newer, _ = check_model(dlnb, "newer", NEWER, x2)
        maps = rng.standard_normal((100, 2, 9, 9)).astype(np.float32)
        others, _ = check_model(dlnb, "others", OTHERS, maps, inputs="[2, 9, 9]")
        check_safetensors_in(dlnb, rng)
        check_files(dlnb, rng)
        try:
            import torch  # noqa: F401
            has_torch = True
        except ImportError:
            has_torch = False
        if has_torch:
            for name, x, ours in [("mlp", x2, mlp), ("cnn", images, cnn), ("batchnorm", x2, bn), ("newer", x2, newer),
                                   ("others", maps, others)]:
                check_torch(dlnb, folder, name, x, ours)
            check_torch_steps(dlnb, folder, rng)
        else:
            print("skip  torch is not importable: the PyTorch part did not run")
    print("largest differences: " + ", ".join(f"{k} {v:.2e}" for k, v in largest.items()))
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    print("all interop checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
