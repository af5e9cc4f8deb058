#!/usr/bin/env bash
# The test command: one optimised build of everything — the library, `lapgan`, `lapgan-tui` and the tests — in a
# scratch folder of its own (.build-test), then the whole suite (XCTest) on it, and a one-line summary.
#
# Why one release build: the suite samples models, trains and drives the binaries end to end (the explorer in
# tmux), which a debug build does 5–20× slower; building the binaries and the tests once, with the same flags,
# replaces a release build for the end-to-end tests plus a debug build for the rest. The flags keep what the
# debug build checked: -enable-testing (the tests' @testable imports), -DDEBUG (debug-only checks in the sources,
# such as NaN-filled uninitialised tensors) and -assert-config Debug (assert() and the standard library's debug
# preconditions, e.g. buffer-pointer bounds, stay on). -gline-tables-only: crash backtraces keep file and line, at
# less build time than full debug info. The Kernels target keeps its own -Ounchecked and CPU flags; test code is
# compiled -Onone (Package.swift), the code it tests optimised.
# .build-test is separate so that this build and a plain `swift build -c release` (Scripts/explore.sh) do not
# rebuild each other. The CLI tests run the binaries beside the test executable (Tests/CLITests/CLITestSupport.swift).
set -uo pipefail
cd "$(dirname "$0")/.."
flags=(-c release --scratch-path .build-test
       -Xswiftc -enable-testing -Xswiftc -DDEBUG -Xswiftc -assert-config -Xswiftc Debug -Xswiftc -gline-tables-only)
swift build "${flags[@]}" --build-tests || exit 1
log=$(mktemp)
swift test "${flags[@]}" --skip-build --disable-swift-testing "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary=$(grep -E "Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -n 1)
rm -f "$log"
if [[ $summary =~ Executed\ ([0-9]+)\ tests?,\ with\ ([0-9]+)\ failure ]]; then
  total=${BASH_REMATCH[1]}; failed=${BASH_REMATCH[2]}
  echo "tests: $((total - failed)) passed, $failed failed"
fi
exit "$status"
