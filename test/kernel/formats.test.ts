// Cells have torch.save / torch.load and torch.utils.tensorboard.SummaryWriter, typed, as the
// lectures use them (a notebook executed by jupyter nbconvert with the torchlab kernel).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { kernelspecPrefix } from './harness';

describe('files from cells: torch.save, torch.load, SummaryWriter', function () {
  this.timeout(120000);
  it('saves, loads and logs from notebook cells', () => {
    const { jupyterPath } = kernelspecPrefix();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-nb-files-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null });
    const nb = {
      cells: [
        cell([
          'const { SummaryWriter } = torch.utils.tensorboard;',
          'const writer = new SummaryWriter();',
          'for (let epoch = 0; epoch < 3; epoch++) writer.add_scalar("Loss/train", torch.tensor(1 / (epoch + 1)), epoch);',
          'writer.close();',
          'writer.get_logdir().split("_")[0].startsWith("runs/")',
        ].join('\n')),
        cell([
          'const model = new nn.Linear(3, 1);',
          "torch.save(model.state_dict(), 'model.pt');",
          'const copy = new nn.Linear(3, 1);',
          "copy.load_state_dict(torch.load('model.pt'))",
        ].join('\n')),
        cell("torch.load('model.pt', { map_location: 'cpu' }).get('bias')!.equal(model.bias)"),
      ],
      metadata: { kernelspec: { name: 'torchlab', display_name: 'TypeScript (torchlab)', language: 'typescript' } },
      nbformat: 4, nbformat_minor: 4,
    };
    const file = path.join(dir, 'files.ipynb');
    fs.writeFileSync(file, JSON.stringify(nb));
    try {
      execFileSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--inplace', '--ExecutePreprocessor.timeout=60', file],
        { env: { ...process.env, JUPYTER_PATH: jupyterPath }, cwd: dir, stdio: 'pipe' });
      const out = JSON.parse(fs.readFileSync(file, 'utf8'));
      const text = (t: string | string[]) => (Array.isArray(t) ? t.join('') : t);
      const results = out.cells.map((c: { outputs: { data?: Record<string, string | string[]> }[] }) => c.outputs.map((o) => text(o.data?.['text/plain'] ?? '')));
      assert.deepEqual(results, [['true'], ['<All keys matched successfully>'], ['true']]);
      const runs = fs.readdirSync(path.join(dir, 'runs'));
      assert.equal(runs.length, 1);
      assert.equal(fs.readdirSync(path.join(dir, 'runs', runs[0])).filter((f) => f.startsWith('events.out.tfevents.')).length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
