#!/usr/bin/env bash
# Installs what is missing, builds everything and runs every test: the normal
# build, then the same tests under AddressSanitizer + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
export QT_QPA_PLATFORM=offscreen

cmake --preset default -DLOGICAPP_BUILD_TESTS=ON
cmake --build --preset default
ctest --preset default

if [ "${LOGICAPP_SKIP_ASAN:-0}" != "1" ]; then
    cmake --preset asan
    cmake --build --preset asan
    ctest --preset asan
fi
