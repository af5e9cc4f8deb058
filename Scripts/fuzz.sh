#!/usr/bin/env bash
# Runs lapgan's libFuzzer targets (Fuzz/Targets) under AddressSanitizer.
#
#   Scripts/fuzz.sh TARGET SECONDS     one target: model, png, idx, cifar or log
#   Scripts/fuzz.sh all SECONDS        each target in turn, SECONDS each
#   Scripts/fuzz.sh --ci all SECONDS   as CI runs it: exits 0 with a note when this toolchain cannot build
#                                      fuzzers (no libFuzzer runtime); fails on any crash
#
# Builds what it needs first: the Swift modules and the C wrapper (CPNG) are instrumented; the system's libpng and
# zlib are not, so for PNG and IDX.gz libFuzzer is guided by our side of the calls only. (LAPGAN_FUZZ=1 adds the targets to the package; scratch path .build-fuzz, so the
# normal build is untouched). Each run starts from the seed corpus in Fuzz/Corpus/TARGET and keeps what it finds
# in .build-fuzz/corpus/TARGET; a crash leaves its input in .build-fuzz/artifacts/TARGET/ and fails the script.
# Inputs run with LAPGAN_MAX_MEMORY=256M and libFuzzer's malloc limit of 1024 MB: an allocation past the
# library's memory bound is a crash too.
set -uo pipefail
cd "$(dirname "$0")/.."

ci=0
if [[ ${1:-} == --ci ]]; then ci=1; shift; fi
targets=(model png idx cifar log)
if [[ $# -ne 2 || ! $2 =~ ^[0-9]+$ ]]; then
  echo "usage: Scripts/fuzz.sh [--ci] TARGET|all SECONDS   (targets: ${targets[*]})" >&2
  exit 2
fi
if [[ $1 == all ]]; then
  selected=("${targets[@]}")
elif [[ " ${targets[*]} " == *" $1 "* ]]; then
  selected=("$1")
else
  echo "fuzz.sh: unknown target '$1' (targets: ${targets[*]}, or all)" >&2
  exit 2
fi
seconds=$2
scratch=${LAPGAN_FUZZ_SCRATCH:-.build-fuzz}   # LAPGAN_FUZZ_SCRATCH: another build folder (e.g. to time a clean build)

# Can this toolchain link a fuzzer? (Swift's -sanitize=fuzzer needs the libFuzzer runtime.)
probe=$(mktemp -d)
cat > "$probe/probe.swift" <<'SWIFT'
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { 0 }
SWIFT
if ! swiftc -sanitize=fuzzer,address -parse-as-library "$probe/probe.swift" -o "$probe/probe" >"$probe/log" 2>&1; then
  if [[ $ci == 1 ]]; then
    echo "fuzz: skipped, this toolchain cannot build libFuzzer targets (swiftc -sanitize=fuzzer,address failed):"
    head -n 5 "$probe/log"
    rm -rf "$probe"
    exit 0
  fi
  echo "fuzz.sh: swiftc -sanitize=fuzzer,address does not work here:" >&2
  cat "$probe/log" >&2
  rm -rf "$probe"
  exit 1
fi
rm -rf "$probe"

build_start=$SECONDS
for t in "${selected[@]}"; do
  mkdir -p "$scratch"
  LAPGAN_FUZZ=1 swift build -c debug --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address \
    -Xcc -fsanitize=fuzzer-no-link,address --product "fuzz-$t" \
    >"$scratch/build-$t.log" 2>&1
  status=$?
  grep -v "Cannot export local symbol" "$scratch/build-$t.log" | grep -E "error|warning: .*\.swift|complete"
  if [[ $status -ne 0 || ! -x $scratch/debug/fuzz-$t ]]; then
    echo "fuzz.sh: building fuzz-$t failed (log: $scratch/build-$t.log)" >&2
    exit 1
  fi
done
echo "fuzz: sanitizer build took $((SECONDS - build_start)) s"

failed=()
for t in "${selected[@]}"; do
  corpus=$scratch/corpus/$t
  artifacts=$scratch/artifacts/$t/
  mkdir -p "$corpus" "$artifacts"
  dict=()
  [[ -f Fuzz/Dictionaries/$t.dict ]] && dict=(-dict="Fuzz/Dictionaries/$t.dict")
  log=$scratch/fuzz-$t.log
  echo "fuzz: $t for $seconds s"
  LAPGAN_MAX_MEMORY=256M ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    "$scratch/debug/fuzz-$t" "$corpus" "Fuzz/Corpus/$t" "${dict[@]}" -max_total_time="$seconds" \
      -timeout=20 -rss_limit_mb=2048 -malloc_limit_mb=1024 -artifact_prefix="$artifacts" -print_final_stats=1 \
      >"$log" 2>&1
  status=$?
  done_line=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$log" | tail -n 1)
  [[ -z $done_line ]] && done_line=$(grep -E "^#[0-9]+[[:space:]]" "$log" | tail -n 1)
  rate=$(grep -E "^stat::average_exec_per_sec" "$log" | awk '{print $2}')
  runs=$(grep -E "^stat::number_of_executed_units" "$log" | awk '{print $2}')
  cov=$(sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/cov \1, ft \2, corpus \3/p' <<<"$done_line")
  echo "fuzz: $t: ${runs:-?} runs, ${rate:-?} exec/s, ${cov:-no coverage line}"
  if [[ $status -ne 0 ]]; then
    echo "fuzz: $t FAILED (exit $status); the input is in $artifacts; log $log:" >&2
    grep -E "ERROR|SUMMARY|Fatal error|==[0-9]+==|artifact|Test unit written" "$log" | head -n 20 >&2
    failed+=("$t")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no crashes"
