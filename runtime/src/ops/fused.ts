// Fused optimizer updates (PyTorch's torch._fused_adam_ and kin): one pass over a parameter, its
// gradient and its state, through the backend's optional kernel. Each returns false, having done
// nothing, when the backend has no such kernel or the operands do not fit it, so that the
// optimizer takes its op-by-op update instead.
import type { AdamHyper, SgdHyper } from '../backends/backend';
import type { Tensor } from '../tensor/tensor';

export type { AdamHyper, SgdHyper };

/** Operands a fused kernel takes: floating point, all contiguous, one dtype, one device. */
const fusable = (p: Tensor, ...others: (Tensor | null)[]): boolean => p.dtype.is_floating_point &&
  others.every((t) => t === null || (t._contiguous && t.dtype === p.dtype && t.device.name === p.device.name)) && p._contiguous;

/** Bump the version of every tensor an update wrote in place. */
const written = (...ts: (Tensor | null)[]): void => { for (const t of ts) if (t) t._version++; };

/** Adam/AdamW's update of one parameter and its moments (and amsgrad's running maximum `vmax`). */
export function _fused_adam_(p: Tensor, grad: Tensor, exp_avg: Tensor, exp_avg_sq: Tensor, vmax: Tensor | null, h: AdamHyper): boolean {
  const kernel = p._backend.adam;
  if (!kernel || !fusable(p, grad, exp_avg, exp_avg_sq, vmax)) return false;
  kernel(p, grad, exp_avg, exp_avg_sq, vmax, h);
  written(p, exp_avg, exp_avg_sq, vmax);
  return true;
}

/** SGD's update of one parameter and its momentum buffer (`h.init` when the buffer is new). */
export function _fused_sgd_(p: Tensor, grad: Tensor, momentum_buffer: Tensor | null, h: SgdHyper): boolean {
  const kernel = p._backend.sgd;
  if (!kernel || !fusable(p, grad, momentum_buffer)) return false;
  kernel(p, grad, momentum_buffer, h);
  written(p, momentum_buffer);
  return true;
}
