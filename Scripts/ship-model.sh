#!/usr/bin/env bash
# Ships a model trained in parts (levels trained in separate processes) into assets/:
# the merged model NAME.lpg, one CSV log NAME-train.csv, a sample grid and a pyramid strip.
# Usage: Scripts/ship-model.sh NAME PART.lpg...   (each PART-train.csv beside its PART.lpg)
# e.g.   Scripts/ship-model.sh fashion /work/runs/fashion-l0.lpg /work/runs/fashion-l1.lpg /work/runs/fashion-l2.lpg
set -euo pipefail
if [ $# -lt 2 ]; then sed -n 2,5p "$0" >&2; exit 2; fi
name=$1; shift
cd "$(dirname "$0")/.."
bin=.build/release/lapgan
$bin merge "$@" --out "assets/$name.lpg"
{
  head -n 1 "${1%.lpg}-train.csv"
  for part in "$@"; do tail -n +2 "${part%.lpg}-train.csv" | grep -v '^$'; done
} > "assets/$name-train.csv.tmp" && mv "assets/$name-train.csv.tmp" "assets/$name-train.csv"
$bin sample "assets/$name.lpg" --count 64 --seed 1 --scale 2 --out "assets/$name-samples.png"
$bin sample "assets/$name.lpg" --count 6 --seed 1 --scale 3 --pyramid --out "assets/$name-pyramid.png"
$bin info "assets/$name.lpg"
