#!/usr/bin/env bash
# Installs what is missing, builds quarry and runs every test (CTest), including a brief run of
# each micro-benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900
