// torch.utils.tensorboard against PyTorch's own SummaryWriter (test/oracle/gen_tensorboard.py):
// the same program's event files are read by an independent reader (python3-crc32c checks every
// masked CRC) and decoded by Debian's protoc with the schema; the decoded events must equal
// PyTorch's, wall times aside.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { torch } from '../../runtime/src';
import { EVENT_PROTO, HPARAMS_PROTO } from '../../runtime/src/utils/tensorboard/schema';

const { SummaryWriter } = torch.utils.tensorboard;
const repo = path.join(__dirname, '..', '..', '..');
const fx = JSON.parse(fs.readFileSync(path.join(repo, 'test', 'fixtures', 'tensorboard.json'), 'utf8'));
const reader = path.join(repo, 'test', 'runtime', 'tfrecords.py');

let tmp: string;
let protoDir: string;

/** Every record of an event file, CRCs checked, as one `Events` message. */
const readRecords = (file: string): Buffer => execFileSync('/usr/bin/python3', [reader, file], { maxBuffer: 1 << 26 });

/** protoc's text form of the events, without wall times (they differ run to run). */
function decode(events: Buffer): string {
  const text = execFileSync('protoc', [`-I${protoDir}`, '-I/usr/include', '--decode=tensorboard.Events', 'tb_event.proto'], { input: events }).toString();
  return text.split('\n').filter((l) => !/^\s*wall_time:/.test(l)).join('\n');
}

function wrap(records: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const r of records) {
    const len: number[] = [];
    for (let n = r.length; ; n >>>= 7) { len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0)); if (n <= 0x7f) break; }
    parts.push(Buffer.from([0x0a, ...len]), r);
  }
  return Buffer.concat(parts);
}

/** Bytes from protoc's C-escaped text of a bytes field. */
function unescapeC(s: string): Buffer {
  const out: number[] = [];
  const simple: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, "'": 39, '\\': 92 };
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') { out.push(...Buffer.from(s[i], 'latin1')); continue; }
    const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1));
    if (oct) { out.push(parseInt(oct[0], 8)); i += oct[0].length; } else out.push(simple[s[++i]]);
  }
  return Buffer.from(out);
}

/**
 * The HParams plugin's content decoded in place, its hparams map entries sorted by key: protobuf
 * writes a map in an order of its own (Python's follows its hash table), so only the entries count.
 */
function hparamsContent(text: string): string {
  return text.replace(/plugin_name: "hparams"\n(\s*)content: "((?:[^"\\]|\\.)*)"/g, (_, indent, escaped) => {
    const decoded = execFileSync('protoc', [`-I${protoDir}`, '-I/usr/include', '--decode=tensorboard.hparams.HParamsPluginData', 'tb_hparams.proto'],
      { input: unescapeC(escaped) }).toString();
    const sorted = decoded.replace(/(?:^  hparams \{\n[\s\S]*?^  \}\n)+/m, (block) => block.split(/(?=^  hparams \{)/m).sort().join(''));
    return `plugin_name: "hparams"\n${indent}content {\n${sorted}}`;
  });
}

/** A histogram's sum and sum of squares taken out of the text, to be compared with a tolerance. */
function sums(text: string): { text: string; values: number[] } {
  const values: number[] = [];
  return { text: text.replace(/(\bsum(?:_squares)?): (\S+)/g, (_, k, v) => { values.push(Number(v)); return `${k}: ~`; }), values };
}

const eventFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.startsWith('events.out.tfevents.')).map((f) => path.join(dir, f));

