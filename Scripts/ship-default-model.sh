#!/usr/bin/env bash
# Merges the per-level training runs of the default model into assets/: the model, one CSV log, a sample grid.
# Usage: Scripts/ship-default-model.sh RUNS_DIR   (holding fashion-l0.lpg, fashion-l1.lpg, fashion-l2.lpg and their -train.csv)
set -euo pipefail
runs=${1:-/work/runs}
cd "$(dirname "$0")/.."
bin=.build/release/lapgan
$bin merge "$runs/fashion-l0.lpg" "$runs/fashion-l1.lpg" "$runs/fashion-l2.lpg" --out assets/fashion.lpg
{
  head -n 1 "$runs/fashion-l2-train.csv"
  for k in 2 1 0; do tail -n +2 "$runs/fashion-l$k-train.csv" | grep -v '^$'; done
} > assets/fashion-train.csv.tmp && mv assets/fashion-train.csv.tmp assets/fashion-train.csv
$bin sample assets/fashion.lpg --count 64 --seed 1 --scale 2 --out assets/fashion-samples.png
$bin sample assets/fashion.lpg --count 6 --seed 1 --scale 3 --pyramid --out assets/fashion-pyramid.png
$bin info assets/fashion.lpg
