// scikit-learn's helpers the lectures use beside PyTorch (sklearn.metrics); `text` re-exports them.
export * as metrics from './metrics';
export * as exceptions from './exceptions';
