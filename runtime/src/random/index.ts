// torch.Generator and the CPU random distributions, reproducing PyTorch 1.13's streams bit for bit.
export { Generator, default_generator, manual_seed, initial_seed, seed } from './generator';
export type { GeneratorState } from './generator';
export { uniform_, normal_, bernoulli_ } from './distributions';
export type { FloatArray } from './distributions';
export { random_from_to_, random_full_, randomInt64, randperm } from './integers';
export type { RandomDtype } from './integers';
export { multinomial } from './multinomial';
