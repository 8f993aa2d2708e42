// torch.optim
export { Optimizer } from './optimizer';
export { SGD, Adam, AdamW, RMSprop, Adagrad } from './algorithms';
export * as lr_scheduler from './lr_scheduler';
