#!/usr/bin/env bash
# Installs what torchlab needs on a fresh Debian 12 machine: Jupyter (server, notebook, nbconvert)
# for the kernel tests and notebooks, PyTorch/scikit-learn/NLTK/pandas/matplotlib as the oracle for
# fixtures and benchmarks, protoc (with protobuf's well-known types) and Python's protobuf and crc32c
# as the independent reader of TensorBoard event files, Chromium for the browser checks, the headers
# and X server the `gl` addon (the GPU backend's headless WebGL) builds and runs with, JupyterHub
# with its proxy, podman and mmdebstrap for the course image and its tests, then the npm
# dependencies. Idempotent.
set -euo pipefail
need=()
for pkg in jupyter-server jupyter-notebook jupyter-nbconvert jupyter-client python3-jupyter-client \
           python3-torch python3-sklearn python3-nltk python3-pandas python3-matplotlib chromium \
           protobuf-compiler libprotobuf-dev python3-protobuf python3-crc32c \
           build-essential python3 pkg-config libxi-dev libglew-dev xvfb xauth \
           jupyterhub node-configurable-http-proxy podman runc mmdebstrap; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The tests start their own JupyterHub on loopback; the package's system service is not wanted.
  if [ -d /run/systemd/system ] && systemctl is-enabled --quiet jupyterhub 2>/dev/null; then
    $SUDO systemctl disable --now jupyterhub >/dev/null 2>&1 || true
  fi
fi
npm ci --no-audit --no-fund
# gl is an optional native addon built from source: npm skips it silently when its build fails or
# when its install script is not allowed, so check that it loads and build it otherwise.
if ! node -e "require('gl')" 2>/dev/null; then
  npm rebuild gl --foreground-scripts
  node -e "require('gl')"
fi
