// scikit-learn's CountVectorizer: lowercase, tokens of two or more word characters, optional stop
// words and n-grams, a sorted vocabulary, document-frequency limits, counts in CSR form.
import { ValueError } from '../errors';
import { NotFittedError } from '../sklearn/exceptions';
import { csr_matrix } from './csr';
import { ENGLISH_STOP_WORDS } from './stop_words';

/** Python's `(?u)\b\w\w+\b`: maximal runs of two or more Unicode word characters. */
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

export interface CountVectorizerOptions {
  lowercase?: boolean;
  stop_words?: 'english' | string[] | null;
  ngram_range?: [number, number];
  min_df?: number;
  max_df?: number;
  max_features?: number | null;
  binary?: boolean;
  vocabulary?: string[] | Record<string, number> | null;
}

type Docs = Iterable<unknown> | { values: ArrayLike<unknown> };

/** Documents from an array, a Series (its values) or any iterable, as strings. */
function docsOf(d: Docs): string[] {
  const v = (d as { values?: unknown }).values;
  const items = v && typeof v === 'object' ? Array.from(v as ArrayLike<unknown>) : Array.from(d as Iterable<unknown>);
  return items.map((x) => (typeof x === 'string' ? x : String(x)));
}

export class CountVectorizer {
  readonly lowercase: boolean;
  readonly stop_words: ReadonlySet<string> | null;
  readonly ngram_range: [number, number];
  readonly min_df: number;
  readonly max_df: number;
  readonly max_features: number | null;
  readonly binary: boolean;
  vocabulary_ = new Map<string, number>();
  private fixed: boolean;

  constructor(o: CountVectorizerOptions = {}) {
    this.lowercase = o.lowercase ?? true;
    this.stop_words = o.stop_words === 'english' ? ENGLISH_STOP_WORDS : o.stop_words ? new Set(o.stop_words) : null;
    this.ngram_range = o.ngram_range ?? [1, 1];
    this.min_df = o.min_df ?? 1;
    this.max_df = o.max_df ?? 1.0;
    this.max_features = o.max_features ?? null;
    this.binary = o.binary ?? false;
    this.fixed = false;
    if (o.vocabulary) {
      const entries: [string, number][] = Array.isArray(o.vocabulary) ? o.vocabulary.map((w, i) => [w, i]) : Object.entries(o.vocabulary);
      this.vocabulary_ = new Map(entries);
      this.fixed = true;
    }
  }

  /** Tokens and n-grams of one document, in order. */
  build_analyzer(): (doc: string) => string[] {
    const [lo, hi] = this.ngram_range;
    return (doc: string) => {
      const text = this.lowercase ? doc.toLowerCase() : doc;
      let tokens: string[] = text.match(TOKEN) ?? [];
      if (this.stop_words) tokens = tokens.filter((t) => !this.stop_words!.has(t));
      if (lo === 1 && hi === 1) return tokens;
      const out: string[] = lo === 1 ? tokens.slice() : [];
      for (let n = Math.max(2, lo); n <= hi; n++) {
        for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
      }
      return out;
    };
  }

  /** Count into CSR with the given vocabulary; new terms are added when `grow`. */
  private count(docs: string[], vocab: Map<string, number>, grow: boolean): csr_matrix {
    const analyze = this.build_analyzer();
    const indptr = new Int32Array(docs.length + 1);
    let cols: number[] = [], vals: number[] = [];
    const row = new Map<number, number>();
    docs.forEach((doc, r) => {
      row.clear();
      for (const t of analyze(doc)) {
        let j = vocab.get(t);
        if (j === undefined) { if (!grow) continue; j = vocab.size; vocab.set(t, j); }
        row.set(j, (row.get(j) ?? 0) + 1);
      }
      const keys = [...row.keys()].sort((a, b) => a - b);
      for (const j of keys) { cols.push(j); vals.push(this.binary ? 1 : row.get(j)!); }
      indptr[r + 1] = cols.length;
    });
    const m = new csr_matrix(Float64Array.from(vals), Int32Array.from(cols), indptr, [docs.length, vocab.size]);
    cols = []; vals = [];
    return m;
  }

  fit_transform(raw: Docs): csr_matrix {
    const docs = docsOf(raw);
    if (this.fixed) return this.transform(docs);
    const provisional = new Map<string, number>();
    let X = this.count(docs, provisional, true);
    // Document frequencies and total counts per provisional column.
    const V = provisional.size;
    if (V === 0) throw new ValueError('empty vocabulary; perhaps the documents only contain stop words');
    const df = new Float64Array(V), tf = new Float64Array(V);
    for (let k = 0; k < X.indices.length; k++) { df[X.indices[k]] += 1; tf[X.indices[k]] += X.data[k]; }
    const n = docs.length;
    // JS cannot tell 1 from 1.0: max_df up to 1 and min_df below 1 are proportions, others counts.
    const maxDoc = this.max_df <= 1 ? this.max_df * n : this.max_df;
    const minDoc = this.min_df < 1 ? this.min_df * n : this.min_df;
    if (maxDoc < minDoc) throw new ValueError('max_df corresponds to < documents than min_df');
    let keep = [...provisional].filter(([, j]) => df[j] <= maxDoc && df[j] >= minDoc);
    if (this.max_features !== null && keep.length > this.max_features) {
      keep = keep.sort((a, b) => tf[b[1]] - tf[a[1]] || (a[0] < b[0] ? -1 : 1)).slice(0, this.max_features);
    }
    if (keep.length === 0) throw new ValueError('After pruning, no terms remain. Try a lower min_df or a higher max_df.');
    const terms = keep.map(([t]) => t).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.vocabulary_ = new Map(terms.map((t, i) => [t, i]));
    // Remap provisional columns to sorted ones, dropping pruned terms.
    const remap = new Int32Array(V).fill(-1);
    for (const [t, j] of provisional) { const k = this.vocabulary_.get(t); if (k !== undefined) remap[j] = k; }
    X = this.remap(X, remap, terms.length);
    return X;
  }

  private remap(X: csr_matrix, remap: Int32Array, width: number): csr_matrix {
    const n = X.shape[0];
    const indptr = new Int32Array(n + 1);
    const cols: number[] = [], vals: number[] = [];
    for (let r = 0; r < n; r++) {
      const pairs: [number, number][] = [];
      for (let k = X.indptr[r]; k < X.indptr[r + 1]; k++) if (remap[X.indices[k]] >= 0) pairs.push([remap[X.indices[k]], X.data[k]]);
      pairs.sort((a, b) => a[0] - b[0]);
      for (const [c, v] of pairs) { cols.push(c); vals.push(v); }
      indptr[r + 1] = cols.length;
    }
    return new csr_matrix(Float64Array.from(vals), Int32Array.from(cols), indptr, [n, width]);
  }

  fit(raw: Docs): this { this.fit_transform(raw); return this; }

  transform(raw: Docs): csr_matrix {
    if (this.vocabulary_.size === 0) throw new NotFittedError('Vocabulary not fitted or provided');
    return this.count(docsOf(raw), this.vocabulary_, false);
  }

  get_feature_names_out(): string[] {
    const out = new Array<string>(this.vocabulary_.size);
    for (const [t, j] of this.vocabulary_) out[j] = t;
    return out;
  }

  toString(): string { return 'CountVectorizer()'; }
}
