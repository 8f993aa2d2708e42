// Progress bars and live outputs: tqdm's text layout against tqdm itself (test/oracle/gen_progress.py),
// the throttle, one display id per output, and plain lines outside a kernel.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { format_meter, format_interval, format_num, format_num_padded, postfixString } from '../../runtime/src/progress/format';
import { LiveOutput } from '../../runtime/src/progress/live';
import { withKernel, Sent } from './fake_kernel';
import { Tqdm, ProgressGroup, tqdm } from '../../runtime/src/progress/tqdm';
import { LiveLossCurve } from '../../runtime/src/progress/curve';

const fx = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'progress.json'), 'utf8'));

/** Run fn in the fake kernel; what it displayed. */
const withPublisher = (fn: (sent: Sent[]) => void): Sent[] => withKernel(fn).sent;

describe('tqdm text layout (tqdm fixtures)', () => {
  it('format_meter: bars, percentages (ties to even), rates, s/it, hours, unknown totals, ncols', () => {
    for (const m of fx.meters) {
      const got = format_meter(m.n, m.total, m.elapsed, { prefix: m.prefix, postfix: m.postfix ?? undefined, ncols: m.ncols ?? undefined });
      assert.equal(got.text, m.text, JSON.stringify(m));
      assert.equal(got.left, m.left, `left of ${m.text}`);
      assert.equal(got.right, m.right, `right of ${m.text}`);
    }
  });
  it('format_interval and format_num', () => {
    for (const [t, want] of Object.entries(fx.intervals)) assert.equal(format_interval(Number(t)), want);
    for (const [v, isFloat, want] of fx.nums) assert.equal(format_num(v, isFloat), want, `format_num(${v})`);
  });
  it("set_postfix's string", () => {
    for (const p of fx.postfixes) {
      const items = Object.fromEntries(p.items.map(([k, v, f]: [string, string | number, boolean]) => [k, typeof v === 'number' ? { value: v, float: f } : v]));
      assert.equal(postfixString(items, format_num), p.postfix);
    }
  });
  // Lightning's Tqdm.format_num (pytorch_lightning 1.9, callbacks/progress/tqdm_progress.py, class
  // Tqdm): floats and strings are padded with zeros to _PAD_SIZE = 5 characters, unless in
  // scientific notation; ints are tqdm's. (pytorch_lightning is not installed for the oracle.)
  it("Lightning's padded format_num", () => {
    assert.equal(format_num_padded(0.8, true), '0.800');
    assert.equal(format_num_padded(0.805, true), '0.805');
    assert.equal(format_num_padded(1.0, true), '1.000');
    assert.equal(format_num_padded(12, false), '12');
    assert.equal(format_num_padded(1e-5, true), '1e-5');
    assert.equal(format_num_padded('abc'), 'abc');
    assert.equal(format_num_padded('2'), '2.000');
  });
});

describe('live outputs', () => {
  it('a bar group is one display id: first shown, then updated in place, never more often than the throttle allows', () => {
    let now = 0;
    const sent = withPublisher(() => {
      const group = new ProgressGroup({ clock: () => now });
      const bar = new Tqdm({ desc: 'Epoch 0', total: 1000, group });
      for (let i = 0; i < 1000; i++) { now += 2; bar.update(1); } // 1000 updates in 2 s
      bar.close();
    });
    assert.ok(sent.length >= 15 && sent.length <= 25, `${sent.length} messages for 2 s at 0.1 s`);
    assert.equal(new Set(sent.map((s) => s.display_id)).size, 1);
    assert.deepEqual(sent.map((s) => s.update), [false, ...Array(sent.length - 1).fill(true)]);
    const last = sent[sent.length - 1].bundle;
    assert.match(String(last['text/plain']), /^Epoch 0: 100%\|██████████\| 1000\/1000 \[/);
    assert.match(String(last['text/html']), /<span>Epoch 0: 100%<\/span>.*#4caf50.*1000\/1000 \[/);
  });

  it('the interval grows with age, so an hour-long run sends under 3000 updates', () => {
    let now = 0, n = 0;
    withPublisher((sent) => {
      const out = new LiveOutput({ clock: () => now });
      for (; now < 3600e3; now += 10) out.update(() => ({ 'text/plain': 'x' }));
      n = sent.length;
    });
    assert.ok(n > 1000 && n < 2000, `${n} updates in an hour`);
  });

  it('a validation bar (leave: false) disappears when closed; the main bar stays', () => {
    const sent = withPublisher(() => {
      let now = 0;
      const group = new ProgressGroup({ clock: () => now });
      const main = new Tqdm({ desc: 'Epoch 0', total: 10, group });
      now += 1000;
      const val = new Tqdm({ desc: 'Validation', total: 2, leave: false, group });
      now += 1000;
      val.update(2);
      val.close();
      main.update(10);
      main.close();
    });
    const text = String(sent[sent.length - 1].bundle['text/plain']);
    assert.equal(text.split('\n').length, 1);
    assert.match(text, /^Epoch 0: 100%/);
    assert.ok(sent.some((s) => String(s.bundle['text/plain']).split('\n').length === 2));
  });

  it('prints plain lines outside a kernel', () => {
    const lines: string[] = [];
    let now = 0;
    const group = new ProgressGroup({ clock: () => now, write: (s) => lines.push(s) });
    const bar = new Tqdm({ desc: 'Epoch 0', total: 100, group });
    for (let i = 0; i < 100; i++) { now += 500; bar.update(1); } // 50 s
    bar.close();
    assert.ok(lines.length >= 5 && lines.length <= 8, `${lines.length} lines`);
    assert.ok(lines.every((l) => l.endsWith('\n') && !l.includes('<div')));
    assert.match(lines[lines.length - 1], /^Epoch 0: 100%\|██████████\| 100\/100 /);
  });

  it('tqdm(iterable) counts iterations of anything with __len__ or length', () => {
    const sent = withPublisher(() => { let s = 0; for (const x of tqdm([1, 2, 3], { desc: 'sum' })) s += x; assert.equal(s, 6); });
    assert.match(String(sent[sent.length - 1].bundle['text/plain']), /^sum: 100%\|██████████\| 3\/3 /);
  });

  it('a live loss curve is one figure updated in place, drawn from at most 500 points per series', () => {
    const sent = withPublisher(() => {
      const curve = new LiveLossCurve({ minInterval: 0 });
      for (let i = 0; i < 2000; i++) curve.log({ train_loss: 1 / (i + 1) }, i);
      curve.log({ val_loss: 0.5 }, 1999);
      curve.close();
      const fig = curve.figure().toPlotly();
      const xs = (fig.data[0] as { x: number[] }).x;
      assert.ok(xs.length <= 500 && xs.length > 300, `${xs.length} points drawn`);
      assert.equal(xs[0], 0);
      assert.equal(xs[xs.length - 1], 1999);
    });
    assert.equal(new Set(sent.map((s) => s.display_id)).size, 1);
    assert.ok(sent.length > 1);
    assert.ok('application/vnd.plotly.v1+json' in sent[sent.length - 1].bundle);
    assert.equal(sent[0].update, false);
  });
});
