// The wire protocol directly over ZMQ: forged, replayed, malformed and abusive messages,
// thousands of executions without a lost message, and 1000 bad cells that leave the kernel
// answering.
import { strict as assert } from 'assert';
import { DigestHistory, Signer, encode } from '../../kernel/src/wire';
import { abuseCases, signed } from './abuse';
import { RawKernel } from './harness';

describe('kernel wire protocol (raw ZMQ)', function () {
  this.timeout(600000);
  let k: RawKernel;
  before(async () => { k = new RawKernel(); await k.start(); });
  after(async () => { await k?.stop(); });

  const resultOf = (r: Awaited<ReturnType<RawKernel['execute']>>) =>
    r.iopub.find((m) => m.header.msg_type === 'execute_result')?.content.data['text/plain'];

  it('ignores a message with a forged HMAC and keeps working', async () => {
    await k.send('kernel_info_request', {}, k.shell, new Signer('not-the-key'));
    assert.equal(await k.shellReply(700), null, 'a forged message must get no reply');
    await k.send('execute_request', { code: 'globalThis.hacked = 1', silent: false }, k.shell, new Signer('not-the-key'));
    assert.equal(await k.shellReply(700), null);
    const r = await k.execute('typeof (globalThis as any).hacked');
    assert.equal(resultOf(r), "'undefined'", 'the forged code never ran');
  });

  it('compares signatures in constant time over equal lengths', () => {
    const s = new Signer('key');
    const parts = [Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}'), Buffer.from('{}')];
    const good = Buffer.from(s.sign(parts));
    assert.equal(s.verify(good, parts), true);
    assert.equal(s.verify(Buffer.from('0'.repeat(good.length)), parts), false);
    assert.equal(s.verify(good.subarray(1), parts), false, 'a shorter signature is rejected without comparing');
  });

  it('refuses a replayed message (a signature seen before), as jupyter_client does', async () => {
    await k.execute('let replays = 0;');
    const m = k.message('execute_request', { code: 'replays += 1; replays', silent: false });
    const frames = encode(m, k.signer);
    await k.shell.send(frames);
    const first = await k.shellReply(10000);
    assert.equal(first?.content.status, 'ok');
    await k.shell.send(frames);
    assert.equal(await k.shellReply(1000), null, 'the replay gets no reply');
    // The same signed message on another channel is a replay too.
    await k.control.send(encode(k.message('interrupt_request', {}), k.signer));
    await k.shellReply(2000, k.control);
    const r = await k.execute('replays');
    assert.equal(resultOf(r), '1', 'the replayed code did not run again');
  });

  it('keeps a bounded history of signatures, forgetting a tenth at a time', () => {
    const h = new DigestHistory(100);
    for (let i = 0; i < 100; i++) assert.equal(h.add(`sig${i}`), true);
    assert.equal(h.add('sig5'), false);
    h.add('one more');
    let remembered = 0;
    for (let i = 0; i < 100; i++) if (!h.add(`sig${i}`)) remembered++;
    assert.ok(remembered >= 85 && remembered < 100, `${remembered} of 100 remembered after culling`);
  });

  it('survives malformed, duplicate and abusive messages on every channel, answering after each', async () => {
    const cases = abuseCases(k.signer);
    assert.ok(cases.length >= 50, `${cases.length} cases`);
    const sockets = { shell: k.shell, control: k.control, stdin: k.stdin };
    await k.execute('let abused = 0;');
    for (const [i, c] of cases.entries()) {
      await sockets[c.channel].send(c.frames);
      // Replaying the very same frames must not do anything either.
      if (i % 3 === 0) await sockets[c.channel].send(c.frames);
      const r = await k.execute(`abused += 1; abused`, 20000).catch((e) => assert.fail(`after '${c.name}' on ${c.channel}: ${e.message}\n${k.stderr}`));
      assert.equal(resultOf(r), String(i + 1), `after '${c.name}' on ${c.channel}`);
      assert.equal(k.proc.exitCode, null, `alive after '${c.name}'`);
    }
    assert.equal(await k.heartbeat(), true, 'the heartbeat answers');
    // What needed an answer got one; what was refused got none (no stray replies queued).
    const stray: string[] = [];
    for (let m = await k.shellReply(300); m; m = await k.shellReply(300)) stray.push(m.header.msg_type);
    for (let m = await k.shellReply(300, k.control); m; m = await k.shellReply(300, k.control)) stray.push(m.header.msg_type);
    for (const t of stray) assert.ok(/^(kernel_info|complete|inspect|history|is_complete|connect|interrupt|execute|comm_info)_reply$/.test(t), `unexpected ${t}`);
    assert.ok(!stray.includes('bogus_reply') && !stray.includes('shutdown_reply'), stray.join(','));
    assert.ok(!/terminate called|Aborted|corrupted|double free/.test(k.stderr), k.stderr);
    const onControl = await k.execute('(globalThis as any).onControl');
    assert.equal(resultOf(onControl), undefined, 'an execute_request on control does not run');
  });

  it('answers a numeric header with nothing (not a reply whose parent is 5), and an unknown type with no reply', async () => {
    await k.shell.send(signed(k.signer, ['5', '{}', '{}', '{}']));
    assert.equal(await k.shellReply(800), null);
    const unknown = await k.send('frobnicate_request', {});
    assert.equal(await k.shellReply(800), null, 'no frobnicate_reply');
    const statuses = await k.idleOf(unknown.header.msg_id, 5000);
    assert.deepEqual(statuses?.map((m) => m.content.execution_state), ['busy', 'idle'], 'busy and idle around it, as ipykernel');
  });

  it('loses no message over 2000 sequential executions', async () => {
    await k.execute('let counter = 0;');
    for (let i = 1; i <= 2000; i++) {
      const r = await k.execute(`counter += 1; console.log("n" + counter); counter`);
      assert.equal(r.reply.content.status, 'ok');
      const streams = r.iopub.filter((m) => m.header.msg_type === 'stream').map((m) => m.content.text).join('');
      assert.equal(streams, `n${i}\n`, `execution ${i}: stream output`);
      assert.equal(resultOf(r), String(i), `execution ${i}: result`);
    }
  });

  it('survives 1000 bad cells, answering a trivial cell after each with earlier variables intact', async () => {
    await k.execute('const survivor = 41;');
    const bad = [
      (i: number) => `const = ${i};`,                                        // syntax error
      (i: number) => `const s${i}: string = ${i};`,                           // type error
      (i: number) => `throw new Error("bad cell ${i}")`,                      // throw
      (i: number) => `Promise.reject(new Error("rejected ${i}")); ${i}`,      // unhandled rejection
      (i: number) => `function deep${i}(n: number): number { return deep${i}(n + 1) + 1; } deep${i}(0)`, // stack overflow
      (i: number) => `throw ${i}`,                                            // non-Error throw
      (i: number) => `undefinedName${i}.call()`,                              // unknown name
      (i: number) => `(null as any).x${i}`,                                   // TypeError at run time
      (i: number) => `await new Promise((_, rej) => setTimeout(() => rej(new Error("late ${i}")), 1))`, // rejected await
      (i: number) => (i % 100 === 9 ? 'console.log("x".repeat(10 * 1024 * 1024))' : `torch.ones(2).mm(torch.ones(${i % 5 + 3}, 2))`), // 10 MB output / runtime error
    ];
    for (let i = 0; i < 1000; i++) {
      const r = await k.execute(bad[i % bad.length](i));
      // An unhandled rejection does not fail its cell (it is reported on stderr), nor does a 10 MB print.
      const expectOk = i % 10 === 3 || i % 100 === 9;
      assert.equal(r.reply.content.status, expectOk ? 'ok' : 'error', `bad cell ${i}: ${bad[i % bad.length](i).slice(0, 60)}`);
      if (i % 100 === 9) {
        const text = r.iopub.filter((m) => m.header.msg_type === 'stream').map((m) => m.content.text).join('');
        assert.equal(text.length, 10 * 1024 * 1024 + 1);
      }
      const t = await k.execute('survivor + 1');
      assert.equal(t.reply.content.status, 'ok', `trivial cell after bad cell ${i}`);
      assert.equal(resultOf(t), '42', `trivial cell after bad cell ${i}`);
    }
  });
});
