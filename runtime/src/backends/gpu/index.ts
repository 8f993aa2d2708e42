// The GPU backend behind the `cuda` device, on gpu.js. Float32 results stay in device textures
// between ops. Kernels exist for float32 elementwise ops (with broadcasting and strides), where,
// copy, fill, reductions, argmax/argmin, matmul, softmax, index_select/index_add/index_copy;
// whatever else (int64 and bool arithmetic, loops longer than MAX_LOOP, more than MAX_RANK
// unmergeable dims) runs the CPU kernel on host copies, so results are always those of the CPU.
import { BinaryOp, ReduceOp, UnaryOp } from '../backend';
import type { CudaBackend } from '../cuda';
import { cpuBackend } from '../cpu';
import { coalesce, contiguousLayout, reductionLayout } from '../cpu/strided';
import { DType, TypedArray, float32 } from '../../tensor/dtype';
import { Device, Storage } from '../../tensor/storage';
import { Tensor } from '../../tensor/tensor';
import { numel } from '../../tensor/shape';
import { RuntimeError } from '../../errors';
import { GpuContext, headlessGLContext } from './context';
import { MirroredStorage, DeviceMemory, trimAll } from '../device_storage';
import * as K from './kernels';

/** What a gpu.js pipeline texture offers here. */
export interface Tex {
  toArray(): Float32Array | number[];
  delete(): void;
  /** Another handle on the same GL texture (reference counted). */
  clone(): Tex;
}

/** Float32 values live in textures; other dtypes keep their values on the host (uploaded as float32 to be read). */
type GpuStorage = MirroredStorage<Tex>;
const GpuStorage = MirroredStorage;

const UNARY: Partial<Record<UnaryOp, string>> = {
  neg: '-a', abs: 'Math.abs(a)', exp: 'Math.exp(a)', log: 'tlLog(a, nan, inf)', log1p: 'tlLog1p(a, nan)', expm1: 'tlExpm1(a)',
  sqrt: 'tlSqrt(a, nan)', rsqrt: '1.0 / tlSqrt(a, nan)', sin: 'Math.sin(a)', cos: 'Math.cos(a)', tan: 'Math.tan(a)',
  tanh: 'tlTanh(a)', sigmoid: '1.0 / (1.0 + Math.exp(-a))', relu: '(a <= 0.0 ? 0.0 : a)', round: 'tlRne(a)',
  floor: 'Math.floor(a)', ceil: 'Math.ceil(a)', trunc: 'tlTrunc(a)', sign: '(a > 0.0 ? 1.0 : (a < 0.0 ? -1.0 : a))',
  reciprocal: '1.0 / a', square: 'a * a', logical_not: '(a != 0.0 ? 0.0 : 1.0)',
  clamp: '(a < p0 ? p0 : (a > p1 ? p1 : a))', leaky_relu: '(a > 0.0 ? a : a * p0)', isnan: '(a != a ? 1.0 : 0.0)',
  erf: 'tlErf(a)', gelu: '0.5 * a * (1.0 + tlErf(a * 0.7071067811865476))',
};

const BINARY: Partial<Record<BinaryOp, string>> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'a / b', pow: 'tlPow(a, b, nan, inf)',
  remainder: '(b == 0.0 ? nan : a - b * Math.floor(a / b))', fmod: '(b == 0.0 ? nan : a - b * tlTrunc(a / b))',
  floor_divide: 'Math.floor(a / b)',
  maximum: '((a != a || b != b) ? nan : Math.max(a, b))', minimum: '((a != a || b != b) ? nan : Math.min(a, b))',
  eq: '(a == b ? 1.0 : 0.0)', ne: '(a != b ? 1.0 : 0.0)', lt: '(a < b ? 1.0 : 0.0)', le: '(a <= b ? 1.0 : 0.0)',
  gt: '(a > b ? 1.0 : 0.0)', ge: '(a >= b ? 1.0 : 0.0)',
  logical_and: '((a != 0.0 && b != 0.0) ? 1.0 : 0.0)', logical_or: '((a != 0.0 || b != 0.0) ? 1.0 : 0.0)',
  logical_xor: '(((a != 0.0) != (b != 0.0)) ? 1.0 : 0.0)', atan2: 'Math.atan2(a, b)', relu_grad: '(b > 0.0 ? a : 0.0)',
  tanh_grad: 'a * (1.0 - b * b)', sigmoid_grad: 'a * (1.0 - b) * b',
};

