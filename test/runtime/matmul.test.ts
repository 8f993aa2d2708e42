// Large products (the blocked SIMD kernels, split over worker threads) against PyTorch
// (test/oracle/gen_matmul.py): row sums, column sums and sampled entries of each result.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { torch } from '../../runtime/src';
import * as wasm from '../../runtime/src/backends/cpu/wasm';

interface Case {
  name: string; M: number; K: number; N: number; dtype: 'float32' | 'float64'; layout: string; seed: number; shape: number[];
  row_sums: number[]; col_sums: number[]; rows: number[]; cols: number[]; samples: number[];
}
const cases: Case[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'matmul.json'), 'utf8'));

function operands(c: Case): [torch.Tensor, torch.Tensor] {
  const { M, K, N } = c, dtype = torch[c.dtype];
  torch.manual_seed(c.seed);
  switch (c.layout) {
    case 'a.t': return [torch.rand([K, M], { dtype }).t(), torch.rand([K, N], { dtype })];
    case 'b.t': { const a = torch.rand([M, K], { dtype }); return [a, torch.rand([N, K], { dtype }).t()]; }
    case 'slice': {
      const a = torch.rand([M, K + 9], { dtype }).index(`:, 3:${K + 3}`);
      return [a, torch.rand([K, 2 * N], { dtype }).index(':, ::2')];
    }
    case 'batched': { const a = torch.rand([3, M, K], { dtype }); return [a, torch.rand([K, N], { dtype })]; }
    default: { const a = torch.rand([M, K], { dtype }); return [a, torch.rand([K, N], { dtype })]; }
  }
}

function close(got: number[], want: number[], rtol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) {
    assert.ok(Math.abs(got[i] - want[i]) <= rtol * Math.abs(want[i]), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
  }
}

describe('matmul kernels against PyTorch', function () {
  this.timeout(120000);
  const threads = torch.get_num_threads();
  after(() => torch.set_num_threads(threads));

  // npm test runs this file once more with TORCHLAB_RELAXED_SIMD=0, for the SIMD128 build.
  it(`runs the ${process.env.TORCHLAB_RELAXED_SIMD === '0' ? 'SIMD128' : 'relaxed SIMD'} build`, () => {
    // Node 20's V8 validates relaxed SIMD once the runtime has set its flag; Node 22's by default.
    assert.equal(wasm.relaxedSimd(), process.env.TORCHLAB_RELAXED_SIMD !== '0');
  });

  for (const n of [1, 2]) {
    describe(`${n} thread${n > 1 ? 's' : ''}`, () => {
      before(function () {
        torch.set_num_threads(n);
        if (n > 1 && wasm.available()) assert.equal(wasm.startThreads(), n - 1, 'pool workers ready');
      });
      it('t @ t (one operand copied once) equals t @ t.clone()', () => {
        torch.manual_seed(3);
        const t = torch.rand([600, 600]);
        assert.ok(t.matmul(t).equal(t.matmul(t.clone())));
      });
      for (const c of cases) {
        it(`${c.name}: ${c.M}x${c.K}x${c.N} ${c.dtype} (${c.layout})`, () => {
          const [a, b] = operands(c);
          const jobs = wasm.workerJobs();
          const out = a.matmul(b);
          assert.deepEqual([...out.shape], c.shape);
          assert.equal(out.dtype, torch[c.dtype]);
          const flat = out.double().reshape([-1, c.N]);
          const rtol = c.dtype === 'float32' ? 2e-6 : 1e-12;
          close(flat.sum(1).tolist() as number[], c.row_sums, rtol, 'row sums');
          close(flat.sum(0).tolist() as number[], c.col_sums, rtol, 'column sums');
          const got = c.rows.map((r, i) => flat.index(`${r}, ${c.cols[i]}`).item() as number);
          close(got, c.samples, c.dtype === 'float32' ? 2e-5 : 1e-12, 'entries');
          // Products big enough are split across the pool when it has workers.
          if (n > 1 && wasm.available() && c.M * c.K * c.N >= 1 << 23 && c.M >= 32) assert.ok(wasm.workerJobs() > jobs, 'work went to the pool');
        });
      }
    });
  }
});
