#!/usr/bin/env bash
# Builds and runs the test suites under the sanitizers, each in its own build folder:
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer: every suite (build-asan)
#   tsan  ThreadSanitizer: the training worker / GUI hand-off suites (build-tsan)
# Usage: tests/scripts/sanitizers.sh [asan|tsan|all] [--core-only]
#   --core-only  asan without the studio (core, corpus and fuzz-replay suites): the quick mode
# Any sanitizer report fails the suite that triggered it; the script exits non-zero then.
# Uses gcc (its sanitizers need nothing beyond g++), OpenMP off, nice'd, 2 jobs. Under ASan the
# suites that need the shared datasets skip; tst_no_allocation (it replaces malloc) is disabled.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode="${1:-all}"
core_only=OFF
[ "${2:-}" = "--core-only" ] && core_only=ON
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"

configure() { # folder, extra cmake arguments...
    local folder="$1"; shift
    cmake -S "$root" -B "$folder" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMINIFLOW_OPENMP=OFF \
        "${launcher[@]}" "$@" >/dev/null
}

run_asan() {
    local folder="$root/build-asan" app=ON
    [ "$core_only" = ON ] && app=OFF
    local start=$SECONDS
    # Suites that train on the shared real datasets skip (they run 10-30x slower instrumented).
    configure "$folder" -DMINIFLOW_ASAN=ON -DMINIFLOW_BUILD_APP="$app" -DMINIFLOW_DATA_DIR="$folder/no-shared-data"
    nice cmake --build "$folder" -j2
    local built=$SECONDS
    (cd "$folder" && ctest --output-on-failure -j1)
    echo "asan+ubsan (app $app): build $((built - start)) s, tests $((SECONDS - built)) s"
}

run_tsan() {
    local folder="$root/build-tsan" suites=(tst_training_controller tst_dataset_panel)
    local start=$SECONDS
    configure "$folder" -DMINIFLOW_TSAN=ON -DMINIFLOW_BUILD_APP=ON
    nice cmake --build "$folder" -j2 --target "${suites[@]}"
    local built=$SECONDS
    (cd "$folder" && ctest --output-on-failure -j1 -R "^($(IFS='|'; echo "${suites[*]}"))\$")
    echo "tsan (${suites[*]}): build $((built - start)) s, tests $((SECONDS - built)) s"
}

case "$mode" in
    asan) run_asan ;;
    tsan) run_tsan ;;
    all) run_asan; run_tsan ;;
    *) echo "usage: $0 [asan|tsan|all] [--core-only]" >&2; exit 2 ;;
esac
