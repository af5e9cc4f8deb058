#!/usr/bin/env bash
# Trains (or resumes) the emoji64 model's runs in the background, with checkpoints every 250 steps, so a later
# session continues where this one stopped. Run it again to resume; it picks up each run's .ckpt.
#
#   Scripts/experiments/train-models.sh [RUNS_DIR]     (default runs/models in the repository; logs in RUNS_DIR/*.out)
#
# Environment: ONLY="NAME ..." starts only those recipes; EMOJI_DATA is the EmojiOne PNG folder (default: where
# Debian's ruby-gemojione puts it); CHECKPOINTS (default checkpoints/ in the repository) is where committed
# checkpoints are looked for: NAME.lpg.ckpt and NAME-train.csv there seed a RUNS_DIR that has none.
# Stop a run with SIGINT to its lapgan process (it writes a checkpoint first), e.g. kill -INT PID.
# A run that must continue on another machine: copy its .ckpt and -train.csv into checkpoints/ and commit them
# (docs/training.md, "Resuming an unfinished run"); remove them once the model ships.
# Ship a finished run with Scripts/experiments/ship-model.sh NAME RUNS_DIR/NAME.lpg (after comparing it with lapgan eval).
set -euo pipefail
case "${1:-}" in -h|--help) sed -n 5p "$0" | sed 's/^# *//'; exit 0 ;; -*) sed -n 5p "$0" | sed 's/^# *//' >&2; exit 2 ;; esac
[ $# -le 1 ] || { sed -n 5p "$0" | sed 's/^# *//' >&2; exit 2; }
abspath() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
[ $# -eq 1 ] && runs_arg=$(abspath "$1")
[ -n "${CHECKPOINTS:-}" ] && CHECKPOINTS=$(abspath "$CHECKPOINTS")
[ -n "${EMOJI_DATA:-}" ] && EMOJI_DATA=$(abspath "$EMOJI_DATA")
cd "$(dirname "$0")/../.."
runs=${runs_arg:-runs/models}
runs=$(abspath "$runs")
checkpoints=${CHECKPOINTS:-checkpoints}
emoji_data=${EMOJI_DATA:-/usr/share/rubygems-integration/all/gems/gemojione-3.3.0/assets/png}
mkdir -p "$runs"
lapgan=.build/release/lapgan
[ -x "$lapgan" ] || swift build -c release >/dev/null

# name | steps per level | flags of a fresh run | flags of every start, fresh or resumed | nice
# (The default model, fashion-cc, is finished and shipped as assets/fashion.lpg; docs/models.md, "The default
# model", gives the commands that trained it.)
# emoji64: the 64×64 EmojiOne model, its four levels trained in separate one-thread processes (a level's cost
# grows 4× per doubling of its size, so the finest gets the fewest steps and a smaller batch), niced so other
# work goes first. These counts are what assets/emoji64.lpg has; raise them to train on. Once all four are done:
#   Scripts/experiments/ship-model.sh emoji64 RUNS_DIR/emoji64-l0.lpg RUNS_DIR/emoji64-l1.lpg RUNS_DIR/emoji64-l2.lpg RUNS_DIR/emoji64-l3.lpg
emoji="--preset emoji --sizes 64,32,16,8 --data $emoji_data --flips"
recipes=(
  "emoji64-l3|6000|$emoji --levels 3|--ema 0.999 --threads 1|10"
  "emoji64-l2|4000|$emoji --levels 2|--ema 0.999 --threads 1|10"
  "emoji64-l1|3000|$emoji --levels 1 --batch 64|--ema 0.999 --threads 1|10"
  "emoji64-l0|2000|$emoji --levels 0 --batch 64 --width 32|--ema 0.999 --threads 1|10"
)
# Fine-tuning of a finished run's level with the reconstruction term (as the default's level 0 was): a recipe whose
# fresh flags start with "--resume" continues another run's checkpoint into a new output; later starts resume the
# new output's own checkpoint. These run after the runs above are done (their checkpoints are the sources).
recipes+=(
  "emoji64-l2r|7000|--resume $runs/emoji64-l2.lpg.ckpt --levels 2 --reconstruction 5|--ema 0.999 --threads 1|10"
  "emoji64-l1r|4500|--resume $runs/emoji64-l1.lpg.ckpt --levels 1 --reconstruction 5|--ema 0.999 --threads 1|10"
  "emoji64-l0r|3000|--resume $runs/emoji64-l0.lpg.ckpt --levels 0 --reconstruction 5|--ema 0.999 --threads 1|10"
)
# Which recipes to start (default all; e.g. ONLY="emoji64-l2r emoji64-l1r" Scripts/experiments/train-models.sh).
only=${ONLY:-}

for recipe in "${recipes[@]}"; do
  IFS='|' read -r name steps flags always niceness <<<"$recipe"
  if [ -n "$only" ] && [[ " $only " != *" $name "* ]]; then continue; fi
  out="$runs/$name.lpg"
  if pgrep -f -- "lapgan train.* $out" >/dev/null; then echo "$name is already training"; continue; fi
  if [ -f "$out" ] && [ "$(cat "$runs/$name.done" 2>/dev/null)" = "$steps" ]; then echo "$name is done ($steps steps)"; continue; fi
  # A checkpoint committed by an earlier session (in $checkpoints) seeds a machine that has none.
  if [ ! -f "$out.ckpt" ] && [ -f "$checkpoints/$name.lpg.ckpt" ]; then
    cp "$checkpoints/$name.lpg.ckpt" "$out.ckpt"
    [ -f "$checkpoints/$name-train.csv" ] && cp "$checkpoints/$name-train.csv" "$runs/$name-train.csv"
  fi
  if [ -f "$out.ckpt" ]; then
    # shellcheck disable=SC2206
    cmd=("$lapgan" train --resume "$out.ckpt" --steps "$steps" $always)
  elif [[ "$flags" == --resume* ]]; then
    source=$(awk '{print $2}' <<<"$flags")
    if [ ! -f "$source" ]; then echo "$name waits for $source"; continue; fi
    # shellcheck disable=SC2206
    cmd=("$lapgan" train $flags $always --steps "$steps" --out "$out")
  else
    # shellcheck disable=SC2206
    cmd=("$lapgan" train $flags $always --steps "$steps" --checkpoint-every 250 --out "$out")
  fi
  echo "starting: ${cmd[*]}  (output: $runs/$name.out)"
  # A run that reaches its steps is marked done (one stopped by a signal saved a checkpoint and is resumed).
  # The wrapper ignores hangups like lapgan under nohup, so the mark is written when the launching shell is gone.
  (trap '' HUP; nice -n "$niceness" "${cmd[@]}" >>"$runs/$name.out" 2>&1 && tail -n 3 "$runs/$name.out" | grep -qF "done: $out" \
    && echo "$steps" >"$runs/$name.done") </dev/null >/dev/null 2>&1 &
done
