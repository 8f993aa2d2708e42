// The matmul family. mm, bmm, mv and dot own their gradients; matmul composes them.
import { RuntimeError } from '../errors';
import { Tensor } from '../tensor/tensor';
import { broadcastShapes } from '../tensor/shape';
import { typeName } from '../tensor/dtype';
import { record, requiresGrad as rg } from '../autograd/engine';
import { withGradMode } from '../autograd/graph';
import { empty } from './creation';
import * as P from './pointwise';

function checkFloatOrSame(a: Tensor, b: Tensor, op: string): void {
  P.checkSameDevice(a, b);
  if (a.dtype !== b.dtype) {
    if (op === 'dot') throw new RuntimeError(`dot : expected both vectors to have same dtype, but found ${typeName(a.dtype)} and ${typeName(b.dtype)}`);
    throw new RuntimeError(`expected scalar type ${typeName(a.dtype)} but found ${typeName(b.dtype)}`);
  }
}

/** Raw batched product of [B, M, K] and [B, K, N] views; no autograd. */
function bmmKernel(a: Tensor, b: Tensor): Tensor {
  const out = empty([a._shape[0], a._shape[1], b._shape[2]], a.dtype, a.device, true);
  if (a._shape[2] === 0) out._backend.fill(out, 0);
  else if (out._numel) a._backend.matmul(a, b, out);
  return out;
}

const as3d = (t: Tensor): Tensor => t._view([1, t._shape[0], t._shape[1]], [0, t._strides[0], t._strides[1]], t._offset);

/**
 * Performs a matrix multiplication of the matrices `input` (n x m) and `mat2` (m x p), giving an n
 * x p tensor. No broadcasting: see `torch.matmul` for that.
 *
 * @param input - the first matrix
 * @param mat2 - the second matrix
 */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2) throw new RuntimeError('self must be a matrix');
  if (b.ndim !== 2) throw new RuntimeError('mat2 must be a matrix');
  if (a._shape[1] !== b._shape[0]) {
    throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${a._shape[0]}x${a._shape[1]} and ${b._shape[0]}x${b._shape[1]})`);
  }
  checkFloatOrSame(a, b, 'mm');
  const r = bmmKernel(as3d(a), as3d(b));
  const out = r._view([a._shape[0], b._shape[1]], [b._shape[1], 1], 0);
  return record(out, 'MmBackward0', [a, b], (g, needs) => [needs[0] ? g.mm(b.t()) : null, needs[1] ? a.t().mm(g) : null], [rg(b) ? a : null, rg(a) ? b : null]);
}

/**
 * Performs a batch matrix-matrix product: `input` (b x n x m) times `mat2` (b x m x p) gives b x n
 * x p.
 *
 * @param input - the first batch of matrices
 * @param mat2 - the second batch of matrices
 */
export function bmm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 3) throw new RuntimeError(`batch1 must be a 3D tensor`);
  if (b.ndim !== 3) throw new RuntimeError(`batch2 must be a 3D tensor`);
  if (b._shape[0] !== a._shape[0] || b._shape[1] !== a._shape[2]) {
    throw new RuntimeError(`Expected size for first two dimensions of batch2 tensor to be: [${a._shape[0]}, ${a._shape[2]}] but got: [${b._shape[0]}, ${b._shape[1]}].`);
  }
  checkFloatOrSame(a, b, 'bmm');
  const out = bmmKernel(a, b);
  return record(out, 'BmmBackward0', [a, b], (g, needs) => [needs[0] ? g.bmm(b.transpose(1, 2)) : null, needs[1] ? a.transpose(1, 2).bmm(g) : null],
    [rg(b) ? a : null, rg(a) ? b : null]);
}

/**
 * Performs a matrix-vector product of the matrix `input` (n x m) and the vector `vec` (m), giving a
 * vector of size n.
 *
 * @param input - the matrix
 * @param vec - the vector
 */
export function mv(a: Tensor, v: Tensor): Tensor {
  if (a.ndim !== 2 || v.ndim !== 1 || a._shape[1] !== v._shape[0]) {
    throw new RuntimeError(`size mismatch, got ${a._shape[0]}, ${a._shape.join('x')},${v._shape[0]}`);
  }
  checkFloatOrSame(a, v, 'mv');
  const col = v._view([1, v._shape[0], 1], [0, v._strides[0], 1], v._offset);
  const r = bmmKernel(as3d(a), col);
  const out = r._view([a._shape[0]], [1], 0);
  return record(out, 'MvBackward0', [a, v], (g) => [P.mul(g.unsqueeze(1), v.unsqueeze(0)), a.t().mv(g)], [rg(v) ? a : null, rg(a) ? v : null]);
}

/**
 * Computes the dot product of two 1-D tensors of the same size.
 *
 * @param input - the first vector
 * @param other - the second vector
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) throw new RuntimeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`);
  if (a._shape[0] !== b._shape[0]) {
    throw new RuntimeError(`inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b._shape[0]} elements respectively`);
  }
  checkFloatOrSame(a, b, 'dot');
  const row = a._view([1, 1, a._shape[0]], [0, 0, a._strides[0]], a._offset);
  const col = b._view([1, b._shape[0], 1], [0, b._strides[0], 0], b._offset);
  const r = bmmKernel(row, col);
  const out = r._view([], [], 0);
  return record(out, 'DotBackward0', [a, b], (g) => [P.mul(b, g), P.mul(a, g)], [rg(b) ? a : null, rg(a) ? b : null]);
}

