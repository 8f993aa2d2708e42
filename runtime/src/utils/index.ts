// torch.utils
export * as data from '../data';
export * as tensorboard from './tensorboard';
