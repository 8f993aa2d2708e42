// torch.utils.data
export { Dataset, TensorDataset, Subset, random_split } from './dataset';
export { Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler } from './sampler';
export { DataLoader } from './dataloader';
export { default_collate } from './collate';
export type { Collated } from './collate';
export type { DefaultBatch } from './dataloader';
