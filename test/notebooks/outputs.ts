// Reading an executed notebook as a reader sees it: a cell's text (its streams and the text/plain of
// what it displays, one line each), its figures' data, its errors; and comparing cells with the
// oracle's fixture (test/oracle/gen_notebooks.py -> test/fixtures/notebooks.json).
import * as fs from 'fs';
import * as path from 'path';

export interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown>; ename?: string; evalue?: string; metadata?: object }
export interface Cell { cell_type: string; id?: string; source: string | string[]; outputs?: Output[]; execution_count?: number | null }
export interface Notebook { cells: Cell[]; metadata: Record<string, unknown> }

export const root = path.resolve(__dirname, '..', '..', '..');
export const lectures = fs.readdirSync(path.join(root, 'notebooks', 'src')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
export const fixture: Record<string, Record<string, Expected>> = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'notebooks.json'), 'utf8'));

/**
 * What the oracle saw: a cell's text; or for a figure the y values of each line, axes by axes; or
 * the text of what a cell displays, where it also prints what varies (an elapsed time).
 */
export type Expected = string | { traces: number[][][] } | { displays: string[] };

const join = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join('') : t ?? '');

export function readNotebook(file: string): Notebook { return JSON.parse(fs.readFileSync(file, 'utf8')); }

export function codeCells(nb: Notebook): Cell[] { return nb.cells.filter((c) => c.cell_type === 'code'); }

export function cellById(nb: Notebook, id: string): Cell {
  const c = nb.cells.find((x) => x.id === id);
  if (!c) throw new Error(`no cell named ${id}`);
  return c;
}

/** The cell's text as Jupyter shows it: streams as written, displayed values' text/plain on a line each. */
export function textOf(cell: Cell): string {
  return (cell.outputs ?? []).map((o) => (o.output_type === 'stream' ? join(o.text) : o.data ? `${join(o.data['text/plain'] as string | string[])}\n` : '')).join('');
}

/** The text/plain of what the cell displays (display_data and execute_result), in order. */
export function displaysOf(cell: Cell): string[] {
  return (cell.outputs ?? []).filter((o) => o.data).map((o) => join(o.data!['text/plain'] as string | string[]));
}

/** Only what the cell printed on stdout (Lightning's messages go to stderr, as its logger writes them). */
export function stdoutOf(cell: Cell): string {
  return (cell.outputs ?? []).filter((o) => o.output_type === 'stream' && o.name === 'stdout').map((o) => join(o.text)).join('');
}

export function errorsOf(cell: Cell): Output[] { return (cell.outputs ?? []).filter((o) => o.output_type === 'error'); }

interface PlotlyTrace { x?: number[]; y?: number[]; xaxis?: string; yaxis?: string }
interface PlotlyFigure { data: PlotlyTrace[]; layout: Record<string, unknown>; frames?: { data: PlotlyTrace[]; traces?: number[]; name?: string }[] }

/** The Plotly figures a cell displays. */
export function figuresOf(cell: Cell): PlotlyFigure[] {
  return (cell.outputs ?? []).map((o) => o.data?.['application/vnd.plotly.v1+json'] as PlotlyFigure | undefined).filter((f): f is PlotlyFigure => !!f);
}

/** A figure's lines grouped by axes (x, x2, x3, ...), each line's y values, in drawing order. */
export function tracesOf(fig: PlotlyFigure): number[][][] {
  const axes: number[][][] = [];
  for (const t of fig.data) {
    const k = t.xaxis && t.xaxis !== 'x' ? Number(t.xaxis.slice(1)) - 1 : 0;
    (axes[k] ??= []).push((t.y ?? []).map(Number));
  }
  return axes;
}

/** Numbers in a text, and the text with each number replaced by `#`, to compare numbers with a tolerance. */
function tokens(s: string): { shape: string; numbers: number[]; decimals: number[] } {
  const numbers: number[] = [], decimals: number[] = [];
  const shape = s.replace(/-?\d+(?:\.(\d+))?(?:e[-+]?\d+)?/g, (m, frac: string | undefined) => {
    numbers.push(Number(m));
    decimals.push(frac ? frac.length : 0);
    return '#';
  });
  return { shape, numbers, decimals };
}

/**
 * How far a cell's numbers may be from the oracle's: `digits` units of their last printed digit (a
 * mean loss printed with 3 decimals after thousands of float32 steps summed in another order), or
 * `rtol` relative to the value (a float32 loss printed with all its digits). Nothing: the same text.
 */
export interface Tolerance { digits?: number; rtol?: number }

