#!/usr/bin/env bash
# Fails when a C++ file of the project differs from what Debian's clang-format makes of it
# (.clang-format at the top). Usage: check_format.sh [ROOT]. Fix with:
#   git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -uo pipefail
root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$root" || exit 2
if ! command -v clang-format >/dev/null; then
    echo "clang-format is not installed (apt-get install clang-format); cannot check the format"
    exit 2
fi
bad=0
while IFS= read -r -d '' file; do
    if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
        echo "not clang-format clean: $file"
        bad=$((bad + 1))
    fi
done < <(find app core tests -type f \( -name '*.cpp' -o -name '*.h' \) -not -path '*/regressions/*' -print0)
echo "$bad unformatted files ($(clang-format --version | head -1))"
[ "$bad" -eq 0 ]
