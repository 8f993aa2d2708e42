// A notebook executed by `jupyter nbconvert --execute` with the torchlab kernel keeps every code
// cell's execution_count and outputs.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { kernelspecPrefix } from './harness';

describe('notebooks through jupyter nbconvert --execute', function () {
  this.timeout(120000);
  it('executes every cell with its count and outputs', () => {
    const { jupyterPath } = kernelspecPrefix();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-nb-'));
    const cell = (source: string) => ({ cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null });
    const nb = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: '# smoke' },
        cell('const x = torch.arange(6).reshape(2, 3);\nx'),
        cell('console.log(x.sum().item());'),
        cell('display(torch.ones(2)); x.t()'),
      ],
      metadata: { kernelspec: { name: 'torchlab', display_name: 'TypeScript (torchlab)', language: 'typescript' } },
      nbformat: 4, nbformat_minor: 4,
    };
    const file = path.join(dir, 'smoke.ipynb');
    fs.writeFileSync(file, JSON.stringify(nb));
    execFileSync('jupyter', ['nbconvert', '--to', 'notebook', '--execute', '--inplace', '--ExecutePreprocessor.timeout=60', file],
      { env: { ...process.env, JUPYTER_PATH: jupyterPath }, cwd: dir, stdio: 'pipe' });
    const out = JSON.parse(fs.readFileSync(file, 'utf8'));
    const code = out.cells.filter((c: { cell_type: string }) => c.cell_type === 'code');
    assert.deepEqual(code.map((c: { execution_count: number }) => c.execution_count), [1, 2, 3]);
    assert.equal(code[0].outputs[0].output_type, 'execute_result');
    const text = (t: string | string[]) => (Array.isArray(t) ? t.join('') : t);
    assert.equal(text(code[0].outputs[0].data['text/plain']), 'tensor([[0, 1, 2],\n        [3, 4, 5]])');
    assert.deepEqual(code[1].outputs.map((o: { text: string | string[] }) => text(o.text)), ['15\n']);
    assert.deepEqual(code[2].outputs.map((o: { output_type: string }) => o.output_type), ['display_data', 'execute_result']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('torchlab install', function () {
  // Install builds the startup snapshot when dist/ changed since it was built (5-6 s, more under load).
  this.timeout(120000);
  it('writes a kernelspec that jupyter kernelspec list shows, and uninstall removes it', () => {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-install-'));
    const cli = path.join(__dirname, '..', '..', 'kernel', 'src', 'cli.js');
    execFileSync(process.execPath, [cli, 'install', '--prefix', prefix]);
    const env = { ...process.env, JUPYTER_PATH: path.join(prefix, 'share', 'jupyter') };
    const list = () => JSON.parse(execFileSync('jupyter', ['kernelspec', 'list', '--json'], { env, encoding: 'utf8' })).kernelspecs;
    const spec = list().torchlab;
    assert.ok(spec, 'torchlab is listed');
    assert.equal(spec.spec.display_name, 'TypeScript (torchlab)');
    assert.equal(spec.spec.interrupt_mode, 'message');
    assert.equal(spec.spec.argv[0], process.execPath);
    // From the startup snapshot install built (test/kernel/snapshot.test.ts).
    assert.deepEqual(spec.spec.argv.slice(1), ['--snapshot-blob', path.join(__dirname, '..', '..', 'kernel.blob'), '{connection_file}']);
    assert.ok(fs.existsSync(path.join(spec.resource_dir, 'logo-64x64.png')));
    execFileSync(process.execPath, [cli, 'uninstall', '--prefix', prefix]);
    assert.equal(list().torchlab, undefined);
    fs.rmSync(prefix, { recursive: true, force: true });
  });
});
