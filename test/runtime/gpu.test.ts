// The `cuda` device in Node: the shared suite (cuda_suite.ts) plus what only Node can check: that
// importing the runtime loads no GPU code, and that device memory is released when tensors become
// unreachable. With TORCHLAB_GPU=headlessgl or webgpu the GPU is required (a broken gl build fails here).
import { strict as assert } from 'assert';
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

