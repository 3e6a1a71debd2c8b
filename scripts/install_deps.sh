#!/usr/bin/env bash
# Installs what aidmatch needs on Debian 12: the C++ toolchain and libraries
# from Debian's packages, and the pinned Python packages of requirements.txt
# in a virtual environment at .venv. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config clang-16 libclang-rt-16-dev llvm-16
  libboost-dev libboost-graph-dev libeigen3-dev
  libgtest-dev libbenchmark-dev nlohmann-json3-dev libcli11-dev liblemon-dev
  python3-venv python3-dev
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install_deps: installing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then
    sudo_cmd=()
  elif command -v sudo >/dev/null; then
    sudo_cmd=(sudo)
  else
    echo "install_deps: run as root or install: ${missing[*]}" >&2
    exit 1
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "install_deps: creating the virtual environment .venv" >&2
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.txt
