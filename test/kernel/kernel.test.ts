// The kernel through a real Jupyter server (Debian's jupyter-server) and @jupyterlab/services,
// as JupyterLab talks to it.
import { strict as assert } from 'assert';
import { KernelManager, KernelMessage, ServerConnection, Kernel, SessionManager } from '@jupyterlab/services';
import * as fs from 'fs';
import * as path from 'path';
import WebSocket from 'ws';
import { Server, startJupyterServer } from './harness';
import { MALLOC_TUNABLES } from '../../kernel/src/tuning';

type IOPub = KernelMessage.IIOPubMessage;

describe('torchlab kernel through a Jupyter server', function () {
  this.timeout(60000);
  let server: Server;
  let manager: KernelManager;
  let kernel: Kernel.IKernelConnection;

  async function run(code: string): Promise<{ reply: KernelMessage.IExecuteReplyMsg; iopub: IOPub[] }> {
    const future = kernel.requestExecute({ code });
    const iopub: IOPub[] = [];
    future.onIOPub = (m) => { iopub.push(m); };
    const reply = await future.done as KernelMessage.IExecuteReplyMsg;
    return { reply, iopub };
  }
  const of = (iopub: IOPub[], type: string) => iopub.filter((m) => m.header.msg_type === type).map((m) => m.content as Record<string, any>);

  before(async () => {
    server = await startJupyterServer();
    const serverSettings = ServerConnection.makeSettings({ baseUrl: server.url, wsUrl: server.url.replace('http', 'ws'), token: server.token, WebSocket: WebSocket as any });
    manager = new KernelManager({ serverSettings });
    await manager.ready;
    kernel = await manager.startNew({ name: 'torchlab' });
    await kernel.info;
  });
  after(async () => {
    try { await kernel?.shutdown(); } catch { /* already gone */ }
    manager?.dispose();
    await server?.stop();
  });

  it('answers kernel_info with status and the TypeScript language_info', async () => {
    const info = (await kernel.requestKernelInfo())!.content as Record<string, any>;
    assert.equal(info.status, 'ok');
    assert.equal(info.implementation, 'torchlab');
    assert.equal(info.language_info.name, 'typescript');
    assert.equal(info.language_info.file_extension, '.ts');
    assert.equal(info.language_info.mimetype, 'text/typescript');
  });

  it('preloads the runtime: torch.tensor([1, 2, 3]) is shown as PyTorch shows it', async () => {
    const { reply, iopub } = await run('torch.tensor([1, 2, 3])');
    assert.equal(reply.content.status, 'ok');
    const res = of(iopub, 'execute_result');
    assert.equal(res.length, 1);
    assert.equal(res[0].data['text/plain'], 'tensor([1, 2, 3])');
    assert.equal(res[0].execution_count, reply.content.execution_count);
  });

  it('runs with the allocator settings of its kernelspec', async () => {
    const { iopub } = await run('process.env.GLIBC_TUNABLES');
    assert.equal(of(iopub, 'execute_result')[0].data['text/plain'], `'${MALLOC_TUNABLES}'`);
  });

  it('starts from the startup snapshot its kernelspec names', async () => {
    const { iopub } = await run('require("fs").readFileSync("/proc/self/cmdline", "utf8").split("\\0").includes("--snapshot-blob")');
    assert.equal(of(iopub, 'execute_result')[0].data['text/plain'], 'True');
  });

  it('sends execute_input, stream output and execute_result with the execution count', async () => {
    const { reply, iopub } = await run('console.log("hello"); const answer: number = 6 * 7; answer');
    const input = of(iopub, 'execute_input');
    assert.equal(input.length, 1);
    assert.equal(input[0].execution_count, reply.content.execution_count);
    assert.deepEqual(of(iopub, 'stream'), [{ name: 'stdout', text: 'hello\n' }]);
    assert.equal(of(iopub, 'execute_result')[0].data['text/plain'], '42');
    const next = await run('answer + 1');
    assert.equal(next.reply.content.execution_count, (reply.content.execution_count as number) + 1);
    assert.equal(of(next.iopub, 'execute_result')[0].data['text/plain'], '43');
  });

  it("shows a cell's plain values as IPython does (Python's repr), other objects as Node shows them", async () => {
    const shown = async (code: string) => of((await run(code)).iopub, 'execute_result')[0].data['text/plain'];
    assert.equal(await shown('torch.cuda.is_available() || 1 > 2'), 'False');
    assert.equal(await shown("[1, 0.5, 'a', null, tuple(2, true)]"), "[1, 0.5, 'a', None, (2, True)]");
    assert.equal(await shown("({ lr: 1e-7, y: torch.tensor(0) })"), "{'lr': 1e-07, 'y': tensor(0)}");
    assert.equal(await shown('new (class Box { v = 1; })()'), 'Box { v: 1 }');
  });

  it('reports runtime errors as error messages with ename, evalue and the cell line', async () => {
    const { reply, iopub } = await run('const a = torch.ones(2, 3);\nconst b = a.mm(a);');
    assert.equal(reply.content.status, 'error');
    const err = of(iopub, 'error')[0];
    assert.equal(err.evalue, 'mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)');
    assert.equal(err.ename, 'RuntimeError');
    assert.equal(err.traceback[0], 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)');
    assert.ok(err.traceback.includes(`Cell In [${reply.content.execution_count}], line 2`), err.traceback.join('\n'));
    assert.ok(err.traceback.includes('----> 2 const b = a.mm(a);'), err.traceback.join('\n'));
    assert.ok(!err.traceback.some((l: string) => /dist[/\\]runtime|node:|\.js:\d+/.test(l)), `no runtime internals: ${err.traceback.join('\n')}`);
    const after = await run('1 + 1');
    assert.equal(after.reply.content.status, 'ok', 'a cell right after an error is not aborted');
  });

  it('reports type errors with the TypeScript diagnostic and its line', async () => {
    const { reply, iopub } = await run('const ok = 1;\nconst s: string = 5;');
    assert.equal(reply.content.status, 'error');
    const err = of(iopub, 'error')[0];
    assert.equal(err.ename, 'TSError');
    assert.equal(err.evalue, "Type 'number' is not assignable to type 'string'.");
    assert.ok(err.traceback[0].startsWith('cell 2:7'), err.traceback[0]);
  });

  it('runs a notebook in its own directory: runtime preloaded, npm packages next to it importable and typed', async () => {
    const nbDir = path.join(server.dir, 'course', 'week1');
    const pkg = path.join(nbDir, 'node_modules', 'shout');
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'shout', version: '1.0.0', main: 'index.js', types: 'index.d.ts' }));
    fs.writeFileSync(path.join(pkg, 'index.js'), 'exports.shout = (s) => s.toUpperCase() + "!";\n');
    fs.writeFileSync(path.join(pkg, 'index.d.ts'), 'export declare function shout(s: string): string;\n');
    const sessions = new SessionManager({ kernelManager: manager, serverSettings: manager.serverSettings });
    const session = await sessions.startNew({ path: 'course/week1/lecture.ipynb', name: 'lecture.ipynb', type: 'notebook', kernel: { name: 'torchlab' } });
    const k = session.kernel!;
    const exec = async (code: string) => {
      const future = k.requestExecute({ code });
      const iopub: IOPub[] = [];
      future.onIOPub = (m) => { iopub.push(m); };
      const reply = await future.done as KernelMessage.IExecuteReplyMsg;
      return { reply, iopub };
    };
    try {
      const cwd = await exec('process.cwd()');
      assert.equal(of(cwd.iopub, 'execute_result')[0].data['text/plain'], `'${nbDir}'`);
      const t = await exec('const t: torch.Tensor = torch.tensor([1, 2, 3]);\nt');
      assert.equal(of(t.iopub, 'execute_result')[0]?.data['text/plain'], 'tensor([1, 2, 3])', JSON.stringify(of(t.iopub, 'error')));
      const { reply, iopub } = await exec('import { shout } from "shout";\nshout("tensor")');
      assert.equal(reply.content.status, 'ok', JSON.stringify(of(iopub, 'error')));
      assert.equal(of(iopub, 'execute_result')[0].data['text/plain'], "'TENSOR!'");
      const typed = await exec('shout(3)');
      assert.equal(of(typed.iopub, 'error')[0]?.ename, 'TSError', 'the package declarations type the call');
    } finally {
      await session.shutdown();
      sessions.dispose();
    }
  });

  it('displays rich values, updates displays by id and clears output', async () => {
    const { iopub } = await run(`
display(torch.zeros(2));
const h = display('first', { display_id: true })!;
h.update('second');
display.html('<b>bold</b>');
plt.plot([1, 2, 3]);
plt.show()`);
    const shown = of(iopub, 'display_data');
    assert.equal(shown[0].data['text/plain'], 'tensor([0., 0.])');
    assert.equal(shown[1].data['text/plain'], "'first'");
    const id = shown[1].transient.display_id;
    assert.ok(id);
    const upd = of(iopub, 'update_display_data');
    assert.equal(upd[0].transient.display_id, id);
    assert.equal(upd[0].data['text/plain'], "'second'");
    assert.equal(shown[2].data['text/html'], '<b>bold</b>');
    assert.equal(of(iopub, 'execute_result').length, 0, 'plt.show() leaves no Out[n]');
    const fig = shown[3].data;
    assert.ok(fig['application/vnd.plotly.v1+json'] && fig['image/svg+xml'] && fig['text/html'].startsWith('<img src="data:image/svg+xml;base64,'));
    // A figure left open is shown after the cell's result, as matplotlib's inline backend does;
    // print is Python's, console.log JavaScript's.
    const open = await run(`const [f, axs] = plt.subplots(1, 2);
axs[0].plot([1, 2]); axs[1].semilogy([1, 10]);
print({ ok: true, n: [1, 2.5], t: tuple(null, 'a') }); console.log(true);
format(torch.tensor(0.25), '.3f')`);
    assert.deepEqual(open.iopub.map((m) => m.header.msg_type).filter((t) => t !== 'status' && t !== 'stream').slice(-2), ['execute_result', 'display_data']);
    assert.equal(of(open.iopub, 'stream').map((m) => m.text).join(''), "{'ok': True, 'n': [1, 2.5], 't': (None, 'a')}\ntrue\n");
    assert.equal(of(open.iopub, 'execute_result')[0].data['text/plain'], "'0.250'");
    assert.equal(of(open.iopub, 'display_data')[0].data['text/plain'], '<Figure size 640x480 with 2 Axes>');
    const cleared = await run('console.log("x"); clear_output(); console.log("y")');
    assert.deepEqual(cleared.iopub.map((m) => m.header.msg_type).filter((t) => t !== 'status'), ['execute_input', 'stream', 'clear_output', 'stream']);
  });

  it('streams a running cell: busy first, each printed line within 0.5 s, display updates while it runs', async () => {
    const code = [
      'const wait = (ms: number) => { const end = Date.now() + ms; while (Date.now() < end) {} };',
      "const bar = display('step 0', { display_id: true })!;",
      'for (let i = 1; i <= 4; i++) { console.log(`${i} ${Date.now()}`); bar.update(`step ${i}`); wait(1000); }',
    ].join('\n');
    const future = kernel.requestExecute({ code });
    const seen: { type: string; at: number; content: Record<string, any> }[] = [];
    future.onIOPub = (m) => { seen.push({ type: m.header.msg_type, at: Date.now(), content: m.content as Record<string, any> }); };
    let replyAt = 0;
    future.onReply = () => { replyAt = Date.now(); };
    await future.done;
    const types = seen.map((m) => m.type);
    assert.equal(types[0], 'status');
    assert.equal(seen[0].content.execution_state, 'busy', 'busy precedes any output');
    const lines = seen.filter((m) => m.type === 'stream').flatMap((m) => String(m.content.text).trim().split('\n').map((l) => ({ at: m.at, printed: Number(l.split(' ')[1]) })));
    assert.equal(lines.length, 4);
    assert.ok(lines[0].at - lines[0].printed < 500, `first line arrived ${lines[0].at - lines[0].printed} ms after it was printed`);
    for (const l of lines) assert.ok(l.at < replyAt - 500, 'each line arrived while the cell ran');
    const updates = seen.filter((m) => m.type === 'update_display_data');
    assert.deepEqual(updates.map((u) => u.content.data['text/plain']), ["'step 1'", "'step 2'", "'step 3'", "'step 4'"]);
    assert.ok(updates[0].at < replyAt - 2000, 'display updates arrive while the cell runs');
  });

  it('Run All with an error in cell 2 of 5 runs cells 1-2 and reports cells 3-5 aborted', async () => {
    const cells = ['let visited = ["one"];', 'visited.push("two"); throw new Error("cell 2 fails");', 'visited.push("three");', 'visited.push("four");', 'visited.push("five");'];
    const futures = cells.map((code) => kernel.requestExecute({ code, stop_on_error: true }));
    const replies = await Promise.all(futures.map((f) => f.done as Promise<KernelMessage.IExecuteReplyMsg>));
    assert.deepEqual(replies.map((r) => r.content.status), ['ok', 'error', 'aborted', 'aborted', 'aborted']);
    const { iopub } = await run('visited');
    assert.equal(of(iopub, 'execute_result')[0].data['text/plain'], "['one', 'two']");
  });

  it('reads input() and prompt() from the frontend over stdin', async () => {
    const future = kernel.requestExecute({ code: 'const who = input("Who? ");\nconst n = prompt("How many?", "3");\n`${who}: ${n}`', allow_stdin: true });
    const prompts: string[] = [];
    future.onStdin = (msg) => {
      const c = msg.content as KernelMessage.IInputRequestMsg['content'];
      prompts.push(c.prompt);
      kernel.sendInputReply({ status: 'ok', value: prompts.length === 1 ? 'Ada' : '' }, msg.header as KernelMessage.IHeader<'input_request'>);
    };
    const iopub: IOPub[] = [];
    future.onIOPub = (m) => { iopub.push(m); };
    const reply = await future.done as KernelMessage.IExecuteReplyMsg;
    assert.equal(reply.content.status, 'ok');
    assert.deepEqual(prompts, ['Who? ', 'How many?']);
    assert.equal(of(iopub, 'execute_result')[0].data['text/plain'], "'Ada: 3'", 'an empty answer to prompt() gives its default');
  });

  it('suggests let/const for an undeclared assignment, and shows only the cell in tracebacks', async () => {
    const { reply, iopub } = await run('x = torch.ones(2)');
    assert.equal(reply.content.status, 'error');
    const err = of(iopub, 'error')[0];
    assert.match(err.evalue, /Cannot find name 'x'\..*`let x = torch\.ones\(2\)`/);
    const deep = await run('function inner(t: torch.Tensor) { return t.mm(t); }\nfunction outer() { return inner(torch.ones(2, 3)); }\nouter()');
    const tb = of(deep.iopub, 'error')[0].traceback as string[];
    assert.equal(tb[0], 'RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)');
    const frames = tb.filter((l) => l.startsWith('Cell In'));
    assert.deepEqual(frames.map((l) => l.replace(/In \[\d+\]/, 'In [n]')), ['Cell In [n], line 3', 'Cell In [n], line 2, in outer', 'Cell In [n], line 1, in inner']);
    assert.ok(!tb.some((l) => /runtime[/\\]src|node:internal|\.js:\d+/.test(l)), tb.join('\n'));
  });

  it('shows signature and documentation on Shift-Tab inside a call, and completes like Python', async () => {
    const inspect = async (code: string) => ((await kernel.requestInspect({ code, cursor_pos: code.length, detail_level: 0 }))!.content as Record<string, any>);
    const randn = await inspect('torch.randn(');
    assert.equal(randn.found, true);
    assert.match(randn.data['text/plain'], /randn/);
    assert.match(randn.data['text/plain'], /normal distribution/, randn.data['text/plain']);
    const linear = await inspect('new nn.Linear(10, ');
    assert.match(linear.data['text/plain'], /in_features/);
    assert.match(linear.data['text/plain'], /linear transformation/i, linear.data['text/plain']);
    const complete = async (code: string) => ((await kernel.requestComplete({ code, cursor_pos: code.length }))!.content as Record<string, any>).matches as string[];
    await run('const tt = torch.ones(2);');
    const members = await complete('tt.');
    assert.ok(members.length > 50);
    assert.ok(!members.some((m) => m.startsWith('_')), `no private members: ${members.filter((m) => m.startsWith('_')).join(',')}`);
    assert.ok((await complete('tt._')).includes('__getitem__'), 'typing _ shows them');
    const statics = await complete('nn.Linear.');
    for (const hidden of ['bind', 'call', 'apply', 'prototype', 'arguments', 'caller']) assert.ok(!statics.includes(hidden), `${hidden} hidden`);
    const ra = await complete('torch.ra');
    assert.ok(ra.includes('randn') && ra.every((m) => m.startsWith('ra')), ra.join(','));
  });

  it('completes, inspects and judges completeness', async () => {
    const c = (await kernel.requestComplete({ code: 'torch.tens', cursor_pos: 10 }))!.content as Record<string, any>;
    assert.equal(c.status, 'ok');
    assert.ok(c.matches.includes('tensor'), c.matches.slice(0, 10).join(','));
    const i = (await kernel.requestInspect({ code: 'torch.tensor', cursor_pos: 8, detail_level: 0 }))!.content as Record<string, any>;
    assert.equal(i.found, true);
    assert.match(i.data['text/plain'], /tensor/);
    const status = async (code: string) => ((await kernel.requestIsComplete({ code }))!.content as Record<string, any>).status;
    assert.equal(await status('const x = 1'), 'complete');
    assert.equal(await status('for (let i = 0; i < 3; i++) {'), 'incomplete');
    assert.equal(await status('const = = 5'), 'invalid');
  });

  it('answers history and comm_info requests', async () => {
    const h = (await kernel.requestHistory({ hist_access_type: 'tail', n: 3, output: false, raw: true }))!.content as Record<string, any>;
    assert.equal(h.status, 'ok');
    assert.ok(h.history.length > 0);
    assert.equal(h.history[h.history.length - 1].length, 3);
    await run('1 + 1');
    await run('1 + 1');
    const search = async (unique: boolean) => ((await kernel.requestHistory({ hist_access_type: 'search', pattern: '1 + 1', unique, n: 10, output: false, raw: true }))!.content as Record<string, any>).history;
    assert.ok((await search(false)).length >= 2);
    assert.equal((await search(true)).length, 1);
    const c = (await kernel.requestCommInfo({}))!.content as Record<string, any>;
    assert.equal(c.status, 'ok');
    assert.deepEqual(c.comms, {});
  });

  it('interrupts while (true) {} within a second and keeps the session', async () => {
    await run('const kept = 7;');
    const future = kernel.requestExecute({ code: 'while (true) {}' });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    await kernel.interrupt();
    const reply = await future.done as KernelMessage.IExecuteReplyMsg;
    const elapsed = Date.now() - t0;
    assert.equal(reply.content.status, 'error');
    assert.equal((reply.content as Record<string, any>).ename, 'KeyboardInterrupt');
    assert.ok(elapsed < 1000, `interrupt took ${elapsed} ms`);
    const after = await run('kept');
    assert.equal(of(after.iopub, 'execute_result')[0].data['text/plain'], '7');
  });

  it('restarts with a fresh session, then shuts down', async () => {
    await run('const gone = 1;');
    await kernel.restart();
    await kernel.info;
    const { reply } = await run('typeof gone');
    assert.equal(reply.content.status, 'error', 'variables do not survive a restart');
    const ok = await run('torch.ones(1)');
    assert.equal(of(ok.iopub, 'execute_result')[0].data['text/plain'], 'tensor([1.])');
    const id = kernel.id;
    await kernel.shutdown();
    const r = await fetch(`${server.url}/api/kernels?token=${server.token}`);
    const list = await r.json() as { id: string }[];
    assert.ok(!list.some((k) => k.id === id));
  });
});
