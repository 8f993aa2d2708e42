// Lecture 001 as its notebook is written, on the `cuda` device (npm run test:gpu: headlessgl under
// xvfb-run), through the kernel: the GPU branch of its cells shows what the lecture shows on a GPU
// (True, tensors on cuda:0, PyTorch's two device errors word for word, the timing, Lightning on the
// GPU). headlessgl renders on the CPU (about 1 GFLOP/s), so the data are cut down: SST-2 to its first
// 256 training and 64 dev sentences, the benchmark's 1000x1000 tensor to 64x64 and its 300
// iterations to 3; the hand-written loop, which checks the dev set every 500 steps, is left out.
// Without a GPU the test is skipped (with TORCHLAB_GPU set, a missing GPU fails it).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { notebook, parsePercent } from '../../scripts/notebooks';
import { find_sst2 } from '../../runtime/src/text/sst2';
import { kernelspecPrefix } from '../kernel/harness';
import { needCuda } from '../runtime/cuda_suite';
import { cellById, displaysOf, errorsOf, fixture, readNotebook, root, stdoutOf, textOf } from './outputs';

const lecture = fixture.lecture as unknown as Record<string, Record<string, string>>;

describe("lecture 001's cells on cuda, through the kernel", function () {
  this.timeout(20 * 60000);
  let dir = '';
  after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it('show what the lecture shows on a GPU', function () {
    needCuda(this);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-lecture-gpu-'));
    const sst2 = path.join(dir, 'sst2');
    fs.mkdirSync(sst2);
    const head = (file: string, n: number) => fs.readFileSync(path.join(find_sst2(), file), 'utf8').split('\n').slice(0, n + 1).join('\n') + '\n';
    fs.writeFileSync(path.join(sst2, 'train.tsv'), head('train.tsv', 256));
    fs.writeFileSync(path.join(sst2, 'dev.tsv'), head('dev.tsv', 64));

    const cells = parsePercent(fs.readFileSync(path.join(root, 'notebooks', 'src', '001_ffn_gpu.ts'), 'utf8'), '001_ffn_gpu')
      .filter((c) => c.id !== 'ffn_training')
      .map((c) => ({ ...c, source: c.source.map((l) => l.replace('torch.rand([1000, 1000])', 'torch.rand([64, 64])').replace('i < 300', 'i < 3')) }));
    const shrunk = cells.flatMap((c) => c.source).join('');
    assert.ok(shrunk.includes('torch.rand([64, 64])') && shrunk.includes('i < 3;'), 'the benchmark is cut down');
    const file = path.join(dir, '001_ffn_gpu.ipynb');
    fs.writeFileSync(file, JSON.stringify(notebook(cells)));
    execFileSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--inplace', '--ExecutePreprocessor.timeout=1200', file],
      { env: { ...process.env, JUPYTER_PATH: kernelspecPrefix().jupyterPath, TORCHLAB_SST2_DIR: sst2 }, cwd: dir, stdio: 'pipe', maxBuffer: 1 << 26 });
    const nb = readNotebook(file);

    for (const c of nb.cells.filter((x) => x.cell_type === 'code')) assert.deepEqual(errorsOf(c), [], `an error in ${c.id}`);
    assert.equal(textOf(cellById(nb, 'cuda_available')).trim(), lecture['001_ffn_gpu'].cuda_available.trim());
    const [t, gt] = displaysOf(cellById(nb, 'rand'));
    assert.ok(!t.includes('device=') && gt.endsWith("device='cuda:0')"), `t on the CPU, gt on cuda:0:\n${gt}`);
    assert.equal(gt.replace(/,\n\s+device='cuda:0'\)$/, ')'), t, 'the same values on the GPU');
    assert.equal(textOf(cellById(nb, 'numpy_error')).trim(), lecture['001_ffn_gpu'].numpy_error.trim());
    assert.equal(textOf(cellById(nb, 'device_error')).trim(), lecture['001_ffn_gpu'].device_error.trim());
    const gpuBench = cellById(nb, 'benchmark_gpu');
    assert.match(stdoutOf(gpuBench), /^Elapsed time: \d+:\d\d:\d\d(\.\d{6})?\n$/);
    assert.match(displaysOf(gpuBench)[0], /device='cuda:0'\)$/);
    // Lightning takes the GPU by default: the lecture's CUDA line and accuracies on cuda:0.
    const fit = cellById(nb, 'lightning_fit');
    assert.ok(textOf(fit).includes('LOCAL_RANK: 0 - CUDA_VISIBLE_DEVICES: [0]'), textOf(fit));
    const printed = stdoutOf(fit).trim().split('\n');
    assert.equal(printed.length, 6, stdoutOf(fit));
    for (const line of printed) assert.match(line, /^(Validation|Training) accuracy: tensor\(\d\.\d{4}, device='cuda:0'\)$/);
  });
});
