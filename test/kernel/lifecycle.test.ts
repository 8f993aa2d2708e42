// A kernel's life over raw ZMQ: output that streams while a cell blocks, Run All that stops at an
// error, interrupts that really stop a cell (blocked, awaiting, compiling, or in a timer), input()
// over stdin, and shutdowns that end the process with status 0.
import { strict as assert } from 'assert';
import { Message } from '../../kernel/src/wire';
import { RawKernel } from './harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const resultOf = (r: { iopub: Message[] }) => r.iopub.find((m) => m.header.msg_type === 'execute_result')?.content.data['text/plain'];
const noCrash = (k: RawKernel) => assert.ok(!/terminate called|Aborted|corrupted|double free|Segmentation/.test(k.stderr), k.stderr);

describe('kernel lifecycle (raw ZMQ)', function () {
  this.timeout(180000);
  let k: RawKernel;
  // The first cell waits for the compiler to load: the tests time what comes after.
  before(async () => { k = new RawKernel(); await k.start(); await k.execute('1', 120000); });
  after(async () => { await k?.stop(); });

  it('publishes busy, then each line a blocked cell prints as it prints it', async () => {
    const req = await k.send('execute_request', {
      code: 'const spin = (ms: number) => { const end = Date.now() + ms; while (Date.now() < end) {} };\n' +
        'for (let i = 0; i < 4; i++) { console.log(`line ${i} ${Date.now()}`); spin(400); }',
      silent: false,
    });
    const arrivals: { at: number; printed: number }[] = [];
    const seen = new Set<Message>();
    let busyAt = 0;
    while (arrivals.length < 4) {
      const m = await k.nextIopub((x) => !seen.has(x) && (x.parent_header as { msg_id?: string }).msg_id === req.header.msg_id
        && (x.header.msg_type === 'stream' || x.header.msg_type === 'status'), 10000);
      assert.ok(m, `got ${arrivals.length} lines`);
      seen.add(m);
      if (m.header.msg_type === 'status' && m.content.execution_state === 'busy') busyAt = Date.now();
      if (m.header.msg_type === 'status') continue;
      assert.ok(busyAt > 0, 'busy came before the first output');
      for (const line of String(m.content.text).trim().split('\n')) arrivals.push({ at: Date.now(), printed: Number(line.split(' ')[2]) });
    }
    const reply = await k.shellReply(10000);
    assert.equal(reply?.content.status, 'ok');
    await k.idleOf(req.header.msg_id, 5000);
    // Each line left while the cell was still running (the cell runs ~1.6 s).
    for (const [i, a] of arrivals.entries()) assert.ok(a.at - a.printed < 350, `line ${i} arrived ${a.at - a.printed} ms after it was printed`);
  });

  it('aborts the queued cells after an error (stop_on_error), as ipykernel does', async () => {
    const cells = ['let ran = [1];', 'ran.push(2); throw new Error("second cell fails")', 'ran.push(3)', 'ran.push(4)', 'ran.push(5)'];
    for (const code of cells) await k.send('execute_request', { code, silent: false, store_history: true, allow_stdin: false, stop_on_error: true });
    const statuses: string[] = [];
    for (let i = 0; i < cells.length; i++) statuses.push(String((await k.shellReply(30000))?.content.status));
    assert.deepEqual(statuses, ['ok', 'error', 'aborted', 'aborted', 'aborted']);
    assert.equal(resultOf(await k.execute('ran')), '[ 1, 2 ]', 'a cell sent after the error reply runs');
    // stop_on_error: false lets the next cells run.
    await k.send('execute_request', { code: 'throw new Error("fails")', silent: false, stop_on_error: false });
    await k.send('execute_request', { code: 'ran.push(6)', silent: false });
    assert.equal((await k.shellReply(10000))?.content.status, 'error');
    assert.equal((await k.shellReply(10000))?.content.status, 'ok');
  });

  it('stops an interrupted async cell: no more timers, continuations or output from it', async () => {
    const req = await k.send('execute_request', {
      code: '(globalThis as any).tick = 0;\nfor (let i = 0;; i++) { await new Promise((r) => setTimeout(r, 20)); (globalThis as any).tick = i; console.log("tick", i); }',
      silent: false,
    });
    assert.ok(await k.nextIopub((m) => m.header.msg_type === 'stream' && (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id && /tick 3/.test(m.content.text), 20000));
    await k.send('interrupt_request', {}, k.control);
    const reply = await k.shellReply(5000);
    assert.equal(reply?.content.status, 'error');
    assert.equal(reply?.content.ename, 'KeyboardInterrupt');
    const query = await k.execute('(globalThis as any).tick');
    const before = Number(resultOf(query));
    assert.ok(before > 0, `the loop ran: ${JSON.stringify(query.iopub.map((m) => [m.header.msg_type, m.content]))}`);
    const later = await k.execute('await new Promise((r) => setTimeout(() => r((globalThis as any).tick), 500))');
    assert.equal(Number(resultOf(later)), before, 'tick stopped rising');
    assert.ok(!later.iopub.some((m) => m.header.msg_type === 'stream'), 'no output from the interrupted cell lands in a later one');
  });

  it('honours an interrupt that arrives while a large cell is still compiling', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `const c${i}: number = ${i} * 2;`).join('\n');
    const req = await k.send('execute_request', { code: `${lines}\n(globalThis as any).compiledAndRan = true;`, silent: false });
    await k.nextIopub((m) => (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id && m.header.msg_type === 'execute_input', 10000);
    await sleep(50);
    await k.send('interrupt_request', {}, k.control);
    const reply = await k.shellReply(60000);
    assert.equal(reply?.content.ename, 'KeyboardInterrupt');
    assert.equal(resultOf(await k.execute('(globalThis as any).compiledAndRan')), undefined, 'the cell did not run');
  });

  it('interrupts a timer callback that never returns', async () => {
    await k.execute('setTimeout(() => { while (true) {} }, 100); 1');
    await sleep(500);
    await k.send('interrupt_request', {}, k.control);
    assert.equal((await k.shellReply(5000, k.control))?.content.status, 'ok');
    const r = await k.execute('1 + 2', 10000);
    assert.equal(resultOf(r), '3');
  });

  it('interrupts a long matmul, settles the worker threads, and computes correctly after', async () => {
    await k.execute('const big = torch.randn(1200, 1200); const other = torch.randn(1200, 1200);');
    await k.send('execute_request', { code: 'for (let i = 0; i < 200; i++) big.matmul(big);', silent: false });
    await sleep(400);
    await k.send('interrupt_request', {}, k.control);
    assert.equal((await k.shellReply(20000))?.content.ename, 'KeyboardInterrupt');
    // Rows computed by each thread agree with a float64 product.
    const r = await k.execute('other.matmul(other).sub(other.double().matmul(other.double()).float()).abs().max().item() < 1e-3');
    assert.equal(resultOf(r), 'true');
    const add = await k.execute('other.add(big).eq(big.add(other)).all().item()');
    assert.equal(resultOf(add), 'true');
  });

  it('reads input() over stdin when the request allows it', async () => {
    const req = await k.send('execute_request', { code: 'console.log("before"); const answer = input("Your name? "); `hello ${answer}`', silent: false, allow_stdin: true });
    k.stdin.receiveTimeout = 10000;
    const frames = await k.stdin.receive();
    const ask = (await import('../../kernel/src/wire')).decode(frames as Buffer[], k.signer);
    assert.ok(ask.ok);
    assert.equal(ask.msg.header.msg_type, 'input_request');
    assert.deepEqual(ask.msg.content, { prompt: 'Your name? ', password: false });
    assert.equal((ask.msg.parent_header as { msg_id: string }).msg_id, req.header.msg_id);
    const before = await k.nextIopub((m) => m.header.msg_type === 'stream' && (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id, 2000);
    assert.equal(before?.content.text, 'before\n', 'output printed before input() is out before the prompt');
    await k.send('input_reply', { value: 'Ada' }, k.stdin);
    const reply = await k.shellReply(10000);
    assert.equal(reply?.content.status, 'ok');
    assert.equal(resultOf({ iopub: (await k.idleOf(req.header.msg_id, 5000))! }), "'hello Ada'");
  });

  it('raises StdinNotImplementedError when the request does not allow stdin, and KeyboardInterrupt when interrupted while waiting', async () => {
    const no = await k.execute('input("?")');
    assert.equal(no.reply.content.ename, 'StdinNotImplementedError');
    assert.equal(no.reply.content.evalue, 'raw_input was called, but this frontend does not support input requests.');
    await k.send('execute_request', { code: 'prompt("waiting")', silent: false, allow_stdin: true });
    k.stdin.receiveTimeout = 10000;
    await k.stdin.receive();
    await k.send('interrupt_request', {}, k.control);
    const reply = await k.shellReply(5000);
    assert.equal(reply?.content.ename, 'KeyboardInterrupt');
  });

  it('gives end-of-file at once to code reading process.stdin', async () => {
    const r = await k.execute('require("fs").readFileSync(0, "utf8").length', 10000);
    assert.equal(resultOf(r), '0');
    const s = await k.execute('await new Promise((resolve) => { let n = 0; process.stdin.on("data", (d) => { n += d.length; }); process.stdin.on("end", () => resolve(n)); })', 10000);
    assert.equal(resultOf(s), '0');
  });

  it('exits with status 0 on a shell shutdown_request, replying first', async () => {
    const shell = new RawKernel();
    await shell.start();
    await shell.execute('const a = torch.randn(300, 300); a.matmul(a).sum().item()');
    const req = await shell.send('shutdown_request', { restart: false });
    const reply = await shell.shellReply(10000);
    assert.equal(reply?.header.msg_type, 'shutdown_reply');
    assert.deepEqual(reply?.content, { status: 'ok', restart: false });
    assert.ok(await shell.nextIopub((m) => m.header.msg_type === 'shutdown_reply' && (m.parent_header as { msg_id?: string }).msg_id === req.header.msg_id, 5000), 'shutdown_reply on iopub too');
    assert.deepEqual(await shell.exited, { code: 0, signal: null });
    noCrash(shell);
    await shell.stop();
  });

  it('exits with status 0 on a control shutdown_request that comes during an interrupted matmul', async () => {
    const ctl = new RawKernel();
    await ctl.start();
    await ctl.execute('const m = torch.randn(1200, 1200);');
    await ctl.send('execute_request', { code: 'for (let i = 0; i < 200; i++) m.matmul(m);', silent: false });
    await sleep(500);
    await ctl.send('interrupt_request', {}, ctl.control);
    await ctl.send('execute_request', { code: 'for (let i = 0; i < 200; i++) m.matmul(m);', silent: false, stop_on_error: false });
    await sleep(300);
    await ctl.send('shutdown_request', { restart: false }, ctl.control);
    assert.deepEqual(await Promise.race([ctl.exited, sleep(20000).then(() => 'still running')]), { code: 0, signal: null });
    noCrash(ctl);
    await ctl.stop();
  });
});
