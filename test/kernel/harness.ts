// Test harness: a kernel started from its kernelspec in a temp prefix, a real Jupyter server, and a
// raw ZMQ client for the protocol-level tests.
import { ChildProcess, spawn } from 'child_process';
import { randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as zmq from 'zeromq';
import { install } from '../../kernel/src/cli';
import { Message, Signer, decode, encode } from '../../kernel/src/wire';

export const root = path.resolve(__dirname, '..', '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

/** A private Jupyter data dir holding the torchlab kernelspec. */
export function kernelspecPrefix(): { prefix: string; jupyterPath: string } {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-spec-'));
  install(['--prefix', prefix]);
  return { prefix, jupyterPath: path.join(prefix, 'share', 'jupyter') };
}

export interface Server { url: string; token: string; proc: ChildProcess; dir: string; env: NodeJS.ProcessEnv; stop(): Promise<void> }

export async function startJupyterServer(): Promise<Server> {
  const { jupyterPath } = kernelspecPrefix();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-server-'));
  const token = randomBytes(16).toString('hex');
  const port = await freePort();
  const env = { ...process.env, JUPYTER_PATH: jupyterPath, JUPYTER_CONFIG_DIR: path.join(dir, 'config'), JUPYTER_RUNTIME_DIR: path.join(dir, 'runtime'), JUPYTER_DATA_DIR: path.join(dir, 'data') };
  const proc = spawn('jupyter', ['server', '--allow-root', '--no-browser', `--ServerApp.token=${token}`, '--ServerApp.ip=127.0.0.1',
    `--ServerApp.port=${port}`, '--ServerApp.port_retries=0', `--ServerApp.root_dir=${dir}`], { env, cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${url}/api/status?token=${token}`);
      if (r.ok) break;
    } catch { /* not yet */ }
    if (i > 150 || proc.exitCode !== null) throw new Error(`jupyter server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url, token, proc, dir, env,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => { if (proc.exitCode !== null) r(null); else proc.on('exit', r); });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A kernel process started directly with a connection file, and a raw client for it. */
export class RawKernel {
  proc!: ChildProcess;
  signer!: Signer;
  /** The stdin channel shares the shell's identity, as jupyter_client's channels do. */
  readonly identity = `test-${randomUUID()}`;
  shell = new zmq.Dealer({ routingId: this.identity });
  stdin = new zmq.Dealer({ routingId: this.identity });
  control = new zmq.Dealer({ routingId: `ctl-${randomUUID()}` });
  iopub = new zmq.Subscriber();
  hb = new zmq.Request();
  private hbEndpoint = '';
  session = randomUUID();
  /** Every iopub message received so far (idleOf removes those of a finished request). */
  iopubMsgs: Message[] = [];
  private iopubWaiters: (() => void)[] = [];
  stderr = '';
  /** Resolves with how the process ended. */
  exited!: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  /** `argv(connectionFile)` starts the kernel; this checkout's by default (TORCHLAB_TEST_KERNEL names another kernel.js, to compare). */
  constructor(private readonly argv = (file: string) => [process.env.TORCHLAB_TEST_KERNEL ?? path.join(root, 'dist', 'kernel', 'src', 'kernel.js'), file]) {}

  async start(): Promise<void> {
    const ports = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
    const info = { ip: '127.0.0.1', transport: 'tcp', key: randomUUID(), signature_scheme: 'hmac-sha256', kernel_name: 'torchlab',
      shell_port: ports[0], iopub_port: ports[1], stdin_port: ports[2], control_port: ports[3], hb_port: ports[4] };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-conn-')), 'kernel.json');
    fs.writeFileSync(file, JSON.stringify(info));
    this.signer = new Signer(info.key, info.signature_scheme);
    this.proc = spawn(process.execPath, this.argv(file), { stdio: ['pipe', 'inherit', 'pipe'] });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.proc.stderr!.on('data', (d) => { this.stderr += d; });
    this.shell.connect(`tcp://127.0.0.1:${info.shell_port}`);
    this.stdin.connect(`tcp://127.0.0.1:${info.stdin_port}`);
    this.control.connect(`tcp://127.0.0.1:${info.control_port}`);
    this.iopub.connect(`tcp://127.0.0.1:${info.iopub_port}`);
    this.hbEndpoint = `tcp://127.0.0.1:${info.hb_port}`;
    this.hb.connect(this.hbEndpoint);
    this.iopub.subscribe();
    void (async () => {
      try {
        for await (const frames of this.iopub) {
          const d = decode(frames as Buffer[], this.signer);
          if (d.ok) { this.iopubMsgs.push(d.msg); this.iopubWaiters.splice(0).forEach((w) => w()); }
        }
      } catch { /* closed */ }
    })();
    // The shell request waits in zeromq's queue until the kernel binds; its idle status on iopub
    // tells that the subscription is live (a publisher drops what no subscriber gets yet). The
    // kernel answers the first kernel_info before it builds its TypeScript converter, which blocks
    // it for seconds (more on a loaded machine): a repeated request may wait that long.
    for (let i = 0; i < 20; i++) {
      const req = await this.send('kernel_info_request', {});
      if (!(await this.shellReply(60000))) break;
      if (await this.idleOf(req.header.msg_id, 500)) return;
    }
    throw new Error(`kernel did not answer kernel_info:\n${this.stderr}`);
  }

  /** Everything on iopub for a request up to its idle status (removed from iopubMsgs), or null after the timeout. */
  async idleOf(msgId: string, timeoutMs: number): Promise<Message[] | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mine = this.iopubMsgs.filter((m) => (m.parent_header as { msg_id?: string }).msg_id === msgId);
      if (mine.some((m) => m.header.msg_type === 'status' && m.content.execution_state === 'idle')) {
        this.iopubMsgs = this.iopubMsgs.filter((m) => !mine.includes(m));
        return mine;
      }
      if (Date.now() > deadline) return null;
      await new Promise<void>((r) => { this.iopubWaiters.push(r); setTimeout(r, 200); });
    }
  }

  /** Waits for the next iopub message matching `pred` (not removed), or null after the timeout. */
  async nextIopub(pred: (m: Message) => boolean, timeoutMs: number): Promise<Message | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.iopubMsgs.find(pred);
      if (m) return m;
      if (Date.now() > deadline) return null;
      await new Promise<void>((r) => { this.iopubWaiters.push(r); setTimeout(r, 50); });
    }
  }

  message(msg_type: string, content: object): Message {
    return { identities: [], header: { msg_id: randomUUID(), session: this.session, username: 'test', date: new Date().toISOString(), msg_type, version: '5.3' },
      parent_header: {}, metadata: {}, content, buffers: [] };
  }

  async send(msg_type: string, content: object, sock: zmq.Dealer = this.shell, signer = this.signer): Promise<Message> {
    const m = this.message(msg_type, content);
    await sock.send(encode(m, signer));
    return m;
  }

  async shellReply(timeoutMs: number, sock: zmq.Dealer = this.shell): Promise<Message | null> {
    sock.receiveTimeout = timeoutMs;
    try {
      const d = decode((await sock.receive()) as Buffer[], this.signer);
      return d.ok ? d.msg : null;
    } catch { return null; }
  }

  /** Execute and collect: everything on iopub for this request up to idle, and the reply. */
  async execute(code: string, timeoutMs = 30000, extra: object = {}): Promise<{ reply: Message; iopub: Message[] }> {
    const req = await this.send('execute_request', { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, ...extra });
    const reply = await this.shellReply(timeoutMs);
    if (!reply) throw new Error(`no execute_reply for ${JSON.stringify(code.slice(0, 80))}`);
    const iopub = await this.idleOf(req.header.msg_id, timeoutMs);
    if (!iopub) throw new Error(`no idle status for ${JSON.stringify(code.slice(0, 80))}`);
    return { reply, iopub };
  }

  /** Whether the heartbeat echoes within the timeout. */
  async heartbeat(timeoutMs = 2000): Promise<boolean> {
    this.hb.receiveTimeout = timeoutMs;
    try {
      await this.hb.send(Buffer.from('ping'));
      return String(await this.hb.receive()) === 'ping';
    } catch {
      // A Request socket stuck after a timeout: use a fresh one.
      this.hb.close();
      this.hb = new zmq.Request();
      this.hb.connect(this.hbEndpoint);
      return false;
    }
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      await this.send('shutdown_request', { restart: false }, this.control);
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5000))]);
      if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
    }
    for (const s of [this.shell, this.stdin, this.control, this.iopub, this.hb]) s.close();
  }
}
