// The code every session starts with: the runtime's names, typed in every cell, resolved by
// absolute path so a notebook in any directory gets them.
import * as path from 'path';

/** A runtime module's path, as cells import it. */
export function runtimeModule(...p: string[]): string {
  return path.join(path.resolve(__dirname, '..', '..', 'runtime', 'src'), ...p);
}

export function prelude(): string {
  const at = (...p: string[]) => JSON.stringify(runtimeModule(...p));
  const display = JSON.stringify(path.resolve(__dirname, 'display'));
  const stdin = JSON.stringify(path.resolve(__dirname, 'stdin'));
  // Namespace imports, so that `nn.Linear` is both a value and a type in cells.
  return [
    `import { torch, plt } from ${at('index')};`,
    `import * as nn from ${at('nn', 'index')};`,
    `import * as optim from ${at('optim', 'index')};`,
    `import * as F from ${at('nn', 'functional')};`,
    `import * as text from ${at('text', 'index')};`,
    `import { print, pprint, format, tuple, datetime, timedelta } from ${at('python', 'index')};`,
    `import * as pl from ${at('lightning', 'index')};`,
    `import * as torchmetrics from ${at('metrics', 'index')};`,
    `import { tqdm, LiveLossCurve } from ${at('progress', 'index')};`,
    `import { display, update_display, clear_output } from ${display};`,
    `import { input, prompt } from ${stdin};`,
  ].join('\n');
}
