# Sourced by the set-up scripts: installs the Debian packages MiniFlow Studio needs,
# only those missing (idempotent), with sudo only when not already root.
MINIFLOW_PACKAGES=(cmake ninja-build g++ qt6-base-dev qt6-base-dev-tools libqcustomplot-dev
    libqcustomplot2.1-qt6 qt6-svg-dev libeigen3-dev nlohmann-json3-dev zlib1g-dev xvfb xauth libgl-dev
    libxkbcommon-dev fonts-dejavu-core libopenblas-openmp-dev libonnx-dev libprotobuf-dev protobuf-compiler python3-protobuf python3-onnx
    clang-format xdotool imagemagick desktop-file-utils appstream shared-mime-info)

miniflow_install_missing_packages() {
    local missing=() package
    for package in "${MINIFLOW_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "All required Debian packages are installed."
        return 0
    fi
    echo "Installing missing Debian packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

miniflow_build() {
    cmake -S "$MINIFLOW_ROOT" -B "$MINIFLOW_ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release
    cmake --build "$MINIFLOW_ROOT/build" -j"$(nproc)"
}
