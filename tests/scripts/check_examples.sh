#!/usr/bin/env bash
# Every shipped example passes `miniflow check` (ctest check_examples): valid, and its gradients
# agree with finite differences; elements whose differences cross a kink are not checkable
# (NOTE [Kinks]), never failures. Usage: check_examples.sh MINIFLOW EXAMPLES_DIR
set -u
miniflow=$1
examples=$2
status=0
for graph in "$examples"/*.json; do
    output=$("$miniflow" check "$graph" 2>&1)
    code=$?
    echo "$(basename "$graph"): $(echo "$output" | grep '^gradient check:')"
    if [ $code -ne 0 ]; then
        echo "$output"
        echo "FAILED: miniflow check $graph exited with $code"
        status=1
    fi
done
exit $status
