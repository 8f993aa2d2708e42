// WGSL sources, generated per (operation, rank, operand types, binding layout) and compiled once
// each by the device worker. Every kernel reads its sizes, offsets and strides from a uniform
// block (ints first, then floats; the floats start with NaN and +Infinity, which WGSL cannot write
// as constants), so strided and broadcast views are read in place and one pipeline serves all
// shapes. Elements are addressed with i32 arithmetic: storages up to 2^31 elements.

export type DevType = 'f32' | 'i32' | 'u32';

/** One storage binding: its element type and whether the kernel writes it. */
export interface Slot { type: DevType; writable: boolean }

export interface KernelSource { key: string; wgsl: string; slots: Slot[] }

export const WG = 256;
/** Most dims an operand may keep after merging (more go to the host). */
export const MAX_RANK = 6;

const I = (k: number): string => `u.i[${k >> 2}][${k & 3}]`;
const F = (k: number): string => `u.f[${k >> 2}][${k & 3}]`;

function header(key: string, slots: Slot[], ints: number, floats: number): string {
  const ni = Math.max(1, Math.ceil(ints / 4)), nf = Math.max(1, Math.ceil(floats / 4));
  const lines = [`// ${key}`, `struct U { i: array<vec4<i32>, ${ni}>, f: array<vec4<f32>, ${nf}> }`, '@group(0) @binding(0) var<uniform> u: U;'];
  slots.forEach((s, k) => lines.push(`@group(0) @binding(${k + 1}) var<storage, ${s.writable ? 'read_write' : 'read'}> b${k}: array<${s.type}>;`));
  lines.push(LIB.isnan_);
  return lines.join('\n');
}

/** Flat invocation index over a 2-D dispatch of 256-wide workgroups. */
const FLAT = 'let i = i32(gid.x + gid.y * nwg.x * 256u);';
const MAIN = '@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>)';
const CONSTS = `let nan = ${F(0)}; let inf = ${F(1)};`;

// Helpers; each is included when a kernel's text names it. NaN is detected from its bits, which no
// compiler may fold away.
const LIB: Record<string, string> = {
  isnan_: 'fn isnan_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }',
  t_exp: 'fn t_exp(x: f32) -> f32 { if (isnan_(x)) { return x; } return exp(x); }',
  t_log: `fn t_log(x: f32, nan: f32, inf: f32) -> f32 {
  if (isnan_(x) || x == inf) { return x; }
  if (x < 0.0) { return nan; }
  if (x == 0.0) { return -inf; }
  return log(x);
}`,
  t_sqrt: 'fn t_sqrt(x: f32, nan: f32) -> f32 { if (isnan_(x) || x < 0.0) { return nan; } return sqrt(x); }',
  t_log1p: `fn t_log1p(x: f32, nan: f32, inf: f32) -> f32 {
  if (isnan_(x) || x == inf) { return x; }
  if (x < -1.0) { return nan; }
  if (x == -1.0) { return -inf; }
  let v = 1.0 + x;
  if (v == 1.0) { return x; }
  return log(v) * x / (v - 1.0);
}`,
  t_expm1: `fn t_expm1(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  if (abs(x) < 1e-5) { return x + 0.5 * x * x; }
  if (x > 80.0) { return exp(x); }
  let v = exp(x);
  if (v == 1.0) { return x; }
  let vm = v - 1.0;
  if (vm == -1.0) { return -1.0; }
  return vm * x / log(v);
}`,
  t_tanh: `fn t_tanh(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let z = abs(x);
  var r: f32;
  if (z < 0.01) { let z2 = z * z; r = z * (1.0 - z2 / 3.0 + 2.0 * z2 * z2 / 15.0); }
  else if (z > 20.0) { r = 1.0; }
  else { let t = exp(-2.0 * z); r = (1.0 - t) / (1.0 + t); }
  return select(r, -r, x < 0.0);
}`,
  // erf: Maclaurin series below 1.5, erfc's continued fraction above
  t_erf: `fn t_erf(x: f32) -> f32 {
  if (isnan_(x)) { return x; }
  let z = abs(x);
  var r: f32;
  if (z < 1.5) {
    var term = z; var sum = z;
    for (var n = 1; n < 40; n++) { term *= -z * z / f32(n); sum += term / f32(2 * n + 1); }
    r = sum * 1.1283791670955126;
  } else if (z > 10.0) {
    r = 1.0;
  } else {
    var f = z;
    for (var k = 60; k >= 1; k--) { f = z + (f32(k) / 2.0) / f; }
    r = 1.0 - exp(-z * z) / (1.7724538509055159 * f);
  }
  return select(r, -r, x < 0.0);
}`,
  t_pow: `fn t_pow(a: f32, b: f32, nan: f32, inf: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (isnan_(a) || isnan_(b)) { return nan; }
  if (b == 1.0) { return a; }
  if (floor(b) == b && abs(b) <= 64.0) {
    // small integer powers by squaring: exact as the CPU's to float32 rounding
    var e = u32(abs(b)); var base = a; var r = 1.0;
    loop { if ((e & 1u) == 1u) { r *= base; } e = e >> 1u; if (e == 0u) { break; } base *= base; }
    return select(r, 1.0 / r, b < 0.0);
  }
  if (a == 0.0) { return select(inf, 0.0, b > 0.0); }
  if (a < 0.0) {
    if (floor(b) != b) { return nan; }
    let m = pow(-a, b);
    return select(-m, m, floor(b * 0.5) == b * 0.5);
  }
  return pow(a, b);
}`,
  t_fmod: `fn t_fmod(a: f32, b: f32, nan: f32, inf: f32) -> f32 {
  if (b == 0.0 || isnan_(a) || isnan_(b) || abs(a) == inf) { return nan; }
  if (abs(b) == inf) { return a; }
  return a - b * trunc(a / b);
}`,
  t_rem: `fn t_rem(a: f32, b: f32, nan: f32, inf: f32) -> f32 {
  let r = t_fmod(a, b, nan, inf);
  if (r != 0.0 && (r < 0.0) != (b < 0.0)) { return r + b; }
  return r;
}`,
};

