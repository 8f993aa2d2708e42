// Fused optimizer updates (PyTorch's torch._fused_adam_ and kin): one pass over a parameter, its
// gradient and its state, through the backend's optional kernel. Each returns false, having done
// nothing, when the backend has no such kernel or the operands do not fit it, so that the
// optimizer takes its op-by-op update instead.
import type { AdamHyper, SgdHyper } from '../backends/backend';
import { Tensor } from '../tensor/tensor';

export type { AdamHyper, SgdHyper };

/** Whether a fused kernel takes `t` beside the parameter `p`: contiguous, of p's dtype and device. */
const fits = (p: Tensor, t: Tensor | null): boolean => t === null || (t._contiguous && t.dtype === p.dtype && t.device.name === p.device.name);

/** Adam/AdamW's update of one parameter and its moments (and amsgrad's running maximum `vmax`). */
export function _fused_adam_(p: Tensor, grad: Tensor, exp_avg: Tensor, exp_avg_sq: Tensor, vmax: Tensor | null, h: AdamHyper): boolean {
  const kernel = p._backend.adam;
  if (!kernel || !p.dtype.is_floating_point || !p._contiguous || !fits(p, grad) || !fits(p, exp_avg) || !fits(p, exp_avg_sq) || !fits(p, vmax)) return false;
  kernel(p, grad, exp_avg, exp_avg_sq, vmax, h);
  p._version++; exp_avg._version++; exp_avg_sq._version++;
  if (vmax) vmax._version++;
  return true;
}

/**
 * A zero tensor like the parameter p for one of Adam's moments (PyTorch's `zeros_like(p)`): in the
 * memory where the backend's fused kernel updates it in place, where the backend keeps one.
 */
export function _adam_state_(p: Tensor): Tensor {
  const data = p._contiguous ? p._backend.adamState?.(p.dtype, p._numel) : null;
  return data ? Tensor.fromArray(data, [...p.shape], p.dtype, p.device) : p.detach().mul(0);
}

/** SGD's update of one parameter and its momentum buffer (`h.init` when the buffer is new). */
export function _fused_sgd_(p: Tensor, grad: Tensor, momentum_buffer: Tensor | null, h: SgdHyper): boolean {
  const kernel = p._backend.sgd;
  if (!kernel || !p.dtype.is_floating_point || !p._contiguous || !fits(p, grad) || !fits(p, momentum_buffer)) return false;
  kernel(p, grad, momentum_buffer, h);
  p._version++;
  if (momentum_buffer) momentum_buffer._version++;
  return true;
}
