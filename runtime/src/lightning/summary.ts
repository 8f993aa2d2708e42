// Lightning's model summary (pytorch_lightning/utilities/model_summary/model_summary.py, 1.9):
// one row per child module (max_depth 1: `named_children()`, so modules held in a plain array are
// not listed, as PyTorch does not register them), its class name and parameter count, then the
// trainable / non-trainable / total counts and the size in MB at 4 bytes a parameter.
import { Module } from '../nn/module';
import { format } from '../python/format';

const UNITS = [' ', 'K', 'M', 'B', 'T'];

/** get_human_readable_count: 123 -> '123  ', 1234 -> '1.2 K', 2e6 -> '2.0 M', 4e14 -> '400 T'. */
export function get_human_readable_count(n: number): string {
  if (n < 0) throw new Error('number must be non-negative');
  const digits = n > 0 ? Math.floor(Math.log10(n)) + 1 : 1;
  const groups = Math.min(Math.ceil(digits / 3), UNITS.length);
  const scaled = n * 10 ** (-3 * (groups - 1));
  const i = groups - 1;
  if (i < 1 || scaled >= 100) return `${format(Math.trunc(scaled), ',d')} ${UNITS[i]}`;
  return `${format(scaled, ',.1f')} ${UNITS[i]}`;
}

export function get_formatted_model_size(mb: number): string { return format(mb, ',.3f'); }

const numel = (m: Module) => [...m.parameters()].reduce((a, p) => a + p.numel(), 0);

export class ModelSummary {
  readonly layers: [string, Module][];
  constructor(readonly model: Module, readonly max_depth = 1) {
    if (!Number.isInteger(max_depth) || max_depth < -1) throw new Error(`\`max_depth\` can be -1, 0 or > 0, got ${max_depth}.`);
    const mods = max_depth === 0 ? [] : max_depth === 1 ? [...model.named_children()] : [...model.named_modules()].slice(1);
    this.layers = max_depth >= 1 ? mods.filter(([k]) => k.split('.').length - 1 < max_depth) : mods;
  }
  get layer_names(): string[] { return this.layers.map(([k]) => k); }
  get layer_types(): string[] { return this.layers.map(([, m]) => m._get_name()); }
  get param_nums(): number[] { return this.layers.map(([, m]) => numel(m)); }
  get total_parameters(): number { return numel(this.model); }
  get trainable_parameters(): number { return [...this.model.parameters()].filter((p) => p.requires_grad).reduce((a, p) => a + p.numel(), 0); }
  /** Megabytes at 32-bit precision: (precision / 8.0) * 1e-6 per parameter, as Lightning computes it. */
  get model_size(): number { return this.total_parameters * ((32 / 8) * 1e-6); }

  toString(): string {
    return format_summary_table(this.total_parameters, this.trainable_parameters, this.model_size, [
      [' ', this.layers.map((_, i) => String(i))],
      ['Name', this.layer_names],
      ['Type', this.layer_types],
      ['Params', this.param_nums.map(get_human_readable_count)],
    ]);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }
  [Symbol.for('Jupyter.display')](): Record<string, string> { return { 'text/plain': this.toString() }; }
}

/** _format_summary_table: columns left-aligned to their widest cell, ' | ' between, dashes around. */
export function format_summary_table(total: number, trainable: number, size: number, cols: [string, string[]][]): string {
  const rows = cols[0][1].length;
  const widths = cols.map(([h, v]) => Math.max(rows ? Math.max(...v.map((s) => s.length)) : 0, h.length));
  const totalWidth = widths.reduce((a, b) => a + b, 0) + 3 * (1 + cols.length);
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  const out = [line(cols.map(([h]) => h)), '-'.repeat(totalWidth)];
  for (let r = 0; r < rows; r++) out.push(line(cols.map(([, v]) => v[r])));
  out.push('-'.repeat(totalWidth));
  out.push(`${get_human_readable_count(trainable).padEnd(10)}Trainable params`);
  out.push(`${get_human_readable_count(total - trainable).padEnd(10)}Non-trainable params`);
  out.push(`${get_human_readable_count(total).padEnd(10)}Total params`);
  out.push(`${get_formatted_model_size(size).padEnd(10)}Total estimated model params size (MB)`);
  return out.join('\n');
}

export function summarize(model: Module, max_depth = 1): ModelSummary { return new ModelSummary(model, max_depth); }
