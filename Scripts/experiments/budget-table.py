#!/usr/bin/env python3
"""Prints the budget table (mean ± s.d. over seeds) from the RUN.json files budget-table.sh wrote.

Usage: Scripts/experiments/budget-table.py RUNS_DIR
"""
import glob, json, os, re, statistics, sys

if len(sys.argv) != 2 or sys.argv[1] in ('-h', '--help'):
    print(__doc__.strip().splitlines()[-1], file=sys.stderr)
    sys.exit(2)
rows = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.json'))):
    m = re.match(r'(lapgan|dcgan)-([0-9]+[smh])-s([0-9]+)\.json$', os.path.basename(path))
    if not m:
        continue
    r = json.load(open(path))
    swd = r.get('swd') or {}
    rows.setdefault((m.group(2), m.group(1)), []).append((r['parzen']['mean'], swd.get('mean'), *(swd.get('distances') or [None, None])))

def fmt(values):
    values = [v for v in values if v is not None]
    if not values:
        return '—'
    if len(values) == 1:
        return f'{values[0]:.1f}'
    return f'{statistics.mean(values):.1f} ± {statistics.stdev(values):.1f}'

def seconds(b):
    return int(b[:-1]) * {'s': 1, 'm': 60, 'h': 3600}[b[-1]]

print('| budget | model | seeds | Parzen LL (nats) ↑ | SWD mean ↓ | SWD 32 ↓ | SWD 16 ↓ |')
print('|---|---|---|---|---|---|---|')
for (budget, who) in sorted(rows, key=lambda k: (seconds(k[0]), k[1] != 'lapgan')):
    v = rows[(budget, who)]
    name = 'lapgan (default recipe)' if who == 'lapgan' else 'PyTorch DCGAN'
    print(f'| {budget} | {name} | {len(v)} | ' + ' | '.join(fmt([x[i] for x in v]) for i in range(4)) + ' |')
