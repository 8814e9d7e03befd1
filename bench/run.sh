#!/usr/bin/env bash
# Builds Release under build/release and runs the benchmarks with their defaults.
# Extra arguments go to ledger_bench (e.g. --submitters=1,64 --seconds=10).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/release ledger_bench
build/release/bin/ledger_bench "$@"
