#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, then configures, builds
# and runs a separate project that finds it with find_package(aidmatch).
# Usage: consumer_test.sh BUILD_DIR CONSUMER_SOURCE WORK_DIR
set -eu
build=$1
source=$2
work=$3
rm -rf "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$source" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
