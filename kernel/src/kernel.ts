// The torchlab kernel: TypeScript cells compiled against the declarations of earlier cells and run
// with a PyTorch-like runtime preloaded. This (main) thread runs cells; the control thread
// (control.ts) owns every socket, so a cell that keeps this thread busy still streams its output.
//   node dist/kernel/src/kernel.js <connection_file>
// First: V8's compiled code for the modules loaded next (the TypeScript compiler, the runtime) is
// kept between starts, in a cache keyed by each file's content.
import 'v8-compile-cache';
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'worker_threads';
import { isCompleteCode } from 'tslab/dist/converter';
import ts = require('@tslab/typescript-for-tslab');
import type { ControlData, FromControl, Parent, Request, ToControl } from './control';
import { Converter } from './converter';
import { postExecute, setSink, toBundle } from './display';
import { diagnosticsError, exceptionError, ErrorContent } from './errors';
import { Cancelled, CellContext, Executor } from './executor';
import { InterruptState, KeyboardInterrupt, Phase, Slot, newSharedState } from './interrupt';
import { prelude } from './preload';
import { EOFError, StdinNotImplementedError, setReader } from './stdin';
import { completionReply, inspectReply } from './inspect';

interface ConnectionInfo {
  ip: string; transport: string; key: string; signature_scheme: string;
  shell_port: number; iopub_port: number; stdin_port: number; control_port: number; hb_port: number;
}

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const stderrFd = (s: string) => { try { fs.writeSync(2, s); } catch { /* stderr closed */ } };
const log = (s: string) => stderrFd(`torchlab kernel: ${s}\n`);

// Each cell leaves compiler garbage behind; collecting it while idle keeps the footprint flat
// without pausing a running cell.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;
const GC_EVERY = 20;

export const kernelInfo = {
  status: 'ok',
  protocol_version: '5.3',
  implementation: 'torchlab',
  implementation_version: pkg.version,
  language_info: {
    name: 'typescript', version: ts.version, mimetype: 'text/typescript', file_extension: '.ts',
    pygments_lexer: 'typescript', codemirror_mode: { name: 'javascript', typescript: true },
  },
  banner: `torchlab ${pkg.version}: TypeScript ${ts.version} with a PyTorch-like runtime (torch, nn, optim, F, plt) preloaded`,
  help_links: [{ text: 'torchlab', url: 'https://www.npmjs.com/package/torchlab' }],
};

/** The execute_request being run. */
interface Running { msg: Request; ctx: CellContext | null; startEpoch: number; allowStdin: boolean; stop: (e: unknown) => void; stopped: Promise<never> }

class Kernel {
  private converter!: Converter;
  private executor!: Executor;
  private readonly ready: Promise<void>;
  private count = 0;
  private history: [number, number, string][] = [];
  private queue: Promise<void> = Promise.resolve();
  private current: Running | null = null;
  /** Where output from outside any running cell goes (a timer a finished cell left): the latest cell, as ipykernel does. */
  private lastParent: Request | null = null;
  private clearPending = false;
  /** Execute requests that arrived before this one (by `seq`) are aborted: they were queued when a cell failed. */
  private abortThrough = 0;
  /** Set from a failed cell until the control thread says which requests had arrived by then. */
  private boundary: Promise<void> | null = null;
  private onBoundary: (() => void) | null = null;
  private exiting = false;
  private executions = 0;
  readonly interrupts: InterruptState;

  constructor(private readonly io: Worker, private readonly inputs: MessagePort, shared: Int32Array) {
    this.interrupts = new InterruptState(shared);
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    // Let the control thread bind and answer the first kernel_info before the compiler loads.
    await new Promise((r) => setImmediate(r));
    this.converter = new Converter(process.cwd());
    this.executor = new Executor(this.converter, this.interrupts);
    this.executor.installTimers();
    const compiled = this.converter.compile(prelude());
    if (compiled.diagnostics.length) {
      log(`the runtime preload failed:\n${diagnosticsError(compiled.diagnostics, prelude(), false).traceback.join('\n')}`);
    } else {
      try { this.executor.run(compiled, this.executor.context(null), prelude(), 'preload'); compiled.commit(); } catch (e) { log(`the runtime preload failed: ${(e as Error)?.stack ?? e}`); }
    }
    this.post({ op: 'ready' });
  }

