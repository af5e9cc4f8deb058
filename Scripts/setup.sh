#!/usr/bin/env bash
# Installs what lapgan needs that this machine lacks (Debian 12 + Swift 6): the C libraries, the data set,
# tmux for the end-to-end test, Open MPI for multi-process training, and Python's safetensors for the cross-check test.
set -euo pipefail
packages=(libopenblas-dev libncursesw5-dev libpng-dev libgif-dev zlib1g-dev dataset-fashion-mnist ruby-gemojione tmux libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -c 'import safetensors, numpy' 2>/dev/null || \
  python3 -m pip install --quiet --disable-pip-version-check safetensors numpy >/dev/null 2>&1 || \
  echo "note: could not install Python's safetensors; its cross-check test will be skipped" >&2
