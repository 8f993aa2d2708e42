// The torchlab package entry: `import { torch, nn, F, optim, plt } from 'torchlab'`.
import * as torch from './torch';
export { torch };
export { Tensor } from './torch';
export { plt, Figure } from './plot';
export * as text from './text';
