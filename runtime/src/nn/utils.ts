// torch.nn.utils: clip_grad_norm_ and clip_grad_value_ (PyTorch 1.13's definitions).
import { Tensor } from '../tensor/tensor';
import { RuntimeError } from '../errors';
import { creation as C, pointwise as P, reduce as R, shape as S } from '../ops';
import { withGradMode } from '../autograd/graph';

const grads = (parameters: Tensor | Iterable<Tensor>): Tensor[] =>
  (parameters instanceof Tensor ? [parameters] : [...parameters]).filter((p) => p.grad).map((p) => p.grad as Tensor);

/** Scale the gradients so that their total norm is at most max_norm; returns the total norm before. */
export function clip_grad_norm_(parameters: Tensor | Iterable<Tensor>, max_norm: number,
  norm_type: number | { norm_type?: number; error_if_nonfinite?: boolean } = 2, error_if_nonfinite = false): Tensor {
  if (typeof norm_type === 'object') { error_if_nonfinite = norm_type.error_if_nonfinite ?? false; norm_type = norm_type.norm_type ?? 2; }
  const p = norm_type;
  const gs = grads(parameters);
  if (!gs.length) return C.tensor(0.0);
  return withGradMode(false, () => {
    const total = p === Infinity
      ? R.amax(S.stack(gs.map((g) => R.amax(P.abs(g.detach())))))
      : R.norm(S.stack(gs.map((g) => R.norm(g.detach(), p))), p);
    if (error_if_nonfinite && !Number.isFinite(total.item())) {
      throw new RuntimeError(`The total norm of order ${Number.isInteger(p) ? `${p}.0` : p} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
    }
    const coef = P.clamp(P.div(max_norm, P.add(total, 1e-6)), null, 1.0);
    for (const g of gs) g.mul_(coef);
    return total;
  });
}

/** Clamp every gradient element into [-clip_value, clip_value]. */
export function clip_grad_value_(parameters: Tensor | Iterable<Tensor>, clip_value: number): void {
  withGradMode(false, () => { for (const g of grads(parameters)) g.clamp_(-clip_value, clip_value); });
}
