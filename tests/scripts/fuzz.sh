#!/usr/bin/env bash
# Fuzzes every reader with libFuzzer (clang-14, ASan + UBSan), one target after the other,
# nice'd, for SECONDS each. Seeds: the malformed corpus; the growing corpus stays in
# build-fuzz/corpus-<reader>. A crashing input is written to tests/fuzz/regressions/<reader>/
# (commit it: the fuzz_replay_<reader> test replays it from then on) and the script fails.
# Seeds also come from tests/fuzz/seeds/<reader>/ where it exists (onnx: small models).
# Usage: tests/scripts/fuzz.sh SECONDS [READER...]   (readers: csv idx cifar graph onnx)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
seconds="${1:?usage: $0 SECONDS [READER...]}"
shift
readers=("$@")
[ ${#readers[@]} -gt 0 ] || readers=(csv idx cifar graph onnx)
folder="$root/build-fuzz"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root" -B "$folder" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 \
    -DMINIFLOW_FUZZ=ON -DMINIFLOW_OPENMP=OFF -DMINIFLOW_BUILD_APP=OFF "${launcher[@]}" >/dev/null
# Seeds: written by the normal build's corpus tool when there is one (saves a clang build of it).
make_corpus="$root/build/tests/corpus/miniflow_make_corpus"
targets=("${readers[@]/#/fuzz_}")
[ -x "$make_corpus" ] || { make_corpus="$folder/tests/corpus/miniflow_make_corpus"; targets+=(miniflow_make_corpus); }
nice cmake --build "$folder" -j2 --target "${targets[@]}"
"$make_corpus" "$folder/seeds" >/dev/null
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
failed=0
for reader in "${readers[@]}"; do
    mkdir -p "$folder/corpus-$reader" "$root/tests/fuzz/regressions/$reader"
    seeds=("$folder/seeds")
    [ -d "$root/tests/fuzz/seeds/$reader" ] && seeds+=("$root/tests/fuzz/seeds/$reader")
    log="$folder/fuzz-$reader.log"
    if nice "$folder/tests/fuzz/fuzz_$reader" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$root/tests/fuzz/regressions/$reader/" \
        "$folder/corpus-$reader" "${seeds[@]}" >"$log" 2>&1; then
        runs=$(grep -m1 -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" || true)
        coverage=$(grep -m1 -oE 'DONE +cov: [0-9]+ ft: [0-9]+' "$log" | sed 's/DONE *//' || true)
        echo "$reader: clean for $seconds s ($runs; $coverage), corpus $(ls "$folder/corpus-$reader" | wc -l) inputs"
    else
        failed=1
        echo "$reader: FINDING, see $log; input kept in tests/fuzz/regressions/$reader/"
        grep -m5 -E 'ERROR|SUMMARY|runtime error|abort' "$log" || true
    fi
done
exit $failed
