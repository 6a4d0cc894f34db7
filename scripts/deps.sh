#!/usr/bin/env bash
# Installs what building, running and testing need on Debian 12. Idempotent:
# installs only what is missing.
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev qtkeychain-qt6-dev libqt6sql6-sqlite
    libgl1-mesa-dev libfontconfig-dev
    python3 python3-aiosmtpd openssl postfix curl
    xvfb xauth
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # postfix asks where it sends mail; we only use its smtp-sink benchmark tool.
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
