// Sampling by weights (torch.multinomial for 1-D weights): inverse-CDF draws with uniform doubles
// from the generator, without replacement by removing what was drawn.
import { RuntimeError } from '../errors';
import { Generator } from '../random';

export function multinomial(weights: number[], n: number, replacement: boolean, gen: Generator): number[] {
  if (weights.some((w) => w < 0 || !Number.isFinite(w))) throw new RuntimeError('invalid multinomial distribution (encountering probability entry < 0)');
  const w = weights.slice();
  if (!replacement && n > w.filter((x) => x > 0).length) throw new RuntimeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const total = w.reduce((a, b) => a + b, 0);
    if (total <= 0) throw new RuntimeError('invalid multinomial distribution (sum of probabilities <= 0)');
    const u = gen.uniformDouble() * total;
    let acc = 0, pick = w.length - 1;
    for (let i = 0; i < w.length; i++) { acc += w[i]; if (u < acc) { pick = i; break; } }
    out.push(pick);
    if (!replacement) w[pick] = 0;
  }
  return out;
}
