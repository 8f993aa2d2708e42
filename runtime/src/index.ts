// The torchlab package entry: `import { torch } from 'torchlab'`.
import * as torch from './torch';
export { torch };
export { Tensor } from './torch';
