#!/usr/bin/env bash
# Training speed against PyTorch on this CPU: one conv-level training iteration (TORCH_LEVEL, the eyescream fine
# level) at each shape, lapgan and torch back to back, repeated; prints each run's images/s, the medians and their
# ratio. Needs a release build and python3 with torch (pip install torch).
# Usage: Scripts/experiments/bench-vs-torch.sh [ROUNDS] [SIZE:CHANNELS ...]     (default 3 28:1 32:3 64:3)
# Environment: TORCH_LEVEL (the PyTorch script, default ../shared/bench/torch_level.py beside the repository),
# LAPGAN (default .build/release/lapgan), THREADS (2), WIDTH (64), BATCH (128).
set -uo pipefail
usage() { sed -n 5p "$0" | sed 's/^# *//' >&2; exit "${1:-2}"; }
case "${1:-}" in -h|--help) usage 0 ;; esac
[ -z "${1:-}" ] || [[ $1 =~ ^[0-9]+$ ]] || { echo "error: ROUNDS must be a number, got '$1'" >&2; usage; }
for shape in "${@:2}"; do [[ $shape =~ ^[0-9]+:[0-9]+$ ]] || { echo "error: SIZE:CHANNELS expected, got '$shape'" >&2; usage; }; done
abspath() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
[ -n "${TORCH_LEVEL:-}" ] && TORCH_LEVEL=$(abspath "$TORCH_LEVEL")
[ -n "${LAPGAN:-}" ] && LAPGAN=$(abspath "$LAPGAN")
cd "$(dirname "$0")/../.."
rounds=${1:-3}; shift || true
shapes=("$@"); [ ${#shapes[@]} -gt 0 ] || shapes=(28:1 32:3 64:3)
torch_script=${TORCH_LEVEL:-../shared/bench/torch_level.py}
lapgan=${LAPGAN:-.build/release/lapgan}
[ -x "$lapgan" ] || { echo "error: build first: swift build -c release" >&2; exit 1; }
python3 -c 'import torch' 2>/dev/null || { echo "error: python3 cannot import torch (pip install torch)" >&2; exit 1; }
threads=${THREADS:-2}; width=${WIDTH:-64}; batch=${BATCH:-128}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf '%-10s %10s %10s %7s\n' shape lapgan torch ratio
for shape in "${shapes[@]}"; do
  size=${shape%%:*}; channels=${shape##*:}
  ours=(); theirs=()
  for ((r = 0; r < rounds; r++)); do
    ours+=("$("$lapgan" bench train --size "$size" --channels "$channels" --width "$width" --batch "$batch" \
              --threads "$threads" --repeats 3 | sed -n 's/^train_images_per_s=//p')")
    theirs+=("$(python3 "$torch_script" --size "$size" --channels "$channels" --width "$width" --batch "$batch" \
              --threads "$threads" --iters 3 2>/dev/null | sed -n 's/.*, \([0-9.]*\) images\/s.*/\1/p')")
  done
  echo "  ${size}x${size}x${channels} lapgan runs: ${ours[*]}   torch runs: ${theirs[*]}" >&2
  a=$(printf '%s\n' "${ours[@]}" | median); b=$(printf '%s\n' "${theirs[@]}" | median)
  printf '%-10s %10.1f %10.1f %7.2f\n' "${size}x${size}x${channels}" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN {print (b > 0 ? a / b : 0)}')"
done
