// The gpu.js instance behind the `cuda` device: chosen by TORCHLAB_GPU (auto | headlessgl | webgpu |
// off), created lazily on the first CUDA request, and accepted only after a probe kernel has run on
// a real GPU mode and returned the right values.
import type { GPU as GPUType } from 'gpu.js';
import { RuntimeError } from '../../errors';

export type GpuMode = 'headlessgl' | 'webgpu';

export interface GpuContext {
  gpu: GPUType;
  mode: GpuMode;
  /** The adapter's name, e.g. the GL renderer string. */
  deviceName: string;
}

/** The demanded modes, or null when the GPU is switched off. */
export function requestedModes(): { modes: GpuMode[]; demanded: boolean } | null {
  const v = (process.env.TORCHLAB_GPU ?? 'auto').trim().toLowerCase();
  if (v === 'off' || v === '0' || v === 'none' || v === 'cpu') return null;
  if (v === '' || v === 'auto') return { modes: ['headlessgl', 'webgpu'], demanded: false };
  if (v === 'headlessgl' || v === 'webgpu') return { modes: [v], demanded: true };
  throw new Error(`TORCHLAB_GPU must be one of auto, headlessgl, webgpu, off (got '${process.env.TORCHLAB_GPU}')`);
}

function loadGpuJs(): typeof import('gpu.js') {
  // Loaded on first use only: importing the runtime stays fast and works without gpu.js.
  return require('gpu.js') as typeof import('gpu.js');
}

interface GLish {
  getParameter(p: number): unknown;
  getExtension(name: string): unknown;
  RENDERER: number; VENDOR: number; VERSION: number;
}

function glName(gl: GLish): string {
  const info = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number } | null;
  const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  const version = String(gl.getParameter(gl.VERSION));
  return version ? `${renderer} (${version})` : renderer;
}

function tryHeadlessGL(): GpuContext {
  const { GPU } = loadGpuJs();
  try { require('gl'); } catch (e) { throw new Error(`the optional 'gl' addon is not built (${(e as Error).message.split('\n')[0]}); run \`npm rebuild gl\` after installing libxi-dev and libglew-dev`); }
  if (!GPU.isHeadlessGLSupported) throw new Error("the 'gl' addon could not create a WebGL context (headless-gl needs an X display: run under `xvfb-run -a`)");
  const gpu = new GPU({ mode: 'headlessgl' });
  const probe = gpu.createKernel(function (this: { thread: { x: number } }, a: number[]) { return a[this.thread.x] * 2 + 0.5; },
    { output: [4], precision: 'single', pipeline: true });
  const tex = probe([1, 2, 3, 4.25]) as unknown as { toArray(): Float32Array; delete(): void };
  const got = Array.from(tex.toArray());
  tex.delete();
  const ctx = (probe as unknown as { context?: GLish }).context ?? (gpu as unknown as { context?: GLish }).context;
  probe.destroy();
  if (got.join(',') !== '2.5,4.5,6.5,9') throw new Error(`the headlessgl probe kernel returned ${got.join(', ')} instead of 2.5, 4.5, 6.5, 9`);
  return { gpu, mode: 'headlessgl', deviceName: ctx ? glName(ctx) : 'headless-gl' };
}

function tryWebGPU(): GpuContext {
  const { GPU } = loadGpuJs();
  try { require('webgpu'); } catch (e) { throw new Error(`the 'webgpu' addon does not load: ${(e as Error).message.split('\n')[0]}`); }
  if (!GPU.isWebGPUSupported) throw new Error('gpu.js reports no WebGPU support in this process');
  // gpu.js's webgpu kernels return Promises and read back asynchronously; tensor reads here
  // (item(), tolist(), printing) are synchronous, so this mode cannot back the `cuda` device.
  throw new Error("gpu.js's webgpu mode only returns results asynchronously (every kernel call is a Promise), which the synchronous tensor API cannot wait for");
}

let cached: { ctx: GpuContext | null; error: Error | null } | null = null;

/** The GPU context, null when none is wanted or (in auto mode) none works; throws when a demanded mode fails. */
export function gpuContext(): GpuContext | null {
  if (cached) {
    if (cached.error) throw cached.error;
    return cached.ctx;
  }
  const req = requestedModes();
  if (!req) { cached = { ctx: null, error: null }; return null; }
  const reasons: string[] = [];
  for (const mode of req.modes) {
    try {
      const ctx = mode === 'headlessgl' ? tryHeadlessGL() : tryWebGPU();
      cached = { ctx, error: null };
      return ctx;
    } catch (e) {
      reasons.push(`${mode}: ${(e as Error).message}`);
    }
  }
  if (req.demanded) {
    cached = { ctx: null, error: new RuntimeError(`TORCHLAB_GPU=${req.modes[0]} was requested but cannot be used: ${reasons.join('; ')}`) };
    throw cached.error;
  }
  cached = { ctx: null, error: null };
  return null;
}
