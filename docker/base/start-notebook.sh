#!/bin/sh
# The server the image starts, as Jupyter Docker Stacks' start-notebook does: JupyterHub's
# single-user server when a Hub spawned the container, the classic Notebook otherwise.
# Extra arguments go to the server (e.g. --NotebookApp.token=...); JUPYTER_TOKEN sets the token.
set -e
if [ -n "${JUPYTERHUB_API_TOKEN:-}" ]; then
  exec jupyterhub-singleuser --ip=0.0.0.0 "$@"
fi
exec jupyter notebook --ip=0.0.0.0 --port=8888 --no-browser "$@"
