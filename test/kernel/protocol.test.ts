// The wire protocol directly over ZMQ: forged signatures, thousands of executions without a lost
// message, and 1000 bad cells that leave the kernel answering.
import { strict as assert } from 'assert';
import { Signer } from '../../kernel/src/wire';
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
