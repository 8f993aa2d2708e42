// The gpu.js instance behind the headlessgl `cuda` backend (WebGL 1 through the `gl` addon), created
// on the first CUDA request that selects it, and accepted only after a probe kernel has run and
// returned the right values.
import type { GPU as GPUType } from 'gpu.js';

export interface GpuContext {
  gpu: GPUType;
  /** The adapter's name, e.g. the GL renderer string. */
  deviceName: string;
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

/** A gpu.js headlessgl context whose probe kernel returned the right values; throws the reason otherwise. */
export function headlessGLContext(): GpuContext {
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
  return { gpu, deviceName: ctx ? glName(ctx) : 'headless-gl' };
}