function withLib(text: string): string {
  const used: string[] = [];
  const visit = (name: string) => {
    if (used.includes(name)) return;
    for (const dep of Object.keys(LIB)) if (dep !== name && LIB[name].includes(`${dep}(`)) visit(dep);
    used.push(name);
  };
  for (const name of Object.keys(LIB)) if (name !== 'isnan_' && text.includes(`${name}(`)) visit(name);
  return used.filter((n) => n !== 'isnan_').map((n) => LIB[n]).join('\n');
}

function finish(key: string, slots: Slot[], ints: number, floats: number, body: string): KernelSource {
  const wgsl = `${header(key, slots, ints, floats)}\n${withLib(body)}\n${body}\n`;
  return { key, wgsl, slots };
}

/** Convert a loaded value of type `from` to `to` (bool as 0/1, float to int truncating). */
export function convert(e: string, from: DevType, to: DevType): string {
  if (from === to) return e;
  if (to === 'f32') return `f32(${e})`;
  if (to === 'u32') return from === 'f32' ? `select(0u, 1u, !(${e} == 0.0))` : `select(0u, 1u, ${e} != 0)`;
  return from === 'f32' ? `i32(clamp(trunc(${e}), -2147483648.0, 2147483520.0))` : `i32(${e})`;
}

// ---- elementwise -----------------------------------------------------------------------------

/** Unary expressions over `a` (scalars p0, p1, nan, inf), as the CPU kernels compute them. */
export const UNARY: Record<string, string> = {
  neg: '-a', abs: 'abs(a)', exp: 't_exp(a)', log: 't_log(a, nan, inf)', log1p: 't_log1p(a, nan, inf)', expm1: 't_expm1(a)',
  sqrt: 't_sqrt(a, nan)', rsqrt: '1.0 / t_sqrt(a, nan)', sin: 'sin(a)', cos: 'cos(a)', tan: 'tan(a)', tanh: 't_tanh(a)',
  sigmoid: '1.0 / (1.0 + t_exp(-a))', relu: 'select(a, 0.0, a <= 0.0)', round: 'round(a)', floor: 'floor(a)', ceil: 'ceil(a)',
  trunc: 'trunc(a)', sign: 'select(select(a, -1.0, a < 0.0), 1.0, a > 0.0)', reciprocal: '1.0 / a', square: 'a * a',
  logical_not: 'select(0.0, 1.0, a == 0.0)', clamp: 'select(select(a, p1, a > p1), p0, a < p0)',
  leaky_relu: 'select(a * p0, a, a > 0.0)', isnan: 'select(0.0, 1.0, isnan_(a))', erf: 't_erf(a)',
  gelu: '0.5 * a * (1.0 + t_erf(a * 0.7071067811865476))',
};

