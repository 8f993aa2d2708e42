// What `tensor.numpy()` returns: a typed array with a shape that shares the tensor's memory. It
// prints like NumPy's repr (attached with the tensor's printing, in ops/methods.ts).
import { RuntimeError, ValueError } from '../errors';
import type { DType, TypedArray } from './dtype';
import type { Tensor } from './tensor';

export class NDArray {
  constructor(readonly data: TypedArray, readonly shape: number[], readonly dtype: DType) {}
  static fromTensor(t: Tensor): NDArray {
    if (t.device.type !== 'cpu') {
      throw new TypeError(`can't convert ${t.device.name} device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.`);
    }
    if (t._requires_grad) throw new RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    const c = t.contiguous();
    return new NDArray(c._data().subarray(c._offset, c._offset + c._numel) as TypedArray, t._shape.slice(), t.dtype);
  }
  get ndim(): number { return this.shape.length; }
  get size(): number { return this.data.length; }
  tolist(): unknown {
    let i = 0;
    const build = (d: number): unknown => (d === this.shape.length ? this.data[i++] : Array.from({ length: this.shape[d] }, () => build(d + 1)));
    return build(0);
  }
  item(): number {
    if (this.data.length !== 1) throw new ValueError('can only convert an array of size 1 to a Python scalar');
    return this.data[0];
  }
}
