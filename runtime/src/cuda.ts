// torch.cuda: device queries. Without a GPU backend, CUDA is unavailable and every CUDA
// request fails the way PyTorch's CPU-only builds do.
import { backendFor } from './backends/backend';
import { Device } from './tensor/storage';

export function is_available(): boolean {
  try { backendFor(Device.parse('cuda')); return true; } catch { return false; }
}
export function device_count(): number { return is_available() ? 1 : 0; }
export function current_device(): number {
  if (!is_available()) throw new Error('Torch not compiled with CUDA enabled');
  return 0;
}
export function synchronize(): void { current_device(); }