export const BINARY: Record<string, string> = {
  add: 'a + b', sub: 'a - b', mul: 'a * b', div: 'a / b', pow: 't_pow(a, b, nan, inf)',
  remainder: 't_rem(a, b, nan, inf)', fmod: 't_fmod(a, b, nan, inf)', floor_divide: 'floor(a / b)',
  maximum: 'select(max(a, b), nan, isnan_(a) || isnan_(b))', minimum: 'select(min(a, b), nan, isnan_(a) || isnan_(b))',
  eq: 'select(0.0, 1.0, a == b)', ne: 'select(0.0, 1.0, !(a == b))', lt: 'select(0.0, 1.0, a < b)', le: 'select(0.0, 1.0, a <= b)',
  gt: 'select(0.0, 1.0, a > b)', ge: 'select(0.0, 1.0, a >= b)',
  logical_and: 'select(0.0, 1.0, !(a == 0.0) && !(b == 0.0))', logical_or: 'select(0.0, 1.0, !(a == 0.0) || !(b == 0.0))',
  logical_xor: 'select(0.0, 1.0, (a == 0.0) != (b == 0.0))', atan2: 'atan2(a, b)', relu_grad: 'select(0.0, a, b > 0.0)',
  tanh_grad: 'a * (1.0 - b * b)', sigmoid_grad: 'a * (1.0 - b) * b',
};

export interface EwOperand { slot: number; type: DevType; scalar: boolean }

/**
 * out = expr(a, b, c) over R merged dims. Uniform ints: n, d1..d{R-1}, then offset and R strides
 * for each non-scalar input and for out; floats: nan, inf, p0, p1, then the scalar inputs' values.
 * `raw`: a copy that converts the value directly from its type (exact for integers).
 */
export function elementwise(name: string, expr: string, R: number, ins: EwOperand[], out: { slot: number; type: DevType }, slots: Slot[], raw: boolean): KernelSource {
  const key = `ew ${name} R${R} ${ins.map((o) => (o.scalar ? 's' : `${o.type}@${o.slot}`)).join(',')} -> ${out.type}@${out.slot}${raw ? ' raw' : ''}`;
  let ii = R, fi = 4;
  const lines = [`${MAIN} {`, FLAT, `if (i >= ${I(0)}) { return; }`, CONSTS, `let p0 = ${F(2)}; let p1 = ${F(3)};`];
  if (R === 1) lines.push('let i0 = i;');
  else {
    lines.push('var r = i;');
    for (let d = R - 1; d >= 1; d--) lines.push(`let i${d} = r % ${I(d)}; r = r / ${I(d)};`);
    lines.push('let i0 = r;');
  }
  const addr = (): string => {
    const parts = [I(ii++)];
    for (let d = 0; d < R; d++) parts.push(`i${d} * ${I(ii++)}`);
    return parts.join(' + ');
  };
  const names = ['a', 'b', 'c'];
  ins.forEach((o, k) => {
    if (o.scalar) lines.push(`let ${names[k]} = ${F(fi++)};`);
    else lines.push(`let ${names[k]} = ${raw ? `b${o.slot}[${addr()}]` : convert(`b${o.slot}[${addr()}]`, o.type, 'f32')};`);
  });
  const value = raw ? convert('a', ins[0].scalar ? 'f32' : ins[0].type, out.type) : convert(`(${expr})`, 'f32', out.type);
  lines.push(`b${out.slot}[${addr()}] = ${value};`, '}');
  return finish(key, slots, ii, fi, lines.join('\n'));
}

// ---- reductions ----------------------------------------------------------------------------------

