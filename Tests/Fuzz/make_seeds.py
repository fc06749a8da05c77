#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora and dictionaries (Tests/Fuzz/Corpus, Tests/Fuzz/Dictionaries).

Seeds: the notebooks' statements and the docs' examples for the language targets, the notebooks
themselves for FuzzNotebook, and small valid files (written here byte by byte, standard library only)
for the file readers. Run from the repository root: python3 Tests/Fuzz/make_seeds.py
"""
import json, os, re, shutil, struct, zlib

ROOT = os.getcwd()
FUZZ = os.path.join(ROOT, "Tests", "Fuzz")
CORPUS = os.path.join(FUZZ, "Corpus")


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def notebook_statements(path):
    cells, current = [], []
    for line in open(path, encoding="utf-8").read().splitlines():
        if line.startswith("#") or line.startswith("%%") or not line.strip():
            continue
        cells.append(line)
    return cells


def docs_examples():
    text = open(os.path.join(ROOT, "docs", "LANGUAGE.md"), encoding="utf-8").read()
    return [block.strip() for block in re.findall(r"```\n(.*?)```", text, re.S) if block.strip()]


# The language's later features, each with its keywords at ordinary and at extreme values, so that the
# mutations start from statements that reach them: schedules, early stopping, verbose, checkpoints and
# resume, metrics and the classification report, blocks (for, if), tables, the optimizer's step and
# zero_grad, the wave data set, target=, the regression losses.
PRELUDE = "d = spiral 20 3\nm = sequential (linear 2 8) (relu) (linear 8 3)\n"
FEATURES = [
    PRELUDE + "fit m d epochs=4 batch=10 schedule=(step_lr step_size=1 gamma=0.5) verbose=2",
    PRELUDE + "fit m d epochs=4 schedule=(multi_step_lr milestones=[1, 3] gamma=1e308)",
    PRELUDE + "fit m d epochs=3 schedule=(exponential_lr gamma=0)\nfit m d epochs=3 schedule=(cosine_annealing_lr t_max=0)",
    PRELUDE + "fit m d epochs=2 schedule=(one_cycle_lr max_lr=0.2 total_steps=1)",
    PRELUDE + "fit m d epochs=3 schedule=(reduce_lr_on_plateau mode=\"max\" factor=0.1 patience=0)\nfit m d epochs=2 schedule=(linear_lr)",
    PRELUDE + "t, v = split d 0.7\nfit m t epochs=1000 validation=v patience=2 monitor=\"val_loss\" min_delta=0.001 restore_best=true",
    PRELUDE + "fit m d epochs=50 validation_split=0.3 patience=0 monitor=\"accuracy\" mode=\"max\" min_delta=1e308 start_from_epoch=9007199254740993",
    PRELUDE + "fit m d epochs=5 patience=1 monitor=\"val_accuracy\" restore_best=true verbose=0",
    PRELUDE + "fit m d epochs=3 checkpoint=\"run-{epoch}.dlnbckpt\" every=1\nresume \"run-3.dlnbckpt\"\nfit m d epochs=1",
    PRELUDE + "opt = adam lr=0.01\nfit m d epochs=2 optimizer=opt checkpoint=\"r.dlnbckpt\" every=0\ncheckpoint \"r.dlnbckpt\"\nresume \"r.dlnbckpt\"",
    PRELUDE + "h = fit m d epochs=2 metrics=[\"precision\", \"f1_weighted\", \"top2\", \"recall_micro\"]\nh.precision\nh.val_top2",
    PRELUDE + "fit m d epochs=1 metrics=[precision, f1, \"top99999999999\"]\nclassification_report m d\nconfusion m d\ntopk m d k=2",
    PRELUDE + "precision m d average=\"none\"\nrecall m d average=\"weighted\"\nf1 m d average=\"micro\"",
    "for i in 1..3\n  if i == 2\n    print \"two\"\n  else\n    print i\n  end\nend",
    "for lr in [0.01, 0.1, 1.0]; print \"lr\" lr; end\nif true; 1; end\nif false; 1; else; 2; end",
    "runs = table \"lr\"\nfor lr in [0.1, 1.0]\n  m = sequential (linear 2 3)\n  h = fit m (xor 8) epochs=2 optimizer=(sgd lr=lr)\n  runs.add(lr, h)\nend\nruns",
    "w = param [1.0, -2.0]\nopt = sgd [w] lr=0.1 momentum=0.9\nfor i in 1..5\n  zero_grad opt\n  backward (sum (w * w))\n  step opt\nend\nw\nzero_grad w",
    "w = wave 50 noise=0.1 frequency=3\nr = sequential (linear 1 8) (tanh) (linear 8 1)\nfit r w epochs=2 loss=huber\nmae r w\nhuber r w delta=0.5\nsmooth_l1 r w beta=2",
    "w = wave 20 noise=1e308 frequency=-1e308\nr = sequential (linear 1 1)\nfit r w epochs=1 loss=smooth_l1\nfit r w epochs=1 loss=mae\nhuber r w delta=0\nsmooth_l1 r w beta=0",
    "mae (tensor [1, 2]) (tensor [1.5, 0])\nhuber (tensor [[1], [2]]) (tensor [[0], [9]])\nsmooth_l1 (tensor [0.5]) (tensor [0])",
    "save (wave 10) \"w.csv\"\nr = load \"w.csv\" target=\"values\"\nc = load \"w.csv\" target=\"classes\"\nr",
]


def language_seeds():
    notebooks = sorted(f for f in os.listdir(os.path.join(ROOT, "notebooks")) if f.endswith(".dlnb"))
    examples = docs_examples()
    for i, example in enumerate(examples):
        write("FuzzSyntax", "docs-%03d.dlnb-src" % i, example)
        write("FuzzEvaluator", "docs-%03d.dlnb-src" % i, example)
    for name in notebooks:
        path = os.path.join(ROOT, "notebooks", name)
        statements = notebook_statements(path)
        write("FuzzSyntax", name + ".src", "\n".join(statements) + "\n")
        # The evaluator gets each notebook in pieces of a few statements (a whole one trains for long).
        for start in range(0, len(statements), 6):
            write("FuzzEvaluator", "%s-%03d.src" % (name, start), "\n".join(statements[start:start + 6]) + "\n")
        shutil.copy(path, os.path.join(CORPUS, "FuzzNotebook", name)) if os.path.isdir(os.path.join(CORPUS, "FuzzNotebook")) else write("FuzzNotebook", name, open(path, "rb").read())
    hostile = [
        "arange -1e19", "arange 1e19 0", "arange 0 1 -1e-30", "zeros 3000000000", "moons 200200200",
        "x = reshape (ones 1) (ones 64)\nx", "gradcheck softmax (randn 2 46341)",
        "d = dataset (tensor [[0, 1], [1, 0]]) [0, 999999]\nm = sequential (linear 2 3)\nconfusion m d",
        "m = sequential (linear 2 3)\nd = spiral 10 3\nfit m d epochs=1000000000000", "1 + 1",
        "for i in 1..9007199254740992\nend", "for i in 1..3; for j in 1..3; print i j; end; end",
        "w = param [1.0]\nopt = sgd [w] lr=0.1\nfor i in 1..3\n  backward (sum (w * w))\n  step opt\n  zero_grad opt\nend",
    ]
    for i, text in enumerate(hostile):
        write("FuzzEvaluator", "hostile-%02d.src" % i, text + "\n")
        write("FuzzSyntax", "hostile-%02d.src" % i, text + "\n")
    for i, text in enumerate(FEATURES):
        write("FuzzEvaluator", "features-%02d.src" % i, text + "\n")
        write("FuzzSyntax", "features-%02d.src" % i, text + "\n")
    write("FuzzNotebook", "small.dlnb", "#! dlnb 1\n#! seed 1\n%% A\n# prose\nx = 1 + 2\nx\n#> 3\nx * 2\n#> 6\n")
    write("FuzzNotebook", "changed.dlnb", "#! dlnb 1\nx = arange 5\nx\n#> [0, 1, 2, 3, 9]\nprint \"wrote a.png (1x1)\"\n#> wrote a.png (1x1)\n")


def csv_seeds():
    write("FuzzCSV", "header.csv", "x,y,label\n0.5,1.5,0\n-1,2,1\n3,4e-3,2\n")
    write("FuzzCSV", "noheader.csv", "1,2,0\n3,4,1\n")
    write("FuzzCSV", "names.csv", "label,a,b\ncat,1,2\ndog,3,4\n\"cat\",5,6\n")
    write("FuzzCSV", "floats.csv", "a,b\r\n1.5,-2\r\nnan,inf\r\n")
    write("FuzzCSV", "big-label.csv", "x,label\n1,0\n2,999999\n")


def npy(array_bytes, descr, shape, fortran=False):
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (descr, "True" if fortran else "False", repr(tuple(shape)))
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * (pad % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + array_bytes


def npy_seeds():
    write("FuzzNPY", "f4-2x3.npy", npy(struct.pack("<6f", 1, 2, 3, 4, 5, 6), "<f4", (2, 3)))
    write("FuzzNPY", "f8-3.npy", npy(struct.pack("<3d", 0.5, -1, 2), "<f8", (3,)))
    write("FuzzNPY", "i8-labels.npy", npy(struct.pack("<3q", 0, 1, 2), "<i8", (3,)))
    write("FuzzNPY", "u1-2x2.npy", npy(bytes([0, 255, 7, 8]), "|u1", (2, 2)))
    write("FuzzNPY", "be-f4.npy", npy(struct.pack(">2f", 1, 2), ">f4", (2,)))
    write("FuzzNPY", "fortran.npy", npy(struct.pack("<4f", 1, 2, 3, 4), "<f4", (2, 2), fortran=True))
    write("FuzzNPY", "scalar.npy", npy(struct.pack("<f", 7), "<f4", ()))


def idx(code, shape, payload):
    return bytes([0, 0, code, len(shape)]) + b"".join(struct.pack(">I", s) for s in shape) + payload


def idx_seeds():
    write("FuzzIDX", "images-idx3-ubyte", idx(0x08, (2, 2, 2), bytes(range(8))))
    write("FuzzIDX", "labels-idx1-ubyte", idx(0x08, (3,), bytes([0, 1, 2])))
    write("FuzzIDX", "floats-idx2", idx(0x0D, (1, 2), struct.pack(">2f", 1.5, -2)))
    write("FuzzIDX", "ints-idx1", idx(0x0C, (2,), struct.pack(">2i", 1, 70000)))
    write("FuzzIDX", "doubles-idx1", idx(0x0E, (1,), struct.pack(">d", 3.25)))
    write("FuzzIDX", "shorts-idx1", idx(0x0B, (2,), struct.pack(">2h", -1, 5)))


def npz_seeds():
    import io, zipfile
    for name, method in [("stored.npz", zipfile.ZIP_STORED), ("deflated.npz", zipfile.ZIP_DEFLATED)]:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", method) as archive:
            # A fixed date, so that the archives do not change with every run of this script.
            for entry_name, data in [("x.npy", npy(struct.pack("<4f", 1, 2, 3, 4), "<f4", (2, 2))),
                                     ("y.npy", npy(struct.pack("<2q", 0, 1), "<i8", (2,)))]:
                archive.writestr(zipfile.ZipInfo(entry_name, date_time=(2026, 1, 1, 0, 0, 0)), data, compress_type=method)
        write("FuzzNPZ", name, buffer.getvalue())


def safetensors(entries):
    header, data = {}, b""
    for name, dtype, shape, payload in entries:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def safetensors_seeds():
    f32 = lambda *v: struct.pack("<%df" % len(v), *v)
    write("FuzzSafetensors", "model.safetensors", safetensors([
        ("0.weight", "F32", [3, 2], f32(1, 2, 3, 4, 5, 6)), ("0.bias", "F32", [3], f32(0, 1, 2)),
        ("1.weight", "F32", [3], f32(1, 1, 1)), ("1.bias", "F32", [3], f32(0, 0, 0)),
        ("1.running_mean", "F32", [3], f32(0, 0, 0)), ("1.running_var", "F32", [3], f32(1, 1, 1)),
        ("1.num_batches_tracked", "I64", [], struct.pack("<q", 5))]))
    write("FuzzSafetensors", "other.safetensors", safetensors([("w", "F64", [1], struct.pack("<d", 2.5))]))


def model(layers, tensors):
    header = json.dumps({"layers": layers, "tensors": [{"name": n, "shape": s} for n, s, _ in tensors]},
                        sort_keys=True, separators=(",", ":")).encode()
    body = b"DLNBMODL" + struct.pack("<II", 1, len(header)) + header
    for _, shape, values in tensors:
        body += struct.pack("<%df" % len(values), *values)
    return body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF)


def model_seeds():
    shutil.copy(os.path.join(ROOT, "spiral.dlnbmodel"), os.path.join(CORPUS, "FuzzModel", "spiral.dlnbmodel")) \
        if os.path.exists(os.path.join(ROOT, "spiral.dlnbmodel")) else None
    write("FuzzModel", "linear.dlnbmodel", model(
        [{"type": "Linear", "input": 2, "output": 2, "bias": True}, {"type": "ReLU"}, {"type": "Softmax", "axis": -1}],
        [("0.weight", [2, 2], [1, 2, 3, 4]), ("0.bias", [2], [0, 1])]))
    write("FuzzModel", "conv.dlnbmodel", model(
        [{"type": "Conv2D", "input": 1, "output": 1, "kernel": 2, "stride": 1, "padding": 0, "dilation": 1, "bias": False},
         {"type": "MaxPool2D", "kernel": 2, "stride": 2, "padding": 0}, {"type": "Flatten"},
         {"type": "BatchNorm1d", "features": 1, "momentum": 0.1, "eps": 1e-5}, {"type": "Dropout", "rate": 0.5},
         {"type": "LeakyReLU", "slope": 0.1}, {"type": "Tanh"}, {"type": "Sigmoid"},
         {"type": "DropConnect", "input": 1, "output": 1, "rate": 0.5, "bias": True}],
        [("0.weight", [1, 1, 2, 2], [1, 0, 0, 1]), ("3.weight", [1], [1]), ("3.bias", [1], [0]),
         ("3.running_mean", [1], [0]), ("3.running_var", [1], [1]), ("8.weight", [1, 1], [2]), ("8.bias", [1], [0])]))
    write("FuzzModel", "nested.dlnbmodel", model(
        [{"type": "Sequential", "layers": [{"type": "Linear", "input": 1, "output": 1, "bias": False}]},
         {"type": "BatchNorm2d", "channels": 1, "momentum": 0.1, "eps": 1e-5}, {"type": "AvgPool2D", "kernel": 1, "stride": 1, "padding": 0}],
        [("0.0.weight", [1, 1], [3])]))


def container(magic, header, arrays):
    """The layout of .dlnbmodel, .dlnbckpt and .dlnbopt files (Sources/DLEngine/Files/ArchiveContainer.swift)."""
    header = dict(header, tensors=[{"name": n, "shape": s} for n, s, _ in arrays])
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    body = magic + struct.pack("<II", 1, len(text)) + text
    for _, _, values in arrays:
        body += struct.pack("<%df" % len(values), *values)
    return body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF)


def bits(x):
    """A float32's bit pattern, as checkpoints keep figures in their JSON header."""
    return struct.unpack("<I", struct.pack("<f", x))[0]


