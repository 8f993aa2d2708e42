#!/usr/bin/env bash
# Run on the GPU machine from the repository root, with .gpu/ made by scripts/gpu-pack.sh beside it:
#   bash scripts/gpu-run.sh
# It unpacks Node and the built project, installs the Vulkan loader (dpkg -x to /, then ldconfig)
# when it is missing, checks that WebGPU (Dawn) finds the GPU, runs the cuda suite on it in Node
# (op fixtures, gradients, optimizer steps, device semantics), then `bench:gpu` against PyTorch on
# the same GPU (python3 with torch and CUDA). Prints a compact table; writes JSON under $OUT
# (default .gpu/out): gpu-run.json (summary), suite.json, bench.json.
#
# GPU_RUN_DRY=1 checks the plumbing on a machine without that GPU: it unpacks into a temporary
# directory (so nothing resolves from this checkout's node_modules), leaves the system alone, runs
# the suite on whatever cuda backend answers (TORCHLAB_GPU=auto) and the benchmarks with quick sizes
# on the CPU against $TORCHLAB_PYTHON (default /usr/bin/python3 in this mode).
set -uo pipefail
cd "$(dirname "$0")/.."
DRY="${GPU_RUN_DRY:-0}"
OUT="${OUT:-$PWD/.gpu/out}"
mkdir -p "$OUT"
started=$(date +%s)
die() { echo "gpu-run: $*" >&2; printf '{"ok": false, "error": %s}\n' "$(printf '%s' "$*" | sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$/"/')" > "$OUT/gpu-run.json"; exit "${2:-1}"; }

[ -f .gpu/node.xz ] && [ -f .gpu/project.tar.xz ] || die ".gpu/ is missing or incomplete: run scripts/gpu-pack.sh where the project is built and bring .gpu/ along" 2

if [ "$DRY" = 1 ]; then RUN=$(mktemp -d); else RUN="$PWD/.gpu/run"; rm -rf "$RUN"; mkdir -p "$RUN"; fi
xz -dc .gpu/node.xz > "$RUN/node" && chmod +x "$RUN/node" || die "cannot unpack node"
tar -xJf .gpu/project.tar.xz -C "$RUN" || die "cannot unpack the project"
NODE="$RUN/node"
"$NODE" --version >/dev/null || die "the packed node does not run here"

if [ "$DRY" != 1 ]; then
  if ! ldconfig -p | grep -q 'libvulkan\.so\.1'; then
    deb=$(ls .gpu/libvulkan1_*.deb 2>/dev/null | head -1)
    [ -n "$deb" ] || die "no Vulkan loader here and none packed (.gpu/libvulkan1_*.deb)"
    dpkg -x "$deb" / && ldconfig || die "cannot install the Vulkan loader from $deb"
  fi
  command -v nvidia-smi >/dev/null && nvidia-smi -L
  export TORCHLAB_GPU=webgpu
  export TORCHLAB_PYTHON="${TORCHLAB_PYTHON:-python3}"
  "$TORCHLAB_PYTHON" -c 'import torch; assert torch.cuda.is_available(), "torch sees no CUDA device"; print("PyTorch", torch.__version__, "on", torch.cuda.get_device_name())' \
    || die "python3 with torch and CUDA is needed for the reference timings"
  BENCH_ARGS=(--tiles 64x64x16x4x4,128x64x16x8x4,128x128x8x8x8,128x128x16x8x8)
else
  export TORCHLAB_GPU=auto
  export TORCHLAB_PYTHON="${TORCHLAB_PYTHON:-/usr/bin/python3}"
  BENCH_ARGS=(--quick --device cpu)
fi

if [ -f .gpu/sst2.tar.xz ]; then
  mkdir -p "$RUN/sst2" && tar -xJf .gpu/sst2.tar.xz -C "$RUN/sst2" && export TORCHLAB_SST2_DIR="$RUN/sst2"
else
  export TORCHLAB_SST2_DIR="$RUN/no-sst2" # the benchmark says it skips the FFN epoch
fi

# fail fast when WebGPU does not come up, with its reason
probe='const { torch } = require(process.argv[1]); try { console.log("cuda:", torch.cuda.is_available() ? torch.cuda.get_device_name() : "none"); process.exit(0); } catch (e) { console.error(e.message); process.exit(3); }'
timeout 120 "$NODE" -e "$probe" "$RUN/dist/runtime/src" || die "the WebGPU backend does not start (see above)" 3

echo "== cuda suite (Node $("$NODE" --version), TORCHLAB_GPU=$TORCHLAB_GPU)"
timeout 150 "$NODE" "$RUN/dist/test/webgpu/node_run.js" --json "$OUT/suite.json" > "$OUT/suite.txt" 2>&1
suite_rc=$?
grep -E '✘|passing|^  [0-9]+\) ' "$OUT/suite.txt" | head -40
[ $suite_rc -eq 0 ] || { echo "gpu-run: the suite failed (rc $suite_rc); first failures:"; sed -n '/^  1) /,$p' "$OUT/suite.txt" | head -60; }

echo "== bench:gpu"
timeout 200 "$NODE" "$RUN/dist/bench/gpu.js" --json "$OUT/bench.json" "${BENCH_ARGS[@]}" 2>&1 | tee "$OUT/bench.txt"
bench_rc=${PIPESTATUS[0]}

if [ "$DRY" != 1 ] && [ $bench_rc -eq 0 ]; then
  echo "== for information: matmul with Dawn's robustness checks off (allow_unsafe_apis,disable_robustness)"
  TORCHLAB_DAWN_FLAGS='enable-dawn-features=allow_unsafe_apis,disable_robustness' \
    timeout 60 "$NODE" "$RUN/dist/bench/gpu.js" --matmul-only --json "$OUT/matmul-unsafe.json" 2>&1 | tee "$OUT/matmul-unsafe.txt"
fi

[ "$DRY" = 1 ] && rm -rf "$RUN"
secs=$(( $(date +%s) - started ))
printf '{"ok": %s, "dry": %s, "suite_rc": %d, "bench_rc": %d, "seconds": %d, "suite": "suite.json", "bench": "bench.json"}\n' \
  "$([ $suite_rc -eq 0 ] && [ $bench_rc -eq 0 ] && echo true || echo false)" "$([ "$DRY" = 1 ] && echo true || echo false)" \
  "$suite_rc" "$bench_rc" "$secs" > "$OUT/gpu-run.json"
echo "gpu-run: suite rc $suite_rc, bench rc $bench_rc, ${secs} s; JSON in $OUT"
[ $suite_rc -eq 0 ] && [ $bench_rc -eq 0 ]
