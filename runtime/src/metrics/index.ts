// torchmetrics: metrics as Modules that accumulate over batches (torchmetrics 0.11's definitions).
// In a cell, `torchmetrics.Accuracy({ task: 'binary' })`, or `const { Accuracy } = torchmetrics;`
// for the lecture's `from torchmetrics import Accuracy`.
export { Metric } from './metric';
export {
  Accuracy, Precision, Recall, F1Score,
  BinaryAccuracy, BinaryPrecision, BinaryRecall, BinaryF1Score, BinaryFBetaScore,
  MulticlassAccuracy, MulticlassPrecision, MulticlassRecall, MulticlassF1Score, MulticlassFBetaScore,
} from './classification';
export type { Average, TaskOpts, TaskMetric } from './classification';
export { MeanSquaredError } from './regression';
