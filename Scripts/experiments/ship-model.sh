#!/usr/bin/env bash
# Ships a model trained in parts (levels trained in separate processes) into assets/: the merged model
# NAME.lpg, one CSV log NAME-train.csv (each level's rows from the part it was taken from), a sample grid
# and a pyramid strip. ASSETS names another destination folder (default: assets/ in the repository).
# Usage: Scripts/experiments/ship-model.sh NAME PART.lpg...   (each PART-train.csv beside its PART.lpg)
# e.g.   Scripts/experiments/ship-model.sh fashion runs/fashion-l0.lpg runs/fashion-l1.lpg runs/fashion-l2.lpg
set -euo pipefail
if [ $# -lt 2 ]; then sed -n 2,6p "$0" >&2; exit 2; fi
name=$1; shift
parts=()
for part in "$@"; do
  [ -f "$part" ] || { echo "error: $part: no such model" >&2; exit 1; }
  [ -f "${part%.lpg}-train.csv" ] || { echo "error: ${part%.lpg}-train.csv: no such training log" >&2; exit 1; }
  parts+=("$(realpath "$part")")
done
case "${ASSETS:-}" in ""|/*) ;; *) ASSETS=$PWD/$ASSETS ;; esac
cd "$(dirname "$0")/../.."
assets=${ASSETS:-assets}
mkdir -p "$assets"
swift build -c release --product lapgan >/dev/null
bin=.build/release/lapgan
model=$assets/$name.lpg log=$assets/$name-train.csv
if [ ${#parts[@]} -eq 1 ]; then
  cp "${parts[0]}" "$model.tmp" && mv "$model.tmp" "$model"
  sources=$($bin info "$model" | awk '$1 ~ /^[0-9]+$/ { print "level " $1 " ← '"${parts[0]}"'" }')
else
  sources=$($bin merge "${parts[@]}" --out "$model")
fi
echo "$sources"
head -n 1 "${parts[0]%.lpg}-train.csv" > "$log.tmp"
for part in "${parts[@]}"; do
  levels=" $(echo "$sources" | awk -v p="$part" '$1 == "level" && $4 == p { printf "%s ", $2 }')"
  awk -F, -v levels="$levels" 'NR > 1 && NF > 1 && index(levels, " " $2 " ")' "${part%.lpg}-train.csv" >> "$log.tmp"
done
mv "$log.tmp" "$log"
$bin sample "$model" --count 64 --seed 1 --scale 2 --out "$assets/$name-samples.png"
if $bin info "$model" | grep -q "pyramid .*→"; then  # a one-level model has no pyramid to show
  $bin sample "$model" --count 6 --seed 1 --scale 3 --pyramid --out "$assets/$name-pyramid.png"
fi
$bin info "$model"