describe('torch.utils.tensorboard.SummaryWriter', function () {
  this.timeout(60000);
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-tb-'));
    protoDir = path.join(tmp, 'proto');
    fs.mkdirSync(protoDir);
    fs.writeFileSync(path.join(protoDir, 'tb_event.proto'), `${EVENT_PROTO}\nmessage Events { repeated Event event = 1; }\n`);
    fs.writeFileSync(path.join(protoDir, 'tb_hparams.proto'), HPARAMS_PROTO);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("logs what PyTorch's SummaryWriter logs, in the same runs", () => {
    const inputs = fx.inputs;
    const base = path.join(tmp, 'run');
    const w = new SummaryWriter(base);
    inputs.losses.forEach((loss: number, step: number) => w.add_scalar('loss', loss, step));
    w.add_scalar('tensor', torch.tensor([2.5]), 1);
    w.add_scalar('double', 1 / 3, 2, { new_style: true, double_precision: true });
    w.add_scalar('float', 1 / 3, 3, { new_style: true });
    w.add_scalar('zero', 0.0, 0);
    w.add_scalars('run_14h', { xsinx: 0.25, xcosx: -1.5 }, 3);
    w.add_scalars('run_14h', { xsinx: 0.5, xcosx: -2.5 }, 4);
    w.add_histogram('weights', torch.tensor(inputs.weights, { dtype: torch.float32 }), 2);
    w.add_histogram('narrow', torch.tensor(inputs.narrow, { dtype: torch.float32 }), 1, { max_bins: 7 });
    w.add_histogram('ints', torch.tensor(inputs.ints), 0, { bins: 4 });
    w.add_text('note', inputs.text, 5);
    w.add_hparams({ lr: 0.1, bsize: 16, optimizer: 'adam', flag: true, skipped: null },
      { 'hparam/accuracy': 0.875, 'hparam/loss': 0.25 },
      { hparam_domain_discrete: { optimizer: ['adam', 'sgd'], bsize: [16, 32] }, run_name: 'hp' });
    w.add_scalar('after', 1.0, 9);
    w.close();
    const resumed = new SummaryWriter({ log_dir: path.join(tmp, 'resumed'), purge_step: 5 });
    resumed.add_scalar('loss', 0.5, 5);
    resumed.close();

    const runs = Object.keys(fx.runs);
    for (const run of runs) {
      const files = eventFiles(path.join(tmp, run));
      assert.equal(files.length, 1, `${run}: one event file`);
      const got = sums(hparamsContent(decode(readRecords(files[0]))));
      const want = sums(hparamsContent(decode(wrap(fx.runs[run].map((b: string) => Buffer.from(b, 'base64'))))));
      assert.equal(got.text, want.text, `${run}: events`);
      // numpy sums squares with BLAS's dot, whose order of additions is its own: equal to 1e-12.
      assert.equal(got.values.length, want.values.length);
      got.values.forEach((v, i) => assert.ok(Math.abs(v - want.values[i]) <= 1e-12 * Math.abs(want.values[i]), `${run}: sum ${v} vs ${want.values[i]}`));
    }
    const found = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())
      .flatMap((e) => [path.relative(tmp, path.join(dir, e.name)), ...found(path.join(dir, e.name))]);
    assert.deepEqual(['run', 'resumed', ...found(base)].sort(), runs.sort());
  });

  it('decodes to the values logged (scalars, histogram buckets, text)', () => {
    const dir = path.join(tmp, 'values');
    const w = new SummaryWriter({ log_dir: dir });
    w.add_scalar('acc', 0.75, 12);
    w.add_histogram('h', [0.5, 1.5, 1.5, 2.5], 3, { bins: [0, 1, 2, 3] });
    w.add_text('t', 'ünïcode');
    w.close();
    const text = decode(readRecords(eventFiles(dir)[0]));
    assert.match(text, /step: 12\n\s*summary \{\n\s*value \{\n\s*tag: "acc"\n\s*simple_value: 0.75\n/);
    // numpy.histogram over [0,1), [1,2), [2,3]: counts 1, 2, 1 with an empty bin to the left.
    assert.match(text, /bucket_limit: 0\n\s*bucket_limit: 1\n\s*bucket_limit: 2\n\s*bucket_limit: 3\n\s*bucket: 0\n\s*bucket: 1\n\s*bucket: 2\n\s*bucket: 1\n/);
    assert.match(text, /min: 0.5\n\s*max: 2.5\n\s*num: 4\n\s*sum: 6\n\s*sum_squares: 11\n/);
    assert.match(text, /tag: "t\/text_summary"/);
    assert.ok(text.includes(`string_val: "${[...Buffer.from('ünïcode')].map((b) => (b < 0x80 ? String.fromCharCode(b) : `\\${b.toString(8)}`)).join('')}"`), text);
  });

  it('names directories and files as PyTorch does', () => {
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      const w = new SummaryWriter({ comment: '_lr0.1' });
      w.close();
      assert.match(w.get_logdir(), new RegExp(`^runs/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\d{2}_\\d{2}-\\d{2}-\\d{2}_${os.hostname().replace(/\./g, '\\.')}_lr0\\.1$`));
      const [file] = eventFiles(w.get_logdir());
      assert.match(path.basename(file), new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${os.hostname().replace(/\./g, '\\.')}\\.${process.pid}\\.\\d+$`));
    } finally {
      process.chdir(cwd);
    }
  });

  it('buffers events and writes them on flush, per 8 KiB, every flush_secs and on close', () => {
    const dir = path.join(tmp, 'flush');
    const w = new SummaryWriter(dir);
    const [file] = eventFiles(dir);
    const records = () => (fs.statSync(file).size ? decode(readRecords(file)).match(/^event \{/gm)!.length : 0);
    assert.equal(records(), 1, 'the file version is written at once');
    w.add_scalar('a', 1, 1);
    w.add_scalar('a', 2, 2);
    assert.equal(records(), 1, 'two events pending');
    w.flush();
    assert.equal(records(), 3);
    const text = 'x'.repeat(3000);
    w.add_text('t', text, 1);
    w.add_text('t', text, 2);
    assert.equal(records(), 3, 'under 8 KiB pending');
    w.add_text('t', text, 3);
    assert.equal(records(), 6, 'over 8 KiB: written');
    w.add_scalar('a', 9, 9);
    w.close();
    assert.equal(records(), 7);
    w.close(); // a second close does nothing
    w.add_scalar('b', 1, 1); // a new file after close, as PyTorch
    w.close();
    assert.equal(eventFiles(dir).length, 2);
    // With flush_secs = 0 every event is due at once.
    const eager = new SummaryWriter(path.join(tmp, 'eager'), { flush_secs: 0 });
    eager.add_scalar('a', 1, 1);
    const [eagerFile] = eventFiles(path.join(tmp, 'eager'));
    assert.equal(decode(readRecords(eagerFile)).match(/^event \{/gm)!.length, 2);
    eager.close();
  });

  it("rejects what PyTorch's SummaryWriter rejects", () => {
    const w = new SummaryWriter(path.join(tmp, 'errors'));
    assert.throws(() => w.add_scalar('x', torch.ones(2)), { name: 'AssertionError', message: 'Tensor should contain one element (0 dimensions). Was given size: 2 and 1 dimensions.' });
    assert.throws(() => w.add_histogram('x', []), { name: 'ValueError', message: 'The input has no element.' });
    assert.throws(() => w.add_hparams([] as never, {}), { name: 'TypeError', message: 'hparam_dict and metric_dict should be dictionary.' });
    assert.throws(() => w.add_hparams({ a: [1] as never }, {}), { message: 'value should be one of int, float, str, bool, or torch.Tensor' });
    assert.throws(() => w.add_hparams({ a: 1 }, {}, { hparam_domain_discrete: { a: ['x'] } }),
      { name: 'TypeError', message: 'parameter: hparam_domain_discrete[a] should be a list of same type as hparam_dict[a].' });
    w.close();
  });
});
