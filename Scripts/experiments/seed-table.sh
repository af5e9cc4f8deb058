#!/usr/bin/env bash
# The seed table of docs/measurements.md: every recipe of the paper's comparison trained from scratch with 3 seeds
# at a small budget (STEPS per conv level, TOP_STEPS (5000) for the 7×7 MLP level), each scored by `lapgan eval`,
# plus the peer a user would otherwise pick: the PyTorch DCGAN of LAPGAN_PEER_DCGAN given the same CPU time.
# Every run keeps a weight average (--ema 0.999): its .lpg samples with the average and its .ckpt with the last
# weights, so each run scores both ways at no extra training (RUN.avg.json, RUN.last.json).
#
#   Scripts/experiments/seed-table.sh [STEPS] [RUNS_DIR]     (defaults: 1000, runs/table in the repository)
#   Scripts/experiments/seed-table.sh --save [RUNS_DIR]      copy finished rows (JSON, times) into SEED_TABLE_SAVED
#
# Resumable: finished runs are skipped, an interrupted one resumes from its checkpoint; run it again. Finished rows
# saved in SEED_TABLE_SAVED (default Scripts/experiments/seed-table-results, committed) count on a machine that has
# none, so only the missing runs train. Prints the table (mean ± s.d. over seeds) at the end:
# Scripts/experiments/seed-table.py RUNS_DIR.
# Environment: TOP_STEPS (5000); SEED_TABLE_SAVED (see above); LAPGAN_PEER_DCGAN (the peer's script, default
# ../shared/bench/torch_dcgan_fashion.py beside the repository; the peer row is skipped when it is missing);
# LAPGAN_TABLE_EVAL (extra flags for every eval).
set -euo pipefail
usage() { sed -n 8,9p "$0" | sed 's/^# *//' >&2; exit "${1:-2}"; }
case "${1:-}" in -h|--help) usage 0 ;; esac
# Folders given as arguments are taken relative to where the script was called from.
abspath() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
[ "${1:-}" != --save ] && [ -n "${1:-}" ] && ! [[ $1 =~ ^[0-9]+$ ]] && { echo "error: STEPS must be a number, got '$1'" >&2; usage; }
if [ $# -ge 2 ]; then runs_arg=$(abspath "$2"); fi
[ -n "${SEED_TABLE_SAVED:-}" ] && SEED_TABLE_SAVED=$(abspath "$SEED_TABLE_SAVED")
[ -n "${LAPGAN_PEER_DCGAN:-}" ] && LAPGAN_PEER_DCGAN=$(abspath "$LAPGAN_PEER_DCGAN")
cd "$(dirname "$0")/../.."
saved=${SEED_TABLE_SAVED:-Scripts/experiments/seed-table-results}
if [ "${1:-}" = --save ]; then
  runs=${runs_arg:-runs/table}
  mkdir -p "$saved"
  for done in "$runs"/*.done; do
    [ -e "$done" ] || continue
    run=${done%.done}
    base=$(basename "$run")
    case $base in
      top-s*|topc-s*)
        # A 7×7 level is kept once every LAPGAN row of its seed is scored (until then a new machine retrains it).
        seed=${base##*-s}
        all=yes
        for name in paper coarse recon cond sgd; do [ -f "$runs/$name-s$seed.avg.json" ] || all=no; done
        [ $all = yes ] && cp "$done" "$run.time" "$saved"/ ;;
      *)
        [ -f "$run.avg.json" ] && [ -f "$run.last.json" ] && cp "$done" "$run.time" "$run.avg.json" "$run.last.json" "$saved"/ ;;
    esac
  done
  cp "$runs"/dcgan-s*.json "$runs"/dcgan-s*.time "$saved"/ 2>/dev/null || true
  echo "saved $(ls "$saved" | wc -l) files in $saved"
  exit 0
fi
steps=${1:-1000}
top_steps=${TOP_STEPS:-5000}
runs=${runs_arg:-runs/table}
mkdir -p "$runs"
# Rows finished by an earlier session (their eval JSON, CPU time and done mark; committed in $saved)
# count on a machine that has none, so only the missing runs train.
if [ -d "$saved" ]; then cp -n "$saved"/* "$runs"/ 2>/dev/null || true; fi
lapgan=.build/release/lapgan
[ -x "$lapgan" ] || swift build -c release --product lapgan >/dev/null
peer=${LAPGAN_PEER_DCGAN:-../shared/bench/torch_dcgan_fashion.py}
# Extra flags for every eval (a quick smoke run: LAPGAN_TABLE_EVAL="--count 300 --test-count 300 --swd-images 100").
read -r -a evalflags <<<"${LAPGAN_TABLE_EVAL:-}"

# name | flags
recipes=(
  "gan|--preset gan"
  "paper|--preset fashion"
  "coarse|--preset fashion --noise coarse"
  "recon|--preset fashion --noise coarse --reconstruction 5"
  "cond|--preset fashion --noise coarse --conditional"
  "sgd|--preset fashion --noise coarse --reconstruction 5 --optimizer sgd"
)
# sgd: the best recipe (recon) with the released code's SGD schedule instead of Adam on the conv levels (the 7×7
# level it merges in is the same Adam-trained one as the other rows', so the row measures the conv levels' optimiser).

# Trains RUN for STEPS steps per level with FLAGS (or resumes it); user, system and wall seconds in RUN.time.
train() {
  local run=$1 n=$2; shift 2
  # Done, or restored from the saved rows and not needed again (a 7×7 level is needed while a row of its seed is open).
  [ -f "$run.done" ] && { [ -f "$run.lpg" ] || [ "${need_model:-}" != yes ]; } && return 0
  rm -f "$run.done"
  if [ -f "$run.lpg.ckpt" ]; then cmd=("$lapgan" train --resume "$run.lpg.ckpt" --steps "$n")
  else rm -f "$run.time"; cmd=("$lapgan" train "$@" --steps "$n" --ema 0.999 --checkpoint-every 250 --out "$run.lpg"); fi
  echo "== ${cmd[*]}"
  /usr/bin/time -f "%U %S %e" -a -o "$run.time" "${cmd[@]}" >"$run.out" 2>&1
  # Stopped by a signal, lapgan saves a checkpoint and exits 0: only a run that reached its steps is done.
  if grep -q "stopped by" "$run.out"; then echo "$run was stopped; run the script again to resume it"; exit 1; fi
  touch "$run.done"
}
score() {
  [ -f "$2" ] || "$lapgan" eval "$1" "${evalflags[@]}" --json "$2" | grep -E "Parzen log|SWD|time"
}

# The rows among NAME... that seed $seed has not scored yet.
open_rows() { for name in "$@"; do { [ -f "$runs/$name-s$seed.avg.json" ] && [ -f "$runs/$name-s$seed.last.json" ]; } || echo "$name"; done; }

for seed in 1 2 3; do
  # The 7×7 MLP level trains alone, TOP_STEPS steps (it is cheap, and at the conv levels' budget it is still grey
  # mush): one unconditional and one conditional per seed, shared by that seed's LAPGAN rows (its noise is the
  # 100-d vector whatever the finer levels' noise, and the reconstruction term does not apply to it).
  # (the unconditional one is needed while a row other than cond is open, the conditional one while cond is)
  need_model=no; [ -n "$(open_rows paper coarse recon sgd)" ] && need_model=yes
  train "$runs/top-s$seed" "$top_steps" --preset fashion --levels 2 --seed "$seed"
  need_model=no; [ -n "$(open_rows cond)" ] && need_model=yes
  train "$runs/topc-s$seed" "$top_steps" --preset fashion --conditional --levels 2 --seed "$seed"
  need_model=no
  for recipe in "${recipes[@]}"; do
    IFS='|' read -r name flags <<<"$recipe"
    run="$runs/$name-s$seed"
    # shellcheck disable=SC2086
    train "$run" "$steps" $flags --seed "$seed"
    if [ "$name" = gan ]; then
      score "$run.lpg" "$run.avg.json"
      score "$run.lpg.ckpt" "$run.last.json"
      continue
    fi
    # Rows restored from the saved rows have their scores and no models.
    [ -f "$run.avg.json" ] && [ -f "$run.last.json" ] && continue
    top="$runs/top-s$seed"; [ "$name" = cond ] && top="$runs/topc-s$seed"
    # The merge takes each level from the input that trained it most: levels 1 and 0 from the run, 2 from top.
    [ -f "$run-avg.lpg" ] || "$lapgan" merge "$run.lpg" "$top.lpg" --out "$run-avg.lpg" >/dev/null
    [ -f "$run-last.lpg" ] || "$lapgan" merge "$run.lpg.ckpt" "$top.lpg.ckpt" --out "$run-last.lpg" >/dev/null
    score "$run-avg.lpg" "$run.avg.json"
    score "$run-last.lpg" "$run.last.json"
  done
  # The peer, with the CPU time of this seed's coarse-noise LAPGAN (its user + system seconds over 2 threads):
  # the peer's clock is its own CPU time over its 2 threads, so other work on the machine does not shorten it.
  run="$runs/dcgan-s$seed"
  if [ ! -f "$run.npy" ] && [ ! -f "$run.json" ] && [ -f "$peer" ]; then
    minutes=$(cat "$runs/coarse-s$seed.time" "$runs/top-s$seed.time" | awk '{c += $1 + $2} END {printf "%.2f", c / 2 / 60}')
    echo "== PyTorch DCGAN seed $seed: $minutes min, 2 threads"
    /usr/bin/time -f "%U %S %e" -a -o "$run.time" python3 -c "
import sys, torch
sys.path.insert(0, '$(dirname "$peer")')
import torch_dcgan_fashion as peer
seed, count = $seed, 10000
seeded = torch.manual_seed
torch.manual_seed = lambda _: seeded(seed)            # the script seeds 1; each row gets its own seed
drawn = torch.rand
torch.rand = lambda *s, **k: drawn(*((count, 100) if s == (2000, 100) else s), **k)   # 10,000 samples, as lapgan eval draws
import time
time.time = lambda: time.process_time() / 2          # its clock is CPU time over 2 threads: fair under load too
sys.argv = ['torch_dcgan_fashion.py', '--minutes', '$minutes', '--threads', '2', '--out', '$run.partial.npy']
peer.main()" >"$run.out" 2>&1 && mv "$run.partial.npy" "$run.npy"
  fi
  [ -f "$run.npy" ] && [ ! -f "$run.json" ] && "$lapgan" eval --samples "$run.npy" "${evalflags[@]}" --json "$run.json" | grep -E "Parzen log|SWD|time"
done
python3 Scripts/experiments/seed-table.py "$runs"
