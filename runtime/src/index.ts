// The torchlab package entry: `import { torch, nn, F, optim, plt } from 'torchlab'`.
import * as torch from './torch';
export { torch };
export { Tensor } from './torch';
export { plt, Figure, animation } from './plot';
export { print, pprint, format, tuple, datetime, timedelta } from './python';
export * as text from './text';
