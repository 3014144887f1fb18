#!/usr/bin/env bash
# Trains resources/examples/EXAMPLE.json with seeds 1, 2 and 3 and prints each test accuracy
# and their mean; exits 1 when the mean is below TARGET (percent). Needs the shared data and a
# build (bash .ci/test).
# Usage: tests/scripts/example_seeds.sh EXAMPLE TARGET [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
example="$1"
target="$2"
miniflow="${3:-$root/build}/core/miniflow"
[ -x "$miniflow" ] || { echo "no $miniflow: build first (bash .ci/test)" >&2; exit 2; }
accuracies=()
for seed in 1 2 3; do
    start=$(date +%s.%N)
    line=$("$miniflow" train "$root/resources/examples/$example.json" --seed "$seed" | grep '^final test')
    end=$(date +%s.%N)
    accuracy=$(sed -E 's/.*accuracy ([0-9.]+)%.*/\1/' <<<"$line")
    printf 'seed %s: test accuracy %s%%  (%.1f s)\n' "$seed" "$accuracy" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
    accuracies+=("$accuracy")
done
mean=$(printf '%s\n' "${accuracies[@]}" | awk '{ s += $1 } END { printf "%.2f", s / NR }')
echo "$example: mean test accuracy over seeds 1-3: ${mean}% (target >= ${target}%)"
awk -v m="$mean" -v t="$target" 'BEGIN { exit !(m >= t) }'