/** Float32 and small enough for the kernels' float32 index arithmetic. */
const isF32 = (t: Tensor): boolean => t.dtype === float32 && t._storage.length <= K.MAX_ELEMENTS;
/** Outputs a kernel may produce: float32 stays on the device, bool (0/1) is copied to the host. */
const gpuOut = (t: Tensor): boolean => (t.dtype === float32 || t.dtype.kind === 'bool') && t._storage.length <= K.MAX_ELEMENTS;
/** An integer or bool operand a kernel may read (as float32). */
const small = (t: Tensor): boolean => t._storage.length <= K.MAX_ELEMENTS;

class GpuBackend implements CudaBackend {
  readonly name: string;
  readonly deviceName: string;
  private readonly kernels: K.KernelCache;
  /** Textures uploaded for one kernel call (host operands), released after it. */
  private temps: Tex[] = [];
  constructor(readonly ctx: GpuContext) {
    this.name = 'gpu (headlessgl)';
    this.deviceName = ctx.deviceName;
    this.kernels = new K.KernelCache(ctx.gpu);
  }

  private readonly k = {
    run: (key: string, source: () => string, n: number, args: (Tex | number | Float32Array)[], loops = false): Tex => {
      try { return this.kernels.run(key, source, n, args, loops); } finally {
        for (const t of this.temps) t.delete();
        this.temps = [];
      }
    },
  };

  /** Kernels run in order and every read waits for its results, so there is nothing left to wait for. */
  synchronize(): void {}
  emptyCache(): void { trimAll(); }

  // ---- storage ------------------------------------------------------------------------------------
  private readonly mem: DeviceMemory<Tex> = {
    download: (t, n) => this.download(t, n),
    release: (t) => t.delete(),
    exact: (dtype) => dtype === float32,
  };

  alloc(dtype: DType, n: number, device: Device): Storage {
    if ((device.index ?? 0) !== 0) throw new RuntimeError('CUDA error: invalid device ordinal');
    return new MirroredStorage<Tex>(dtype, n, device, this.mem);
  }

  download(t: Tex, n: number): Float32Array {
    const a = t.toArray() as Float32Array;
    return a.length === n ? a : Float32Array.from(a.subarray(0, n));
  }

  upload(values: ArrayLike<number>): Tex {
    const f = values instanceof Float32Array ? values : Float32Array.from(values);
    return this.kernels.run('upload', K.uploadSource, f.length, [f]);
  }

  /** The float32 texture of a tensor's storage (uploaded from the host when the device copy is stale). */
  texOf(t: Tensor): Tex {
    const s = t._storage;
    if (s instanceof GpuStorage) {
      const have = s.handle;
      if (have) return have;
      const tex = s.untouched ? this.kernels.run('fill', K.fillSource, s.length, [0]) : this.upload(s.hostRead());
      s.setUploaded(tex);
      return tex;
    }
    // a CPU tensor (e.g. an index list) read by a kernel: upload for this call
    const tex = this.upload(s.data);
    this.temps.push(tex);
    return tex;
  }

  /** Put a kernel's flat result (out's elements in row-major order) into out. */
  writeOut(out: Tensor, res: Tex): void {
    const s = out._storage as GpuStorage;
    if (out.dtype !== float32) {
      const v = this.download(res, out._numel);
      res.delete();
      this.hostWrite(out, v);
      return;
    }
    if (out._contiguous && out._offset === 0 && out._numel === s.length) { s.setHandle(res); return; }
    // a view: merge into the storage, keeping the elements outside it
    const dims: { m: number; t: number; f: number }[] = [];
    let f = 1;
    for (let d = out._shape.length - 1; d >= 0; d--) {
      if (out._shape[d] !== 1) dims.push({ m: out._shape[d], t: out._strides[d], f });
      f *= out._shape[d];
    }
    dims.sort((x, y) => y.t - x.t);
    const ok = dims.length <= K.MAX_RANK && dims.every((d, i) => d.t > 0 && (i === 0 || d.t < dims[i - 1].t));
    if (!ok) {
      const v = this.download(res, out._numel);
      res.delete();
      this.hostWrite(out, v);
      return;
    }
    const args: (Tex | number)[] = [this.texOf(out), res, out._offset];
    for (const d of dims) args.push(d.m, d.t, d.f);
    const merged = this.k.run(`scatter:${dims.length}`, () => K.scatterSource(dims.length), s.length, args);
    res.delete();
    s.setHandle(merged);
  }

