// The torchlab kernel: tslab's TypeScript executor and converter behind a Jupyter protocol server
// of our own (shell, iopub and stdin here; control and heartbeat on a worker thread).
//   node dist/kernel/src/kernel.js <connection_file>
import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Worker } from 'worker_threads';
import * as zmq from 'zeromq';
import { isCompleteCode } from 'tslab/dist/converter';
// tslab's converter with Python's operators on tensors (`a + b`, `w -= g`, `x[mask]`) in cells.
import { createConverter } from './transform/converter';
import { createExecutor, Executor } from 'tslab/dist/executor';
import { printQuickInfo } from 'tslab/dist/inspect';
import * as ts from '@tslab/typescript-for-tslab';
import { Message, Signer, SendQueue, decode, reply } from './wire';
import { postExecute, setSink, toBundle } from './display';
import { prelude } from './preload';
import { formatError, Failure } from './errors';

interface ConnectionInfo {
  ip: string; transport: string; key: string; signature_scheme: string;
  shell_port: number; iopub_port: number; stdin_port: number; control_port: number; hb_port: number;
}

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const stderrFd = (s: string) => fs.writeSync(2, s);

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

/** What one execution collects from the executor's console. */
interface Run { result: unknown; hasResult: boolean; failures: Failure[] }

class Kernel {
  private executor!: Executor;
  private ready: Promise<void>;
  private count = 0;
  private history: [number, number, string][] = [];
  private queue: Promise<void> = Promise.resolve();
  private run: Run | null = null;
  /** The request whose cell gets stream output (also output printed later, by timers). */
  private parent: Message | null = null;
  private clearPending = false;

  constructor(private readonly iopub: SendQueue, private readonly shellOut: SendQueue) {
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    // Let the server answer kernel_info first; the converter takes a couple of seconds to build.
    await new Promise((r) => setImmediate(r));
    const node = createConverter({ isJS: false, isBrowser: false });
    let browser: ReturnType<typeof createConverter> | null = null;
    const convs = {
      node,
      get browser() { return (browser ??= createConverter({ isJS: false, isBrowser: true })); },
      close: () => { node.close(); browser?.close(); },
    };
    this.executor = createExecutor(process.cwd(), convs, {
      log: (v: unknown) => { if (this.run) { this.run.result = v; this.run.hasResult = true; } },
      error: (...args: unknown[]) => { this.run?.failures.push(args); },
    });
    this.run = { result: undefined, hasResult: false, failures: [] };
    const ok = await this.executor.execute(prelude());
    if (!ok) stderrFd(`torchlab kernel: the runtime preload failed:\n${formatError(this.run.failures).traceback.join('\n')}\n`);
    this.run = null;
  }

