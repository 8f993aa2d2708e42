#!/usr/bin/env bash
# Packs into .gpu/ (git-ignored) what scripts/gpu-run.sh needs on a GPU machine that has neither Node
# nor a package registry: this machine's Node binary (xz), the built project with the test fixtures
# and the npm packages it loads there (the `webgpu` package's Dawn addon for linux-x64, fflate, crc-32),
# Debian's Vulkan loader (libvulkan1), and SST-2's train.tsv and dev.tsv when they are here.
# Checks that .gpu/ and the repository's files together stay within 64 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run build >/dev/null
mkdir -p .gpu
# the compressed Node binary is kept from an earlier pack when it is the same binary (xz takes minutes)
node_id="$(node --version) $(stat -c %s "$(command -v node)")"
[ -f .gpu/node.xz ] && [ "$(cat .gpu/node.id 2>/dev/null)" = "$node_id" ] || {
  echo "gpu-pack: node $(node --version) -> .gpu/node.xz"
  xz -6 -T2 -c "$(command -v node)" > .gpu/node.xz.tmp && mv .gpu/node.xz.tmp .gpu/node.xz && echo "$node_id" > .gpu/node.id
}
find .gpu -mindepth 1 -maxdepth 1 ! -name node.xz ! -name node.id -exec rm -rf {} +

files=(
  dist/runtime dist/wasm
  dist/bench/gpu.js dist/bench/harness.js dist/bench/sst2_epoch.js
  dist/test/runtime/gpu.test.js dist/test/runtime/cuda_suite.js dist/test/runtime/ops_fixture.js dist/test/runtime/grads_fixture.js
  dist/test/webgpu/suite_runner.js dist/test/webgpu/node_run.js
  test/fixtures/ops.json test/fixtures/grads.json test/fixtures/nn.json test/fixtures/repr.json
  node_modules/webgpu/package.json node_modules/webgpu/index.js node_modules/webgpu/dist/linux-x64.dawn.node
  node_modules/fflate node_modules/crc-32
)
echo "gpu-pack: the built project and its packages -> .gpu/project.tar.xz"
# node_modules may be a link to a shared tree: store the files it points to
tar -cJf .gpu/project.tar.xz --dereference --exclude='*.map' "${files[@]}"

echo "gpu-pack: Debian's Vulkan loader -> .gpu/"
if ! (cd .gpu && apt-get download libvulkan1 >/dev/null 2>&1); then
  apt-get update >/dev/null 2>&1 || true
  (cd .gpu && apt-get download libvulkan1 >/dev/null) || { echo "gpu-pack: cannot download Debian's libvulkan1 (apt-get download libvulkan1)"; exit 1; }
fi

sst2="${TORCHLAB_SST2_DIR:-}"
[ -n "$sst2" ] || for d in ../shared/data/sst2 "$(git config --get remote.origin.url 2>/dev/null || echo .)/../shared/data/sst2"; do
  [ -f "$d/train.tsv" ] && { sst2="$d"; break; }
done
if [ -n "$sst2" ] && [ -f "$sst2/train.tsv" ] && [ -f "$sst2/dev.tsv" ]; then
  echo "gpu-pack: SST-2 from $sst2 -> .gpu/sst2.tar.xz"
  tar -cJf .gpu/sst2.tar.xz -C "$sst2" train.tsv dev.tsv
else
  echo "gpu-pack: no SST-2 here (train.tsv, dev.tsv): the GPU run will skip the FFN epoch"
fi

repo=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
packed=$(du -sb .gpu | cut -f1)
total=$((repo + packed))
printf 'gpu-pack: .gpu/ %.1f MiB + repository %.1f MiB = %.1f MiB (limit 64 MiB)\n' \
  "$(echo "$packed / 1048576" | bc -l)" "$(echo "$repo / 1048576" | bc -l)" "$(echo "$total / 1048576" | bc -l)"
ls -la .gpu
[ "$total" -le $((64 * 1048576)) ] || { echo "gpu-pack: over 64 MiB"; exit 1; }
