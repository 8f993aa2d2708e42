// gpu.js kernel sources, generated per (operation, rank) and compiled once each. Every kernel
// writes a flat float32 output of n elements; inputs are flat float32 textures read through
// (offset, strides), so strided and broadcast views need no copies. Index arithmetic is in float32,
// which keeps it exact for storages up to MAX_ELEMENTS.
import type { GPU } from 'gpu.js';
import type { Tex } from './index';

/** GLSL: channel c (0..3, as a float) of the vec4 t (natives are inlined one level only). */
const channel = (t: string, c: string): string => `(${c} < 0.5 ? ${t}.r : (${c} < 1.5 ? ${t}.g : (${c} < 2.5 ? ${t}.b : ${t}.a)))`;

/** Longest loop a kernel runs (matmul's K, a reduced dim, an index list); longer ones go to the host. */
export const MAX_LOOP = 1 << 16;
const MAX_LOOP_LITERAL = String(MAX_LOOP);
/** Largest storage a kernel reads or writes; larger ones go to the host. */
export const MAX_ELEMENTS = 1 << 22;
/** Most dims a strided operand may keep after merging; more go to the host. */
export const MAX_RANK = 6;

type Arg = Tex | number | Float32Array;
interface Compiled {
  (...args: Arg[]): Tex; setOutput(o: number[]): void; destroy?(): void;
  kernel?: { texture?: { newTexture(): void } | null; _textureSwitched?: boolean };
}

