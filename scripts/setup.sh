#!/usr/bin/env bash
# Installs what torchlab needs on a fresh Debian 12 machine: Jupyter (server, notebook, nbconvert)
# for the kernel tests and notebooks, PyTorch/scikit-learn/NLTK/pandas as the oracle for fixtures
# and benchmarks, Chromium for the browser checks, then the npm dependencies. Idempotent.
set -euo pipefail
need=()
for pkg in jupyter-server jupyter-notebook jupyter-nbconvert jupyter-client python3-jupyter-client \
           python3-torch python3-sklearn python3-nltk python3-pandas chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