  private patchStreams(): void {
    for (const name of ['stdout', 'stderr'] as const) {
      process[name].write = ((chunk: string | Uint8Array, enc?: unknown, cb?: unknown) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        if (this.parent) this.publish(this.parent, 'stream', { name, text });
        else fs.writeSync(name === 'stdout' ? 1 : 2, text);
        const done = typeof enc === 'function' ? enc : cb;
        if (typeof done === 'function') done();
        return true;
      }) as typeof process.stdout.write;
    }
  }

  publish(parent: Message, type: string, content: object): void {
    if (this.clearPending && type !== 'status' && type !== 'execute_input' && type !== 'clear_output') {
      this.clearPending = false;
      void this.iopub.send(reply(parent, 'clear_output', { wait: false }, [Buffer.from(`kernel.${type}`)]));
    }
    void this.iopub.send(reply(parent, type, content, [Buffer.from(`kernel.${type}`)]));
  }

  handle(frames: Buffer[], signer: Signer): void {
    const msg = decode(frames, signer);
    if (!msg) { stderrFd('torchlab kernel: ignored a shell message with a bad signature or framing\n'); return; }
    // One request at a time, each wrapped in busy/idle; a failure never stops the queue.
    this.queue = this.queue.then(() => this.dispatch(msg)).catch((e) => { stderrFd(`torchlab kernel: ${e?.stack ?? e}\n`); });
  }

  private async dispatch(msg: Message): Promise<void> {
    this.publish(msg, 'status', { execution_state: 'busy' });
    try {
      const t = msg.header.msg_type;
      const send = (type: string, content: object) => this.shellOut.send(reply(msg, type, content));
      switch (t) {
        case 'kernel_info_request': await send('kernel_info_reply', kernelInfo); break;
        case 'execute_request': await this.execute(msg); this.idleCollect(); break;
        case 'is_complete_request': await send('is_complete_reply', isComplete(msg.content.code)); break;
        case 'complete_request': await this.ready; await send('complete_reply', this.complete(msg.content.code, msg.content.cursor_pos)); break;
        case 'inspect_request': await this.ready; await send('inspect_reply', this.inspect(msg.content.code, msg.content.cursor_pos)); break;
        case 'history_request': await send('history_reply', { status: 'ok', history: this.historyFor(msg.content) }); break;
        case 'comm_info_request': await send('comm_info_reply', { status: 'ok', comms: {} }); break;
        case 'comm_open': await this.iopub.send(reply(msg, 'comm_close', { comm_id: msg.content.comm_id, data: {} })); break;
        case 'comm_msg': case 'comm_close': break;
        case 'shutdown_request':
          await send('shutdown_reply', { status: 'ok', restart: Boolean(msg.content.restart) });
          setImmediate(() => void this.onShutdown?.());
          break;
        default:
          await send(t.replace(/_request$/, '_reply'), { status: 'error', ename: 'NotImplemented', evalue: `${t} is not supported`, traceback: [] });
      }
    } finally {
      this.publish(msg, 'status', { execution_state: 'idle' });
    }
  }

  private async execute(msg: Message): Promise<void> {
    const { code, silent = false, store_history = true } = msg.content as { code: string; silent?: boolean; store_history?: boolean };
    if (!silent && store_history) this.count++;
    const count = this.count;
    if (!silent) this.publish(msg, 'execute_input', { code, execution_count: count });
    if (store_history && !silent) this.history.push([1, count, code]);
    await this.ready;
    this.parent = msg;
    const run: Run = this.run = { result: undefined, hasResult: false, failures: [] };
    setSink({
      display: (data, metadata, transient, update) => this.publish(msg, update ? 'update_display_data' : 'display_data', { data, metadata, transient }),
      clear: (wait) => { if (wait) this.clearPending = true; else this.publish(msg, 'clear_output', { wait: false }); },
    });
    let ok: boolean;
    const syntax = syntaxErrors(code);
    try {
      if (syntax.length) { run.failures.push(...syntax); ok = false; }
      else ok = await this.executor.execute(code);
    } catch (e) {
      run.failures.push([e]);
      ok = false;
    }
    this.run = null;
    if (ok && run.hasResult && !silent && !endsWithAssignment(code)) {
      let data: Record<string, unknown>;
      try { data = toBundle(run.result); } catch (e) { run.failures.push([e]); ok = false; data = {}; }
      if (ok) this.publish(msg, 'execute_result', { data, metadata: {}, execution_count: count });
    }
    try { postExecute(); } catch (e) { run.failures.push([e]); ok = false; }
    if (!ok) {
      const err = formatError(run.failures, code);
      this.publish(msg, 'error', err);
      await this.shellOut.send(reply(msg, 'execute_reply', { status: 'error', execution_count: count, ...err }));
      return;
    }
    await this.shellOut.send(reply(msg, 'execute_reply', { status: 'ok', execution_count: count, user_expressions: {}, payload: [] }));
  }

  private executions = 0;
  /** Called after each execution, once its reply and idle status are out. */
  private idleCollect(): void {
    if (++this.executions % GC_EVERY === 0) setTimeout(collect, 0);
  }

  private complete(code: string, pos: number): object {
    const info = this.executor.complete(code, pos);
    return { status: 'ok', matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {} };
  }

  private inspect(code: string, pos: number): object {
    const info = this.executor.inspect(code, pos);
    if (!info) return { status: 'ok', found: false, data: {}, metadata: {} };
    return { status: 'ok', found: true, data: { 'text/plain': printQuickInfo(info) }, metadata: {} };
  }

  private historyFor(c: { hist_access_type?: string; n?: number; start?: number; stop?: number; pattern?: string; output?: boolean; unique?: boolean }) {
    let h = this.history;
    if (c.hist_access_type === 'range') h = h.filter(([, n]) => (c.start === undefined || n >= c.start) && (c.stop === undefined || n < c.stop));
    if (c.hist_access_type === 'search' && c.pattern) {
      const re = new RegExp('^' + c.pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's');
      h = h.filter(([, , src]) => re.test(src));
      if (c.unique) h = h.filter(([, , src], i) => !h.slice(i + 1).some(([, , later]) => later === src));
    }
    if (c.hist_access_type === 'tail' || c.hist_access_type === 'search') h = h.slice(-(c.n ?? 10));
    return c.output ? h.map(([s, n, src]) => [s, n, [src, null]]) : h;
  }

  interrupt(): void { this.executor?.interrupt(); }
  onShutdown: (() => Promise<void>) | null = null;
  async drain(): Promise<void> { await this.iopub.drain(); await this.shellOut.drain(); }

  /** An error raised outside any cell's synchronous run goes to the cell that started it, as stderr. */
  lateError(kind: string, e: unknown): void {
    const text = `${kind}: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`;
    if (this.parent) this.publish(this.parent, 'stream', { name: 'stderr', text });
    else stderrFd(text);
  }

  patch(): void { this.patchStreams(); }
}

