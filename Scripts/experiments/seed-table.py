#!/usr/bin/env python3
"""Prints the seed table of Scripts/experiments/seed-table.sh as Markdown: for each recipe, mean ± s.d. over its
seeds of Parzen LL, SWD per level and their mean, noise use, and the CPU minutes a run took (user + system, summed
over resumes, with the 7×7 level it merges in).

Usage: Scripts/experiments/seed-table.py [RUNS_DIR]
  RUNS_DIR: seed-table.sh's runs folder, or a folder of saved rows (default: the committed rows in
  Scripts/experiments/seed-table-results, which print the table of docs/measurements.md)"""
import glob, json, os, statistics, sys

if len(sys.argv) > 2 or (len(sys.argv) == 2 and sys.argv[1] in ('-h', '--help')):
    sys.exit(__doc__)
runs = sys.argv[1] if len(sys.argv) == 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'seed-table-results')
if not os.path.isdir(runs):
    sys.exit(f'error: {runs}: no such folder\n\n{__doc__}')
rows = [('gan', 'last', 'plain GAN (last weights)'),
        ('gan', 'avg', 'plain GAN (weight average)'),
        ('paper', 'last', "LAPGAN, paper's noise (last weights)"),
        ('paper', 'avg', "LAPGAN, paper's noise (weight average)"),
        ('coarse', 'last', 'LAPGAN, coarse noise (last weights)'),
        ('coarse', 'avg', 'LAPGAN, coarse noise (weight average)'),
        ('recon', 'last', 'LAPGAN, coarse noise + reconstruction λ=5 (last weights)'),
        ('recon', 'avg', 'LAPGAN, coarse noise + reconstruction λ=5 (weight average)'),
        ('cond', 'last', 'class-conditional LAPGAN, coarse noise (last weights)'),
        ('cond', 'avg', 'class-conditional LAPGAN, coarse noise (weight average)'),
        ('sgd', 'last', 'LAPGAN, coarse noise + reconstruction λ=5, SGD schedule (last weights)'),
        ('sgd', 'avg', 'LAPGAN, coarse noise + reconstruction λ=5, SGD schedule (weight average)'),
        ('dcgan', None, 'PyTorch DCGAN, same CPU time as the coarse-noise LAPGAN')]
# The 7×7 level each LAPGAN row merges in (trained alone); its CPU time counts in the row's.
top = {'paper': 'top', 'coarse': 'top', 'recon': 'top', 'cond': 'topc', 'sgd': 'top'}


def spread(values, digits=1):
    if not values:
        return '—'
    if len(values) == 1:
        return f'{values[0]:.{digits}f} (1 seed)'
    return f'{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}'


def cpu_minutes(name, seed):
    total = 0.0
    for part in [name] + ([top[name]] if name in top else []):
        path = f'{runs}/{part}-s{seed}.time'
        if not os.path.exists(path):
            return None
        for line in open(path):
            fields = line.split()
            if len(fields) == 3:
                total += float(fields[0]) + float(fields[1])
    return total / 60


print('| recipe (3 seeds, mean ± s.d.) | seeds | Parzen LL (nats) ↑ | SWD 32 ↓ | SWD 16 ↓ | SWD mean ↓ | Δz (coarse → fine) | CPU min per run |')
print('|---|---|---|---|---|---|---|---|')
for name, variant, label in rows:
    reports = []
    minutes = []
    for seed in (1, 2, 3):
        path = f'{runs}/{name}-s{seed}.{variant}.json' if variant else f'{runs}/{name}-s{seed}.json'  # e.g. coarse-s1.avg.json
        if os.path.exists(path):
            reports.append(json.load(open(path)))
            m = cpu_minutes(name, seed)
            if m is not None:
                minutes.append(m)
    if not reports:
        continue
    parzen = [r['parzen']['mean'] for r in reports]
    swd = [r['swd'] for r in reports if r.get('swd')]
    per_level = [spread([s['distances'][i] for s in swd], 2) for i in range(len(swd[0]['distances']))] if swd else ['—', '—']
    swd_mean = spread([statistics.mean(s['distances']) for s in swd], 2) if swd else '—'
    noise = [r['noiseUse'] for r in reports if r.get('noiseUse')]
    dz = ' / '.join(f"{statistics.mean(n['means'][k] for n in noise):.1f}"
                    for k in reversed(range(len(noise[0]['means'])))) if noise else '—'
    print(f'| {label} | {len(reports)} | {spread(parzen)} | {per_level[0]} | {per_level[-1]} | {swd_mean} | {dz} | {spread(minutes)} |')
