#!/usr/bin/env bash
# Trains resources/examples/cnn-fashion.json (8 epochs, seed 1) on the shared Fashion-MNIST and
# checks >= 90.5% test accuracy: the long part of tst_cnn_examples, which ctest skips by default.
#   tests/scripts/cnn_fashion.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
MINIFLOW_LONG_LEARNING=1 OMP_NUM_THREADS=1 "$build/tests/core/tst_cnn_examples" cnnFashionReaches905
