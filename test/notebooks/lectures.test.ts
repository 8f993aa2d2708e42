// The five lectures (notebooks/src/*.ts), executed from their sources through the torchlab kernel
// with `jupyter nbconvert --execute`, at the lectures' full settings; and the executed notebooks
// committed in notebooks/. Both must show what PyTorch shows for the seeded cells (the oracle's
// fixture, test/oracle/gen_notebooks.py: the lectures' Python run with the same seeds), no error
// output, and where a run cannot equal the lecture's printout (unseeded training, a GPU, Lightning)
// accuracies within 0.02 of the lecture's and Lightning's summary with the lecture's numbers.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { notebook, parsePercent } from '../../scripts/notebooks';
import { kernelspecPrefix } from '../kernel/harness';
import {
  Notebook, cellById, checkAgainstFixture, codeCells, errorsOf, fixture, lectures, readNotebook, root, stdoutOf, textOf,
} from './outputs';

const lectureOutputs = fixture.lecture as unknown as Record<string, Record<string, string>>;

/** The accuracies a text prints, in order (`accuracy:0.849`, `Dev accuracy: 0.826`, `accuracy: tensor(0.8096, ...)`). */
export function accuracies(text: string): number[] {
  return [...text.matchAll(/accuracy:? ?(?:tensor\()?(\d\.\d+)/gi)].map((m) => Number(m[1]));
}

/**
 * The parameter counts and model size a Lightning summary shows, in order (`1.0 M`, `10.1 K`, `202`,
 * `4.124`); the progress bar's lines (`2217/2217 [...it/s, loss=0.308]`) are not the summary's.
 */
export function summaryNumbers(text: string): string[] {
  const summary = text.split('\n').filter((l) => !l.includes('it/s')).join('\n');
  return [...summary.matchAll(/\d+\.\d [KM]\b|\b\d\.\d{3}\b|\b202\b/g)].map((m) => m[0]);
}

/** Whether the notebook ran on a `cuda` device (lecture 001's first GPU cell shows True). */
function ranOnGpu(nb: Notebook): boolean { return textOf(cellById(nb, 'cuda_available')).trim() === 'True'; }

/** The checks every executed lecture passes, run on a fresh execution and on the committed notebook. */
function checkLecture(nb: Notebook, lecture: string): void {
  const code = codeCells(nb);
  assert.deepEqual(code.map((c) => c.execution_count), code.map((_, i) => i + 1), 'every code cell ran, in order');
  for (const c of code) {
    assert.deepEqual(errorsOf(c).map((e) => `${e.ename}: ${e.evalue}`), [], `an error output in ${c.id}`);
  }
  const gpu = lecture === '001_ffn_gpu' && ranOnGpu(nb);
  // On a GPU, lecture 001's device cells and its float32 sums differ from the CPU oracle's; they
  // are checked against the lecture's own output below.
  const gpuDependent = new Set(['cuda_available', 'numpy_error', 'device_error', 'rand', 'ffn_training']);
  const problems = checkAgainstFixture(nb, lecture).filter((p) => !(gpu && gpuDependent.has(p.split(':')[0])));
  assert.deepEqual(problems, [], `${lecture} differs from PyTorch's outputs`);

  const lectureText = lectureOutputs[lecture] ?? {};
  for (const [id, text] of Object.entries(lectureText)) {
    if (id === 'lightning_fit') continue;
    const cell = cellById(nb, id);
    if (['cuda_available', 'numpy_error', 'device_error'].includes(id)) {
      // The lecture ran on a GPU: its texts are what a `cuda` run shows.
      if (gpu) assert.equal(textOf(cell).trim(), text.trim(), `${id} as the lecture shows it`);
      continue;
    }
    // Our lines say which accuracies are an epoch's (within 0.02 of the lecture's) and which are the
    // dev checks every 500 steps (indented; within 0.03: the first comes early in training).
    const ours = textOf(cell).split('\n').filter((l) => accuracies(l).length).map((l) => ({ value: accuracies(l)[0], step: l.startsWith('\t') }));
    const theirs = accuracies(text);
    assert.equal(ours.length, theirs.length, `${id}: as many accuracies as the lecture prints`);
    ours.forEach(({ value, step }, i) => {
      assert.ok(Math.abs(value - theirs[i]) <= (step ? 0.03 : 0.02) + 1e-9, `${id}: accuracy ${i} is ${value}, the lecture's ${theirs[i]}`);
    });
  }
  if (lecture === '001_ffn_gpu') checkLightning(nb, lectureText.lightning_fit);
}

/** Lecture 001's Trainer.fit: the summary's numbers, the sanity check and four validations, the training accuracy. */
function checkLightning(nb: Notebook, lectureText: string): void {
  const cell = cellById(nb, 'lightning_fit');
  const all = textOf(cell);
  assert.deepEqual(summaryNumbers(all), summaryNumbers(lectureText), 'the model summary has the lecture\'s numbers');
  assert.ok(all.includes('`Trainer.fit` stopped: `max_epochs=1` reached.'), 'Lightning\'s fit-end message');
  const printed = stdoutOf(cell);
  const ours = accuracies(printed), theirs = accuracies(lectureText);
  assert.equal(ours.length, 6, `the sanity check, four validations and the training accuracy:\n${printed}`);
  assert.equal(theirs.length, 6);
  // The sanity check scores the untrained model on two batches: not compared. The validations
  // within the epoch (every quarter) within 0.03, the epoch's last validation and the training
  // accuracy within 0.02.
  for (let i = 1; i < 6; i++) {
    const tol = i < 4 ? 0.03 : 0.02;
    assert.ok(Math.abs(ours[i] - theirs[i]) <= tol + 1e-9, `Lightning accuracy ${i} is ${ours[i]}, the lecture's ${theirs[i]}`);
  }
}

describe('the committed lectures (notebooks/*.ipynb)', () => {
  for (const lecture of lectures) {
    it(`${lecture}: built from notebooks/src, executed, with PyTorch's outputs`, () => {
      const nb = readNotebook(path.join(root, 'notebooks', `${lecture}.ipynb`));
      const built = parsePercent(fs.readFileSync(path.join(root, 'notebooks', 'src', `${lecture}.ts`), 'utf8'), lecture);
      const src = (c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join('') : c.source);
      assert.deepEqual(nb.cells.map((c) => [c.cell_type, c.id, src(c)]), built.map((c) => [c.cell_type, c.id, src(c)]),
        `notebooks/${lecture}.ipynb is not notebooks/src/${lecture}.ts executed: run make notebooks`);
      checkLecture(nb, lecture);
    });
  }
});

describe('the lectures executed through the kernel (jupyter nbconvert --execute)', function () {
  // Lectures 000 and 001 train on SST-2 at the lectures' settings (minutes on two cores).
  this.timeout(30 * 60 * 1000);
  let dir = '';
  let jupyterPath = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-lectures-'));
    jupyterPath = kernelspecPrefix().jupyterPath;
  });
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  for (const lecture of lectures) {
    it(`${lecture}: every cell runs and shows PyTorch's outputs`, () => {
      const cells = parsePercent(fs.readFileSync(path.join(root, 'notebooks', 'src', `${lecture}.ts`), 'utf8'), lecture);
      const file = path.join(dir, `${lecture}.ipynb`);
      fs.writeFileSync(file, JSON.stringify(notebook(cells)));
      const started = Date.now();
      execFileSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--inplace', '--ExecutePreprocessor.timeout=1800', file],
        { env: { ...process.env, JUPYTER_PATH: jupyterPath }, cwd: dir, stdio: 'pipe', maxBuffer: 1 << 26 });
      console.log(`      executed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      checkLecture(readNotebook(file), lecture);
    });
  }
});