  private post(m: ToControl): void {
    try { this.io.postMessage(m); } catch {
      // A value that structured clone refuses (a function in a bundle): send its JSON form.
      this.io.postMessage(JSON.parse(JSON.stringify(m, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))));
    }
  }

  private send(parent: Parent, type: string, content: object, metadata?: Record<string, unknown>, boundary = false): void {
    this.post({ op: 'send', channel: 'shell', parent: { identities: parent.identities, header: parent.header }, type, content, metadata, boundary });
  }

  publish(parent: Parent, type: string, content: object): void {
    const p = { identities: [], header: parent.header };
    if (this.clearPending && type !== 'status' && type !== 'execute_input' && type !== 'clear_output') {
      this.clearPending = false;
      this.post({ op: 'send', channel: 'iopub', parent: p, type: 'clear_output', content: { wait: false } });
    }
    this.post({ op: 'send', channel: 'iopub', parent: p, type, content });
  }

  // ---- requests -------------------------------------------------------------------------------

  onRequest(msg: Request): void {
    // One request at a time, each wrapped in busy/idle; a failure never stops the queue.
    this.queue = this.queue.then(() => this.dispatch(msg)).catch((e) => log(`${e?.stack ?? e}`));
  }

  private async dispatch(msg: Request): Promise<void> {
    if (this.exiting) return;
    const type = msg.header.msg_type as string;
    if (type === 'execute_request' && this.boundary) await this.boundary;
    if (type === 'execute_request' && msg.seq <= this.abortThrough) {
      this.publish(msg, 'status', { execution_state: 'busy' });
      this.send(msg, 'execute_reply', { status: 'aborted' }, { status: 'aborted' });
      this.publish(msg, 'status', { execution_state: 'idle' });
      return;
    }
    let shutdown = false;
    this.publish(msg, 'status', { execution_state: 'busy' });
    try {
      const c = msg.content;
      const reply = (t: string, content: object) => this.send(msg, t, content);
      switch (type) {
        case 'kernel_info_request': reply('kernel_info_reply', kernelInfo); break;
        case 'execute_request': await this.execute(msg); break;
        case 'is_complete_request': reply('is_complete_reply', isComplete(String(c.code ?? ''))); break;
        case 'complete_request': await this.ready; reply('complete_reply', completionReply(this.converter, String(c.code ?? ''), cursor(c))); break;
        case 'inspect_request': await this.ready; reply('inspect_reply', inspectReply(this.converter, String(c.code ?? ''), cursor(c))); break;
        case 'history_request': reply('history_reply', { status: 'ok', history: this.historyFor(c) }); break;
        case 'comm_info_request': reply('comm_info_reply', { status: 'ok', comms: {} }); break;
        case 'connect_request': reply('connect_reply', { status: 'ok' }); break;
        case 'comm_open':
          // No comm targets: close it, as ipykernel does for an unknown target.
          this.publish(msg, 'comm_close', { comm_id: c.comm_id, data: {} });
          break;
        case 'comm_msg': case 'comm_close': break;
        case 'shutdown_request': {
          const restart = Boolean(c.restart);
          reply('shutdown_reply', { status: 'ok', restart });
          this.publish(msg, 'shutdown_reply', { status: 'ok', restart });
          shutdown = true;
          break;
        }
        default:
          log(`unknown message type ${JSON.stringify(type)} on shell (ignored)`);
      }
    } catch (e) {
      log(`failed to handle ${type}: ${(e as Error)?.stack ?? e}`);
    } finally {
      this.publish(msg, 'status', { execution_state: 'idle' });
    }
    if (shutdown) await this.exit(0);
  }

  private async execute(msg: Request): Promise<void> {
    const c = msg.content;
    if (typeof c.code !== 'string') { log('an execute_request without code (ignored)'); return; }
    const code = c.code, silent = Boolean(c.silent);
    const storeHistory = c.store_history === undefined ? !silent : Boolean(c.store_history);
    if (!silent && storeHistory) this.count++;
    const count = this.count;
    if (!silent) this.publish(msg, 'execute_input', { code, execution_count: count });
    if (storeHistory && !silent) this.history.push([1, count, code]);
    this.lastParent = msg;
    this.clearPending = false;
    let stop!: (e: unknown) => void;
    const stopped = new Promise<never>((_, reject) => { stop = reject; });
    stopped.catch(() => undefined);
    // The cell counts as running from here (its execute_input is out): interrupts from now on are
    // for it, including one that comes while the kernel is still starting; earlier ones are not.
    const run: Running = this.current = { msg, ctx: null, startEpoch: this.interrupts.epoch, allowStdin: Boolean(c.allow_stdin), stop, stopped };
    this.interrupts.consume();
    let result: { value?: unknown } | undefined;
    let error: ErrorContent | null = null;
    try {
      await Promise.race([this.ready, stopped]);
      const ctx = run.ctx = this.executor.context(msg);
      if (this.interrupts.pending()) { this.interrupts.consume(); throw new KeyboardInterrupt(); }
      const compiled = this.interrupts.within(Phase.compiling, () => this.converter.compile(code));
      // An interrupt that arrived while compiling stops the cell before it runs.
      if (this.interrupts.pending()) { this.interrupts.consume(); throw new KeyboardInterrupt(); }
      if (compiled.diagnostics.length) {
        error = diagnosticsError(compiled.diagnostics, code, compiled.diagnostics.every((d) => d.code < 2000));
      } else {
        try {
          let r = this.executor.run(compiled, ctx, code, `In [${count}]`);
          if (r instanceof Promise) {
            r.catch(() => undefined);
            r = await Promise.race([r, run.stopped]);
          }
          result = r as typeof result;
        } finally {
          compiled.commit();
        }
      }
    } catch (e) {
      error = exceptionError(e, (f) => this.executor?.source(f));
    }
    if (!error && result && result.value != null && !silent) {
      try {
        this.publish(msg, 'execute_result', { data: toBundle(result.value), metadata: {}, execution_count: count });
      } catch (e) {
        error = exceptionError(e, (f) => this.executor?.source(f));
      }
    }
    // What the runtime shows after each cell (figures still open), as part of this cell's output.
    if (run.ctx) {
      try { this.executor.als.run(run.ctx, postExecute); } catch (e) { error ??= exceptionError(e, (f) => this.executor?.source(f)); }
    }
    this.current = null;
    if (error) {
      this.publish(msg, 'error', error);
      const abort = !silent && c.stop_on_error !== false;
      if (abort) this.boundary ??= new Promise<void>((resolve) => { this.onBoundary = resolve; });
      this.send(msg, 'execute_reply', { status: 'error', execution_count: count, ...error }, { status: 'error' }, abort);
    } else {
      this.send(msg, 'execute_reply', { status: 'ok', execution_count: count, user_expressions: {}, payload: [] }, { status: 'ok' });
    }
    if (++this.executions % GC_EVERY === 0) setTimeout(collect, 0);
  }

  /**
   * After an error, the execute requests that had reached the kernel when the error reply left
   * are aborted, as ipykernel's stop_on_error aborts what waits in its queue. The control thread,
   * which receives the requests and sends the reply, counts them as it sends the reply.
   */
  onAbortBoundary(seq: number): void {
    this.abortThrough = Math.max(this.abortThrough, seq);
    this.boundary = null;
    this.onBoundary?.();
    this.onBoundary = null;
  }

  private historyFor(c: { hist_access_type?: string; n?: number; start?: number; stop?: number; pattern?: string; output?: boolean; unique?: boolean }) {
    let h = this.history;
    if (c.hist_access_type === 'range') h = h.filter(([, n]) => (c.start === undefined || n >= c.start) && (c.stop === undefined || n < c.stop));
    if (c.hist_access_type === 'search' && typeof c.pattern === 'string') {
      const re = new RegExp('^' + c.pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's');
      h = h.filter(([, , src]) => re.test(src));
      if (c.unique) h = h.filter(([, , src], i) => !h.slice(i + 1).some(([, , later]) => later === src));
    }
    if (c.hist_access_type === 'tail' || c.hist_access_type === 'search') h = h.slice(-(Number(c.n) || 10));
    return c.output ? h.map(([s, n, src]) => [s, n, [src, null]]) : h;
  }

  // ---- interrupts, output, input ----------------------------------------------------------------

  /** An interrupt_request: the control thread already stopped a blocked cell; an awaiting cell is stopped here. */
  onInterrupt(epoch: number): void {
    const run = this.current;
    if (run && epoch > run.startEpoch) {
      if (run.ctx) this.executor.cancel(run.ctx);
      run.stop(new KeyboardInterrupt());
    }
    this.interrupts.consume();
  }

  /** The request output goes to; none for a cancelled cell's leftovers. */
  private outputParent(): Request | null {
    const ctx = this.executor?.als.getStore();
    if (ctx?.cancelled) return null;
    return this.current?.msg ?? this.lastParent;
  }

  install(): void {
    for (const name of ['stdout', 'stderr'] as const) {
      process[name].write = ((chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        const parent = this.outputParent();
        if (parent) this.publish(parent, 'stream', { name, text });
        else if (!this.executor?.als.getStore()?.cancelled) fs.writeSync(name === 'stdout' ? 1 : 2, text);
        const done = typeof enc === 'function' ? enc : cb;
        if (typeof done === 'function') done();
        return true;
      }) as typeof process.stdout.write;
    }
    setSink({
      display: (data, metadata, transient, update) => {
        const parent = this.outputParent();
        if (parent) this.publish(parent, update ? 'update_display_data' : 'display_data', { data, metadata, transient });
      },
      clear: (wait) => {
        const parent = this.outputParent();
        if (!parent) return;
        if (wait) this.clearPending = true; else this.publish(parent, 'clear_output', { wait: false });
      },
    });
    setReader((prompt, password) => this.readLine(prompt, password));
  }

  /** input(): asks the frontend over stdin and blocks this thread until it answers or an interrupt comes. */
  private readLine(prompt: string, password: boolean): string {
    const run = this.current;
    if (!run || !run.ctx || this.executor.als.getStore() !== run.ctx || !run.allowStdin) {
      throw new StdinNotImplementedError('raw_input was called, but this frontend does not support input requests.');
    }
    const shared = this.interrupts.shared;
    Atomics.store(shared, Slot.stdin, 0);
    this.post({ op: 'input', parent: { identities: run.msg.identities, header: run.msg.header }, prompt, password });
    for (;;) {
      Atomics.wait(shared, Slot.stdin, 0, 100);
      const state = Atomics.load(shared, Slot.stdin);
      if (state === 1) break;
      if (state === 2 || this.interrupts.pending() || Atomics.load(shared, Slot.shutdown)) {
        this.interrupts.consume();
        throw new KeyboardInterrupt('Interrupted by user');
      }
    }
    const value = (receiveMessageOnPort(this.inputs)?.message as { value?: string } | undefined)?.value ?? '';
    if (value === '\x04') throw new EOFError();
    return value;
  }

  /** An error raised outside any cell's own run (a timer, a promise) goes to the cell output goes to, as stderr. */
  lateError(kind: string, e: unknown): void {
    if (e instanceof Cancelled) return;
    const err = exceptionError(e, (f) => this.executor?.source(f));
    const text = `${kind}: ${err.traceback.join('\n')}\n`;
    const parent = this.outputParent();
    if (parent) this.publish(parent, 'stream', { name: 'stderr', text });
    else if (!this.executor?.als.getStore()?.cancelled) stderrFd(text);
  }

  /** Closes the control thread (and with it every socket), then exits. */
  async exit(code: number): Promise<void> {
    if (this.exiting) return;
    this.exiting = true;
    const closed = new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 5000);
      this.io.once('exit', () => { clearTimeout(t); resolve(); });
    });
    this.post({ op: 'close' });
    await closed;
    process.exit(code);
  }
}

