// A shorter soak than bench/soak.ts (10,000 cells): 1,000 mixed cells, most declaring names. A
// cell's round trip must not grow with the declarations before it, memory must stay bounded, and
// no execution may be lost.
import { strict as assert } from 'assert';
import { soak } from '../../bench/soak';
import { RawKernel } from './harness';

describe('kernel soak', function () {
  this.timeout(900000);
  it('keeps the round trip and memory flat over 1,000 cells with declarations, losing none', async () => {
    const k = new RawKernel();
    await k.start();
    try {
      await k.execute('1', 120000);
      const f = await soak(k, 1000, 250);
      assert.equal(f.lost, 0, 'executions without reply or idle');
      assert.equal(f.wrong, 0, 'executions with a wrong status or output');
      // The kernel's own CPU time per cell, which other processes' load does not inflate (the
      // round trip, printed too, is the figure bench/soak.ts reports over 10,000 cells).
      const growth = f.rss[f.rss.length - 1][1] - f.rss[0][1];
      const figures = `round trip ${f.firstMedian.toFixed(1)} -> ${f.lastMedian.toFixed(1)} ms, kernel CPU per cell ${f.firstCpu.toFixed(1)} -> ${f.lastCpu.toFixed(1)} ms (first 250 -> last 250), RSS +${growth.toFixed(0)} MB`;
      console.log(`      ${figures}`);
      assert.ok(f.lastCpu < 1.5 * f.firstCpu, figures);
      assert.ok(growth < 100, `RSS grew ${growth.toFixed(0)} MB`);
    } finally {
      await k.stop();
    }
  });
});