/** Compare a cell's text with the oracle's: the same text, or the same text around close numbers. */
export function compareText(actual: string, expected: string, tol: Tolerance = {}): string | null {
  if (actual === expected) return null;
  if (tol.digits || tol.rtol) {
    const a = tokens(actual), e = tokens(expected);
    if (a.shape === e.shape && a.numbers.length === e.numbers.length) {
      const bound = (v: number, i: number) => Math.max((tol.digits ?? 0) * 10 ** -e.decimals[i], (tol.rtol ?? 0) * Math.abs(v)) * (1 + 1e-9);
      const bad = e.numbers.findIndex((v, i) => !(Math.abs(a.numbers[i] - v) <= bound(v, i)));
      if (bad < 0) return null;
      return `number ${bad}: ${a.numbers[bad]} where PyTorch prints ${e.numbers[bad]}`;
    }
  }
  const al = actual.split('\n'), el = expected.split('\n');
  const i = el.findIndex((l, k) => l !== al[k]);
  return `line ${i + 1}:\n  got      ${JSON.stringify(al[i])}\n  expected ${JSON.stringify(el[i])}`;
}

/** Compare a figure's lines with the oracle's values (relative tolerance; Plotly keeps 7 digits). */
export function compareTraces(actual: number[][][], expected: number[][][], rtol = 1e-5, atol = 1e-6): string | null {
  if (actual.length !== expected.length) return `${actual.length} axes, expected ${expected.length}`;
  for (let k = 0; k < expected.length; k++) {
    if (actual[k].length !== expected[k].length) return `axes ${k}: ${actual[k].length} lines, expected ${expected[k].length}`;
    for (let l = 0; l < expected[k].length; l++) {
      const a = actual[k][l], e = expected[k][l];
      if (a.length !== e.length) return `axes ${k} line ${l}: ${a.length} points, expected ${e.length}`;
      const bad = e.findIndex((v, i) => !(Math.abs(a[i] - v) <= atol + rtol * Math.abs(v)));
      if (bad >= 0) return `axes ${k} line ${l} point ${bad}: ${a[bad]}, expected ${e[bad]}`;
    }
  }
  return null;
}

/**
 * Where the printed digits may show float32 sums taken in another order than PyTorch's (another
 * blocking of a matrix product): every other checked cell must print PyTorch's text.
 */
export const TOLERANCES: Record<string, Record<string, Tolerance>> = {
  '002_pytorch_tutorial': {
    // 500 plain gradient steps take the loss from 1e7 down to float32 noise (1e-5): the first print
    // agrees to 1e-6, the last ones, residuals of rounding, to 1%.
    manual_gradients: { rtol: 1e-2 }, autograd: { rtol: 1e-2 }, custom_function: { rtol: 1e-2 },
    nn_sequential: { rtol: 1e-5 }, optimizer: { rtol: 1e-5 }, two_layer_mlp: { rtol: 1e-5 },
  },
  '003_sgd_mlp': {
    // Dozens of SGD steps on batches of two accumulate float32 rounding that differs from
    // PyTorch's: up to 1e-5 relative on the later losses.
    sgd_bs2_lr_0_02: { rtol: 1e-4 }, sgd_bs4_lr_0_02: { rtol: 1e-4 }, sgd_bs8_lr_0_02: { rtol: 1e-4 }, sgd_bs2_lr_0_001: { rtol: 1e-4 },
  },
};

/** Every mismatch between a notebook's checked cells and the fixture, as messages (none: equal). */
export function checkAgainstFixture(nb: Notebook, lecture: string, tolerances: Record<string, Tolerance> = TOLERANCES[lecture] ?? {}): string[] {
  const want = fixture[lecture];
  if (!want) return [`no fixture for ${lecture}`];
  const problems: string[] = [];
  for (const [id, expected] of Object.entries(want)) {
    const cell = nb.cells.find((c) => c.id === id);
    if (!cell) { problems.push(`${id}: no such cell`); continue; }
    let diff: string | null;
    if (typeof expected === 'string') diff = compareText(textOf(cell), expected, tolerances[id]);
    else if ('displays' in expected) {
      const got = displaysOf(cell);
      diff = got.length !== expected.displays.length ? `${got.length} displays, expected ${expected.displays.length}`
        : expected.displays.map((e, i) => compareText(got[i], e, tolerances[id])).find((d) => d) ?? null;
    } else {
      const figs = figuresOf(cell);
      diff = figs.length !== 1 ? `${figs.length} figures, expected one` : compareTraces(tracesOf(figs[0]), expected.traces, tolerances[id]?.rtol ?? 1e-5);
    }
    if (diff) problems.push(`${id}: ${diff}`);
  }
  return problems;
}

// A development aid: `node dist/test/notebooks/outputs.js notebooks/004_review.ipynb` lists mismatches.
if (require.main === module) {
  for (const file of process.argv.slice(2)) {
    const lecture = path.basename(file, '.ipynb');
    const problems = checkAgainstFixture(readNotebook(file), lecture);
    console.log(`${lecture}: ${problems.length ? problems.join('\n') : 'matches the oracle'}`);
  }
}
