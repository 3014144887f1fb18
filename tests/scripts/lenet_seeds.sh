#!/usr/bin/env bash
# Trains resources/examples/lenet-mnist.json (5 epochs) with seeds 1, 2 and 3 and prints each
# test accuracy and their mean. Needs the shared MNIST files and a build (bash .ci/test).
# Usage: tests/scripts/lenet_seeds.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
miniflow="${1:-$root/build}/core/miniflow"
[ -x "$miniflow" ] || { echo "no $miniflow: build first (bash .ci/test)" >&2; exit 2; }
accuracies=()
for seed in 1 2 3; do
    start=$(date +%s.%N)
    line=$("$miniflow" train "$root/resources/examples/lenet-mnist.json" --seed "$seed" | grep '^final test')
    end=$(date +%s.%N)
    accuracy=$(sed -E 's/.*accuracy ([0-9.]+)%.*/\1/' <<<"$line")
    printf 'seed %s: test accuracy %s%%  (%.1f s)\n' "$seed" "$accuracy" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
    accuracies+=("$accuracy")
done
mean=$(printf '%s\n' "${accuracies[@]}" | awk '{ s += $1 } END { printf "%.2f", s / NR }')
echo "mean test accuracy over seeds 1-3: ${mean}% (target >= 99.0%)"
awk -v m="$mean" 'BEGIN { exit !(m >= 99.0) }'
