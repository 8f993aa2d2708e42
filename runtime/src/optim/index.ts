// torch.optim: a class per algorithm (its own file, as PyTorch's), each over a functional update.
export { Optimizer } from './optimizer';
export { SGD } from './sgd';
export { Adam } from './adam';
export { AdamW } from './adamw';
export { RMSprop } from './rmsprop';
export { Adagrad } from './adagrad';
export * as lr_scheduler from './lr_scheduler';
