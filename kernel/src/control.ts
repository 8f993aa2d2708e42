// The control thread owns every socket of the kernel: shell, control, stdin, iopub and heartbeat.
// The main thread runs cells and may stay blocked in one for minutes; what it sends reaches this
// thread as a worker message, which is delivered while the main thread stays busy, so output,
// display updates and busy/idle statuses leave as they are produced, in the order produced.
// Requests are checked here (signature, replay, shape) before the main thread sees them;
// interrupts and shutdowns are answered here at once, and reach a blocked main thread through
// shared memory and SIGINT.
import * as fs from 'fs';
import { MessagePort, parentPort, workerData } from 'worker_threads';
import * as zmq from 'zeromq';
import { Phase, Slot } from './interrupt';
import { DigestHistory, Header, Message, Signer, decode, encode, reply } from './wire';

/** A request as the threads pass it: identities and buffers as plain byte arrays. */
export interface Parent { identities: Uint8Array[]; header: Header | Record<string, unknown> }
export interface Request extends Parent {
  parent_header: object; metadata: Record<string, unknown>; content: Record<string, any>; buffers: Uint8Array[];
  /** Order of arrival on the shell channel. */
  seq: number;
}

/** From the main thread. */
export type ToControl =
  /** `boundary`: answer with the number of shell requests received before this message is sent (for stop_on_error). */
  | { op: 'send'; channel: 'shell' | 'iopub'; parent: Parent; type: string; content: object; metadata?: Record<string, unknown>; boundary?: boolean }
  | { op: 'input'; parent: Parent; prompt: string; password: boolean }
  | { op: 'ready' }
  | { op: 'close' };

/** To the main thread. */
export type FromControl =
  | { op: 'interrupt'; epoch: number }
  | { op: 'boundary'; seq: number }
  | { op: 'shutdown'; restart: boolean };

export interface ControlData {
  ip: string; transport: string; key: string; signature_scheme: string;
  shell_port: number; iopub_port: number; stdin_port: number; control_port: number; hb_port: number;
  kernel_info: object;
  shared: Int32Array;
  /** Where input_reply values go; the main thread reads it synchronously. */
  input: MessagePort;
  /** Where shell requests go. */
  requests: MessagePort;
}

const data = workerData as ControlData;
const shared = data.shared;
const signer = new Signer(data.key, data.signature_scheme);
const history = new DigestHistory();
const addr = (port: number) => `${data.transport}://${data.ip}:${port}`;
const log = (text: string) => { try { fs.writeSync(2, `torchlab kernel: ${text}\n`); } catch { /* stderr closed */ } };
const post = (m: FromControl) => parentPort!.postMessage(m);

const bytes = (b: Buffer) => new Uint8Array(b);
const buffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);
const toParent = (m: Message): Parent => ({ identities: m.identities.map(bytes), header: m.header });
const fromParent = (p: Parent) => ({ identities: p.identities.map(buffer), header: p.header });

const shell = new zmq.Router();
const control = new zmq.Router();
const stdin = new zmq.Router();
const iopub = new zmq.Publisher({ noDrop: true });
const hb = new zmq.Reply();
const sockets = [shell, control, stdin, iopub, hb];

/** Messages for one socket, sent one at a time; adjacent stream output of one cell waiting here is merged. */
class Outbox {
  private readonly queue: { parent: Parent; type: string; content: Record<string, any>; metadata?: Record<string, unknown>; topic: boolean }[] = [];
  private sending: Promise<void> | null = null;
  constructor(private readonly sock: zmq.Writable, private readonly name: string) {}

  push(parent: Parent, type: string, content: Record<string, any>, metadata?: Record<string, unknown>, topic = false): void {
    const last = this.queue[this.queue.length - 1];
    if (type === 'stream' && last?.type === 'stream' && last.parent.header.msg_id === parent.header.msg_id && last.content.name === content.name) {
      last.content = { name: content.name, text: last.content.text + content.text };
      return;
    }
    this.queue.push({ parent, type, content, metadata, topic });
    this.sending ??= this.pump();
  }

  private async pump(): Promise<void> {
    while (this.queue.length) {
      const m = this.queue.shift()!;
      const p = fromParent(m.parent);
      const msg = reply(p, m.type, m.content, m.topic ? [Buffer.from(`kernel.${m.type}`)] : p.identities, m.metadata);
      try { await this.sock.send(encode(msg, signer)); } catch (e) { log(`failed to send ${m.type} on ${this.name}: ${e}`); }
    }
    this.sending = null;
  }

  async drain(): Promise<void> { while (this.sending) await this.sending; }
}

const out = { shell: new Outbox(shell, 'shell'), iopub: new Outbox(iopub, 'iopub'), control: new Outbox(control, 'control'), stdin: new Outbox(stdin, 'stdin') };
const publish = (parent: Parent, type: string, content: Record<string, any>) => out.iopub.push(parent, type, content, undefined, true);

let mainReady = false;
/** Shell requests forwarded so far. */
let forwarded = 0;
let closing = false;
let pendingInput: Parent | null = null;

function releaseInput(code: 1 | 2): void {
  Atomics.store(shared, Slot.stdin, code);
  Atomics.notify(shared, Slot.stdin);
}

/**
 * Stops the cell running now. Cells check shared memory in every loop and where they resume from
 * an await, and input() waits on it; an awaiting cell gets a message. Code that checks nothing
 * (a long call into the runtime) is stopped by SIGINT, which Node's watchdog turns into an
 * exception while `breakOnSigint` code runs: sent only if the main thread has not acted on the
 * interrupt after a moment, so that it never outlives the code it was meant for.
 */
