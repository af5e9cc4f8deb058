#!/usr/bin/env bash
# Installs what lapgan needs that this machine lacks (Debian 12 + Swift 6): the C libraries, the data set,
# tmux for the end-to-end test and Open MPI for multi-process training. (The cross-check with Python's safetensors
# reads a committed fixture, Tests/LapGANTests/Fixtures/safetensors: nothing to pip install.)
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
