// torch.utils.tensorboard's FileWriter and SummaryWriter: the same directories, file names, events
// and flushing as PyTorch's, over the event file in record.ts.
import * as os from 'os';
import * as path from 'path';
import { Tensor } from '../../tensor/tensor';
import { kwargs } from '../../ops/args';
import { EventFileWriter, EventObject, now } from './record';
import * as S from './summary';

/** Writes Event protos to an event file in `log_dir` (one file per FileWriter). */
export class FileWriter {
  readonly event_writer: EventFileWriter;
  constructor(log_dir: string, max_queue = 10, flush_secs = 120, filename_suffix = '') {
    this.event_writer = new EventFileWriter(String(log_dir), max_queue, flush_secs, filename_suffix);
  }
  get_logdir(): string { return this.event_writer.get_logdir(); }
  add_event(event: EventObject, step?: number | null, walltime?: number | null): void {
    event.wall_time = walltime ?? now();
    // proto3 leaves a zero step out of the encoding, as Python's protobuf does.
    if (step !== undefined && step !== null && Math.trunc(step) !== 0) event.step = Math.trunc(step);
    this.event_writer.add_event(event);
  }
  add_summary(summary: S.SummaryObject, global_step?: number | null, walltime?: number | null): void {
    this.add_event({ summary }, global_step, walltime);
  }
  flush(): void { this.event_writer.flush(); }
  close(): void { this.event_writer.close(); }
}

export interface SummaryWriterOptions {
  log_dir?: string | null;
  comment?: string;
  purge_step?: number | null;
  max_queue?: number;
  flush_secs?: number;
  filename_suffix?: string;
}

type Step = number | null | undefined;
type TimeOpts = { global_step?: number | null; walltime?: number | null };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** datetime.now().strftime('%b%d_%H-%M-%S'), e.g. `Nov22_14-03-05`. */
export function runTimestamp(d = new Date()): string {
  return `${MONTHS[d.getMonth()]}${pad2(d.getDate())}_${pad2(d.getHours())}-${pad2(d.getMinutes())}-${pad2(d.getSeconds())}`;
}

/**
 * Writes TensorBoard event files into `log_dir`, by default `runs/<Mon><DD>_<HH-MM-SS>_<host><comment>`.
 * `new SummaryWriter()`, `new SummaryWriter('runs/exp1')`, `new SummaryWriter({ comment: 'LR_0.1' })`.
 */
export class SummaryWriter {
  readonly log_dir: string;
  purge_step: number | null;
  readonly max_queue: number;
  readonly flush_secs: number;
  readonly filename_suffix: string;
  file_writer: FileWriter | null = null;
  all_writers: Map<string, FileWriter> | null = null;
  readonly default_bins: Float64Array;

  constructor(...args: (string | null | undefined | number | SummaryWriterOptions)[]) {
    const o = kwargs<SummaryWriterOptions>(['log_dir', 'comment', 'purge_step', 'max_queue', 'flush_secs', 'filename_suffix'], args);
    this.log_dir = o.log_dir || path.join('runs', `${runTimestamp()}_${os.hostname()}${o.comment ?? ''}`);
    this.purge_step = o.purge_step ?? null;
    this.max_queue = o.max_queue ?? 10;
    this.flush_secs = o.flush_secs ?? 120;
    this.filename_suffix = o.filename_suffix ?? '';
    this._get_file_writer();
    this.default_bins = S.defaultBins();
  }

  /** The default FileWriter, created again after close(). */
  _get_file_writer(): FileWriter {
    if (this.all_writers === null || this.file_writer === null) {
      this.file_writer = new FileWriter(this.log_dir, this.max_queue, this.flush_secs, this.filename_suffix);
      this.all_writers = new Map([[this.file_writer.get_logdir(), this.file_writer]]);
      if (this.purge_step !== null) {
        const step = this.purge_step;
        this.file_writer.add_event({ file_version: 'brain.Event:2' }, step);
        this.file_writer.add_event({ session_log: { status: 1 /* START */ } }, step);
        this.purge_step = null;
      }
    }
    return this.file_writer;
  }

  get_logdir(): string { return this.log_dir; }

  add_scalar(tag: string, scalar_value: Tensor | number | boolean, global_step?: Step | TimeOpts & { new_style?: boolean; double_precision?: boolean },
    ...rest: (Step | boolean | { walltime?: number | null; new_style?: boolean; double_precision?: boolean })[]): void {
    const o = kwargs<{ global_step: number; walltime: number; new_style: boolean; double_precision: boolean }>(
      ['global_step', 'walltime', 'new_style', 'double_precision'], [global_step, ...rest]);
    this._get_file_writer().add_summary(S.scalar(tag, scalar_value, o.new_style, o.double_precision), o.global_step, o.walltime);
  }

