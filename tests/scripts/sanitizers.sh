#!/usr/bin/env bash
# Builds and runs the test suites under the sanitizers, each in its own build folder:
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer: every suite (build-asan)
#   tsan  ThreadSanitizer: the suites that run the training worker, analysis jobs or dataset
#         preview threads with the GUI attached (build-tsan)
# Usage: tests/scripts/sanitizers.sh [asan|tsan|all] [--core-only]
#   --core-only  asan without the studio (core, corpus and fuzz-replay suites): the quick mode
# Any sanitizer report fails the suite that triggered it; the script exits non-zero then.
# Uses gcc (its sanitizers need nothing beyond g++), -O1 (tests/Sanitizers.cmake), OpenMP off,
# nice'd, 2 jobs. Under ASan the suites that need the shared datasets skip; tst_no_allocation
# (it replaces malloc) is disabled. TSan builds without OpenBLAS too (its threads are not
# instrumented) and runs the soak test for 10 s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode="${1:-all}"
core_only=OFF
[ "${2:-}" = "--core-only" ] && core_only=ON
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Debian's Qt is not instrumented: TSan cannot see its locks (futex QMutex, atomics), so the
# memory its own new/delete/memcpy calls touch on either side of them looks racy.
# ignore_noninstrumented_modules stops checking just the accesses interceptors make for
# uninstrumented libraries; every access our code makes is still checked. No suppressions: a
# race: entry would match any frame of either stack, thread creation stacks included, and so
# hide races in our code too. The same options reach ctest through tests/CMakeLists.txt.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1"

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
    local status=0
    (cd "$folder" && ctest --output-on-failure -j1) || status=$?
    echo "asan+ubsan (app $app): build $((built - start)) s, tests $((SECONDS - built)) s"
    return $status
}

run_tsan() {
    local folder="$root/build-tsan"
    local suites=(tst_training_controller tst_dataset_panel tst_numerical_faults_studio
                  tst_health_views tst_backprop_views tst_soak)
    local start=$SECONDS
    configure "$folder" -DMINIFLOW_TSAN=ON -DMINIFLOW_BLAS=OFF -DMINIFLOW_BUILD_APP=ON
    nice cmake --build "$folder" -j2 --target "${suites[@]}"
    local built=$SECONDS
    local status=0
    (cd "$folder" && MINIFLOW_SOAK_SECONDS=10 \
        ctest --output-on-failure -j1 -R "^($(IFS='|'; echo "${suites[*]}"))\$") || status=$?
    echo "tsan (${suites[*]}): build $((built - start)) s, tests $((SECONDS - built)) s"
    return $status
}

case "$mode" in
    asan) run_asan ;;
    tsan) run_tsan ;;
    all) run_asan; run_tsan ;;
    *) echo "usage: $0 [asan|tsan|all] [--core-only]" >&2; exit 2 ;;
esac
