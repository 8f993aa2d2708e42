// torch.utils.tensorboard
export { SummaryWriter, FileWriter } from './writer';
export type { SummaryWriterOptions } from './writer';