  /** One run per key, in `<log_dir>/<main_tag>_<key>`, each logging `main_tag`. */
  add_scalars(main_tag: string, tag_scalar_dict: Record<string, Tensor | number> | Map<string, Tensor | number>, global_step?: Step | TimeOpts, walltime?: Step | TimeOpts): void {
    const o = kwargs<TimeOpts>(['global_step', 'walltime'], [global_step, walltime]);
    const wt = o.walltime ?? now();
    const base = this._get_file_writer().get_logdir();
    for (const [tag, value] of S.entriesOf(tag_scalar_dict, 'tag_scalar_dict should be a dictionary')) {
      const fwTag = `${base}/${main_tag.replace(/\//g, '_')}_${tag}`;
      let fw = this.all_writers!.get(fwTag);
      if (!fw) {
        fw = new FileWriter(fwTag, this.max_queue, this.flush_secs, this.filename_suffix);
        this.all_writers!.set(fwTag, fw);
      }
      fw.add_summary(S.scalar(main_tag, value), o.global_step, wt);
    }
  }

  /** bins: 'tensorflow' (TensorBoard's exponential buckets, the default), a count, or the edges. */
  add_histogram(tag: string, values: S.Values, global_step?: Step | TimeOpts & { bins?: 'tensorflow' | number | ArrayLike<number>; max_bins?: number | null },
    ...rest: unknown[]): void {
    const o = kwargs<{ global_step: number; bins: 'tensorflow' | number | ArrayLike<number>; walltime: number; max_bins: number | null }>(
      ['global_step', 'bins', 'walltime', 'max_bins'], [global_step, ...rest]);
    const bins = o.bins === undefined || o.bins === 'tensorflow' ? this.default_bins : o.bins;
    this._get_file_writer().add_summary(S.histogram(tag, values, bins, o.max_bins), o.global_step, o.walltime);
  }

  add_text(tag: string, text_string: string, global_step?: Step | TimeOpts, walltime?: Step | TimeOpts): void {
    const o = kwargs<TimeOpts>(['global_step', 'walltime'], [global_step, walltime]);
    this._get_file_writer().add_summary(S.text(tag, text_string), o.global_step, o.walltime);
  }

  /**
   * Hyperparameters and their metrics for the HParams plugin, in a run of their own
   * (`<log_dir>/<run_name>`, by default the current time) where the metrics are logged as scalars.
   */
  add_hparams(hparam_dict: Record<string, S.HParamValue> | Map<string, S.HParamValue>, metric_dict: Record<string, Tensor | number> | Map<string, Tensor | number>,
    hparam_domain_discrete?: Record<string, unknown[]> | null | { hparam_domain_discrete?: Record<string, unknown[]> | null; run_name?: string | null }, run_name?: string | null): void {
    const o = kwargs<{ hparam_domain_discrete: Record<string, unknown[]> | null; run_name: string | null }>(
      ['hparam_domain_discrete', 'run_name'], [hparam_domain_discrete, run_name]);
    const isDict = (d: unknown) => d instanceof Map || (d !== null && typeof d === 'object' && Object.getPrototypeOf(d) === Object.prototype);
    if (!isDict(hparam_dict) || !isDict(metric_dict)) throw new TypeError('hparam_dict and metric_dict should be dictionary.');
    const [exp, ssi, sei] = S.hparams(hparam_dict, metric_dict, o.hparam_domain_discrete);
    const logdir = path.join(this._get_file_writer().get_logdir(), o.run_name || String(now()));
    const w = new SummaryWriter({ log_dir: logdir });
    try {
      w.file_writer!.add_summary(exp);
      w.file_writer!.add_summary(ssi);
      w.file_writer!.add_summary(sei);
      for (const [k, v] of S.entriesOf(metric_dict, '')) w.add_scalar(k, v);
    } finally {
      w.close();
    }
  }

  /** Writes every pending event to disk. */
  flush(): void {
    if (this.all_writers === null) return;
    for (const w of this.all_writers.values()) w.flush();
  }

  /** Flushes and closes the event files; a later add_* starts a new file in the same directory. */
  close(): void {
    if (this.all_writers === null) return;
    for (const w of this.all_writers.values()) { w.flush(); w.close(); }
    this.file_writer = this.all_writers = null;
  }
}
