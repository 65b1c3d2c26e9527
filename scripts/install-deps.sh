#!/usr/bin/env bash
# Installs, from Debian's packages, whatever quarry needs to build and test that is missing.
# Idempotent and quick when everything is there: it only calls apt-get for missing packages.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config zstd
  libicu-dev libboost-dev libboost-serialization-dev libstemmer-dev
  libzstd-dev zlib1g-dev libxxhash-dev libsimdjson-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libedit-dev libabsl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
# Optional peers for the benchmark suite: QUARRY_PEERS=1 scripts/install-deps.sh
if [[ "${QUARRY_PEERS:-0}" == 1 ]]; then packages+=(libxapian-dev libsqlite3-dev); fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) != 0 ]]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