  /** Write row-major host values into out (any dtype, any strides) with the CPU's conversion rules. */
  hostWrite(out: Tensor, v: Float32Array): void {
    const src = Tensor.fromArray(v, out._shape.slice(), float32);
    this.onHost([src], [out], () => cpuBackend.copy(src, out));
  }

  /** Run a CPU kernel on host copies: inputs are read (their device copies stay valid), outputs written. */
  onHost(ins: Tensor[], outs: Tensor[], f: () => void): void {
    const outStorages = new Set(outs.map((t) => t._storage));
    const keep: GpuStorage[] = [];
    for (const t of ins) {
      const s = t._storage;
      if (s instanceof GpuStorage && !outStorages.has(s) && s.devValid) { s.hostRead(); keep.push(s); }
    }
    f();
    for (const s of keep) s.devValid = true;
  }

  read(x: Tensor): TypedArray {
    const s = x._storage;
    if (s instanceof GpuStorage && s.handle && !s.hostValid && isF32(x) && x._numel * 4 < s.length) {
      // a small view of a large device storage: gather it on the device and read back only it
      const tmp = new Tensor(this.alloc(float32, x._numel, x.device), x._shape.slice());
      if (this.elementwise('copy', 'a', [x], tmp)) return (tmp._storage as GpuStorage).hostRead();
    }
    const host = s instanceof GpuStorage ? s.hostRead() : s.data;
    const view = new Tensor(new Storage(host, x.dtype), x._shape.slice(), x._strides.slice(), x._offset);
    return cpuBackend.read(view);
  }

  // ---- elementwise --------------------------------------------------------------------------------
  /** Run an elementwise expression over equal-shape operands into out; false when it must run on the host. */
  private elementwise(key: string, expr: string, ins: Tensor[], out: Tensor, p0 = 0, p1 = 0): boolean {
    const n = out._numel;
    if (n === 0) return true;
    const c = coalesce(out._shape, ins.map((t) => t._strides));
    let R = c.shape.length;
    let shape = c.shape, strides = c.strides;
    if (R === 0) { R = 1; shape = [1]; strides = ins.map(() => [0]); }
    if (R > K.MAX_RANK) return false;
    // one-element operands whose value is on the host (Python scalars) go in as uniforms
    const scalar = ins.map((t) => t._storage instanceof GpuStorage && t._storage.length === 1 && t._storage.hostValid);
    const args: (Tex | number)[] = [];
    ins.forEach((t, k) => {
      if (scalar[k]) args.push(Number((t._storage as GpuStorage).hostRead()[0]));
      else args.push(this.texOf(t), t._offset, ...strides[k]);
    });
    args.push(...shape.slice(1), p0, p1, NaN, Infinity);
    const mask = scalar.map((v) => (v ? 's' : 't')).join('');
    const res = this.k.run(`ew:${key}:${mask}:${R}`, () => K.elementwiseSource(ins.length, R, expr, scalar), n, args);
    this.writeOut(out, res);
    return true;
  }

  unary(op: UnaryOp, x: Tensor, out: Tensor, p0 = 0, p1 = 0): void {
    const expr = UNARY[op];
    if (expr && isF32(x) && gpuOut(out) && this.elementwise(`u:${op}`, expr, [x], out, p0, p1)) return;
    this.onHost([x], [out], () => cpuBackend.unary(op, x, out, p0, p1));
  }

  binary(op: BinaryOp, a: Tensor, b: Tensor, out: Tensor): void {
    const expr = BINARY[op];
    if (expr && isF32(a) && isF32(b) && gpuOut(out) && this.elementwise(`b:${op}`, expr, [a, b], out)) return;
    this.onHost([a, b], [out], () => cpuBackend.binary(op, a, b, out));
  }

  where(cond: Tensor, a: Tensor, b: Tensor, out: Tensor): void {
    if (isF32(a) && isF32(b) && isF32(out) && cond.dtype.kind === 'bool' && small(cond) && this.elementwise('where', '(a != 0.0 ? b : c)', [cond, a, b], out)) return;
    this.onHost([cond, a, b], [out], () => cpuBackend.where(cond, a, b, out));
  }