function cursor(c: Record<string, unknown>): number {
  const n = Number(c.cursor_pos);
  return Number.isFinite(n) && n >= 0 ? n : String(c.code ?? '').length;
}

interface ParseDiagnostic { start: number }

/** is_complete: 'incomplete' while brackets or statements are open, 'invalid' for syntax errors. */
export function isComplete(code: string): { status: string; indent?: string } {
  const r = isCompleteCode(code);
  if (!r.completed) return { status: 'incomplete', indent: r.indent ?? '' };
  const sf = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return { status: (sf as unknown as { parseDiagnostics: ParseDiagnostic[] }).parseDiagnostics.length ? 'invalid' : 'complete' };
}

/** Reading stdin gets end-of-file at once, instead of waiting forever on the pipe Jupyter leaves open. */
function detachStdin(): void {
  try {
    fs.closeSync(0);
    const fd = fs.openSync('/dev/null', 'r');
    if (fd !== 0) fs.closeSync(fd);
  } catch { /* no /dev/null: leave stdin as it is */ }
}

export async function main(connectionFile: string): Promise<void> {
  const info = JSON.parse(fs.readFileSync(connectionFile, 'utf8')) as ConnectionInfo;
  detachStdin();
  const shared = newSharedState();
  const requests = new MessageChannel(), inputs = new MessageChannel();
  const data: ControlData = { ...info, kernel_info: kernelInfo, shared, input: inputs.port1, requests: requests.port1 };
  const io = new Worker(path.join(__dirname, 'control.js'), { workerData: data, transferList: [inputs.port1, requests.port1] });
  const kernel = new Kernel(io, inputs.port2, shared);
  requests.port2.on('message', (m: Request) => kernel.onRequest(m));
  io.on('message', (m: FromControl) => {
    if (m.op === 'interrupt') kernel.onInterrupt(m.epoch);
    else if (m.op === 'boundary') kernel.onAbortBoundary(m.seq);
    else if (m.op === 'shutdown') void kernel.exit(0);
  });
  io.on('error', (e) => log(`control thread failed: ${e?.stack ?? e}`));
  // Without its sockets the kernel is unreachable: end, so that the frontend sees it die.
  io.on('exit', (code) => { if (code !== 0) { log(`control thread exited with code ${code}`); process.exit(1); } });
  // SIGINT stops code running under breakOnSigint; outside it (awaiting, idle) it is not fatal.
  process.on('SIGINT', () => undefined);
  process.on('uncaughtException', (e) => kernel.lateError('UncaughtException', e));
  process.on('unhandledRejection', (e) => kernel.lateError('UnhandledPromiseRejection', e));
  kernel.install();
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) { stderrFd('usage: node kernel.js <connection_file>\n'); process.exit(2); }
  main(file).catch((e) => { log(`${e?.stack ?? e}`); process.exit(1); });
}
