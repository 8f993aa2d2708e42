// The `cuda` device in Node: the shared suite (cuda_suite.ts) plus what only Node can check: that
// importing the runtime loads no GPU code, that device memory is released when tensors become
// unreachable, and torch.save / torch.load of cuda tensors (files). With TORCHLAB_GPU=headlessgl or webgpu the GPU is required (a broken gl build fails here).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import * as v8 from 'v8';
import * as vm from 'vm';
import { torch } from '../../runtime/src';
import { needCuda } from './cuda_suite';

describe('torch.cuda in Node', function () {
  this.timeout(60000);
  it('is probed lazily: importing the runtime loads neither gpu.js, gl, webgpu nor the WebGPU backend', () => {
    const runtime = path.join(__dirname, '..', '..', 'runtime', 'src');
    const probe = `require(${JSON.stringify(runtime)}); console.log(Object.keys(require.cache).filter((k) => /node_modules[\\/\\\\](gpu\\.js|gl|webgpu)[\\/\\\\]|backends[\\/\\\\](gpu|webgpu)[\\/\\\\]/.test(k)).length)`;
    assert.equal(execFileSync(process.execPath, ['-e', probe], { env: { ...process.env, TORCHLAB_GPU: 'auto' } }).toString().trim(), '0');
  });
});

describe('device memory', function () {
  this.timeout(60000);
  it('is released when tensors become unreachable (FinalizationRegistry)', async function () {
    needCuda(this);
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const settle = async () => { for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 20)); } };
    await settle();
    const before = torch.cuda.memory_allocated();
    const kept = torch.rand([100, 100]).cuda();
    (() => { let x = kept; for (let i = 0; i < 20; i++) x = x.mul(1.5).add(1); return x.sum().item(); })();
    assert.ok(torch.cuda.memory_allocated() >= before + 20 * 40448, 'the temporaries are counted while alive');
    await settle();
    assert.equal(torch.cuda.memory_allocated(), before + 40448, 'only the kept 100x100 float32 tensor remains');
    assert.equal(kept.shape[0], 100);
  });
});

describe('torch.save / torch.load with cuda tensors', function () {
  this.timeout(60000);
  it("writes cuda storages with PyTorch's location tag and loads them back on cuda, or where map_location says", function () {
    needCuda(this);
    const dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'torchlab-cuda-save-'));
    const f = path.join(dir, 'x.pt');
    try {
      const x = torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).cuda();
      torch.save({ x, xt: x.t() }, f);
      assert.ok(fs.readFileSync(f).includes('cuda:0'), "the storage's location is cuda:0");
      const back = torch.load(f) as Record<string, torch.Tensor>;
      assert.equal(back.x.device.name, 'cuda:0');
      assert.ok(back.xt.storage() === back.x.storage(), 'the view still shares its storage');
      assert.deepEqual(back.xt.cpu().tolist(), [[0, 3], [1, 4], [2, 5]]);
      const onCpu = torch.load(f, { map_location: 'cpu' }) as Record<string, torch.Tensor>;
      assert.equal(onCpu.x.device.name, 'cpu');
      assert.deepEqual(onCpu.x.tolist(), [[0, 1, 2], [3, 4, 5]]);
      torch.save(torch.ones(2), f);
      const moved = torch.load(f, { map_location: 'cuda:0' }) as torch.Tensor;
      assert.equal(moved.device.name, 'cuda:0');
      assert.deepEqual(moved.cpu().tolist(), [1, 1]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