const RED: Record<string, { init: string; step: string; comb: string }> = {
  sum: { init: '0.0', step: 'acc + v', comb: 'x + y' },
  sumsq: { init: '0.0', step: 'acc + v * v', comb: 'x + y' },
  prod: { init: '1.0', step: 'acc * v', comb: 'x * y' },
  max: { init: '-inf', step: 'select(acc, v, v > acc || isnan_(v))', comb: 'select(x, y, y > x || isnan_(y))' },
  min: { init: 'inf', step: 'select(acc, v, v < acc || isnan_(v))', comb: 'select(x, y, y < x || isnan_(y))' },
  all: { init: '1.0', step: 'select(acc, 0.0, v == 0.0)', comb: 'min(x, y)' },
  any: { init: '0.0', step: 'select(acc, 1.0, !(v == 0.0))', comb: 'max(x, y)' },
};

/**
 * Reduce a strided dim of length L for each kept element (R kept dims). Uniform ints: nOut,
 * d1..d{R-1}, in offset, R kept strides, L, reduced stride, chunk, nChunks, out offset. Output
 * element (k, c) = reduction of chunk c of kept element k, at out[outOff + k * nChunks + c].
 * `wide`: a workgroup per (k, c) with a tree in shared memory; else a thread per output.
 */
export function reduce(op: string, R: number, inType: DevType, outType: DevType, wide: boolean, slots: Slot[]): KernelSource {
  const key = `reduce ${op} R${R} ${inType}->${outType}${wide ? ' wide' : ''}`;
  const r = RED[op];
  let ii = R;
  const off = I(ii++), ks = Array.from({ length: R }, () => I(ii++));
  const L = I(ii++), rs = I(ii++), chunk = I(ii++), nC = I(ii++), outOff = I(ii++);
  const dec = (from: string): string[] => {
    const out = [`var r = ${from};`];
    for (let d = R - 1; d >= 1; d--) out.push(`let i${d} = r % ${I(d)}; r = r / ${I(d)};`);
    out.push('let i0 = r;');
    return out;
  };
  const base = [off, ...ks.map((s, d) => `i${d} * ${s}`)].join(' + ');
  const load = (e: string) => convert(`b0[${e}]`, inType, 'f32');
  const store = (v: string) => `b1[${outOff} + t] = ${convert(v, 'f32', outType)};`;
  const comb = `fn comb(x: f32, y: f32) -> f32 { return ${r.comb}; }`;
  // output element t = (kept element k, chunk c): its range of the reduced dim, and the accumulator
  const prologue = `if (t >= ${I(0)} * ${nC}) { return; }
${CONSTS}
let k = t / ${nC}; let c = t % ${nC};
${dec('k').join('\n')}
let base = ${base};
let start = c * ${chunk};
let end = min(${L}, start + ${chunk});
var acc = ${r.init};`;
  let body: string;
  if (!wide) {
    body = `${comb}
${MAIN} {
${FLAT}
let t = i;
${prologue}
for (var e = start; e < end; e++) { let v = ${load(`base + e * ${rs}`)}; acc = ${r.step}; }
${store('acc')}
}`;
  } else {
    body = `${comb}
var<workgroup> sh: array<f32, 256>;
@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
let t = i32(wid.x + wid.y * nwg.x);
${prologue}
for (var e = start + i32(lid); e < end; e += 256) { let v = ${load(`base + e * ${rs}`)}; acc = ${r.step}; }
sh[lid] = acc;
workgroupBarrier();
for (var s = 128u; s > 0u; s = s >> 1u) {
  if (lid < s) { sh[lid] = comb(sh[lid], sh[lid + s]); }
  workgroupBarrier();
}
if (lid == 0u) { ${store('sh[0]')} }
}`;
  }
  return finish(key, slots, ii, 2, body);
}

/**
 * Index of the first max/min along a strided dim of length L (NaN wins, as on the CPU), as i32.
 * Uniform ints: nOut, d1..d{R-1}, offset, R kept strides, L, reduced stride, out offset.
 */
