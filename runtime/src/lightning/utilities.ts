// pytorch_lightning.utilities: the model summary and the exception type.
export { summarize, ModelSummary, get_human_readable_count } from './summary';
export { MisconfigurationException } from './log';
export { rank_zero_info, rank_zero_warn } from './log';
