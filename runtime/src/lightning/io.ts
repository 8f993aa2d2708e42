// Checkpoint files through torch.save / torch.load (PyTorch's zip format; the write goes to a
// temporary file renamed into place, so an interrupted save leaves the previous checkpoint whole).
import * as torch from '../torch';

export function save(obj: unknown, file: string): void { torch.save(obj, file); }
export function load(file: string, map_location?: string): unknown {
  return torch.load(file, map_location === undefined ? undefined : { map_location });
}
