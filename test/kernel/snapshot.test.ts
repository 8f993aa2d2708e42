// The kernel's startup snapshot (kernel/src/snapshot.ts), built by `torchlab install`'s code for a
// copy of dist/ (so that making it stale leaves this checkout's blob alone): the kernel started
// from it compiles and runs cells as `node kernel.js` does, and a blob older than the kernel's
// files is not used (the kernel starts without it, and install builds it again).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RawKernel, root } from './harness';

describe('kernel startup snapshot', function () {
  this.timeout(300000);
  let copy: string;
  let cli: typeof import('../../kernel/src/cli');
  before(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'torchlab-snapshot-'));
    fs.cpSync(path.join(root, 'dist', 'kernel'), path.join(copy, 'dist', 'kernel'), { recursive: true, filter: (f) => !f.endsWith('.blob') });
    fs.symlinkSync(path.join(root, 'dist', 'runtime'), path.join(copy, 'dist', 'runtime'));
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    fs.copyFileSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
    cli = require(path.join(copy, 'dist', 'kernel', 'src', 'cli.js'));
  });
  after(() => fs.rmSync(copy, { recursive: true, force: true }));

  const resultOf = (r: Awaited<ReturnType<RawKernel['execute']>>) =>
    r.iopub.find((m) => m.header.msg_type === 'execute_result' || m.header.msg_type === 'error')?.content;

  async function session(args: string[]): Promise<{ results: unknown[]; stderr: string }> {
    const k = new RawKernel((file) => [...args, file]);
    await k.start();
    const results = [];
    // The process's command line names the blob; a process it forks runs its own module (process.execArgv has no blob).
    const fork = ['import * as cp from "child_process"; import * as fs from "fs";',
      `const f = ${JSON.stringify(path.join(copy, 'child.js'))}; fs.writeFileSync(f, "process.send(6 * 7)");`,
      'await new Promise((r) => cp.fork(f).on("message", r))'].join('\n');
    const cells = ['require("fs").readFileSync("/proc/self/cmdline", "utf8").split("\\0").includes("--snapshot-blob")',
      'const a = torch.arange(4)', 'a + 1', 'const n: number = "x"', 'a.view(3)', fork];
    for (const code of cells) {
      const c = resultOf(await k.execute(code, 60000));
      results.push(c?.data?.['text/plain'] ?? c?.traceback?.join('\n'));
    }
    await k.stop();
    return { results, stderr: k.stderr };
  }

  it('starts the kernel from the blob install builds, with the same results as without it', async () => {
    const args = cli.snapshotArgs(copy);
    assert.deepEqual(args, ['--snapshot-blob', path.join(copy, 'dist', 'kernel.blob')]);
    const withBlob = await session(args);
    const without = await session([path.join(copy, 'dist', 'kernel', 'src', 'kernel.js')]);
    assert.deepEqual(withBlob.results.slice(1), without.results.slice(1));
    assert.deepEqual(withBlob.results.slice(0, 3), ['True', undefined, 'tensor([1, 2, 3, 4])']);
    assert.match(String(withBlob.results[3]), /Type 'string' is not assignable to type 'number'/);
    assert.match(String(withBlob.results[4]), /^RuntimeError: .*\nCell In \[5\], line 1\n----> 1 a\.view\(3\)/);
    assert.equal(withBlob.results[5], '42');
    assert.equal(without.results[0], 'False');
    assert.equal(withBlob.stderr, '');
  });

  it('starts without a blob older than the kernel\'s files, and install builds it again', async () => {
    const blob = path.join(copy, 'dist', 'kernel.blob');
    const check = () => spawnSync(process.execPath, ['--snapshot-blob', blob], { encoding: 'utf8' });
    assert.equal(check().stdout, 'usable\n');
    const later = new Date(Date.now() + 10000);
    fs.utimesSync(path.join(copy, 'dist', 'kernel', 'src', 'transform', 'rewrite.js'), later, later);
    assert.equal(check().status, 1);
    const stale = await session(['--snapshot-blob', blob]);
    assert.match(stale.stderr, /startup snapshot is older than the kernel's files/);
    assert.deepEqual(stale.results.slice(0, 3), ['True', undefined, 'tensor([1, 2, 3, 4])']);
    assert.deepEqual(cli.snapshotArgs(copy), ['--snapshot-blob', blob]);
    assert.equal(check().stdout, 'usable\n');
  });
});
