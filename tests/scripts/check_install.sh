#!/usr/bin/env bash
# ctest "install" (label install): installs the build into a temporary prefix and checks what
# a desktop user gets: the freedesktop.org layout, the desktop entry and AppStream metadata
# (validated by Debian's tools), the MIME type, --version from both binaries, and the
# installed studio and command running with no checkout on their path.
# Usage: check_install.sh BUILD_DIR VERSION. Exit 77 (skip) only when the validators are missing.
set -uo pipefail
build="$1"
version="$2"
prefix="$(mktemp -d)"
work="$(mktemp -d)"
trap 'rm -rf "$prefix" "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "cmake --install"; }
app_id=org.miniflow.MiniFlowStudio
for f in bin/miniflow-studio bin/miniflow share/miniflow-studio/examples/spiral.json \
    share/miniflow-studio/examples/mnist-mlp.json share/icons/hicolor/scalable/apps/miniflow-studio.svg \
    share/icons/hicolor/48x48/apps/miniflow-studio.png share/icons/hicolor/256x256/apps/miniflow-studio.png \
    share/applications/$app_id.desktop share/mime/packages/miniflow-studio.xml share/metainfo/$app_id.metainfo.xml; do
    [ -s "$prefix/$f" ] || fail "missing or empty: $f"
done
echo "installed $(find "$prefix" -type f | wc -l) files under a temporary prefix"

# Versions: one number from CMake in both binaries.
[ "$("$prefix/bin/miniflow-studio" --version)" = "MiniFlow Studio $version" ] || fail "miniflow-studio --version: $("$prefix/bin/miniflow-studio" --version)"
"$prefix/bin/miniflow" --version | head -1 | grep -qx "miniflow $version" || fail "miniflow --version: $("$prefix/bin/miniflow" --version | head -1)"
grep -q "version=\"$version\"" "$prefix/share/metainfo/$app_id.metainfo.xml" || fail "metainfo release is not $version"

# The installed binaries run from elsewhere, with no checkout and no shared data in reach.
cd "$work" || exit 1
clean_env=(env -u MINIFLOW_DATA_DIR HOME="$work" XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=offscreen)
"${clean_env[@]}" "$prefix/bin/miniflow" check "$prefix/share/miniflow-studio/examples/add.json" >"$work/check.log" 2>&1 ||
    { cat "$work/check.log"; fail "installed miniflow check on an installed example"; }
"${clean_env[@]}" "$prefix/bin/miniflow-studio" --example spiral --train-steps 20 --screenshot "$work/example.png" >"$work/studio.log" 2>&1 ||
    { cat "$work/studio.log"; fail "installed studio --example spiral"; }
[ -s "$work/example.png" ] || fail "installed studio wrote no screenshot for --example"
cp "$prefix/share/miniflow-studio/examples/linear.json" "$work/project.json"
"${clean_env[@]}" "$prefix/bin/miniflow-studio" "$work/project.json" --screenshot "$work/file.png" >"$work/studio2.log" 2>&1 ||
    { cat "$work/studio2.log"; fail "installed studio opening a project file given bare"; }
[ -s "$work/file.png" ] || fail "installed studio wrote no screenshot for a bare FILE"
if ldd "$prefix/bin/miniflow-studio" | grep -q "not found"; then fail "unresolved libraries: $(ldd "$prefix/bin/miniflow-studio" | grep 'not found')"; fi

# The MIME package parses (update-mime-database builds a database from it).
if command -v update-mime-database >/dev/null; then
    update-mime-database "$prefix/share/mime" >"$work/mime.log" 2>&1 || { cat "$work/mime.log"; fail "update-mime-database"; }
    grep -q "application/x-miniflow-project" "$prefix/share/mime/types" || fail "MIME type not in the built database"
    grep -q "miniflow-graph" <(strings "$prefix/share/mime/mime.cache") || fail "magic for \"miniflow-graph\" not in mime.cache"
fi

missing=()
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$prefix/share/applications/$app_id.desktop" >"$work/desktop.log" 2>&1 || { cat "$work/desktop.log"; fail "desktop-file-validate"; }
    grep -i "error" "$work/desktop.log" && fail "desktop-file-validate reported errors"
else
    missing+=(desktop-file-validate)
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$prefix/share/metainfo/$app_id.metainfo.xml" >"$work/appstream.log" 2>&1 || { cat "$work/appstream.log"; fail "appstreamcli validate"; }
else
    missing+=(appstreamcli)
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures install checks failed"
    exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "SKIP: layout, versions and installed runs pass, but ${missing[*]} not installed (apt-get install desktop-file-utils appstream): cannot validate"
    exit 77
fi
echo "install checks passed: layout, versions, installed runs, MIME, desktop-file-validate, appstreamcli validate"