interface ParseDiagnostic { start: number; messageText: string | { messageText: string } }

function parseDiagnostics(code: string): ParseDiagnostic[] {
  const sf = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return (sf as unknown as { parseDiagnostics: ParseDiagnostic[] }).parseDiagnostics;
}

/** Like Python, a cell whose last statement is an assignment shows no result. */
function endsWithAssignment(code: string): boolean {
  const sf = ts.createSourceFile('cell.ts', code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const last = sf.statements[sf.statements.length - 1];
  if (!last || !ts.isExpressionStatement(last)) return false;
  const e = last.expression;
  return ts.isBinaryExpression(e) && e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && e.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/** Syntax errors as failures in the diagnostic form the executor reports type errors in. */
function syntaxErrors(code: string): Failure[] {
  return parseDiagnostics(code).map((d) => {
    const before = code.slice(0, d.start).split('\n');
    const text = typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText;
    return ['%s%d:%d - %s', '', before.length, before[before.length - 1].length + 1, text, 'SyntaxError'];
  });
}

/** is_complete: 'incomplete' while brackets or statements are open, 'invalid' for syntax errors. */
export function isComplete(code: string): { status: string; indent?: string } {
  const r = isCompleteCode(code);
  if (!r.completed) return { status: 'incomplete', indent: r.indent ?? '' };
  return { status: parseDiagnostics(code).length ? 'invalid' : 'complete' };
}

export async function main(connectionFile: string): Promise<void> {
  const info = JSON.parse(fs.readFileSync(connectionFile, 'utf8')) as ConnectionInfo;
  const signer = new Signer(info.key, info.signature_scheme);
  const addr = (port: number) => `${info.transport}://${info.ip}:${port}`;
  const shell = new zmq.Router(), iopub = new zmq.Publisher(), stdin = new zmq.Router();
  await Promise.all([shell.bind(addr(info.shell_port)), iopub.bind(addr(info.iopub_port)), stdin.bind(addr(info.stdin_port))]);
  const kernel = new Kernel(new SendQueue(iopub, signer), new SendQueue(shell, signer));
  const worker = new Worker(path.join(__dirname, 'control.js'), {
    workerData: { ...info, kernel_info: kernelInfo },
  });
  const exit = async () => {
    await kernel.drain();
    for (const s of [shell, iopub, stdin]) s.close();
    // Exiting with the control thread's sockets already closed; terminating a thread that holds
    // zeromq sockets can corrupt the heap on the way out.
    process.exit(0);
  };
  kernel.onShutdown = exit;
  worker.on('message', (m: { type: string; text?: string }) => {
    if (m.type === 'shutdown') void exit();
    if (m.type === 'log') stderrFd(`torchlab kernel: ${m.text}\n`);
  });
  worker.on('error', (e) => stderrFd(`torchlab kernel: control thread failed: ${e}\n`));
  process.on('SIGINT', () => kernel.interrupt());
  process.on('uncaughtException', (e) => kernel.lateError('UncaughtException', e));
  process.on('unhandledRejection', (e) => kernel.lateError('UnhandledPromiseRejection', e));
  kernel.patch();
  try { for await (const frames of shell) kernel.handle(frames as Buffer[], signer); } catch { /* closed at shutdown */ }
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) { stderrFd('usage: node kernel.js <connection_file>\n'); process.exit(2); }
  main(file).catch((e) => { stderrFd(`torchlab kernel: ${e?.stack ?? e}\n`); process.exit(1); });
}
