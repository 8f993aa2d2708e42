// pytorch_lightning.callbacks
export { Callback } from './callback';
export { ProgressBarBase, TQDMProgressBar } from './progress';
export { EarlyStopping } from './early_stopping';
export { ModelCheckpoint } from './model_checkpoint';
export { LearningRateMonitor } from './lr_monitor';
export { ModelSummary } from './model_summary';
export { LiveLossCurve } from './live_curve';
export * as progress from './progress';
