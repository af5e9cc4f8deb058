#!/usr/bin/env python3
"""Writes the Python-side fixture of ModelFileTests.testPythonSafetensorsInterop (Python's safetensors + numpy).

Run once, from the repository root, where `pip install safetensors numpy` has been done:

    LAPGAN_SAFETENSORS_SOURCE=/tmp/lapgan-tiny.lpg Scripts/test.sh --filter ModelFileTests/testPythonSafetensorsInterop
    python3 Tests/LapGANTests/Fixtures/safetensors/make_fixture.py /tmp/lapgan-tiny.lpg

The first command makes the test write a tiny model with lapgan's own writer (instead of testing). This script then
opens that file with Python's safetensors (both its numpy loader and safe_open, which validate the header, the
offsets and the sizes), checks what it reads, and writes beside itself:

  python-written.lpg   the same tensors and metadata saved by Python's safetensors (save_file), the file lapgan must read
  python-read.json     what Python read from lapgan's file: per tensor its shape, float64 sum, first and last value

so the Swift test checks both directions without Python: lapgan reads Python's file to the same values, and lapgan's
writer, given those tensors, writes a file with the table and bytes Python's writer wrote (and python-read.json
records that Python's reader accepted lapgan's output).
"""
import json
import os
import sys

import numpy as np
import safetensors
from safetensors import safe_open
from safetensors.numpy import load_file, save_file

source = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
tensors = load_file(source)
with safe_open(source, framework="numpy") as f:
    meta = f.metadata()
assert meta["format"] == "lapgan", meta
description = json.loads(meta["model"])
assert all(t.dtype == np.float32 for t in tensors.values())
read = {
    "safetensors": safetensors.__version__,
    "numpy": np.__version__,
    "sizes": description["sizes"],
    "metadata_keys": sorted(meta),
    "tensors": {
        name: {"shape": list(t.shape), "sum": float(np.float64(t).sum()), "first": float(t.flat[0]), "last": float(t.flat[-1])}
        for name, t in sorted(tensors.items())
    },
}
save_file(tensors, os.path.join(here, "python-written.lpg"), metadata=meta)
with open(os.path.join(here, "python-read.json"), "w") as f:
    json.dump(read, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"{len(tensors)} tensors, sizes {description['sizes']}: python-written.lpg and python-read.json written")
