#!/usr/bin/env bash
# Long crash and property runs, outside the test suite (which runs short versions):
#   INNOLEDGER_CRASH_CYCLES      SIGKILL cycles of the daemon under load (default 50)
#   INNOLEDGER_PROPERTY_SEQUENCES random command sequences (default 20000)
#   INNOLEDGER_SEED              property test seed (default: a new one, printed)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build/debug -G Ninja -DCMAKE_BUILD_TYPE=Debug -DINNOLEDGER_SANITIZE=ON >/dev/null
ninja -C build/debug crash_test storage_test innoledgerd
export INNOLEDGER_CRASH_CYCLES="${INNOLEDGER_CRASH_CYCLES:-50}"
export INNOLEDGER_PROPERTY_SEQUENCES="${INNOLEDGER_PROPERTY_SEQUENCES:-20000}"
export INNOLEDGER_SEED="${INNOLEDGER_SEED:-$RANDOM$RANDOM}"
echo "soak: $INNOLEDGER_CRASH_CYCLES crash cycles, $INNOLEDGER_PROPERTY_SEQUENCES sequences, seed $INNOLEDGER_SEED"
INNOLEDGERD="$PWD/build/debug/bin/innoledgerd" build/debug/bin/crash_test
build/debug/bin/storage_test --gtest_filter='PropertyTest.*'
