#!/usr/bin/env bash
# Re-runs the measurement table of docs/measurements.md: lapgan eval (10,000 samples × the 10,000 Fashion-MNIST
# test images) on the ceiling and every shipped Fashion-MNIST model; JSON for each row in OUT.
# Usage: Scripts/experiments/measure.sh [OUT]     (default runs/eval in the repository)
set -euo pipefail
case "${1:-}" in -h|--help) sed -n 4p "$0" | sed 's/^# *//'; exit 0 ;; -*) sed -n 4p "$0" | sed 's/^# *//' >&2; exit 2 ;; esac
[ $# -le 1 ] || { sed -n 4p "$0" | sed 's/^# *//' >&2; exit 2; }
mkdir -p "${1:-$(dirname "$0")/../../runs/eval}"
out=$(realpath "${1:-$(dirname "$0")/../../runs/eval}")
cd "$(dirname "$0")/../.."
swift build -c release --product lapgan >/dev/null
bin=.build/release/lapgan
row() {
  local label=$1 json=$2; shift 2
  if [ ! -f "$1" ]; then echo "== $label: $1 not found (not trained yet?); skipped"; return 0; fi
  echo "== $label: lapgan eval $*"
  $bin eval "$@" --json "$out/$json.json" | grep -E "Parzen log-likelihood|SWD|noise use|time"
}
row "training data itself (ceiling)" reference assets/fashion.lpg --reference
row "plain GAN" gan assets/gan.lpg
row "LAPGAN, paper's noise" fashion-paper assets/fashion-paper.lpg
row "LAPGAN, coarse noise" fashion-coarse assets/fashion-coarse.lpg
row "class-conditional LAPGAN, width 64, coarse noise, weight average, level 0 fine-tuned with the reconstruction term (the default)" fashion assets/fashion.lpg
