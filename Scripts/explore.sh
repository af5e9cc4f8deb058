#!/usr/bin/env bash
# Installs what is missing, builds in release mode and opens the explorer on the default model.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release
exec .build/release/lapgan-tui "$@"