// Helpers in GLSL ES 1.00. NaN and infinity come in as uniforms (GLSL 1.00 has no literals for them).
const NATIVE: { name: string; source: string }[] = [
  { name: 'tlTrunc', source: 'float tlTrunc(float x) { return x < 0.0 ? ceil(x) : floor(x); }' },
  // round half to even, as std::nearbyint
  { name: 'tlRne', source: `float tlRne(float x) {
  float f = floor(x); float d = x - f;
  if (d > 0.5) return f + 1.0;
  if (d < 0.5) return f;
  return mod(f, 2.0) == 0.0 ? f : f + 1.0;
}` },
  { name: 'tlPow', source: `float tlPow(float a, float b, float nan, float inf) {
  if (b == 0.0) return 1.0;
  if (a != a || b != b) return nan;
  if (b == 1.0) return a;
  if (b == 2.0) return a * a;
  if (a == 0.0) return b > 0.0 ? 0.0 : inf;
  if (a < 0.0) {
    if (floor(b) != b) return nan;
    float m = pow(-a, b);
    return mod(b, 2.0) == 0.0 ? m : -m;
  }
  return pow(a, b);
}` },
  { name: 'tlLog1p', source: `float tlLog1p(float x, float nan) {
  if (x < -1.0) return nan;
  float u = 1.0 + x;
  if (u == 1.0) return x;
  return log(u) * x / (u - 1.0);
}` },
  { name: 'tlExpm1', source: `float tlExpm1(float x) {
  if (abs(x) < 1e-5) return x + 0.5 * x * x;
  float u = exp(x);
  if (u == 1.0) return x;
  float um = u - 1.0;
  if (um == -1.0) return -1.0;
  return um * x / log(u);
}` },
  { name: 'tlTanh', source: `float tlTanh(float x) {
  float z = abs(x);
  float r;
  if (z < 0.01) { float z2 = z * z; r = z * (1.0 - z2 / 3.0 + 2.0 * z2 * z2 / 15.0); }
  else if (z > 20.0) r = 1.0;
  else { float t = exp(-2.0 * z); r = (1.0 - t) / (1.0 + t); }
  return x < 0.0 ? -r : r;
}` },
  // erf: Maclaurin series below 1.5, erfc's continued fraction above
  { name: 'tlErf', source: `float tlErf(float x) {
  float z = abs(x);
  float r;
  if (z < 1.5) {
    float term = z; float sum = z;
    for (int n = 1; n < 40; n++) { term *= -z * z / float(n); sum += term / float(2 * n + 1); }
    r = sum * 1.1283791670955126;
  } else if (z > 10.0) {
    r = 1.0;
  } else {
    float f = z;
    for (int k = 60; k >= 1; k--) f = z + (float(k) / 2.0) / f;
    r = 1.0 - exp(-z * z) / (1.7724538509055159 * f);
  }
  return x < 0.0 ? -r : r;
}` },
  // Textures are gpu.js's memory-optimized float textures: element i sits in channel i % 4 of texel
  // i / 4 (texels row-major, texSize wide). The natives below read them with float arithmetic
  // (integer division is slow in software renderers).
  // sum_k x0[pa + k*sa] * x1[pb + k*sb], reading the kernel's x0/x1 samplers (gpu.js names them
  // user_x0, user_x1) and walking both texel positions incrementally
  { name: 'tlDot', source: `float tlDot(float pa, float sa, float pb, float sb, float K) {
  vec2 ia = 1.0 / vec2(user_x0Size); vec2 ib = 1.0 / vec2(user_x1Size);
  float wa = float(user_x0Size.x); float wb = float(user_x1Size.x);
  float ta = floor((pa + 0.5) * 0.25); float ca = pa - 4.0 * ta;
  float ya = floor((ta + 0.5) / wa); float xa = ta - ya * wa;
  float tb = floor((pb + 0.5) * 0.25); float cb = pb - 4.0 * tb;
  float yb = floor((tb + 0.5) / wb); float xb = tb - yb * wb;
  float sta = floor((sa + 0.5) * 0.25); float dca = sa - 4.0 * sta;
  float qa = floor((sta + 0.5) / wa); float ra = sta - qa * wa;
  float stb = floor((sb + 0.5) * 0.25); float dcb = sb - 4.0 * stb;
  float qb = floor((stb + 0.5) / wb); float rb = stb - qb * wb;
  float acc = 0.0;
  // a texel is fetched again only when the walk leaves it (a row of a contiguous operand uses each
  // texel four times)
  vec4 va = texture2D(user_x0, (vec2(xa, ya) + 0.5) * ia);
  vec4 vb = texture2D(user_x1, (vec2(xb, yb) + 0.5) * ib);
  for (int k = 0; k < ${MAX_LOOP_LITERAL}; k++) {
    if (float(k) >= K) break;
    acc += ${channel('va', 'ca')} * ${channel('vb', 'cb')};
    bool ma = sta > 0.0;
    ca += dca; if (ca >= 4.0) { ca -= 4.0; xa += 1.0; ma = true; }
    xa += ra; ya += qa; if (xa >= wa) { xa -= wa; ya += 1.0; }
    if (ma) { va = texture2D(user_x0, (vec2(xa, ya) + 0.5) * ia); }
    bool mb = stb > 0.0;
    cb += dcb; if (cb >= 4.0) { cb -= 4.0; xb += 1.0; mb = true; }
    xb += rb; yb += qb; if (xb >= wb) { xb -= wb; yb += 1.0; }
    if (mb) { vb = texture2D(user_x1, (vec2(xb, yb) + 0.5) * ib); }
  }
  return acc;
}` },
  // x{k}[i] for the kernel's operand samplers
  ...[0, 1, 2].map((k) => ({ name: `tlGet${k}`, source: `float tlGet${k}(float i) {
  float t = floor((i + 0.5) * 0.25);
  float w = float(user_x${k}Size.x);
  float y = floor((t + 0.5) / w);
  float c = i - 4.0 * t;
  vec4 v = texture2D(user_x${k}, (vec2(t - y * w, y) + 0.5) / vec2(user_x${k}Size));
  return ${channel('v', 'c')};
}` })),
  { name: 'tlSqrt', source: 'float tlSqrt(float x, float nan) { return x < 0.0 ? nan : sqrt(x); }' },
  { name: 'tlLog', source: 'float tlLog(float x, float nan, float inf) { return x < 0.0 ? nan : (x == 0.0 ? -inf : log(x)); }' },
];

