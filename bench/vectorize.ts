// Vectorizing SST-2 train (whitespace tokens, Porter stemming, CountVectorizer.fit_transform):
// torchlab vs the lecture's Python pipeline (NLTK + scikit-learn), timed in the same run.
import { execFileSync } from 'child_process';
import { text } from '../runtime/src';
import { pythonEnv, table } from './harness';

export function run(): void {
  const dir = text.find_sst2();
  const times: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const t0 = process.hrtime.bigint();
    const { train } = text.load_sst2(dir);
    const st = new text.PorterStemmer();
    const docs = (train.get('sentence').values as string[]).map((s) => s.split(/\s+/).filter(Boolean).map((w) => st.stem(w)).join(' '));
    const X = new text.CountVectorizer().fit_transform(docs);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (X.nnz !== 535539) throw new Error(`unexpected nnz ${X.nnz}`);
  }
  const py = `
import time, pandas as pd
from nltk.stem import PorterStemmer
from sklearn.feature_extraction.text import CountVectorizer
ts = []
for _ in range(3):
    t0 = time.perf_counter()
    train = pd.read_csv(${JSON.stringify(dir + '/train.tsv')}, sep="\\t")
    st = PorterStemmer()
    docs = [" ".join(st.stem(w) for w in s.split()) for s in train.sentence]
    X = CountVectorizer().fit_transform(docs)
    ts.append(time.perf_counter() - t0)
print(sorted(ts)[1])
`;
  const theirs = Number(execFileSync('/usr/bin/python3', ['-c', py], { env: pythonEnv(), encoding: 'utf8' }).trim().split('\n').pop());
  times.sort((a, b) => a - b);
  table([{ name: 'SST-2 train: read, stem, fit_transform', ours: times[1], torch: theirs, extra: '' }], 'NLTK+sklearn');
}

if (require.main === module) run();
