// The SST-2 pipeline against NLTK, scikit-learn and pandas (fixtures from test/oracle/gen_text.py).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { zipSync } from 'fflate';
import { text, torch } from '../../../runtime/src';
import { LazyStorage } from '../../../runtime/src/tensor/lazy_storage';

const fixtures = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'text');
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(fixtures, f), 'utf8'));

describe('Porter stemmer (NLTK fixtures)', () => {
  it("equals NLTK's PorterStemmer().stem on all 15,756 distinct SST-2 tokens", () => {
    const { tokens, stems } = load('stems.json');
    const s = new text.PorterStemmer();
    const bad = (tokens as string[]).filter((t, i) => s.stem(t) !== stems[i]);
    assert.equal(tokens.length, 15756);
    assert.deepEqual(bad.slice(0, 10).map((t) => [t, s.stem(t)]), [], `${bad.length} tokens differ`);
  });
});

describe('SST-2 through read_csv, stemming and CountVectorizer (scikit-learn fixtures)', function () {
  this.timeout(60000);
  const f = load('sst2.json');
  const st = new text.PorterStemmer();
  const pre = (s: string) => s.split(/\s+/).filter(Boolean).map((w) => st.stem(w)).join(' ');
  const vec = new text.CountVectorizer();
  let train: text.DataFrame, validation: text.DataFrame, X: text.csr_matrix, D: text.csr_matrix;
  // Loaded in a hook: without the data these tests fail with the loader's message, the rest run.
  before(() => {
    ({ train, validation } = text.load_sst2());
    train.set('preprocessed', train.get('sentence').map((s) => pre(String(s))));
    validation.set('preprocessed', validation.get('sentence').map((s) => pre(String(s))));
    X = vec.fit_transform(train.get('preprocessed') as text.Series<string>);
    D = vec.transform(validation.get('preprocessed') as text.Series<string>);
  });

  it('gives the lecture\'s shapes, counts and repr', () => {
    assert.deepEqual(X.shape, f.train_shape);
    assert.equal(X.nnz, f.train_nnz);
    assert.deepEqual(D.shape, f.dev_shape);
    assert.equal(D.nnz, f.dev_nnz);
    assert.equal(String(X), f.train_repr);
  });
  it("has scikit-learn's vocabulary and rows", () => {
    assert.deepEqual(vec.get_feature_names_out(), f.features);
    for (const [i, row] of Object.entries(f.train_rows as Record<string, { cols: number[]; counts: number[] }>)) {
      const r = X.getrow(Number(i));
      assert.deepEqual([Array.from(r.indices), Array.from(r.data)], [row.cols, row.counts], `train row ${i}`);
    }
    for (const [i, row] of Object.entries(f.dev_rows as Record<string, { cols: number[]; counts: number[] }>)) {
      const r = D.getrow(Number(i));
      assert.deepEqual([Array.from(r.indices), Array.from(r.data)], [row.cols, row.counts], `dev row ${i}`);
    }
  });
  it('stems the first and last dev rows as the data README says, and prints the frame as pandas', () => {
    const p = validation.get('preprocessed').values;
    assert.equal(p[0], f.dev_first);
    assert.equal(p[1], f.dev_second);
    assert.equal(p[p.length - 1], f.dev_last);
    assert.equal(String(validation), f.dev_head_repr);
    assert.deepEqual(validation.get('label').head().tolist(), f.dev_labels_head);
    // The notebook's table is pandas' _repr_html_: every column (the text drops `label` to fit 80
    // columns, the table does not), the rows truncated the same way, cells stripped.
    const html = (frame: object) => (frame as Record<symbol, () => Record<string, string>>)[Symbol.for('Jupyter.display')]()['text/html'];
    assert.equal(html(validation), f.dev_html);
    assert.equal(html(validation.head(3)), f.dev_head_html);
  });
  it('densifies rows into tensors', () => {
    const row = X.getrow(0).toarray();
    assert.deepEqual(row.shape.slice(), [1, 10106]);
    assert.equal(row.dtype, torch.int64);
    assert.equal(row.sum().item(), f.train_rows['0'].counts.reduce((a: number, b: number) => a + b, 0));
    const t = torch.Tensor(X.getrow(0).toarray().index(0));
    assert.equal(t.dtype, torch.float32);
    // Converting a densified row (scattered from its entries) equals converting its dense copy,
    // for every row of the fixture and for views at an offset.
    for (const i of Object.keys(f.train_rows).map(Number)) {
      const lazy = X.getrow(i).toarray(), dense = lazy.clone();
      assert.deepEqual(torch.Tensor(lazy.index(0)).tolist(), torch.Tensor(dense.index(0)).tolist(), `row ${i}`);
      assert.deepEqual(torch.tensor(X.getrow(i).toarray().index('0, 100:'), { dtype: torch.float64 }).tolist(), dense.index('0, 100:').double().tolist());
      assert.deepEqual(X.getrow(i).toarray().index(0).nonzero().reshape(-1).tolist(), f.train_rows[String(i)].cols);
      assert.deepEqual(torch.Tensor(X.getrow(i).toarray().index(0)).index(torch.tensor(f.train_rows[String(i)].cols)).tolist(), f.train_rows[String(i)].counts);
    }
    // Batches of converted rows stay lazy through stacking, and a Linear layer trained on them
    // (forward X @ W^T, backward g^T @ X, both from the rows' entries) ends exactly where one
    // trained on the same batches made dense ends.
    const train = (lazy: boolean) => {
      torch.manual_seed(0);
      const lin = new torch.nn.Linear(10106, 3);
      const opt = new torch.optim.Adam(lin.parameters(), { lr: 0.01 });
      for (let step = 0; step < 4; step++) {
        const rows = Array.from({ length: 16 }, (_, r) => torch.Tensor(X.getrow(step * 16 + r).toarray().index(0)));
        let batch = torch.stack(rows);
        if (lazy) assert.ok(batch._storage instanceof LazyStorage && !batch._storage.materialized, 'batch is lazy');
        else batch = batch.clone();
        opt.zero_grad();
        lin(batch).pow(2).mean().backward();
        opt.step();
        if (lazy) assert.ok(!(batch._storage as LazyStorage).materialized, 'training did not build the batch');
      }
      return lin.weight.detach().reshape(-1).tolist() as number[];
    };
    assert.deepEqual(train(true), train(false));
    // A write materializes the row; later conversions see it.
    const w = X.getrow(0).toarray();
    w.index('0, 3').fill_(9);
    assert.equal(torch.Tensor(w.index(0)).index(3).item(), 9);
    assert.deepEqual(X.rows([5000, 0]).getrow(1).indices, X.getrow(0).indices);
    assert.equal(X.slice(0, 3).shape[0], 3);
  });
});