export class KernelCache {
  private cache = new Map<string, { k: Compiled; n: number }>();
  constructor(private readonly gpu: GPU) {
    for (const f of NATIVE) (gpu as unknown as { addNativeFunction(n: string, s: string, o?: object): void }).addNativeFunction(f.name, f.source, { returnType: 'Number' });
  }

  run(key: string, source: () => string, n: number, args: Arg[], loops = false): Tex {
    let e = this.cache.get(key);
    if (!e) {
      const k = (this.gpu as unknown as { createKernel(s: string, o: object): Compiled }).createKernel(source(), {
        output: [n], pipeline: true, immutable: true, precision: 'single', tactic: 'precision', optimizeFloatMemory: true,
        dynamicOutput: true, dynamicArguments: true, loopMaxIterations: loops ? MAX_LOOP : 1000,
      });
      e = { k, n };
      this.cache.set(key, e);
    } else if (e.n !== n) {
      e.k.setOutput([n]);
      e.n = n;
    }
    const out = e.k(...args);
    // Give the kernel a fresh output texture, so the result is ours alone: gpu.js's immutable
    // kernels otherwise swap in a recycled texture of another size when a result comes back as
    // an argument of the kernel that made it.
    const kernel = e.k.kernel;
    if (kernel?.texture) { kernel.texture.newTexture(); kernel._textureSwitched = true; }
    return out;
  }

  destroy(): void {
    for (const { k } of this.cache.values()) k.destroy?.();
    this.cache.clear();
  }
}

// ---- source generators ------------------------------------------------------------------------

/** Statements that split the thread's flat index over dims n0..n{R-1} into i0..i{R-1}. */
function decompose(R: number, dimName = 'n', idx = 'i', from = 'this.thread.x'): string {
  const lines = [`var r_ = ${from};`];
  for (let d = R - 1; d >= 1; d--) {
    lines.push(`var q${d}_ = Math.floor((r_ + 0.5) / ${dimName}${d});`);
    lines.push(`var ${idx}${d} = r_ - q${d}_ * ${dimName}${d};`);
    lines.push(`r_ = q${d}_;`);
  }
  lines.push(`var ${idx}0 = r_;`);
  return lines.join('\n');
}

/** `o + i0 * s_0 + ...` for operand k. */
const address = (k: number, R: number, idx = 'i'): string =>
  [`o${k}`, ...Array.from({ length: R }, (_, d) => `${idx}${d} * s${k}_${d}`)].join(' + ');

/** Parameter names of operand k: its texture, offset and R strides. */
const operandParams = (k: number, R: number): string[] => [`x${k}`, `o${k}`, ...Array.from({ length: R }, (_, d) => `s${k}_${d}`)];
const dimParams = (R: number, name = 'n'): string[] => Array.from({ length: R - 1 }, (_, d) => `${name}${d + 1}`);

/** A branch never taken (inf is the uniform +Infinity) that names the operand arrays, so gpu.js
 *  declares their samplers for the native tlGet/tlDot readers. */
const declare = (nIn: number): string =>
  nIn ? `if (inf < 0.0) { return ${Array.from({ length: nIn }, (_, k) => `x${k}[0]`).join(' + ')}; }\n` : '';

/**
 * Elementwise: `expr` over operands named a, b, c (read through strides, or passed as the value v{k}
 * where `scalar[k]`), scalars p0, p1, nan, inf.
 */
