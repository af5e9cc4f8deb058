#!/usr/bin/env bash
# Trains (or resumes) the models of the models issue in the background, with checkpoints every 250 steps, so a
# later session continues where this one stopped. Run it again to resume; it picks up each run's .ckpt.
#   Scripts/train-models.sh [RUNS_DIR]        (default /work/runs/models; logs in RUNS_DIR/*.out)
# Stop with: pkill -INT -f 'lapgan train'    (each run writes a checkpoint on SIGINT)
# Before a session ends, copy each run's .ckpt and -train.csv into checkpoints/ and commit them: a new machine
# starts from there.
# Ship a finished run with Scripts/ship-model.sh NAME RUNS_DIR/NAME.lpg (after comparing it with lapgan eval).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-/work/runs/models}
mkdir -p "$runs"
lapgan=.build/release/lapgan
[ -x "$lapgan" ] || swift build -c release >/dev/null

# name | steps per level | flags of a fresh run | flags of every start, fresh or resumed
# (fashion-cc ran its first 2,750 steps without a weight average; --ema started one at the resume.)
recipes=(
  "fashion-cc|6000|--preset fashion --conditional --noise coarse --width 64|--ema 0.999"
)

for recipe in "${recipes[@]}"; do
  IFS='|' read -r name steps flags always <<<"$recipe"
  out="$runs/$name.lpg"
  # A checkpoint committed by an earlier session (checkpoints/) seeds a machine that has none.
  if [ ! -f "$out.ckpt" ] && [ -f "checkpoints/$name.lpg.ckpt" ]; then
    cp "checkpoints/$name.lpg.ckpt" "$out.ckpt"
    [ -f "checkpoints/$name-train.csv" ] && cp "checkpoints/$name-train.csv" "$runs/$name-train.csv"
  fi
  if [ -f "$out.ckpt" ]; then
    # shellcheck disable=SC2206
    cmd=("$lapgan" train --resume "$out.ckpt" --steps "$steps" $always)
  else
    # shellcheck disable=SC2206
    cmd=("$lapgan" train $flags $always --steps "$steps" --checkpoint-every 250 --out "$out")
  fi
  echo "starting: ${cmd[*]}  (output: $runs/$name.out)"
  nohup "${cmd[@]}" >>"$runs/$name.out" 2>&1 &
done
