// Tensor values as the bytes files hold: little-endian, int64 as 8-byte integers (torchlab keeps
// int64 values in a Float64Array, exact for |x| < 2^53).
import { DType, TypedArray, int64 } from '../tensor/dtype';
import { RuntimeError } from '../errors';

/** The bytes of `values` (a view when the layout already matches, a copy for int64). */
export function valuesToBytes(dtype: DType, values: TypedArray): Uint8Array {
  if (dtype === int64) {
    const out = new BigInt64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]);
    return new Uint8Array(out.buffer);
  }
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/**
 * `numel` values of `dtype` from `bytes`; `where` names the data in errors. With `owned` (bytes no
 * one else holds, as unzipping gives) an aligned little-endian record becomes the values without a
 * copy; otherwise they are copied.
 */
export function bytesToValues(dtype: DType, bytes: Uint8Array, numel: number, where: string, bigEndian = false, owned = false): TypedArray {
  const size = dtype.itemsize;
  if (owned && dtype !== int64 && !(bigEndian && size > 1) && bytes.byteOffset % size === 0) {
    return new (dtype.Array as unknown as new (b: ArrayBufferLike, o: number, n: number) => TypedArray)(bytes.buffer, bytes.byteOffset, numel);
  }
  // A fresh buffer (Buffer#slice would be a view), aligned for the typed array.
  const copy = new Uint8Array(numel * size);
  copy.set(bytes.subarray(0, numel * size));
  if (bigEndian && size > 1) for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  if (dtype !== int64) return new dtype.Array(copy.buffer);
  const src = new BigInt64Array(copy.buffer, 0, numel);
  const out = new Float64Array(numel);
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < numel; i++) {
    const v = src[i];
    if (v > limit || v < -limit) throw new RuntimeError(`int64 value ${v} in ${where} cannot be held exactly (torchlab keeps int64 values in float64: exact for |x| < 2^53)`);
    out[i] = Number(v);
  }
  return out;
}