function interruptMain(): void {
  const epoch = Atomics.add(shared, Slot.epoch, 1) + 1;
  if (pendingInput) { pendingInput = null; releaseInput(2); }
  post({ op: 'interrupt', epoch });
  let signalled = false;
  for (const ms of SIGINT_AFTER_MS) {
    setTimeout(() => {
      if (signalled || Atomics.load(shared, Slot.handled) >= epoch || Atomics.load(shared, Slot.phase) !== Phase.breakable) return;
      signalled = true;
      process.kill(process.pid, 'SIGINT');
    }, ms);
  }
}

/** When to look again whether the main thread acted on an interrupt. */
const SIGINT_AFTER_MS = [30, 250, 1000, 3000];

function kernelInfo(msg: Message, box: Outbox, status: boolean): void {
  const parent = toParent(msg);
  if (status) publish(parent, 'status', { execution_state: 'busy' });
  box.push(parent, 'kernel_info_reply', data.kernel_info);
  if (status) publish(parent, 'status', { execution_state: 'idle' });
}

/** Reads a router socket: each request checked (signature, replay, shape), then handled; a bad one is logged and skipped. */
async function serveRouter(sock: zmq.Router, name: string, handle: (msg: Message) => void): Promise<void> {
  for await (const frames of sock) {
    try {
      const d = decode(frames as Buffer[], signer, history);
      if (!d.ok) { log(`ignored a ${name} message: ${d.why}`); continue; }
      handle(d.msg);
    } catch (e) {
      log(`${name}: ${(e as Error)?.stack ?? e}`);
    }
  }
}

const serveShell = () => serveRouter(shell, 'shell', (m) => {
  // While the main thread starts (the compiler takes seconds to load), kernel_info is answered here.
  if (!mainReady && m.header.msg_type === 'kernel_info_request') { kernelInfo(m, out.shell, true); return; }
  const request: Request = { ...toParent(m), parent_header: m.parent_header, metadata: m.metadata, content: m.content, buffers: m.buffers.map(bytes), seq: ++forwarded };
  data.requests.postMessage(request);
});

const serveControl = () => serveRouter(control, 'control', (msg) => {
  const parent = toParent(msg);
  switch (msg.header.msg_type) {
    case 'interrupt_request':
      interruptMain();
      out.control.push(parent, 'interrupt_reply', { status: 'ok' });
      break;
    case 'shutdown_request': {
      const restart = Boolean(msg.content.restart);
      out.control.push(parent, 'shutdown_reply', { status: 'ok', restart });
      publish(parent, 'shutdown_reply', { status: 'ok', restart });
      Atomics.store(shared, Slot.shutdown, 1);
      interruptMain();
      post({ op: 'shutdown', restart });
      break;
    }
    case 'kernel_info_request':
      kernelInfo(msg, out.control, false);
      break;
    default:
      log(`unknown control message type ${JSON.stringify(msg.header.msg_type)} (ignored)`);
  }
});

const serveStdin = () => serveRouter(stdin, 'stdin', (msg) => {
  if (msg.header.msg_type !== 'input_reply' || !pendingInput) { log(`ignored ${msg.header.msg_type} on stdin (no input pending)`); return; }
  const value = msg.content.value;
  pendingInput = null;
  data.input.postMessage({ value: typeof value === 'string' ? value : '' });
  releaseInput(1);
});

async function heartbeat(): Promise<void> {
  for await (const frames of hb) {
    try { await hb.send(frames); } catch (e) { if (!closing) log(`heartbeat: ${e}`); }
  }
}

async function requestInput(parent: Parent, prompt: string, password: boolean): Promise<void> {
  // Output printed before input() reaches the frontend before the prompt does.
  await out.iopub.drain();
  pendingInput = parent;
  out.stdin.push(parent, 'input_request', { prompt, password });
}

async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  await Promise.race([Promise.all(Object.values(out).map((o) => o.drain())), new Promise((r) => setTimeout(r, 2000))]);
  for (const s of sockets) { s.linger = 200; s.close(); }
  // This thread ends here, with its sockets closed, before the process exits.
  process.exit(0);
}

parentPort!.on('message', (m: ToControl) => {
  try {
    switch (m.op) {
      case 'send':
        if (m.channel === 'iopub') publish(m.parent, m.type, m.content as Record<string, any>);
        else out.shell.push(m.parent, m.type, m.content as Record<string, any>, m.metadata);
        // Counted before the reply can reach anyone: requests received so far came before it.
        if (m.boundary) post({ op: 'boundary', seq: forwarded });
        break;
      case 'input': void requestInput(m.parent, m.prompt, m.password); break;
      case 'ready': mainReady = true; break;
      case 'close': void close(); break;
    }
  } catch (e) {
    log(`from the main thread: ${(e as Error)?.stack ?? e}`);
  }
});

async function start(): Promise<void> {
  await Promise.all([
    shell.bind(addr(data.shell_port)), control.bind(addr(data.control_port)), stdin.bind(addr(data.stdin_port)),
    iopub.bind(addr(data.iopub_port)), hb.bind(addr(data.hb_port)),
  ]);
  const serve = (name: string, f: () => Promise<void>) => f().catch((e) => { if (!closing) log(`${name} stopped: ${e}`); });
  void serve('shell', serveShell);
  void serve('control', serveControl);
  void serve('stdin', serveStdin);
  void serve('heartbeat', heartbeat);
}

start().catch((e) => { log(`cannot bind the kernel's sockets: ${e}`); process.exit(1); });
