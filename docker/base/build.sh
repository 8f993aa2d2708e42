#!/usr/bin/env bash
# Builds a Jupyter single-user base image from Debian 12 packages alone, for machines that reach
# Debian's mirror but no container registry:
#   docker/base/build.sh [TAG]        (default localhost/torchlab-base:bookworm)
# It follows Jupyter Docker Stacks' base-notebook conventions, so docker/Dockerfile builds the same
# way on either: user jovyan (NB_UID 1000, NB_GID 100) with HOME /home/jovyan, tini as entry point,
# `start-notebook.sh` as command (the classic Notebook, or jupyterhub-singleuser under a Hub).
# Needs mmdebstrap (as root, or unprivileged with subuids) and podman (ENGINE=docker to import into
# Docker instead).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tag="${1:-localhost/torchlab-base:bookworm}"
engine="${ENGINE:-podman}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/../containers.conf}"

# Documentation, manual pages and translations are left out (about 55 MB).
mmdebstrap --variant=minbase --quiet \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --include=jupyter-notebook,jupyterhub,tini,ca-certificates \
  --customize-hook='chroot "$1" useradd --create-home --uid 1000 --gid 100 --shell /bin/bash jovyan' \
  --customize-hook="copy-in $here/start-notebook.sh /usr/local/bin" \
  --customize-hook='chmod 755 "$1"/usr/local/bin/start-notebook.sh' \
  bookworm - |
  "$engine" import \
    --change 'ENV NB_USER=jovyan' --change 'ENV NB_UID=1000' --change 'ENV NB_GID=100' \
    --change 'ENV HOME=/home/jovyan' --change 'ENV SHELL=/bin/bash' --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'USER 1000' --change 'WORKDIR /home/jovyan' --change 'EXPOSE 8888' \
    --change 'ENTRYPOINT ["tini", "-g", "--"]' --change 'CMD ["start-notebook.sh"]' \
    --change 'LABEL org.opencontainers.image.description="Debian 12 with the classic Jupyter Notebook and jupyterhub-singleuser"' \
    - "$tag"
