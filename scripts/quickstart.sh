#!/usr/bin/env bash
# Installs what is missing, builds quarry, indexes the bundled sample corpus and runs a query.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/cli/quarry index build/sample-index data/sample --force
build/cli/quarry search build/sample-index "xiaomi smart factory" -k 3