export function argreduce(op: 'argmax' | 'argmin', R: number, wide: boolean, slots: Slot[]): KernelSource {
  const key = `${op} R${R}${wide ? ' wide' : ''}`;
  const better = op === 'argmax' ? 'v > best' : 'v < best';
  let ii = R;
  const off = I(ii++), ks = Array.from({ length: R }, () => I(ii++)), L = I(ii++), rs = I(ii++), outOff = I(ii++);
  const dec = (from: string): string => {
    const out = [`var r = ${from};`];
    for (let d = R - 1; d >= 1; d--) out.push(`let i${d} = r % ${I(d)}; r = r / ${I(d)};`);
    out.push('let i0 = r;');
    return out.join('\n');
  };
  const base = [off, ...ks.map((s, d) => `i${d} * ${s}`)].join(' + ');
  let body: string;
  if (!wide) {
    body = `${MAIN} {
${FLAT}
if (i >= ${I(0)}) { return; }
${dec('i')}
let base = ${base};
var best = b0[base];
var bi = 0;
for (var j = 1; j < ${L}; j++) {
  if (isnan_(best)) { break; }
  let v = b0[base + j * ${rs}];
  if (isnan_(v) || ${better}) { best = v; bi = j; }
}
b1[${outOff} + i] = bi;
}`;
  } else {
    const pick = op === 'argmax' ? 'vb > va' : 'vb < va';
    body = `var<workgroup> sv: array<f32, 256>;
var<workgroup> si: array<i32, 256>;
@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
let t = i32(wid.x + wid.y * nwg.x);
if (t >= ${I(0)}) { return; }
${dec('t')}
let base = ${base};
var best = 0.0;
var bi = 2147483647;
for (var j = i32(lid); j < ${L}; j += 256) {
  let v = b0[base + j * ${rs}];
  if (bi == 2147483647 || (!isnan_(best) && (isnan_(v) || ${better}))) { best = v; bi = j; }
}
sv[lid] = best; si[lid] = bi;
workgroupBarrier();
for (var s = 128u; s > 0u; s = s >> 1u) {
  if (lid < s) {
    let va = sv[lid]; let ia = si[lid]; let vb = sv[lid + s]; let ib = si[lid + s];
    var takeB = false;
    if (ib == 2147483647) { takeB = false; }
    else if (ia == 2147483647) { takeB = true; }
    else if (isnan_(va) || isnan_(vb)) { takeB = isnan_(vb) && (!isnan_(va) || ib < ia); }
    else if (${pick}) { takeB = true; }
    else if (vb == va) { takeB = ib < ia; }
    if (takeB) { sv[lid] = vb; si[lid] = ib; }
  }
  workgroupBarrier();
}
if (lid == 0u) { b1[${outOff} + t] = si[0]; }
}`;
  }
  return finish(key, slots, ii, 2, body);
}

// ---- matmul --------------------------------------------------------------------------------------

export interface Tile { BM: number; BN: number; BK: number; TM: number; TN: number }
export const TILE_SMALL: Tile = { BM: 64, BN: 64, BK: 16, TM: 4, TN: 4 };
export const TILE_LARGE: Tile = { BM: 128, BN: 128, BK: 8, TM: 8, TN: 8 };
// TY = BM / TM threads along m and TX = BN / TN along n: 256 threads in all

/** Parse "BMxBNxBKxTMxTN" (a setting that overrides the tile choice). */
export function parseTile(s: string): Tile | null {
  const m = /^(\d+)x(\d+)x(\d+)x(\d+)x(\d+)$/.exec(s.trim());
  if (!m) return null;
  const [BM, BN, BK, TM, TN] = m.slice(1).map(Number);
  if ((BM / TM) * (BN / TN) !== 256 || TN % 4 || BM % TM || BN % TN || (BM * BK) % 256 || (BN * BK) % 256) return null;
  return { BM, BN, BK, TM, TN };
}

/**
 * Batched C[b] = A[b] @ B[b] with A [M, K] and B [K, N] read through strides, C contiguous. A
 * workgroup of 256 threads computes a BM x BN tile, each thread TM x TN of it, from shared-memory
 * slices of BK columns of A and BK rows of B. A thread's rows and columns are strided by the
 * thread grid (rows ty + i*TY, columns tx + j*TX), so neighbouring threads read neighbouring words
 * of shared memory and write neighbouring words of C. Tile loads follow the contiguous dim of each
 * operand (`aK`: A's k stride is 1; `bN`: B's n stride is 1).
 * Uniform ints: M, N, K, aOff, sa_b, sa_m, sa_k, bOff, sb_b, sb_k, sb_n, cOff, S, kChunk: with S > 1
 * the K range is split in S chunks of kChunk, workgroup z = batch * S + split writing its partial
 * product to C[z] (summed afterwards), so a long K spreads over more workgroups and is summed in parts.
 */
