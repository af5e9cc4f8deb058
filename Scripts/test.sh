#!/usr/bin/env bash
# The test command: builds the release binaries (the end-to-end test drives the explorer's release build
# in tmux), then runs the whole suite in debug.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release
swift test "$@"
