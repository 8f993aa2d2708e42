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
    // From the startup snapshot install built (test/kernel/snapshot.test.ts) while node is the binary
    // that built it, else from kernel.js: the command each case would exec, with echo for exec.
    const [sh, c, command, ...args] = spec.spec.argv as string[];
    assert.deepEqual([sh, c, args], ['/bin/sh', '-c', ['torchlab', '{connection_file}']]);
    const runs = (cmd: string) => execFileSync(sh, [c, cmd.replace(/\bexec /g, 'echo '), 'torchlab', 'conn.json'], { encoding: 'utf8' }).trim().split('\n');
    const blob = path.join(__dirname, '..', '..', 'kernel.blob'), kernel = path.join(__dirname, '..', '..', 'kernel', 'src', 'kernel.js');
    assert.deepEqual(runs(command), [`${process.execPath} --snapshot-blob ${blob} conn.json`, `${process.execPath} ${kernel} conn.json`]);
    // another node binary at the same path: kernel.js only
    assert.deepEqual(runs(command.replace(/= '\d+ \d+'/, "= '1 1'")), [`${process.execPath} ${kernel} conn.json`]);
    assert.ok(fs.existsSync(path.join(spec.resource_dir, 'logo-64x64.png')));
    execFileSync(process.execPath, [cli, 'uninstall', '--prefix', prefix]);
    assert.equal(list().torchlab, undefined);
    fs.rmSync(prefix, { recursive: true, force: true });
  });
});