export function matmul(t: Tile, aK: boolean, bN: boolean, slots: Slot[], a: number, b: number, c: number): KernelSource {
  const { BM, BN, BK, TM, TN } = t;
  const key = `matmul ${BM}x${BN}x${BK}x${TM}x${TN} ${aK ? 'ak' : 'am'} ${bN ? 'bn' : 'bk'} ${a}${b}${c}`;
  const TX = BN / TN, TY = BM / TM; // threads along n and m
  const la = (BM * BK) / 256, lb = (BN * BK) / 256;
  const [M, N, , aOff, sab, sam, sak, bOff, sbb, sbk, sbn, cOff, S, kChunk] = Array.from({ length: 14 }, (_, k) => I(k));
  const loadA: string[] = [], loadB: string[] = [];
  for (let l = 0; l < la; l++) {
    const e = `(lid + ${l * 256}u)`;
    const [mm, kk] = aK ? [`${e} / ${BK}u`, `${e} % ${BK}u`] : [`${e} % ${BM}u`, `${e} / ${BM}u`];
    loadA.push(`{ let mm = ${mm}; let kk = ${kk}; let gm = m0 + i32(mm); let gk = k0 + i32(kk);
  var v = 0.0; if (gm < ${M} && gk < kEnd) { v = b${a}[aBase + gm * ${sam} + gk * ${sak}]; }
  As[kk * ${BM}u + mm] = v; }`);
  }
  for (let l = 0; l < lb; l++) {
    const e = `(lid + ${l * 256}u)`;
    const [kk, nn] = bN ? [`${e} / ${BN}u`, `${e} % ${BN}u`] : [`${e} % ${BK}u`, `${e} / ${BK}u`];
    loadB.push(`{ let kk = ${kk}; let nn = ${nn}; let gk = k0 + i32(kk); let gn = n0 + i32(nn);
  var v = 0.0; if (gk < kEnd && gn < ${N}) { v = b${b}[bBase + gk * ${sbk} + gn * ${sbn}]; }
  Bs[kk * ${BN}u + nn] = v; }`);
  }
  const tn4 = TN / 4;
  const inner: string[] = [];
  for (let i = 0; i < TM; i++) inner.push(`let a${i} = vec4<f32>(As[kb + ty + ${i * TY}u]);`);
  for (let q = 0; q < tn4; q++) {
    const cols = [0, 1, 2, 3].map((j) => `Bs[kn + tx + ${(4 * q + j) * TX}u]`).join(', ');
    inner.push(`let b${q} = vec4<f32>(${cols});`);
  }
  for (let i = 0; i < TM; i++) for (let q = 0; q < tn4; q++) inner.push(`acc[${i * tn4 + q}] = fma(a${i}, b${q}, acc[${i * tn4 + q}]);`);
  const writes: string[] = [];
  for (let i = 0; i < TM; i++) {
    writes.push(`{ let gm = m0 + i32(ty + ${i * TY}u); if (gm < ${M}) { let row = cBase + gm * ${N};`);
    for (let q = 0; q < tn4; q++) for (let j = 0; j < 4; j++) {
      writes.push(`  { let gn = n0 + i32(tx + ${(4 * q + j) * TX}u); if (gn < ${N}) { b${c}[row + gn] = acc[${i * tn4 + q}][${j}]; } }`);
    }
    writes.push('} }');
  }
  const body = `var<workgroup> As: array<f32, ${BM * BK}>;
var<workgroup> Bs: array<f32, ${BN * BK}>;
@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
let tx = lid % ${TX}u; let ty = lid / ${TX}u;
let m0 = i32(wid.y) * ${BM}; let n0 = i32(wid.x) * ${BN}; let z = i32(wid.z);
let batch = z / ${S}; let kBeg = (z % ${S}) * ${kChunk}; let kEnd = min(${I(2)}, kBeg + ${kChunk});
let aBase = ${aOff} + batch * ${sab}; let bBase = ${bOff} + batch * ${sbb};
let cBase = ${cOff} + z * ${M} * ${N};
var acc: array<vec4<f32>, ${TM * tn4}>;
for (var k0 = kBeg; k0 < kEnd; k0 += ${BK}) {
${loadA.join('\n')}
${loadB.join('\n')}
workgroupBarrier();
for (var kk = 0u; kk < ${BK}u; kk++) {
let kb = kk * ${BM}u; let kn = kk * ${BN}u;
${inner.join('\n')}
}
workgroupBarrier();
}
${writes.join('\n')}
}`;
  return finish(key, slots, 14, 2, body);
}

