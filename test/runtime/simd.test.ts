// The WASM SIMD elementwise kernels take large float32 operands; below their threshold the same
// ops run in the TS kernels that the oracle fixtures check. float32 add/sub/mul/div are exactly
// rounded either way, so a large op must equal, bit for bit, the same op done in small row blocks.
import { strict as assert } from 'assert';
import { torch } from '../../runtime/src';
import * as wasm from '../../runtime/src/backends/cpu/wasm';

const R = 400, C = 300, BLOCK = 100; // 120000 elements in all, 30000 per block

function blocks(f: (rows: string) => torch.Tensor): torch.Tensor {
  const parts: torch.Tensor[] = [];
  for (let r = 0; r < R; r += BLOCK) parts.push(f(`${r}:${r + BLOCK}`));
  return torch.cat(parts, 0);
}

function sameBits(got: torch.Tensor, want: torch.Tensor, what: string): void {
  assert.deepEqual([...got.shape], [...want.shape], `${what}: shape`);
  const g = new Uint32Array(new Float32Array(got.contiguous().reshape(-1).tolist() as number[]).buffer);
  const w = new Uint32Array(new Float32Array(want.contiguous().reshape(-1).tolist() as number[]).buffer);
  for (let i = 0; i < g.length; i++) if (g[i] !== w[i]) assert.fail(`${what}[${i}]: ${got.reshape(-1).index(i).item()} vs ${want.reshape(-1).index(i).item()}`);
}

describe('SIMD elementwise kernels equal the TS kernels', () => {
  // Count the kernel's calls, so each case proves it went through the SIMD path.
  const original = wasm.binary32;
  let calls = 0;
  before(function () {
    if (!wasm.available()) this.skip();
    (wasm as { binary32: typeof original }).binary32 = (...args) => { calls++; return original(...args); };
  });
  after(() => { (wasm as { binary32: typeof original }).binary32 = original; });
  beforeEach(() => { calls = 0; });
  afterEach(function () { if (this.currentTest?.state === 'passed') assert.ok(calls > 0, 'the SIMD kernel ran'); });
  torch.manual_seed(7);
  const a = torch.randn(R, C), full = torch.randn(R, C).add(0.5), row = torch.randn(R, 1), col = torch.randn(1, C);
  const ops = ['add', 'sub', 'mul', 'div'] as const;
  for (const op of ops) {
    it(`${op}: full, scalar, per-row and per-column operands`, () => {
      sameBits(a[op](full), blocks((r) => a.index(r)[op](full.index(r))), `${op} full`);
      sameBits(a[op](0.37), blocks((r) => a.index(r)[op](0.37)), `${op} scalar`);
      sameBits(a[op](row), blocks((r) => a.index(r)[op](row.index(r))), `${op} row`);
      sameBits(a[op](col), blocks((r) => a.index(r)[op](col)), `${op} column`);
    });
  }
  it('in place (add_, mul_) and on a 3-D view', () => {
    const x = a.clone(), y = a.clone();
    x.add_(full); x.mul_(row);
    const want = blocks((r) => y.index(r).add(full.index(r)).mul(row.index(r)));
    sameBits(x, want, 'in place');
    const a3 = a.reshape(4, 100, C), r3 = row.reshape(4, 100, 1);
    sameBits(a3.div(r3).reshape(R, C), blocks((r) => a.index(r).div(row.index(r))), '3-D per row');
  });
  it('normalize(t @ t) as in the lecture demo', () => {
    const t = torch.rand(300, 300);
    const m = t.matmul(t);
    const got = torch.nn.functional.normalize(m, { dim: 1 });
    const want = blocks((r) => torch.nn.functional.normalize(m.index(r), { dim: 1 })).index(':300');
    sameBits(got, want, 'normalize');
  });
});