export function elementwiseSource(nIn: number, R: number, expr: string, scalar: boolean[]): string {
  const names = ['a', 'b', 'c'];
  const ops = Array.from({ length: nIn }, (_, k) => k);
  const params = [...ops.map((k) => (scalar[k] ? [`v${k}`] : operandParams(k, R))).flat(), ...dimParams(R), 'p0', 'p1', 'nan', 'inf'];
  const loads = ops.map((k) => `var ${names[k]} = ${scalar[k] ? `v${k}` : `tlGet${k}(${address(k, R)})`};`).join('\n');
  const arrays = ops.filter((k) => !scalar[k]);
  const declared = arrays.length ? `if (inf < 0.0) { return ${arrays.map((k) => `x${k}[0]`).join(' + ')}; }\n` : '';
  return `function(${params.join(', ')}) {\n${declared}${decompose(R)}\n${loads}\nreturn ${expr};\n}`;
}

/**
 * Merge a strided write back into the whole storage: element s of the storage takes res[flat] when
 * s belongs to the view (dims sorted by decreasing stride: sizes m, strides t, flat strides f),
 * else keeps old[s].
 */
export function scatterSource(R: number): string {
  const params = ['old', 'res', 'off', ...Array.from({ length: R }, (_, d) => [`m${d}`, `t${d}`, `f${d}`]).flat()];
  const lines = ['var rem = this.thread.x - off;', 'var inside = rem >= 0.0 ? 1.0 : 0.0;', 'var flat = 0.0;'];
  for (let d = 0; d < R; d++) {
    lines.push(`var j${d} = Math.floor((rem + 0.5) / t${d});`);
    lines.push(`if (j${d} < 0.0 || j${d} >= m${d}) { inside = 0.0; }`);
    lines.push(`rem = rem - j${d} * t${d};`);
    lines.push(`flat = flat + j${d} * f${d};`);
  }
  lines.push('if (rem != 0.0) { inside = 0.0; }');
  lines.push('if (inside > 0.5) { return res[flat]; }');
  lines.push('return old[this.thread.x];');
  return `function(${params.join(', ')}) {\n${lines.join('\n')}\n}`;
}

const REDUCE_STEP: Record<string, string> = {
  sum: 'acc = acc + v;',
  sumsq: 'acc = acc + v * v;',
  prod: 'acc = acc * v;',
  max: 'if (v > acc || v != v) { acc = v; }',
  min: 'if (v < acc || v != v) { acc = v; }',
};
const REDUCE_INIT: Record<string, string> = { sum: '0.0', sumsq: '0.0', prod: '1.0', max: '-inf', min: 'inf' };

/**
 * Reduce one (strided) dim of length L: thread = (kept element k, chunk c); it reduces elements
 * c*C .. min(L, c*C+C)-1. Kept dims n0..n{R-1} with strides s0_d, reduced stride rs.
 */
export function reduceSource(op: string, R: number): string {
  const params = ['x0', 'o0', ...Array.from({ length: R }, (_, d) => `s0_${d}`), ...dimParams(R), 'L', 'rs', 'C', 'nC', 'nan', 'inf'];
  return `function(${params.join(', ')}) {
${declare(1)}var t_ = this.thread.x;
var k_ = Math.floor((t_ + 0.5) / nC);
var c_ = t_ - k_ * nC;
${decompose(R, 'n', 'i', 'k_')}
var base = ${address(0, R)};
var acc = ${REDUCE_INIT[op]};
var start = c_ * C;
for (var j = 0; j < C; j++) {
  var e = start + j;
  if (e >= L) { break; }
  var v = tlGet0(base + e * rs);
  ${REDUCE_STEP[op]}
}
return acc;
}`;
}

/** Index of the first max/min along a strided dim of length L (NaN wins, as on the CPU). */
export function argreduceSource(op: 'argmax' | 'argmin', R: number): string {
  const params = ['x0', 'o0', ...Array.from({ length: R }, (_, d) => `s0_${d}`), ...dimParams(R), 'L', 'rs'];
  const cmp = op === 'argmax' ? 'v > best' : 'v < best';
  return `function(${params.join(', ')}) {
${decompose(R)}
var base = ${address(0, R)};
var best = x0[base];
var bi = 0.0;
for (var j = 1; j < L; j++) {
  if (best != best) { break; }
  var v = x0[base + j * rs];
  if (v != v || ${cmp}) { best = v; bi = j; }
}
return bi;
}`;
}

