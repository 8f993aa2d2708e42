// The course image as a course runs it: built from docker/Dockerfile on the Debian 12 base, started,
// and used through its Jupyter server's REST API with @jupyterlab/services: lecture 004 executes on
// a torchlab kernel inside the container.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { Engine, IMAGE, buildImage, engineEnv, engineRun, findEngine, root } from '../../scripts/image';
import { assertLectureRan, drawsFigure, runLecture, serverSettings, textOf } from './lecture';

describe('the course image (docker/Dockerfile on the Debian 12 base)', function () {
  this.timeout(60000);
  let engine: Engine;
  let container = '';
  let url = '';
  const token = randomBytes(16).toString('hex');
  const lectures = fs.readdirSync(path.join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();

  before(async function () {
    const found = findEngine();
    if (!found.engine) {
      console.log(`    skipped: no container engine can run containers here (${found.reason})`);
      this.skip();
    }
    engine = found.engine!;
    this.timeout(20 * 60000); // a fresh machine makes the Debian base first (about 3 minutes)
    buildImage({ engine, quiet: true });
    const started = Date.now();
    // podman stops the container itself if this process dies before `after` removes it.
    const limit = engine === 'podman' ? ['--timeout', '1800'] : [];
    container = engineRun(engine, ['run', '--detach', '--rm', ...limit, '--publish', '127.0.0.1::8888', '--env', `JUPYTER_TOKEN=${token}`, IMAGE]).trim();
    url = `http://${engineRun(engine, ['port', container, '8888/tcp']).trim().split('\n')[0]}`;
    for (;;) {
      try {
        if ((await fetch(`${url}/api/status?token=${token}`)).ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() - started > 60000) throw new Error(`the image's server did not answer in 60 s:\n${engineRun(engine, ['logs', container])}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`    the image's server answered ${((Date.now() - started) / 1000).toFixed(1)} s after \`${engine} run\``);
  });
  after(function () {
    if (container) spawnSync(engine, ['rm', '--force', container], { stdio: 'ignore', env: engineEnv() });
  });

  it('serves the lectures and registers the torchlab kernel, run by the Node it carries', async () => {
    const specs = await (await fetch(`${url}/api/kernelspecs?token=${token}`)).json() as { kernelspecs: Record<string, { spec: { argv: string[]; display_name: string } }> };
    const spec = specs.kernelspecs.torchlab?.spec;
    assert.ok(spec, `kernelspecs: ${Object.keys(specs.kernelspecs)}`);
    assert.equal(spec.display_name, 'TypeScript (torchlab)');
    // From the startup snapshot the image's install built, while its node is the one that built it
    assert.deepEqual([spec.argv[0], spec.argv.at(-1)], ['/bin/sh', '{connection_file}']);
    assert.ok(spec.argv[2].includes("exec '/usr/local/bin/node' '--snapshot-blob' '/opt/torchlab/dist/kernel.blob' \"$1\""), spec.argv[2]);
    assert.ok(spec.argv[2].endsWith("exec '/usr/local/bin/node' '/opt/torchlab/dist/kernel/src/kernel.js' \"$1\""), spec.argv[2]);
    const dir = await (await fetch(`${url}/api/contents/lectures?token=${token}`)).json() as { content: { name: string }[] };
    assert.deepEqual(dir.content.map((f) => f.name).sort(), lectures);
  });

  it('executes lecture 004 on a torchlab kernel through the REST API', async function () {
    this.timeout(10 * 60000);
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'notebooks', '004_review.ipynb'), 'utf8'));
    const { cells, before } = await runLecture(serverSettings(url, token), 'lectures/004_review.ipynb',
      ['process.version', 'torch.cuda.is_available()', 'process.cwd()']);
    assert.deepEqual(before.map(textOf), [`'${process.version}'`, 'False', "'/home/jovyan/lectures'"]);
    assertLectureRan(cells, { figures: drawsFigure(committed) });
  });

  it('has the lectures trusted for its user', () => {
    const check = 'import glob, nbformat, nbformat.sign as s; n = s.NotebookNotary(); ' +
      'print(sorted(f.split("/")[-1] for f in glob.glob("/home/jovyan/lectures/*.ipynb") if n.check_signature(nbformat.read(f, 4))))';
    const trusted = engineRun(engine, ['exec', container, 'python3', '-c', check]).trim();
    assert.equal(trusted, `[${lectures.map((l) => `'${l}'`).join(', ')}]`);
  });
});
