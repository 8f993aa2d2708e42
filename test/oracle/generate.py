#!/usr/bin/python3
"""Regenerate every oracle fixture: runs each test/oracle/gen_*.py with real PyTorch
(Debian's python3-torch, scikit-learn, NLTK, pandas under /usr/bin/python3)."""
import os
import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", PYTHONHASHSEED="0")
failed = []
for script in sorted(here.glob("gen_*.py")):
    print(f"== {script.name}", flush=True)
    if subprocess.run([sys.executable, str(script)], cwd=here.parent.parent, env=env).returncode != 0:
        failed.append(script.name)
if failed:
    sys.exit(f"failed: {', '.join(failed)}")