/**
 * Matrix product of two tensors: the dot product for two vectors, the matrix-vector or matrix-
 * matrix product for 1-D/2-D operands, and a batched product (broadcasting the batch dimensions)
 * beyond two dimensions.
 *
 * @param input - the first tensor
 * @param other - the second tensor
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.ndim, db = b.ndim;
  if (da === 0 || db === 0) throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) return mm(a.unsqueeze(0), b).squeeze(0);
  if (da === 2 && db === 2) return mm(a, b);
  // Batched: broadcast batch dims, fold them into one, and use bmm.
  const a2 = da === 1 ? a.unsqueeze(0) : a;
  const b2 = db === 1 ? b.unsqueeze(1) : b;
  const [M, K] = a2._shape.slice(-2), [K2, N] = b2._shape.slice(-2);
  if (K !== K2) {
    throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${a2._shape.slice(0, -1).reduce((x, y) => x * y, 1)}x${K} and ${K2}x${N})`);
  }
  const batch = broadcastShapes(a2._shape.slice(0, -2), b2._shape.slice(0, -2));
  const B = batch.reduce((x, y) => x * y, 1);
  const A3 = a2.expand([...batch, M, K]).reshape([B, M, K]);
  const B3 = b2.expand([...batch, K, N]).reshape([B, K, N]);
  let out = unsafeView(bmm(A3, B3), [...batch, M, N]);
  if (da === 1) out = out.squeeze(-2);
  if (db === 1) out = out.squeeze(-1);
  return out;
}

/** torch.inner contracts the last dims, as a reshape of one matrix product (PyTorch's tensordot). */
export function inner(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) return P.mul(a, b);
  const n = a._shape[a.ndim - 1];
  if (b._shape[b.ndim - 1] !== n) {
    throw new RuntimeError(`inner() the last dimension must match on both input tensors but got shapes [${a._shape.join(', ')}] and [${b._shape.join(', ')}]`);
  }
  return mm(a.reshape(-1, n), b.reshape(-1, n).t()).reshape([...a._shape.slice(0, -1), ...b._shape.slice(0, -1)]);
}

/** A reshape recorded as PyTorch's _unsafe_view (the result of a fresh, contiguous product). */
function unsafeView(t: Tensor, shape: number[]): Tensor {
  const c = t.contiguous();
  const out = c.detach().view(shape);
  return record(out, 'UnsafeViewBackward0', [t], (g) => [g.reshape(t._shape)]);
}

export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1) throw new RuntimeError(`outer: Expected 1-D argument self, but got ${a.ndim}-D`);
  if (b.ndim !== 1) throw new RuntimeError(`outer: Expected 1-D argument vec2, but got ${b.ndim}-D`);
  return P.mul(a.unsqueeze(1), b.unsqueeze(0));
}

/** bias + x @ wt as one node, as torch.addmm records it. */
export function addmm(bias: Tensor, x: Tensor, wt: Tensor): Tensor {
  const prod = withGradMode(false, () => mm(x, wt));
  const out = withGradMode(false, () => P.add(prod, bias));
  // The weight's gradient is formed as (g^T x)^T: laid out like the weight itself (wt is its
  // transpose), so accumulating it into .grad is a flat pass; a sparse x is skipped over either way.
  return record(out, 'AddmmBackward0', [bias, x, wt], (g, needs) => [g, needs[1] ? g.mm(wt.t()) : null, needs[2] ? g.t().mm(x).t() : null],
    [rg(wt) ? x : null, rg(x) ? wt : null]);
}

/** x @ weight^T + bias: one addmm for 2-d input (and for contiguous 3-d input, folded to 2-d). */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  if (x.ndim === 2 && bias) return addmm(bias, x, weight.t());
  if (bias && x.ndim === 3 && x.is_contiguous()) {
    const [a, b, c] = x._shape;
    return addmm(bias, x.view(a * b, c), weight.t()).view(a, b, weight._shape[0]);
  }
  const out = matmul(x, weight.t());
  return bias ? P.add(out, bias) : out;
}
