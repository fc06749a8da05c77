#!/usr/bin/env python3
"""Side-by-side benchmark: the project's `dlnb-bench` and the peers (NumPy, PyTorch, JAX) on the same
workloads, in one run, on this machine; prints each workload's figures and the project's ratio to the
best peer. Each side prints JSON lines {"workload", "impl", and one of "seconds" | "samples_per_s" | "gflops"}.

Usage: compare.py [--project CMD] [--python PY] [--only spiral,mlp,cnn,cnn32,notebook,gemm,startup]
  CMD defaults to `.build/release/dlnb-bench --json` (run from the project's root after `swift build -c release`).
  PY is a Python with numpy, torch and jax (see setup.sh); peers missing from it are skipped.
  The notebook workload (the spiral's statements, 2000 epochs) has no peer: it is compared with ten times
  the project's spiral of the same run."""
import argparse, json, os, shlex, subprocess, sys, time

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--project", default=".build/release/dlnb-bench --json")
ap.add_argument("--python", default=os.environ.get("PEERS_PYTHON", sys.executable))
ap.add_argument("--only", default="spiral,mlp,cnn,cnn32,notebook,gemm,startup")
args = ap.parse_args()
only = args.only.split(",")

def lines(cmd, timeout=900):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        print(f"# {cmd[0]}: {e}", file=sys.stderr); return []
    rows = []
    for l in out.stdout.splitlines():
        l = l.strip()
        if l.startswith("{"):
            try: rows.append(json.loads(l))
            except json.JSONDecodeError: pass
    if out.returncode != 0: print(f"# {' '.join(cmd)} exited {out.returncode}: {out.stderr[-400:]}", file=sys.stderr)
    return rows

rows = []
for w in only:
    if w == "startup": continue
    rows += lines(shlex.split(args.project) + ["--only", w])
    peers = {"spiral": ["numpy", "torch", "jax"], "mlp": ["numpy", "torch", "jax"], "cnn": ["torch", "jax"],
             "cnn32": ["torch", "jax"], "notebook": [], "gemm": ["numpy"]}[w]
    for p in peers:
        rows += lines([args.python, os.path.join(here, f"bench_{p}.py"), w])

if "startup" in only:
    def best_of(cmd, n=5):
        best = None
        for _ in range(n):
            t = time.perf_counter(); r = subprocess.run(cmd, capture_output=True); el = time.perf_counter() - t
            if r.returncode != 0: return None
            best = el if best is None else min(best, el)
        return best
    proj = shlex.split(args.project)[0].replace("dlnb-bench", "dlnb")
    for impl, cmd in [("project", [proj, "-e", "1 + 1"]), ("torch", [args.python, "-c", "import torch"]), ("jax", [args.python, "-c", "import jax.numpy"])]:
        s = best_of(cmd)
        if s is not None: rows.append({"workload": "startup", "impl": impl, "seconds": round(s, 4)})

by = {}
for r in rows:
    r["impl"] = "project" if r["impl"] not in ("numpy", "torch", "jax") else r["impl"]
    by.setdefault(r["workload"], {})[r["impl"]] = r
print(f"{'workload':10} {'metric':14} {'project':>10} {'numpy':>10} {'torch':>10} {'jax':>10}  project/best-peer")
for w, impls in by.items():
    metric = next(k for k in ("samples_per_s", "gflops", "seconds") if k in next(iter(impls.values())))
    higher_better = metric != "seconds"
    cells = {i: impls[i].get(metric) for i in impls}
    peers = [v for i, v in cells.items() if i != "project" and v]
    ratio = ""
    if cells.get("project") and peers:
        best = max(peers) if higher_better else min(peers)
        ratio = f"{(cells['project']/best if higher_better else best/cells['project']):.2f}x"
    fmt = lambda v: "-" if v is None else (f"{v:.4f}" if metric == "seconds" else f"{v:.1f}" if metric == "gflops" else f"{v:.0f}")
    print(f"{w:10} {metric:14} " + " ".join(f"{fmt(cells.get(i)):>10}" for i in ("project", "numpy", "torch", "jax")) + f"  {ratio}")
spiral, notebook = by.get("spiral", {}).get("project"), by.get("notebook", {}).get("project")
if spiral and notebook and spiral.get("seconds") and notebook.get("seconds"):
    print(f"notebook / (10 x spiral): {notebook['seconds'] / (10 * spiral['seconds']):.2f}")
print(json.dumps({"rows": rows}), file=sys.stderr)