/**
 * Batched matmul: out[b, m, n] = sum_k a[b, m, k] * b[b, k, n], operands strided. The dot product
 * is the native tlDot, which walks both textures' texel coordinates incrementally instead of
 * converting a flat index per read (integer division is slow in software renderers: ~4x faster).
 */
export function matmulSource(): string {
  return `function(x0, o0, s0_0, s0_1, s0_2, x1, o1, s1_0, s1_1, s1_2, M, N, K) {
var t_ = this.thread.x;
var r_ = Math.floor((t_ + 0.5) / N);
var n = t_ - r_ * N;
var b = Math.floor((r_ + 0.5) / M);
var m = r_ - b * M;
var pa = o0 + b * s0_0 + m * s0_1;
var pb = o1 + b * s1_0 + n * s1_2;
if (K < 0.0) { return x0[0] + x1[0]; }
return tlDot(pa, s0_2, pb, s1_1, K);
}`;
}

/** Per row of a contiguous [rows, n] input: its log-sum-exp (NaN when the row holds NaN). */
export function rowLseSource(): string {
  return `function(x0, o0, n, nan, inf) {
var base = o0 + this.thread.x * n;
var m = -inf;
for (var j = 0; j < n; j++) {
  var v = x0[base + j];
  if (v > m || v != v) { m = v; }
}
if (m != m) { return nan; }
if (m == -inf || m == inf) { return m; }
var s = 0.0;
for (var j2 = 0; j2 < n; j2++) {
  s = s + Math.exp(x0[base + j2] - m);
}
return m + Math.log(s);
}`;
}

/** Softmax / log-softmax from the row log-sum-exp. */
export function softmaxSource(log: boolean): string {
  return `function(x0, o0, lse, n, nan, inf) {
var r = Math.floor((this.thread.x + 0.5) / n);
var v = x0[o0 + this.thread.x];
var l = lse[r];
if (l == inf || l == -inf) { return nan; }
${log ? 'return v - l;' : 'return Math.exp(v - l);'}
}`;
}

/** out[o, i, q] = x[o, index[i], q] for a contiguous x of shape [outer, D, inner]. */
export function indexSelectSource(): string {
  return `function(x0, o0, idx, io, D, I, inner) {
var t_ = this.thread.x;
var r_ = Math.floor((t_ + 0.5) / inner);
var q = t_ - r_ * inner;
var o = Math.floor((r_ + 0.5) / I);
var i = r_ - o * I;
var j = idx[io + i];
if (j < 0.0) { j = j + D; }
return x0[o0 + (o * D + j) * inner + q];
}`;
}

/** index_add / index_copy along dim: every out element [o, j, q] looks for the index entries equal to j. */
export function scatterIndexSource(accumulate: boolean): string {
  return `function(old, oo, src, so, idx, io, D, I, inner) {
var t_ = this.thread.x;
var r_ = Math.floor((t_ + 0.5) / inner);
var q = t_ - r_ * inner;
var o = Math.floor((r_ + 0.5) / D);
var j = r_ - o * D;
var acc = old[oo + t_];
for (var i = 0; i < I; i++) {
  var k = idx[io + i];
  if (k < 0.0) { k = k + D; }
  if (k == j) {
    ${accumulate ? 'acc = acc + src[so + (o * I + i) * inner + q];' : 'acc = src[so + (o * I + i) * inner + q];'}
  }
}
return acc;
}`;
}

/** A texture from host values. */
export function uploadSource(): string { return 'function(a) { return a[this.thread.x]; }'; }
/** A texture holding one value. */
export function fillSource(): string { return 'function(v) { return v; }'; }