// ---- softmax, gathers, scatters, optimizers ---------------------------------------------------------

/**
 * Softmax or log-softmax of each row of a contiguous [rows, n] input (offsets in ints: rows, n,
 * xOff, outOff). Rows holding NaN or an infinity give NaN, as the CPU's formula does.
 * `wide`: a workgroup per row; else a thread per row.
 */
export function softmax(log: boolean, wide: boolean, slots: Slot[]): KernelSource {
  const key = `${log ? 'log_softmax' : 'softmax'}${wide ? ' wide' : ''}`;
  const [rows, n, xo, oo] = [I(0), I(1), I(2), I(3)];
  const emit = log ? 'v - lse' : 't_exp(v - lse)';
  const finishRow = `let lse = select(m + log(s), nan, isnan_(m) || abs(m) == inf || isnan_(s));`;
  let body: string;
  if (!wide) {
    body = `${MAIN} {
${FLAT}
if (i >= ${rows}) { return; }
${CONSTS}
let xb = ${xo} + i * ${n}; let ob = ${oo} + i * ${n};
var m = -inf;
for (var j = 0; j < ${n}; j++) { let v = b0[xb + j]; if (v > m || isnan_(v)) { m = v; } }
var s = 0.0;
for (var j = 0; j < ${n}; j++) { s += t_exp(b0[xb + j] - m); }
${finishRow}
for (var j = 0; j < ${n}; j++) { let v = b0[xb + j]; b1[ob + j] = ${emit}; }
}`;
  } else {
    body = `var<workgroup> sh: array<f32, 256>;
@compute @workgroup_size(256) fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
let row = i32(wid.x + wid.y * nwg.x);
if (row >= ${rows}) { return; }
${CONSTS}
let xb = ${xo} + row * ${n}; let ob = ${oo} + row * ${n};
var m = -inf;
for (var j = i32(lid); j < ${n}; j += 256) { let v = b0[xb + j]; if (v > m || isnan_(v)) { m = v; } }
sh[lid] = m;
workgroupBarrier();
for (var h = 128u; h > 0u; h = h >> 1u) {
  if (lid < h) { let y = sh[lid + h]; if (y > sh[lid] || isnan_(y)) { sh[lid] = y; } }
  workgroupBarrier();
}
m = sh[0];
workgroupBarrier();
var s = 0.0;
for (var j = i32(lid); j < ${n}; j += 256) { s += t_exp(b0[xb + j] - m); }
sh[lid] = s;
workgroupBarrier();
for (var h = 128u; h > 0u; h = h >> 1u) {
  if (lid < h) { sh[lid] = sh[lid] + sh[lid + h]; }
  workgroupBarrier();
}
s = sh[0];
${finishRow}
for (var j = i32(lid); j < ${n}; j += 256) { let v = b0[xb + j]; b1[ob + j] = ${emit}; }
}`;
  }
  return finish(key, slots, 4, 2, body);
}

/** out[o, i, q] = x[o, index[i], q] for contiguous x ([outer, D, inner]). Ints: n, D, I, inner, xOff, idxOff, outOff. */
export function indexSelect(slots: Slot[], x: number, idx: number, out: number): KernelSource {
  const key = `index_select ${slots[x].type} ${x}${idx}${out}`;
  const body = `${MAIN} {
${FLAT}
if (i >= ${I(0)}) { return; }
let q = i % ${I(3)}; let r = i / ${I(3)};
let k = r % ${I(2)}; let o = r / ${I(2)};
var j = b${idx}[${I(5)} + k];
if (j < 0) { j += ${I(1)}; }
b${out}[${I(6)} + i] = b${x}[${I(4)} + (o * ${I(1)} + j) * ${I(3)} + q];
}`;
  return finish(key, slots, 7, 2, body);
}

/**
 * index_add / index_copy along a dim, grouped by target so each output element is written by one
 * thread (deterministic, and duplicates add up in index order): for each of U distinct targets
 * targets[u], the source rows order[rowptr[u]..rowptr[u+1]). Ints: n (= outer*U*inner), U, inner,
 * D, I, outOff, srcOff. Bindings: out, src, targets, rowptr, order.
 */
