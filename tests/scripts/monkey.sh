#!/usr/bin/env bash
# The GUI monkey (tests/app/tst_monkey.cpp, NOTE [GUI monkey]) run long under the sanitizers:
#   tests/scripts/monkey.sh [N] [asan|tsan|all]
#   asan  N actions (default 10000) under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan)
#   tsan  MONKEY_TSAN_ACTIONS actions (default 2000) under ThreadSanitizer (build-tsan)
#   all   both (the default)
# Seeds 1001, 1002, ... with MONKEY_PER_SEED actions each (default 500), or MONKEY_SEEDS=a,b,...
# The build folders are configured as tests/scripts/sanitizers.sh does; only the studio and
# tst_monkey are built (nice'd, MONKEY_JOBS jobs, default 2). The studio runs offscreen, or in a
# real X session with MONKEY_DISPLAY=:N (an Xvfb already running there). The shared datasets
# are used when found (MINIFLOW_DATA_DIR, else ../shared/data). Any sanitizer report, crash or
# failed check stops that pass with the seed and the last 20 actions; the script then exits 1.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
actions="${1:-10000}"
mode="${2:-all}"
jobs="${MONKEY_JOBS:-2}"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# As tests/scripts/sanitizers.sh (why: see there).
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1"
if [ -z "${MINIFLOW_DATA_DIR:-}" ] && [ -d "$root/../shared/data" ]; then
    export MINIFLOW_DATA_DIR="$(cd "$root/../shared/data" && pwd)"
fi
if [ -n "${MONKEY_DISPLAY:-}" ]; then
    export DISPLAY="$MONKEY_DISPLAY" QT_QPA_PLATFORM=xcb
    # libxkbcommon-x11 (not ours, at connection time) strndup()s keymap names that are
    # length-bounded, not NUL-terminated: strict_string_checks reports that read.
    ASAN_OPTIONS="${ASAN_OPTIONS/strict_string_checks=1/strict_string_checks=0}"
    export LSAN_OPTIONS="suppressions=$root/tests/scripts/monkey-lsan.supp"
else
    export QT_QPA_PLATFORM=offscreen
fi
export MINIFLOW_MONKEY_PER_SEED="${MONKEY_PER_SEED:-500}"
[ -n "${MONKEY_SEEDS:-}" ] && export MINIFLOW_MONKEY_SEEDS="$MONKEY_SEEDS"

build() { # folder, extra cmake arguments...
    local folder="$1"; shift
    cmake -S "$root" -B "$folder" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMINIFLOW_OPENMP=OFF \
        -DMINIFLOW_BUILD_APP=ON "${launcher[@]}" "$@" >/dev/null
    nice cmake --build "$folder" -j"$jobs" --target miniflow-studio tst_monkey
}

run() { # name, folder, actions
    local start=$SECONDS status=0
    MINIFLOW_MONKEY_ACTIONS="$3" "$2/tests/app/tst_monkey" -maxwarnings 0 || status=$?
    echo "monkey $1: $3 actions requested, $((SECONDS - start)) s, exit status $status"
    return "$status"
}

status=0
case "$mode" in
    asan|all)
        build "$root/build-asan" -DMINIFLOW_ASAN=ON
        run "asan+ubsan" "$root/build-asan" "$actions" || status=1 ;;&
    tsan|all)
        build "$root/build-tsan" -DMINIFLOW_TSAN=ON -DMINIFLOW_BLAS=OFF
        run tsan "$root/build-tsan" "${MONKEY_TSAN_ACTIONS:-2000}" || status=1 ;;
    asan) ;;
    *) echo "usage: $0 [N] [asan|tsan|all]" >&2; exit 2 ;;
esac
exit $status
