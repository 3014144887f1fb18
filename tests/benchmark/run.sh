#!/usr/bin/env bash
# The benchmark in one command: installs PyTorch CPU, NumPy and OpenBLAS (Debian packages)
# if missing, builds miniflow-bench, and times MiniFlow against PyTorch in one run.
# Usage: bash tests/benchmark/run.sh [--runs N] [--threads 1,2] [--workloads boston,mnist-mlp,cifar-fc,mnist-infer,lenet,cnn] [--accuracy] [--gui-runs N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MINIFLOW_ROOT="$root"
source "$root/.ci/deps.sh"
miniflow_install_missing_packages python3-torch python3-numpy libopenblas0
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build "$root/build" -j"$(nproc)" --target miniflow-bench miniflow-bench-eigen-gemm miniflow $(grep -q "MINIFLOW_BUILD_APP:BOOL=OFF" "$root/build/CMakeCache.txt" || echo miniflow-studio)
exec /usr/bin/python3 "$root/tests/benchmark/bench.py" "$root/build" "$@"
