#!/bin/sh
# sdk_package_test: installs the SDK from BUILD_DIR into a temporary prefix, builds the
# project next to this script against it with find_package(innoledger), and runs it.
#   run.sh BUILD_DIR CXX_COMPILER
set -eu
build_dir=$1
compiler=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/innoledger-package-XXXXXX")
trap 'rm -rf "$work"' EXIT

# What the package installs must exist; a no-op when the build is up to date.
cmake --build "$build_dir" --target innoledger_client
cmake --install "$build_dir" --component innoledger_sdk --prefix "$work/prefix"

launcher=""
if command -v ccache >/dev/null 2>&1; then launcher="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"; fi
# Only the temporary prefix may provide innoledger: never the build tree nor a stale
# install.
cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_COMPILER="$compiler" $launcher \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
cmake --build "$work/build"
"$work/build/package_test"
