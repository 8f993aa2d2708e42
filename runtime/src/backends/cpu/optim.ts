// Fused optimizer updates: one pass over a parameter and its state instead of PyTorch's
// single-tensor sequence of in-place ops (what torch.optim.Adam(fused=True) does on GPUs). Large
// float32 parameters go to the WASM SIMD kernel, which keeps PyTorch's float32 operation order;
// the loop here computes in float64 and rounds once per stored value, which agrees with the
// op-by-op update to float32 rounding.
import type { AdamHyper, SgdHyper } from '../backend';
import type { Tensor } from '../../tensor/tensor';
import { DType, TypedArray, float32 } from '../../tensor/dtype';
import * as wasm from './wasm';

/** Parameters at least this large take the SIMD kernel (the copies pay off). */
const SIMD_MIN = 256;

/** Adam's moments of a large float32 parameter live where the SIMD kernel updates them in place (wasm.residentZeros). */
export function adamState(dtype: DType, n: number): TypedArray | null {
  return dtype === float32 && n >= SIMD_MIN ? wasm.residentZeros(n) : null;
}

export function adam(p: Tensor, grad: Tensor, m: Tensor, v: Tensor, vmax: Tensor | null, h: AdamHyper): void {
  const pd = p._data(), gd = grad._data(), md = m._data(), vd = v._data(), xd = vmax ? vmax._data() : vd;
  const po = p._offset, go = grad._offset, mo = m._offset, vo = v._offset, xo = vmax ? vmax._offset : vo;
  const n = p._numel;
  if (n >= SIMD_MIN && pd instanceof Float32Array) {
    const rbc2 = Math.sqrt(1 - Math.pow(h.beta2, h.step));
    const arrays = { p: pd, g: gd as Float32Array, m: md as Float32Array, v: vd as Float32Array, vmax: vmax ? xd as Float32Array : null };
    const hyper = { b1: h.beta1, b2: h.beta2, negStep: -h.lr / (1 - Math.pow(h.beta1, h.step)), rbc2, eps: h.eps,
      wd: h.decoupled ? 0 : h.weight_decay, decay: h.decoupled ? 1 - h.lr * h.weight_decay : 1, sign: h.maximize ? -1 : 1 };
    if (wasm.adam32(arrays, [po, go, mo, vo, xo], n, hyper)) return;
  }
  const b1 = h.beta1, b2 = h.beta2, c1 = 1 - b1, c2 = 1 - b2;
  const sign = h.maximize ? -1 : 1, wd = h.decoupled ? 0 : h.weight_decay;
  const decay = h.decoupled ? 1 - h.lr * h.weight_decay : 1;
  const stepSize = h.lr / (1 - Math.pow(b1, h.step)), rootBc2 = Math.sqrt(1 - Math.pow(b2, h.step)), eps = h.eps;
  for (let i = 0; i < n; i++) {
    let pi = pd[po + i];
    let g = sign * gd[go + i];
    if (wd !== 0) g += wd * pi;
    if (decay !== 1) pi *= decay;
    const mi = b1 * md[mo + i] + c1 * g;
    let vi = b2 * vd[vo + i] + c2 * g * g;
    md[mo + i] = mi;
    vd[vo + i] = vi;
    if (vmax) { vi = Math.max(xd[xo + i], vd[vo + i]); xd[xo + i] = vi; }
    pd[po + i] = pi - stepSize * md[mo + i] / (Math.sqrt(vi) / rootBc2 + eps);
  }
}

/** PyTorch 1.13's SGD step (weight decay, momentum with dampening, Nesterov, maximize) in one pass. */
export function sgd(p: Tensor, grad: Tensor, buf: Tensor | null, h: SgdHyper): void {
  const pd = p._data(), gd = grad._data(), bd = buf ? buf._data() : pd;
  const po = p._offset, go = grad._offset, bo = buf ? buf._offset : 0;
  const n = p._numel, sign = h.maximize ? -1 : 1, wd = h.weight_decay, mom = h.momentum, keep = 1 - h.dampening, lr = h.lr;
  for (let i = 0; i < n; i++) {
    const pi = pd[po + i];
    let d = sign * gd[go + i];
    if (wd !== 0) d += wd * pi;
    if (buf) {
      const b = h.init ? d : mom * bd[bo + i] + keep * d;
      bd[bo + i] = b;
      d = h.nesterov ? d + mom * bd[bo + i] : bd[bo + i];
    }
    pd[po + i] = pi - lr * d;
  }
}