def hex64(x):
    """A Double (or a 64-bit word, given as an int) as 16 hexadecimal digits."""
    return "%016x" % (x if isinstance(x, int) else struct.unpack("<Q", struct.pack("<d", x))[0])


def checkpoint_seeds():
    linear = [{"type": "Linear", "input": 2, "output": 3, "bias": True}]
    weights = [("model/0.weight", [2, 3], [0.5, -1, 0.25, 2, 0, -0.5]), ("model/0.bias", [3], [0.1, 0.2, 0.3])]
    generator = {"words": [hex64(w) for w in (1, 2, 3, 4)], "spare": hex64(0.5)}
    history = {"records": [{"epoch": 1, "loss": bits(1.25), "accuracy": bits(0.5), "val_loss": None, "val_accuracy": None,
                            "complete": True}, {"epoch": 2, "loss": bits(0.75), "accuracy": bits(0.75), "val_loss": bits(0.9),
                                                "val_accuracy": bits(0.7), "complete": False}],
               "spacing": 1, "recorded_epochs": 2, "completed_epochs": 1, "duration": hex64(0.01),
               "stop": {"kind": "requested", "epoch": 2, "batch": 1}, "step": {"kind": "fused_dense"}}
    adam = {"name": "adam", "options": {"lr": bits(0.01), "beta1": bits(0.9), "beta2": bits(0.999), "eps": bits(1e-8),
                                        "weight_decay": bits(0), "amsgrad": bits(0)},
            "slots": ["m", "v"], "states": [{"parameter": "0.weight", "step": 3}, {"parameter": "0.bias", "step": 3}]}
    moments = [("optimizer/0.weight/m", [6], [0.1] * 6), ("optimizer/0.weight/v", [6], [0.01] * 6),
               ("optimizer/0.bias/m", [3], [0.1] * 3), ("optimizer/0.bias/v", [3], [0.01] * 3)]
    schedule = {"name": "cosine_annealing_lr", "arguments": {"t_max": {"integer": 10}, "eta_min": {"number": hex64(0.0)}},
                "state": {"step": hex64(2.0), "base_lr": hex64(0.01)}}
    write("FuzzCheckpoint", "adam.dlnbckpt", container(b"DLNBCKPT", {
        "model": {"layers": linear}, "optimizer": adam, "schedule": schedule, "history": history, "generator": generator,
        "layer_generators": [], "names": {"model": "net", "optimizer": "o"}}, weights + moments))
    sgd = {"name": "sgd", "options": {"lr": bits(0.1), "momentum": bits(0.9), "dampening": bits(0), "nesterov": bits(0),
                                      "weight_decay": bits(0)}, "slots": ["velocity"],
           "states": [{"parameter": "0.weight", "step": 1}]}
    plateau = {"name": "reduce_lr_on_plateau", "arguments": {"mode": {"text": "min"}, "factor": {"number": hex64(0.1)}},
               "state": {"step": hex64(1.0), "bad_epochs": hex64(0.0), "cooldown_counter": hex64(0.0), "best": hex64(0.5)}}
    dropout = [{"type": "Linear", "input": 2, "output": 3, "bias": True}, {"type": "Dropout", "rate": 0.5}]
    write("FuzzCheckpoint", "dropout.dlnbckpt", container(b"DLNBCKPT", {
        "model": {"layers": dropout}, "optimizer": sgd, "schedule": plateau, "generator": generator,
        "layer_generators": [generator], "names": {}}, weights + [("optimizer/0.weight/velocity", [6], [0.5] * 6)]))
    write("FuzzCheckpoint", "bare.dlnbckpt", container(b"DLNBCKPT", {
        "model": {"layers": linear}, "generator": generator, "layer_generators": [], "names": {}}, weights))
    write("FuzzCheckpoint", "adam.dlnbopt", container(b"DLNBOPTM", {"optimizer": dict(adam, parameters=[
        {"name": "0.weight", "shape": [2, 3]}, {"name": "0.bias", "shape": [3]}])},
        [(n[len("optimizer/"):], s, v) for n, s, v in moments]))