export function scatterIndex(accumulate: boolean, slots: Slot[]): KernelSource {
  const key = `index_${accumulate ? 'add' : 'copy'}`;
  const body = `${MAIN} {
${FLAT}
if (i >= ${I(0)}) { return; }
let q = i % ${I(2)}; let r = i / ${I(2)};
let uu = r % ${I(1)}; let o = r / ${I(1)};
let j = b2[uu];
let at = ${I(5)} + (o * ${I(3)} + j) * ${I(2)} + q;
var acc = b0[at];
for (var e = b3[uu]; e < b3[uu + 1]; e++) {
  let v = b1[${I(6)} + (o * ${I(4)} + b4[e]) * ${I(2)} + q];
  ${accumulate ? 'acc = acc + v;' : 'acc = v;'}
}
b0[at] = acc;
}`;
  return finish(key, slots, 7, 2, body);
}

/** A zeroed buffer receives entries at positions: ints n, outOff. Bindings: out, positions, values. */
export function scatterEntries(slots: Slot[]): KernelSource {
  const body = `${MAIN} {
${FLAT}
if (i >= ${I(0)}) { return; }
b0[${I(1)} + b1[i]] = b2[i];
}`;
  return finish(`scatter entries ${slots[0].type}`, slots, 2, 2, body);
}

/**
 * Fused Adam/AdamW over contiguous float32 param, grad, exp_avg, exp_avg_sq (and amsgrad's max),
 * in PyTorch's single-tensor order of float32 operations. Ints: n, offsets p, g, m, v, vmax.
 * Floats: nan, inf, beta1, beta2, -step_size, sqrt(bias_correction2), eps, weight_decay, decay, sign.
 */
export function adam(amsgrad: boolean, slots: Slot[]): KernelSource {
  const f = (k: number) => F(k);
  const body = `${MAIN} {
${FLAT}
if (i >= ${I(0)}) { return; }
let beta1 = ${f(2)}; let beta2 = ${f(3)}; let negStep = ${f(4)}; let rbc2 = ${f(5)}; let eps = ${f(6)}; let wd = ${f(7)}; let decay = ${f(8)}; let sgn = ${f(9)};
let pi = ${I(1)} + i; let gi = ${I(2)} + i; let mi = ${I(3)} + i; let vi = ${I(4)} + i;
var p = b0[pi];
var g = sgn * b1[gi];
if (wd != 0.0) { g = g + wd * p; }
if (decay != 1.0) { p = p * decay; }
let m = b2[mi] * beta1 + g * (1.0 - beta1);
let v = b3[vi] * beta2 + (g * g) * (1.0 - beta2);
b2[mi] = m;
b3[vi] = v;
var vv = v;
${amsgrad ? `let xi = ${I(5)} + i; vv = max(b4[xi], v); b4[xi] = vv;` : ''}
let denom = sqrt(vv) / rbc2 + eps;
b0[pi] = p + negStep * (m / denom);
}`;
  return finish(`adam${amsgrad ? ' amsgrad' : ''}`, slots, 6, 10, body);
}

/** Fused SGD. Ints: n, offsets p, g, buf. Floats: nan, inf, lr, momentum, 1 - dampening, weight_decay, sign, init, nesterov. */
export function sgd(momentum: boolean, slots: Slot[]): KernelSource {
  const body = `${MAIN} {
${FLAT}
if (i >= ${I(0)}) { return; }
let lr = ${F(2)}; let mom = ${F(3)}; let keep = ${F(4)}; let wd = ${F(5)}; let sgn = ${F(6)}; let init = ${F(7)}; let nesterov = ${F(8)};
let pi = ${I(1)} + i;
let p = b0[pi];
var d = sgn * b1[${I(2)} + i];
if (wd != 0.0) { d = d + wd * p; }
${momentum ? `let bi = ${I(3)} + i;
var bv = d;
if (init == 0.0) { bv = b2[bi] * mom + d * keep; }
b2[bi] = bv;
if (nesterov != 0.0) { d = d + mom * bv; } else { d = bv; }` : ''}
b0[pi] = p - lr * d;
}`;
  return finish(`sgd${momentum ? ' momentum' : ''}`, slots, 4, 9, body);
}