  copy(src: Tensor, dst: Tensor): void {
    if (src._numel === 0) return;
    // a whole float32 storage into another: share the texture (kernels never write in place)
    const full = (t: Tensor) => t._contiguous && t._offset === 0 && t._numel === t._storage.length;
    if (isF32(src) && isF32(dst) && full(src) && full(dst) && src._storage instanceof GpuStorage && src._storage.handle && src._storage !== dst._storage) {
      (dst._storage as GpuStorage).setHandle(src._storage.handle.clone());
      return;
    }
    // float32 (or an exactly representable bool) into float32: on the device
    if (isF32(dst) && (isF32(src) || (src.dtype.kind === 'bool' && small(src))) && this.elementwise('copy', 'a', [src], dst)) return;
    // a host tensor into a device one: one upload when the target is a whole float32 storage
    const s = dst._storage as GpuStorage;
    if (isF32(dst) && !(src._storage instanceof GpuStorage) && src._contiguous && dst._contiguous && dst._offset === 0 && dst._numel === s.length) {
      const v = src._data().subarray(src._offset, src._offset + src._numel);
      s.setHandle(this.upload(v));
      return;
    }
    this.onHost([src], [dst], () => cpuBackend.copy(src, dst));
  }

  fill(out: Tensor, value: number): void {
    if (out._numel === 0) return;
    if (isF32(out) && out._storage.length > 1) {
      const s = out._storage as GpuStorage;
      if (out._contiguous && out._offset === 0 && out._numel === s.length) { s.setHandle(this.k.run('fill', K.fillSource, s.length, [value])); return; }
      if (this.elementwise('fill', 'p0', [], out, value)) return;
    }
    this.onHost([], [out], () => cpuBackend.fill(out, value));
  }

  // ---- reductions ---------------------------------------------------------------------------------
  reduce(op: ReduceOp, x: Tensor, dims: number[], out: Tensor): void {
    if (op === 'all' || op === 'any' || !isF32(x) || !isF32(out) || x._numel === 0 || !this.reduceGpu(op, x, dims, out)) {
      this.onHost([x], [out], () => cpuBackend.reduce(op, x, dims, out));
    }
  }

  private reduceGpu(op: ReduceOp, x: Tensor, dims: number[], out: Tensor): boolean {
    let layout = reductionLayout(x._shape, x._strides, dims), src = x;
    if ('perm' in layout) {
      // reduced dims that do not merge: lay them out last and contiguous first
      const { perm } = layout, pshape = perm.map((d) => x._shape[d]);
      src = new Tensor(this.alloc(float32, x._numel, x.device), pshape);
      this.copy(x._view(pshape, perm.map((d) => x._strides[d]), x._offset), src);
      layout = contiguousLayout(x._numel, dims.reduce((p, d) => p * x._shape[d], 1));
    }
    const { L, rs, kShape, kStrides } = layout;
    if (kShape.length > K.MAX_RANK) return false;
    const nOut = numel(kShape);
    const C = L <= 4096 ? L : Math.ceil(Math.sqrt(L));
    if (C > K.MAX_LOOP) return false;
    const nC = Math.ceil(L / C);
    const R = kShape.length;
    const args: (Tex | number)[] = [this.texOf(src), src._offset, ...kStrides, ...kShape.slice(1), L, rs, C, nC, NaN, Infinity];
    let res = this.k.run(`red:${op}:${R}`, () => K.reduceSource(op, R), nOut * nC, args, true);
    if (nC > 1) {
      // combine the chunks: partial sums add, products multiply, max/min again
      const op2 = op === 'sumsq' ? 'sum' : op;
      const args2: (Tex | number)[] = [res, 0, nC, nC, 1, nC, 1, NaN, Infinity];
      const res2 = this.k.run(`red:${op2}:1`, () => K.reduceSource(op2, 1), nOut, args2, true);
      res.delete();
      res = res2;
    }
    this.writeOut(out, res);
    return true;
  }

