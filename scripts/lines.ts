// Lines of code per folder, printed by `npm test` (as tinygrad's sz.py is in its CI) so that growth
// is seen and decided on. A line counts when it holds code: not blank, not only a comment.
//   npm run build && node dist/scripts/lines.js
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const PRODUCT = ['runtime/src', 'kernel/src'];
const AROUND = ['test', 'bench', 'scripts'];

/** Code lines of one TypeScript source: block comments and `//` lines left out. */
export function codeLines(src: string): number {
  let n = 0, inBlock = false;
  for (const raw of src.split('\n')) {
    let line = raw.trim();
    if (inBlock) {
      const end = line.indexOf('*/');
      if (end < 0) continue;
      inBlock = false;
      line = line.slice(end + 2).trim();
    }
    while (line.startsWith('/*')) {
      const end = line.indexOf('*/', 2);
      if (end < 0) { inBlock = true; line = ''; break; }
      line = line.slice(end + 2).trim();
    }
    if (line && !line.startsWith('//')) n++;
  }
  return n;
}

/** Every folder under `dir` holding .ts files, with its own files' counts (subfolders apart). */
function folders(dir: string, out: Map<string, { files: number; lines: number }>): void {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'node_modules' && e.name !== 'fixtures') folders(p, out); continue; }
    if (!e.name.endsWith('.ts') || e.name.endsWith('.d.ts')) continue;
    const key = path.relative(root, dir);
    const f = out.get(key) ?? { files: 0, lines: 0 };
    f.files++;
    f.lines += codeLines(fs.readFileSync(p, 'utf8'));
    out.set(key, f);
  }
}

function table(title: string, tops: string[]): void {
  const rows = new Map<string, { files: number; lines: number }>();
  for (const t of tops) folders(path.join(root, t), rows);
  const w = Math.max(...[...rows.keys()].map((k) => k.length), title.length);
  let files = 0, lines = 0;
  console.log(`${title.padEnd(w)}  files  lines`);
  for (const [k, v] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`${k.padEnd(w)}  ${String(v.files).padStart(5)}  ${String(v.lines).padStart(5)}`);
    files += v.files;
    lines += v.lines;
  }
  console.log(`${'total'.padEnd(w)}  ${String(files).padStart(5)}  ${String(lines).padStart(5)}\n`);
}

if (require.main === module) {
  console.log('Lines of TypeScript per folder (code lines: not blank, not only a comment)\n');
  table('product', PRODUCT);
  table('tests, benchmarks, scripts', AROUND);
}
