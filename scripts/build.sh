#!/usr/bin/env bash
# Configures and builds quarry (Release) in build/, with tests and micro-benchmarks.
# Extra arguments go to cmake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF
if [[ "${CI:-}" == true ]]; then werror=ON; fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DQUARRY_WERROR="$werror" "$@" >/dev/null
cmake --build build -j "$(nproc)"
