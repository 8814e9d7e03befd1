#!/usr/bin/env bash
# Runs innoledgerd for development: installs packages, builds Release under build/release,
# and serves the three cities (urumqi, changji, shihezi) from ./data on 127.0.0.1:7400
# (metrics on 127.0.0.1:9464) with deploy/innoledgerd.dev.textproto. Extra arguments are
# passed to innoledgerd (they override the config file).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C build/release innoledgerd
exec build/release/bin/innoledgerd --config deploy/innoledgerd.dev.textproto "$@"
