#!/usr/bin/env bash
# The budget table of docs/measurements.md: `lapgan train --time B` with the default recipe against the PyTorch
# DCGAN peer given the same wall time, B in BUDGETS, 3 seeds each, on Fashion-MNIST with 2 threads, back to back.
# Each run's 2,000 samples are scored by `lapgan eval` the same way (Parzen on the test set, SWD at 32 and 16).
#
#   Scripts/experiments/budget-table.sh RUNS_DIR [BUDGETS] [SEEDS]     (defaults: "5m 10m 30m", "1 2 3")
#
# Resumable: a scored run (RUN.json) is skipped; a lapgan run cut short resumes from its checkpoint with the time it
# had left; a DCGAN run cut short starts again. Prints the table (mean ± s.d. over seeds) at the end; so does
# `Scripts/experiments/budget-table.py RUNS_DIR`. Environment: LAPGAN_TRAIN_FLAGS (extra flags for every lapgan run,
# e.g. a recipe candidate: give each candidate its own RUNS_DIR); LAPGAN_PEER_DCGAN (the peer's script, default
# ../shared/bench/torch_dcgan_fashion.py beside the repository; the peer rows are skipped when it is missing);
# LAPGAN_EVAL_FLAGS (extra flags for every eval).
set -euo pipefail
usage() { sed -n 6,6p "$0" | sed 's/^# *//' >&2; exit "${1:-2}"; }
case "${1:-}" in -h|--help) usage 0 ;; "") usage ;; esac
abspath() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
runs=$(abspath "$1")
budgets=${2:-5m 10m 30m}
seeds=${3:-1 2 3}
[ -n "${LAPGAN_PEER_DCGAN:-}" ] && LAPGAN_PEER_DCGAN=$(abspath "$LAPGAN_PEER_DCGAN")
cd "$(dirname "$0")/../.."
peer=${LAPGAN_PEER_DCGAN:-../shared/bench/torch_dcgan_fashion.py}
swift build -c release >/dev/null
lapgan=.build/release/lapgan
mkdir -p "$runs"

seconds() {  # 90s, 10m, 2h → seconds
  case $1 in *s) echo "${1%s}" ;; *m) echo $(( ${1%m} * 60 )) ;; *h) echo $(( ${1%h} * 3600 )) ;; *) echo "$1" ;; esac
}

score() {  # score RUN ARGS...: RUN.json from lapgan eval (2,000 samples, the full test set for Parzen)
  local run=$1; shift
  "$lapgan" eval "$@" --count 2000 --swd-images 2000 --noise-samples 0 ${LAPGAN_EVAL_FLAGS:-} --json "$run.json.tmp" >"$run.eval.txt" 2>&1
  mv "$run.json.tmp" "$run.json"
}

for budget in $budgets; do
  total=$(seconds "$budget")
  for seed in $seeds; do
    run=$runs/lapgan-$budget-s$seed
    if [ ! -f "$run.json" ]; then
      if [ -f "$run.lpg.ckpt" ] && [ -f "$run.spent" ]; then
        left=$(( total - $(cat "$run.spent") ))
        echo "resuming $run with ${left}s left" >&2
        start=$(date +%s)
        [ "$left" -gt 0 ] && "$lapgan" train --resume "$run.lpg.ckpt" --time "${left}s" --threads 2 >>"$run.out" 2>&1
      else
        echo "training $run for $budget" >&2
        rm -f "$run".lpg* "$run-train.csv"
        echo 0 >"$run.spent"
        "$lapgan" train --preset fashion --time "$budget" --seed "$seed" --threads 2 ${LAPGAN_TRAIN_FLAGS:-} \
          --out "$run.lpg" >"$run.out" 2>&1
      fi
      echo "$total" >"$run.spent"
      score "$run" "$run.lpg" --seed "$seed"
    fi
    peer_run=$runs/dcgan-$budget-s$seed
    if [ -f "$peer" ] && [ ! -f "$peer_run.json" ]; then
      echo "training $peer_run for $budget" >&2
      minutes=$(python3 -c "print($total / 60)")
      # The peer fixes torch's seed to 1; each seed of the table gets its own.
      python3 -c "import runpy, sys, torch; f = torch.manual_seed; torch.manual_seed = lambda _: f($seed); sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')" \
        "$peer" --minutes "$minutes" --threads 2 --out "$peer_run.npy" >"$peer_run.out" 2>&1
      score "$peer_run" --samples "$peer_run.npy" --seed "$seed"
    fi
  done
done
python3 "$(dirname "$0")/budget-table.py" "$runs"
