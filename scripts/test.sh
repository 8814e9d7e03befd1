#!/usr/bin/env bash
# The whole test suite: installs packages, builds Debug with AddressSanitizer + UBSan
# under build/debug, and runs every test with ctest. Extra arguments go to ctest
# (e.g. scripts/test.sh -R storage). Long soaks are separate: scripts/soak.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
cmake -S . -B build/debug -G Ninja -DCMAKE_BUILD_TYPE=Debug -DINNOLEDGER_SANITIZE=ON >/dev/null
ninja -C build/debug
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --test-dir build/debug --output-on-failure --timeout 900 -LE soak "$@"
