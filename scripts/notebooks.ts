// Builds notebooks/*.ipynb from their sources in notebooks/src/*.ts ("percent" cells: a line
// `// %%` starts a code cell, `// %% [markdown]` a markdown cell whose lines start with `// `;
// `id="name"` on that line names the cell, as the tests and oracle fixtures refer to it), then
// executes each with `jupyter nbconvert --execute` and the torchlab kernel, in a directory of its own.
//   node dist/scripts/notebooks.js [--no-execute] [name-filter]
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const srcDir = path.join(root, 'notebooks', 'src');

interface Cell { cell_type: 'code' | 'markdown'; id: string; metadata: object; source: string[]; outputs?: unknown[]; execution_count?: null }

export function parsePercent(text: string, name: string): Cell[] {
  const cells: Cell[] = [];
  let cur: { kind: 'code' | 'markdown'; id: string | null; lines: string[] } | null = null;
  const ids = new Set<string>();
  const flush = () => {
    if (!cur) return;
    while (cur.lines.length && cur.lines[cur.lines.length - 1].trim() === '') cur.lines.pop();
    while (cur.lines.length && cur.lines[0].trim() === '') cur.lines.shift();
    if (cur.lines.length) {
      const source = cur.lines.map((l, i) => (i < cur!.lines.length - 1 ? `${l}\n` : l));
      const id = cur.id ?? `${name.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40)}-${cells.length}`;
      if (ids.has(id)) throw new Error(`${name}: two cells named ${id}`);
      ids.add(id);
      cells.push(cur.kind === 'code'
        ? { cell_type: 'code', id, metadata: {}, source, outputs: [], execution_count: null }
        : { cell_type: 'markdown', id, metadata: {}, source });
    }
  };
  for (const line of text.split('\n')) {
    const m = /^\/\/ %%(.*)$/.exec(line);
    if (m) {
      flush();
      const id = /\bid="([A-Za-z0-9_-]{1,64})"/.exec(m[1]);
      cur = { kind: m[1].includes('[markdown]') ? 'markdown' : 'code', id: id ? id[1] : null, lines: [] };
      continue;
    }
    if (!cur) continue;
    cur.lines.push(cur.kind === 'markdown' ? line.replace(/^\/\/ ?/, '') : line);
  }
  flush();
  return cells;
}

/** A notebook of these cells for the torchlab kernel (what make notebooks writes and the tests execute). */
export function notebook(cells: Cell[]): object {
  return {
    cells,
    metadata: {
      kernelspec: { display_name: 'TypeScript (torchlab)', language: 'typescript', name: 'torchlab' },
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/**
 * nbformat's layout (one-space indents, keys in the order nbformat wrote them), except that arrays
 * of numbers stay on one line and JSON outputs (a Plotly figure and its frames) take one line each:
 * an animation would otherwise take a line per number and make the committed notebook several times
 * larger. Jupyter reads it as any JSON (and writes its own layout when it saves).
 */
export function compactJson(value: unknown, indent = '', key = ''): string {
  if (/^application\/(.+\+)?json$/.test(key)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    if (value.every((v) => v === null || typeof v === 'number' || typeof v === 'boolean')) return JSON.stringify(value);
    const inner = indent + ' ';
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (!entries.length) return '{}';
    const inner = indent + ' ';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner, k)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function main(): void {
  const args = process.argv.slice(2);
  const execute = !args.includes('--no-execute');
  const filter = args.find((a) => !a.startsWith('--')) ?? '';
  const sources = fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts') && f.includes(filter)).sort();
  const built: string[] = [];
  for (const f of sources) {
    const name = f.replace(/\.ts$/, '');
    const out = path.join(root, 'notebooks', `${name}.ipynb`);
    fs.writeFileSync(out, JSON.stringify(notebook(parsePercent(fs.readFileSync(path.join(srcDir, f), 'utf8'), name)), null, 1) + '\n');
    built.push(out);
  }
  if (!execute) return;
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-kernelspec-'));
  execFileSync(process.execPath, [path.join(root, 'dist', 'kernel', 'src', 'cli.js'), 'install', '--prefix', prefix], { stdio: 'inherit' });
  const env = { ...process.env, JUPYTER_PATH: path.join(prefix, 'share', 'jupyter') };
  for (const nb of built) {
    console.log(`executing ${path.relative(root, nb)}`);
    // Each lecture runs in a directory of its own, so what it writes (torch.save's files,
    // TensorBoard's runs/, Lightning's lightning_logs/) stays out of the repository and a rerun
    // starts as the first did (Lightning's version_0).
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-lecture-'));
    const copy = path.join(work, path.basename(nb));
    fs.copyFileSync(nb, copy);
    const started = Date.now();
    try {
      execFileSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--inplace',
        '--ExecutePreprocessor.kernel_name=torchlab', '--ExecutePreprocessor.timeout=1800', copy], { stdio: 'inherit', env, cwd: work });
      fs.writeFileSync(nb, compactJson(JSON.parse(fs.readFileSync(copy, 'utf8'))) + '\n');
      console.log(`executed ${path.relative(root, nb)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  fs.rmSync(prefix, { recursive: true, force: true });
}

if (require.main === module) main();
