#!/usr/bin/env bash
# The test command: builds the release binaries (the end-to-end test drives the explorer's release build
# in tmux), then runs the whole suite (XCTest) in debug and prints a one-line summary.
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release || exit 1
log=$(mktemp)
swift test --disable-swift-testing "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -n 1)
rm -f "$log"
if [[ $summary =~ Executed\ ([0-9]+)\ tests?,\ with\ ([0-9]+)\ failure ]]; then
  total=${BASH_REMATCH[1]}; failed=${BASH_REMATCH[2]}
  echo "tests: $((total - failed)) passed, $failed failed"
fi
exit "$status"
