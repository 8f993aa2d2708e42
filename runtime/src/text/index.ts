// The lecture's NLP helpers: SST-2, DataFrame, Porter stemming, CountVectorizer, and scikit-learn's
// metrics (defined in sklearn/, re-exported here as the notebooks use them).
export { DataFrame, Series, read_csv } from './frame';
export { PorterStemmer } from './porter';
export { CountVectorizer, CountVectorizerOptions } from './vectorizer';
export { csr_matrix } from './csr';
export { accuracy_score, precision_recall_fscore_support, f1_score, precision_score, recall_score, confusion_matrix } from '../sklearn/metrics';
export { load_sst2, find_sst2, download_sst2 } from './sst2';
