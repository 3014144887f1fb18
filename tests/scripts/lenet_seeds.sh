#!/usr/bin/env bash
# lenet-mnist (5 epochs), seeds 1-3, mean test accuracy >= 99.0%.
# Usage: tests/scripts/lenet_seeds.sh [BUILD_DIR]
exec "$(dirname "${BASH_SOURCE[0]}")/example_seeds.sh" lenet-mnist 99.0 "$@"
