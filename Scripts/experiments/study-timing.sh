#!/usr/bin/env bash
# Measures how exact the human study's exposures are in a terminal: runs `lapgan-tui --study` in tmux (release
# build), answers every trial by a script (y and n in turn, blind to the image; only once the question is up),
# then prints, per asked duration, the measured on-screen time (image frame written → blanking frame written)
# from the CSV. STUDY_CHART_OUT=FILE keeps a capture of the final chart.
#
#   Scripts/experiments/study-timing.sh [TRIALS] [COLUMNSxROWS]      (default 40 trials at 120x40)
#   Scripts/experiments/study-timing.sh 40 80x24
set -euo pipefail
usage() { sed -n 7,8p "$0" | sed 's/^# *//' >&2; exit "${1:-2}"; }
case "${1:-}" in -h|--help) usage 0 ;; esac
[ $# -le 2 ] || usage
[ -z "${1:-}" ] || [[ $1 =~ ^[0-9]+$ ]] || { echo "error: TRIALS must be a number, got '$1'" >&2; usage; }
[ -z "${2:-}" ] || [[ $2 =~ ^[0-9]+x[0-9]+$ ]] || { echo "error: COLUMNSxROWS expected, got '$2'" >&2; usage; }
case "${STUDY_CHART_OUT:-}" in ""|/*) ;; *) STUDY_CHART_OUT=$PWD/$STUDY_CHART_OUT ;; esac
cd "$(dirname "$0")/../.."
trials=${1:-40}
size=${2:-120x40}
bin=.build/release/lapgan-tui
[ -x "$bin" ] || swift build -c release --product lapgan-tui
work=$(mktemp -d)
csv=$work/study.csv
sock=lapgan-study-timing-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
tmux -L "$sock" new-session -d -s s -x "${size%x*}" -y "${size#*x}" "env -u NO_COLOR bash --norc --noprofile"
tmux -L "$sock" send-keys -t s "COLORTERM=truecolor $PWD/$bin $PWD/assets/fashion.lpg --study --trials $trials --csv $csv; echo EXIT=\$?" Enter
wait_for() {  # wait_for TEXT... : until the screen shows every TEXT (60 s at most)
    for _ in $(seq 1200); do
        screen=$(tmux -L "$sock" capture-pane -p -t s)
        ok=1
        for t in "$@"; do [[ "$screen" == *"$t"* ]] || ok=0; done
        [ $ok = 1 ] && return 0
        sleep 0.05
    done
    echo "timed out waiting for: $*" >&2; echo "$screen" >&2; exit 1
}
wait_for "Press space to start"
tmux -L "$sock" send-keys -t s Space
for i in $(seq 0 $((trials - 1))); do
    wait_for "Real or generated?" "answered $i ·"
    if [ $((i % 2)) = 0 ]; then key=y; else key=n; fi
    tmux -L "$sock" send-keys -t s $key
done
wait_for "% judged real against exposure"
tmux -L "$sock" capture-pane -p -t s > "${STUDY_CHART_OUT:-/dev/null}"
tmux -L "$sock" send-keys -t s q
wait_for "EXIT=0"
python3 - "$csv" "$size" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {}
for r in rows:
    by.setdefault(int(r["duration_ms"]), []).append(float(r["exposure_ms"]))
print(f"{len(rows)} trials at {sys.argv[2]} in tmux; exposure = image frame written -> blank written (ms)")
print(f"{'asked':>6} {'n':>3} {'median':>9} {'min':>9} {'max':>9} {'worst |err|':>12}")
worst = 0.0
for d in sorted(by):
    v = by[d]
    w = max(abs(x - d) for x in v)
    worst = max(worst, w)
    print(f"{d:>6} {len(v):>3} {statistics.median(v):>9.2f} {min(v):>9.2f} {max(v):>9.2f} {w:>12.2f}")
errs = [abs(float(r["exposure_ms"]) - int(r["duration_ms"])) for r in rows]
writes = [float(r["image_write_ms"]) for r in rows]
print(f"all: median |err| {statistics.median(errs):.2f} ms, worst {worst:.2f} ms; image frame write median {statistics.median(writes):.2f} ms, max {max(writes):.2f} ms")
PY