def entry(word):
    """One libFuzzer dictionary line: the word quoted, with \\xNN for bytes outside printable ASCII."""
    data = word.encode("utf-8") if any(ord(c) > 255 for c in word) else word.encode("latin-1")
    text = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else "\\x%02X" % b for b in data)
    return '"' + text + '"\n'


def dictionaries():
    folder = os.path.join(FUZZ, "Dictionaries")
    os.makedirs(folder, exist_ok=True)
    text = open(os.path.join(ROOT, "docs", "LANGUAGE.md"), encoding="utf-8").read()
    builtins = sorted(set(re.findall(r"^#### `([a-z_0-9]+)`", text, re.M)))
    keywords = sorted(set(k for line in re.findall(r"^Keywords: (.*)$", text, re.M) for k in re.findall(r"`([a-z_0-9]+)`", line)))
    tokens = ["=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "**", "@", "(", ")", "[", "]", ",", ";", ":",
              ".", "#", "\\", "\n", "\"", "true", "false", "none", "and", "or", "not", "ans", "?", "1e308", "-0", "nan",
              ".grad", ".shape", ".add(", ".data", ".T", "[:, 1]", "[::-1]", "\"x.png\"", "\"x.csv\"", "\"x.npy\"",
              "\"x.dlnbmodel\"", "size=10x10", "for", "in", "end", "if", "else", "..", "for i in 1..3\n", "\nend\n",
              "; end", "if true\n", "\nelse\n", "table", ".add(1, h)", "metrics=[\"precision\", \"f1\"]",
              "monitor=\"val_loss\"", "monitor=\"accuracy\"", "mode=\"max\"", "restore_best=true", "verbose=2",
              "checkpoint=\"r.dlnbckpt\" every=1", "resume \"r.dlnbckpt\"", "\"run-{epoch}.dlnbckpt\"",
              "target=\"values\"", "target=\"classes\"", "loss=huber", "loss=mae", "loss=smooth_l1",
              "schedule=(step_lr step_size=1)", "average=\"none\"", "\"top2\"", "h.val_loss", "zero_grad ", "step ",
              "class_weight=[1, 2, 0.5]", "cycle_momentum=false", "base_momentum=", "max_momentum=", "reduction=\"sum\"",
              ".schedule = "]
    with open(os.path.join(folder, "dlnb.dict"), "w") as f:
        f.write("# dlnb's built-in names, keyword arguments and tokens (Tests/Fuzz/make_seeds.py writes this file).\n")
        for word in builtins + [k + "=" for k in keywords] + tokens:
            f.write(entry(word))
    with open(os.path.join(folder, "notebook.dict"), "w") as f:
        f.write("# .dlnb notebook lines, plus the language's words (dlnb.dict).\n")
        for word in ["#! dlnb 1\n", "#! seed ", "%% ", "#> ", "#> error: ", "\n#> ", "{{", "}}", "\r\n", "wrote ", " (800x600)"]:
            f.write(entry(word))
    with open(os.path.join(folder, "csv.dict"), "w") as f:
        for word in [",", "\n", "\r\n", "\"", "\"\"", "label", "nan", "inf", "-inf", "1e39", "1e-45", "999999", " ", "\t", "#"]:
            f.write(entry(word))
    with open(os.path.join(folder, "npy.dict"), "w") as f:
        for word in ["\x93NUMPY", "\x01\x00", "\x02\x00", "\x03\x00", "'descr': ", "'fortran_order': ", "'shape': ",
                     "True", "False", "<f4", "<f8", ">f4", "<i8", "|u1", "|i1", "<i4", "<u2", "(", ")", ",)", "{", "}", "99999999999"]:
            f.write(entry(word))
    with open(os.path.join(folder, "safetensors.dict"), "w") as f:
        for word in ["\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F32\"", "\"F64\"",
                     "\"F16\"", "\"BF16\"", "\"I64\"", "\"I32\"", "\"U8\"", "\"BOOL\"", "\"0.weight\"",
                     "\"1.num_batches_tracked\"", "[", "]", "{", "}", ":", ",", "\x00\x00\x00\x00\x00\x00\x00\x00",
                     "18446744073709551615", "4294967296"]:
            f.write(entry(word))
    with open(os.path.join(folder, "idx.dict"), "w") as f:
        for word in ["\x00\x00\x08\x01", "\x00\x00\x08\x03", "\x00\x00\x0d\x02", "\x00\x00\x0e\x01", "\x00\x00\x0b\x01",
                     "\x00\x00\x0c\x01", "\x00\x00\x09\x01", "\xff\xff\xff\xff", "\x00\x01\x00\x00"]:
            f.write(entry(word))
    with open(os.path.join(folder, "checkpoint.dict"), "w") as f:
        for word in ["DLNBCKPT", "DLNBOPTM", "\"model\"", "\"optimizer\"", "\"schedule\"", "\"history\"", "\"generator\"",
                     "\"layer_generators\"", "\"names\"", "\"words\"", "\"spare\"", "\"options\"", "\"slots\"", "\"states\"",
                     "\"parameter\"", "\"step\"", "\"parameters\"", "\"records\"", "\"epoch\"", "\"loss\"", "\"accuracy\"",
                     "\"val_loss\"", "\"complete\"", "\"spacing\"", "\"recorded_epochs\"", "\"completed_epochs\"",
                     "\"duration\"", "\"stop\"", "\"kind\"", "\"arguments\"", "\"state\"", "\"integer\"", "\"number\"",
                     "\"text\"", "\"sgd\"", "\"adam\"", "\"rmsprop\"", "\"adamw\"", "\"velocity\"", "\"m\"", "\"v\"",
                     "\"cosine_annealing_lr\"", "\"one_cycle_lr\"", "\"base_lr\"", "\"0000000000000000\"",
                     "\"ffffffffffffffff\"", "\"7ff0000000000000\"", "4294967295", "null", "1099511627777"]:
            f.write(entry(word))
    with open(os.path.join(folder, "model.dict"), "w") as f:
        for word in ["DLNBMODL", "\"layers\"", "\"tensors\"", "\"type\"", "\"name\"", "\"shape\"", "\"input\"",
                     "\"output\"", "\"bias\"", "\"kernel\"", "\"stride\"", "\"padding\"", "\"dilation\"", "\"features\"",
                     "\"channels\"", "\"rate\"", "\"slope\"", "\"axis\"", "\"momentum\"", "\"eps\"", "\"Linear\"",
                     "\"Conv2D\"", "\"Sequential\"", "\"BatchNorm1d\"", "\"BatchNorm2d\"", "\"DropConnect\"",
                     "\"MaxPool2D\"", "\"AvgPool2D\"", "\"Flatten\"", "\"Dropout\"", "\"LeakyReLU\"", "\"Softmax\"",
                     "\"ReLU\"", "true", "false", "40000", "-1", "1e300", "[", "]", "{", "}", ":", ","]:
            f.write(entry(word))


if __name__ == "__main__":
    # Rewrites the seeds; keeps each target's found/ folder, the inputs that long runs found and that were
    # merged in on purpose (libFuzzer reads a corpus folder recursively; README.md, "Long runs").
    for target in ["FuzzSyntax", "FuzzEvaluator", "FuzzNotebook", "FuzzCSV", "FuzzIDX", "FuzzNPY", "FuzzNPZ",
                   "FuzzSafetensors", "FuzzModel", "FuzzCheckpoint"]:
        folder = os.path.join(CORPUS, target)
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name != "found":
                path = os.path.join(folder, name)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    language_seeds(); csv_seeds(); npy_seeds(); npz_seeds(); safetensors_seeds(); idx_seeds(); model_seeds(); checkpoint_seeds()
    dictionaries()