describe('CountVectorizer options (scikit-learn fixtures)', () => {
  const f = load('vectorizer.json');
  for (const [name, cfg] of Object.entries(f.configs as Record<string, Record<string, unknown>>)) {
    it(name, () => {
      const v = new text.CountVectorizer(cfg as text.CountVectorizerOptions);
      const M = v.fit_transform(f.corpus);
      assert.deepEqual(v.get_feature_names_out(), f.results[name].features);
      assert.deepEqual(M.toarray().tolist(), f.results[name].dense);
      assert.deepEqual(v.transform(['the lazy quick fox and a cat']).toarray().tolist(), f.results[name].transform);
    });
  }
});

describe('metrics (scikit-learn fixtures)', () => {
  const f = load('metrics.json');
  const v = f.values;
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  it('accuracy, precision/recall/F1 (binary, macro, micro, weighted, per class) and confusion matrices', () => {
    close(text.accuracy_score(f.y_true, f.y_pred), v.accuracy);
    close(text.accuracy_score(torch.tensor(f.y_true), torch.tensor(f.y_pred), { normalize: false }), v.accuracy_count);
    (text.precision_recall_fscore_support(f.y_true, f.y_pred, { average: 'binary' }).slice(0, 3) as number[]).forEach((x, i) => close(x, v.binary[i]));
    close(text.f1_score(f.y_true, f.y_pred) as number, v.f1_binary);
    for (const avg of ['macro', 'micro', 'weighted'] as const) {
      (text.precision_recall_fscore_support(f.m_true, f.m_pred, { average: avg }).slice(0, 3) as number[]).forEach((x, i) => close(x, v[avg][i]));
      close(text.f1_score(f.m_true, f.m_pred, { average: avg }) as number, v['f1_' + avg]);
    }
    const none = text.precision_recall_fscore_support(f.m_true, f.m_pred) as number[][];
    none.forEach((arr, k) => arr.forEach((x, i) => close(x, v.none[k][i])));
    assert.deepEqual(text.confusion_matrix(f.y_true, f.y_pred), v.confusion);
    assert.deepEqual(text.confusion_matrix(f.m_true, f.m_pred), v.confusion_multi);
    (text.precision_recall_fscore_support([0, 0, 1], [0, 0, 0], { average: 'binary', zero_division: 0 }).slice(0, 3) as number[]).forEach((x, i) => close(x, v.zero_division[i]));
  });
});

describe('SST-2 loader', () => {
  it('names every option when the data cannot be found', () => {
    const saved = process.env.TORCHLAB_SST2_DIR;
    delete process.env.TORCHLAB_SST2_DIR;
    assert.throws(() => text.find_sst2('/nonexistent/sst2', { shared: false }),
      (e: Error) => /Pass a directory/.test(e.message) && /set TORCHLAB_SST2_DIR/.test(e.message) && /download_sst2\(\)/.test(e.message) && /\/nonexistent\/sst2/.test(e.message));
    if (saved !== undefined) process.env.TORCHLAB_SST2_DIR = saved;
  });

  it('downloads an archive over HTTP into a cache and loads it', async () => {
    const tsv = (rows: [string, number][]) => new TextEncoder().encode('sentence\tlabel\n' + rows.map(([s, l]) => `${s} \t${l}`).join('\n') + '\n');
    const zip = zipSync({ 'SST-2/train.tsv': tsv([['a fine film', 1], ['dull', 0]]), 'SST-2/dev.tsv': tsv([['good', 1]]), 'SST-2/test.tsv': tsv([]) });
    let hits = 0;
    const server = http.createServer((req, res) => { hits++; res.writeHead(200, { 'content-type': 'application/zip' }); res.end(Buffer.from(zip)); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-sst2-'));
    try {
      const dir = await text.download_sst2({ cacheDir: cache, url: `http://127.0.0.1:${port}/SST-2.zip` });
      assert.equal(dir, cache);
      const { train, validation } = text.load_sst2(dir);
      assert.deepEqual(train.shape, [2, 2]);
      assert.deepEqual(train.get('label').tolist(), [1, 0]);
      assert.equal(validation.get('sentence').values[0], 'good ');
      await text.download_sst2({ cacheDir: cache, url: `http://127.0.0.1:${port}/SST-2.zip` });
      assert.equal(hits, 1, 'a filled cache is not downloaded again');
    } finally {
      server.close();
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
