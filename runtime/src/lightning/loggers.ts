// Lightning's loggers (loggers/logger.py, loggers/tensorboard.py and lightning_fabric's
// TensorBoardLogger, 1.9). TensorBoardLogger is the default: event files through
// torch.utils.tensorboard.SummaryWriter in `<save_dir>/lightning_logs/version_<N>`, the next free
// N, and hparams.yaml beside them.
import * as fs from 'fs';
import * as path from 'path';
import { Tensor } from '../tensor/tensor';
import { SummaryWriter } from '../utils/tensorboard';
import { hparams as hparamsSummaries, HParamValue } from '../utils/tensorboard/summary';
import { rank_zero_info } from './log';
import { floatRepr } from '../python/repr';

export type Scalars = Record<string, number | Record<string, number>>;

export abstract class Logger {
  abstract get name(): string | null;
  abstract get version(): number | string | null;
  get save_dir(): string | null { return null; }
  get log_dir(): string | null { return null; }
  abstract log_metrics(metrics: Scalars, step?: number | null): void;
  log_hyperparams(params: Record<string, unknown>, metrics?: Record<string, number> | number | null): void {}
  log_graph(model: unknown, input_array?: unknown): void {}
  save(): void {}
  finalize(status: string): void { this.save(); }
  after_save_checkpoint(checkpoint_callback: unknown): void {}
}

/** Lightning's _flatten_dict: nested keys joined with '/'. */
function flatten(params: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const key = prefix ? `${prefix}/${k}` : k;
    if (v !== null && typeof v === 'object' && !(v instanceof Tensor) && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, key));
    else out[key] = v;
  }
  return out;
}

/** yaml.dump of a flat dict of plain values (keys sorted, as PyYAML does by default). */
export function dumpYaml(d: Record<string, unknown>): string {
  const keys = Object.keys(d).sort();
  if (!keys.length) return '{}\n';
  const scalar = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
    if (v instanceof Tensor) return scalar(v.numel() === 1 ? v.item() : String(v));
    const s = String(v);
    return /^[A-Za-z_][\w .-]*$/.test(s) && !/^(true|false|null|yes|no|on|off)$/i.test(s) && !s.endsWith(' ') ? s : `'${s.replace(/'/g, "''")}'`;
  };
  return keys.map((k) => {
    const v = d[k];
    if (Array.isArray(v)) return `${k}:\n${v.map((x) => `- ${scalar(x)}`).join('\n')}`;
    return `${k}: ${scalar(v)}`;
  }).join('\n') + '\n';
}

export interface TensorBoardLoggerOpts {
  name?: string | null;
  version?: number | string | null;
  default_hp_metric?: boolean;
  prefix?: string;
  sub_dir?: string | null;
  /** SummaryWriter's options. */
  max_queue?: number;
  flush_secs?: number;
}

export class TensorBoardLogger extends Logger {
  readonly _root_dir: string;
  readonly _name: string;
  private _version: number | string | null;
  private _experiment: SummaryWriter | null = null;
  readonly _prefix: string;
  readonly _default_hp_metric: boolean;
  readonly sub_dir: string | null;
  hparams: Record<string, unknown> = {};
  private readonly writerOpts: { max_queue?: number; flush_secs?: number };
  static readonly NAME_HPARAMS_FILE = 'hparams.yaml';

  constructor(save_dir: string, opts: TensorBoardLoggerOpts = {}) {
    super();
    this._root_dir = save_dir;
    this._name = opts.name ?? '';
    this._version = opts.version ?? null;
    this._prefix = opts.prefix ?? '';
    this._default_hp_metric = opts.default_hp_metric ?? true;
    this.sub_dir = opts.sub_dir ?? null;
    this.writerOpts = { max_queue: opts.max_queue, flush_secs: opts.flush_secs };
    if (opts.name === undefined) this._name = 'lightning_logs';
  }

  get name(): string { return this._name; }
  override get save_dir(): string { return this._root_dir; }
  /** `<save_dir>/<name>`, where the version directories are. */
  get root_dir(): string { return this._name ? path.join(this._root_dir, this._name) : this._root_dir; }
  get version(): number | string {
    if (this._version === null) this._version = this._get_next_version();
    return this._version;
  }
  override get log_dir(): string {
    const v = typeof this.version === 'string' ? this.version : `version_${this.version}`;
    const dir = path.join(this.root_dir, v);
    return this.sub_dir ? path.join(dir, this.sub_dir) : dir;
  }

  /** The SummaryWriter, created (with its directory) on first use. */
  get experiment(): SummaryWriter {
    if (!this._experiment) {
      fs.mkdirSync(this.root_dir, { recursive: true });
      this._experiment = new SummaryWriter({ log_dir: this.log_dir, ...this.writerOpts });
    }
    return this._experiment;
  }

  log_metrics(metrics: Scalars, step?: number | null): void {
    for (const [k0, v] of Object.entries(metrics)) {
      const k = this._prefix ? `${this._prefix}-${k0}` : k0;
      if (typeof v === 'object') this.experiment.add_scalars(k, v, step ?? undefined);
      else this.experiment.add_scalar(k, v, step ?? undefined);
    }
  }

  /** Hyperparameters for TensorBoard's HParams tab (with `hp_metric` -1 unless metrics are given) and hparams.yaml. */
  override log_hyperparams(params: Record<string, unknown>, metrics?: Record<string, number> | number | null): void {
    Object.assign(this.hparams, params);
    const flat = flatten(params);
    const clean: Record<string, HParamValue> = {};
    for (const [k, v] of Object.entries(flat)) {
      clean[k] = typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v instanceof Tensor || v === null ? v as HParamValue : String(v);
    }
    let m: Record<string, number> | null = null;
    if (metrics === undefined || metrics === null) m = this._default_hp_metric ? { hp_metric: -1 } : null;
    else m = typeof metrics === 'number' ? { hp_metric: metrics } : metrics;
    if (!m) return;
    this.log_metrics(m, 0);
    const [exp, ssi, sei] = hparamsSummaries(clean, m);
    const w = this.experiment._get_file_writer();
    w.add_summary(exp); w.add_summary(ssi); w.add_summary(sei);
  }

  override save(): void {
    this._experiment?.flush();
    const dir = this.log_dir;
    const file = path.join(dir, TensorBoardLogger.NAME_HPARAMS_FILE);
    if (fs.existsSync(dir) && fs.statSync(dir).isDirectory() && !fs.existsSync(file)) fs.writeFileSync(file, dumpYaml(flatten(this.hparams)));
  }

  override finalize(status: string): void {
    if (this._experiment) { this._experiment.flush(); this._experiment.close(); this._experiment = null; }
    if (status === 'success') this.save();
  }

  _get_next_version(): number {
    const root = this.root_dir;
    let entries: string[];
    try { entries = fs.readdirSync(root); } catch {
      rank_zero_info(`Missing logger folder: ${root}`);
      return 0;
    }
    const versions = entries
      .filter((e) => e.startsWith('version_') && fs.statSync(path.join(root, e)).isDirectory())
      .map((e) => Number(e.split('_')[1])).filter((n) => Number.isInteger(n));
    return versions.length ? Math.max(...versions) + 1 : 0;
  }
}