  argreduce(op: 'argmax' | 'argmin', x: Tensor, dim: number, out: Tensor): void {
    const L = x._shape[dim];
    if (isF32(x) && x._numel > 0 && L <= K.MAX_LOOP) {
      const keepShape = x._shape.filter((_, d) => d !== dim), keepStrides = x._strides.filter((_, d) => d !== dim);
      const k = coalesce(keepShape, [keepStrides]);
      let kShape = k.shape, kStrides = k.strides[0];
      if (kShape.length === 0) { kShape = [1]; kStrides = [0]; }
      if (kShape.length <= K.MAX_RANK) {
        const R = kShape.length;
        const res = this.k.run(`arg:${op}:${R}`, () => K.argreduceSource(op, R), out._numel,
          [this.texOf(x), x._offset, ...kStrides, ...kShape.slice(1), L, x._strides[dim]], true);
        this.writeOut(out, res);
        return;
      }
    }
    this.onHost([x], [out], () => cpuBackend.argreduce(op, x, dim, out));
  }

  // ---- products, softmax, gathers -----------------------------------------------------------------
  matmul(a: Tensor, b: Tensor, out: Tensor): void {
    const [B, M, Kd] = a._shape, N = b._shape[2];
    if (isF32(a) && isF32(b) && isF32(out) && Kd <= K.MAX_LOOP) {
      const res = this.k.run('matmul', K.matmulSource, B * M * N,
        [this.texOf(a), a._offset, ...a._strides, this.texOf(b), b._offset, ...b._strides, M, N, Kd], true);
      this.writeOut(out, res);
      return;
    }
    this.onHost([a, b], [out], () => cpuBackend.matmul(a, b, out));
  }

  softmax(x: Tensor, out: Tensor, log: boolean): void {
    const n = x._shape[x._shape.length - 1] ?? 1;
    const rows = n ? x._numel / n : 0;
    if (isF32(x) && isF32(out) && rows > 0 && n <= K.MAX_LOOP) {
      const xt = this.texOf(x);
      const lse = this.k.run('rowlse', K.rowLseSource, rows, [xt, x._offset, n, NaN, Infinity], true);
      const res = this.k.run(`softmax:${log}`, () => K.softmaxSource(log), x._numel, [xt, x._offset, lse, n, NaN, Infinity]);
      lse.delete();
      this.writeOut(out, res);
      return;
    }
    this.onHost([x], [out], () => cpuBackend.softmax(x, out, log));
  }

  index_select(x: Tensor, dim: number, index: Tensor, out: Tensor): void {
    const D = x._shape[dim], I = index._numel;
    if (isF32(x) && isF32(out) && small(index) && out._numel > 0 && x._contiguous && index._contiguous) {
      let inner = 1;
      for (let d = dim + 1; d < x._shape.length; d++) inner *= x._shape[d];
      const res = this.k.run('index_select', K.indexSelectSource, out._numel,
        [this.texOf(x), x._offset, this.texOf(index), index._offset, D, I, inner]);
      this.writeOut(out, res);
      return;
    }
    this.onHost([x, index], [out], () => cpuBackend.index_select(x, dim, index, out));
  }

  private scatterIndex(accumulate: boolean, out: Tensor, dim: number, index: Tensor, src: Tensor): boolean {
    const D = out._shape[dim], I = index._numel;
    if (!(isF32(out) && isF32(src) && small(index) && out._numel > 0 && I > 0 && I <= K.MAX_LOOP && out._contiguous && src._contiguous && index._contiguous)) return false;
    let inner = 1;
    for (let d = dim + 1; d < out._shape.length; d++) inner *= out._shape[d];
    const res = this.k.run(`scatter_index:${accumulate}`, () => K.scatterIndexSource(accumulate), out._numel,
      [this.texOf(out), out._offset, this.texOf(src), src._offset, this.texOf(index), index._offset, D, I, inner], true);
    this.writeOut(out, res);
    return true;
  }

  index_add(out: Tensor, dim: number, index: Tensor, src: Tensor): void {
    if (!this.scatterIndex(true, out, dim, index, src)) this.onHost([index, src], [out], () => cpuBackend.index_add(out, dim, index, src));
  }

  index_copy(out: Tensor, dim: number, index: Tensor, src: Tensor): void {
    if (!this.scatterIndex(false, out, dim, index, src)) this.onHost([index, src], [out], () => cpuBackend.index_copy(out, dim, index, src));
  }
}

/** The headlessgl backend, or the reason it cannot run. */
export function createHeadlessGL(): CudaBackend { return new GpuBackend(headlessGLContext()); }
