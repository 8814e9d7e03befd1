#!/usr/bin/env bash
# Builds Release under build/release and runs the benchmarks.
#   bench/run.sh                     both, with their defaults
#   bench/run.sh ledger [ARGS]       the engine alone (e.g. --submitters=1,64 --seconds=10)
#   bench/run.sh redeem [ARGS]       redemptions through gRPC (e.g. --clients=1,16,128 --cross_city)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
which="${1:-all}"
if [ $# -gt 0 ]; then shift; fi
case "$which" in
  ledger) ninja -C build/release ledger_bench && build/release/bin/ledger_bench "$@" ;;
  redeem)
    ninja -C build/release redeem_bench innoledgerd
    INNOLEDGERD="$PWD/build/release/bin/innoledgerd" INNOLEDGER_SOURCE_DIR="$PWD" \
      build/release/bin/redeem_bench "$@" ;;
  all) "$0" ledger && "$0" redeem ;;
  *) echo "usage: bench/run.sh [ledger|redeem] [ARGS]" >&2; exit 2 ;;
esac
