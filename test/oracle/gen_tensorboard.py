#!/usr/bin/python3
"""Oracle fixture for torch.utils.tensorboard: PyTorch's own SummaryWriter and summary.py
(torch/utils/tensorboard) log a fixed program; the events they produce are recorded.

The tensorboard package is not in Debian, so its pieces PyTorch imports are provided here: the
message classes are compiled by protoc from torchlab's schema (runtime/src/utils/tensorboard/
schema.ts), the HParams plugin's tag constants are TensorBoard's, and tensorboard's
EventFileWriter is replaced by one that keeps each event in memory, with the file-version event
first as tensorboard writes it. Everything else (directories, bins, histogram trimming, hparams
structure, steps) is PyTorch's code. test/runtime/tensorboard.test.ts runs the same program and
compares the decoded events (wall times aside)."""
import base64
import importlib.abc
import importlib.machinery
import json
import re
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

root = Path(__file__).resolve().parent.parent.parent
schema = (root / "runtime/src/utils/tensorboard/schema.ts").read_text()
protos = dict(re.findall(r"export const (\w+_PROTO) = `(.*?)`;", schema, re.S))

tmp = Path(tempfile.mkdtemp())
(tmp / "tb_event.proto").write_text(protos["EVENT_PROTO"])
(tmp / "tb_hparams.proto").write_text(protos["HPARAMS_PROTO"])
subprocess.run(["protoc", f"-I{tmp}", "-I/usr/include", f"--python_out={tmp}", "tb_event.proto", "tb_hparams.proto"], check=True)
sys.path.insert(0, str(tmp))
import tb_event_pb2  # noqa: E402
import tb_hparams_pb2  # noqa: E402

recorded = {}  # log dir -> serialized events


class EventFileWriter:
    def __init__(self, logdir, max_queue_size=10, flush_secs=120, filename_suffix=""):
        self._logdir = logdir
        recorded.setdefault(logdir, [])
        self.add_event(tb_event_pb2.Event(wall_time=time.time(), file_version="brain.Event:2"))

    def get_logdir(self):
        return self._logdir

    def add_event(self, event):
        event.ClearField("wall_time")
        recorded[self._logdir].append(base64.b64encode(event.SerializeToString()).decode())

    def flush(self):
        pass

    def close(self):
        pass


class Dummy:
    def __init__(self, *args, **kwargs):
        pass


def install(name, m):
    """sys.modules[name] = m, with its parent packages (stubs) pointing at it."""
    sys.modules[name] = m
    parent, _, leaf = name.rpartition(".")
    if parent:
        setattr(sys.modules.get(parent) or module(parent), leaf, m)
    return m


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__path__ = []
    m.__dict__.update(attrs)
    m.__getattr__ = lambda attr: Dummy  # names PyTorch imports but this program never uses
    return install(name, m)


class StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path, target=None):
        if name == "tensorboard" or name.startswith("tensorboard."):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return sys.modules.get(spec.name) or module(spec.name)

    def exec_module(self, m):
        pass


module("tensorboard", __version__="2.11.0")
for name in ["event_pb2", "summary_pb2", "tensor_pb2", "tensor_shape_pb2"]:
    install(f"tensorboard.compat.proto.{name}", tb_event_pb2)
install("tensorboard.plugins.text.plugin_data_pb2", tb_event_pb2)
install("tensorboard.plugins.hparams.api_pb2", tb_hparams_pb2)
install("tensorboard.plugins.hparams.plugin_data_pb2", tb_hparams_pb2)
module("tensorboard.plugins.hparams.metadata", PLUGIN_NAME="hparams", PLUGIN_DATA_VERSION=0,
       EXPERIMENT_TAG="_hparams_/experiment", SESSION_START_INFO_TAG="_hparams_/session_start_info",
       SESSION_END_INFO_TAG="_hparams_/session_end_info")
module("tensorboard.summary.writer.event_file_writer", EventFileWriter=EventFileWriter)
sys.meta_path.insert(0, StubFinder())

import torch  # noqa: E402
from torch.utils.tensorboard import SummaryWriter, summary  # noqa: E402

# PyTorch 1.13's make_histogram calls np.greater(counts, 0, dtype=np.int32), which numpy 1.24 (Debian's)
# rejects; compare first and cast after, as later PyTorch releases do.
np_greater = summary.np.greater
summary.np = types.SimpleNamespace(**{k: getattr(summary.np, k) for k in dir(summary.np) if not k.startswith("__")})
summary.np.greater = lambda a, b, dtype=None: np_greater(a, b).astype(dtype) if dtype else np_greater(a, b)

g = torch.Generator().manual_seed(0)
weights = torch.randn(1000, generator=g)
weights[:5] = 0
inputs = {
    "losses": [1 / (i + 1) for i in range(5)],
    "weights": weights.tolist(),
    "narrow": (torch.rand(200, generator=g) * 3 + 1).tolist(),
    "ints": list(range(-3, 12)),
    "text": "héllo **world**\nsecond line",
}

w = SummaryWriter(log_dir="run")
for step, loss in enumerate(inputs["losses"]):
    w.add_scalar("loss", loss, step)
w.add_scalar("tensor", torch.tensor([2.5]), 1)
w.add_scalar("double", 1 / 3, 2, new_style=True, double_precision=True)
w.add_scalar("float", 1 / 3, 3, new_style=True)
w.add_scalar("zero", 0.0, 0)
w.add_scalars("run_14h", {"xsinx": 0.25, "xcosx": -1.5}, 3)
w.add_scalars("run_14h", {"xsinx": 0.5, "xcosx": -2.5}, 4)
w.add_histogram("weights", torch.tensor(inputs["weights"]), 2)
w.add_histogram("narrow", torch.tensor(inputs["narrow"]), 1, max_bins=7)
w.add_histogram("ints", torch.tensor(inputs["ints"]), 0, bins=4)
w.add_text("note", inputs["text"], 5)
w.add_hparams({"lr": 0.1, "bsize": 16, "optimizer": "adam", "flag": True, "skipped": None},
              {"hparam/accuracy": 0.875, "hparam/loss": 0.25},
              hparam_domain_discrete={"optimizer": ["adam", "sgd"], "bsize": [16, 32]}, run_name="hp")
w.add_scalar("after", 1.0, 9)
w.close()

resumed = SummaryWriter(log_dir="resumed", purge_step=5)
resumed.add_scalar("loss", 0.5, 5)
resumed.close()

out = {"inputs": inputs, "runs": recorded}
(root / "test/fixtures/tensorboard.json").write_text(json.dumps(out, indent=1) + "\n")
print(f"tensorboard: {sum(len(v) for v in recorded.values())} events in {len(recorded)} runs")
