#!/usr/bin/env bash
# mnist-mlp (5 epochs), seeds 1-3, mean test accuracy >= 97.9%.
# Usage: tests/scripts/mnist-seeds.sh [BUILD_DIR]
exec "$(dirname "${BASH_SOURCE[0]}")/example_seeds.sh" mnist-mlp 97.9 "$@"
