#!/usr/bin/env bash
# Installs what safetynet needs to build, test and benchmark, from Debian's
# packages. Idempotent: installs only what is missing. Run as root (or with sudo).
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  libboost-dev libboost-program-options-dev
  libtbb-dev
  libabsl-dev
  libprotobuf-dev protobuf-compiler
  libbenchmark-dev
  libgtest-dev libgmock-dev
  clang libclang-rt-14-dev
  libsqlite3-dev libpq-dev postgresql
  nlohmann-json3-dev
  libxlsxwriter-dev
  python3 curl
  wrk  # the live service's benchmarks (bench/serve_bench.sh)
  chromium  # the browser tests render the HTML pages in it (tests/browser/)
  chromium-driver python3-selenium  # ... and drive the director's page in it
  fonts-wqy-microhei  # Chinese text in the pages' screenshots (docs/images/)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all build dependencies are installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
