// The backend behind the `cuda` device, chosen by TORCHLAB_GPU (auto | webgpu | headlessgl | off)
// on the first CUDA request, never at import: `auto` takes WebGPU when a hardware adapter answers, then
// gpu.js's headlessgl (WebGL through the `gl` addon, under an X display), then none, in which case
// CUDA requests fail as they do in a CPU-only PyTorch build. A mode named explicitly makes every
// CUDA request fail with the reason it cannot run.
import { Backend, registerLazyBackend } from './backend';
import { RuntimeError } from '../errors';
import { envVar } from '../env';

/** A GPU backend with what torch.cuda asks of it. */
export interface CudaBackend extends Backend {
  /** The adapter's name, e.g. "NVIDIA H200". */
  readonly deviceName: string;
  /** Wait for every queued kernel; raises a device error that happened since the last sync. */
  synchronize(): void;
  /** Release device and host memory that live tensors do not need. */
  emptyCache(): void;
}

export type GpuMode = 'webgpu' | 'headlessgl';

/** The modes to try in order, or null when the GPU is switched off. */
export function requestedModes(): { modes: GpuMode[]; demanded: boolean } | null {
  const raw = envVar('TORCHLAB_GPU');
  const v = (raw ?? 'auto').trim().toLowerCase();
  if (v === 'off' || v === '0' || v === 'none' || v === 'cpu') return null;
  if (v === '' || v === 'auto') return { modes: ['webgpu', 'headlessgl'], demanded: false };
  if (v === 'headlessgl' || v === 'webgpu') return { modes: [v], demanded: true };
  throw new Error(`TORCHLAB_GPU must be one of auto, webgpu, headlessgl, off (got '${raw}')`);
}

function create(mode: GpuMode, demanded: boolean): CudaBackend {
  // Each backend's module is loaded only when it is tried.
  if (mode === 'webgpu') return (require('./webgpu') as typeof import('./webgpu')).createWebGPU(demanded);
  return (require('./gpu') as typeof import('./gpu')).createHeadlessGL();
}

let active: CudaBackend | null = null;
let failure: Error | null = null;

registerLazyBackend('cuda', () => {
  if (failure) throw failure;
  const req = requestedModes();
  if (!req) return null;
  const reasons: string[] = [];
  for (const mode of req.modes) {
    try {
      active = create(mode, req.demanded);
      return active;
    } catch (e) {
      reasons.push(`${mode}: ${(e as Error).message}`);
    }
  }
  if (req.demanded) {
    failure = new RuntimeError(`TORCHLAB_GPU=${req.modes[0]} was requested but cannot be used: ${reasons.join('; ')}`);
    throw failure;
  }
  return null;
});

/** The GPU backend in use, once a CUDA request has chosen one. */
export function activeCuda(): CudaBackend | null { return active; }
