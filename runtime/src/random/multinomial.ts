// torch.multinomial for one row of weights, as PyTorch 1.13's CPU kernels draw it.
import { RuntimeError } from '../errors';
import type { FloatArray } from './distributions';
import { log } from './libm';
import { Generator } from './generator';

const f = Math.fround;

/**
 * Indices drawn by weight. Without replacement PyTorch takes the top
 * weight / Exp(1) ratios, one exponential per category; with replacement it searches the
 * normalised cumulative sum (accumulated in the weights' precision) with one uniform per draw.
 */
export function multinomial(probs: FloatArray | number[], numSamples: number, replacement: boolean, gen: Generator): Float64Array {
  const p = Array.isArray(probs) ? Float64Array.from(probs) : probs;
  const n = p.length;
  const round = p instanceof Float32Array ? f : (x: number) => x;
  if (!(numSamples > 0)) throw new RuntimeError('cannot sample n_sample <= 0 samples');
  if (!replacement && numSamples > n) throw new RuntimeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  const fast = !replacement;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = p[i];
    // The two paths check in their own words, as PyTorch's do.
    if (fast && !(v >= 0 && v < Infinity)) throw new RuntimeError('probability tensor contains either `inf`, `nan` or element < 0');
    if (!fast && !(v >= 0)) throw new RuntimeError('invalid multinomial distribution (encountering probability entry < 0)');
    if (!fast && v === Infinity) throw new RuntimeError('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
    total += v;
  }
  if (!(total > 0)) throw new RuntimeError('invalid multinomial distribution (sum of probabilities <= 0)');
  const out = new Float64Array(numSamples);

  if (fast) {
    const ratio = new Float64Array(n);
    for (let i = 0; i < n; i++) ratio[i] = round(p[i] / round(-log(1 - gen.uniformDouble())));
    if (numSamples === 1) {
      let best = 0;
      for (let i = 1; i < n; i++) if (ratio[i] > ratio[best]) best = i;
      out[0] = best;
      return out;
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => ratio[b] - ratio[a] || a - b);
    for (let k = 0; k < numSamples; k++) out[k] = order[k];
    return out;
  }

  const cum = new Float64Array(n);
  let sum = 0;
  for (let j = 0; j < n; j++) { sum = round(sum + p[j]); cum[j] = sum; }
  for (let j = 0; j < n; j++) cum[j] = round(cum[j] / sum);
  cum[n - 1] = 1;
  for (let k = 0; k < numSamples; k++) {
    const u = gen.uniformDouble();
    let lo = 0, hi = n;
    while (hi > lo) {
      const mid = lo + ((hi - lo) >> 1);
      if (cum[mid] < u) lo = mid + 1; else hi = mid;
    }
    out[k] = lo;
  }
  return out;
}
