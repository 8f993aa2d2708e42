// Checkpoint files: torch.save / torch.load (PyTorch's zip format, runtime/src/serialization),
// written to a temporary file that is renamed into place.
import * as torch from '../torch';

type SaveFn = (obj: unknown, f: string) => void;
type LoadFn = (f: string, opts?: { map_location?: unknown }) => unknown;

function fn<T>(name: 'save' | 'load'): T {
  const f = (torch as unknown as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new torch.NotImplementedError(`torch.${name} is not available in this build: checkpoints cannot be ${name === 'save' ? 'saved' : 'loaded'}`);
  return f as T;
}

export function save(obj: unknown, file: string): void { fn<SaveFn>('save')(obj, file); }
export function load(file: string, map_location?: unknown): unknown { return fn<LoadFn>('load')(file, map_location === undefined ? undefined : { map_location }); }
