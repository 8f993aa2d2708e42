// torch.cuda: device queries. The `cuda` device is a GPU backend (WebGPU, or gpu.js's headlessgl),
// probed on first use; without one, CUDA is unavailable and every CUDA request fails the way
// PyTorch's CPU-only builds do.
import { AssertionError } from './errors';
import { backendFor } from './backends/backend';
import { activeCuda } from './backends/cuda';
import { memoryAllocated } from './backends/device_storage';
import { Device } from './tensor/storage';

const cudaDevice = new Device('cuda');

export function is_available(): boolean {
  try { backendFor(cudaDevice); return true; } catch { return false; }
}
export function device_count(): number { return is_available() ? 1 : 0; }
export function current_device(): number {
  backendFor(cudaDevice);
  return 0;
}
function checkIndex(device?: number | string | Device): void {
  const d = device === undefined ? null : typeof device === 'number' ? device : Device.parse(device).index;
  backendFor(cudaDevice);
  if (d !== null && d !== 0) throw new AssertionError('Invalid device id');
}
/** The adapter behind the `cuda` device, e.g. "NVIDIA H200". */
export function get_device_name(device?: number | string | Device): string {
  checkIndex(device);
  return activeCuda()!.deviceName;
}
/** Wait until every kernel queued so far has run; a device error since the last sync is raised here. */
export function synchronize(device?: number | string | Device): void {
  checkIndex(device);
  activeCuda()!.synchronize();
}
/** Bytes held by live cuda tensors, in 512-byte blocks as PyTorch's allocator counts them. */
export function memory_allocated(device?: number | string | Device): number {
  if (!is_available()) return 0;
  checkIndex(device);
  return memoryAllocated();
}
/** Release device and host memory that live tensors do not need. */
export function empty_cache(): void { if (is_available()) activeCuda()!.emptyCache(); }
