#!/usr/bin/env bash
# Makes a Python environment with the peer frameworks used by compare.py: NumPy, PyTorch, JAX.
# Usage: setup.sh [DIR]   (default /tmp/peers-venv); then PEERS_PYTHON=DIR/bin/python compare.py ...
# PyTorch's package on PyPI pulls several GiB of GPU libraries that the benchmarks do not use (they run on
# the CPU); where download.pytorch.org is reachable, PEERS_TORCH_INDEX=https://download.pytorch.org/whl/cpu
# takes the CPU-only build from there instead.
set -euo pipefail
dir=${1:-/tmp/peers-venv}
python3 -m venv "$dir"
index=${PEERS_TORCH_INDEX:-}
"$dir/bin/pip" install -q numpy jax jaxlib
"$dir/bin/pip" install -q torch ${index:+--index-url "$index"}
echo "PEERS_PYTHON=$dir/bin/python"
